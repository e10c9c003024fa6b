// builtins/fds_plan.cpp — `fds --plan 'COMMAND'`: the fd plan fdsh runs for COMMAND, shown
// without running it. The steps come from the code the evaluator uses (Shell::preview_redirs,
// plan::wiring, Shell::direct_candidate), so what is printed is what would happen: which
// pipeline stages are spawned straight from the shell and which run in a forked subshell,
// the pipe ends and /dev/null each process gets, the redirections in order with their
// targets expanded where that has no side effects, and the fds the program ends up with.
#include <fcntl.h>

#include "builtins/shell_builtins.hpp"
#include "os/net.hpp"
#include "os/process.hpp"
#include "os/redirect.hpp"
#include "os/trace.hpp"
#include "plan/plan.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;

namespace {

/// The system call that makes a pipe, as plan lines name it.
const std::string kPipe = std::string("pipe2") + "(O_CLOEXEC)";

/// A short name for a compound command.
std::string kind_name(const ast::Node& n) {
  switch (n.kind) {
    case ast::Kind::Group: return "group { ...; }";
    case ast::Kind::If: return "if ... fi";
    case ast::Kind::While: return "loop ... done";
    case ast::Kind::For: case ast::Kind::ArithFor: case ast::Kind::Select: return "for ... done";
    case ast::Kind::Case: return "case ... esac";
    case ast::Kind::ArithCmd: return "(( ... ))";
    case ast::Kind::CondCmd: return "[[ ... ]]";
    case ast::Kind::Time: return "time";
    default: return "command";
  }
}

/// The plan printer: one line per step, indented by nesting.
class PlanPrinter {
 public:
  explicit PlanPrinter(BuiltinContext& cx) : cx_(cx) {}

  std::string out;

  /// A whole list; `view` is the fd table commands start with (exec changes carry over).
  void list(const ast::Node& n, os::FdView& view, int depth) {
    if (n.kind == ast::Kind::List) {
      for (const auto& it : static_cast<const ast::List&>(n).items) item(*it.cmd, it.async, view, depth);
      return;
    }
    item(n, false, view, depth);
  }

 private:
  BuiltinContext& cx_;
  const ast::Node* exec_target_ = nullptr;  ///< see last_simple
  int calls_ = 0;                            ///< function bodies being shown

  void line(int depth, const std::string& text) {
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    out += text;
    out += '\n';
  }

  static std::string step_text(const os::FdStep& s) {
    switch (s.op) {
      case os::FdStep::Op::Open:
        if (os::SocketTarget t = os::socket_target(s.path); t.kind != os::SocketTarget::None) {
          std::string to = t.kind == os::SocketTarget::Unix ? "Unix socket connected to " + t.path
                           : t.kind == os::SocketTarget::Tcp ? "TCP socket connected to " + t.host + ":" + t.port
                                                             : "UDP socket connected to " + t.host + ":" + t.port;
          return to + " -> " + std::to_string(s.fd);
        }
        return "open(\"" + s.path + "\", " + os::trace::open_flags(s.flags) + ") -> " +
               (s.fd < 0 ? std::string("{new fd >= 10}") : std::to_string(s.fd)) + (s.noclobber ? "  (noclobber)" : "");
      case os::FdStep::Op::Dup:
        // The same words as the trace lines of these calls.
        return os::trace::dup2_line(s.src, s.fd, 0) + (s.move ? "; " + os::trace::close_line(s.src, 0) : "");
      case os::FdStep::Op::Close: return os::trace::close_line(s.fd, 0);
      case os::FdStep::Op::Data:
        return "here-document -> " + std::to_string(s.fd) + " (" + std::to_string(s.data.size()) +
               " bytes; pipe, or memfd when large)";
      case os::FdStep::Op::Take: return "dup2(" + s.label + ", " + std::to_string(s.fd) + ")";
    }
    return "?";
  }

  /// Prints a plan's steps and returns the view after them.
  os::FdView steps(const plan::CommandPlan& p, const std::vector<std::string>& unexpanded, os::FdView view, int depth) {
    for (const os::FdStep& s : p.steps) line(depth, step_text(s));
    for (const std::string& w : unexpanded)
      line(depth, "redirection to " + w + ": target expanded when the command runs (not opened now)");
    os::simulate(p.steps, view, false);
    return view;
  }

  /// Notes the substitutions in a simple command's words: each is a process of its own.
  /// Each <( ) and >( ) gives the command an inheritable fd (the lowest free one from 63,
  /// named /dev/fd/N in its arguments), added to `view`.
  /// A substitution's process starts from `base`, the fds before any substitution of the
  /// command (it does not get the pipes of earlier <( ) and >( )).
  void substitutions(const std::vector<ast::Word>& words, os::FdView& view, int depth) {
    os::FdView base = view;
    for (const ast::Word& w : words) substitutions(w, view, base, depth);
  }
  void substitutions(const std::vector<ast::WordPart>& parts, os::FdView& view, int depth) {
    os::FdView base = view;
    substitutions(parts, view, base, depth);
  }
  void substitutions(const std::vector<ast::WordPart>& parts, os::FdView& view, const os::FdView& base, int depth) {
    using K = ast::WordPart::Kind;
    for (const ast::WordPart& p : parts) {
      if (p.kind == K::DoubleQuoted) substitutions(p.parts, view, base, depth);
      if (p.kind == K::CommandSub && p.cmd) {
        line(depth, "command substitution $(" + ast::to_source(*p.cmd) + "): " + kPipe + "; the shell reads the read end");
        plan_child(*p.cmd, plan::wiring(-1, "", -1, "command substitution pipe", false), base, depth + 1);
      }
      if ((p.kind == K::ProcSubIn || p.kind == K::ProcSubOut) && p.cmd) {
        bool in = p.kind == K::ProcSubIn;
        int fd = 63;
        while (view.count(fd)) ++fd;
        line(depth, std::string(in ? "<(" : ">(") + ast::to_source(*p.cmd) + "): " + kPipe + "; the command gets fd " +
                        std::to_string(fd) + " as /dev/fd/" + std::to_string(fd) + ", closed after it");
        plan::CommandPlan w = in ? plan::wiring(-1, "", -1, "process substitution pipe", false)
                                 : plan::wiring(-1, "process substitution pipe", -1, "", false);
        line(depth + 1, "forked child:");
        list_in_child(*p.cmd, w, base, depth + 2);
        view[fd] = std::string("process substitution pipe ") + (in ? "(r)" : "(w)");
      }
    }
  }

  /// A command run as its own process with `wiring`: spawned when the shell would spawn it.
  void plan_child(const ast::Node& cmd, const plan::CommandPlan& wiring, os::FdView view, int depth,
                  const char* how = "spawned straight from the shell (vfork + exec; the child applies these steps):",
                  const char* how_forked = "forked child:") {
    const ast::Node* single = &cmd;
    if (cmd.kind == ast::Kind::List) {
      const auto& l = static_cast<const ast::List&>(cmd);
      if (l.items.size() == 1 && !l.items[0].async) single = l.items[0].cmd.get();
    }
    std::vector<std::string> argv;
    if (cx_.shell.direct_candidate(*single) && !cx_.shell.direct_program(*single, argv).empty()) {
      plan::CommandPlan p = wiring;
      std::vector<std::string> unexpanded;
      cx_.shell.preview_redirs(single->redirs, p, unexpanded);
      if (unexpanded.empty() && cx_.shell.spawnable(p)) {
        line(depth, how);
        view = steps(p, unexpanded, view, depth + 1);
        line(depth + 1, "runs " + words_text(*single) + " with " + os::view_text(view));
        return;
      }
    }
    line(depth, how_forked);
    list_in_child(cmd, wiring, view, depth + 1);
  }

  void list_in_child(const ast::Node& cmd, const plan::CommandPlan& wiring, os::FdView view, int depth) {
    view = steps(wiring, {}, view, depth);
    const ast::Node* saved = exec_target_;
    exec_target_ = last_simple(cmd);
    list(cmd, view, depth);
    exec_target_ = saved;
  }

  /// The simple command a forked child runs last, which it execs instead of spawning.
  static const ast::Node* last_simple(const ast::Node& n) {
    switch (n.kind) {
      case ast::Kind::List: {
        const auto& l = static_cast<const ast::List&>(n);
        if (l.items.empty() || l.items.back().async) return nullptr;
        return last_simple(*l.items.back().cmd);
      }
      case ast::Kind::AndOr: {
        const auto& a = static_cast<const ast::AndOr&>(n);
        return a.items.empty() ? nullptr : last_simple(*a.items.back());
      }
      case ast::Kind::Pipeline: {
        const auto& p = static_cast<const ast::Pipeline&>(n);
        return p.cmds.size() == 1 && !p.bang ? last_simple(*p.cmds[0]) : nullptr;
      }
      case ast::Kind::Simple: return &n;
      default: return nullptr;
    }
  }

  void item(const ast::Node& n, bool async, os::FdView& view, int depth) {
    if (!async) {
      command(n, view, depth);
      return;
    }
    line(depth, "background job " + ast::to_source(n) + " &  ($! = the pid of its last process)");
    // Without job control the job's stdin is /dev/null (before its own redirections).
    bool null_stdin = !cx_.opts.monitor && !cx_.session.interactive;
    if (n.kind == ast::Kind::Pipeline && static_cast<const ast::Pipeline&>(n).cmds.size() > 1 &&
        !static_cast<const ast::Pipeline&>(n).bang) {
      pipeline(static_cast<const ast::Pipeline&>(n), view, depth + 1, true, null_stdin);
      return;
    }
    plan::CommandPlan w;
    if (null_stdin) w.add(plan::stdin_from_null(), ast::Pos{});
    plan_child(n, w, view, depth + 1);
  }

  void pipeline(const ast::Pipeline& p, const os::FdView& view, int depth, bool async, bool null_stdin = false) {
    std::size_t n = p.cmds.size();
    bool lastpipe = !async && cx_.opts.lastpipe && !cx_.opts.monitor;
    bool spawner = !lastpipe && !cx_.opts.monitor && os::pipeline_spawner_available();
    line(depth, "pipeline: " + std::to_string(n) + " stages, " + std::to_string(n - 1) + " pipe" + (n > 2 ? "s" : "") +
                    (async ? ", every stage a child of the shell, one job" : ""));
    if (spawner)
      line(depth + 1, "a spawner (vfork) makes each pipe in its own fd table and starts every stage as a child of "
                      "the shell; the shell never holds a pipe end");
    for (std::size_t i = 0; i < n; ++i) {
      std::string in_label = "pipe " + std::to_string(i) + " read end";
      std::string out_label = "pipe " + std::to_string(i + 1) + " write end";
      if (i + 1 < n)
        line(depth + 1, std::string(kPipe) + " -> pipe " + std::to_string(i + 1) + " [read end, write end]" +
                            (spawner ? " (in the spawner)" : ""));
      bool stderr_too = i + 1 < n && i < p.pipe_stderr.size() && p.pipe_stderr[i];
      plan::CommandPlan w = plan::wiring(-1, i > 0 ? in_label : "", -1, i + 1 < n ? out_label : "", stderr_too);
      if (i == 0 && null_stdin) w.add(plan::stdin_from_null(), ast::Pos{});
      line(depth + 1, "stage " + std::to_string(i + 1) + ": " + ast::to_source(*p.cmds[i]));
      os::FdView v = view;
      if (lastpipe && i + 1 == n) {
        line(depth + 2, "lastpipe: runs in the shell, stdin on the pipe, in an undo frame:");
        os::FdView after = steps(w, {}, v, depth + 3);
        command(*p.cmds[i], after, depth + 3);
        continue;
      }
      if (!spawner) plan_child(*p.cmds[i], w, v, depth + 2);
      else if (i + 1 < n)
        plan_child(*p.cmds[i], w, v, depth + 2, "started by the spawner (clone + exec; the child applies these steps):",
                   "forked by the spawner (a subshell whose parent is the shell):");
      else
        plan_child(*p.cmds[i], w, v, depth + 2, "the spawner itself (applies these steps and execs):",
                   "forked by the spawner, which then exits (a subshell whose parent is the shell):");
    }
    if (!spawner)
      line(depth + 1, "the shell closes each pipe end once the stage that uses it has started" +
                          std::string(async ? "" : ", then waits for every stage"));
    else if (!async)
      line(depth + 1, "the shell waits for every stage");
  }

  /// The words of a simple command as written ("cat -n file").
  static std::string words_text(const ast::Node& n) {
    if (n.kind != ast::Kind::Simple) return ast::to_source(n);
    std::string t;
    for (const ast::Word& w : static_cast<const ast::Simple&>(n).words) t += (t.empty() ? "" : " ") + ast::word_to_string(w);
    return t;
  }

  void command(const ast::Node& n, os::FdView& view, int depth) {
    switch (n.kind) {
      case ast::Kind::List: list(n, view, depth); return;
      case ast::Kind::AndOr:
        for (const auto& c : static_cast<const ast::AndOr&>(n).items) command(*c, view, depth);
        return;
      case ast::Kind::Pipeline: {
        const auto& p = static_cast<const ast::Pipeline&>(n);
        if (p.cmds.size() == 1) command(*p.cmds[0], view, depth);
        else pipeline(p, view, depth, false);
        return;
      }
      case ast::Kind::Simple: simple(static_cast<const ast::Simple&>(n), view, depth); return;
      case ast::Kind::FuncDef: {
        const auto& f = static_cast<const ast::FuncDef&>(n);
        const ast::Node* body = f.body.get();
        line(depth, "function " + f.name + " defined; each call applies to the shell, in an undo frame:");
        if (body && !body->redirs.empty()) {
          plan::CommandPlan p;
          std::vector<std::string> unexpanded;
          cx_.shell.preview_redirs(body->redirs, p, unexpanded);
          (void)steps(p, unexpanded, view, depth + 1);
        } else {
          line(depth + 1, "(no redirections on the definition)");
        }
        return;
      }
      case ast::Kind::Coproc: {
        const auto& c = static_cast<const ast::Coproc&>(n);
        line(depth, "coproc " + c.name + ": two pipes; " + c.name + "[0] reads its output, " + c.name +
                        "[1] writes its input (shell fds >= 60, close-on-exec)");
        os::FdView v = view;
        line(depth + 1, "forked child:");
        if (c.body) list_in_child(*c.body, plan::wiring(-1, "coprocess input pipe", -1, "coprocess output pipe", false), v, depth + 2);
        return;
      }
      case ast::Kind::Subshell: {
        line(depth, "subshell ( ... ): forked child");
        plan::CommandPlan p;
        std::vector<std::string> unexpanded;
        os::FdView v = view;
        redirections(n.redirs, p, unexpanded, v, view, depth + 1);
        v = steps(p, unexpanded, v, depth + 1);
        if (const ast::Node* body = static_cast<const ast::Subshell&>(n).body.get()) {
          const ast::Node* saved = exec_target_;
          exec_target_ = last_simple(*body);
          list(*body, v, depth + 1);
          exec_target_ = saved;
        }
        return;
      }
      default: {
        line(depth, kind_name(n) + (n.redirs.empty() ? ": in the shell" : ": in the shell, in an undo frame:"));
        os::FdView v = view;
        if (!n.redirs.empty()) {
          plan::CommandPlan p;
          std::vector<std::string> unexpanded;
          redirections(n.redirs, p, unexpanded, v, view, depth + 1);
          v = steps(p, unexpanded, v, depth + 1);
          line(depth + 1, "body runs with " + os::view_text(v));
        }
        const ast::Node* saved = exec_target_;
        exec_target_ = nullptr;
        for (const ast::Node* c : bodies(n)) list(*c, v, depth + 1);
        exec_target_ = saved;
      }
    }
  }

  /// The command lists inside a compound command, in source order.
  static std::vector<const ast::Node*> bodies(const ast::Node& n) {
    std::vector<const ast::Node*> out;
    auto add = [&](const ast::NodePtr& p) {
      if (p) out.push_back(p.get());
    };
    switch (n.kind) {
      case ast::Kind::Group: add(static_cast<const ast::Group&>(n).body); break;
      case ast::Kind::If: {
        const auto& i = static_cast<const ast::If&>(n);
        for (const auto& [c, b] : i.branches) {
          add(c);
          add(b);
        }
        add(i.else_body);
        break;
      }
      case ast::Kind::While:
        add(static_cast<const ast::While&>(n).cond);
        add(static_cast<const ast::While&>(n).body);
        break;
      case ast::Kind::For: add(static_cast<const ast::For&>(n).body); break;
      case ast::Kind::Select: add(static_cast<const ast::Select&>(n).body); break;
      case ast::Kind::ArithFor: add(static_cast<const ast::ArithFor&>(n).body); break;
      case ast::Kind::Case:
        for (const auto& it : static_cast<const ast::Case&>(n).items) add(it.body);
        break;
      case ast::Kind::Time: add(static_cast<const ast::Time&>(n).body); break;
      default: break;
    }
    return out;
  }

  /// The steps of a command's redirections (Shell::preview_redirs). A process substitution
  /// as a target (`< <(cmd)`) is printed as such and opened as its /dev/fd/N; `view` gains
  /// its fd. `base` is what a substitution's process starts from.
  void redirections(const std::vector<ast::Redir>& rs, plan::CommandPlan& p, std::vector<std::string>& unexpanded,
                    os::FdView& view, const os::FdView& base, int depth) {
    for (const ast::Redir& r : rs) {
      bool sub = r.op != ast::RedirOp::HereDoc && r.target.size() == 1 &&
                 (r.target[0].kind == ast::WordPart::Kind::ProcSubIn ||
                  r.target[0].kind == ast::WordPart::Kind::ProcSubOut);
      if (sub) {
        os::FdView before = view;
        substitutions(r.target, view, base, depth);
        int fd = -1;
        for (const auto& [f, w] : view)
          if (!before.count(f)) fd = f;
        std::vector<ast::Redir> one{r};
        ast::WordPart lit;
        lit.kind = ast::WordPart::Kind::Literal;
        lit.text = "/dev/fd/" + std::to_string(fd);
        one[0].target = {lit};
        cx_.shell.preview_redirs(one, p, unexpanded);
        continue;
      }
      if (r.op != ast::RedirOp::HereDoc) substitutions(r.target, view, base, depth);
      cx_.shell.preview_redirs(std::vector<ast::Redir>{r}, p, unexpanded);
    }
  }



  void simple(const ast::Simple& s, os::FdView& view, int depth) {
    os::FdView own = view;
    for (const ast::Assign& a : s.assigns) substitutions(a.value, own, view, depth);
    for (const ast::Word& w : s.words) substitutions(w, own, view, depth);
    // `command NAME ...` runs NAME as it would run without the prefix (functions aside).
    std::size_t first = 0;
    while (first + 1 < s.words.size() && ast::word_to_string(s.words[first]) == "command") ++first;
    std::string name = s.words.empty() ? std::string() : ast::word_to_string(s.words[first]);
    plan::CommandPlan p;
    std::vector<std::string> unexpanded;
    redirections(s.redirs, p, unexpanded, own, view, depth);
    if (name.empty() && p.steps.empty() && unexpanded.empty()) {
      if (!s.assigns.empty()) line(depth, "assignments only: no fds change");
      return;
    }
    if (name.empty() || (name == "exec" && s.words.size() == 1)) {
      line(depth, (name.empty() ? std::string("redirections only") : std::string("exec")) +
                      (name == "exec" ? ": applied to the shell for good" : ": applied to the shell, undone after"));
      os::FdView after = steps(p, unexpanded, view, depth + 1);
      if (name == "exec") view = after;
      line(depth + 1, "the shell then has " + os::view_text(name == "exec" ? view : after));
      return;
    }
    std::vector<std::string> argv;
    bool external = false;
    bool func = first == 0 && cx_.cmds.funcs.count(name);
    if (first == 0 && cx_.shell.direct_candidate(s)) external = !cx_.shell.direct_program(s, argv).empty();
    else if (name.find('/') != std::string::npos) external = true;
    else if (!exec::find_builtin(name) && !func) external = !cx_.shell.find_command(name).empty();
    if (external && &s == exec_target_) {
      line(depth, name + ": external program; the forked child applies these steps and execs it:");
    } else if (external && !cx_.shell.spawnable(p)) {
      line(depth, name + ": external program; an open may wait (FIFO, device, socket), so a forked child "
                         "applies these steps and execs it:");
    } else if (external) {
      line(depth, name + ": external program, spawned (vfork + exec); the child applies:");
    } else {
      line(depth, name + ": " + (func ? "function" : exec::find_builtin(name) ? "builtin" : "not found") +
                      (p.steps.empty() ? "" : ", in the shell, in an undo frame:"));
    }
    os::FdView after = steps(p, unexpanded, own, depth + 1);
    line(depth + 1, "runs " + words_text(s) + " with " + os::view_text(after));
    if (func) function_body(*cx_.cmds.funcs.at(name).def, after, depth + 1);
  }

  /// A call of a function: the redirections on its definition, then its body, in the shell.
  void function_body(const ast::FuncDef& f, os::FdView view, int depth) {
    if (!f.body || ++calls_ > 8) return;  // recursion: a few levels are enough to show
    const ast::Node& body = *f.body;
    const ast::Node* saved = exec_target_;
    exec_target_ = nullptr;
    if (body.kind == ast::Kind::Group && body.redirs.empty()) {
      line(depth, "body of " + f.name + ":");
      if (const ast::Node* b = static_cast<const ast::Group&>(body).body.get()) list(*b, view, depth + 1);
    } else {
      line(depth, "body of " + f.name + ":");
      command(body, view, depth + 1);
    }
    exec_target_ = saved;
    --calls_;
  }
};

}  // namespace

int fds_plan(BuiltinContext& cx, const std::string& text) {
  ast::NodePtr tree;
  try {
    tree = parse::parse_text("fds --plan", text);
  } catch (const diag::Error& e) {
    cx.err(diag::render(e));
    return 2;
  }
  PlanPrinter pp(cx);
  pp.out = "plan for: " + text + "\n";
  // The shell's inheritable fds as they are now, 0-2 by their roles.
  os::FdView view = os::inherited_view();
  const char* role[] = {"stdin", "stdout", "stderr"};
  for (int fd = 0; fd < 3; ++fd)
    if (view.count(fd)) view[fd] = role[fd];
  if (tree) pp.list(*tree, view, 1);
  return cx.out(pp.out) ? 0 : 1;
}

}  // namespace fdsh::builtins
