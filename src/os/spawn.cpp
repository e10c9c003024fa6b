// os/spawn.cpp — starting an external program with its whole fd plan applied in the child
// (XCU 2.9.1.6 command execution, 2.7 redirection). The shell prepares what only it can
// (here-document sources, connected sockets) as private close-on-exec fds, turns every
// step into a small operation that needs no memory allocation, then vforks: the child
// opens, duplicates and closes in plan order, reports a failure itself on its own fd 2
// (where the plan has put stderr by then, as a forked shell would) and execs. The
// shell's fds 0, 1, 2 and the user's fds are never changed for an external command.
#include <cerrno>
#include <cstring>
#include <csignal>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <sched.h>
#include <sys/syscall.h>

#include "os/fd.hpp"
#include "os/net.hpp"
#include "os/process.hpp"
#include "os/signals.hpp"
#include "os/sys.hpp"
#include "os/trace.hpp"

namespace fdsh::os {

namespace detail {
std::vector<char*> cvec(const std::vector<std::string>& v);
}

namespace {

/// One fd operation for the child, ready to run without allocating.
struct ChildOp {
  enum class Kind : unsigned char { Open, Dup, Close, Fail } kind = Kind::Close;
  int fd = -1;
  int src = -1;
  int flags = 0;
  bool noclobber = false;
  bool move = false;
  /// Dup from a pipe end the pipeline spawner makes: 1 = the previous pipe's read end,
  /// 2 = the next pipe's write end (src is filled in at run time).
  unsigned char pipe_end = 0;
  int err = 0;           ///< Fail: the errno to report
  const char* path = nullptr;
  std::string msg;       ///< message prefix; the errno text and a newline follow
  std::string msg_fixed; ///< or the whole message
  std::string msg_exist; ///< noclobber: the whole message when the file exists
};

/// What the child tells the parent through the memory vfork shares.
struct ChildReport {
  int failed_step = -1;  ///< index of the fd step that failed, -1: none
  int step_errno = 0;    ///< errno of the failed fd step
  int exec_errno = 0;    ///< errno of a failed exec
};

// The code a child runs between vfork/clone and exec shares the parent's memory and may run
// on a borrowed stack: no instrumentation there.
#define FDSH_CHILD __attribute__((no_sanitize("address", "undefined")))

/// Writes to the child's fd 2, all of it unless an error other than EINTR stops it.
FDSH_CHILD void child_write(const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::write(2, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

FDSH_CHILD void child_write(const std::string& s) { child_write(s.data(), s.size()); }
FDSH_CHILD void child_write(const char* s) { child_write(s, std::strlen(s)); }

/// The errno text without locale or allocation (the parent's messages use the same words).
FDSH_CHILD const char* errno_text(int e) {
  const char* d = ::strerrordesc_np(e);
  return d ? d : "Unknown error";
}

// ---- in the child: async-signal-safe calls only -------------------------------------------

/// Puts `opened` onto `target` (an open landed elsewhere); false with errno on failure.
FDSH_CHILD bool child_place(int opened, int target) {
  if (opened == target) return true;
  int r;
  do r = ::dup2(opened, target);
  while (r < 0 && errno == EINTR);
  int e = errno;
  ::close(opened);
  errno = e;
  return r >= 0;
}

/// Runs one op; on failure returns false with errno set (the message is the caller's).
/// `ends` holds the pipe ends a pipeline spawner made for this stage ([0] read, [1] write).
FDSH_CHILD bool child_run(const ChildOp& op, bool& exists, const int* ends) {
  exists = false;
  switch (op.kind) {
    case ChildOp::Kind::Open: {
      int fd;
      if (op.noclobber) {
        // Create exclusively; only an existing file that is not a regular file may be opened.
        do fd = ::open(op.path, (op.flags & ~O_TRUNC) | O_CREAT | O_EXCL, 0666);
        while (fd < 0 && errno == EINTR);
        if (fd < 0 && errno == EEXIST) {
          struct stat sb;
          if (::stat(op.path, &sb) == 0 && S_ISREG(sb.st_mode)) {
            exists = true;
            errno = EEXIST;
            return false;
          }
          do fd = ::open(op.path, op.flags & ~(O_TRUNC | O_CREAT), 0666);
          while (fd < 0 && errno == EINTR);
        }
      } else {
        do fd = ::open(op.path, op.flags, 0666);
        while (fd < 0 && errno == EINTR);
      }
      if (fd < 0) return false;
      return child_place(fd, op.fd);
    }
    case ChildOp::Kind::Dup: {
      int from = op.pipe_end ? (ends ? ends[op.pipe_end - 1] : -1) : op.src;
      if (from < 0) {
        errno = EBADF;
        return false;
      }
      if (from == op.fd) {
        int f = ::fcntl(op.fd, F_GETFD);
        if (f < 0) return false;
        return ::fcntl(op.fd, F_SETFD, f & ~FD_CLOEXEC) >= 0;
      }
      int r;
      do r = ::dup2(from, op.fd);
      while (r < 0 && errno == EINTR);
      if (r < 0) return false;
      if (op.move) ::close(from);
      return true;
    }
    case ChildOp::Kind::Close: ::close(op.fd); return true;
    case ChildOp::Kind::Fail: errno = op.err; return false;
  }
  return true;
}

[[noreturn]] FDSH_CHILD void child_fail_step(const ChildOp& op, int e, bool exists, volatile ChildReport* rep, int index) {
  rep->failed_step = index;
  rep->step_errno = e;
  if (exists && !op.msg_exist.empty()) {
    child_write(op.msg_exist);
  } else if (!op.msg_fixed.empty()) {
    child_write(op.msg_fixed);
  } else if (!op.msg.empty()) {
    child_write(op.msg);
    child_write(errno_text(e));
    child_write("\n");
  }
  ::_exit(1);
}

// ---- in the parent -------------------------------------------------------------------------

/// Does fd `src` exist for the user at step i of the child's plan? User fds the shell holds
/// open and inheritable, and fds earlier steps gave the child; never the shell's private fds.
class Visibility {
 public:
  bool visible(int fd) const {
    if (std::find(closed_.begin(), closed_.end(), fd) != closed_.end()) return false;
    if (std::find(given_.begin(), given_.end(), fd) != given_.end()) return true;
    if (fd_table().is_private(fd)) return false;
    return fd_is_open(fd) && !fd_cloexec(fd);
  }
  void give(int fd) {
    std::erase(closed_, fd);
    if (std::find(given_.begin(), given_.end(), fd) == given_.end()) given_.push_back(fd);
  }
  void close(int fd) {
    std::erase(given_, fd);
    if (std::find(closed_.begin(), closed_.end(), fd) == closed_.end()) closed_.push_back(fd);
  }

 private:
  std::vector<int> given_, closed_;
};

/// Private fds the parent opened for the child; closed when the spawn is over.
struct Sources {
  std::vector<int> fds;
  ~Sources() {
    for (int fd : fds) close_fd(fd);
  }
  /// Keeps `fd` above every number the plan names, so no step can overwrite it first.
  Result<int> keep(int fd, int floor) {
    if (fd >= floor) {
      fds.push_back(fd);
      return fd;
    }
    auto moved = dup_private(fd, floor);
    close_fd(fd);
    if (!moved) return unexpected(moved.error());
    fds.push_back(*moved);
    return *moved;
  }
};

std::string where_of(const SpawnRequest& req, std::size_t i) { return i < req.fd_where.size() ? req.fd_where[i] : ""; }

/// Turns the plan into child operations. A step whose source the parent cannot prepare
/// (a here-document pipe, a socket that does not connect) becomes a Fail op at its place,
/// so earlier steps still happen in the child, as in a forked shell.
std::vector<ChildOp> child_ops(const SpawnRequest& req, Sources& src) {
  int floor = kFirstPrivateFd;
  for (const FdStep& s : req.fds) floor = std::max({floor, s.fd + 1, s.src + 1});
  std::vector<ChildOp> ops;
  ops.reserve(req.fds.size());
  Visibility vis;
  for (std::size_t i = 0; i < req.fds.size(); ++i) {
    const FdStep& s = req.fds[i];
    ChildOp op;
    op.fd = s.fd;
    std::string where = where_of(req, i);
    auto fail = [&](int e, const std::string& what, bool fixed) {
      op.kind = ChildOp::Kind::Fail;
      op.err = e;
      if (!where.empty()) (fixed ? op.msg_fixed : op.msg) = where + what;
    };
    std::string bad_src = std::to_string(s.src) + ": bad file descriptor\n";
    switch (s.op) {
      case FdStep::Op::Open: {
        SocketTarget sock = socket_target(s.path);
        if (sock.kind != SocketTarget::None) {
          auto c = connect_socket(sock);
          auto kept = c ? src.keep(*c, floor) : Result<int>(unexpected(c.error()));
          if (!kept) {
            const SysError& ce = kept.error();
            if (ce.err) fail(ce.err, "cannot connect to '" + ce.what + "': ", false);
            else fail(ECONNREFUSED, "cannot connect to '" + ce.what + "'\n", true);
            break;
          }
          op.kind = ChildOp::Kind::Dup;
          op.src = *kept;
          break;
        }
        op.kind = ChildOp::Kind::Open;
        op.path = s.path.c_str();
        op.flags = s.flags;
        op.noclobber = s.noclobber;
        if (!where.empty()) {
          op.msg = where + "cannot open '" + s.path + "': ";
          op.msg_exist = where + "cannot overwrite existing file '" + s.path + "'\n";
        }
        break;
      }
      case FdStep::Op::Data: {
        auto r = s.data_fd >= 0 ? reopen_for_reading(s.data_fd) : heredoc_fd(s.data);
        auto kept = r ? src.keep(*r, floor) : Result<int>(unexpected(r.error()));
        if (!kept) {
          fail(kept.error().err, "here-document: ", false);
          break;
        }
        op.kind = ChildOp::Kind::Dup;
        op.src = *kept;
        break;
      }
      case FdStep::Op::Take:
        op.kind = ChildOp::Kind::Dup;
        op.src = s.src;
        // src -1: a pipe end the pipeline spawner makes (fd 0 reads, 1 and 2 write).
        if (s.src < 0) op.pipe_end = s.fd == 0 ? 1 : 2;
        break;
      case FdStep::Op::Dup:
        if (s.src < 0 || !vis.visible(s.src)) {
          fail(EBADF, bad_src, true);
        } else {
          op.kind = ChildOp::Kind::Dup;
          op.src = s.src;
          op.move = s.move && s.src != s.fd;
          if (!where.empty()) op.msg_fixed = where + bad_src;
        }
        break;
      case FdStep::Op::Close:
        op.kind = ChildOp::Kind::Close;
        break;
    }
    if (s.op == FdStep::Op::Close) vis.close(s.fd);
    else vis.give(s.fd);
    if (op.kind == ChildOp::Kind::Dup && op.move) vis.close(op.src);
    ops.push_back(std::move(op));
  }
  return ops;
}

/// The trace line of a spawn: the program, the steps the child will take, and every fd the
/// program gets (worked out from the plan before anything happens).
void trace_spawn(const SpawnRequest& req) {
  std::string line = "spawn " + trace::quote(req.path);
  for (std::size_t i = 1; i < req.argv.size(); ++i) line += " " + trace::quote(req.argv[i]);
  if (!req.fds.empty()) {
    line += " (child:";
    for (std::size_t i = 0; i < req.fds.size(); ++i) line += (i ? "; " : " ") + req.fds[i].describe();
    line += ")";
  }
  FdView v = inherited_view();
  simulate(req.fds, v, true);
  trace::emit(line + " " + view_trace(v));
}

/// The trace line of a child that failed before running its program: the fd step or the
/// exec, with the errno the child saw.
void trace_child_failure(int pid, const SpawnRequest& req, const volatile ChildReport& report) {
  std::string line = "child " + std::to_string(pid) + ": ";
  if (report.failed_step >= 0) {
    auto i = static_cast<std::size_t>(report.failed_step);
    line += "fd step " + std::to_string(i + 1) + " failed: " + (i < req.fds.size() ? req.fds[i].describe() : "?") +
            trace::failure(report.step_errno);
  } else if (report.exec_errno) {
    line += "exec " + trace::quote(req.path) + trace::failure(report.exec_errno);
  } else {
    return;
  }
  trace::emit(line);
}

}  // namespace

namespace {

/// Everything a child needs, prepared in the parent so the child allocates nothing.
struct Prepared {
  const SpawnRequest* req = nullptr;
  std::vector<char*> argv, envp, script_argv;
  std::vector<std::string> script_args;
  Sources sources;
  std::vector<ChildOp> ops;
  std::string binary_msg;
  sigset_t def;
  volatile ChildReport report;

  explicit Prepared(const SpawnRequest& r) : req(&r) {
    argv = detail::cvec(r.argv);
    envp = detail::cvec(r.env);
    if (r.script_fallback) {
      // A file without #! that is not a binary runs as a script of a new fdsh.
      script_args.push_back(self_exe());
      script_args.push_back(r.path);
      script_args.insert(script_args.end(), r.argv.begin() + (r.argv.empty() ? 0 : 1), r.argv.end());
    }
    script_argv = detail::cvec(script_args);
    ops = child_ops(r, sources);
    binary_msg = r.exec_where.empty() ? "" : r.exec_where + "cannot execute binary file\n";
    signals::child_default_set(&def);
  }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;
};

/// In the child: default signal dispositions, the process group, the fd plan, exec.
/// `ends` are the pipe ends a pipeline spawner made for this stage (or null); `pgid` as in
/// SpawnRequest.
[[noreturn]] FDSH_CHILD void child_exec(Prepared& p, const int* ends, int pgid) {
  const SpawnRequest& req = *p.req;
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; ++s)
    if (sigismember(&p.def, s) == 1) sigaction(s, &sa, nullptr);
  if (req.ignore_int_quit) {
    sa.sa_handler = SIG_IGN;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGQUIT, &sa, nullptr);
  }
  if (pgid >= 0) {
    setpgid(0, pgid);
    // Every signal is blocked here, SIGTTOU too, so a child of a background group may do it.
    if (req.tty_fd >= 0) tcsetpgrp(req.tty_fd, getpgrp());
  }
  for (std::size_t i = 0; i < p.ops.size(); ++i) {
    bool exists = false;
    if (!child_run(p.ops[i], exists, ends)) child_fail_step(p.ops[i], errno, exists, &p.report, static_cast<int>(i));
  }
  signals::restore_internal_signals();
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(req.path.c_str(), p.argv.data(), p.envp.data());
  int e = errno;
  if (e == ENOEXEC && req.script_fallback) {
    if (looks_binary(req.path.c_str())) {
      p.report.exec_errno = e;
      if (!p.binary_msg.empty()) child_write(p.binary_msg);
      _exit(126);
    }
    execve(p.script_argv[0], p.script_argv.data(), p.envp.data());
    e = errno;
  }
  p.report.exec_errno = e;
  if (!req.exec_where.empty()) {
    child_write(req.exec_where);
    child_write(errno_text(e));
    child_write("\n");
  }
  _exit(e == ENOENT ? 127 : 126);
}

/// Blocks every signal for the life of a spawn (the child unblocks before exec).
struct BlockAll {
  sigset_t old;
  BlockAll() {
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &old);
  }
  ~BlockAll() { sigprocmask(SIG_SETMASK, &old, nullptr); }
  BlockAll(const BlockAll&) = delete;
  BlockAll& operator=(const BlockAll&) = delete;
};

}  // namespace

Result<int> spawn(const SpawnRequest& req) {
  // vfork + execve rather than posix_spawn: glibc's posix_spawn leaves its internal
  // signals (32, 33) ignored in the new program, and a child must see default dispositions.
  Prepared p(req);
  if (trace::enabled) trace_spawn(req);
  pid_t pid;
  int e;
  {
    BlockAll blocked;
    pid = vfork();
    if (pid == 0) child_exec(p, nullptr, req.pgid);
    e = errno;
  }
  if (pid < 0) {
    if (trace::enabled) trace::emit("vfork (spawn " + trace::quote(req.path) + ")" + trace::failure(e));
    return unexpected(SysError{e, req.path});
  }
  if (trace::enabled) trace_child_failure(pid, req, p.report);
  bool silent_failure = (p.report.failed_step >= 0 && where_of(req, static_cast<std::size_t>(p.report.failed_step)).empty()) ||
                        (p.report.exec_errno != 0 && req.exec_where.empty());
  if (silent_failure) {
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return unexpected(SysError{p.report.exec_errno ? p.report.exec_errno : EBADF, req.path});
  }
  return static_cast<int>(pid);
}

namespace {

/// A subshell stage, in the copy of the shell the spawner forked: its pipe ends onto 0/1/2,
/// the spawner's pipe ends closed, the shell's signal mask back, then the stage itself.
[[noreturn]] FDSH_CHILD void forked_stage(Prepared& p, const int* ends, const int* held, const sigset_t* mask) {
  for (std::size_t i = 0; i < p.ops.size(); ++i) {
    bool exists = false;
    if (!child_run(p.ops[i], exists, ends)) child_fail_step(p.ops[i], errno, exists, &p.report, static_cast<int>(i));
  }
  for (int k = 0; k < 3; ++k)
    if (held[k] >= 0) ::close(held[k]);
  sigprocmask(SIG_SETMASK, mask, nullptr);
  (*p.req->run)();
  _exit(1);
}

/// What the pipeline spawner shares with a stage it starts with clone().
struct StageStart {
  Prepared* prepared;
  const int* ends;
  int pgid;
};

FDSH_CHILD int stage_main(void* arg) {
  auto* s = static_cast<StageStart*>(arg);
  child_exec(*s->prepared, s->ends, s->pgid);
}

/// Moves a new pipe end above every fd the plans name (close-on-exec stays set).
FDSH_CHILD int child_lift(int fd, int floor) {
  if (fd >= floor) return fd;
  int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, floor);
  ::close(fd);
  return moved;
}

/// The state the pipeline spawner works with (in the shell's memory, shared by vfork).
struct SpawnerCtx {
  std::vector<std::unique_ptr<Prepared>>* prep;
  int* pids;
  std::size_t n;
  int floor;
  int group;
  char* stack_top;
  volatile int pipe_errno;
  int ends[2];
  StageStart start;
  const sigset_t* mask;    ///< the shell's signal mask, for forked stages
  volatile bool last_forked;  ///< the spawner forked the last stage and exits
};

/// The spawner: a vforked child sharing the shell's memory but with its own fd table. It
/// makes each pipe, starts every stage but the last as a sibling (CLONE_PARENT: a child of
/// the shell), closes the ends it is done with and becomes the last stage itself.
[[noreturn]] FDSH_CHILD void run_spawner(SpawnerCtx& c) {
  int prev_read = -1;
  int pgid = c.group;
  for (std::size_t i = 0; i < c.n; ++i) {
    bool last = i + 1 == c.n;
    int next_read = -1, out_write = -1;
    if (!last) {
      int pfd[2];
      if (::pipe2(pfd, O_CLOEXEC) < 0) {
        c.pipe_errno = errno;
        _exit(1);
      }
      next_read = child_lift(pfd[0], c.floor);
      out_write = child_lift(pfd[1], c.floor);
      if (next_read < 0 || out_write < 0) {
        c.pipe_errno = errno;
        _exit(1);
      }
    }
    c.ends[0] = prev_read;
    c.ends[1] = out_write;
    Prepared* p = (*c.prep)[i].get();
    if (p && p->req->run) {
      // A subshell stage: a copy of the shell (fork without glibc's bookkeeping, whose
      // handlers the shell does not use), whose parent is the shell.
      long pid = ::syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0L, nullptr, nullptr, 0L);
      if (pid == 0) {
        int held[3] = {prev_read, out_write, next_read};
        forked_stage(*p, c.ends, held, c.mask);
      }
      if (pid > 0) c.pids[i] = static_cast<int>(pid);
      if (last) {
        c.last_forked = true;
        _exit(0);
      }
      p = nullptr;
    }
    if (last) {
      if (!p) _exit(1);
      child_exec(*p, c.ends, pgid);
    }
    if (p) {
      c.start.prepared = p;
      c.start.pgid = pgid;
      int pid = ::clone(stage_main, c.stack_top, CLONE_VM | CLONE_VFORK | CLONE_PARENT | SIGCHLD, &c.start);
      if (pid > 0) {
        c.pids[i] = pid;
        if (pgid == 0) pgid = pid;
      }
    }
    if (prev_read >= 0) ::close(prev_read);
    if (out_write >= 0) ::close(out_write);
    prev_read = next_read;
  }
  _exit(1);  // not reached: the last stage execs or exits above
}

}  // namespace

bool pipeline_spawner_available() {
  static const bool shared = [] {
    volatile int seen = 0;
    pid_t pid = vfork();
    if (pid == 0) {
      seen = 1;
      _exit(0);
    }
    if (pid < 0) return false;
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return seen == 1;
  }();
  return shared;
}

Result<PipelineStart> spawn_pipeline(const std::vector<SpawnRequest>& stages, int group) {
  std::size_t n = stages.size();
  std::vector<std::unique_ptr<Prepared>> prep;
  prep.reserve(n);
  int floor = kFirstPrivateFd;
  for (const SpawnRequest& r : stages) {
    prep.push_back(r.path.empty() ? nullptr : std::make_unique<Prepared>(r));
    for (const FdStep& s : r.fds) floor = std::max({floor, s.fd + 1, s.src + 1});
  }
  if (trace::enabled) {
    trace::emit("spawn pipeline: " + std::to_string(n) + " stages; the spawner makes " + std::to_string(n - 1) +
                (n == 2 ? " pipe" : " pipes") + " in its own fd table");
    for (std::size_t i = 0; i < n; ++i) {
      if (!prep[i]) continue;
      if (stages[i].run) {
        std::string line = "fork " + stages[i].path + " (by the spawner; child:";
        for (std::size_t k = 0; k < stages[i].fds.size(); ++k) line += (k ? "; " : " ") + stages[i].fds[k].describe();
        trace::emit(line + ")");
      } else {
        trace_spawn(stages[i]);
      }
    }
  }
  std::vector<int> pids(n, 0);
  // A stack for the stages the spawner starts with clone(CLONE_VM | CLONE_VFORK): each runs
  // until its exec while the spawner waits, so one stack serves them in turn.
  constexpr std::size_t kStack = 64 * 1024;
  std::unique_ptr<char[]> stack(new char[kStack]);
  char* top = stack.get() + kStack;
  top -= reinterpret_cast<std::uintptr_t>(top) % 16;
  SpawnerCtx ctx{&prep, pids.data(), n, floor, group, top, 0, {-1, -1}, {nullptr, nullptr, -1}, nullptr, false};
  ctx.start.ends = ctx.ends;
  pid_t spawner;
  int e;
  {
    BlockAll blocked;
    ctx.mask = &blocked.old;
    spawner = vfork();
    if (spawner == 0) run_spawner(ctx);
    e = errno;
  }
  if (spawner < 0) return unexpected(SysError{e, stages.back().path});
  if (ctx.last_forked) {
    // The spawner forked the last stage and exited (vfork returned at its _exit): reap it.
    int st;
    while (waitpid(spawner, &st, 0) < 0 && errno == EINTR) {
    }
  } else {
    pids[n - 1] = spawner;
  }
  if (group >= 0) {
    // Also from the parent, so the group exists whichever side runs first.
    int pgid = group;
    for (int pid : pids) {
      if (pid <= 0) continue;
      if (pgid == 0) pgid = pid;
      setpgid(pid, pgid);
    }
  }
  if (trace::enabled) {
    std::string l = "spawn pipeline: pids";
    for (int pid : pids) l += " " + std::to_string(pid);
    if (ctx.pipe_errno) l += "; spawner's pipe2(O_CLOEXEC)" + trace::failure(ctx.pipe_errno);
    trace::emit(l);
  }
  return PipelineStart{std::move(pids), ctx.pipe_errno};
}

}  // namespace fdsh::os
