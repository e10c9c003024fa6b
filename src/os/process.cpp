// os/process.cpp — posix_spawn with default signal dispositions and an unblocked mask,
// fork for subshells, waitpid decoding.
#include "os/process.hpp"

#include <cerrno>
#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "os/signals.hpp"
#include "os/trace.hpp"

extern char** environ;

namespace fdsh::os {

namespace {

std::vector<char*> cvec(const std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (const std::string& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

Result<int> spawn(const SpawnRequest& req) {
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
  sigset_t def;
  signals::child_default_set(&def);
  posix_spawnattr_setsigdefault(&attr, &def);
  sigset_t mask;
  sigemptyset(&mask);
  posix_spawnattr_setsigmask(&attr, &mask);
  if (req.pgid >= 0) {
    flags |= POSIX_SPAWN_SETPGROUP;
    posix_spawnattr_setpgroup(&attr, req.pgid);
  }
  posix_spawnattr_setflags(&attr, flags);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (req.dup_stdin >= 0) posix_spawn_file_actions_adddup2(&fa, req.dup_stdin, 0);
  if (req.dup_stdout >= 0) {
    posix_spawn_file_actions_adddup2(&fa, req.dup_stdout, 1);
    if (req.dup_stderr_too) posix_spawn_file_actions_adddup2(&fa, req.dup_stdout, 2);
  }
  auto argv = cvec(req.argv);
  auto envp = cvec(req.env);
  if (trace::enabled) {
    std::string line = "spawn " + req.path;
    for (std::size_t i = 1; i < req.argv.size(); ++i) line += " " + req.argv[i];
    trace::emit(line);
  }
  pid_t pid = 0;
  int rc = posix_spawn(&pid, req.path.c_str(), &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return unexpected(SysError{rc, req.path});
  return static_cast<int>(pid);
}

SysError exec_replace(const std::string& path, const std::vector<std::string>& argv,
                      const std::vector<std::string>& env) {
  signals::reset_for_exec();
  auto a = cvec(argv);
  auto e = cvec(env);
  if (trace::enabled) trace::emit("exec " + path);
  ::execve(path.c_str(), a.data(), e.data());
  return SysError{errno, path};
}

Result<int> fork_process() {
  if (trace::enabled) trace::emit("fork");
  pid_t p = ::fork();
  if (p < 0) return unexpected(SysError{errno, "fork"});
  return static_cast<int>(p);
}

void exit_now(int status) { ::_exit(status & 0xff); }

bool WaitStatus::exited() const { return WIFEXITED(raw); }
bool WaitStatus::signaled() const { return WIFSIGNALED(raw); }
bool WaitStatus::stopped() const { return WIFSTOPPED(raw); }
bool WaitStatus::continued() const { return WIFCONTINUED(raw); }
int WaitStatus::exit_code() const { return WEXITSTATUS(raw); }
int WaitStatus::signal() const { return WIFSIGNALED(raw) ? WTERMSIG(raw) : WIFSTOPPED(raw) ? WSTOPSIG(raw) : 0; }
bool WaitStatus::core_dumped() const { return WIFSIGNALED(raw) && WCOREDUMP(raw); }
int WaitStatus::shell_status() const {
  if (exited()) return exit_code();
  return 128 + signal();
}

Result<WaitStatus> wait_pid(int pid, bool nohang, bool untraced, bool eintr_returns) {
  int opts = (nohang ? WNOHANG : 0) | (untraced ? WUNTRACED : 0);
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
