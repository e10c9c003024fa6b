// jobs/jobs.cpp — job bookkeeping and the text of job listings.
#include "jobs/jobs.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <sys/wait.h>

#include "os/signals.hpp"

namespace fdsh::jobs {

bool Job::done() const {
  for (const Proc& p : procs)
    if (!p.done) return false;
  return true;
}

bool Job::stopped() const {
  bool any = false;
  for (const Proc& p : procs) {
    if (!p.done && !p.stopped) return false;
    any = any || p.stopped;
  }
  return any;
}

State Job::state() const { return done() ? State::Done : stopped() ? State::Stopped : State::Running; }

int Job::status() const { return procs.empty() ? 0 : procs.back().status; }

int JobTable::add(Job j) {
  jobs_.erase(std::remove_if(jobs_.begin(), jobs_.end(), [](const Job& x) { return x.foreign; }), jobs_.end());
  int maxid = 0;
  for (const Job& x : jobs_) maxid = std::max(maxid, x.id);
  j.id = maxid + 1;
  j.seq = ++seq_;
  jobs_.push_back(std::move(j));
  return jobs_.back().id;
}

bool JobTable::record(int pid, int raw, int shell_status, bool stopped, bool continued) {
  if (pid <= 0) return false;
  for (Job& j : jobs_) {
    for (Proc& p : j.procs) {
      if (p.pid != pid) continue;
      State before = j.state();
      if (stopped) {
        p.stopped = true;
        p.raw = raw;
      } else if (continued) {
        p.stopped = false;
      } else {
        p.done = true;
        p.stopped = false;
        p.status = shell_status;
        p.raw = raw;
      }
      State after = j.state();
      if (after != before) {
        j.changed = after != State::Running;
        if (after == State::Stopped) j.seq = ++seq_;
      }
      return true;
    }
  }
  return false;
}

void JobTable::resumed(Job& j) {
  for (Proc& p : j.procs) p.stopped = false;
  j.changed = false;
}

Job* JobTable::by_id(int id) {
  for (Job& j : jobs_)
    if (j.id == id) return &j;
  return nullptr;
}

Job* JobTable::by_pid(int pid) {
  for (Job& j : jobs_)
    for (Proc& p : j.procs)
      if (p.pid == pid) return &j;
  return nullptr;
}

std::vector<const Job*> JobTable::ranked() const {
  std::vector<const Job*> r;
  for (const Job& j : jobs_)
    if (!j.quiet) r.push_back(&j);
  std::stable_sort(r.begin(), r.end(), [](const Job* a, const Job* b) {
    bool sa = a->stopped(), sb = b->stopped();
    if (sa != sb) return sa;
    return a->seq > b->seq;
  });
  return r;
}

int JobTable::current() const {
  auto r = ranked();
  return r.empty() ? 0 : r[0]->id;
}

int JobTable::previous() const {
  auto r = ranked();
  return r.size() < 2 ? 0 : r[1]->id;
}

Job* JobTable::resolve(const std::string& spec, std::string& error) {
  std::string s = spec;
  if (!s.empty() && s[0] == '%') s = s.substr(1);
  if (s.empty() || s == "%" || s == "+") {
    Job* j = by_id(current());
    if (!j) error = spec.empty() || spec == "%+" || spec == "%%" || spec == "%" ? "current: no such job" : spec + ": no such job";
    return j;
  }
  if (s == "-") {
    Job* j = by_id(previous());
    if (!j) error = spec + ": no such job";
    return j;
  }
  bool digits = std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    Job* j = s.size() < 9 ? by_id(std::stoi(s)) : nullptr;
    if (j && j->quiet) j = nullptr;
    if (!j) error = spec + ": no such job";
    return j;
  }
  Job* found = nullptr;
  for (Job& j : jobs_) {
    if (j.quiet) continue;
    bool match = s[0] == '?' ? j.command.find(s.substr(1)) != std::string::npos : j.command.rfind(s, 0) == 0;
    if (match) {
      if (found) {
        error = s + ": ambiguous job spec";
        return nullptr;
      }
      found = &j;
    }
  }
  if (!found) error = spec + ": no such job";
  return found;
}

void JobTable::prune() {
  for (const Job& j : jobs_)
    if (j.done() && j.notified)
      for (const Proc& p : j.procs)
        if (p.pid > 0) remember_reaped(p.pid, p.status);
  jobs_.erase(std::remove_if(jobs_.begin(), jobs_.end(), [](const Job& j) { return j.done() && j.notified; }),
              jobs_.end());
}

void JobTable::remove(int id) {
  jobs_.erase(std::remove_if(jobs_.begin(), jobs_.end(), [id](const Job& j) { return j.id == id; }), jobs_.end());
}

std::optional<int> JobTable::reaped_status(int pid) const {
  for (auto& [p, st] : reaped_)
    if (p == pid) return st;
  return std::nullopt;
}

void JobTable::remember_reaped(int pid, int status) {
  reaped_.emplace_back(pid, status);
  if (reaped_.size() > 1024) reaped_.erase(reaped_.begin());
}

std::string state_word(const Job& j, bool detailed) {
  if (j.procs.empty()) return "Done";
  if (j.stopped()) {
    int sig = 0;
    for (const Proc& p : j.procs)
      if (p.stopped && WIFSTOPPED(p.raw)) sig = WSTOPSIG(p.raw);
    if (!detailed || sig == SIGTSTP || sig == 0) return "Stopped";
    if (sig == SIGSTOP) return "Stopped (signal)";
    if (sig == SIGTTIN) return "Stopped (tty input)";
    if (sig == SIGTTOU) return "Stopped (tty output)";
    return "Stopped (" + os::signals::name(sig) + ")";
  }
  if (!j.done()) return "Running";
  const Proc& last = j.procs.back();
  if (last.pid > 0 && WIFSIGNALED(last.raw)) {
    std::string w = os::signals::description(WTERMSIG(last.raw));
    return WCOREDUMP(last.raw) ? w + " (core dumped)" : w;
  }
  return last.status == 0 ? "Done" : "Exit " + std::to_string(last.status);
}

std::string format_job(const Job& j, char mark, bool long_format) {
  std::string head = "[" + std::to_string(j.id) + "]" + mark + " ";
  std::string state = state_word(j, long_format);
  std::string amp = j.background && j.state() == State::Running ? " &" : "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%-24s", state.c_str());
  if (!long_format) return head + " " + buf + j.command + amp + "\n";
  std::string out;
  for (std::size_t i = 0; i < j.procs.size(); ++i) {
    const Proc& p = j.procs[i];
    char pid[32];
    std::snprintf(pid, sizeof pid, "%5d ", p.pid);
    std::string text = p.command.empty() ? j.command : (i ? "| " : "") + p.command;
    if (i + 1 == j.procs.size()) text += amp;
    out += (i ? std::string(head.size(), ' ') : head) + pid + (i ? std::string(22, ' ') : std::string(buf)) + text + "\n";
  }
  return out;
}

}  // namespace fdsh::jobs
