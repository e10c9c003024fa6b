// exec/process.cpp — what forks: pipelines (XCU 2.9.2), subshells, asynchronous lists,
// command and process substitution; waiting, traps while waiting, and function calls.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <new>
#include <cerrno>
#include <cstring>

#include "util/scope.hpp"
#include "exec/shell.hpp"
#include "os/fd.hpp"
#include "os/redirect.hpp"
#include "os/process.hpp"
#include "os/signals.hpp"
#include "os/sys.hpp"
#include "os/trace.hpp"

namespace fdsh::exec {

void Shell::enter_child(bool async, bool keep_jobs) {
  session.in_subshell = true;
  ++session.subshell_level;
  term.interrupted = false;
  // `jobs` in a subshell or a command substitution lists the parent's jobs (bash); they are
  // not this process's children, and the first job it starts replaces them.
  if (keep_jobs) {
    for (jobs::Job& j : jobs.all()) j.foreign = true;
  } else {
    jobs.all().clear();
  }
  // Traps other than ignored ones are reset in a subshell (XCU 2.11).
  traps.reset_for_subshell([](int sig) { os::signals::restore(sig); },
                           [this](int sig) {
                             return (sig == Traps::kErr && opts.errtrace) ||
                                    ((sig == Traps::kDebug || sig == Traps::kReturn) && opts.functrace);
                           });
  if (session.interactive) {
    // What the interactive shell caught or ignored for itself goes back to the default.
    for (int sig : {SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP, SIGWINCH})
      if (!traps.action(sig)) os::signals::restore(sig);
  }
  if (async && !opts.monitor) {
    os::signals::ignore(SIGINT);
    os::signals::ignore(SIGQUIT);
  }
}

void Shell::child_body(const std::function<int()>& fn, bool async, bool keep_jobs) {
  enter_child(async, keep_jobs);
  int st = 0;
  try {
    st = fn();
    exit_shell(st);
  } catch (const ShellExit& e) {
    st = e.status;
  } catch (const CommandAbort& e) {
    st = e.status;
  } catch (const CommandFailed& e) {
    st = e.status;
  } catch (const std::bad_alloc&) {
    (void)os::write_all(2, "fdsh: out of memory\n");
    st = 1;
  }
  os::exit_now(st);
}

template <class F>
int Shell::fork_subshell(F&& fn, bool async, const char* why, int group) {
  // A foreground job takes the terminal in the child too, before it can read from it.
  int term = group >= 0 && !async ? job_terminal() : -1;
  // bash: `jobs` in ( ) and $( ) lists the parent's jobs, in a pipeline stage only when
  // the pipeline itself runs in such a subshell. They are listed as they are now.
  bool keep_jobs = std::strcmp(why, "subshell") == 0 || std::strcmp(why, "command substitution") == 0 ||
                   (session.in_subshell && std::strcmp(why, "pipeline stage") == 0);
  if (keep_jobs && !jobs.all().empty()) reap_background();
  auto pid = os::fork_process(why);
  if (!pid) {
    error(std::string("fork: ") + std::strerror(pid.error().err));
    return -1;
  }
  if (*pid == 0) {
    if (group >= 0) {
      os::set_pgid(0, group);
      if (term >= 0) os::set_foreground(term, group > 0 ? group : os::pid());
    }
    child_body(std::function<int()>(std::forward<F>(fn)), async, keep_jobs);
  }
  // Also from the parent, so the group exists whichever side runs first.
  if (group >= 0) os::set_pgid(*pid, group > 0 ? group : *pid);
  return *pid;
}

namespace {

/// Prefix of a message about `pos` in `file`: "fdsh: script:3:9: ".
std::string message_prefix(const std::string& file, ast::Pos pos) {
  diag::Location l;
  l.file = file;
  l.line = pos.line;
  l.col = pos.col;
  std::string s = diag::render(l, "");
  s.pop_back();
  return s;
}

}  // namespace

os::SpawnRequest Shell::spawn_request(const std::string& path, const std::vector<std::string>& argv,
                                      std::vector<std::string> env, const plan::CommandPlan& plan, bool async,
                                      int group) {
  ast::Pos at = frames.pos;
  os::SpawnRequest req;
  req.path = path;
  req.argv = argv;
  req.env = std::move(env);
  req.ignore_int_quit = async && !opts.monitor;
  req.pgid = group;
  req.tty_fd = group >= 0 && !async ? job_terminal() : -1;
  req.fds = plan.steps;
  req.fd_where.reserve(plan.steps.size());
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const ast::Pos& p = i < plan.where.size() && plan.where[i].line ? plan.where[i] : at;
    req.fd_where.push_back(message_prefix(source_of(p), p));
  }
  req.exec_where = message_prefix(source_of(at), at) + argv[0] + ": ";
  return req;
}

int Shell::start_external(const std::string& path, std::vector<std::string>& argv, std::vector<std::string> env,
                          const plan::CommandPlan& plan, bool async, int& status, int group) {
  ast::Pos at = frames.pos;
  if (!spawnable(plan)) {
    int pid = fork_subshell(
        [&]() -> int {
          if (!apply_plan(plan, nullptr)) return 1;
          frames.pos = at;
          exec_program(path, argv, env);
        },
        async, "external command", group);
    if (pid < 0) status = 1;
    return pid < 0 ? 0 : pid;
  }
  os::SpawnRequest req = spawn_request(path, argv, std::move(env), plan, async, group);
  auto pid = os::spawn(req);
  if (!pid) {
    int e = pid.error().err;
    error(argv[0] + ": " + std::strerror(e));
    status = e == ENOENT ? 127 : 126;
    return 0;
  }
  return *pid;
}

int Shell::wait_for(int pid) {
  for (;;) {
    auto w = os::wait_pid(pid, false, job_control(), true);
    if (!w) {
      if (w.error().err == EINTR) {
        continue;
      }
      return 127;
    }
    if (w->stopped()) return 128 + w->term_signal();
    int st = w->shell_status();
    if (w->signaled() && w->term_signal() == SIGINT && session.interactive) err("\n");
    return st;
  }
}

int Shell::wait_job(jobs::Job& j, bool interruptible, bool* interrupted) {
  for (auto& p : j.procs) {
    while (!p.done) {
      // A stopped job is not waited for (it would never end): its status says it stopped.
      if (p.stopped && WIFSTOPPED(p.raw)) return 128 + WSTOPSIG(p.raw);
      auto w = os::wait_pid(p.pid, false, job_control(), interruptible);
      if (!w) {
        if (w.error().err == EINTR) {
          if (interrupted) *interrupted = true;
          return 128;
        }
        p.done = true;
        p.status = 127;
        break;
      }
      jobs.record(w->pid, w->raw, w->shell_status(), w->stopped(), w->continued());
      if (w->stopped()) return 128 + w->term_signal();
    }
  }
  return j.status();
}

int Shell::wait_command(int pid, const std::string& text) {
  if (!job_control()) return wait_for(pid);
  jobs::Job j;
  j.pgid = pid;
  j.command = text;
  j.procs.push_back(jobs::Proc{pid, false, false, 0, 0, text});
  return run_foreground(std::move(j));
}

void Shell::reap_background() {
  bool jc = job_control();
  for (;;) {
    auto w = os::wait_pid(-1, true, jc, false, jc);
    if (!w || w->pid <= 0) return;
    if (!jobs.record(w->pid, w->raw, w->shell_status(), w->stopped(), w->continued()))
      jobs.remember_reaped(w->pid, w->shell_status());
  }
}

void Shell::start_pipeline(const ast::Pipeline& p, bool async, os::UndoFrame* lastpipe_frame, std::vector<int>& pids,
                           std::vector<int>& ready) {
  std::size_t n = p.cmds.size();
  pids.clear();
  ready.assign(n, 1);
  // POSIX: without job control an asynchronous list's stdin is /dev/null (the first
  // stage's own redirections come after, so `<file` still wins).
  bool null_stdin = async && !opts.monitor && !session.interactive;
  if (!lastpipe_frame && !opts.monitor && os::pipeline_spawner_available()) {
    // The usual way: a spawner holds the pipes, the shell never does.
    spawn_pipeline_all(p, async, null_stdin, pids, ready);
    return;
  }
  // Every pipe first. Then the stages that need a forked subshell, then the programs the
  // shell spawns, and at once the shell closes every end: a spawned program only starts
  // running after its exec, by which time the shell holds no pipe end for it to see.
  std::vector<os::Pipe> pipes(n - 1);
  for (os::Pipe& pp : pipes) {
    auto r = os::open_pipe();
    if (!r) {
      error(std::string("pipe: ") + std::strerror(r.error().err));
      return;
    }
    pp = std::move(*r);
  }
  std::size_t stages = lastpipe_frame ? n - 1 : n;
  pids.assign(stages, -1);
  int pgid = job_group();  // job control: every stage in the first stage's group
  auto wiring = [&](std::size_t i) {
    bool last = i + 1 == n;
    bool stderr_too = !last && i < p.pipe_stderr.size() && p.pipe_stderr[i];
    int in_fd = i > 0 ? pipes[i - 1].read.get() : -1, out_fd = last ? -1 : pipes[i].write.get();
    plan::CommandPlan w = plan::wiring(in_fd, in_fd >= 0 ? "pipe " + std::to_string(i) + " read end" : "", out_fd,
                                       out_fd >= 0 ? "pipe " + std::to_string(i + 1) + " write end" : "", stderr_too);
    if (i == 0 && null_stdin) w.add(plan::stdin_from_null(), ast::Pos{});
    return w;
  };
  auto fork_stage = [&](std::size_t i, const plan::CommandPlan& w) {
    int group = pgid;
    const ast::NodePtr& cmd = p.cmds[i];
    int pid = fork_subshell(
        [&]() -> int {
          if (!apply_plan(w, nullptr)) return 1;
          pipes.clear();  // every other end, and the originals of its own
          exec_last = true;
          return execute(*cmd);
        },
        async, "pipeline stage", group);
    if (pid > 0 && pgid == 0) pgid = pid;
    return pid;
  };
  auto start_stage = [&](std::size_t i) {
    plan::CommandPlan w = wiring(i);
    int direct_status = 0;
    int pid = spawn_direct(*p.cmds[i], w, direct_status, async, pgid);
    if (pid == 0) ready[i] = direct_status;
    if (pid < 0) pid = fork_stage(i, w);
    if (pid > 0 && pgid == 0) pgid = pid;
    pids[i] = pid;
  };
  if (pgid >= 0) {
    // Under job control the stages start in order: the first one leads the job's group.
    for (std::size_t i = 0; i < stages; ++i) start_stage(i);
  } else {
    for (std::size_t i = 0; i < stages; ++i)
      if (!direct_candidate(*p.cmds[i])) pids[i] = fork_stage(i, wiring(i));
    for (std::size_t i = 0; i < stages; ++i)
      if (pids[i] == -1) start_stage(i);
  }
  if (lastpipe_frame) {
    // The last stage runs in the shell with its stdin on the pipe (undone afterwards).
    plan::CommandPlan w = plan::wiring(pipes.back().read.get(), "pipe " + std::to_string(n - 1) + " read end", -1, "", false);
    if (!apply_plan(w, lastpipe_frame)) error("lastpipe: the last stage keeps the shell's stdin");
  }
  pipes.clear();
}

int Shell::run_pipeline(const ast::Pipeline& p) {
  if (p.cmds.size() == 1) {
    int st;
    {
      util::Deeper no_errexit(errexit_suppressed);
      util::Assign<bool> last(exec_last, exec_last && !p.bang);
      st = execute(*p.cmds[0]);
    }
    if (p.bang) {
      errexit_pending_skip_ = true;
      // `! return N` returns N: the function ends before `!` applies (bash, dash).
      if (frames.flow == Flow::Return) return st;
      return st == 0 ? 1 : 0;
    }
    return st;
  }
  std::size_t n = p.cmds.size();
  std::vector<int> pids;  // per stage: pid, or <= 0 when it ended without one (status in ready)
  std::vector<int> ready;
  bool lastpipe = opts.lastpipe && !opts.monitor;
  os::UndoFrame lastpipe_frame;
  start_pipeline(p, false, lastpipe ? &lastpipe_frame : nullptr, pids, ready);
  int last_st = 0;
  std::vector<int> statuses(n, 0);
  if (lastpipe) {
    util::Assign<bool> not_tail(exec_last, false);  // the shell waits for the other stages
    last_st = execute(*p.cmds.back());
    os::fd_table().undo(lastpipe_frame);  // (its destructor does it when execute throws)
    statuses[n - 1] = last_st;
  }
  if (job_control()) {
    // One job, in the first stage's process group.
    jobs::Job j;
    j.command = job_text(p);
    for (std::size_t i = 0; i < n; ++i) {
      bool started = i < pids.size() && pids[i] > 0;
      jobs::Proc pr{started ? pids[i] : 0, !started, false, started ? 0 : ready[i], 0, job_text(*p.cmds[i])};
      if (started && !j.pgid) j.pgid = pids[i];
      j.procs.push_back(std::move(pr));
    }
    run_foreground(std::move(j), &statuses);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      if (lastpipe && i + 1 == n) break;
      // A stage missing from pids was never started (a pipe could not be made).
      statuses[i] = i < pids.size() && pids[i] > 0 ? wait_for(pids[i]) : ready[i];
    }
  }
  results.pipestatus.clear();
  for (int s : statuses) results.pipestatus.push_back(std::to_string(s));
  int st = statuses[n - 1];
  if (opts.pipefail) {
    for (int s : statuses)
      if (s != 0) st = s;
  }
  if (p.bang) {
    errexit_pending_skip_ = true;
    return st == 0 ? 1 : 0;
  }
  return st;
}

int Shell::run_subshell(const ast::Subshell& n) {
  bool exec_ok = exec_last;
  if (exec_ok && n.redirs.empty() && traps.empty()) {
    // Nothing follows in this process: no need to fork again.
    session.in_subshell = true;
    ++session.subshell_level;
    return n.body ? execute(*n.body) : 0;
  }
  int pid = fork_subshell(
      [&]() -> int {
        os::UndoFrame frame;
        if (!apply_redirs(n.redirs, &frame)) return 1;
        exec_last = true;
        return n.body ? execute(*n.body) : 0;
      },
      false, "subshell", job_group());
  if (pid < 0) return 1;
  return wait_command(pid, job_text(n));
}

int Shell::run_async(const ast::NodePtr& n) {
  const ast::Node& node = *n;
  // POSIX: without job control an asynchronous list's stdin is /dev/null (its own
  // redirections come after, so `<file` still wins).
  bool null_stdin = !opts.monitor && !session.interactive;
  jobs::Job j;
  j.command = job_text(node);
  j.background = true;
  bool grouped = job_control();
  const auto* pl = node.kind == ast::Kind::Pipeline ? static_cast<const ast::Pipeline*>(&node) : nullptr;
  if (pl && pl->cmds.size() > 1 && !pl->bang) {
    // A pipeline job: every stage a child of the shell, in one job; $! is the last stage.
    std::vector<int> pids, ready;
    start_pipeline(*pl, true, nullptr, pids, ready);
    for (std::size_t i = 0; i < pids.size(); ++i) {
      if (pids[i] > 0) {
        if (j.procs.empty() && grouped) j.pgid = pids[i];
        j.procs.push_back(jobs::Proc{pids[i], false, false, 0, 0, job_text(*pl->cmds[i])});
      }
    }
    if (j.procs.empty()) return 0;
  } else {
    int pid = -1;
    plan::CommandPlan w;
    if (null_stdin) w.add(plan::stdin_from_null(), ast::Pos{});
    if (node.kind == ast::Kind::Simple) {
      // `program args &`: spawned straight from the shell.
      int ignored = 0;
      pid = spawn_direct(node, w, ignored, true, job_group());
      if (pid == 0) return 0;  // nothing to start: a redirection target did not expand (reported)
    }
    if (pid < 0) pid = fork_subshell(
        [&]() -> int {
          if (!apply_plan(w, nullptr)) return 1;
          exec_last = true;
          return execute(node);
        },
        true, "background", job_group());
    if (pid < 0) return 1;
    if (grouped) j.pgid = pid;
    j.procs.push_back(jobs::Proc{pid, false, false, 0, 0, j.command});
  }
  int last = j.procs.back().pid;
  results.bg_pid = last;
  int id = jobs.add(std::move(j));
  if (session.interactive && grouped) err("[" + std::to_string(id) + "] " + std::to_string(last) + "\n");
  return 0;
}

std::string Shell::command_subst(const ast::NodePtr& cmd) {
  if (!cmd) return {};
  if (cmd->kind == ast::Kind::List) {
    // $(< file): the contents of the file, read by the shell itself.
    const auto& l = static_cast<const ast::List&>(*cmd);
    if (l.items.size() == 1 && !l.items[0].async && l.items[0].cmd->kind == ast::Kind::Simple) {
      const auto& s = static_cast<const ast::Simple&>(*l.items[0].cmd);
      if (s.words.empty() && s.assigns.empty() && s.redirs.size() == 1 && s.redirs[0].op == ast::RedirOp::In &&
          s.redirs[0].fd <= 0 && s.redirs[0].fd_var.empty()) {
        expand::Expander ex(*this);
        frames.pos = s.redirs[0].pos;
        std::string path = ex.string(s.redirs[0].target);
        auto text = os::read_file(path);
        if (!text) {
          error("cannot open '" + path + "': " + std::strerror(text.error().err));
          results.status = results.cmdsub_status = 1;
          return {};
        }
        results.status = results.cmdsub_status = 0;
        std::string out = std::move(*text);
        if (out.find('\0') != std::string::npos) out.erase(std::remove(out.begin(), out.end(), '\0'), out.end());
        return out;
      }
    }
  }
  auto made = os::open_pipe();
  if (!made) {
    error(std::string("pipe: ") + std::strerror(made.error().err));
    return {};
  }
  os::Fd rd = std::move(made->read), wr = std::move(made->write);
  plan::CommandPlan w = plan::wiring(-1, "", wr.get(), "command substitution pipe", false);
  // $(program args): started straight from the shell when no subshell is needed.
  int pid = -1, direct_status = 0;
  if (cmd->kind == ast::Kind::List) {
    const auto& l = static_cast<const ast::List&>(*cmd);
    if (l.items.size() == 1 && !l.items[0].async) pid = spawn_direct(*l.items[0].cmd, w, direct_status);
  }
  if (pid == 0) results.status = results.cmdsub_status = direct_status;
  if (pid < 0)
    pid = fork_subshell(
        [&]() -> int {
          rd.reset();
          if (!apply_plan(w, nullptr)) return 1;
          wr.reset();
          exec_last = true;
          return execute(*cmd);
        },
        false, "command substitution");
  wr.reset();
  std::string out;
  // A read error ends the output early; the status is the command's.
  (void)os::read_all(rd.get(), out);
  rd.reset();
  // NUL bytes cannot be part of a shell string; they are dropped as bash does.
  if (out.find('\0') != std::string::npos) out.erase(std::remove(out.begin(), out.end(), '\0'), out.end());
  if (pid > 0) results.status = results.cmdsub_status = wait_for(pid);
  if (session.interactive && !session.in_subshell && os::signals::take(SIGINT)) {
    // Ctrl-C ended the substitution (it runs in the shell's group): the command goes too.
    term.interrupted = true;
    check_interrupt();
  }
  return out;
}

std::string Shell::process_subst(const ast::NodePtr& cmd, bool input) {
  auto made = os::open_pipe();
  if (!made) {
    error(std::string("pipe: ") + std::strerror(made.error().err));
    return "/dev/null";
  }
  os::Fd mine = std::move(input ? made->read : made->write);
  os::Fd theirs = std::move(input ? made->write : made->read);
  int pid = fork_subshell(
      [&]() -> int {
        mine.reset();
        // The read ends of earlier substitutions of the same command belong to that
        // command, not to this one (diff <(a) <(b): b must not hold a's pipe).
        close_procsubs(0);
        plan::CommandPlan w = input ? plan::wiring(-1, "", theirs.get(), "process substitution pipe", false)
                                    : plan::wiring(theirs.get(), "process substitution pipe", -1, "", false);
        if (!apply_plan(w, nullptr)) return 1;
        theirs.reset();
        exec_last = true;
        return execute(*cmd);
      },
      true, "process substitution");
  theirs.reset();
  // The fd must be inheritable by the command that receives the /dev/fd path.
  auto moved = os::dup_private(mine.get(), 63);
  os::Fd held = moved ? os::Fd(*moved) : std::move(mine);
  held.set_cloexec(false);
  int fd = held.get();
  io.procsub_fds.push_back(std::move(held));
  if (pid > 0) {
    results.bg_pid = pid;
    jobs::Job j;
    j.pgid = pid;
    j.procs.push_back(jobs::Proc{pid, false, false, 0, 0, {}});
    j.command = "process substitution";
    j.quiet = true;
    jobs.add(std::move(j));
  }
  return "/dev/fd/" + std::to_string(fd);
}

void Shell::close_procsubs(std::size_t mark) {
  while (io.procsub_fds.size() > mark) io.procsub_fds.pop_back();  // closes it
}

int Shell::run_coproc(const ast::Coproc& n) {
  auto a = os::open_pipe();
  auto b = os::open_pipe();
  if (!a || !b) {
    error(std::string("coproc: cannot create pipes: ") + std::strerror((a ? b.error() : a.error()).err));
    return 1;
  }
  os::Pipe to_co = std::move(*a), from_co = std::move(*b);
  int pid = fork_subshell(
      [&]() -> int {
        to_co.write.reset();
        from_co.read.reset();
        plan::CommandPlan w = plan::wiring(to_co.read.get(), "coprocess input pipe", from_co.write.get(),
                                           "coprocess output pipe", false);
        if (!apply_plan(w, nullptr)) return 1;
        to_co.read.reset();
        from_co.write.reset();
        exec_last = true;
        return n.body ? execute(*n.body) : 0;
      },
      true, "coproc");
  to_co.read.reset();
  from_co.write.reset();
  // The user's ends, at 60 and above; they belong to the user from here on (${NAME[0]}, ${NAME[1]}).
  auto rd = os::dup_private(from_co.read.get(), 60);
  auto wr = os::dup_private(to_co.write.get(), 60);
  from_co.read.reset();
  to_co.write.reset();
  int r = rd ? *rd : -1, w = wr ? *wr : -1;
  set_array(n.name, {std::to_string(r), std::to_string(w)}, false);
  set_variable(n.name + "_PID", std::to_string(pid));
  results.bg_pid = pid;
  jobs::Job j;
  j.pgid = pid;
  j.procs.push_back(jobs::Proc{pid, false, false, 0, 0, {}});
  j.command = "coproc " + n.name;
  j.background = true;
  jobs.add(std::move(j));
  return 0;
}

int Shell::call_function(const Function& f, std::vector<std::string>& argv) {
  // The function may unset or redefine itself (or its caller) while it runs: its body and
  // name of origin are held here, not in the table.
  const std::shared_ptr<ast::FuncDef> def = f.def;
  const std::string defined_in = f.source;
  if (frames.func_depth >= 1000) {
    error(argv[0] + ": maximum function nesting level exceeded (1000)");
    throw ShellExit{2};
  }
  std::vector<std::string> saved_params = std::move(frames.params);
  frames.params.assign(argv.begin() + 1, argv.end());
  // The caller's loops are not the function's: `break` in a function called from a loop
  // does not leave that loop (bash, dash).
  util::Assign<int> own_loops(frames.loop_depth, 0);
  std::string saved_source = frames.source_name;
  vars.push_scope();
  ++frames.func_depth;
  frames.calls.push_back(CallFrame{argv[0], defined_in, frames.pos.line});
  frames.source_name = defined_in;
  int st = 0;
  {
    util::ScopeExit leave([&] {
      frames.calls.pop_back();
      --frames.func_depth;
      vars.pop_scope();
      frames.params = std::move(saved_params);
      frames.source_name = saved_source;
    });
    // Redirections on the definition apply to each call (the body is the whole definition).
    const std::string* ret_before = traps.action(Traps::kReturn);
    std::string ret_action = ret_before ? *ret_before : std::string();
    // Under set -T the DEBUG trap also runs as the function starts, at the line of its
    // definition (bash).
    if (opts.functrace) {
      util::Assign<ast::Pos> at(frames.pos, def->pos);
      run_trap(Traps::kDebug);
    }
    st = def->body ? execute(*def->body) : 0;
    bool returned = frames.flow == Flow::Return;
    if (returned) {
      frames.clear_flow();
      st = results.status;
    }
    // The RETURN trap runs as the function ends, still inside it, under set -T or when the
    // function itself set it (bash).
    const std::string* ret_now = traps.action(Traps::kReturn);
    if (ret_now && !ret_now->empty() && (opts.functrace || !ret_before || *ret_now != ret_action)) {
      results.status = returned ? 0 : st;  // $? there is that of `return` itself (bash)
      run_trap(Traps::kReturn);
      results.status = st;
    }
  }
  if (frames.flow == Flow::Return) {
    frames.flow = Flow::None;
    frames.flow_count = 0;
    st = results.status;
  }
  return st;
}

void Shell::run_trap(int sig) {
  if (!traps.runs(sig)) return;
  if (sig > 0 ? traps.running : traps.pseudo_running(sig)) return;
  int saved = results.status;
  util::Assign<ast::Pos> keep_pos(frames.pos, frames.pos);  // the trap's commands move it
  {
    util::Assign<bool> trapping(traps.running, true);
    traps.set_pseudo_running(sig, true);
    util::ScopeExit done([&] { traps.set_pseudo_running(sig, false); });
    // The action's lines are numbered from the line of the command that set it off, so
    // $LINENO and BASH_LINENO there name that command (bash).
    std::string action = *traps.action(sig);
    run_text(action, "trap", frames.pos.line);
  }
  results.status = saved;
}

bool Shell::traps_in_function(int sig) const {
  if (frames.func_depth == 0) return true;
  return sig == Traps::kErr ? opts.errtrace : opts.functrace;
}

int Shell::run_pending_traps() {
  if (traps.running) return 0;
  int last = 0;
  while (int sig = os::signals::take_pending()) {
    last = sig;
    if (!traps.action(sig) && session.interactive && !session.in_subshell) {
      if (sig == SIGINT) {
        // Ctrl-C reached the shell itself (a loop of builtins): the command line stops.
        term.interrupted = term.interrupt_echo = true;
      } else if (sig == SIGHUP) {
        // The terminal went away: the jobs hear of it, then the shell ends.
        hangup_jobs(true);
        end_job_control();
        exit_shell(128 + SIGHUP);
      }
    }
    if (!traps.runs(sig)) continue;
    int saved = results.status;
    util::Assign<ast::Pos> keep_pos(frames.pos, frames.pos);
    {
      util::Assign<bool> trapping(traps.running, true);
      std::string action = *traps.action(sig);
      run_text(action, "trap");
    }
    results.status = saved;
  }
  return last;
}

void Shell::exit_shell(int status) {
  if (!session.exiting) {
    session.exiting = true;
    // Stopped jobs would wait forever: SIGHUP and SIGCONT end them (XCU 2.11).
    if (job_control()) hangup_jobs(false);
    if (traps.runs(0)) {
      std::string action = traps.take(0);
      results.status = status;
      try {
        frames.flow = Flow::None;
        run_text(action, "trap");
      } catch (const ShellExit& e) {
        status = e.status;
      }
    }
  }
  throw ShellExit{status};
}

}  // namespace fdsh::exec
