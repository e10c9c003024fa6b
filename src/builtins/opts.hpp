// builtins/opts.hpp — the one way builtins read their options: `-abc` combined, `-n 2` and
// `-n2`, `--` ends options, a lone `-` is an operand; unknown options and bad numbers get
// the standard messages ("NAME: -x: invalid option", "NAME: abc: invalid number").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fdsh::exec {
struct BuiltinContext;
}

namespace fdsh::builtins {

class OptParser {
 public:
  /// `spec` lists the option letters; a letter followed by ':' takes an argument (getopt).
  OptParser(exec::BuiltinContext& cx, const std::vector<std::string>& argv, std::string_view spec);

  /// The next option letter; 0 when the options end (operands start at index()); '?' after
  /// reporting an unknown option or a missing argument (the builtin returns 2).
  char next();
  /// The argument of the option next() returned.
  const std::string& arg() const { return arg_; }
  /// The first operand.
  std::size_t index() const { return index_; }

  /// The current argument as a number in [min, max]; reports "NAME: TEXT: WHAT" otherwise
  /// (WHAT: "invalid number", "invalid file descriptor specification"...).
  std::optional<long> number(long min, long max, std::string_view what = "invalid number") const;
  /// The current argument as an fd the builtin may read or write (0 or more).
  std::optional<int> fd() const;

 private:
  exec::BuiltinContext& cx_;
  const std::vector<std::string>& argv_;
  std::string_view spec_;
  std::size_t index_ = 1;
  std::size_t pos_ = 0;  ///< position inside a word of combined options
  std::string arg_;
};

}  // namespace fdsh::builtins
