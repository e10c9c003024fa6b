// os/trace.cpp — writes fd trace lines with the pid and the command's location.
#include "os/trace.hpp"

#include <cstdio>

#include <fcntl.h>
#include <unistd.h>

namespace fdsh::os::trace {

bool enabled = false;
int trace_fd = 2;
std::string where;

void emit(const std::string& line) {
  std::string out = "[fdtrace " + std::to_string(::getpid()) + "] ";
  if (!where.empty()) out += where + ": ";
  out += line;
  out += '\n';
  ssize_t r = ::write(trace_fd, out.data(), out.size());
  (void)r;
}

}  // namespace fdsh::os::trace

namespace fdsh::os::trace {

std::string open_flags(int flags) {
  int acc = flags & O_ACCMODE;
  std::string s = acc == O_RDONLY ? "O_RDONLY" : acc == O_WRONLY ? "O_WRONLY" : acc == O_RDWR ? "O_RDWR" : "O_ACCMODE";
  static const std::pair<int, const char*> names[] = {
      {O_CREAT, "O_CREAT"},       {O_EXCL, "O_EXCL"},         {O_TRUNC, "O_TRUNC"},   {O_APPEND, "O_APPEND"},
      {O_NONBLOCK, "O_NONBLOCK"}, {O_NOCTTY, "O_NOCTTY"},     {O_CLOEXEC, "O_CLOEXEC"}, {O_DIRECTORY, "O_DIRECTORY"},
      {O_NOFOLLOW, "O_NOFOLLOW"}, {O_SYNC, "O_SYNC"}};
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
