// os/trace.hpp — the fd trace (`set -o fdtrace`): every fd operation the shell performs,
// reported right after it happens, with its result or its errno. Lines go to a private
// close-on-exec copy of the fd that was stderr (or FDSH_TRACEFD) when tracing started, so
// they never land in a command's own `2>file` and never reach a child. Costs one branch when off.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace fdsh::os::trace {

/// True when tracing is on.
extern bool enabled;
/// The fd trace lines go to: the shell's private copy of the destination, -1 when tracing
/// is off. It is a private os::Fd, so the FdTable moves it to another number when a user
/// redirection needs this one.
int destination();
/// Source location prefix of the command being executed ("script:3:1").
extern std::string where;

/// Starts tracing to a private close-on-exec copy of `fd` (at 10 or above). Does nothing
/// when tracing is already on.
Result<Unit> start(int fd);
/// Stops tracing and closes the private copy.
void stop();

void emit(const std::string& line);
/// A word as the shell would read it back: plain words unchanged, others in single quotes
/// ('it'\''s'); words holding control characters (a newline would split a trace line) use
/// $'...' with backslash escapes.
std::string quote(std::string_view word);
/// A path argument of a trace line: "plain" in double quotes, like a C string, when it
/// needs no quoting; otherwise quote(path).
std::string path_arg(std::string_view path);
/// The symbolic name of an errno value ("ENOENT"), or its decimal number when the table
/// has no name for it.
std::string errno_name(int err);
/// The end of the line of a failed call: " = -1 ENOENT (No such file or directory)".
std::string failure(int err);
/// Open flags as C spells them: "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC".
std::string open_flags(int flags);
/// What fd `fd` of this process refers to, for trace lines: "pipe:[123]", "/dev/pts/0".
std::string fd_target(int fd);
/// "spawn" / "exec" annotation: the fds 0..9 a new program inherits, their targets and
/// modes: "[fd 0 <- /dev/pts/0 (rw), fd 1 <- pipe:[123] (w)]". `remap` (or null) gives,
/// for fds 0-2, a source fd the child will dup2 onto it first (-1: none).
std::string inherited_fds(const int* remap = nullptr);

// Line builders, out of line so that the inline reporters below stay one branch when off.
std::string open_line(std::string_view path, int flags, int fd, int err);
std::string close_line(int fd, int err);
std::string dup_line(int from, int to, bool cloexec, int err);
std::string dup2_line(int from, int to, int err);
std::string pipe_line(int r, int w, int err);
std::string cloexec_line(int fd, bool on, int err);
std::string memfd_line(std::string_view name, int fd, int err);
std::string socket_line(int family, int type, int fd, int err);
std::string connect_line(int fd, std::string_view address, int err);

// Reporters: call them after the operation with its result; `err` is the errno of a
// failed call (the result is then ignored), 0 on success.

/// open(path, flags) = fd.
inline void open(std::string_view path, int flags, int fd, int err = 0) {
  if (enabled) emit(open_line(path, flags, fd, err));
}
/// close(fd).
inline void close(int fd, int err = 0) {
  if (enabled) emit(close_line(fd, err));
}
/// dup(from) = to, through fcntl(F_DUPFD[_CLOEXEC]).
inline void dup(int from, int to, bool cloexec, int err = 0) {
  if (enabled) emit(dup_line(from, to, cloexec, err));
}
/// dup2(from, to).
inline void dup2(int from, int to, int err = 0) {
  if (enabled) emit(dup2_line(from, to, err));
}
/// fcntl(fd, F_SETFD, FD_CLOEXEC or 0): an fd made close-on-exec or inheritable.
inline void cloexec(int fd, bool on, int err = 0) {
  if (enabled) emit(cloexec_line(fd, on, err));
}
/// pipe2(O_CLOEXEC) = [r,w].
inline void pipe(int r, int w, int err = 0) {
  if (enabled) emit(pipe_line(r, w, err));
}
/// memfd_create(name, MFD_CLOEXEC) = fd.
inline void memfd(std::string_view name, int fd, int err = 0) {
  if (enabled) emit(memfd_line(name, fd, err));
}
/// socket(family, type) = fd; `type` without SOCK_CLOEXEC.
inline void socket(int family, int type, int fd, int err = 0) {
  if (enabled) emit(socket_line(family, type, fd, err));
}
/// connect(fd, address) = 0; `address` as the caller spells it ("127.0.0.1:80", "[::1]:80",
/// a quoted Unix socket path).
inline void connect(int fd, std::string_view address, int err = 0) {
  if (enabled) emit(connect_line(fd, address, err));
}

}  // namespace fdsh::os::trace
