// builtins/procs.cpp — trap, kill, wait, jobs, fg/bg (XCU 2.14 trap; kill, wait, jobs utilities).
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

int bi_trap(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::size_t i = 1;
  if (i < argv.size() && argv[i] == "--") ++i;
  // `trap` prints signal names as POSIX spells them (INT); `trap -p` as bash does (SIGINT).
  bool full_names = i < argv.size() && argv[i] == "-p";
  auto print = [&](int sig) {
    const std::string* action = cx.traps.action(sig);
    if (!action) return;
    std::string name = sig == 0 ? "EXIT" : (full_names ? "SIG" : "") + os::signals::name(sig);
    cx.out("trap -- " + exec::quote(*action) + " " + name + "\n");
  };
  if (i >= argv.size() || argv[i] == "-p") {
    if (i < argv.size() && argv[i] == "-p" && i + 1 < argv.size()) {
      for (std::size_t k = i + 1; k < argv.size(); ++k) print(os::signals::number(argv[k]));
      return 0;
    }
    for (auto& [sig, _] : cx.traps.all()) print(sig);
    return 0;
  }
  if (argv[i] == "-l") {
    for (int s = 1; s <= 64; ++s) {
      std::string n = os::signals::name(s);
      if (!n.empty()) cx.out(std::to_string(s) + ") SIG" + n + "\n");
    }
    return 0;
  }
  std::string action = argv[i];
  bool reset = false;
  // `trap N sig...` where the first operand is a number: reset those signals (POSIX).
  if (action == "-" ) reset = true;
  else if (!action.empty() && action.find_first_not_of("0123456789") == std::string::npos && os::signals::number(action) >= 0) {
    reset = true;
    --i;
  }
  int st = 0;
  if (i + 1 >= argv.size() && !reset) {
    // trap ACTION with no signal: POSIX says reset that signal (treat as `trap - ACTION`).
    int sig = os::signals::number(action);
    if (sig < 0) {
      cx.error("trap: " + action + ": invalid signal specification");
      return 1;
    }
    cx.traps.reset(sig);
    if (sig > 0) os::signals::restore(sig);
    return 0;
  }
  for (std::size_t k = i + 1; k < argv.size(); ++k) {
    int sig = os::signals::number(argv[k]);
    if (sig < 0) {
      cx.error("trap: " + argv[k] + ": invalid signal specification");
      st = 1;
      continue;
    }
    if (sig == SIGKILL || sig == SIGSTOP) continue;  // cannot be caught; accepted as other shells do
    if (sig > 0 && os::signals::ignored_at_start(sig) && !cx.session.interactive) continue;
    if (reset) {
      cx.traps.reset(sig);
      if (sig > 0) os::signals::restore(sig);
      continue;
    }
    cx.traps.set(sig, action);
    if (sig == 0) continue;
    if (action.empty()) os::signals::ignore(sig);
    else os::signals::catch_signal(sig);
  }
  return st;
}

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
      if (!cx.opts.monitor) {
        // Without job control the stages share the shell's group: each one gets the signal.
        bool sent = false;
        for (const jobs::Proc& pr : j->procs) {
          if (pr.done) continue;
          if (os::send_signal(pr.pid, sig)) sent = true;
        }
        if (!sent && !os::send_signal(j->procs.back().pid, sig)) {
          cx.error("kill: (" + a + ") - " + std::strerror(errno));
          st = 1;
        }
        continue;
      }
      pid = -j->pgid;
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
  if (j.procs.empty()) return;
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
      auto w = os::wait_pid(-1, false, cx.opts.monitor, true);
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
      for (auto& j : cx.jobs.all())
        if (!j.done()) {
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

int bi_jobs(BuiltinContext& cx, std::vector<std::string>& argv) {
  bool pids_only = argv.size() > 1 && argv[1] == "-p";
  bool longfmt = argv.size() > 1 && argv[1] == "-l";
  cx.shell.reap_background();
  for (auto& j : cx.jobs.all()) {
    if (j.command == "process substitution") continue;
    if (pids_only) {
      cx.out(std::to_string(j.procs.front().pid) + "\n");
      continue;
    }
    char mark = j.id == cx.jobs.current() ? '+' : j.id == cx.jobs.previous() ? '-' : ' ';
    std::string state = j.done() ? (j.status() == 0 ? "Done" : "Done(" + std::to_string(j.status()) + ")")
                        : j.stopped() ? "Stopped" : "Running";
    std::string line = "[" + std::to_string(j.id) + "]" + mark + " ";
    if (longfmt) line += std::to_string(j.procs.front().pid) + " ";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%-24s", state.c_str());
    cx.out(line + buf + j.command + "\n");
    if (j.done()) j.notified = true;
  }
  cx.jobs.prune();
  return 0;
}

int bi_fg(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::string spec = argv.size() > 1 ? argv[1] : "%+";
  std::string e;
  jobs::Job* j = cx.jobs.resolve(spec, e);
  if (!j) {
    cx.error(argv[0] + ": " + (e.empty() ? "no current job" : e));
    return 1;
  }
  cx.out(j->command + "\n");
  if (argv[0] == "bg") {
    os::send_signal(-j->pgid, SIGCONT);
    return 0;
  }
  if (cx.opts.monitor) os::set_foreground(2, j->pgid);
  os::send_signal(-j->pgid, SIGCONT);
  for (auto& p : j->procs) p.stopped = false;
  int st = cx.shell.wait_job(*j, false);
  if (cx.opts.monitor) os::set_foreground(2, os::process_group());
  if (j->done()) cx.jobs.remove(j->id);
  return st;
}

}  // namespace fdsh::builtins
