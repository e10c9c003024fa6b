// exec/io.hpp — where builtins read and write: the shell's fds, or strings (unit tests).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "os/fd.hpp"
#include "util/result.hpp"

namespace fdsh::exec {

/// The streams of builtins. The default reads and writes the shell's fds; StringIo
/// (below) keeps output in strings and serves fd 0 from a string, so a builtin can be run
/// and checked without a process or a terminal.
class Streams {
 public:
  virtual ~Streams() = default;
  /// Writes all of `s` to `fd`; the errno on failure.
  virtual Result<Unit> write(int fd, std::string_view s);
  /// Reads at most `n` bytes of `fd`; 0 at end of input. `restart`: retry after EINTR.
  virtual Result<long> read(int fd, char* buf, unsigned long n, bool restart = true);
  /// Waits until `fd` is readable or `seconds` pass; false on timeout.
  virtual bool wait_readable(int fd, double seconds);
};

/// Streams in memory: fd 1 and fd 2 are appended to `out` and `err`, fd 0 reads `in`.
/// Other fds are the shell's. Redirections of 0, 1 and 2 made by the text being run change
/// the shell's fds, not these strings (`echo x >/dev/null` still lands in `out`).
class StringIo : public Streams {
 public:
  explicit StringIo(std::string input = {}) : in(std::move(input)) {}
  Result<Unit> write(int fd, std::string_view s) override;
  Result<long> read(int fd, char* buf, unsigned long n, bool restart = true) override;
  bool wait_readable(int fd, double seconds) override;
  std::string in, out, err;
  std::size_t in_pos = 0;
};

/// The shell's I/O state: the streams builtins use, the failure of a builtin's output, the
/// script being read and the fds of process substitutions still open.
struct Io {
  Streams* streams = nullptr;  ///< never null once the shell is made
  int builtin_depth = 0;       ///< builtins running
  bool out_failed = false;     ///< the innermost builtin's output failed
  os::Fd script_fd;            ///< the script file being read (private)
  bool stdin_rewind = false;   ///< the script comes from a seekable stdin: give unread text back
  std::vector<os::Fd> procsub_fds;  ///< shell ends of process substitutions
};

}  // namespace fdsh::exec
