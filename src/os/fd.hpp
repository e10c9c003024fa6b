// os/fd.hpp — file descriptors: opening (always O_CLOEXEC for the shell's own fds),
// duplicating to 10 or above, pipes, reads and writes that survive EINTR and short counts.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace fdsh::os {

/// Lowest fd number the shell uses for its own descriptors.
constexpr int kFirstPrivateFd = 10;

/// An fd the shell holds: move-only, closed when destroyed (close errors are ignored there,
/// the one place they are: a close that fails has still released the number). It knows
/// whether it is close-on-exec; every fd the shell opens for itself is, from birth. A
/// private Fd (make_private) is registered with the FdTable, which moves it to another
/// number when a user redirection needs its own, and tells `fds` it is the shell's.
class Fd {
 public:
  Fd() noexcept = default;
  /// Takes ownership of `fd`, whose close-on-exec flag is `cloexec`.
  explicit Fd(int fd, bool cloexec = true) noexcept : fd_(fd), cloexec_(cloexec) {}
  Fd(Fd&& o) noexcept;
  Fd& operator=(Fd&& o) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();

  int get() const noexcept { return fd_; }
  bool valid() const noexcept { return fd_ >= 0; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  bool cloexec() const noexcept { return cloexec_; }
  bool is_private() const noexcept { return private_; }
  /// Sets or clears close-on-exec (a process substitution's fd must be inherited).
  void set_cloexec(bool on);
  /// Gives the fd up without closing it (to a user variable, to a child's fd 0...).
  int release() noexcept;
  /// Closes it now.
  void reset() noexcept;
  /// Registers it as one of the shell's private fds (see FdTable).
  void make_private();

 private:
  friend class FdTable;
  void leave_registry() noexcept;
  int fd_ = -1;
  bool cloexec_ = true;
  bool private_ = false;
};

/// Both ends of a new pipe, close-on-exec.
struct Pipe {
  Fd read, write;
};
/// Creates a pipe (pipe2 with O_CLOEXEC).
Result<Pipe> open_pipe();

/// Opens `path` with `flags` (O_CLOEXEC is added) and `mode`.
Result<int> open_file(const std::string& path, int flags, int mode = 0666);
/// Closes fd, ignoring errors.
void close_fd(int fd);
/// Duplicates fd to the lowest free number >= min_fd, close-on-exec.
Result<int> dup_private(int fd, int min_fd = kFirstPrivateFd);
/// dup2(from, to); the result is inherited by children (no close-on-exec).
Result<Unit> dup_to(int from, int to);
/// True if fd is open.
bool fd_is_open(int fd);
/// Sets or clears close-on-exec; false when fd is not open.
bool set_cloexec(int fd, bool on);
/// True if fd has close-on-exec.
bool fd_cloexec(int fd);
/// Creates a pipe with both ends close-on-exec; [0] read, [1] write.
Result<Unit> make_pipe(int fds[2]);
/// Writes all of `data`, retrying on EINTR and short writes.
Result<Unit> write_all(int fd, std::string_view data);
/// Reads up to n bytes; 0 at EOF. Retries on EINTR only when `retry_eintr`.
Result<long> read_some(int fd, char* buf, unsigned long n, bool retry_eintr = true);
/// Reads everything until EOF, appending to out.
Result<Unit> read_all(int fd, std::string& out);
/// Creates an anonymous close-on-exec file holding `data`, positioned at 0 (memfd). `name`
/// says what it holds (it shows in /proc/PID/fd as /memfd:NAME and in the trace).
Result<int> memfd_with(std::string_view data, const char* name);
/// lseek wrapper; returns the new offset or an error.
Result<long long> seek(int fd, long long off, int whence);
/// Opens the temporary write side of a here-document pipe and returns the read end.
Result<int> heredoc_fd(std::string_view data);
/// A private, nameless read-write file for a huge here-document body: O_TMPFILE (never
/// linked, mode 0600, close-on-exec) in `tmpdir` (the shell's $TMPDIR) or /tmp, else an
/// anonymous memory file.
Result<int> spill_file(const std::string& tmpdir);
/// A new open file description reading `fd`'s file from offset 0 (for a spilled body
/// that may be redirected many times).
Result<int> reopen_for_reading(int fd);
/// Access mode flags of an open fd (O_RDONLY, O_WRONLY, O_RDWR) or -1.
int fd_access_mode(int fd);
/// Waits until fd is readable; timeout in seconds (0 = just poll). False on timeout.
bool wait_readable(int fd, double timeout);
/// Turns terminal echo off (or back on) for fd; returns false if fd is not a terminal.
bool set_echo(int fd, bool on);
/// True if fd refers to a terminal.
bool is_tty(int fd);
/// The name of the terminal on fd (/dev/pts/3), or "" if it is not one.
std::string tty_name(int fd);
/// Takes an exclusive advisory lock (flock) on fd, waiting for it; released when the
/// fd is closed. Used so that shells sharing a history file do not lose lines.
Result<Unit> lock_fd(int fd);
/// Cuts the file open on fd to `length` bytes (ftruncate).
Result<Unit> truncate_fd(int fd, long long length);

}  // namespace fdsh::os
