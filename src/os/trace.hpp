// os/trace.hpp — the fd trace (`set -o fdtrace`): every fd operation the shell performs,
// reported before it happens. Costs one branch when off.
#pragma once

#include <string>

namespace fdsh::os::trace {

/// True when tracing is on.
extern bool enabled;
/// Where trace lines go (default 2; FDSH_TRACEFD overrides).
extern int trace_fd;
/// Source location prefix of the command being executed ("script:3:1").
extern std::string where;

void emit(const std::string& line);
/// Open flags as C spells them: "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC".
std::string open_flags(int flags);
/// What fd `fd` of this process refers to, for trace lines: "pipe:[123]", "/dev/pts/0".
std::string fd_target(int fd);
/// "spawn" / "exec" annotation: the fds 0..9 a new program inherits, their targets and
/// modes: "[fd 0 <- /dev/pts/0 (rw), fd 1 <- pipe:[123] (w)]". `remap` (or null) gives,
/// for fds 0-2, a source fd the child will dup2 onto it first (-1: none).
std::string inherited_fds(const int* remap = nullptr);
inline void open(const std::string& path, int flags, int fd) {
  if (enabled) emit("open(\"" + path + "\", " + open_flags(flags) + ") = " + std::to_string(fd));
}
inline void close(int fd) {
  if (enabled) emit("close(" + std::to_string(fd) + ")");
}
inline void dup(int from, int to, bool cloexec) {
  if (enabled) emit("dup(" + std::to_string(from) + ") = " + std::to_string(to) + (cloexec ? " [cloexec]" : ""));
}
inline void dup2(int from, int to) {
  if (enabled) emit("dup2(" + std::to_string(from) + ", " + std::to_string(to) + ")");
}
inline void pipe(int r, int w) {
  if (enabled) emit("pipe2(O_CLOEXEC) = [" + std::to_string(r) + "," + std::to_string(w) + "]");
}

}  // namespace fdsh::os::trace
