// os/introspect.hpp — what processes hold open, read from /proc: each fd's target, type,
// access mode, flags and offset; memory-mapped files; socket addresses from /proc/net;
// Unix socket peers from sock_diag; and, for every pipe, FIFO and socket, the processes
// holding the other end. The parsers are pure functions of the file text so they can be
// tested on fixtures; the readers skip processes that exit during a scan.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace fdsh::os::proc {

/// Fields of /proc/PID/fdinfo/N.
struct FdinfoFields {
  long long pos = 0;
  unsigned flags = 0;  ///< open flags (the kernel prints them in octal)
  bool ok = false;     ///< both fields were present
};
FdinfoFields parse_fdinfo(std::string_view text);

/// One file-backed mapping of /proc/PID/maps.
struct MapEntry {
  std::string path;
  std::string perms;  ///< rwxp / rwxs
  unsigned long long offset = 0;
  unsigned long long inode = 0;
  std::string dev;  ///< major:minor as printed
};
/// File-backed mappings (inode != 0), one per distinct file (the first mapping of each).
std::vector<MapEntry> parse_maps(std::string_view text);

/// A TCP or UDP socket from /proc/net/{tcp,tcp6,udp,udp6}.
struct InetSocket {
  unsigned long long inode = 0;
  std::string proto;   ///< tcp, tcp6, udp, udp6
  std::string local;   ///< 127.0.0.1:8080, [::1]:22
  std::string remote;  ///< empty for an unconnected socket
  std::string state;   ///< LISTEN, ESTABLISHED, ... (UDP: empty or ESTABLISHED)
  int local_port = 0;
  int remote_port = 0;
};
std::vector<InetSocket> parse_net_inet(std::string_view text, const std::string& proto);

/// A Unix-domain socket from /proc/net/unix.
struct UnixSocket {
  unsigned long long inode = 0;
  std::string path;  ///< bound name ("@name" for the abstract namespace), may be empty
  std::string kind;  ///< stream, dgram, seqpacket
  std::string state; ///< LISTEN, CONNECTED, UNCONNECTED, ...
};
std::vector<UnixSocket> parse_net_unix(std::string_view text);

/// Fields of /proc/PID/status.
struct StatusFields {
  std::string name;
  int ppid = 0;
  unsigned uid = 0;
};
StatusFields parse_status(std::string_view text);

/// The socket tables of the shell's network namespace.
struct SocketTable {
  std::map<unsigned long long, InetSocket> inet;
  std::map<unsigned long long, UnixSocket> unix_sockets;
  std::map<unsigned long long, unsigned long long> unix_peer;  ///< from sock_diag
  bool have_peers = false;                                     ///< sock_diag answered
  static SocketTable load();
  /// The socket at the other end of a connected TCP socket on this host, or 0.
  unsigned long long inet_peer(unsigned long long inode) const;
};

/// One open fd.
struct Fd {
  int fd = -1;
  std::string target;  ///< readlink of /proc/PID/fd/N
  /// file, dir, pipe, fifo, unix, tcp, tcp6, udp, udp6, socket, tty, chr, blk, memfd,
  /// eventfd, epoll, timerfd, signalfd, pidfd, inotify, anon, unknown
  std::string type;
  std::string mode;  ///< r, w, rw
  long long pos = 0;
  unsigned flags = 0;
  bool cloexec = false, append = false, nonblock = false;
  unsigned long long inode = 0;  ///< of the target (pipe, socket, file)
  unsigned long long dev = 0;
  // sockets
  std::string local, remote, state;
};

/// One process.
struct Process {
  int pid = 0;
  int ppid = 0;
  std::string comm;
  unsigned uid = 0;
  std::string cmdline;  ///< arguments joined by spaces
  std::vector<Fd> fds;
  std::vector<MapEntry> maps;
};

/// Reads one process (0 = this process; its /proc/self/fd handle is left out). Fails with
/// the errno of /proc/PID/fd (ENOENT: no such process; EACCES: not permitted).
Result<Process> read_process(int pid, const SocketTable& sockets, bool with_maps);
/// Every process id in /proc, ascending.
std::vector<int> all_pids();
/// Parent pid and uid of a process (from /proc/PID/status), or false if it is gone.
bool read_status(int pid, StatusFields& out);
/// The user name of a uid ("1000" when it has none).
std::string user_name(unsigned uid);
/// A uid from a user name or number; false when there is no such user.
bool user_id(const std::string& name, unsigned& uid);

/// Another process's (or another fd's) hold on an object.
struct Holder {
  int pid = 0;
  std::string comm;
  int fd = -1;
  std::string mode;  ///< r, w, rw (the mode of that fd)
};

/// Who holds what: every fd of every readable process, keyed by its link target.
class HolderIndex {
 public:
  /// Scans /proc once.
  static HolderIndex build();
  /// Holders of `target` (pipe:[N], socket:[N], or a path) other than (pid, fd).
  std::vector<Holder> holders(const std::string& target, int pid, int fd) const;

 private:
  struct Entry {
    int pid;
    int fd;
  };
  std::multimap<std::string, Entry> by_target_;
  std::map<int, std::string> comm_;
};

/// The mode letters of an fd of any process, from its fdinfo ("" if gone).
std::string fd_mode(int pid, int fd);

}  // namespace fdsh::os::proc
