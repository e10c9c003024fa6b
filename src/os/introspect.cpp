// os/introspect.cpp — /proc readers and parsers for `fds`. A process or fd that vanishes
// during a scan is skipped; nothing here runs another program.
#include "os/introspect.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

namespace fdsh::os::proc {

namespace {

std::string read_link(const std::string& p) {
  char buf[4096];
  ssize_t n = ::readlink(p.c_str(), buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

/// Whole small file (/proc files report size 0, so read until EOF). Empty on error.
bool read_file(const std::string& path, std::string& out) {
  out.clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > (64u << 20)) break;
  }
  ::close(fd);
  return true;
}

/// The numeric names in `dir`, ascending (none if it cannot be read; errno tells why).
/// `skip_own_handle` leaves out the fd of the directory stream itself (for /proc/self/fd).
std::vector<int> numeric_entries(const std::string& dir, bool skip_own_handle = false) {
  std::vector<int> out;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return out;
  int self = skip_own_handle ? ::dirfd(d) : -1;
  while (struct dirent* e = ::readdir(d)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    int n = std::atoi(e->d_name);
    if (n != self) out.push_back(n);
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

/// Splits text into lines (no trailing empty line).
std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

/// Whitespace-separated fields of a line.
std::vector<std::string_view> fields(std::string_view line, std::size_t max = 64) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size() && out.size() < max) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    std::size_t j = i;
    if (out.size() + 1 == max) {
      j = line.size();
    } else {
      while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    }
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

unsigned long long num(std::string_view s, int base = 10) {
  std::string t(s);
  return std::strtoull(t.c_str(), nullptr, base);
}

unsigned long long bracket_inode(const std::string& target) {
  std::size_t a = target.find('[');
  if (a == std::string::npos) return 0;
  return num(std::string_view(target).substr(a + 1), 10);
}

const char* tcp_state(unsigned st) {
  static const char* names[] = {"",          "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
                                "TIME_WAIT", "CLOSE",       "CLOSE_WAIT", "LAST_ACK", "LISTEN",   "CLOSING"};
  return st < sizeof names / sizeof names[0] ? names[st] : "UNKNOWN";
}

/// "0100007F:1F90" (IPv4) or 32 hex digits + ":PORT" (IPv6) as printed by the kernel.
std::string inet_address(std::string_view hex, bool v6, int& port) {
  std::size_t colon = hex.find(':');
  port = colon == std::string_view::npos ? 0 : static_cast<int>(num(hex.substr(colon + 1), 16));
  std::string_view a = hex.substr(0, colon);
  char text[INET6_ADDRSTRLEN] = "?";
  if (!v6 && a.size() == 8) {
    std::uint32_t v = static_cast<std::uint32_t>(num(a, 16));
    struct in_addr in;
    std::memcpy(&in, &v, sizeof v);
    ::inet_ntop(AF_INET, &in, text, sizeof text);
    return std::string(text) + ":" + std::to_string(port);
  }
  if (v6 && a.size() == 32) {
    struct in6_addr in6;
    for (int i = 0; i < 4; ++i) {
      std::uint32_t w = static_cast<std::uint32_t>(num(a.substr(static_cast<std::size_t>(i) * 8, 8), 16));
      std::memcpy(reinterpret_cast<unsigned char*>(&in6) + i * 4, &w, 4);
    }
    ::inet_ntop(AF_INET6, &in6, text, sizeof text);
    return "[" + std::string(text) + "]:" + std::to_string(port);
  }
  return std::string(hex);
}

std::string anon_type(const std::string& target) {
  static const std::pair<const char*, const char*> kinds[] = {
      {"[eventfd]", "eventfd"},   {"[eventpoll]", "epoll"}, {"[timerfd]", "timerfd"}, {"[signalfd]", "signalfd"},
      {"[pidfd]", "pidfd"},       {"inotify", "inotify"},   {"[fanotify]", "fanotify"}, {"[io_uring]", "io_uring"},
      {"[userfaultfd]", "userfaultfd"}};
  for (const auto& [key, name] : kinds)
    if (target.find(key) != std::string::npos) return name;
  return "anon";
}

/// Peers of Unix sockets from the kernel's sock_diag interface (NETLINK_SOCK_DIAG).
bool load_unix_peers(std::map<unsigned long long, unsigned long long>& out) {
  int s = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (s < 0) return false;
  struct {
    struct nlmsghdr nlh;
    struct unix_diag_req req;
  } msg;
  std::memset(&msg, 0, sizeof msg);
  msg.nlh.nlmsg_len = sizeof msg;
  msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  msg.req.sdiag_family = AF_UNIX;
  msg.req.udiag_states = ~0u;
  msg.req.udiag_show = UDIAG_SHOW_PEER;
  struct sockaddr_nl nl;
  std::memset(&nl, 0, sizeof nl);
  nl.nl_family = AF_NETLINK;
  if (::sendto(s, &msg, sizeof msg, 0, reinterpret_cast<struct sockaddr*>(&nl), sizeof nl) < 0) {
    ::close(s);
    return false;
  }
  alignas(struct nlmsghdr) char buf[32768];
  bool ok = false;
  for (bool done = false; !done;) {
    ssize_t n = ::recv(s, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    auto* h = reinterpret_cast<struct nlmsghdr*>(buf);
    int len = static_cast<int>(n);
    for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type == NLMSG_DONE) {
        done = ok = true;
        break;
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        done = true;
        break;
      }
      auto* m = reinterpret_cast<struct unix_diag_msg*>(NLMSG_DATA(h));
      int alen = static_cast<int>(h->nlmsg_len - NLMSG_LENGTH(sizeof *m));
      for (auto* a = reinterpret_cast<struct rtattr*>(m + 1); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
        if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= 4) {
          std::uint32_t peer;
          std::memcpy(&peer, RTA_DATA(a), 4);
          if (peer) out[m->udiag_ino] = peer;
        }
      }
    }
  }
  ::close(s);
  return ok;
}

}  // namespace

FdinfoFields parse_fdinfo(std::string_view text) {
  FdinfoFields f;
  bool pos = false, flags = false;
  for (std::string_view l : lines(text)) {
    auto fs = fields(l, 2);
    if (fs.size() < 2) continue;
    if (fs[0] == "pos:") {
      f.pos = static_cast<long long>(num(fs[1]));
      pos = true;
    } else if (fs[0] == "flags:") {
      f.flags = static_cast<unsigned>(num(fs[1], 8));
      flags = true;
    }
  }
  f.ok = pos && flags;
  return f;
}

std::vector<MapEntry> parse_maps(std::string_view text) {
  std::vector<MapEntry> out;
  std::set<std::pair<std::string, unsigned long long>> seen;
  for (std::string_view l : lines(text)) {
    auto fs = fields(l, 6);
    if (fs.size() < 6) continue;
    MapEntry m;
    m.perms = std::string(fs[1]);
    m.offset = num(fs[2], 16);
    m.dev = std::string(fs[3]);
    m.inode = num(fs[4]);
    m.path = std::string(fs[5]);
    if (m.inode == 0 || m.path.empty() || m.path[0] != '/') continue;
    if (!seen.insert({m.dev, m.inode}).second) continue;
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<InetSocket> parse_net_inet(std::string_view text, const std::string& proto) {
  std::vector<InetSocket> out;
  bool v6 = proto.back() == '6';
  bool tcp = proto.rfind("tcp", 0) == 0;
  for (std::string_view l : lines(text)) {
    auto fs = fields(l, 12);
    if (fs.size() < 10 || fs[0] == "sl") continue;
    InetSocket s;
    s.proto = proto;
    s.local = inet_address(fs[1], v6, s.local_port);
    s.remote = inet_address(fs[2], v6, s.remote_port);
    if (s.remote_port == 0) s.remote.clear();
    unsigned st = static_cast<unsigned>(num(fs[3], 16));
    s.state = tcp ? tcp_state(st) : (st == 1 ? "ESTABLISHED" : "");
    s.inode = num(fs[9]);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<UnixSocket> parse_net_unix(std::string_view text) {
  std::vector<UnixSocket> out;
  for (std::string_view l : lines(text)) {
    auto fs = fields(l, 8);
    if (fs.size() < 7 || fs[0] == "Num") continue;
    UnixSocket u;
    unsigned long flags = num(fs[3], 16);
    unsigned type = static_cast<unsigned>(num(fs[4], 16));
    unsigned st = static_cast<unsigned>(num(fs[5], 16));
    u.inode = num(fs[6]);
    if (fs.size() > 7) u.path = std::string(fs[7]);
    u.kind = type == 1 ? "stream" : type == 2 ? "dgram" : type == 5 ? "seqpacket" : "type" + std::to_string(type);
    if (flags & 0x10000) u.state = "LISTEN";
    else u.state = st == 1 ? "UNCONNECTED" : st == 2 ? "CONNECTING" : st == 3 ? "CONNECTED" : st == 4 ? "DISCONNECTING" : "";
    out.push_back(std::move(u));
  }
  return out;
}

StatusFields parse_status(std::string_view text) {
  StatusFields s;
  for (std::string_view l : lines(text)) {
    auto fs = fields(l, 3);
    if (fs.size() < 2) continue;
    if (fs[0] == "Name:") s.name = std::string(l.substr(l.find(':') + 1));
    else if (fs[0] == "PPid:") s.ppid = static_cast<int>(num(fs[1]));
    else if (fs[0] == "Uid:") s.uid = static_cast<unsigned>(num(fs[1]));
  }
  std::size_t b = s.name.find_first_not_of(" \t");
  s.name = b == std::string::npos ? std::string() : s.name.substr(b);
  return s;
}

SocketTable SocketTable::load() {
  SocketTable t;
  std::string text;
  for (const char* proto : {"tcp", "tcp6", "udp", "udp6"}) {
    if (!read_file(std::string("/proc/net/") + proto, text)) continue;
    for (InetSocket& s : parse_net_inet(text, proto)) t.inet[s.inode] = std::move(s);
  }
  if (read_file("/proc/net/unix", text))
    for (UnixSocket& u : parse_net_unix(text)) t.unix_sockets[u.inode] = std::move(u);
  t.have_peers = load_unix_peers(t.unix_peer);
  return t;
}

unsigned long long SocketTable::inet_peer(unsigned long long inode) const {
  auto it = inet.find(inode);
  if (it == inet.end() || it->second.remote.empty()) return 0;
  for (const auto& [ino, s] : inet)
    if (ino != inode && s.local == it->second.remote && s.remote == it->second.local) return ino;
  return 0;
}

bool read_status(int pid, StatusFields& out) {
  std::string text;
  if (!read_file("/proc/" + std::to_string(pid) + "/status", text) || text.empty()) return false;
  out = parse_status(text);
  return true;
}

std::string user_name(unsigned uid) {
  struct passwd pw;
  struct passwd* r = nullptr;
  char buf[4096];
  if (::getpwuid_r(uid, &pw, buf, sizeof buf, &r) == 0 && r) return r->pw_name;
  return std::to_string(uid);
}

bool user_id(const std::string& name, unsigned& uid) {
  if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
    uid = static_cast<unsigned>(std::strtoul(name.c_str(), nullptr, 10));
    return true;
  }
  struct passwd pw;
  struct passwd* r = nullptr;
  char buf[4096];
  if (::getpwnam_r(name.c_str(), &pw, buf, sizeof buf, &r) != 0 || !r) return false;
  uid = r->pw_uid;
  return true;
}

std::vector<int> all_pids() { return numeric_entries("/proc"); }

std::string fd_mode(int pid, int fd) {
  std::string text;
  if (!read_file("/proc/" + std::to_string(pid) + "/fdinfo/" + std::to_string(fd), text)) return "";
  FdinfoFields f = parse_fdinfo(text);
  if (!f.ok) return "";
  unsigned acc = f.flags & O_ACCMODE;
  return acc == O_RDONLY ? "r" : acc == O_WRONLY ? "w" : "rw";
}

Result<Process> read_process(int pid, const SocketTable& sockets, bool with_maps) {
  Process p;
  bool self = pid == 0;
  p.pid = self ? ::getpid() : pid;
  std::string base = "/proc/" + (self ? std::string("self") : std::to_string(pid));
  errno = 0;
  std::vector<int> fds = numeric_entries(base + "/fd", self);
  if (fds.empty() && errno != 0) return unexpected(SysError{errno, "process " + std::to_string(p.pid)});
  std::string text;
  StatusFields st;
  if (read_file(base + "/status", text)) st = parse_status(text);
  p.comm = st.name;
  p.ppid = st.ppid;
  p.uid = st.uid;
  if (read_file(base + "/cmdline", text)) {
    while (!text.empty() && text.back() == '\0') text.pop_back();
    std::replace(text.begin(), text.end(), '\0', ' ');
    p.cmdline = text;
  }
  for (int fd : fds) {
    Fd f;
    f.fd = fd;
    std::string link = base + "/fd/" + std::to_string(fd);
    f.target = read_link(link);
    if (f.target.empty()) continue;  // closed during the scan
    struct stat sb;
    bool have_stat = ::stat(link.c_str(), &sb) == 0;
    if (have_stat) {
      f.inode = sb.st_ino;
      f.dev = sb.st_dev;
    }
    if (f.target.rfind("pipe:", 0) == 0) {
      f.type = "pipe";
      f.inode = bracket_inode(f.target);
    } else if (f.target.rfind("socket:", 0) == 0) {
      f.inode = bracket_inode(f.target);
      f.type = "socket";
      if (auto u = sockets.unix_sockets.find(f.inode); u != sockets.unix_sockets.end()) {
        f.type = "unix";
        f.local = u->second.path;
        f.state = u->second.state;
      } else if (auto i = sockets.inet.find(f.inode); i != sockets.inet.end()) {
        f.type = i->second.proto;
        f.local = i->second.local;
        f.remote = i->second.remote;
        f.state = i->second.state;
      }
    } else if (f.target.rfind("anon_inode:", 0) == 0) {
      f.type = anon_type(f.target);
    } else if (!have_stat) {
      f.type = "unknown";
    } else if (S_ISREG(sb.st_mode)) {
      f.type = f.target.rfind("/memfd:", 0) == 0 ? "memfd" : "file";
    } else if (S_ISDIR(sb.st_mode)) {
      f.type = "dir";
    } else if (S_ISFIFO(sb.st_mode)) {
      f.type = "fifo";
    } else if (S_ISSOCK(sb.st_mode)) {
      f.type = "socket";
    } else if (S_ISBLK(sb.st_mode)) {
      f.type = "blk";
    } else if (S_ISCHR(sb.st_mode)) {
      bool tty = f.target.rfind("/dev/pts/", 0) == 0 || f.target.rfind("/dev/tty", 0) == 0 || f.target == "/dev/console";
      f.type = tty ? "tty" : "chr";
    } else {
      f.type = "unknown";
    }
    if (read_file(base + "/fdinfo/" + std::to_string(fd), text)) {
      FdinfoFields fi = parse_fdinfo(text);
      f.pos = fi.pos;
      f.flags = fi.flags;
    }
    unsigned acc = f.flags & O_ACCMODE;
    f.mode = acc == O_RDONLY ? "r" : acc == O_WRONLY ? "w" : "rw";
    f.cloexec = f.flags & O_CLOEXEC;
    f.append = f.flags & O_APPEND;
    f.nonblock = f.flags & O_NONBLOCK;
    p.fds.push_back(std::move(f));
  }
  if (with_maps && read_file(base + "/maps", text)) p.maps = parse_maps(text);
  return p;
}

HolderIndex HolderIndex::build() {
  HolderIndex idx;
  for (int p : all_pids()) {
    std::string base = "/proc/" + std::to_string(p);
    std::vector<int> fds = numeric_entries(base + "/fd");
    if (fds.empty()) continue;
    for (int f : fds) {
      std::string t = read_link(base + "/fd/" + std::to_string(f));
      if (!t.empty()) idx.by_target_.emplace(std::move(t), Entry{p, f});
    }
    std::string text;
    StatusFields st;
    if (read_file(base + "/status", text)) st = parse_status(text);
    idx.comm_[p] = st.name;
  }
  return idx;
}

std::vector<Holder> HolderIndex::holders(const std::string& target, int pid, int fd) const {
  std::vector<Holder> out;
  auto [a, b] = by_target_.equal_range(target);
  for (auto it = a; it != b; ++it) {
    if (it->second.pid == pid && it->second.fd == fd) continue;
    Holder h;
    h.pid = it->second.pid;
    h.fd = it->second.fd;
    auto c = comm_.find(h.pid);
    if (c != comm_.end()) h.comm = c->second;
    h.mode = fd_mode(h.pid, h.fd);
    if (h.mode.empty()) continue;  // gone since the scan
    out.push_back(std::move(h));
  }
  std::sort(out.begin(), out.end(), [](const Holder& x, const Holder& y) {
    return x.pid != y.pid ? x.pid < y.pid : x.fd < y.fd;
  });
  return out;
}

}  // namespace fdsh::os::proc
