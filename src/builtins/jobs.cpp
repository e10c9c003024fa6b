// builtins/jobs.cpp — jobs, fg, bg and disown (XCU jobs, fg, bg; bash's disown): listing the
// job table, moving a job to the foreground or the background, forgetting jobs.
#include <csignal>

#include "builtins/shell_builtins.hpp"
#include "os/process.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;

namespace {

char mark_of(BuiltinContext& cx, const jobs::Job& j) {
  return j.id == cx.jobs.current() ? '+' : j.id == cx.jobs.previous() ? '-' : ' ';
}

// Reads single-letter options from `allowed` ("lprs"); returns the index of the first operand,
// or 0 after reporting an invalid option.
std::size_t letters(BuiltinContext& cx, std::vector<std::string>& argv, const std::string& allowed, std::string& got) {
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") return i + 1;
    for (std::size_t k = 1; k < argv[i].size(); ++k) {
      if (allowed.find(argv[i][k]) == std::string::npos) {
        cx.error(argv[0] + ": -" + argv[i][k] + ": invalid option");
        return 0;
      }
      got += argv[i][k];
    }
  }
  return i;
}

}  // namespace

int bi_jobs(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::string o;
  std::size_t i = letters(cx, argv, "lprsn", o);
  if (!i) return 2;
  bool pids_only = o.find('p') != std::string::npos, longfmt = o.find('l') != std::string::npos;
  bool running = o.find('r') != std::string::npos, stopped = o.find('s') != std::string::npos;
  bool changed_only = o.find('n') != std::string::npos;
  cx.shell.reap_background();
  std::vector<jobs::Job*> chosen;
  int st = 0;
  for (; i < argv.size(); ++i) {
    std::string e;
    jobs::Job* j = cx.jobs.resolve(argv[i], e);
    if (!j) {
      cx.error("jobs: " + e);
      st = 1;
      continue;
    }
    chosen.push_back(j);
  }
  if (chosen.empty() && st == 0)
    for (jobs::Job& j : cx.jobs.all())
      if (!j.quiet) chosen.push_back(&j);
  for (jobs::Job* j : chosen) {
    jobs::State s = j->state();
    if ((running && s != jobs::State::Running) || (stopped && s != jobs::State::Stopped)) continue;
    if (changed_only && !j->changed) continue;
    if (pids_only) cx.out(std::to_string(j->pgid > 0 ? j->pgid : j->procs.front().pid) + "\n");
    else cx.out(jobs::format_job(*j, mark_of(cx, *j), longfmt));
    j->changed = false;
    if (j->done() && !j->foreign) j->notified = true;
  }
  cx.jobs.prune();
  return st;
}

int bi_fg(BuiltinContext& cx, std::vector<std::string>& argv) {
  bool fg = argv[0] == "fg";
  if (!cx.shell.job_control()) {
    cx.error(argv[0] + ": no job control");
    return 1;
  }
  std::vector<std::string> specs(argv.begin() + 1, argv.end());
  if (!specs.empty() && specs[0] == "--") specs.erase(specs.begin());
  if (specs.empty()) specs.push_back("%+");
  if (fg) specs.resize(1);
  int st = 0;
  for (const std::string& spec : specs) {
    std::string e;
    jobs::Job* j = cx.jobs.resolve(spec, e);
    if (!j || j->foreign) {
      cx.error(argv[0] + ": " + (j ? spec + ": no such job" : e));
      st = 1;
      continue;
    }
    if (j->done()) {
      cx.error(argv[0] + ": job has terminated");
      j->notified = true;
      cx.jobs.prune();
      st = 1;
      continue;
    }
    if (fg) {
      cx.out(j->command + "\n");
      j->background = false;
      cx.jobs.resumed(*j);
      cx.shell.signal_job(*j, SIGCONT);
      return cx.shell.wait_foreground(j->id);
    }
    if (!j->stopped()) {
      cx.error("bg: job " + std::to_string(j->id) + " already in background");
      continue;
    }
    cx.out("[" + std::to_string(j->id) + "]" + mark_of(cx, *j) + " " + j->command + " &\n");
    j->background = true;
    cx.jobs.resumed(*j);
    cx.shell.signal_job(*j, SIGCONT);
  }
  return st;
}

int bi_disown(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::string o;
  std::size_t i = letters(cx, argv, "ahr", o);
  if (!i) return 2;
  bool all = o.find('a') != std::string::npos, keep = o.find('h') != std::string::npos;
  bool running = o.find('r') != std::string::npos;
  std::vector<int> ids;
  int st = 0;
  for (; i < argv.size(); ++i) {
    std::string e;
    jobs::Job* j = cx.jobs.resolve(argv[i], e);
    if (!j) {
      cx.error("disown: " + e);
      st = 1;
      continue;
    }
    ids.push_back(j->id);
  }
  if (ids.empty() && st == 0) {
    if (all || running) {
      for (const jobs::Job& j : cx.jobs.all())
        if (!j.quiet && (!running || j.state() == jobs::State::Running)) ids.push_back(j.id);
    } else if (cx.jobs.current()) {
      ids.push_back(cx.jobs.current());
    } else {
      cx.error("disown: current: no such job");
      return 1;
    }
  }
  for (int id : ids) {
    // -h: the job stays, but the shell will not send it SIGHUP.
    if (keep) cx.jobs.by_id(id)->nohup = true;
    else cx.jobs.remove(id);
  }
  return st;
}

}  // namespace fdsh::builtins
