// diag/diag.hpp — locations and the one error renderer:
// `fdsh: FILE:LINE:COL: message`, then the source line and a caret for syntax errors.
#pragma once

#include <cstdint>
#include <exception>
#include <string>

namespace fdsh::diag {

/// A point in a named source: 1-based line and column (0 = unknown), and the column just
/// past the text it designates on that line (0 = a point: the caret marks one character).
struct Location {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  std::uint32_t end_col = 0;
};

/// A user-facing error with a location; syntax errors carry the source line for the caret.
class Error : public std::exception {
 public:
  Error(Location loc, std::string message, std::string source_line = {}, bool syntax = false)
      : loc_(std::move(loc)), message_(std::move(message)), line_(std::move(source_line)), syntax_(syntax) {}
  const char* what() const noexcept override { return message_.c_str(); }
  /// Where the error happened.
  const Location& location() const { return loc_; }
  /// The message without prefix.
  const std::string& message() const { return message_; }
  /// The source line to show under the message (syntax errors), or empty.
  const std::string& source_line() const { return line_; }
  /// True for syntax errors (exit status 2).
  bool is_syntax() const { return syntax_; }

 private:
  Location loc_;
  std::string message_;
  std::string line_;
  bool syntax_;
};

/// Renders "fdsh: FILE:LINE:COL: message\n" (plus source line and caret when present).
std::string render(const Error& e);
/// Renders a message at a location without a caret.
std::string render(const Location& loc, std::string_view message);
/// The program name used as the prefix of every message ("fdsh").
extern std::string program_name;

}  // namespace fdsh::diag
