// exec/jobctl.cpp — job control (XCU 2.11, `set -m`): foreground jobs in process groups of
// their own, the terminal handed to them and taken back, the terminal's modes kept around
// them, Ctrl-Z (a stopped job stays in the table), Ctrl-C ending the shell's own loops and
// lists, notifications of jobs that stopped or ended, and SIGHUP for jobs when the shell goes.
#include <cctype>
#include <csignal>
#include <cstring>
#include <sys/wait.h>

#include "exec/shell.hpp"
#include "os/process.hpp"
#include "os/signals.hpp"
#include "os/terminal.hpp"
#include "util/scope.hpp"

namespace fdsh::exec {

namespace {

char job_mark(jobs::JobTable& t, const jobs::Job& j) {
  return j.id == t.current() ? '+' : j.id == t.previous() ? '-' : ' ';
}

}  // namespace

std::string job_text(const ast::Node& n) {
  // The printer lays compound commands out on several lines; a job is listed on one.
  std::string src = ast::to_source(n), out;
  std::size_t at = 0;
  while (at <= src.size()) {
    std::size_t nl = src.find('\n', at);
    std::string line = src.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    at = nl == std::string::npos ? src.size() + 1 : nl + 1;
    std::size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    line = line.substr(b);
    if (!out.empty()) {
      auto ends = [&](const char* w) {
        std::size_t n = std::strlen(w);
        return out.size() >= n && out.compare(out.size() - n, n, w) == 0 &&
               (out.size() == n || out[out.size() - n - 1] == ' ' || !std::isalnum(static_cast<unsigned char>(w[0])));
      };
      bool opener = ends("(") || ends("{") || ends("then") || ends("do") || ends("else") || ends("in") ||
                    ends("|") || ends("&&") || ends("||") || ends(";") || ends("&") || ends(";;");
      out += opener || line[0] == ')' ? " " : "; ";
    }
    out += line;
  }
  return out;
}

int Shell::job_terminal() const {
  if (!job_control() || !term.tty.valid()) return -1;
  // Only a shell whose group owns the terminal hands it on (not a script run in the
  // background, nor one without a terminal).
  return os::foreground_group(term.tty.get()) == os::process_group() ? term.tty.get() : -1;
}

void Shell::init_job_control() {
  for (int sig : {SIGTSTP, SIGTTIN, SIGTTOU}) os::signals::default_in_children(sig);
  if (!term.tty.valid()) {
    int fd = os::open_terminal();
    if (fd < 0) return;
    term.tty = os::Fd(fd);
    term.tty.make_private();
  }
  if (!session.interactive) return;
  os::wait_until_foreground(term.tty.get());
  int me = os::pid();
  term.original_group = os::foreground_group(term.tty.get());
  if (os::process_group() != me) os::set_pgid(0, me);
  os::set_foreground(term.tty.get(), me);
  term.modes = term.start_modes = os::get_modes(term.tty.get());
  os::signals::note_window_changes();
}

void Shell::end_job_control() {
  if (!term.tty.valid() || session.in_subshell || term.original_group <= 0) return;
  if (term.original_group != os::process_group()) os::set_foreground(term.tty.get(), term.original_group);
  term.original_group = -1;
}

int Shell::run_foreground(jobs::Job j, std::vector<int>* statuses) {
  j.background = false;
  j.quiet = false;
  int id = jobs.add(std::move(j));
  return wait_foreground(id, statuses);
}

int Shell::wait_foreground(int id, std::vector<int>* statuses) {
  jobs::Job* j = jobs.by_id(id);
  if (!j) return 127;
  // The shell hands the terminal on when it has it (the job's child may already have taken it).
  int tty_fd = -1;
  if (job_control() && term.tty.valid() && j->pgid > 0) {
    int fg = os::foreground_group(term.tty.get());
    if (fg == os::process_group() || fg == j->pgid) tty_fd = term.tty.get();
  }
  if (tty_fd >= 0) os::set_foreground(tty_fd, j->pgid);
  for (;;) {
    j = jobs.by_id(id);
    int next = 0;
    for (const jobs::Proc& p : j->procs)
      if (!p.done && !p.stopped && p.pid > 0) {
        next = p.pid;
        break;
      }
    if (!next) break;
    auto w = os::wait_pid(next, false, true, false);
    if (!w) {
      for (jobs::Proc& p : j->procs)
        if (p.pid == next) p.done = true, p.status = 127;
      continue;
    }
    if (!jobs.record(w->pid, w->raw, w->shell_status(), w->stopped(), w->continued()))
      jobs.remember_reaped(w->pid, w->shell_status());
  }
  if (tty_fd >= 0) os::set_foreground(tty_fd, os::process_group());
  j = jobs.by_id(id);
  bool stopped = j->stopped();
  int killed_by = 0, stop_sig = SIGTSTP;
  bool core = false;
  for (const jobs::Proc& p : j->procs) {
    if (p.done && p.pid > 0 && WIFSIGNALED(p.raw)) killed_by = WTERMSIG(p.raw), core = WCOREDUMP(p.raw);
    if (p.stopped && WIFSTOPPED(p.raw)) stop_sig = WSTOPSIG(p.raw);
  }
  if (tty_fd >= 0 && session.interactive) {
    // A job that stopped or was killed may have left the terminal in its own modes; one
    // that ended keeps what it set (stty), unless it left the terminal unable to read a line.
    os::TtyModes now = os::get_modes(tty_fd);
    if (stopped || killed_by || !now.line_ready()) os::set_modes(tty_fd, term.modes.valid ? term.modes : term.start_modes);
    else term.modes = now;
  }
  if (statuses) {
    statuses->clear();
    for (const jobs::Proc& p : j->procs) statuses->push_back(p.stopped ? 128 + WSTOPSIG(p.raw) : p.status);
  }
  if (stopped) {
    j->changed = false;
    j->background = false;
    err("\n" + jobs::format_job(*j, job_mark(jobs, *j), false));
    if (session.interactive && !session.in_subshell && frames.loop_depth > 0) {
      // Stopping a job inside a loop ends the loops around it (bash), not the list after them.
      frames.flow = Flow::Break;
      frames.flow_count = frames.loop_depth;
    }
    return 128 + stop_sig;
  }
  int st = j->status();
  jobs.remove(id);
  if (killed_by && session.interactive && !session.in_subshell) {
    if (killed_by == SIGINT) err("\n");
    else if (killed_by != SIGPIPE) err(os::signals::description(killed_by) + (core ? " (core dumped)\n" : "\n"));
  }
  if (killed_by == SIGINT && session.interactive && !session.in_subshell) term.interrupted = true;
  notify_jobs();
  return st;
}

void Shell::notify_jobs() {
  if (!job_control() || jobs.all().empty()) return;
  reap_background();  // no zombies left behind (`kill -0 $!` fails once the job has ended)
  // A script learns of its jobs from `jobs` and `wait`; bash prints no notifications there.
  if (!session.interactive) return;
  for (jobs::Job& j : jobs.all()) {
    if (j.quiet || j.foreign || !j.changed) continue;
    j.changed = false;
    err(jobs::format_job(j, job_mark(jobs, j), false));
    if (j.done()) j.notified = true;
  }
  jobs.prune();
}

void Shell::check_interrupt() {
  if (os::signals::any_pending()) run_pending_traps();
  if (opts.notify && job_control() && !jobs.all().empty()) notify_jobs();
  if (!term.interrupted) return;
  term.interrupted = false;
  if (const std::string* action = traps.action(SIGINT)) {
    // `trap ACTION INT` runs in place of the interruption; `trap '' INT` shrugs it off.
    if (action->empty() || traps.running) return;
    int saved = results.status;
    {
      util::Assign<bool> trapping(traps.running, true);
      std::string text = *action;
      run_text(text, "trap");
    }
    results.status = saved;
    return;
  }
  if (term.interrupt_echo) err("\n");
  term.interrupt_echo = false;
  throw CommandAbort{130};
}

bool Shell::signal_job(const jobs::Job& j, int sig) {
  // Under job control the job is a process group; without it each process is signalled.
  if (j.pgid > 0 && os::send_signal(-j.pgid, sig)) return true;
  bool sent = false;
  for (const jobs::Proc& p : j.procs)
    if (p.pid > 0 && !p.done && os::send_signal(p.pid, sig)) sent = true;
  // Nothing left to signal: the last process answers (an error with errno set, or a zombie).
  if (!sent && !j.procs.empty() && j.procs.back().pid > 0) sent = os::send_signal(j.procs.back().pid, sig);
  return sent;
}

void Shell::hangup_jobs(bool all) {
  for (const jobs::Job& j : jobs.all()) {
    if (j.quiet || j.foreign || j.done()) continue;
    bool stopped = j.stopped();
    if (!stopped && (!all || j.nohup)) continue;
    signal_job(j, SIGHUP);
    if (stopped) signal_job(j, SIGCONT);
  }
}

bool Shell::refuse_exit(bool command) {
  if (!session.interactive || !job_control()) return false;
  bool any_stopped = false;
  for (const jobs::Job& j : jobs.all()) any_stopped = any_stopped || (!j.foreign && j.stopped());
  if (!any_stopped) return false;
  if (term.exit_warned_at >= 0 && (term.exit_warned_at == term.top_commands || (command && term.exit_warned_at == term.top_commands - 1)))
    return false;
  term.exit_warned_at = term.top_commands;
  err("There are stopped jobs.\n");
  return true;
}

void Shell::untrap_signal(int sig) {
  if (session.interactive && !session.in_subshell) {
    if (sig == SIGINT || sig == SIGHUP) return os::signals::catch_signal(sig);
    if (sig == SIGTERM || sig == SIGQUIT || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
      return os::signals::ignore(sig, false);
  }
  os::signals::restore(sig);
}

}  // namespace fdsh::exec
