// os/fd.hpp — file descriptors: opening (always O_CLOEXEC for the shell's own fds),
// duplicating to 10 or above, pipes, reads and writes that survive EINTR and short counts.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace fdsh::os {

/// Lowest fd number the shell uses for its own descriptors.
constexpr int kFirstPrivateFd = 10;

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
/// Sets or clears close-on-exec.
void set_cloexec(int fd, bool on);
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
/// Creates an anonymous close-on-exec file holding `data`, positioned at 0 (memfd).
Result<int> memfd_with(std::string_view data);
/// lseek wrapper; returns the new offset or an error.
Result<long long> seek(int fd, long long off, int whence);
/// Opens the temporary write side of a here-document pipe and returns the read end.
Result<int> heredoc_fd(std::string_view data);
/// A private, nameless read-write file for a huge here-document body: O_TMPFILE (never
/// linked, mode 0600, close-on-exec) in $TMPDIR or /tmp, else an anonymous memory file.
Result<int> spill_file();
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

}  // namespace fdsh::os
