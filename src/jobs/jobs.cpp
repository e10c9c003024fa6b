// jobs/jobs.cpp — job bookkeeping.
#include "jobs/jobs.hpp"

#include <algorithm>

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

int Job::status() const { return procs.empty() ? 0 : procs.back().status; }

int JobTable::add(Job j) {
  int maxid = 0;
  for (const Job& x : jobs_) maxid = std::max(maxid, x.id);
  j.id = maxid + 1;
  jobs_.push_back(std::move(j));
  return jobs_.back().id;
}

bool JobTable::record(int pid, int raw, int shell_status, bool stopped, bool continued) {
  for (Job& j : jobs_) {
    for (Proc& p : j.procs) {
      if (p.pid != pid) continue;
      if (stopped) {
        p.stopped = true;
      } else if (continued) {
        p.stopped = false;
      } else {
        p.done = true;
        p.stopped = false;
        p.status = shell_status;
        p.raw = raw;
      }
      return true;
    }
  }
  return false;
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

int JobTable::current() const { return jobs_.empty() ? 0 : jobs_.back().id; }
int JobTable::previous() const { return jobs_.size() < 2 ? 0 : jobs_[jobs_.size() - 2].id; }

Job* JobTable::resolve(const std::string& spec, std::string& error) {
  std::string s = spec;
  if (!s.empty() && s[0] == '%') s = s.substr(1);
  if (s.empty() || s == "%" || s == "+") {
    Job* j = by_id(current());
    if (!j) error = "no current job";
    return j;
  }
  if (s == "-") {
    Job* j = by_id(previous());
    if (!j) error = "no previous job";
    return j;
  }
  bool digits = std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    Job* j = s.size() < 9 ? by_id(std::stoi(s)) : nullptr;
    if (!j) error = spec + ": no such job";
    return j;
  }
  Job* found = nullptr;
  for (Job& j : jobs_) {
    bool match = s[0] == '?' ? j.command.find(s.substr(1)) != std::string::npos : j.command.rfind(s, 0) == 0;
    if (match) {
      if (found) {
        error = spec + ": ambiguous job spec";
        return nullptr;
      }
      found = &j;
    }
  }
  if (!found) error = spec + ": no such job";
  return found;
}

void JobTable::prune() {
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

}  // namespace fdsh::jobs
