// os/net.cpp — connecting sockets for redirections; getaddrinfo tries every address
// (IPv6 and IPv4) in order until one connects.
#include "os/net.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "os/trace.hpp"

namespace fdsh::os {

SocketTarget socket_target(const std::string& path) {
  SocketTarget t;
  if (path.rfind("/dev/", 0) != 0) return t;
  std::string_view kind = std::string_view(path).substr(5, 4);
  if (kind != "tcp/" && kind != "udp/" && kind != "unix") return t;  // /dev/null costs no stat
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return t;  // a real file wins
  auto split_host_port = [&](const std::string& rest) {
    auto slash = rest.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 >= rest.size()) return false;
    t.host = rest.substr(0, slash);
    t.port = rest.substr(slash + 1);
    return t.port.find('/') == std::string::npos;
  };
  if (path.rfind("/dev/tcp/", 0) == 0) {
    if (split_host_port(path.substr(9))) t.kind = SocketTarget::Tcp;
  } else if (path.rfind("/dev/udp/", 0) == 0) {
    if (split_host_port(path.substr(9))) t.kind = SocketTarget::Udp;
  } else if (path.rfind("/dev/unix/", 0) == 0 && path.size() > 10) {
    t.kind = SocketTarget::Unix;
    t.path = path.substr(9);  // keeps the leading '/'
  }
  return t;
}

Result<int> connect_socket(const SocketTarget& t) {
  if (t.kind == SocketTarget::Unix) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return unexpected(SysError{errno, "socket"});
    struct sockaddr_un addr;
    std::memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (t.path.size() >= sizeof addr.sun_path) {
      ::close(fd);
      return unexpected(SysError{ENAMETOOLONG, "unix:" + t.path});
    }
    std::memcpy(addr.sun_path, t.path.c_str(), t.path.size() + 1);
    int r;
    do {
      r = ::connect(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof addr);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
      int e = errno;
      ::close(fd);
      return unexpected(SysError{e, "unix:" + t.path});
    }
    trace::open("unix:" + t.path, 0, fd);
    return fd;
  }
  struct addrinfo hints;
  std::memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = t.kind == SocketTarget::Udp ? SOCK_DGRAM : SOCK_STREAM;
  struct addrinfo* res = nullptr;
  std::string name = t.host + ":" + t.port;
  int g = ::getaddrinfo(t.host.c_str(), t.port.c_str(), &hints, &res);
  if (g != 0) return unexpected(SysError{0, name + ": " + ::gai_strerror(g)});
  int last = ECONNREFUSED;
  for (struct addrinfo* a = res; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last = errno;
      continue;
    }
    int r;
    do {
      r = ::connect(fd, a->ai_addr, a->ai_addrlen);
    } while (r < 0 && errno == EINTR);
    if (r == 0) {
      ::freeaddrinfo(res);
      trace::open((t.kind == SocketTarget::Udp ? "udp:" : "tcp:") + name, 0, fd);
      return fd;
    }
    last = errno;
    ::close(fd);
  }
  ::freeaddrinfo(res);
  return unexpected(SysError{last, name});
}

}  // namespace fdsh::os
