// os/introspect.cpp — /proc/PID/fd and /proc/PID/fdinfo parsing. A process that exits
// during the scan just disappears from the result.
#include "os/introspect.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fdsh::os {

namespace {

std::string read_link(const std::string& p) {
  char buf[4096];
  ssize_t n = ::readlink(p.c_str(), buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

std::vector<int> numeric_entries(const std::string& dir) {
  std::vector<int> out;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return out;
  while (struct dirent* e = ::readdir(d)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    out.push_back(std::atoi(e->d_name));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

std::string classify(const std::string& proc_fd, const std::string& target) {
  if (target.rfind("pipe:", 0) == 0) return "pipe";
  if (target.rfind("socket:", 0) == 0) return "socket";
  if (target.rfind("anon_inode:", 0) == 0) return "anon";
  struct stat st;
  if (::stat(proc_fd.c_str(), &st) != 0) return "unknown";
  if (S_ISREG(st.st_mode)) return target.rfind("/memfd:", 0) == 0 ? "memfd" : "file";
  if (S_ISDIR(st.st_mode)) return "dir";
  if (S_ISFIFO(st.st_mode)) return "fifo";
  if (S_ISSOCK(st.st_mode)) return "socket";
  if (S_ISBLK(st.st_mode)) return "blk";
  if (S_ISCHR(st.st_mode)) {
    if (target.rfind("/dev/pts/", 0) == 0 || target.rfind("/dev/tty", 0) == 0 || target == "/dev/console") return "tty";
    return "chr";
  }
  return "unknown";
}

}  // namespace

Result<std::vector<FdInfo>> list_fds(int pid) {
  std::string base = "/proc/" + (pid == 0 ? std::string("self") : std::to_string(pid));
  DIR* d = ::opendir((base + "/fd").c_str());
  if (!d) return unexpected(SysError{errno, "process " + std::to_string(pid)});
  int self = pid == 0 ? ::dirfd(d) : -1;
  std::vector<int> fds;
  while (struct dirent* e = ::readdir(d)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    int fd = std::atoi(e->d_name);
    if (fd != self) fds.push_back(fd);
  }
  ::closedir(d);
  std::sort(fds.begin(), fds.end());
  std::vector<FdInfo> out;
  for (int fd : fds) {
    FdInfo info;
    info.fd = fd;
    std::string link = base + "/fd/" + std::to_string(fd);
    info.target = read_link(link);
    if (info.target.empty()) continue;  // closed during the scan
    info.type = classify(link, info.target);
    std::ifstream in(base + "/fdinfo/" + std::to_string(fd));
    std::string key, value;
    while (in >> key >> value) {
      if (key == "pos:") info.pos = std::atoll(value.c_str());
      else if (key == "flags:") info.flags = static_cast<unsigned>(std::strtoul(value.c_str(), nullptr, 8));
      std::getline(in, value);
    }
    unsigned acc = info.flags & O_ACCMODE;
    info.mode = acc == O_RDONLY ? "r" : acc == O_WRONLY ? "w" : "rw";
    info.cloexec = info.flags & O_CLOEXEC;
    info.append = info.flags & O_APPEND;
    info.nonblock = info.flags & O_NONBLOCK;
    out.push_back(std::move(info));
  }
  return out;
}

std::vector<Peer> find_holders(const std::string& target, int pid, int fd) {
  std::vector<Peer> out;
  int self = ::getpid();
  if (pid == 0) pid = self;
  for (int p : numeric_entries("/proc")) {
    std::string base = "/proc/" + std::to_string(p);
    for (int f : numeric_entries(base + "/fd")) {
      if (p == pid && f == fd) continue;
      if (read_link(base + "/fd/" + std::to_string(f)) != target) continue;
      Peer peer;
      peer.pid = p;
      peer.fd = f;
      std::ifstream comm(base + "/comm");
      std::getline(comm, peer.comm);
      out.push_back(peer);
    }
  }
  return out;
}

}  // namespace fdsh::os
