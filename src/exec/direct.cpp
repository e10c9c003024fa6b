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

}  // namespace

bool Shell::direct_candidate(const ast::Node& node) {
  if (node.kind != ast::Kind::Simple) return false;
  const auto& s = static_cast<const ast::Simple&>(node);
  if (s.words.empty() || !s.assigns.empty() || !s.decl_arrays.empty()) return false;
  // Options under which the subshell would print, fail or set up something of its own.
  // (Job control is not one: a spawned program joins its job's group as a forked one would.)
  if (opts.xtrace || opts.nounset || opts.failglob) return false;
  for (const ast::Word& w : s.words)
    if (!pure_word(w)) return false;
  for (const ast::Redir& r : s.redirs) {
    if (!r.fd_var.empty()) return false;
    if (r.op == ast::RedirOp::HereDoc) {
      if (!r.heredoc || (!r.heredoc->quoted && !pure_parts(r.heredoc->body))) return false;
    } else if (!pure_word(r.target)) {
      return false;
    }
  }
  return true;
}

std::string Shell::direct_program(const ast::Node& node, std::vector<std::string>& argv) {
  const auto& s = static_cast<const ast::Simple&>(node);
  expand::Expander ex(*this);
  argv = ex.words(s.words);
  if (argv.empty()) return {};
  const std::string& name = argv[0];
  if (name.find('/') == std::string::npos && (find_builtin(name) || cmds.funcs.count(name))) return {};
  std::string path = find_command(name);
  // A command that is not found or cannot run takes the ordinary way, which reports it from
  // the subshell.
  if (path.empty() || os::check_executable(path) != os::ExecCheck::Ok) return {};
  return path;
}

void Shell::preview_redirs(const std::vector<ast::Redir>& rs, plan::CommandPlan& plan,
                           std::vector<std::string>& unexpanded) {
  expand::Expander ex(*this);
  std::vector<os::FdStep> steps;
  for (const ast::Redir& r : rs) {
    bool pure = r.op == ast::RedirOp::HereDoc ? (r.heredoc && (r.heredoc->quoted || pure_parts(r.heredoc->body)))
                                              : pure_word(r.target);
    if (!pure) {
      unexpanded.push_back(ast::word_to_string(r.target));
      continue;
    }
    if (!redir_steps(r, ex, steps)) continue;
    for (os::FdStep& st : steps) plan.add(std::move(st), r.pos);
  }
}

int Shell::spawn_direct(const ast::Node& node, const plan::CommandPlan& wiring, int& status, bool async,
                        int group) {
  if (!direct_candidate(node)) return -1;
  const auto& s = static_cast<const ast::Simple&>(node);
  frames.pos = s.pos;
  if (os::trace::enabled) os::trace::where = where(s.pos);
  std::vector<std::string> argv;
  std::string path = direct_program(node, argv);
  if (path.empty()) return -1;
  plan::CommandPlan plan = wiring;
  if (!plan_redirs(s.redirs, plan)) {
    status = 1;
    return 0;
  }
  if (!spawnable(plan)) return -1;
  frames.pos = s.pos;
  return start_external(path, argv, child_env({}), plan, async, status, group);
}

bool Shell::pipeline_spawnable(const ast::Pipeline& p) {
  for (const ast::NodePtr& c : p.cmds) {
    if (!c || !direct_candidate(*c)) return false;
    std::vector<std::string> argv;
    if (direct_program(*c, argv).empty()) return false;
    plan::CommandPlan plan;
    std::vector<std::string> unexpanded;
    preview_redirs(c->redirs, plan, unexpanded);
    if (!unexpanded.empty() || !spawnable(plan)) return false;
  }
  return true;
}

void Shell::spawn_pipeline_all(const ast::Pipeline& p, bool async, bool null_stdin, std::vector<int>& pids,
                               std::vector<int>& ready) {
  std::size_t n = p.cmds.size();
  // Each stage: a program the spawner execs (its words and redirections expanded here,
  // without side effects), or a subshell the spawner forks, which expands for itself.
  std::vector<os::SpawnRequest> reqs(n);
  std::vector<std::function<void()>> runs(n);
  for (std::size_t i = 0; i < n; ++i) {
    const ast::Node& cmd = *p.cmds[i];
    bool last = i + 1 == n;
    bool stderr_too = !last && i < p.pipe_stderr.size() && p.pipe_stderr[i];
    plan::CommandPlan plan = plan::wiring(-1, i > 0 ? "pipe " + std::to_string(i) + " read end" : "", -1,
                                          last ? "" : "pipe " + std::to_string(i + 1) + " write end", stderr_too);
    if (i == 0 && null_stdin) plan.add(plan::stdin_from_null(), ast::Pos{});
    frames.pos = cmd.pos;
    std::vector<std::string> argv;
    std::string path = direct_candidate(cmd) ? direct_program(cmd, argv) : std::string();
    if (!path.empty()) {
      plan::CommandPlan own = plan;
      if (!plan_redirs(cmd.redirs, own)) continue;  // reported; the stage is not started (status 1)
      if (spawnable(own)) {
        frames.pos = cmd.pos;
        reqs[i] = spawn_request(path, argv, child_env({}), own, async);
        continue;
      }
    }
    runs[i] = [this, &cmd, async]() {
      child_body(
          [this, &cmd]() -> int {
            exec_last = true;
            return execute(cmd);
          },
          async, session.in_subshell);  // inside ( ) or $( ), `jobs` still lists the parent's jobs
    };
    reqs[i] = spawn_request("subshell", {"subshell"}, {}, plan, async);
    reqs[i].run = &runs[i];
    reqs[i].script_fallback = false;
  }
  frames.pos = p.pos;
  if (os::trace::enabled) os::trace::where = where(p.pos);
  auto started = os::spawn_pipeline(reqs, async && opts.monitor ? 0 : -1);
  pids.assign(n, 0);
  ready.assign(n, 1);
  if (!started) {
    error("cannot start pipeline: " + std::string(std::strerror(started.error().err)));
    return;
  }
  if (started->pipe_errno) error(std::string("pipe: ") + std::strerror(started->pipe_errno));
  pids = started->pids;
}

}  // namespace fdsh::exec
