// jobs/jobs.hpp — the job table (XCU 2.9.3.1 asynchronous lists, `jobs`, `fg`, `bg`, `wait`):
// processes started by the shell, their statuses, and job-id resolution (%1 %+ %- %str).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fdsh::jobs {

/// One process of a job.
struct Proc {
  int pid = 0;
  bool done = false;
  bool stopped = false;
  int status = 0;   ///< shell status once done (exit code or 128+signal)
  int raw = 0;      ///< raw wait status
};

/// A pipeline or asynchronous list started by the shell.
struct Job {
  int id = 0;
  int pgid = 0;
  std::vector<Proc> procs;
  std::string command;
  bool notified = false;
  bool foreground = false;
  bool done() const;
  bool stopped() const;
  /// Status of the job: its last process's status.
  int status() const;
};

/// All jobs of the shell.
class JobTable {
 public:
  /// Adds a job; returns its id.
  int add(Job j);
  /// Records a wait status for pid; returns true if the pid belongs to a job.
  bool record(int pid, int raw, int shell_status, bool stopped, bool continued);
  /// Finds a job by id.
  Job* by_id(int id);
  /// Finds the job containing pid.
  Job* by_pid(int pid);
  /// Resolves a job spec (%1, %+, %%, %-, %name, %?text); nullptr if none.
  Job* resolve(const std::string& spec, std::string& error);
  /// Removes finished jobs that have been reported.
  void prune();
  /// Removes a job.
  void remove(int id);
  /// The current (+) and previous (-) job ids.
  int current() const;
  int previous() const;
  std::vector<Job>& all() { return jobs_; }
  /// Status of a reaped pid that was not part of a job (for `wait PID` after the fact).
  std::optional<int> reaped_status(int pid) const;
  void remember_reaped(int pid, int status);

 private:
  std::vector<Job> jobs_;
  std::vector<std::pair<int, int>> reaped_;
};

}  // namespace fdsh::jobs
