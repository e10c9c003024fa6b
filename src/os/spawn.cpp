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
  int err = 0;           ///< Fail: the errno to report
  const char* path = nullptr;
  std::string msg;       ///< message prefix; the errno text and a newline follow
  std::string msg_fixed; ///< or the whole message
  std::string msg_exist; ///< noclobber: the whole message when the file exists
};

/// What the child tells the parent through the memory vfork shares.
struct ChildReport {
  int failed_step = -1;  ///< index of the fd step that failed, -1: none
  int exec_errno = 0;    ///< errno of a failed exec
};

void child_write(const std::string& s) {
  const char* p = s.data();
  std::size_t n = s.size();
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

void child_write(const char* s) {
  std::size_t n = std::strlen(s);
  while (n > 0) {
    ssize_t w = ::write(2, s, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    s += w;
    n -= static_cast<std::size_t>(w);
  }
}

/// The errno text without locale or allocation (the parent's messages use the same words).
const char* errno_text(int e) {
  const char* d = ::strerrordesc_np(e);
  return d ? d : "Unknown error";
}

// ---- in the child: async-signal-safe calls only -------------------------------------------

/// Puts `opened` onto `target` (an open landed elsewhere); false with errno on failure.
bool child_place(int opened, int target) {
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
bool child_run(const ChildOp& op, bool& exists) {
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
      if (op.src == op.fd) {
        int f = ::fcntl(op.fd, F_GETFD);
        if (f < 0) return false;
        return ::fcntl(op.fd, F_SETFD, f & ~FD_CLOEXEC) >= 0;
      }
      int r;
      do r = ::dup2(op.src, op.fd);
      while (r < 0 && errno == EINTR);
      if (r < 0) return false;
      if (op.move) ::close(op.src);
      return true;
    }
    case ChildOp::Kind::Close: ::close(op.fd); return true;
    case ChildOp::Kind::Fail: errno = op.err; return false;
  }
  return true;
}

[[noreturn]] void child_fail_step(const ChildOp& op, int e, bool exists, volatile ChildReport* rep, int index) {
  rep->failed_step = index;
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
  std::string line = "spawn " + req.path;
  for (std::size_t i = 1; i < req.argv.size(); ++i) line += " " + req.argv[i];
  if (!req.fds.empty()) {
    line += " (child:";
    for (std::size_t i = 0; i < req.fds.size(); ++i) line += (i ? "; " : " ") + req.fds[i].describe();
    line += ")";
  }
  FdView v = inherited_view();
  simulate(req.fds, v, true);
  std::string fds;
  for (const auto& [fd, what] : v) fds += (fds.empty() ? "fd " : ", fd ") + std::to_string(fd) + " <- " + what;
  trace::emit(line + " [" + fds + "]");
}

}  // namespace

Result<int> spawn(const SpawnRequest& req) {
  // vfork + execve rather than posix_spawn: glibc's posix_spawn leaves its internal
  // signals (32, 33) ignored in the new program, and a child must see default dispositions.
  auto argv = detail::cvec(req.argv);
  auto envp = detail::cvec(req.env);
  std::vector<std::string> script_args;
  if (req.script_fallback) {
    // A file without #! that is not a binary runs as a script of a new fdsh.
    script_args.push_back(self_exe());
    script_args.push_back(req.path);
    script_args.insert(script_args.end(), req.argv.begin() + (req.argv.empty() ? 0 : 1), req.argv.end());
  }
  auto script_argv = detail::cvec(script_args);
  Sources sources;
  std::vector<ChildOp> ops = child_ops(req, sources);
  std::string exec_msg = req.exec_where;
  std::string binary_msg = req.exec_where.empty() ? "" : req.exec_where + "cannot execute binary file\n";
  if (trace::enabled) trace_spawn(req);

  sigset_t all, old;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, &old);
  volatile ChildReport report;
  sigset_t def;
  signals::child_default_set(&def);
  pid_t pid = vfork();
  if (pid == 0) {
    // In the child: only async-signal-safe calls; memory is shared with the parent.
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int s = 1; s < NSIG; ++s)
      if (sigismember(&def, s) == 1) sigaction(s, &sa, nullptr);
    if (req.ignore_int_quit) {
      sa.sa_handler = SIG_IGN;
      sigaction(SIGINT, &sa, nullptr);
      sigaction(SIGQUIT, &sa, nullptr);
    }
    if (req.pgid >= 0) setpgid(0, req.pgid);
    for (std::size_t i = 0; i < ops.size(); ++i) {
      bool exists = false;
      if (!child_run(ops[i], exists)) child_fail_step(ops[i], errno, exists, &report, static_cast<int>(i));
    }
    signals::restore_internal_signals();
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(req.path.c_str(), argv.data(), envp.data());
    int e = errno;
    if (e == ENOEXEC && req.script_fallback) {
      if (looks_binary(req.path.c_str())) {
        report.exec_errno = e;
        if (!binary_msg.empty()) child_write(binary_msg);
        _exit(126);
      }
      execve(script_argv[0], script_argv.data(), envp.data());
      e = errno;
    }
    report.exec_errno = e;
    if (!exec_msg.empty()) {
      child_write(exec_msg);
      child_write(errno_text(e));
      child_write("\n");
    }
    _exit(e == ENOENT ? 127 : 126);
  }
  int e = errno;
  sigprocmask(SIG_SETMASK, &old, nullptr);
  if (pid < 0) return unexpected(SysError{e, req.path});
  bool silent_failure = (report.failed_step >= 0 && where_of(req, static_cast<std::size_t>(report.failed_step)).empty()) ||
                        (report.exec_errno != 0 && req.exec_where.empty());
  if (silent_failure) {
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return unexpected(SysError{report.exec_errno ? report.exec_errno : EBADF, req.path});
  }
  if (trace::enabled && report.failed_step >= 0) trace::emit("child " + std::to_string(pid) + ": fd step " + std::to_string(report.failed_step + 1) + " failed");
  return static_cast<int>(pid);
}

}  // namespace fdsh::os
