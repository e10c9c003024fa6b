// os/trace.cpp — the fd trace: its private destination, the line format (results, errno
// names, quoted words) and the write of each line with the pid and the command's location.
#include "os/trace.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "os/fd.hpp"

namespace fdsh::os::trace {

bool enabled = false;
std::string where;

namespace {

// On the heap and never destroyed at exit: the FdTable it is registered with may already be
// gone by then.
Fd* dest = nullptr;

}  // namespace

int destination() { return dest ? dest->get() : -1; }

Result<Unit> start(int fd) {
  if (enabled) return Unit{};
  auto priv = dup_private(fd);  // not traced: tracing is still off
  if (!priv) return unexpected(priv.error());
  dest = new Fd(*priv);
  dest->make_private();
  enabled = true;
  return Unit{};
}

void stop() {
  if (!enabled) return;
  enabled = false;
  delete dest;  // closes it, untraced
  dest = nullptr;
}

void emit(const std::string& line) {
  // -1: the private copy could not be moved out of a user redirection's way.
  int trace_fd = destination();
  if (trace_fd < 0) return;
  int saved_errno = errno;  // callers report errno after tracing
  std::string out = "[fdtrace " + std::to_string(::getpid()) + "] ";
  if (!where.empty()) out += where + ": ";
  out += line;
  out += '\n';
  (void)write_all(trace_fd, out);
  errno = saved_errno;
}

}  // namespace fdsh::os::trace

namespace fdsh::os::trace {

namespace {

/// Bytes that never need quoting anywhere in a word.
bool plain_byte(unsigned char c) {
  if (c >= 0x80) return true;  // UTF-8 text: the shell gives it no meaning
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c != '\0' && std::strchr("_-./:,+=@%~", c) != nullptr;
}

bool control_byte(unsigned char c) { return c < 0x20 || c == 0x7f; }

/// $'...' text of a word holding control characters.
std::string dollar_quote(std::string_view word) {
  std::string s = "$'";
  for (unsigned char c : word) {
    switch (c) {
      case '\n': s += "\\n"; break;
      case '\t': s += "\\t"; break;
      case '\r': s += "\\r"; break;
      case '\\': s += "\\\\"; break;
      case '\'': s += "\\'"; break;
      default:
        if (control_byte(c)) {
          char b[8];
          std::snprintf(b, sizeof b, "\\%03o", c);
          s += b;
        } else {
          s += static_cast<char>(c);
        }
    }
  }
  return s + "'";
}

struct ErrnoName {
  int value;
  const char* name;
};

#define FDSH_ERRNO(e) {e, #e}
// Linux aliases (EWOULDBLOCK = EAGAIN, ENOTSUP = EOPNOTSUPP, EDEADLOCK = EDEADLK) appear once.
constexpr ErrnoName kErrnoNames[] = {
    FDSH_ERRNO(EPERM),        FDSH_ERRNO(ENOENT),       FDSH_ERRNO(ESRCH),        FDSH_ERRNO(EINTR),
    FDSH_ERRNO(EIO),          FDSH_ERRNO(ENXIO),        FDSH_ERRNO(E2BIG),        FDSH_ERRNO(ENOEXEC),
    FDSH_ERRNO(EBADF),        FDSH_ERRNO(ECHILD),       FDSH_ERRNO(EAGAIN),       FDSH_ERRNO(ENOMEM),
    FDSH_ERRNO(EACCES),       FDSH_ERRNO(EFAULT),       FDSH_ERRNO(EBUSY),        FDSH_ERRNO(EEXIST),
    FDSH_ERRNO(EXDEV),        FDSH_ERRNO(ENODEV),       FDSH_ERRNO(ENOTDIR),      FDSH_ERRNO(EISDIR),
    FDSH_ERRNO(EINVAL),       FDSH_ERRNO(ENFILE),       FDSH_ERRNO(EMFILE),       FDSH_ERRNO(ENOTTY),
    FDSH_ERRNO(ETXTBSY),      FDSH_ERRNO(EFBIG),        FDSH_ERRNO(ENOSPC),       FDSH_ERRNO(ESPIPE),
    FDSH_ERRNO(EROFS),        FDSH_ERRNO(EMLINK),       FDSH_ERRNO(EPIPE),        FDSH_ERRNO(ERANGE),
    FDSH_ERRNO(EDEADLK),      FDSH_ERRNO(ENAMETOOLONG), FDSH_ERRNO(ENOSYS),       FDSH_ERRNO(ENOTEMPTY),
    FDSH_ERRNO(ELOOP),        FDSH_ERRNO(EOVERFLOW),    FDSH_ERRNO(ENOTSOCK),     FDSH_ERRNO(EPROTOTYPE),
    FDSH_ERRNO(EPROTONOSUPPORT), FDSH_ERRNO(EOPNOTSUPP), FDSH_ERRNO(EAFNOSUPPORT), FDSH_ERRNO(EADDRINUSE),
    FDSH_ERRNO(EADDRNOTAVAIL), FDSH_ERRNO(ENETDOWN),    FDSH_ERRNO(ENETUNREACH),  FDSH_ERRNO(ECONNABORTED),
    FDSH_ERRNO(ECONNRESET),   FDSH_ERRNO(EISCONN),      FDSH_ERRNO(ENOTCONN),     FDSH_ERRNO(ETIMEDOUT),
    FDSH_ERRNO(ECONNREFUSED), FDSH_ERRNO(EHOSTUNREACH), FDSH_ERRNO(EALREADY),     FDSH_ERRNO(EINPROGRESS),
    FDSH_ERRNO(ESTALE),       FDSH_ERRNO(EDQUOT),
};
#undef FDSH_ERRNO

/// " = N" or the failure text.
std::string returns(long r, int err) { return err ? failure(err) : " = " + std::to_string(r); }

}  // namespace

std::string quote(std::string_view word) {
  bool plain = !word.empty() && word[0] != '~';  // a leading ~ would be expanded
  bool control = false;
  for (unsigned char c : word) {
    if (!plain_byte(c)) plain = false;
    if (control_byte(c)) control = true;
  }
  if (plain) return std::string(word);
  if (control) return dollar_quote(word);
  std::string s = "'";
  for (char c : word) {
    if (c == '\'') s += "'\\''";
    else s += c;
  }
  return s + "'";
}

std::string path_arg(std::string_view path) {
  std::string q = quote(path);
  return q.size() == path.size() ? "\"" + q + "\"" : q;
}

std::string errno_name(int err) {
  for (const ErrnoName& e : kErrnoNames)
    if (e.value == err) return e.name;
  return std::to_string(err);
}

std::string failure(int err) {
  const char* d = ::strerrordesc_np(err);
  return " = -1 " + errno_name(err) + " (" + (d ? d : "Unknown error") + ")";
}

std::string open_line(std::string_view path, int flags, int fd, int err) {
  return "open(" + path_arg(path) + ", " + open_flags(flags) + ")" + returns(fd, err);
}

std::string close_line(int fd, int err) { return "close(" + std::to_string(fd) + ")" + (err ? failure(err) : ""); }

std::string dup_line(int from, int to, bool cloexec, int err) {
  return "dup(" + std::to_string(from) + ")" + returns(to, err) + (cloexec && !err ? " [cloexec]" : "");
}

std::string dup2_line(int from, int to, int err) {
  return "dup2(" + std::to_string(from) + ", " + std::to_string(to) + ")" + (err ? failure(err) : "");
}

std::string cloexec_line(int fd, bool on, int err) {
  return "fcntl(" + std::to_string(fd) + ", F_SETFD, " + (on ? "FD_CLOEXEC" : "0") + ")" + (err ? failure(err) : "");
}

std::string pipe_line(int r, int w, int err) {
  if (err) return "pipe2(O_CLOEXEC)" + failure(err);
  return "pipe2(O_CLOEXEC) = [" + std::to_string(r) + "," + std::to_string(w) + "]";
}

std::string memfd_line(std::string_view name, int fd, int err) {
  return "memfd_create(" + path_arg(name) + ", MFD_CLOEXEC)" + returns(fd, err);
}

std::string socket_line(int family, int type, int fd, int err) {
  std::string f = family == AF_INET    ? "AF_INET"
                  : family == AF_INET6 ? "AF_INET6"
                  : family == AF_UNIX  ? "AF_UNIX"
                                       : std::to_string(family);
  std::string t = type == SOCK_STREAM ? "SOCK_STREAM" : type == SOCK_DGRAM ? "SOCK_DGRAM" : std::to_string(type);
  return "socket(" + f + ", " + t + ")" + returns(fd, err);
}

std::string connect_line(int fd, std::string_view address, int err) {
  return "connect(" + std::to_string(fd) + ", " + std::string(address) + ")" + returns(0, err);
}

std::string open_flags(int flags) {
  int acc = flags & O_ACCMODE;
  std::string s = acc == O_RDONLY ? "O_RDONLY" : acc == O_WRONLY ? "O_WRONLY" : acc == O_RDWR ? "O_RDWR" : "O_ACCMODE";
  // O_TMPFILE includes the O_DIRECTORY bit, so it is matched first.
  static const std::pair<int, const char*> names[] = {
      {O_CREAT, "O_CREAT"},       {O_EXCL, "O_EXCL"},       {O_TRUNC, "O_TRUNC"},         {O_APPEND, "O_APPEND"},
      {O_NONBLOCK, "O_NONBLOCK"}, {O_NOCTTY, "O_NOCTTY"},   {O_CLOEXEC, "O_CLOEXEC"},     {O_TMPFILE, "O_TMPFILE"},
      {O_DIRECTORY, "O_DIRECTORY"}, {O_NOFOLLOW, "O_NOFOLLOW"}, {O_SYNC, "O_SYNC"}};
  int rest = flags & ~O_ACCMODE;
  for (const auto& [bit, name] : names) {
    if ((rest & bit) != bit) continue;
    s += "|";
    s += name;
    rest &= ~bit;
  }
  if (rest) s += "|0" + [rest] {
    char b[16];
    std::snprintf(b, sizeof b, "%o", rest);
    return std::string(b);
  }();
  return s;
}

std::string fd_target(int fd) {
  char link[64], buf[1024];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = ::readlink(link, buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("?");
}

std::string inherited_fds(const int* remap) {
  std::string s;
  for (int fd = 0; fd < 10; ++fd) {
    int src = remap && fd < 3 && remap[fd] >= 0 ? remap[fd] : fd;
    int fl = ::fcntl(src, F_GETFD);
    if (fl < 0 || (src == fd && (fl & FD_CLOEXEC))) continue;
    int acc = ::fcntl(src, F_GETFL) & O_ACCMODE;
    const char* mode = acc == O_RDONLY ? "r" : acc == O_WRONLY ? "w" : "rw";
    s += (s.empty() ? "" : ", ") + std::string("fd ") + std::to_string(fd) + " <- " + fd_target(src) + " (" + mode + ")";
  }
  return "[" + s + "]";
}

}  // namespace fdsh::os::trace
