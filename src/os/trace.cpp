// os/trace.cpp — writes fd trace lines with the pid and the command's location.
#include "os/trace.hpp"

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
