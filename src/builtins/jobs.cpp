// builtins/jobs.cpp — jobs, fg, bg and disown (XCU jobs, fg, bg; bash's disown): listing the
// job table, moving a job to the foreground or the background, forgetting jobs.
#include <csignal>

#include "builtins/shell_builtins.hpp"
#include "os/process.hpp"

namespace fdsh::builtins {

using exec::Shell;

namespace {

char mark_of(Shell& sh, const jobs::Job& j) {
  return j.id == sh.jobs.current() ? '+' : j.id == sh.jobs.previous() ? '-' : ' ';
}

// Reads single-letter options from `allowed` ("lprs"); returns the index of the first operand,
// or 0 after reporting an invalid option.
std::size_t letters(Shell& sh, std::vector<std::string>& argv, const std::string& allowed, std::string& got) {
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") return i + 1;
    for (std::size_t k = 1; k < argv[i].size(); ++k) {
      if (allowed.find(argv[i][k]) == std::string::npos) {
        sh.error(argv[0] + ": -" + argv[i][k] + ": invalid option");
        return 0;
      }
      got += argv[i][k];
    }
  }
  return i;
}

}  // namespace

int bi_jobs(Shell& sh, std::vector<std::string>& argv) {
  std::string o;
  std::size_t i = letters(sh, argv, "lprsn", o);
  if (!i) return 2;
  bool pids_only = o.find('p') != std::string::npos, longfmt = o.find('l') != std::string::npos;
  bool running = o.find('r') != std::string::npos, stopped = o.find('s') != std::string::npos;
  bool changed_only = o.find('n') != std::string::npos;
  sh.reap_background();
  std::vector<jobs::Job*> chosen;
  int st = 0;
  for (; i < argv.size(); ++i) {
    std::string e;
    jobs::Job* j = sh.jobs.resolve(argv[i], e);
    if (!j) {
      sh.error("jobs: " + e);
      st = 1;
      continue;
    }
    chosen.push_back(j);
  }
  if (chosen.empty() && st == 0)
    for (jobs::Job& j : sh.jobs.all())
      if (!j.quiet) chosen.push_back(&j);
  for (jobs::Job* j : chosen) {
    jobs::State s = j->state();
    if ((running && s != jobs::State::Running) || (stopped && s != jobs::State::Stopped)) continue;
    if (changed_only && !j->changed) continue;
    if (pids_only) sh.out(std::to_string(j->pgid > 0 ? j->pgid : j->procs.front().pid) + "\n");
    else sh.out(jobs::format_job(*j, mark_of(sh, *j), longfmt));
    j->changed = false;
    if (j->done() && !j->foreign) j->notified = true;
  }
  sh.jobs.prune();
  return st;
}

int bi_fg(Shell& sh, std::vector<std::string>& argv) {
  bool fg = argv[0] == "fg";
  if (!sh.job_control()) {
    sh.error(argv[0] + ": no job control");
    return 1;
  }
  std::vector<std::string> specs(argv.begin() + 1, argv.end());
  if (!specs.empty() && specs[0] == "--") specs.erase(specs.begin());
  if (specs.empty()) specs.push_back("%+");
  if (fg) specs.resize(1);
  int st = 0;
  for (const std::string& spec : specs) {
    std::string e;
    jobs::Job* j = sh.jobs.resolve(spec, e);
    if (!j || j->foreign) {
      sh.error(argv[0] + ": " + (j ? spec + ": no such job" : e));
      st = 1;
      continue;
    }
    if (j->done()) {
      sh.error(argv[0] + ": job has terminated");
      j->notified = true;
      sh.jobs.prune();
      st = 1;
      continue;
    }
    if (fg) {
      sh.out(j->command + "\n");
      j->background = false;
      sh.jobs.resumed(*j);
      sh.signal_job(*j, SIGCONT);
      return sh.wait_foreground(j->id);
    }
    if (!j->stopped()) {
      sh.error("bg: job " + std::to_string(j->id) + " already in background");
      continue;
    }
    sh.out("[" + std::to_string(j->id) + "]" + mark_of(sh, *j) + " " + j->command + " &\n");
    j->background = true;
    sh.jobs.resumed(*j);
    sh.signal_job(*j, SIGCONT);
  }
  return st;
}

int bi_disown(Shell& sh, std::vector<std::string>& argv) {
  std::string o;
  std::size_t i = letters(sh, argv, "ahr", o);
  if (!i) return 2;
  bool all = o.find('a') != std::string::npos, keep = o.find('h') != std::string::npos;
  bool running = o.find('r') != std::string::npos;
  std::vector<int> ids;
  int st = 0;
  for (; i < argv.size(); ++i) {
    std::string e;
    jobs::Job* j = sh.jobs.resolve(argv[i], e);
    if (!j) {
      sh.error("disown: " + e);
      st = 1;
      continue;
    }
    ids.push_back(j->id);
  }
  if (ids.empty() && st == 0) {
    if (all || running) {
      for (const jobs::Job& j : sh.jobs.all())
        if (!j.quiet && (!running || j.state() == jobs::State::Running)) ids.push_back(j.id);
    } else if (sh.jobs.current()) {
      ids.push_back(sh.jobs.current());
    } else {
      sh.error("disown: current: no such job");
      return 1;
    }
  }
  for (int id : ids) {
    // -h: the job stays, but the shell will not send it SIGHUP.
    if (keep) sh.jobs.by_id(id)->nohup = true;
    else sh.jobs.remove(id);
  }
  return st;
}

}  // namespace fdsh::builtins
