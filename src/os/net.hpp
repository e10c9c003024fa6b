// os/net.hpp — sockets as redirection targets: /dev/tcp/HOST/PORT, /dev/udp/HOST/PORT
// (IPv4 and IPv6, as bash spells them) and /dev/unix/PATH (a Unix-domain stream socket at
// /PATH). They apply only where no real file of that name exists.
#pragma once

#include <string>

#include "util/result.hpp"

namespace fdsh::os {

/// What a special /dev path names.
struct SocketTarget {
  enum Kind { None, Tcp, Udp, Unix } kind = None;
  std::string host;  ///< TCP/UDP host
  std::string port;  ///< TCP/UDP port or service
  std::string path;  ///< Unix socket path
};

/// Recognises /dev/tcp/H/P, /dev/udp/H/P and /dev/unix/PATH; Kind::None for anything else
/// (including when a real file exists at that path).
SocketTarget socket_target(const std::string& path);
/// Connects a close-on-exec socket to the target; errors name the target.
Result<int> connect_socket(const SocketTarget& t);

}  // namespace fdsh::os
