// builtins/pure.hpp — builtins that are pure functions of their arguments (and the file
// system): printf, test/[, echo. They return output as a string so the caller decides
// where it goes (stdout, or a variable for printf -v).
#pragma once

#include <string>
#include <vector>

namespace fdsh::builtins {

/// Output of a builtin that does not touch shell state. The caller writes `out` to fd 1 and
/// prints each error as "fdsh: LOCATION: <error>".
struct PureIo {
  std::string out;                  ///< bytes for standard output
  std::vector<std::string> errors;  ///< messages without prefix or newline
};

/// printf (XCU printf plus bash's %q %b %(fmt)T). argv[0] is "printf".
int run_printf(const std::vector<std::string>& argv, PureIo& io);
/// test and [ (XCU test plus bash's ==, <, >, -nt, -ot, -ef). argv[0] is "test" or "[".
int run_test(const std::vector<std::string>& argv, PureIo& io);
/// echo. `xpg`: escapes always interpreted and no options but -n (dash, set -o posix);
/// otherwise bash's -n -e -E.
int run_echo(const std::vector<std::string>& argv, PureIo& io, bool xpg);
/// Decodes backslash escapes of echo -e and printf %b; sets `stop` at \c.
std::string decode_escapes(const std::string& s, bool& stop, bool printf_b);

}  // namespace fdsh::builtins
