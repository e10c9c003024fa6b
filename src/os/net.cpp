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

#include "os/fd.hpp"
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

namespace {

/// "127.0.0.1:8080", "[::1]:8080": a socket address as a trace line shows it.
std::string address_text(const struct sockaddr* a, socklen_t len) {
  char host[NI_MAXHOST], serv[NI_MAXSERV];
  if (::getnameinfo(a, len, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return "?";
  return a->sa_family == AF_INET6 ? "[" + std::string(host) + "]:" + serv : std::string(host) + ":" + serv;
}

/// socket() then connect(), both traced; the connected fd, or -1 with errno set.
int socket_and_connect(int family, int type, int protocol, const struct sockaddr* addr, socklen_t len,
                       const std::string& shown) {
  int fd = ::socket(family, type | SOCK_CLOEXEC, protocol);
  if (fd < 0) {
    int e = errno;
    trace::socket(family, type, -1, e);
    errno = e;
    return -1;
  }
  trace::socket(family, type, fd);
  int r;
  do {
    r = ::connect(fd, addr, len);
  } while (r < 0 && errno == EINTR);
  int e = r < 0 ? errno : 0;
  if (trace::enabled) trace::connect(fd, shown.empty() ? address_text(addr, len) : shown, e);
  if (r == 0) return fd;
  close_fd(fd);
  errno = e;
  return -1;
}

}  // namespace

Result<int> connect_socket(const SocketTarget& t) {
  if (t.kind == SocketTarget::Unix) {
    struct sockaddr_un addr;
    std::memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (t.path.size() >= sizeof addr.sun_path) return unexpected(SysError{ENAMETOOLONG, "unix:" + t.path});
    std::memcpy(addr.sun_path, t.path.c_str(), t.path.size() + 1);
    int fd = socket_and_connect(AF_UNIX, SOCK_STREAM, 0, reinterpret_cast<struct sockaddr*>(&addr), sizeof addr,
                                trace::enabled ? trace::quote(t.path) : std::string());
    if (fd < 0) return unexpected(SysError{errno, "unix:" + t.path});
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
    int fd = socket_and_connect(a->ai_family, a->ai_socktype, a->ai_protocol, a->ai_addr, a->ai_addrlen, "");
    if (fd >= 0) {
      ::freeaddrinfo(res);
      return fd;
    }
    last = errno;
  }
  ::freeaddrinfo(res);
  return unexpected(SysError{last, name});
}

}  // namespace fdsh::os
