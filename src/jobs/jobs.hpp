// jobs/jobs.hpp — the job table (XCU 2.9.3.1 asynchronous lists, XCU 2.11 job control, `jobs`,
// `fg`, `bg`, `wait`): processes started by the shell, their states, which job is current
// (+) and previous (-), job-id resolution (%1 %+ %% %- %name %?text), and the lines `jobs`
// and the notifications print, spelt as bash spells them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fdsh::jobs {

/// One process of a job.
struct Proc {
  int pid = 0;      ///< 0: a stage that ended without a process (its status is set)
  bool done = false;
  bool stopped = false;
  int status = 0;   ///< shell status once done (exit code or 128+signal)
  int raw = 0;      ///< raw wait status (of the end, or of the last stop)
  std::string command;  ///< this stage's text (for `jobs -l`)
};

/// What a job is doing.
enum class State { Running, Stopped, Done };

/// A pipeline or asynchronous list started by the shell.
struct Job {
  int id = 0;
  int pgid = 0;
  std::vector<Proc> procs;
  std::string command;
  bool notified = false;    ///< done, and its end reported (or collected by `wait`)
  bool background = false;  ///< started with & or continued by bg: `jobs` shows " &"
  bool changed = false;     ///< stopped or ended since the last notification
  bool nohup = false;       ///< disown -h: no SIGHUP when the shell exits
  bool quiet = false;       ///< never listed nor notified (process substitutions)
  bool foreign = false;     ///< the parent shell's job, seen from a subshell: listed only
  std::uint64_t seq = 0;    ///< when it last started or stopped (ranks the current job)
  bool done() const;
  bool stopped() const;
  State state() const;
  /// Status of the job: its last process's status.
  int status() const;
};

/// All jobs of the shell.
class JobTable {
 public:
  /// Adds a job; returns its id. The parent's jobs a subshell still lists go first.
  int add(Job j);
  /// Records a wait status for pid; returns true if the pid belongs to a job. A job whose
  /// state changes (stopped, ended) is marked `changed`.
  bool record(int pid, int raw, int shell_status, bool stopped, bool continued);
  /// Marks a job running again (fg, bg).
  void resumed(Job& j);
  /// Finds a job by id.
  Job* by_id(int id);
  /// Finds the job containing pid.
  Job* by_pid(int pid);
  /// Resolves a job spec (%1, %+, %%, %-, %name, %?text); nullptr if none.
  Job* resolve(const std::string& spec, std::string& error);
  /// Removes finished jobs that have been reported (`wait PID` still finds their statuses).
  void prune();
  /// Removes a job.
  void remove(int id);
  /// The current (+) and previous (-) job ids, 0 for none: the most recently stopped jobs
  /// first, then the most recently started.
  int current() const;
  int previous() const;
  std::vector<Job>& all() { return jobs_; }
  /// Status of a reaped pid that was not part of a job (for `wait PID` after the fact).
  std::optional<int> reaped_status(int pid) const;
  void remember_reaped(int pid, int status);

 private:
  std::vector<const Job*> ranked() const;
  std::vector<Job> jobs_;
  std::vector<std::pair<int, int>> reaped_;
  std::uint64_t seq_ = 0;
};

/// The state word of a job: "Running", "Stopped", "Done", "Exit 3", "Terminated",
/// "Killed (core dumped)"... `detailed`: stops by a signal other than SIGTSTP say which
/// ("Stopped (signal)", "Stopped (tty input)"), as `jobs -l` does.
std::string state_word(const Job& j, bool detailed);
/// A job's line as `jobs` and the notifications print it: "[1]+  Stopped                 sleep 100".
/// `mark` is '+', '-' or ' '. `long_format`: with pids, one line per process (`jobs -l`).
std::string format_job(const Job& j, char mark, bool long_format);

}  // namespace fdsh::jobs
