// os/process.hpp — starting and waiting for processes: posix_spawn for external commands,
// fork for subshells, process groups and the terminal's foreground group.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "os/redirect.hpp"
#include "util/result.hpp"

namespace fdsh::os {

/// What to start, and every fd the new program gets: `fds` is the command's fd plan,
/// applied in the child between vfork and exec, in order (the shell's own fd table is not
/// touched). The child inherits the shell's inheritable fds; the plan's Take steps hand it
/// fds the shell holds privately (pipe ends, /dev/null); Data steps become private sources
/// prepared before the fork.
struct SpawnRequest {
  std::string path;                ///< resolved executable path
  std::vector<std::string> argv;
  std::vector<std::string> env;    ///< NAME=value strings
  int pgid = -1;                   ///< -1: the shell's group; 0: a new group; >0: join it
  /// With a pgid of 0 or more: the terminal whose foreground group the child's group becomes
  /// before the exec (a foreground job under job control), or -1.
  int tty_fd = -1;
  std::vector<FdStep> fds;         ///< the fd plan (no {var} steps: those belong to the shell)
  /// Per step of `fds`: the prefix of a message the child writes to its own fd 2 when the
  /// step fails ("fdsh: script:3:9: "). Without one the child fails silently.
  std::vector<std::string> fd_where;
  /// Prefix of the message the child writes when exec fails ("fdsh: script:3:1: cmd: ");
  /// empty: the child exits silently and spawn() returns the error.
  std::string exec_where;
  bool script_fallback = true;     ///< ENOEXEC: run the file as a script with fdsh itself
  bool ignore_int_quit = false;    ///< an asynchronous list without job control: SIGINT and SIGQUIT ignored
  /// spawn_pipeline only: a stage that is a subshell. The spawner forks it (a copy of the
  /// shell, as fork() makes); the child applies `fds`, closes the spawner's pipe ends,
  /// unblocks signals and calls this, which must not return. `path` is then only a label.
  const std::function<void()>* run = nullptr;
};

/// Starts a program; returns its pid. A failing fd step or exec is reported by the child
/// itself (status 1 for a redirection, 126/127 for exec) when the request has message
/// prefixes; otherwise spawn() returns the error.
Result<int> spawn(const SpawnRequest& req);
/// The processes of a pipeline started by spawn_pipeline.
struct PipelineStart {
  std::vector<int> pids;  ///< per stage; 0 for a stage that was not started
  int pipe_errno = 0;     ///< a pipe could not be made: the stages after it were not started
};
/// Starts every stage of a pipeline without the shell's fd table ever holding a pipe end:
/// a vforked spawner makes each pipe in its own table, starts the stages as children of
/// the shell (clone with CLONE_PARENT: programs with CLONE_VM | CLONE_VFORK up to their
/// exec, subshell stages as copies of the shell) and execs the last stage itself when it
/// is a program. A stage's Take steps with src -1 get the pipe ends (fd 0: the previous pipe's
/// read end; 1 and 2: the next pipe's write end). A stage with an empty path is not
/// started (its redirections failed); the last such stage exits with status 1.
/// `group`: -1 the shell's process group, 0 a new group led by the first stage.
Result<PipelineStart> spawn_pipeline(const std::vector<SpawnRequest>& stages, int group);
/// True when spawn_pipeline can be used: vfork shares the parent's memory here (it does on
/// Linux; under an emulator such as valgrind it is a plain fork). Probed once.
bool pipeline_spawner_available();
/// Runs a filter program: `input` on its stdin, its stdout collected. Returns the shell
/// status and the output (used by `fds --svg` to run Graphviz).
Result<std::pair<int, std::string>> run_filter(const std::string& path, const std::vector<std::string>& argv,
                                               const std::vector<std::string>& env, std::string_view input);
/// Replaces the current process image (`exec`); returns only on failure.
SysError exec_replace(const std::string& path, const std::vector<std::string>& argv,
                      const std::vector<std::string>& env);
/// fork(); returns 0 in the child, the pid in the parent. `why` labels the trace line
/// ("subshell", "pipeline stage", "command substitution"...).
Result<int> fork_process(const char* why);
/// Ends the process at once without running destructors or flushing (in children).
[[noreturn]] void exit_now(int status);

/// Outcome of a wait.
struct WaitStatus {
  int pid = 0;      ///< 0 when nothing changed (WNOHANG)
  int raw = 0;      ///< the wait status
  bool exited() const;
  bool signaled() const;
  bool stopped() const;
  bool continued() const;
  int exit_code() const;
  int term_signal() const;
  bool core_dumped() const;
  /// The shell's status: exit code, or 128+signal.
  int shell_status() const;
};
/// waitpid(); `eintr_returns` makes an interrupting signal return an error with errno EINTR;
/// `continued` also reports a stopped child that was continued (WCONTINUED).
Result<WaitStatus> wait_pid(int pid, bool nohang, bool untraced, bool eintr_returns, bool continued = false);

/// Puts pid into process group pgid (0 = its own).
void set_pgid(int pid, int pgid);
/// Makes pgid the foreground group of the terminal fd.
void set_foreground(int tty_fd, int pgid);
/// The terminal's foreground process group, or -1.
int foreground_group(int tty_fd);
/// Sends a signal; returns false with errno set on failure.
bool send_signal(int pid, int sig);
/// Path of the running fdsh binary (for running scripts without #!).
std::string self_exe();
/// getpid / getppid / getpgrp.
int pid();
int parent_pid();
int process_group();

}  // namespace fdsh::os
