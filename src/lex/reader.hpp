// lex/reader.hpp — the character stream under the lexer: a growing source buffer
// (file, -c string, stdin, terminal lines), alias text pushed on top of it (XCU 2.3.1),
// line continuation (XCU 2.2.1), and 1-based line/column tracking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ast/ast.hpp"

namespace fdsh::lex {

/// Supplies more source text on demand; returns false at end of input.
using MoreInput = std::function<bool(std::string& append_to)>;

/// A character stream with alias frames and position tracking.
class Reader {
 public:
  /// `name` is the source name used in messages (script path, "-c", "stdin").
  Reader(std::string name, std::string text, MoreInput more = {});
  /// Numbers the text's lines from `line` (a trap action takes the line of the command that
  /// set it off, as $LINENO and BASH_LINENO show it). Call before reading.
  void set_first_line(std::uint32_t line) { line_ = first_line_ = line; }
  /// Positions of this text carry `id` (diag/sources.hpp).
  void set_source(diag::SourceId id) { source_ = id; }
  diag::SourceId source_id() const { return source_; }

  /// The character k positions ahead without line-continuation processing; -1 at end.
  int peek_raw(std::size_t k = 0);
  /// The current character after skipping any backslash-newline pairs; -1 at end.
  int cur();
  /// Consumes one character (as seen by peek_raw(0)).
  void advance();
  /// True at end of all input.
  bool at_end() { return peek_raw(0) < 0; }

  /// Position of the next character in the main source.
  ast::Pos pos() const { return {line_, col_, source_}; }
  /// Source name for messages.
  const std::string& name() const { return name_; }
  /// Text of 1-based line `line` of the main source (without newline), if still buffered.
  std::string line_text(std::uint32_t line) const;

  /// Pushes alias text to be read before the rest of the input.
  void push_alias(std::string text, std::string alias_name);
  /// True if alias `name` is being expanded at the current position (no recursion).
  bool alias_active(const std::string& name) const;
  /// True while reading alias text.
  bool in_alias() const { return !frames_.empty(); }
  /// True when the alias text just finished ended in a blank (check the next word too).
  bool alias_ended_with_blank() const { return last_alias_blank_; }
  void clear_alias_blank() { last_alias_blank_ = false; }

  /// A saved reading position (for the $(( backtrack).
  struct State {
    std::size_t pos;
    std::uint32_t line, col;
    std::size_t nframes;
    std::size_t top_pos;
  };
  State save() const;
  void restore(const State& s);

  /// Offset in the main source of the next unread character.
  std::size_t offset() const { return base_ + pos_; }
  /// Frees the text read before the current line once more than `keep` bytes of it are
  /// buffered, so a huge script (or here-document) is read in bounded memory. Lines before
  /// the current one are then no longer shown in messages.
  void forget_consumed(std::size_t keep = kKeepConsumed);
  static constexpr std::size_t kKeepConsumed = std::size_t{16} << 20;
  /// Drops the buffered text after the current position (the caller rewinds the fd);
  /// returns how many bytes were dropped.
  std::size_t drop_unread();
  /// After a syntax error at the prompt: drops alias text and the buffered rest of line
  /// `line` (up to and including its newline), without asking for more input.
  void skip_line(std::uint32_t line);
  /// True when no text is buffered beyond the current position.
  bool buffer_exhausted() const { return frames_.empty() && pos_ >= buf_.size(); }
  /// Asks for more input now; false at end.
  bool fill();

 private:
  diag::SourceId source_ = 0;
  struct Frame {
    std::string text;
    std::size_t pos = 0;
    std::string alias;
  };
  std::string name_;
  std::string buf_;
  std::size_t pos_ = 0;
  MoreInput more_;
  bool eof_ = false;
  std::vector<Frame> frames_;
  std::uint32_t line_ = 1, col_ = 1;
  std::size_t base_ = 0;              ///< offset in the main source of buf_[0]
  std::uint32_t first_line_ = 1;      ///< line number of line_starts_[0]
  std::vector<std::size_t> line_starts_{0};  ///< source offsets of lines first_line_...
  bool last_alias_blank_ = false;
};

}  // namespace fdsh::lex
