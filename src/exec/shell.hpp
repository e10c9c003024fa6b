// exec/shell.hpp — the evaluator (XCU 2.9): control flow, functions, subshells, dispatch to
// builtins, functions and external programs, traps; it owns all shell state.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diag.hpp"
#include "exec/builtin.hpp"
#include "exec/frames.hpp"
#include "exec/interact.hpp"
#include "exec/io.hpp"
#include "exec/session.hpp"
#include "exec/traps.hpp"
#include "expand/expand.hpp"
#include "jobs/jobs.hpp"
#include "os/process.hpp"
#include "os/redirect.hpp"
#include "os/terminal.hpp"
#include "parse/parser.hpp"
#include "plan/plan.hpp"
#include "state/options.hpp"
#include "state/vars.hpp"

namespace fdsh::exec {

/// Control flow that leaves the code being run by unwinding: every kind carries the status
/// it ends with. (break, continue and return are not exceptions: Frames::flow carries them
/// to the loop or function they end.)
struct ControlFlow {
  explicit ControlFlow(int s) : status(s) {}
  int status;
};

/// Leaves the shell (or a subshell) with a status: `exit`, fatal errors.
struct ShellExit : ControlFlow {
  using ControlFlow::ControlFlow;
};

/// Abandons one command but not the rest of the list (failglob).
struct CommandFailed : ControlFlow {
  using ControlFlow::ControlFlow;
};

/// Aborts the current command line (expansion errors in an interactive shell, special
/// builtin errors, Ctrl-C in a loop of builtins).
struct CommandAbort : ControlFlow {
  using ControlFlow::ControlFlow;
};

/// Leaves the prompt's input when Ctrl-C is pressed while a command is typed (130), or a
/// history expansion fails (the status stays as it was).
struct PromptInterrupt : ControlFlow {
  explicit PromptInterrupt(int s = 130) : ControlFlow(s) {}
};

class Shell;

/// A huge quoted here-document body, stored in a private nameless file as it is read.
struct SpillFile : ast::SpilledBody {
  os::Fd fd;  ///< private (close-on-exec, at 10 or above)
  bool append(std::string_view text) override;
  ~SpillFile() override;
  /// A new spill file, or null if none can be made (the body then stays in memory).
  static std::shared_ptr<ast::SpilledBody> make(const std::string& tmpdir);
};
/// The shell.
class Shell : public expand::Host {
 public:
  Shell();
  ~Shell() override;

  /// Runs fdsh with its command line; returns the exit status.
  int main(int argc, char** argv);
  /// How fdsh was started (the command line).
  struct Invocation {
    std::string command;  ///< -c text
    std::string script;   ///< script file
    bool have_c = false, force_stdin = false, dump_ast = false, force_interactive = false;
    interact::StartupFlags startup;  ///< login shell, --norc, --noprofile, --rcfile
  };

  // ---- evaluation ----
  /// Executes a node; returns its status.
  int execute(const ast::Node& n);
  /// Parses and runs text (eval, trap actions, -c); `name` names it in messages.
  int run_text(const std::string& text, const std::string& name, std::uint32_t first_line = 1);
  /// Runs a script from a reader, one complete command at a time.
  int run_reader(lex::Reader& r, bool top_level);
  /// Runs a file in the current shell (the `.` builtin).
  int source_file(const std::string& path, const std::vector<std::string>* args);
  /// Calls a function.
  int call_function(const Function& f, std::vector<std::string>& argv);
  /// Runs an external command (no builtin or function lookup).
  int execute_external(std::vector<std::string>& argv) { return run_external(argv, {}, plan::CommandPlan{}); }
  /// Runs the traps of signals received since the last call; returns the last such signal (0: none).
  int run_pending_traps();
  /// Runs the action of trap `sig` (a signal or Traps::kErr/kDebug/kReturn) now, unless a
  /// trap is running; $? is kept.
  void run_trap(int sig);
  /// True when trap `sig` applies at this depth: at top level always, in a function only
  /// with set -E (ERR) or set -T (DEBUG, RETURN), as in bash.
  bool traps_in_function(int sig) const;
  /// Runs the EXIT trap once and exits the process (or throws in a subshell context).
  [[noreturn]] void exit_shell(int status);

  // ---- fd plans (for `fds --plan`) ----
  /// True when `node` is a simple command that could be started without forking the shell
  /// (its words and redirection targets expand without side effects; see exec/direct.cpp).
  bool direct_candidate(const ast::Node& node);
  /// True when every stage of p would be spawned by os::spawn_pipeline (no side effects).
  bool pipeline_spawnable(const ast::Pipeline& p);
  /// True when an external program with this plan can be spawned (vfork + exec): no {var}
  /// step, and no open that could wait (a FIFO, a device, a socket) — those run in a fork.
  bool spawnable(const plan::CommandPlan& plan);
  /// For a direct candidate: expands its words into argv and returns the program's path,
  /// or "" when it is a builtin, a function or not runnable.
  std::string direct_program(const ast::Node& node, std::vector<std::string>& argv);
  /// The steps of `rs` without running anything: targets that expand without side effects
  /// are expanded; the others are listed in `unexpanded`, never opened as literal text.
  void preview_redirs(const std::vector<ast::Redir>& rs, plan::CommandPlan& plan, std::vector<std::string>& unexpanded);

  // ---- messages ----
  /// Prints "fdsh: FILE:LINE:COL: msg" for the current command.
  void error(const std::string& msg);
  /// Location of the command being executed.
  diag::Location location() const;
  /// How messages name the text `p` is in ("f.sh", "f.sh:3: eval"); the running text when
  /// `p` has no source.
  std::string source_of(const ast::Pos& p) const;
  /// "SOURCE:LINE:COL" of `p`, for trace lines.
  std::string where(const ast::Pos& p) const;
  /// Writes to fd 1 / fd 2; returns false on error (and reports it for stdout). After a
  /// write error (other than a closed pipe) the running builtin writes no more, reports it
  /// once and ends with status 1 if it would have succeeded.
  bool out(std::string_view s);
  void err(std::string_view s);
  /// Runs a builtin, turning a write error in its output into a failure status.
  int call_builtin(const Builtin& bi, std::vector<std::string>& argv);
  /// The context builtins get: the streams and the shell's state objects.
  BuiltinContext context();
  /// Routes builtin input and output through `s` (null: the shell's fds); returns the old one.
  Streams* set_streams(Streams* s);

  // ---- expand::Host ----
  std::optional<std::string> lookup(const std::string& name) override;
  const std::vector<std::string>& positional() override { return frames.params; }
  std::vector<std::string> array_values(const std::string& name, bool& is_array) override;
  std::vector<std::string> array_keys(const std::string& name) override;
  std::optional<std::string> array_get(const std::string& name, const std::string& index) override;
  void assign(const std::string& name, const std::string& value) override;
  std::string command_subst(const ast::NodePtr& cmd) override;
  std::string process_subst(const ast::NodePtr& cmd, bool input) override;
  const state::Options& options() override { return opts; }
  std::vector<std::string> names_with_prefix(const std::string& prefix) override;
  [[noreturn]] void fail(ast::Pos pos, const std::string& message) override;
  [[noreturn]] void fail_command(ast::Pos pos, const std::string& message) override;
  std::string attributes(const std::string& name) override;
  const std::string* ifs() override {
    state::Var* v = vars.find("IFS");
    return v && v->is_set() && !v->is_array() ? &v->value : nullptr;
  }
  std::string prompt(const std::string& text) override { return expand_prompt(text); }
  std::optional<std::string> get_var(std::string_view name) override;
  std::string set_var(std::string_view name, const std::string& value) override;
  std::optional<std::string> get_element(std::string_view name, std::int64_t index) override;
  std::string set_element(std::string_view name, std::int64_t index, const std::string& value) override;
  bool is_assoc(std::string_view name) override;
  std::optional<std::string> get_key(std::string_view name, const std::string& key) override;
  std::string set_key(std::string_view name, const std::string& key, const std::string& value) override;

  // ---- variables ----
  /// Assigns a variable, reporting readonly errors; returns false on error.
  bool set_variable(const std::string& name, const std::string& value, bool report = true);
  /// Assigns to an array element (NAME[index]).
  bool set_array_element(const std::string& name, const std::string& index, const std::string& value);
  /// Replaces an array's contents.
  bool set_array(const std::string& name, const std::vector<std::string>& values, bool append);
  /// Parameter expansion, command substitution and arithmetic of a prompt string (PS1, PS4).
  std::string expand_prompt(const std::string& text);
  /// Evaluates an arithmetic expression string.
  std::int64_t arith_string(const std::string& expr);
  /// Resolves a command name through PATH (with the hash table); empty if not found.
  std::string find_command(const std::string& name, bool use_hash = true);
  /// The environment for a child: exported variables plus `extra` NAME=value overrides.
  std::vector<std::string> child_env(const std::vector<std::string>& extra = {});
  /// Sets or clears a `set -o` option with side effects (monitor, fdtrace...).
  void set_option(bool* opt, bool on);
  // Start-up (exec/startup.cpp): variables, the command line, then the input.
  void init_variables();
  /// Functions passed by an fdsh parent with export -f (BASH_FUNC_name%%), when vouched for.
  void import_functions(const std::vector<std::pair<std::string, std::string>>& defs);
  /// Makes sure child processes can tell that this shell's exported functions are its own:
  /// the user's secret goes into FDSH_FUNC_TOKEN (exported).
  void vouch_for_functions();
  std::optional<int> parse_invocation(int argc, char** argv, Invocation& inv);
  std::optional<int> short_options(const std::string& a, int argc, char** argv, int& i, Invocation& inv);
  int run_command_string(const Invocation& inv);
  int run_script_file(const Invocation& inv);
  int run_stdin(const Invocation& inv);
  /// Turns the fd trace on: to a private copy of fd 2, or of the fd FDSH_TRACEFD names
  /// (an unusable value is reported and fd 2 is used). False if no copy could be made.
  bool start_fdtrace();

  // ---- processes ----
  /// Waits for a child pid; returns its shell status. Runs traps while waiting.
  int wait_for(int pid);
  /// Waits for a foreground command's process (under job control, as a job of its own,
  /// listed as `text` if it stops); returns its status.
  int wait_command(int pid, const std::string& text);
  /// Waits for a job; returns its status.
  int wait_job(jobs::Job& j, bool interruptible, bool* interrupted = nullptr);
  /// Reaps finished background children without blocking.
  void reap_background();
  /// Forks a subshell child; in the child runs `fn` and exits. Returns the child pid.
  /// `group` (job control): 0 puts the child in a new process group, >0 in that group.
  template <class F>
  int fork_subshell(F&& fn, bool async, const char* why, int group = -1);
  /// In a new child process: subshell set-up, fn, and exit with its status. `keep_jobs`: a
  /// subshell or command substitution, where `jobs` still lists the parent's jobs (bash).
  [[noreturn]] void child_body(const std::function<int()>& fn, bool async, bool keep_jobs = false);
  /// Prepares state in a freshly forked child.
  void enter_child(bool async, bool keep_jobs = false);

  // ---- job control (exec/jobctl.cpp) ----
  /// True when commands run as jobs in process groups of their own: `set -m`, and not in a
  /// subshell (subshells run their commands in their own group, as bash does).
  bool job_control() const { return opts.monitor && !session.in_subshell; }
  /// The process group a new job's processes join: 0 (a new group) under job control, else -1.
  int job_group() const { return job_control() ? 0 : -1; }
  /// The terminal fd a new foreground job takes the terminal on (-1: none, the shell does
  /// not own the terminal's foreground).
  int job_terminal() const;
  /// Interactive start-up: waits to be in the foreground, takes its own process group and
  /// the terminal, notes the terminal's modes.
  void init_job_control();
  /// Gives the terminal back to the group that had it when the shell started.
  void end_job_control();
  /// Runs a started foreground job to its end or its stop (adds it to the job table while it
  /// runs); returns its status (128+signal when it stopped). `statuses`: per process.
  int run_foreground(jobs::Job j, std::vector<int>* statuses = nullptr);
  /// Waits for a job of the table in the foreground (fg): the terminal goes to it and comes
  /// back; stopped, it stays in the table (reported); ended, it leaves the table.
  int wait_foreground(int id, std::vector<int>* statuses = nullptr);
  /// Interactive: reaps children that changed state (without blocking) and prints the state
  /// of every job that stopped or ended since it was last reported (before a prompt, after a
  /// foreground job, at once with `set -b`).
  void notify_jobs();
  /// When Ctrl-C ended a foreground job or reached the shell: runs the INT trap, or
  /// abandons the command line (CommandAbort 130). Called between commands.
  void check_interrupt();
  /// `exit` or end of input with stopped jobs: the first time, says "There are stopped jobs."
  /// and returns true (the shell stays); again right after, returns false. `command`: `exit`.
  bool refuse_exit(bool command);
  /// Sends a signal to a job: its process group, or each of its processes; false if none got it.
  bool signal_job(const jobs::Job& j, int sig);
  /// The shell is going away: stopped jobs get SIGHUP and SIGCONT; with `all` (the shell
  /// got SIGHUP) every job not disowned with -h gets SIGHUP.
  void hangup_jobs(bool all);
  /// Sets a signal back to what the shell itself wants when no trap is set: caught or
  /// ignored in an interactive shell, the inherited disposition otherwise.
  void untrap_signal(int sig);

  /// Closes the process-substitution fds opened since `mark`.
  void close_procsubs(std::size_t mark);

 private:
  friend struct ExecAccess;
  // ---- state, by concern ----
  state::Vars vars;     ///< variables and their scopes
  state::Options opts;  ///< set -o / shopt
  Traps traps;
  jobs::JobTable jobs;
  Frames frames;        ///< positional parameters, calls, loops, location
  Commands cmds;        ///< functions, aliases, hashed programs
  Results results;      ///< $?, PIPESTATUS, $_, $!
  Io io;                ///< builtin streams, script fd, procsub fds
  Session session;      ///< this process and its session
  Terminal term;        ///< the terminal under job control, interrupts, exit warnings

  /// After a loop body: consumes a break/continue aimed at this loop; true when the loop must stop.
  bool loop_should_stop();
  int run_list(const ast::List& l);
  int run_and_or(const ast::AndOr& a);
  int run_pipeline(const ast::Pipeline& p);
  /// Starts `cmd` as a process without forking the shell first, its plan beginning with
  /// `wiring` (the pipe ends or /dev/null it gets), when that is indistinguishable from a
  /// forked subshell running it (see exec/direct.cpp). Returns its pid; 0 when it finished
  /// without a process (a redirection target did not expand), with `status` set; -1 when the
  /// command must run in a forked subshell.
  /// `async`: an asynchronous list (SIGINT and SIGQUIT ignored without job control).
  /// Starts a pipeline whose every stage is a spawnable external program with
  /// os::spawn_pipeline (the shell never holds its pipe ends); false when a stage is not.
  void spawn_pipeline_all(const ast::Pipeline& p, bool async, bool null_stdin, std::vector<int>& pids,
                          std::vector<int>& ready);
  /// Starts every stage of a pipeline: pids[i] > 0, or the stage ended at once with status
  /// ready[i]. With lastpipe_frame the last stage is not started: its stdin is set up in the
  /// shell inside that frame. async: a background job (stdin /dev/null without job control).
  void start_pipeline(const ast::Pipeline& p, bool async, os::UndoFrame* lastpipe_frame, std::vector<int>& pids,
                      std::vector<int>& ready);
  /// The spawn request for an external program with its fd plan and message prefixes;
  /// `group` as in fork_subshell (a foreground job's child also takes the terminal).
  os::SpawnRequest spawn_request(const std::string& path, const std::vector<std::string>& argv,
                                 std::vector<std::string> env, const plan::CommandPlan& plan, bool async,
                                 int group = -1);
  int spawn_direct(const ast::Node& cmd, const plan::CommandPlan& wiring, int& status, bool async = false,
                   int group = -1);
  int run_simple(const ast::Simple& s);
  // The parts of run_simple (exec/simple.cpp).
  std::vector<std::string> declaration_args(const ast::Simple& s, expand::Expander& ex, const std::string& cmd0);
  int run_assignments_only(const ast::Simple& s);
  int run_special_builtin(const ast::Simple& s, const Builtin& bi, std::vector<std::string>& argv);
  int run_in_shell(const ast::Simple& s, const Builtin* bi, const Function* fn, std::vector<std::string>& argv);
  int run_external_command(const ast::Simple& s, std::vector<std::string>& argv);
  int run_if(const ast::If& n);
  int run_while(const ast::While& n);
  int run_for(const ast::For& n);
  int run_arith_for(const ast::ArithFor& n);
  int run_select(const ast::Select& n);
  int run_case(const ast::Case& n);
  int run_subshell(const ast::Subshell& n);
  int run_cond(const ast::CondCmd& n);
  int run_time(const ast::Time& n);
  int run_coproc(const ast::Coproc& n);
  int run_async(const ast::NodePtr& n);
  /// Runs an external program (PATH search, 126/127) with `plan` applied in its process.
  int run_external(std::vector<std::string>& argv, const std::vector<std::string>& env_extra,
                   const plan::CommandPlan& plan);
  /// Starts `path` with `plan` applied in the child: spawned between vfork and exec when
  /// every step can be done there without waiting, else in a forked child. Returns the pid,
  /// or 0 with `status` set when nothing was started.
  /// `group` as in fork_subshell.
  int start_external(const std::string& path, std::vector<std::string>& argv, std::vector<std::string> env,
                     const plan::CommandPlan& plan, bool async, int& status, int group = -1);
  /// Replaces this process with the program (a file without #! runs as a script); never returns.
  [[noreturn]] void exec_program(const std::string& path, std::vector<std::string>& argv,
                                 const std::vector<std::string>& env);
  /// True when every step of `plan` can run between vfork and exec (no {var} forms, no
  /// FIFO, device or socket to open).
  static bool opens_without_waiting(const std::string& path);
  int execute_node(const ast::Node& n);
  bool cond_eval(const ast::CondExpr& e);
  /// Expands and applies redirections to the shell, one at a time; false (with a message) on failure.
  bool apply_redirs(const std::vector<ast::Redir>& rs, os::UndoFrame* frame);
  /// Expands every redirection target (none is opened) and appends the steps to `plan`.
  bool plan_redirs(const std::vector<ast::Redir>& rs, plan::CommandPlan& plan);
  /// Applies a plan to the shell itself (with a frame: undone later; without: for good).
  bool apply_plan(const plan::CommandPlan& plan, os::UndoFrame* frame);
  /// One redirection's steps, its target expanded; false (with a message) on failure.
  bool redir_steps(const ast::Redir& r, expand::Expander& ex, std::vector<os::FdStep>& steps);
  /// Applies one step to the shell, reporting a failure; sets the variable of a {var} form.
  bool apply_step(const os::FdStep& st, os::UndoFrame* frame);
  void xtrace(const std::vector<std::string>& assigns, const std::vector<std::string>& argv);
  int do_assignments(const std::vector<ast::Assign>& as, bool exporting, std::vector<std::string>* env_out,
                     std::vector<std::pair<std::string, std::optional<state::Var>>>* saved);
  void check_errexit(int status);
  /// After `n` failed: the ERR trap, where set -e would act on it.
  void run_err_trap(const ast::Node& n);

  bool exec_last = false;  ///< the current simple command may exec directly (nothing runs after it)
  int errexit_suppressed = 0;
  bool errexit_pending_skip_ = false;
  const ast::Node* job_node_ = nullptr;  ///< the simple command run_external runs (its job's text)
  std::unordered_map<std::string, ast::NodePtr> trap_cache_;
  std::uint64_t env_gen_ = ~0ull;
  std::vector<std::string> env_cache_;
};

/// A command's text on one line, as job listings show it ("( exit 3 )", "while true; do :; done").
std::string job_text(const ast::Node& n);
/// Quotes a string for reuse as shell input (set, export -p, alias, trap -p).
std::string quote(const std::string& s);
/// Quotes with single quotes even when not needed (alias listings).
std::string quote_always(const std::string& s);

}  // namespace fdsh::exec
