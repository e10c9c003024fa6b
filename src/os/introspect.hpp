// os/introspect.hpp — what a process's fds are, read from /proc: target, type, access mode,
// flags, offset, and for pipes and sockets the processes that hold the same object.
#pragma once

#include <string>
#include <vector>

#include "util/result.hpp"

namespace fdsh::os {

/// One open fd of a process.
struct FdInfo {
  int fd = -1;
  std::string target;    ///< readlink of /proc/PID/fd/N: a path, pipe:[ino], socket:[ino], anon_inode:[x]
  std::string type;      ///< file, dir, pipe, fifo, socket, tty, chr, blk, anon, unknown
  std::string mode;      ///< r, w, rw
  long long pos = 0;     ///< file offset
  unsigned flags = 0;    ///< open flags (octal in fdinfo)
  bool cloexec = false;  ///< O_CLOEXEC
  bool append = false;
  bool nonblock = false;
};

/// Another holder of the same pipe or socket.
struct Peer {
  int pid = 0;
  std::string comm;
  int fd = -1;
};

/// The fds of process `pid` (0 = this process). Errors name the pid.
Result<std::vector<FdInfo>> list_fds(int pid);
/// Processes other than (pid, fd) that hold `target` (a pipe:[...] or socket:[...] link).
std::vector<Peer> find_holders(const std::string& target, int pid, int fd);

}  // namespace fdsh::os
