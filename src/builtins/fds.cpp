// builtins/fds.cpp — `fds`, a built-in lsof: the fd tables of the shell and of other
// processes (type, target, mode, flags, offset, owner, memory-mapped files, and who holds
// the other end of every pipe, FIFO and socket), searches by path, port and user, a
// Graphviz picture of processes and their pipes, and `fds --plan` to show the fd plan of a
// command without running it. Everything is read from /proc through os/introspect.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <fcntl.h>
#include <sys/stat.h>

#include "builtins/shell_builtins.hpp"
#include "os/fd.hpp"
#include "os/fs.hpp"
#include "os/introspect.hpp"
#include "os/process.hpp"
#include "os/trace.hpp"
#include "plan/plan.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;
namespace proc = os::proc;

namespace {

const char* kUsage =
    "usage: fds [OPTIONS] [PATH ...]\n"
    "  fds                     the fd table of this shell (OWNER: user = opened by the script, fdsh = internal)\n"
    "  fds -p PID|%JOB ...     the fds and memory-mapped files of processes (lsof -p)\n"
    "  fds PATH ...            the processes that have PATH open or mapped (lsof PATH)\n"
    "  fds -i [tcp|udp][:PORT] the processes with a TCP/UDP socket on PORT (lsof -i :PORT)\n"
    "  fds -u USER             the fds of every process of USER (name or uid)\n"
    "  fds --tree [PID]        PID (default: this shell) and all its descendants\n"
    "  fds --plan 'COMMAND'    the fd plan of COMMAND (what fdsh would do), without running it\n"
    "output:\n"
    "  (default)               an aligned table; peers: -> reader of this write end, <- writer,\n"
    "                          <-> the other end of a socket, = another holder of the same end\n"
    "  --json                  JSON (schema: doc/fds.schema.json)\n"
    "  --dot                   Graphviz: processes as boxes, pipes, files and sockets as nodes,\n"
    "                          edges labelled with fd numbers in the direction data flows\n"
    "  --svg                   the same picture rendered by Graphviz's dot\n"
    "  --maps / --no-maps      include / leave out memory-mapped files (default: only with -p)\n"
    "  --no-peers              do not scan other processes for the other ends\n"
    "exit status: 0; 1 if a process cannot be read or nothing matches; 2 for a usage error\n";

std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else {
      o += static_cast<char>(c);
    }
  }
  return o + "\"";
}

std::string dot_str(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (c == '\n') {
      o += "\\n";
      continue;
    }
    o += c;
  }
  return o + "\"";
}

std::vector<std::string> flag_list(const proc::Fd& f) {
  std::vector<std::string> v;
  if (f.cloexec) v.push_back("cloexec");
  if (f.append) v.push_back("append");
  if (f.nonblock) v.push_back("nonblock");
  return v;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

/// A process as shown: its table plus the peers of each fd.
struct Shown {
  proc::Process p;
  bool self = false;
  std::vector<std::vector<proc::Holder>> peers;  ///< per fd
  std::vector<unsigned long long> peer_socket;   ///< per fd: inode of the connected socket
};

/// The object an fd refers to, as a key shared by all holders ("pipe:[12]", "/tmp/f").
std::string object_key(const proc::Fd& f) { return f.target; }

bool has_peers(const proc::Fd& f) {
  return f.type == "pipe" || f.type == "fifo" || f.type == "unix" || f.type.rfind("tcp", 0) == 0 ||
         f.type.rfind("udp", 0) == 0 || f.type == "socket";
}

/// The arrow of a peer relative to an fd: data flows from writers to readers.
std::string arrow(const proc::Fd& f, const proc::Holder& h, bool socket_peer) {
  if (socket_peer) return "<->";
  if (f.mode == h.mode && f.mode != "rw") return "=";
  if (f.mode == "w") return "->";
  if (f.mode == "r") return "<-";
  return h.mode == "w" ? "<-" : h.mode == "r" ? "->" : "<->";
}

/// How fds shows what it found.
struct Output {
  bool json = false, dot = false, svg = false, peers = true;
  int maps = -1;  // -1: default
};

class Fds {
 public:
  Fds(BuiltinContext& cx, const Output& o) : cx_(cx), o_(o) {}

  /// Reads process `pid` (0 = the shell). Reports an error and returns false if it cannot.
  bool add(int pid, bool explicit_pid) {
    int real = pid == 0 ? os::pid() : pid;
    for (const Shown& s : shown_)
      if (s.p.pid == real) return true;
    bool maps = o_.maps == 1 || (o_.maps == -1 && pid != 0 && !o_.dot);
    auto p = proc::read_process(pid == os::pid() ? 0 : pid, sockets(), maps);
    if (!p) {
      if (explicit_pid) {
        int e = p.error().err;
        cx_.error("fds: process " + std::to_string(real) + ": " +
                  (e == ENOENT ? std::string("no such process") : std::strerror(e)));
        failed_ = true;
      }
      return false;
    }
    Shown s;
    s.p = std::move(*p);
    s.self = real == os::pid();
    shown_.push_back(std::move(s));
    return true;
  }

  /// Keeps only the fds (and maps) matching `keep`; drops processes left with none.
  template <class F, class G>
  void filter(F keep_fd, G keep_map) {
    std::vector<Shown> out;
    for (Shown& s : shown_) {
      std::vector<proc::Fd> fds;
      for (auto& f : s.p.fds)
        if (keep_fd(s.p, f)) fds.push_back(std::move(f));
      std::vector<proc::MapEntry> maps;
      for (auto& m : s.p.maps)
        if (keep_map(m)) maps.push_back(std::move(m));
      s.p.fds = std::move(fds);
      s.p.maps = std::move(maps);
      if (!s.p.fds.empty() || !s.p.maps.empty()) out.push_back(std::move(s));
    }
    shown_ = std::move(out);
  }

  void resolve_peers() {
    if (!o_.peers) return;
    bool any = false;
    for (const Shown& s : shown_)
      for (const auto& f : s.p.fds) any = any || has_peers(f);
    if (!any) return;
    if (!index_) index_ = std::make_unique<proc::HolderIndex>(proc::HolderIndex::build());
    for (Shown& s : shown_) {
      s.peers.assign(s.p.fds.size(), {});
      s.peer_socket.assign(s.p.fds.size(), 0);
      for (std::size_t i = 0; i < s.p.fds.size(); ++i) {
        const proc::Fd& f = s.p.fds[i];
        if (!has_peers(f)) continue;
        unsigned long long other = 0;
        if (f.type == "unix") {
          auto it = sockets().unix_peer.find(f.inode);
          if (it != sockets().unix_peer.end()) other = it->second;
        } else if (f.type.rfind("tcp", 0) == 0) {
          other = sockets().inet_peer(f.inode);
        }
        s.peer_socket[i] = other;
        if (other) {
          s.peers[i] = index_->holders("socket:[" + std::to_string(other) + "]", -1, -1);
          for (auto& h : s.peers[i]) h.mode = "<->";
        }
        for (auto& h : index_->holders(f.target, s.p.pid, f.fd)) s.peers[i].push_back(std::move(h));
      }
    }
  }

  /// Adds the processes holding the other ends (for pictures).
  void add_peer_processes() {
    std::set<int> have;
    for (const Shown& s : shown_) have.insert(s.p.pid);
    std::set<int> more;
    for (const Shown& s : shown_)
      for (const auto& hs : s.peers)
        for (const auto& h : hs)
          if (!have.count(h.pid)) more.insert(h.pid);
    for (int p : more) add(p, false);
    for (Shown& s : shown_)
      if (s.peers.size() != s.p.fds.size()) {
        s.peers.assign(s.p.fds.size(), {});
        s.peer_socket.assign(s.p.fds.size(), 0);
      }
  }

  bool failed() const { return failed_; }
  bool empty() const { return shown_.empty(); }

  std::string table(bool one_process_view) const {
    bool color = os::is_tty(1) && cx_.shell.get_var("NO_COLOR").value_or("").empty();
    auto paint = [&](const std::string& s, const char* code) {
      return color ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
    };
    std::string out;
    char line[512];
    if (one_process_view) {
      for (const Shown& s : shown_) {
        if (!out.empty()) out += "\n";
        out += paint("process " + std::to_string(s.p.pid) + " (" + s.p.comm + ")", "1") +
               (s.p.cmdline.empty() ? "" : ": " + s.p.cmdline) + "\n";
        std::snprintf(line, sizeof line, "%-5s %-8s %-4s %-17s %10s %-5s %s\n", "FD", "TYPE", "MODE", "FLAGS",
                      "OFFSET", "OWNER", "TARGET");
        out += paint(line, "2");
        for (std::size_t i = 0; i < s.p.fds.size(); ++i) {
          const proc::Fd& f = s.p.fds[i];
          std::string owner = s.self ? (os::fd_table().is_private(f.fd) ? "fdsh" : "user") : "-";
          std::string fl = join(flag_list(f), ",");
          std::snprintf(line, sizeof line, "%-5d %s %-4s %-17s %10lld %-5s ", f.fd,
                        paint(pad(f.type, 8), type_color(f.type)).c_str(), f.mode.c_str(), fl.empty() ? "-" : fl.c_str(),
                        f.pos, owner.c_str());
          out += line + target_text(f) + peer_text(s, i, color) + "\n";
        }
        for (const proc::MapEntry& m : s.p.maps) {
          std::snprintf(line, sizeof line, "%-5s %s %-4s %-17s %10llu %-5s ", "mem",
                        paint(pad("mmap", 8), "35").c_str(), map_mode(m).c_str(), m.perms.c_str(), m.offset, "-");
          out += line + m.path + "\n";
        }
      }
      return out;
    }
    std::snprintf(line, sizeof line, "%-15s %7s %-5s %-8s %-4s %-17s %10s %s\n", "COMMAND", "PID", "FD", "TYPE", "MODE",
                  "FLAGS", "OFFSET", "TARGET");
    out += paint(line, "2");
    for (const Shown& s : shown_) {
      for (std::size_t i = 0; i < s.p.fds.size(); ++i) {
        const proc::Fd& f = s.p.fds[i];
        std::string fl = join(flag_list(f), ",");
        std::snprintf(line, sizeof line, "%-15s %7d %-5d %s %-4s %-17s %10lld ", s.p.comm.substr(0, 15).c_str(), s.p.pid,
                      f.fd, paint(pad(f.type, 8), type_color(f.type)).c_str(), f.mode.c_str(),
                      fl.empty() ? "-" : fl.c_str(), f.pos);
        out += line + target_text(f) + peer_text(s, i, color) + "\n";
      }
      for (const proc::MapEntry& m : s.p.maps) {
        std::snprintf(line, sizeof line, "%-15s %7d %-5s %s %-4s %-17s %10llu ", s.p.comm.substr(0, 15).c_str(), s.p.pid,
                      "mem", paint(pad("mmap", 8), "35").c_str(), map_mode(m).c_str(), m.perms.c_str(), m.offset);
        out += line + m.path + "\n";
      }
    }
    return out;
  }

  std::string json() const {
    std::string o = "{\"processes\": [";
    bool firstp = true;
    for (const Shown& s : shown_) {
      o += firstp ? "\n" : ",\n";
      firstp = false;
      o += "  {\"pid\": " + std::to_string(s.p.pid) + ", \"ppid\": " + std::to_string(s.p.ppid) +
           ", \"command\": " + json_str(s.p.comm) + ", \"cmdline\": " + json_str(s.p.cmdline) +
           ", \"uid\": " + std::to_string(s.p.uid) + ", \"user\": " + json_str(proc::user_name(s.p.uid)) +
           ", \"self\": " + (s.self ? "true" : "false") + ",\n   \"fds\": [";
      for (std::size_t i = 0; i < s.p.fds.size(); ++i) {
        const proc::Fd& f = s.p.fds[i];
        std::string owner = s.self ? (os::fd_table().is_private(f.fd) ? "fdsh" : "user") : "unknown";
        std::vector<std::string> fl;
        for (const auto& x : flag_list(f)) fl.push_back(json_str(x));
        o += std::string(i ? ",\n" : "\n") + "    {\"fd\": " + std::to_string(f.fd) + ", \"type\": " + json_str(f.type) +
             ", \"mode\": " + json_str(f.mode) + ", \"flags\": [" + join(fl, ", ") + "], \"offset\": " +
             std::to_string(f.pos) + ", \"owner\": " + json_str(owner) + ", \"target\": " + json_str(f.target) +
             ", \"inode\": " + std::to_string(f.inode);
        if (f.type == "unix" || f.type.rfind("tcp", 0) == 0 || f.type.rfind("udp", 0) == 0)
          o += ", \"socket\": {\"local\": " + json_str(f.local) + ", \"remote\": " + json_str(f.remote) +
               ", \"state\": " + json_str(f.state) + "}";
        o += ", \"peers\": [";
        if (i < s.peers.size())
          for (std::size_t k = 0; k < s.peers[i].size(); ++k) {
            const proc::Holder& h = s.peers[i][k];
            bool sock = h.mode == "<->";
            o += std::string(k ? ", " : "") + "{\"pid\": " + std::to_string(h.pid) + ", \"command\": " + json_str(h.comm) +
                 ", \"fd\": " + std::to_string(h.fd) + ", \"relation\": " +
                 json_str(sock ? "socket-peer" : relation(f, h)) + "}";
          }
        o += "]}";
      }
      o += std::string(s.p.fds.empty() ? "" : "\n   ") + "],\n   \"maps\": [";
      for (std::size_t i = 0; i < s.p.maps.size(); ++i) {
        const proc::MapEntry& m = s.p.maps[i];
        o += std::string(i ? ",\n" : "\n") + "    {\"path\": " + json_str(m.path) + ", \"perms\": " + json_str(m.perms) +
             ", \"offset\": " + std::to_string(m.offset) + ", \"inode\": " + std::to_string(m.inode) +
             ", \"device\": " + json_str(m.dev) + "}";
      }
      o += std::string(s.p.maps.empty() ? "" : "\n   ") + "]}";
    }
    return o + "\n]}\n";
  }

  std::string dot() const {
    std::string o = "digraph fds {\n  rankdir=LR;\n  node [fontname=\"monospace\", fontsize=10];\n"
                    "  edge [fontname=\"monospace\", fontsize=9];\n";
    std::set<int> pids;
    for (const Shown& s : shown_) pids.insert(s.p.pid);
    std::map<std::string, std::string> objects;  // key -> node id
    std::string edges;
    for (const Shown& s : shown_) {
      std::string label = std::to_string(s.p.pid) + " " + s.p.comm;
      std::string cmd = s.p.cmdline.size() > 40 ? s.p.cmdline.substr(0, 37) + "..." : s.p.cmdline;
      if (!cmd.empty() && cmd != s.p.comm) label += "\n" + cmd;
      o += "  p" + std::to_string(s.p.pid) + " [shape=box, style=\"rounded,filled\", fillcolor=\"" +
           (s.self ? "#ffe9a8" : "#dde8ff") + "\", label=" + dot_str(label) + "];\n";
      if (pids.count(s.p.ppid))
        edges += "  p" + std::to_string(s.p.ppid) + " -> p" + std::to_string(s.p.pid) +
                 " [style=dotted, arrowhead=empty, label=\"fork\"];\n";
      for (std::size_t i = 0; i < s.p.fds.size(); ++i) {
        const proc::Fd& f = s.p.fds[i];
        std::string key = object_key(f);
        auto it = objects.find(key);
        if (it == objects.end()) {
          std::string id = "o" + std::to_string(objects.size() + 1);
          it = objects.emplace(key, id).first;
          o += "  " + id + " [" + object_style(f) + ", label=" + dot_str(object_label(f)) + "];\n";
        }
        std::string p = "p" + std::to_string(s.p.pid);
        std::string fdl = "label=\"" + std::to_string(f.fd) + (f.cloexec ? " (cloexec)" : "") + "\"";
        if (f.mode == "w") edges += "  " + p + " -> " + it->second + " [" + fdl + "];\n";
        else if (f.mode == "r") edges += "  " + it->second + " -> " + p + " [" + fdl + "];\n";
        else edges += "  " + p + " -> " + it->second + " [dir=both, " + fdl + "];\n";
      }
    }
    // Connected sockets: an edge between the two socket nodes.
    std::set<std::pair<std::string, std::string>> linked;
    for (const Shown& s : shown_)
      for (std::size_t i = 0; i < s.p.fds.size() && i < s.peer_socket.size(); ++i) {
        if (!s.peer_socket[i]) continue;
        auto a = objects.find(object_key(s.p.fds[i]));
        auto b = objects.find("socket:[" + std::to_string(s.peer_socket[i]) + "]");
        if (a == objects.end() || b == objects.end()) continue;
        auto k = std::minmax(a->second, b->second);
        if (!linked.insert({k.first, k.second}).second) continue;
        edges += "  " + k.first + " -> " + k.second + " [dir=both, style=dashed, label=\"connected\"];\n";
      }
    return o + edges + "}\n";
  }

 private:
  static std::string pad(const std::string& s, std::size_t n) { return s.size() >= n ? s : s + std::string(n - s.size(), ' '); }
  static const char* type_color(const std::string& t) {
    if (t == "pipe" || t == "fifo") return "33";
    if (t == "unix" || t.rfind("tcp", 0) == 0 || t.rfind("udp", 0) == 0 || t == "socket") return "36";
    if (t == "tty" || t == "chr") return "32";
    if (t == "dir") return "34";
    return "0";
  }
  static std::string map_mode(const proc::MapEntry& m) {
    std::string s;
    if (m.perms.size() > 0 && m.perms[0] == 'r') s += "r";
    if (m.perms.size() > 1 && m.perms[1] == 'w') s += "w";
    return s.empty() ? "-" : s;
  }
  static std::string target_text(const proc::Fd& f) {
    if (f.type == "unix")
      return f.target + " " + (f.local.empty() ? std::string("(unnamed)") : f.local) +
             (f.state.empty() ? "" : " " + f.state);
    if (f.type.rfind("tcp", 0) == 0 || f.type.rfind("udp", 0) == 0)
      return f.target + " " + f.local + (f.remote.empty() ? "" : "->" + f.remote) + (f.state.empty() ? "" : " (" + f.state + ")");
    return f.target;
  }
  static std::string relation(const proc::Fd& f, const proc::Holder& h) {
    std::string a = arrow(f, h, false);
    return a == "->" ? "reader" : a == "<-" ? "writer" : a == "=" ? "same-end" : "peer";
  }
  std::string peer_text(const Shown& s, std::size_t i, bool color) const {
    if (i >= s.peers.size() || s.peers[i].empty()) return "";
    std::string t;
    for (const proc::Holder& h : s.peers[i]) {
      bool sock = h.mode == "<->";
      t += "  " + arrow(s.p.fds[i], h, sock) + " " + std::to_string(h.pid) + " " + h.comm + ":" + std::to_string(h.fd);
    }
    return color ? "\033[2m" + t + "\033[0m" : t;
  }
  static std::string object_style(const proc::Fd& f) {
    if (f.type == "pipe") return "shape=ellipse, style=filled, fillcolor=\"#fff3c4\"";
    if (f.type == "fifo") return "shape=ellipse, style=\"filled,dashed\", fillcolor=\"#fff3c4\"";
    if (f.type == "unix" || f.type.rfind("tcp", 0) == 0 || f.type.rfind("udp", 0) == 0 || f.type == "socket")
      return "shape=hexagon, style=filled, fillcolor=\"#d6f5e3\"";
    if (f.type == "tty" || f.type == "chr") return "shape=box, style=filled, fillcolor=\"#eeeeee\"";
    return "shape=note";
  }
  static std::string object_label(const proc::Fd& f) {
    if (f.type == "unix") return "unix " + (f.local.empty() ? f.target : f.local) + (f.state.empty() ? "" : "\n" + f.state);
    if (f.type.rfind("tcp", 0) == 0 || f.type.rfind("udp", 0) == 0)
      return f.type + " " + f.local + (f.remote.empty() ? "" : "\n-> " + f.remote) + (f.state.empty() ? "" : "\n" + f.state);
    return f.target;
  }

  proc::SocketTable& sockets() {
    if (!sockets_) sockets_ = std::make_unique<proc::SocketTable>(proc::SocketTable::load());
    return *sockets_;
  }

  BuiltinContext& cx_;
  Output o_;
  std::vector<Shown> shown_;
  std::unique_ptr<proc::SocketTable> sockets_;
  std::unique_ptr<proc::HolderIndex> index_;
  bool failed_ = false;
};

/// PID and all its descendants, parents first.
std::vector<int> descendants(int root) {
  std::multimap<int, int> children;
  for (int p : proc::all_pids()) {
    proc::StatusFields st;
    if (proc::read_status(p, st)) children.emplace(st.ppid, p);
  }
  std::vector<int> out{root};
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto [a, b] = children.equal_range(out[i]);
    for (auto it = a; it != b; ++it) out.push_back(it->second);
  }
  return out;
}

/// The command line of fds.
struct Options {
  Output output;
  bool help = false;                  ///< --help: print the usage, nothing else
  std::optional<std::string> plan;    ///< --plan COMMAND: print its fd plan, nothing else
  std::vector<std::string> pid_args;  ///< -p operands: PID, PID,PID,... or %JOB
  std::vector<std::string> paths;     ///< search by path
  bool have_inet = false;             ///< -i: search by socket
  std::string inet;                   ///< -i [tcp|udp|4|6][:PORT]
  bool have_user = false;             ///< -u USER: search by owner
  std::string user;
  bool tree = false;      ///< --tree: a process and its descendants
  std::string tree_root;  ///< --tree PID; empty: the shell

  /// fds PATH, -i or -u: only the fds that match, in any process.
  bool search() const { return !paths.empty() || have_inet || have_user; }
};

/// Fills `o` from the command line; false after reporting a usage error (status 2). --help
/// and --plan end the reading: what follows them is not looked at.
bool parse_options(BuiltinContext& cx, const std::vector<std::string>& argv, Options& o) {
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    auto need = [&](const char* what) -> const std::string* {
      if (i + 1 >= argv.size()) {
        cx.error("fds: " + a + " needs " + what + "\n" + kUsage);
        return nullptr;
      }
      return &argv[++i];
    };
    if (a == "--help" || a == "-h") {
      o.help = true;
      return true;
    } else if (a == "--json") {
      o.output.json = true;
    } else if (a == "--dot") {
      o.output.dot = true;
    } else if (a == "--svg") {
      o.output.svg = o.output.dot = true;
    } else if (a == "--maps") {
      o.output.maps = 1;
    } else if (a == "--no-maps") {
      o.output.maps = 0;
    } else if (a == "--no-peers") {
      o.output.peers = false;
    } else if (a == "--plan") {
      const std::string* cmd = need("a command");
      if (!cmd) return false;
      o.plan = *cmd;
      return true;
    } else if (a == "-p") {
      const std::string* v = need("a process id");
      if (!v) return false;
      o.pid_args.push_back(*v);
      while (i + 1 < argv.size() && !argv[i + 1].empty() &&
             (argv[i + 1][0] == '%' || argv[i + 1].find_first_not_of("0123456789,") == std::string::npos))
        o.pid_args.push_back(argv[++i]);
    } else if (a == "-i") {
      o.have_inet = true;
      if (i + 1 < argv.size() && !argv[i + 1].empty() && argv[i + 1][0] != '-') o.inet = argv[++i];
    } else if (a == "-u") {
      const std::string* v = need("a user");
      if (!v) return false;
      o.user = *v;
      o.have_user = true;
    } else if (a == "--tree") {
      o.tree = true;
      if (i + 1 < argv.size() && !argv[i + 1].empty() && argv[i + 1].find_first_not_of("0123456789") == std::string::npos)
        o.tree_root = argv[++i];
    } else if (a == "--") {
      for (++i; i < argv.size(); ++i) o.paths.push_back(argv[i]);
    } else if (!a.empty() && a[0] == '-') {
      cx.error("fds: " + a + ": unknown option\n" + kUsage);
      return false;
    } else {
      o.paths.push_back(a);
    }
  }
  return true;
}

/// The process ids the -p operands name: PID, PID,PID,... or %JOB (its processes still
/// running). Returns 0, or the status after reporting an error.
int resolve_pids(BuiltinContext& cx, const std::vector<std::string>& pid_args, std::vector<int>& pids) {
  for (const std::string& a : pid_args) {
    if (a[0] == '%') {
      std::string err;
      jobs::Job* j = cx.jobs.resolve(a, err);
      if (!j) {
        cx.error("fds: " + (err.empty() ? a + ": no such job" : err));
        return 1;
      }
      for (const auto& p : j->procs)
        if (!p.done) pids.push_back(p.pid);
      continue;
    }
    std::size_t start = 0;
    while (start <= a.size()) {
      std::size_t comma = a.find(',', start);
      std::string one = a.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (one.empty() || one.size() > 9 || one.find_first_not_of("0123456789") != std::string::npos) {
        cx.error("fds: " + a + ": not a process id");
        return 2;
      }
      pids.push_back(std::atoi(one.c_str()));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return 0;
}

/// --tree: PID (default: the shell) and all its descendants.
void add_tree(Fds& f, const std::string& tree_root) {
  int root = tree_root.empty() ? os::pid() : std::atoi(tree_root.c_str());
  for (int p : descendants(root)) f.add(p, p == root);
}

/// What a search (fds PATH, -i, -u) keeps of each process.
struct Search {
  bool by_user = false;
  unsigned uid = 0;
  bool by_path = false;
  std::vector<std::pair<unsigned long long, unsigned long long>> ids;  ///< device and inode of each path
  bool by_inet = false;
  std::string proto;  ///< "", tcp, udp, 4 or 6
  int port = -1;      ///< -1: any
  bool maps = false;  ///< --maps

  bool keep_fd(const proc::Process& p, const proc::Fd& fd) const {
    if (by_user && p.uid != uid) return false;
    if (by_path) {
      bool hit = false;
      for (const auto& id : ids)
        hit = hit || (fd.dev == id.first && fd.inode == id.second && fd.type != "pipe" && fd.type.find("tcp") &&
                      fd.type != "unix" && fd.type.find("udp"));
      if (!hit) return false;
    }
    if (by_inet) {
      bool tcp = fd.type.rfind("tcp", 0) == 0, udp = fd.type.rfind("udp", 0) == 0;
      if (!tcp && !udp) return false;
      if (proto == "tcp" && !tcp) return false;
      if (proto == "udp" && !udp) return false;
      if (proto == "6" && fd.type.back() != '6') return false;
      if (proto == "4" && fd.type.back() == '6') return false;
      if (port >= 0) {
        auto port_of = [](const std::string& addr) {
          std::size_t c = addr.rfind(':');
          return c == std::string::npos ? -1 : std::atoi(addr.c_str() + c + 1);
        };
        if (port_of(fd.local) != port && port_of(fd.remote) != port) return false;
      }
    }
    return true;
  }

  bool keep_map(const proc::MapEntry& m) const {
    if (!by_path) return !by_inet && maps;
    for (const auto& id : ids)
      if (m.inode == id.second) return true;
    return false;
  }
};

/// Reads -i [tcp|udp|4|6][:PORT] into `s`; returns 0, or 2 after reporting an error.
int parse_inet(BuiltinContext& cx, const std::string& inet, Search& s) {
  std::string spec = inet;
  std::size_t colon = spec.rfind(':');
  if (colon != std::string::npos) {
    std::string ps = spec.substr(colon + 1);
    if (ps.empty() || ps.find_first_not_of("0123456789") != std::string::npos || ps.size() > 5) {
      cx.error("fds: -i " + inet + ": bad port");
      return 2;
    }
    s.port = std::atoi(ps.c_str());
    spec = spec.substr(0, colon);
  }
  if (!spec.empty() && spec != "tcp" && spec != "udp" && spec != "4" && spec != "6") {
    cx.error("fds: -i " + inet + ": expected [tcp|udp|4|6][:PORT]");
    return 2;
  }
  s.proto = spec;
  return 0;
}

/// The search the command line asks for; returns 0, or the status after reporting an error.
int make_search(BuiltinContext& cx, const Options& o, Search& s) {
  s.by_user = o.have_user;
  s.by_path = !o.paths.empty();
  s.by_inet = o.have_inet;
  s.maps = o.output.maps == 1;
  if (o.have_user && !proc::user_id(o.user, s.uid)) {
    cx.error("fds: " + o.user + ": no such user");
    return 1;
  }
  // Paths: match by device and inode, so any spelling of the name works.
  for (const std::string& p : o.paths) {
    auto st = os::stat_path(p);
    if (!st) {
      cx.error("fds: " + p + ": " + std::strerror(errno));
      return 1;
    }
    s.ids.push_back({st->st_dev, st->st_ino});
  }
  return o.have_inet ? parse_inet(cx, o.inet, s) : 0;
}

/// fds PATH, -i, -u: keeps the matching fds of the processes in `f`, after reading every
/// process first when `scan_all` (no -p and no --tree). Returns 0, or the status after
/// reporting an error.
int search_processes(BuiltinContext& cx, const Options& o, bool scan_all, Fds& f) {
  Search s;
  if (int st = make_search(cx, o, s)) return st;
  if (scan_all) {
    for (int p : proc::all_pids()) {
      if (s.by_user) {
        proc::StatusFields st;
        if (!proc::read_status(p, st) || st.uid != s.uid) continue;
      }
      f.add(p, false);
    }
  }
  f.filter([&](const proc::Process& p, const proc::Fd& fd) { return s.keep_fd(p, fd); },
           [&](const proc::MapEntry& m) { return s.keep_map(m); });
  return 0;
}

/// --svg: `out` (Graphviz source) rendered by dot. Returns 0, or the status after
/// reporting an error.
int render_svg(BuiltinContext& cx, std::string& out) {
  std::string dot = cx.shell.find_command("dot");
  if (dot.empty()) {
    cx.error("fds: --svg needs Graphviz's `dot` (Debian package graphviz); `fds --dot` prints the source");
    return 127;
  }
  auto rendered = os::run_filter(dot, {"dot", "-Tsvg"}, cx.shell.child_env(), out);
  if (!rendered) {
    cx.error("fds: " + dot + ": " + std::strerror(rendered.error().err));
    return 1;
  }
  if (rendered->first != 0) {
    cx.error("fds: dot failed with status " + std::to_string(rendered->first));
    return 1;
  }
  out = rendered->second;
  return 0;
}

/// What fds prints: JSON, Graphviz (--dot, --svg) or the table. Returns 0, or the status
/// after reporting an error.
int render(BuiltinContext& cx, const Output& o, const Fds& f, bool one_process_view, std::string& out) {
  if (o.json) out = f.json();
  else if (o.dot) out = f.dot();
  else out = f.table(one_process_view);
  return o.svg ? render_svg(cx, out) : 0;
}

}  // namespace

int bi_fds(BuiltinContext& cx, std::vector<std::string>& argv) {
  Options o;
  if (!parse_options(cx, argv, o)) return 2;
  if (o.help) return cx.out(kUsage) ? 0 : 1;
  if (o.plan) return fds_plan(cx, *o.plan);

  Fds f(cx, o.output);
  bool one_process_view = true;
  std::vector<int> pids;
  if (int st = resolve_pids(cx, o.pid_args, pids)) return st;
  if (o.tree) {
    add_tree(f, o.tree_root);
    one_process_view = false;
  }
  for (int p : pids) f.add(p, true);
  bool search = o.search();
  if (search) {
    one_process_view = false;
    if (int st = search_processes(cx, o, pids.empty() && !o.tree, f)) return st;
  }
  if (pids.empty() && !o.tree && !search) {
    f.add(0, true);
    if (o.output.dot) {  // the shell and everything it started
      for (int p : descendants(os::pid())) f.add(p, false);
      one_process_view = false;
    }
  }
  f.resolve_peers();
  if (o.output.dot) f.add_peer_processes();
  if (f.failed() && f.empty()) return 1;
  if (search && f.empty()) return 1;

  std::string out;
  if (int st = render(cx, o.output, f, one_process_view, out)) return st;
  bool ok = cx.out(out);
  return !ok || f.failed() ? 1 : 0;
}

}  // namespace fdsh::builtins
