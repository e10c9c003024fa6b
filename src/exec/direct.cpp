// exec/direct.cpp — starting a pipeline stage or a command substitution as a new process
// without forking the shell first. A forked subshell that would only exec a program costs a
// copy of the shell's page tables; spawning the program from the shell (vfork + exec) gives
// the same result when nothing the subshell does before the exec could be seen: the command
// is a simple command naming an external program, and expanding its words and redirection
// targets has no side effects and cannot fail.
#include <cerrno>
#include <cstring>

#include <sys/stat.h>

#include "exec/shell.hpp"
#include "expand/brace.hpp"
#include "os/fs.hpp"
#include "os/net.hpp"
#include "os/process.hpp"
#include "os/redirect.hpp"
#include "os/sys.hpp"
#include "os/trace.hpp"

namespace fdsh::exec {

namespace {

using PK = ast::WordPart::Kind;

bool pure_parts(const std::vector<ast::WordPart>& w) {
  for (const ast::WordPart& p : w) {
    switch (p.kind) {
      case PK::Literal:
      case PK::SingleQuoted:
      case PK::Escaped: break;
      case PK::DoubleQuoted:
        if (!pure_parts(p.parts)) return false;
        break;
      case PK::Param: {
        if (!p.param) return false;
        const ast::Param& pr = *p.param;
        if (pr.op != ast::ParamOp::None && pr.op != ast::ParamOp::Length) return false;
        if (pr.indirect || pr.has_index) return false;
        // Reading these changes the shell (RANDOM's generator) or differs in a subshell.
        if (pr.name == "RANDOM" || pr.name == "SRANDOM" || pr.name == "BASHPID") return false;
        break;
      }
      default: return false;  // command/process substitution, arithmetic
    }
  }
  return true;
}

// True when expanding w has no side effects and cannot fail.
bool pure_word(const ast::Word& w) { return pure_parts(w) && !expand::has_brace(w); }

// Opening a FIFO, a device or a socket address can wait until another process (perhaps a
// later stage of this very pipeline) opens the other end: in a forked subshell that wait is
// the child's, here it would be the shell's. Only /dev/null, regular files and files that do
// not exist yet are opened by the shell for a spawned command.
bool opens_without_waiting(const std::string& path) {
  if (path == "/dev/null") return true;
  if (os::socket_target(path).kind != os::SocketTarget::None) return false;
  auto st = os::stat_path(path);
  return !st || S_ISREG(st->st_mode);
}

}  // namespace

int Shell::spawn_direct(const ast::Node& node, int in_fd, int out_fd, bool stderr_too, int& status, bool async) {
  if (node.kind != ast::Kind::Simple) return -1;
  const auto& s = static_cast<const ast::Simple&>(node);
  if (s.words.empty() || !s.assigns.empty() || !s.decl_arrays.empty()) return -1;
  // A background job needs a process even when its redirection fails: leave that to a subshell.
  if (async && !s.redirs.empty()) return -1;
  // Options under which the subshell would print, fail or set up something of its own.
  if (opts.xtrace || opts.nounset || opts.failglob || opts.monitor) return -1;
  for (const ast::Word& w : s.words)
    if (!pure_word(w)) return -1;
  for (const ast::Redir& r : s.redirs)
    if (!r.fd_var.empty() || r.op == ast::RedirOp::HereDoc || r.op == ast::RedirOp::HereString || !pure_word(r.target))
      return -1;

  expand::Expander ex(*this);
  cur_pos = s.pos;
  if (os::trace::enabled) os::trace::where = source_name + ":" + std::to_string(s.pos.line) + ":" + std::to_string(s.pos.col);
  std::vector<std::string> argv = ex.words(s.words);
  if (argv.empty()) return -1;
  const std::string& name = argv[0];
  if (name.find('/') == std::string::npos && (find_builtin(name) || funcs.count(name))) return -1;
  std::string path = find_command(name);
  // A command that is not found or cannot run takes the ordinary way, which reports it from
  // the subshell.
  if (path.empty() || os::check_executable(path) != os::ExecCheck::Ok) return -1;

  for (const ast::Redir& r : s.redirs) {
    using RO = ast::RedirOp;
    bool opens = r.op == RO::In || r.op == RO::Out || r.op == RO::Append || r.op == RO::Clobber ||
                 r.op == RO::ReadWrite || r.op == RO::OutErr || r.op == RO::AppendErr;
    if (opens && !opens_without_waiting(ex.string(r.target))) return -1;
  }

  os::UndoFrame frame;
  auto onto = [&](int src, int fd) {
    os::FdStep d;
    d.op = os::FdStep::Op::Dup;
    d.fd = fd;
    d.src = src;
    return static_cast<bool>(os::fd_table().apply(d, &frame));
  };
  bool ok = (in_fd < 0 || onto(in_fd, 0)) && (out_fd < 0 || (onto(out_fd, 1) && (!stderr_too || onto(out_fd, 2))));
  if (!ok) {
    os::fd_table().undo(frame);
    return -1;
  }
  if (!apply_redirs(s.redirs, &frame)) {
    os::fd_table().undo(frame);
    status = 1;
    return 0;
  }
  os::SpawnRequest req;
  req.path = path;
  req.argv = std::move(argv);
  req.env = child_env({});
  req.ignore_int_quit = async;
  auto pid = os::spawn(req);
  if (!pid && pid.error().err == ENOEXEC) {
    // A script without #!: run by a new fdsh, as run_external does.
    if (os::looks_binary(path)) {
      os::fd_table().undo(frame);
      error(name + ": cannot execute binary file");
      status = 126;
      return 0;
    }
    req.argv.insert(req.argv.begin(), os::self_exe());
    req.argv[1] = path;
    req.path = req.argv[0];
    pid = os::spawn(req);
  }
  os::fd_table().undo(frame);
  if (!pid) {
    int e = pid.error().err;
    error(name + ": " + std::strerror(e));
    status = e == ENOENT ? 127 : 126;
    return 0;
  }
  return *pid;
}

}  // namespace fdsh::exec
