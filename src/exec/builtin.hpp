// exec/builtin.hpp — what a builtin is given: its streams and the pieces of shell state it
// may read or change, each a small class of its own; `shell` is there only for evaluator
// operations (running text, calling functions, finding programs, waiting).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exec/frames.hpp"
#include "exec/io.hpp"
#include "exec/session.hpp"
#include "exec/traps.hpp"
#include "jobs/jobs.hpp"
#include "state/options.hpp"
#include "state/vars.hpp"

namespace fdsh::exec {

class Shell;

/// The context of one builtin call. Output goes through `streams` (the shell's fds, or
/// strings in unit tests); a write error other than a closed pipe is reported once and
/// makes the builtin fail (see Shell::out).
struct BuiltinContext {
  Shell& shell;
  state::Vars& vars;
  state::Options& opts;
  Traps& traps;
  jobs::JobTable& jobs;
  Frames& frames;
  Commands& cmds;
  Results& results;
  Session& session;
  Io& io;

  /// Writes to fd 1; false on error.
  bool out(std::string_view s);
  /// Writes to fd 2.
  void err(std::string_view s);
  /// Prints "fdsh: FILE:LINE:COL: msg" for the command running the builtin.
  void error(const std::string& msg);
  /// Reads at most `n` bytes of `fd` through the streams; 0 at end of input.
  Result<long> read(int fd, char* buf, unsigned long n, bool restart = true) {
    return io.streams->read(fd, buf, n, restart);
  }
  bool wait_readable(int fd, double seconds) { return io.streams->wait_readable(fd, seconds); }
  /// An error of a special builtin (XCU 2.8.1): in POSIX mode ends a non-interactive shell
  /// with `status`, except under `command`; else (and in bash mode) returns `status`.
  int special_error(int status);
};

/// A builtin: argv[0] is its name.
using BuiltinFn = int (*)(BuiltinContext&, std::vector<std::string>&);

/// Kinds of builtin (XCU 2.14 special builtins keep assignments and exit on errors).
enum class BuiltinKind { Special, Regular };

/// A registry entry (builtins/registry.cpp holds the table).
struct Builtin {
  const char* name;
  BuiltinKind kind;
  BuiltinFn fn;
  const char* help;
  bool declaration = false;  ///< a declaration utility (set from ast::is_declaration_utility)
};

/// Looks up a builtin by name.
const Builtin* find_builtin(std::string_view name);
/// Every builtin, sorted by name.
const std::vector<Builtin>& all_builtins();

}  // namespace fdsh::exec
