// lex/lexer.hpp — tokens of the shell grammar (XCU 2.3, 2.10.1): words with their
// quoting and expansions already structured, operators including the fd forms
// (2>&1, 3>&1-, {var}>, &>, <<<), and here-document bodies (XCU 2.7.4).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diag.hpp"
#include "lex/reader.hpp"

namespace fdsh::lex {

enum class Tok : std::uint8_t {
  Word, Newline, Eof,
  AndIf, OrIf, DSemi, SemiAnd, DSemiAnd, Semi, Amp, Pipe, PipeAmp, LParen, RParen,
  Less, Great, DGreat, Clobber, LessAnd, GreatAnd, LessGreat, DLess, DLessDash, TLess,
  AndGreat, AndDGreat,
};

/// Human-readable spelling of a token type ("&&", "newline", "end of file").
const char* tok_name(Tok t);

/// One token. Redirection operators carry their optional fd number or {var} name.
struct Token {
  Tok type = Tok::Eof;
  ast::Word word;
  ast::Pos pos;
  int io_number = -1;
  std::string io_var;
  std::size_t begin = 0;  ///< offset of the first character in the main source
  std::size_t end = 0;    ///< offset just past the last character (here-document bodies excluded)
};

/// True if the word is a single unquoted literal equal to `s`.
bool word_is(const ast::Word& w, std::string_view s);
/// The unquoted literal text of a word if it has no quoting or expansions.
bool word_literal(const ast::Word& w, std::string& out);
/// Quote-removed text of a word that has no expansions (here-doc delimiters); sets `quoted`.
std::string word_plain_text(const ast::Word& w, bool& quoted);

class Lexer;
/// Parses a command list up to and including the closing ')' of $( ... ).
using SubParser = std::function<ast::NodePtr(Lexer&)>;
/// Parses a complete program text (for backquotes).
using TextParser = std::function<ast::NodePtr(const std::string& text, ast::Pos at)>;
/// Parses the body of a here-document with an unquoted delimiter into word parts.
using HeredocParser = std::function<ast::Word(const std::string& body, ast::Pos at)>;

/// What a failed attempt at arithmetic costs the backtracking budget: the characters it
/// read again, and the nesting levels its failure unwound (far dearer than a character).
inline std::size_t retry_cost(std::size_t chars, int depth) {
  return chars + 8 * (static_cast<std::size_t>(depth > 0 ? depth : 0) + 1);
}

/// Turns characters into tokens on demand.
class Lexer {
 public:
  Lexer(Reader& r, SubParser sub, TextParser text, HeredocParser heredoc = {})
      : r_(r), sub_(std::move(sub)), text_(std::move(text)), heredoc_(std::move(heredoc)) {}
  /// Source offsets where `$((` or `((` turned out not to be arithmetic (each is tried once).
  bool not_arith(std::size_t offset) const { return not_arith_.count(offset) != 0; }
  void mark_not_arith(std::size_t offset) { not_arith_.insert(offset); }
  /// The backtracking budget (see parse::kMaxRetryWork); null: unlimited.
  void set_retry_budget(std::size_t* left) { retry_left_ = left; }
  /// Charges `cost` to the budget; throws a syntax error at `p` when it runs out.
  void charge_retry(std::size_t cost, ast::Pos p);
  /// True once the budget has run out: every attempt then fails for good.
  bool retry_exhausted() const { return retry_left_ && *retry_left_ == 0; }
  /// Where huge quoted here-document bodies go (empty: kept in memory).
  void set_spill(ast::SpillFactory f) { spill_ = std::move(f); }
  /// Scans here-document body text at the current position into parts (XCU 2.7.4).
  ast::Word scan_heredoc_body(ast::Pos at);

  /// Reads the next token.
  Token next();
  /// The reader underneath.
  Reader& reader() { return r_; }
  /// Registers a here-document whose body starts after the next newline.
  void add_heredoc(std::shared_ptr<ast::HereDoc> h) { pending_.push_back(std::move(h)); }
  /// True when here-document bodies are still to be read.
  bool heredocs_pending() const { return !pending_.empty(); }
  /// Reads all pending here-document bodies now (at a newline or end of input).
  void read_heredocs();
  /// Throws a syntax error at `p`.
  /// Throws a syntax error at `p`; `width` > 1 underlines that many characters.
  [[noreturn]] void error(ast::Pos p, const std::string& msg, std::uint32_t width = 0);
  /// Parses a [[ ]] word: like a normal word but '(' ')' '<' '>' are handled by the caller.
  /// Reads raw text up to "))" for (( ... )) and for ((;;)); returns the parts.
  ast::Word read_arith_until_close(ast::Pos start);
  /// Skips blanks (not newlines).
  void skip_blanks();
  /// Scans a $-expansion at the current position as inside double quotes (here-documents).
  void scan_dollar_public(ast::Word& w) { scan_dollar(w, true); }
  /// Scans a backquoted command substitution as inside double quotes (here-documents).
  void scan_backquote_public(ast::Word& w) { scan_backquote(w, true); }
  /// Enables `!(...)` extended glob recognition.
  void set_extglob(bool on) { extglob_ = on; }
  /// Follows a live option instead (shopt -s extglob takes effect for the next line).
  void set_extglob_flag(const bool* flag) { extglob_live_ = flag; }

 private:
  Token next_token(std::size_t& begin);
  Token scan_operator(int c, ast::Pos p);
  void scan_word(ast::Word& w, bool at_token_start);
  void scan_single_quote(ast::Word& w, ast::Pos p);
  void scan_dollar_single(ast::Word& w, ast::Pos p);
  void scan_double_quote(ast::Word& w, ast::Pos p);
  void scan_dollar(ast::Word& w, bool in_dq);
  void scan_backquote(ast::Word& w, bool in_dq);
  void scan_brace_param(ast::Word& w, bool in_dq, ast::Pos p);
  // The pieces of ${...}, in lexer_words.cpp.
  bool scan_param_name(ast::Param& pr);
  void scan_param_index(ast::Param& pr, ast::Pos p);
  void scan_param_length(ast::Param& pr, ast::Pos p);
  void scan_param_bang(ast::Param& pr, ast::Pos p);
  void scan_param_op(ast::Param& pr, bool in_dq, ast::Pos p);
  void scan_param_arg(ast::Param& pr, ast::ParamOp op, bool in_dq, ast::Pos p);
  void scan_param_pattern(ast::Param& pr, ast::ParamOp small, ast::ParamOp large, char ch, bool in_dq,
                          ast::Pos p);
  void scan_param_colon(ast::Param& pr, bool in_dq, ast::Pos p);
  void scan_param_replace(ast::Param& pr, bool in_dq, ast::Pos p);
  void scan_param_transform(ast::Param& pr, ast::Pos p);
  void scan_param_word(ast::Word& out, bool in_dq, bool pattern, const char* stops, ast::Pos p);
  bool try_arith(ast::Word& w, ast::Pos p);
  void scan_arith_parts(ast::Word& out, ast::Pos p, bool& ok);
  void scan_cmdsub(ast::Word& w, ast::Pos p, ast::WordPart::Kind kind);
  void scan_extglob(ast::Word& w);
  void read_one_heredoc(ast::HereDoc& h);

  Reader& r_;
  SubParser sub_;
  TextParser text_;
  HeredocParser heredoc_;
  ast::SpillFactory spill_;
  std::unordered_set<std::size_t> not_arith_;
  std::vector<std::shared_ptr<ast::HereDoc>> pending_;
  int depth_ = 0;
  std::size_t* retry_left_ = nullptr;
  bool extglob_ = false;
  const bool* extglob_live_ = nullptr;
};

/// Appends text to a word, merging with a trailing part of the same kind.
void append_part(ast::Word& w, ast::WordPart::Kind k, std::string_view text, ast::Pos p = {});
/// Parses here-document body text (unquoted delimiter) into word parts (XCU 2.7.4).
ast::Word parse_heredoc_text(const std::string& body, const std::string& name, ast::Pos at,
                             const SubParser& sub, const TextParser& text);

}  // namespace fdsh::lex
