// exec/session.hpp — the shell's command tables, the results of the last commands, and
// facts about this shell process and session.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ast/ast.hpp"
#include "os/fd.hpp"
#include "os/terminal.hpp"
#include "interactive/history.hpp"

namespace fdsh::exec {

/// A function definition kept alive with its source name.
struct Function {
  std::shared_ptr<ast::FuncDef> def;
  std::string source;
  bool exported = false;  ///< export -f: children get BASH_FUNC_name%% (fdsh imports none)
};

/// Names a command word can resolve to besides builtins: functions, aliases and the
/// remembered locations of programs (`hash`).
struct Commands {
  std::unordered_map<std::string, Function> funcs;
  std::map<std::string, std::string> aliases;
  std::unordered_map<std::string, std::string> hash;

  /// Functions marked with export -f.
  int exported_functions = 0;

  void remove_function(const std::string& name) {
    auto it = funcs.find(name);
    if (it == funcs.end()) return;
    if (it->second.exported) --exported_functions;
    funcs.erase(it);
  }

  const Function* function(const std::string& name) const {
    auto it = funcs.find(name);
    return it == funcs.end() ? nullptr : &it->second;
  }
};

/// What the last commands left: $?, PIPESTATUS, the status of the last command
/// substitution, and $_.
struct Results {
  int status = 0;                       ///< $?
  std::vector<std::string> pipestatus;  ///< PIPESTATUS of the last pipeline
  int cmdsub_status = -1;               ///< of the current command's last $( ), -1: none
  std::string last_arg;                 ///< $_: last argument of the previous simple command
  std::string pending_last_arg;         ///< $_ of the command now running
  int bg_pid = -1;                      ///< $!
};

/// This shell process and its session.
struct Session {
  bool interactive = false;
  bool in_subshell = false;  ///< a forked copy of the shell (not the main shell)
  bool exiting = false;      ///< the EXIT trap has run or is running
  int subshell_level = 0;    ///< BASH_SUBSHELL
  bool functions_vouched = false;  ///< FDSH_FUNC_TOKEN set for export -f (see Shell::vouch_for_functions)
  int pid = 0;               ///< $$ (the main shell's pid, also in subshells)
  double start_time = 0;     ///< for SECONDS
  std::uint32_t random_state = 0;  ///< RANDOM
  /// The prompt's next line starts a command (PS1), or continues one (PS2).
  bool prompt_new_command = true;
  std::vector<std::string> dir_stack;  ///< pushd/popd
  interactive::History history;        ///< commands typed (history, fc, `!`), see exec/interact.hpp
};

/// Job control's hold on the terminal, and the interrupt and exit bookkeeping of an
/// interactive shell.
struct Terminal {
  os::Fd tty;                  ///< private copy of the controlling terminal
  os::TtyModes modes;          ///< the shell's terminal modes, put back after a stopped or killed job
  os::TtyModes start_modes;    ///< the modes at start-up, when a program left the terminal raw
  int original_group = -1;     ///< the terminal's foreground group before the shell took it
  bool interrupted = false;    ///< a foreground job ended by SIGINT (the shell did not get it)
  bool interrupt_echo = false; ///< the shell itself got SIGINT: a newline before the prompt
  int exit_warned_at = -1;     ///< top-level command number of the last "There are stopped jobs."
  int top_commands = 0;        ///< top-level commands read so far
};

}  // namespace fdsh::exec
