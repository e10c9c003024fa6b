// os/fd.cpp — the fd primitives; every fd the shell opens for itself is close-on-exec from birth.
#include "os/fd.hpp"

#include <cerrno>
#include <fcntl.h>
#include <cstdlib>
#include <poll.h>
#include <termios.h>
#include <sys/mman.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/trace.hpp"

namespace fdsh::os {

Result<int> open_file(const std::string& path, int flags, int mode) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    int e = errno;
    trace::open(path, flags, -1, e);
    return unexpected(SysError{e, "open '" + path + "'"});
  }
  trace::open(path, flags, fd);
  return fd;
}

void close_fd(int fd) {
  if (fd < 0) return;
  int r = ::close(fd);
  trace::close(fd, r < 0 ? errno : 0);
}

Result<int> dup_private(int fd, int min_fd) {
  int r = ::fcntl(fd, F_DUPFD_CLOEXEC, min_fd);
  if (r < 0) {
    int e = errno;
    trace::dup(fd, -1, true, e);
    return unexpected(SysError{e, "dup " + std::to_string(fd)});
  }
  trace::dup(fd, r, true);
  return r;
}

Result<Unit> dup_to(int from, int to) {
  int r = 0;
  if (from == to) {
    // dup2 to itself is a no-op; the fd must still be inheritable.
    r = ::fcntl(from, F_GETFD);
    if (r >= 0) (void)set_cloexec(to, false);  // r >= 0: from is open
  } else {
    do {
      r = ::dup2(from, to);
    } while (r < 0 && errno == EINTR);
  }
  int e = r < 0 ? errno : 0;
  trace::dup2(from, to, e);
  if (e) return unexpected(SysError{e, "dup2"});
  return Unit{};
}

bool fd_is_open(int fd) { return ::fcntl(fd, F_GETFD) >= 0; }

bool set_cloexec(int fd, bool on) {
  int f = ::fcntl(fd, F_GETFD);
  if (f < 0) return false;
  if (((f & FD_CLOEXEC) != 0) == on) return true;  // already so: nothing to do or trace
  bool ok = ::fcntl(fd, F_SETFD, on ? (f | FD_CLOEXEC) : (f & ~FD_CLOEXEC)) == 0;
  trace::cloexec(fd, on, ok ? 0 : errno);
  return ok;
}

bool fd_cloexec(int fd) {
  int f = ::fcntl(fd, F_GETFD);
  return f >= 0 && (f & FD_CLOEXEC);
}

Result<Pipe> open_pipe() {
  int fds[2];
  if (auto r = make_pipe(fds); !r) return unexpected(r.error());
  Pipe p{Fd(fds[0]), Fd(fds[1])};
  // An end that landed on 0-2 (the shell was started with one closed) would be closed by
  // the very wiring that puts it there: keep the ends above the standard fds.
  for (Fd* e : {&p.read, &p.write}) {
    if (e->get() > 2) continue;
    auto moved = dup_private(e->get());
    if (!moved) return unexpected(moved.error());
    *e = Fd(*moved);
  }
  return p;
}

Result<Unit> make_pipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) < 0) {
    int e = errno;
    trace::pipe(-1, -1, e);
    return unexpected(SysError{e, "pipe"});
  }
  trace::pipe(fds[0], fds[1]);
  return Unit{};
}

Result<Unit> write_all(int fd, std::string_view data) {
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return unexpected(SysError{errno, "write"});
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return Unit{};
}

Result<long> read_some(int fd, char* buf, unsigned long n, bool retry_eintr) {
  for (;;) {
    ssize_t r = ::read(fd, buf, n);
    if (r >= 0) return static_cast<long>(r);
    if (errno == EINTR && retry_eintr) continue;
    return unexpected(SysError{errno, "read"});
  }
}

Result<Unit> read_all(int fd, std::string& out) {
  char buf[65536];
  for (;;) {
    auto r = read_some(fd, buf, sizeof buf);
    if (!r) return unexpected(r.error());
    if (*r == 0) return Unit{};
    out.append(buf, static_cast<std::size_t>(*r));
  }
}

Result<int> memfd_with(std::string_view data, const char* name) {
  int fd = ::memfd_create(name, MFD_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    trace::memfd(name, -1, e);
    return unexpected(SysError{e, "memfd_create"});
  }
  trace::memfd(name, fd);
  ::fchmod(fd, 0600);  // memory files start world-readable; here-documents are private
  auto w = write_all(fd, data);
  if (!w) {
    close_fd(fd);
    return unexpected(w.error());
  }
  ::lseek(fd, 0, SEEK_SET);
  return fd;
}

Result<long long> seek(int fd, long long off, int whence) {
  off_t r = ::lseek(fd, off, whence);
  if (r < 0) return unexpected(SysError{errno, "lseek"});
  return static_cast<long long>(r);
}

Result<int> spill_file(const std::string& tmpdir) {
  for (const char* dir : {tmpdir.c_str(), "/tmp"}) {
    if (!*dir) continue;
    int fd = ::open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC | O_EXCL, 0600);
    trace::open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC | O_EXCL, fd, fd < 0 ? errno : 0);
    if (fd >= 0) return fd;
  }
  return memfd_with("", "here-document");
}

Result<int> reopen_for_reading(int fd) {
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  int r = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  int e = r < 0 ? errno : 0;
  trace::open(path, O_RDONLY | O_CLOEXEC, r, e);
  if (r < 0) return unexpected(SysError{e, "here-document"});
  return r;
}

Result<int> heredoc_fd(std::string_view data) {
  // Small bodies go through a pipe (never blocks: it fits in the pipe buffer);
  // large ones through an anonymous memory file, never a named temporary.
  if (data.size() <= 4096) {
    int p[2];
    auto r = make_pipe(p);
    if (!r) return unexpected(r.error());
    auto w = write_all(p[1], data);
    close_fd(p[1]);
    if (!w) {
      close_fd(p[0]);
      return unexpected(w.error());
    }
    return p[0];
  }
  return memfd_with(data, "here-document");
}

int fd_access_mode(int fd) {
  int f = ::fcntl(fd, F_GETFL);
  if (f < 0) return -1;
  return f & O_ACCMODE;
}

bool is_tty(int fd) { return ::isatty(fd) == 1; }

std::string tty_name(int fd) {
  char buf[256];
  if (::ttyname_r(fd, buf, sizeof buf) != 0) return "";
  return buf;
}

Result<Unit> lock_fd(int fd) {
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) return unexpected(SysError{errno, "flock"});
  }
  return Unit{};
}

Result<Unit> truncate_fd(int fd, long long length) {
  while (::ftruncate(fd, static_cast<off_t>(length)) != 0) {
    if (errno != EINTR) return unexpected(SysError{errno, "ftruncate"});
  }
  return Unit{};
}

bool set_echo(int fd, bool on) {
  struct termios t;
  if (::tcgetattr(fd, &t) != 0) return false;
  if (on) t.c_lflag |= ECHO;
  else t.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  return ::tcsetattr(fd, TCSANOW, &t) == 0;
}

bool wait_readable(int fd, double timeout) {
  struct pollfd p;
  p.fd = fd;
  p.events = POLLIN;
  p.revents = 0;
  int ms = timeout <= 0 ? 0 : static_cast<int>(timeout * 1000 + 0.5);
  for (;;) {
    int r = ::poll(&p, 1, ms);
    if (r < 0 && errno == EINTR) return false;
    return r > 0;
  }
}

}  // namespace fdsh::os
