// builtins/fds.cpp — `fds`, a built-in lsof: the fd table of the shell or of other
// processes (type, target, mode, flags, offset, owner, and who holds the other end of a
// pipe or socket), and `fds --plan` to show the fd plan of a command without running it.
#include <cstring>

#include "builtins/shell_builtins.hpp"
#include "os/introspect.hpp"
#include "os/process.hpp"
#include "plan/plan.hpp"

namespace fdsh::builtins {

using exec::Shell;

namespace {

const char* kUsage =
    "usage: fds [--json] [-p PID ...]      the fd table of this shell or of processes\n"
    "       fds --plan 'COMMAND'           the fd plan of COMMAND, without running it\n";

std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
      continue;
    }
    o += c;
  }
  return o;
}

std::string flag_text(const os::FdInfo& f) {
  std::string s;
  if (f.cloexec) s += "cloexec";
  if (f.append) s += std::string(s.empty() ? "" : ",") + "append";
  if (f.nonblock) s += std::string(s.empty() ? "" : ",") + "nonblock";
  return s.empty() ? "-" : s;
}

int show_table(Shell& sh, int pid, bool json, bool& first_json) {
  auto fds = os::list_fds(pid);
  if (!fds) {
    sh.error("fds: " + fds.error().what + ": " + std::strerror(fds.error().err));
    return 1;
  }
  int real_pid = pid == 0 ? os::pid() : pid;
  std::string out;
  if (!json) {
    char head[160];
    std::snprintf(head, sizeof head, "%-5s %-7s %-4s %-16s %10s %-6s %s\n", "FD", "TYPE", "MODE", "FLAGS", "OFFSET",
                  "OWNER", "TARGET");
    out += (pid ? "process " + std::to_string(pid) + "\n" : std::string()) + head;
  }
  for (const os::FdInfo& f : *fds) {
    std::string owner = pid == 0 ? (os::fd_table().is_private(f.fd) ? "fdsh" : "user") : "-";
    std::string peers;
    if (f.type == "pipe" || f.type == "socket") {
      for (const os::Peer& p : os::find_holders(f.target, real_pid, f.fd))
        peers += (peers.empty() ? "" : ", ") + std::to_string(p.pid) + "(" + p.comm + "):" + std::to_string(p.fd);
    }
    if (json) {
      out += std::string(first_json ? "" : ",\n") + "  {\"pid\": " + std::to_string(real_pid) +
             ", \"fd\": " + std::to_string(f.fd) + ", \"type\": \"" + f.type + "\", \"mode\": \"" + f.mode +
             "\", \"flags\": \"" + flag_text(f) + "\", \"offset\": " + std::to_string(f.pos) + ", \"owner\": \"" +
             owner + "\", \"target\": \"" + json_escape(f.target) + "\", \"peers\": \"" + json_escape(peers) + "\"}";
      first_json = false;
      continue;
    }
    char line[256];
    std::snprintf(line, sizeof line, "%-5d %-7s %-4s %-16s %10lld %-6s ", f.fd, f.type.c_str(), f.mode.c_str(),
                  flag_text(f).c_str(), f.pos, owner.c_str());
    out += line + f.target + (peers.empty() ? "" : "  <-> " + peers) + "\n";
  }
  return sh.out(out) ? 0 : 1;
}

void plan_node(Shell& sh, const ast::Node& n, std::string& out, int depth);

void plan_redirs(const std::vector<ast::Redir>& rs, std::string& out, int depth) {
  for (const ast::Redir& r : rs) {
    std::string target = r.op == ast::RedirOp::HereDoc ? std::string("<here-document>") : ast::word_to_string(r.target);
    auto steps = plan::plan_redirect(r, target, false);
    std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
    if (!steps) {
      out += pad + "error: " + steps.error() + "\n";
      continue;
    }
    for (const os::FdStep& s : *steps) out += pad + s.describe() + "\n";
  }
}

void plan_node(Shell& sh, const ast::Node& n, std::string& out, int depth) {
  std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
  switch (n.kind) {
    case ast::Kind::List:
      for (const auto& it : static_cast<const ast::List&>(n).items) plan_node(sh, *it.cmd, out, depth);
      return;
    case ast::Kind::AndOr:
      for (const auto& c : static_cast<const ast::AndOr&>(n).items) plan_node(sh, *c, out, depth);
      return;
    case ast::Kind::Pipeline: {
      const auto& p = static_cast<const ast::Pipeline&>(n);
      out += pad + "pipeline of " + std::to_string(p.cmds.size()) + " (pipe2, O_CLOEXEC; each stage forked)\n";
      for (std::size_t i = 0; i < p.cmds.size(); ++i) {
        out += pad + "stage " + std::to_string(i + 1) + ": " + ast::to_source(*p.cmds[i]) + "\n";
        if (i > 0) out += pad + "  dup2 pipe" + std::to_string(i) + ".read -> 0\n";
        if (i + 1 < p.cmds.size()) {
          out += pad + "  dup2 pipe" + std::to_string(i + 1) + ".write -> 1\n";
          if (i < p.pipe_stderr.size() && p.pipe_stderr[i]) out += pad + "  dup2 pipe" + std::to_string(i + 1) + ".write -> 2\n";
        }
        plan_node(sh, *p.cmds[i], out, depth + 1);
      }
      return;
    }
    case ast::Kind::Simple:
      plan_redirs(n.redirs, out, depth);
      return;
    default:
      out += pad + ast::to_source(n).substr(0, 40) + "\n";
      plan_redirs(n.redirs, out, depth + 1);
  }
}

}  // namespace

int bi_fds(Shell& sh, std::vector<std::string>& argv) {
  bool json = false;
  std::vector<int> pids;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--help" || a == "-h") {
      sh.out(kUsage);
      return 0;
    }
    if (a == "--json") {
      json = true;
    } else if (a == "--plan") {
      if (i + 1 >= argv.size()) {
        sh.error("fds: --plan needs a command");
        return 2;
      }
      ast::NodePtr cmd;
      try {
        cmd = parse::parse_text("fds --plan", argv[i + 1]);
      } catch (const diag::Error& e) {
        sh.err(diag::render(e));
        return 2;
      }
      std::string out;
      plan_node(sh, *cmd, out, 0);
      return sh.out(out) ? 0 : 1;
    } else if (a == "-p") {
      if (i + 1 >= argv.size()) {
        sh.error("fds: -p needs a process id");
        return 2;
      }
      while (i + 1 < argv.size() && !argv[i + 1].empty() && argv[i + 1].find_first_not_of("0123456789") == std::string::npos)
        pids.push_back(std::atoi(argv[++i].c_str()));
      if (pids.empty()) {
        sh.error("fds: " + argv[i + 1] + ": not a process id");
        return 2;
      }
    } else {
      sh.error("fds: " + a + ": unknown option\n" + kUsage);
      return 2;
    }
  }
  if (pids.empty()) pids.push_back(0);
  int st = 0;
  bool first = true;
  if (json) sh.out("[\n");
  for (int p : pids)
    if (show_table(sh, p, json, first) != 0) st = 1;
  if (json) sh.out("\n]\n");
  return st;
}

}  // namespace fdsh::builtins
