// builtins/procs.cpp — kill and wait (XCU utilities) on processes and jobs.
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>

#include "builtins/shell_builtins.hpp"
#include "os/process.hpp"
#include "os/signals.hpp"
#include "os/sys.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;

int bi_kill(BuiltinContext& cx, std::vector<std::string>& argv) {
  int sig = SIGTERM;
  std::size_t i = 1;
  if (i < argv.size() && (argv[i] == "-l" || argv[i] == "-L")) {
    if (i + 1 >= argv.size()) {
      std::string line;
      for (int s = 1; s <= os::signals::max_signal(); ++s) {
        std::string n = os::signals::name(s);
        if (n.empty()) continue;
        cx.out(n + "\n");
      }
      return 0;
    }
    int st = 0;
    for (std::size_t k = i + 1; k < argv.size(); ++k) {
      const std::string& a = argv[k];
      if (!a.empty() && a.find_first_not_of("0123456789") == std::string::npos) {
        int n = std::atoi(a.c_str());
        if (n > 128) n -= 128;
        std::string nm = n == 0 ? std::string("EXIT") : os::signals::name(n);
        if (nm.empty()) {
          cx.error("kill: " + a + ": invalid signal specification");
          st = 1;
        } else {
          cx.out(nm + "\n");
        }
      } else {
        int n = os::signals::number(a);
        if (n < 0) {
          cx.error("kill: " + a + ": invalid signal specification");
          st = 1;
        } else {
          cx.out(std::to_string(n) + "\n");
        }
      }
    }
    return st;
  }
  if (i < argv.size() && (argv[i] == "-s" || argv[i] == "-n")) {
    if (i + 1 >= argv.size()) {
      cx.error("kill: " + argv[i] + ": option requires an argument");
      return 2;
    }
    sig = os::signals::number(argv[i + 1]);
    if (sig < 0) {
      cx.error("kill: " + argv[i + 1] + ": invalid signal specification");
      return 1;
    }
    i += 2;
  } else if (i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-' && argv[i] != "--") {
    sig = os::signals::number(argv[i].substr(1));
    if (sig < 0) {
      cx.error("kill: " + argv[i].substr(1) + ": invalid signal specification");
      return 1;
    }
    ++i;
  }
  if (i < argv.size() && argv[i] == "--") ++i;
  if (i >= argv.size()) {
    cx.error("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]");
    return 2;
  }
  int st = 0;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    int pid;
    if (!a.empty() && a[0] == '%') {
      std::string e;
      jobs::Job* j = cx.jobs.resolve(a, e);
      if (!j) {
        cx.error("kill: " + e);
        st = 1;
        continue;
      }
      // A stopped job gets SIGCONT after SIGTERM or SIGHUP, so that it ends (bash).
      if (!cx.shell.signal_job(*j, sig)) {
        cx.error("kill: (" + a + ") - " + std::strerror(errno));
        st = 1;
      } else if ((sig == SIGTERM || sig == SIGHUP) && j->stopped()) {
        cx.shell.signal_job(*j, SIGCONT);
      }
      continue;
    } else {
      char* end = nullptr;
      long v = std::strtol(a.c_str(), &end, 10);
      if (a.empty() || *end) {
        cx.error("kill: " + a + ": arguments must be process or job IDs");
        st = 1;
        continue;
      }
      pid = static_cast<int>(v);
    }
    if (!os::send_signal(pid, sig)) {
      cx.error("kill: (" + a + ") - " + std::strerror(errno));
      st = 1;
    }
  }
  return st;
}

// `wait` says when a job it collects was killed by a signal other than SIGINT and SIGPIPE
// (the expected ends of an interrupted or cut-off job) and, in a script, SIGTERM (the
// script's own `kill` ended it), as bash does.
void report_killed(BuiltinContext& cx, const jobs::Job& j) {
  if (j.procs.empty() || j.quiet || j.foreign) return;
  if (cx.shell.job_control()) {
    // Under job control a job `wait` collects is reported as a notification is: every job
    // in an interactive shell, one killed by a signal in a script (bash).
    if (!cx.session.interactive && !WIFSIGNALED(j.procs.back().raw)) return;
    char mark = j.id == cx.jobs.current() ? '+' : j.id == cx.jobs.previous() ? '-' : ' ';
    cx.err(jobs::format_job(j, mark, false));
    return;
  }
  const jobs::Proc& p = j.procs.back();
  if (!p.done || !WIFSIGNALED(p.raw)) return;
  int sig = WTERMSIG(p.raw);
  if (sig == SIGINT || sig == SIGPIPE || (sig == SIGTERM && !cx.session.interactive)) return;
  std::string core = WCOREDUMP(p.raw) ? " (core dumped)" : "";
  cx.error(std::to_string(p.pid) + " " + os::signals::description(sig) + core + "  " + j.command);
}

// The job a `wait` operand names: %spec or a pid (set in `pid`). A bad operand is reported
// and `bad` set to its status: 127 for an unknown job spec, 2 for text that is neither.
jobs::Job* wait_operand(BuiltinContext& cx, const std::string& a, int& bad, long& pid) {
  bad = 0;
  pid = -1;
  if (!a.empty() && a[0] == '%') {
    std::string e;
    jobs::Job* j = cx.jobs.resolve(a, e);
    if (!j) {
      cx.error("wait: " + e);
      bad = 127;
    }
    return j;
  }
  char* end = nullptr;
  pid = std::strtol(a.c_str(), &end, 10);
  if (a.empty() || *end) {
    cx.error("wait: '" + a + "': not a pid or valid job spec");
    bad = 2;
    return nullptr;
  }
  return cx.jobs.by_pid(static_cast<int>(pid));
}

int bi_wait(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::size_t i = 1;
  bool any = false;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "-n") any = true;
    else if (argv[i] == "-f") {
    } else if (argv[i] == "--") {
      ++i;
      break;
    } else {
      cx.error("wait: " + argv[i] + ": invalid option");
      return 2;
    }
  }
  if (any) {
    // wait -n [id...]: the next of those jobs (or of all jobs) to finish, in the order they
    // finish; one that has already finished and not been reported counts at once.
    std::vector<jobs::Job*> cands;
    bool explicit_ids = i < argv.size();
    for (; i < argv.size(); ++i) {
      int bad;
      long pid;
      jobs::Job* j = wait_operand(cx, argv[i], bad, pid);
      if (j && !j->notified) cands.push_back(j);
    }
    if (!explicit_ids)
      for (auto& j : cx.jobs.all())
        if (!j.notified) cands.push_back(&j);
    for (;;) {
      for (jobs::Job* j : cands) {
        if (!j->done()) continue;
        int st = j->status();
        report_killed(cx, *j);
        j->notified = true;
        cx.jobs.prune();
        return st;
      }
      if (cands.empty()) return 127;
      auto w = os::wait_pid(-1, false, cx.shell.job_control(), true);
      if (!w) {
        if (w.error().err != EINTR) return 127;
        int sig = cx.shell.run_pending_traps();
        return 128 + (sig ? sig : SIGINT);
      }
      if (!cx.jobs.record(w->pid, w->raw, w->shell_status(), w->stopped(), w->continued()))
        cx.jobs.remember_reaped(w->pid, w->shell_status());
    }
  }
  if (i >= argv.size()) {
    for (;;) {
      jobs::Job* next = nullptr;
      // Stopped jobs, and the parent's jobs a subshell lists, are not waited for.
      for (auto& j : cx.jobs.all())
        if (!j.done() && !j.stopped() && !j.foreign) {
          next = &j;
          break;
        }
      if (!next) break;
      bool intr = false;
      cx.shell.wait_job(*next, true, &intr);
      if (intr) {
        // The status of an interrupted wait is 128 + the signal that interrupted it.
        int sig = cx.shell.run_pending_traps();
        return 128 + (sig ? sig : SIGINT);
      }
      report_killed(cx, *next);
    }
    for (auto& j : cx.jobs.all()) j.notified = true;
    cx.jobs.prune();
    return 0;
  }
  int st = 0;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    int bad;
    long pid;
    jobs::Job* j = wait_operand(cx, a, bad, pid);
    if (bad) {
      st = bad;
      continue;
    }
    if (!j) {
      auto r = cx.jobs.reaped_status(static_cast<int>(pid));
      st = r ? *r : 127;
      if (!r) cx.error("wait: pid " + a + " is not a child of this shell");
      continue;
    }
    bool intr = false;
    st = cx.shell.wait_job(*j, true, &intr);
    if (intr) {
      int sig = cx.shell.run_pending_traps();
      return 128 + (sig ? sig : SIGINT);
    }
    report_killed(cx, *j);
    j->notified = true;
  }
  cx.jobs.prune();
  return st;
}

}  // namespace fdsh::builtins
