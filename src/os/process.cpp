// os/process.cpp — posix_spawn with default signal dispositions and an unblocked mask,
// fork for subshells, waitpid decoding.
#include "os/process.hpp"

#include <cerrno>
#include <cstring>
#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "os/fd.hpp"
#include "os/signals.hpp"
#include "os/trace.hpp"

extern char** environ;

namespace fdsh::os {

namespace detail {

std::vector<char*> cvec(const std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (const std::string& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace detail

using detail::cvec;

Result<std::pair<int, std::string>> run_filter(const std::string& path, const std::vector<std::string>& argv,
                                               const std::vector<std::string>& env, std::string_view input) {
  auto in = memfd_with(input, "filter-input");
  if (!in) return unexpected(in.error());
  int p[2];
  if (auto r = make_pipe(p); !r) {
    close_fd(*in);
    return unexpected(r.error());
  }
  SpawnRequest req;
  req.path = path;
  req.argv = argv;
  req.env = env;
  FdStep in_step;
  in_step.op = FdStep::Op::Take;
  in_step.src = *in;
  in_step.fd = 0;
  FdStep out_step = in_step;
  out_step.src = p[1];
  out_step.fd = 1;
  req.fds = {in_step, out_step};
  req.script_fallback = false;
  auto pid = spawn(req);
  close_fd(*in);
  close_fd(p[1]);
  if (!pid) {
    close_fd(p[0]);
    return unexpected(pid.error());
  }
  std::string out;
  auto r = read_all(p[0], out);
  close_fd(p[0]);
  auto st = wait_pid(*pid, false, false, false);
  if (!st) return unexpected(st.error());
  (void)r;
  return std::pair<int, std::string>{st->shell_status(), std::move(out)};
}

SysError exec_replace(const std::string& path, const std::vector<std::string>& argv,
                      const std::vector<std::string>& env) {
  signals::reset_for_exec();
  auto a = cvec(argv);
  auto e = cvec(env);
  if (trace::enabled) {
    std::string line = "exec " + trace::quote(path);
    for (std::size_t i = 1; i < argv.size(); ++i) line += " " + trace::quote(argv[i]);
    trace::emit(line + " " + view_trace(inherited_view()));
  }
  ::execve(path.c_str(), a.data(), e.data());
  int err = errno;
  // Only a failed exec returns: its line follows the one announcing it.
  if (trace::enabled) trace::emit("exec " + trace::quote(path) + trace::failure(err));
  return SysError{err, path};
}

Result<int> fork_process(const char* why) {
  pid_t p = ::fork();
  if (p < 0) {
    int e = errno;
    if (trace::enabled) trace::emit(std::string("fork (") + why + ")" + trace::failure(e));
    return unexpected(SysError{e, "fork"});
  }
  if (p > 0 && trace::enabled) trace::emit(std::string("fork (") + why + ") = " + std::to_string(p));
  return static_cast<int>(p);
}

void exit_now(int status) { ::_exit(status & 0xff); }

bool WaitStatus::exited() const { return WIFEXITED(raw); }
bool WaitStatus::signaled() const { return WIFSIGNALED(raw); }
bool WaitStatus::stopped() const { return WIFSTOPPED(raw); }
bool WaitStatus::continued() const { return WIFCONTINUED(raw); }
int WaitStatus::exit_code() const { return WEXITSTATUS(raw); }
int WaitStatus::term_signal() const { return WIFSIGNALED(raw) ? WTERMSIG(raw) : WIFSTOPPED(raw) ? WSTOPSIG(raw) : 0; }
bool WaitStatus::core_dumped() const { return WIFSIGNALED(raw) && WCOREDUMP(raw); }
int WaitStatus::shell_status() const {
  if (exited()) return exit_code();
  return 128 + term_signal();
}

Result<WaitStatus> wait_pid(int pid, bool nohang, bool untraced, bool eintr_returns, bool continued) {
  int opts = (nohang ? WNOHANG : 0) | (untraced ? WUNTRACED : 0) | (continued ? WCONTINUED : 0);
  for (;;) {
    int st = 0;
    pid_t r = ::waitpid(pid, &st, opts);
    if (r < 0) {
      if (errno == EINTR && !eintr_returns) continue;
      return unexpected(SysError{errno, "wait"});
    }
    WaitStatus w;
    w.pid = static_cast<int>(r);
    w.raw = st;
    return w;
  }
}

void set_pgid(int pid, int pgid) { ::setpgid(pid, pgid); }

void set_foreground(int tty_fd, int pgid) {
  // The shell may be in the background group briefly; SIGTTOU is ignored around this.
  signals::ScopedIgnore ign(SIGTTOU);
  ::tcsetpgrp(tty_fd, pgid);
}

int foreground_group(int tty_fd) { return ::tcgetpgrp(tty_fd); }

bool send_signal(int pid, int sig) { return ::kill(pid, sig) == 0; }

std::string self_exe() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "/bin/sh";
  return std::string(buf, static_cast<std::size_t>(n));
}

int pid() { return ::getpid(); }
int parent_pid() { return ::getppid(); }
int process_group() { return ::getpgrp(); }

}  // namespace fdsh::os
