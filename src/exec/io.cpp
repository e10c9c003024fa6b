// exec/io.cpp — the streams of builtins: the shell's fds, or strings.
#include "exec/io.hpp"

#include <algorithm>
#include <cstring>

namespace fdsh::exec {

Result<Unit> Streams::write(int fd, std::string_view s) { return os::write_all(fd, s); }

Result<long> Streams::read(int fd, char* buf, unsigned long n, bool restart) {
  return os::read_some(fd, buf, n, restart);
}

bool Streams::wait_readable(int fd, double seconds) { return os::wait_readable(fd, seconds); }

Result<Unit> StringIo::write(int fd, std::string_view s) {
  if (fd == 1) out += s;
  else if (fd == 2) err += s;
  else return Streams::write(fd, s);
  return Unit{};
}

Result<long> StringIo::read(int fd, char* buf, unsigned long n, bool restart) {
  if (fd != 0) return Streams::read(fd, buf, n, restart);
  unsigned long k = std::min<unsigned long>(n, in.size() - in_pos);
  std::memcpy(buf, in.data() + in_pos, k);
  in_pos += k;
  return static_cast<long>(k);
}

bool StringIo::wait_readable(int fd, double seconds) { return fd == 0 || Streams::wait_readable(fd, seconds); }

}  // namespace fdsh::exec
