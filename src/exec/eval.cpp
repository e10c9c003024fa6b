// exec/eval.cpp — evaluation of compound commands and lists (XCU 2.9.3-2.9.4), `set -e`
// (XCU 2.8.1 / set), and non-local control flow (break, continue, return).
#include <cerrno>
#include <cstring>

#include "util/scope.hpp"
#include "exec/shell.hpp"
#include "expand/arith.hpp"
#include "expand/pattern.hpp"
#include "lex/lexer.hpp"
#include "os/fd.hpp"
#include "os/signals.hpp"
#include "os/sys.hpp"
#include "os/trace.hpp"
#include "util/stack.hpp"

namespace fdsh::exec {

using ast::Kind;

namespace {

constexpr int kMaxEvalDepth = 40000;

}  // namespace

void Shell::run_err_trap(const ast::Node& n) {
  if (errexit_suppressed > 0 || errexit_pending_skip_ || !traps.runs(Traps::kErr)) return;
  if (!traps_in_function(Traps::kErr)) return;
  // A compound command's own commands have had their chance: ERR runs once, for the
  // command that failed (a simple command, a subshell, a pipeline, the end of && ||).
  const ast::Node* last = &n;
  if (last->kind == Kind::AndOr) last = static_cast<const ast::AndOr&>(*last).items.back().get();
  if (last->kind == Kind::Pipeline && static_cast<const ast::Pipeline&>(*last).cmds.size() == 1)
    last = static_cast<const ast::Pipeline&>(*last).cmds[0].get();
  switch (last->kind) {
    case Kind::Group: case Kind::If: case Kind::While: case Kind::For: case Kind::Case:
    case Kind::Select: case Kind::ArithFor: case Kind::List:
      return;
    default: break;
  }
  util::Assign<ast::Pos> at(frames.pos, last->pos);  // $LINENO: the failed command's line
  util::Assign<const ast::Node*> none(frames.command, nullptr);  // BASH_COMMAND: last_command
  run_trap(Traps::kErr);
}

void Shell::check_errexit(int status) {
  if (status == 0 || !opts.errexit || errexit_suppressed > 0) return;
  if (errexit_pending_skip_) return;  // reset before the next command runs
  exit_shell(status);
}

int Shell::execute(const ast::Node& n) {
  if (++frames.eval_depth > kMaxEvalDepth || util::stack_exhausted()) {
    --frames.eval_depth;
    error("maximum nesting depth " + std::to_string(kMaxEvalDepth) + " exceeded");
    throw ShellExit{2};
  }
  util::ScopeExit leave([&] { --frames.eval_depth; });
  return execute_node(n);
}

int Shell::execute_node(const ast::Node& n) {
  if (n.kind != Kind::List) {
    frames.pos = n.pos;
    if (os::trace::enabled)
      os::trace::where = where(n.pos);
  }
  if (n.kind == Kind::Simple) {
    {
      // The command's process substitutions end with it.
      std::size_t mark = io.procsub_fds.size();
      util::ScopeExit close_subs([&] { close_procsubs(mark); });
      results.status = run_simple(static_cast<const ast::Simple&>(n));
    }
    results.pipestatus.assign(1, std::to_string(results.status));
    results.last_arg = std::move(results.pending_last_arg);
    return results.status;
  }
  if (n.kind == Kind::List) return run_list(static_cast<const ast::List&>(n));
  if (n.kind == Kind::FuncDef) {
    const auto& f = static_cast<const ast::FuncDef&>(n);
    auto def = std::make_shared<ast::FuncDef>(f);
    Function& slot = cmds.funcs[f.name];
    slot.def = def;  // a redefinition keeps the export -f mark, as in bash
    slot.source = frames.source_name;
    return results.status = 0;
  }
  // Undone in reverse order on every way out: exec_last, the command's fds, its process
  // substitutions.
  std::size_t procsub_mark = io.procsub_fds.size();
  util::ScopeExit close_subs([&] { close_procsubs(procsub_mark); });
  os::UndoFrame frame;
  bool has_redirs = !n.redirs.empty();
  if (has_redirs && n.kind != Kind::Subshell) {
    if (!apply_redirs(n.redirs, &frame)) return results.status = 1;
  }
  util::Assign<bool> keep_last(exec_last, has_redirs ? false : exec_last);
  int st = 0;
  {
    switch (n.kind) {
      case Kind::Pipeline: st = run_pipeline(static_cast<const ast::Pipeline&>(n)); break;
      case Kind::AndOr: st = run_and_or(static_cast<const ast::AndOr&>(n)); break;
      case Kind::Subshell: st = run_subshell(static_cast<const ast::Subshell&>(n)); break;
      case Kind::Group: {
        const auto& g = static_cast<const ast::Group&>(n);
        st = g.body ? execute(*g.body) : 0;
        break;
      }
      case Kind::If: st = run_if(static_cast<const ast::If&>(n)); break;
      case Kind::While: st = run_while(static_cast<const ast::While&>(n)); break;
      case Kind::For: st = run_for(static_cast<const ast::For&>(n)); break;
      case Kind::ArithFor: st = run_arith_for(static_cast<const ast::ArithFor&>(n)); break;
      case Kind::Select: st = run_select(static_cast<const ast::Select&>(n)); break;
      case Kind::Case: st = run_case(static_cast<const ast::Case&>(n)); break;
      case Kind::ArithCmd: {
        frames.pos = n.pos;
        util::Assign<const ast::Node*> running(frames.command, traps.running ? frames.command : &n);
        if (traps.runs(Traps::kDebug) && traps_in_function(Traps::kDebug)) run_trap(Traps::kDebug);
        // An error in the expression fails the command (status 1), as in bash; one in
        // expanding its words (${x?}) is an expansion error as anywhere.
        expand::Expander ex(*this);
        std::string text = ex.arith_text(static_cast<const ast::ArithCmd&>(n).expr);
        auto v = expand::arith_eval(text, *this);
        if (!v) error("((: " + text + ": " + v.error().message);
        st = v && *v != 0 ? 0 : 1;
        break;
      }
      case Kind::CondCmd: {
        // [[ ]] is a command of its own for the DEBUG trap and BASH_COMMAND (bash).
        frames.pos = n.pos;
        util::Assign<const ast::Node*> running(frames.command, traps.running ? frames.command : &n);
        if (traps.runs(Traps::kDebug) && traps_in_function(Traps::kDebug)) run_trap(Traps::kDebug);
        util::ScopeExit remember([&] {
          if (!traps.running && traps.runs(Traps::kErr)) frames.last_command = ast::to_source(n);
        });
        st = run_cond(static_cast<const ast::CondCmd&>(n));
        break;
      }
      case Kind::Time: st = run_time(static_cast<const ast::Time&>(n)); break;
      case Kind::Coproc: st = run_coproc(static_cast<const ast::Coproc&>(n)); break;
      default: st = 0;
    }
  }
  return results.status = st;
}

int Shell::run_list(const ast::List& l) {
  int st = results.status;
  const bool exec_ok = exec_last;
  for (std::size_t i = 0; i < l.items.size(); ++i) {
    const auto& it = l.items[i];
    util::Assign<bool> tail(exec_last, exec_ok && i + 1 == l.items.size() && !it.async);
    if (it.async) {
      st = run_async(it.cmd);
      results.status = st;
    } else {
      errexit_pending_skip_ = false;
      try {
        st = execute(*it.cmd);
      } catch (const CommandFailed& a) {
        st = a.status;  // the command was abandoned; the list goes on
      }
      results.status = st;
      if (frames.flow != Flow::None) break;
      if (st != 0) run_err_trap(*it.cmd);
      check_errexit(st);
    }
    check_interrupt();
    if (frames.flow != Flow::None) break;
  }
  return st;
}

int Shell::run_and_or(const ast::AndOr& a) {
  int st = 0;
  {
    util::Deeper g(errexit_suppressed);  // a condition: set -e does not apply
    util::Assign<bool> not_tail(exec_last, false);
    st = execute(*a.items[0]);
  }
  for (std::size_t i = 1; i < a.items.size(); ++i) {
    if (frames.flow != Flow::None) return st;
    check_interrupt();
    bool run = a.ops[i - 1] == ast::AndOrOp::And ? st == 0 : st != 0;
    if (!run) continue;
    if (i + 1 == a.items.size()) {
      st = execute(*a.items[i]);  // in tail position when the and-or list is
      errexit_pending_skip_ = false;
      return st;
    }
    util::Deeper g(errexit_suppressed);  // a condition: set -e does not apply
    util::Assign<bool> not_tail(exec_last, false);
    st = execute(*a.items[i]);
  }
  // The status came from a command that was not last: -e does not apply.
  errexit_pending_skip_ = true;
  return st;
}

int Shell::run_if(const ast::If& n) {
  for (const auto& [cond, body] : n.branches) {
    int c;
    {
      util::Deeper g(errexit_suppressed);  // a condition: set -e does not apply
      util::Assign<bool> not_tail(exec_last, false);
      c = execute(*cond);
    }
    if (frames.flow != Flow::None) return c;
    if (c == 0) return execute(*body);
  }
  if (n.else_body) return execute(*n.else_body);
  return 0;
}

bool Shell::loop_should_stop() {
  if (frames.flow == Flow::Break || frames.flow == Flow::Continue) {
    bool brk = frames.flow == Flow::Break;
    if (--frames.flow_count <= 0) {
      frames.flow = Flow::None;
      frames.flow_count = 0;
      return brk;
    }
    return true;  // aimed at an enclosing loop
  }
  return frames.flow != Flow::None;
}

int Shell::run_while(const ast::While& n) {
  util::Assign<bool> not_tail(exec_last, false);  // the loop runs again after its body
  int st = 0;
  util::Deeper in_loop(frames.loop_depth);
  for (;;) {
    int c;
    {
      util::Deeper g(errexit_suppressed);  // a condition: set -e does not apply
      c = execute(*n.cond);
    }
    if (frames.flow == Flow::Break || frames.flow == Flow::Continue) {
      // break/continue inside the condition act on this loop.
      bool brk = frames.flow == Flow::Break;
      if (--frames.flow_count <= 0) {
        frames.flow = Flow::None;
        frames.flow_count = 0;
      }
      if (brk || frames.flow != Flow::None) break;
      continue;
    }
    if (frames.flow != Flow::None) {
      st = c;  // `return` in the condition: its status is the function's
      break;
    }
    if ((c == 0) == n.until) break;
    check_interrupt();
    st = execute(*n.body);
    if (loop_should_stop()) break;
    check_interrupt();
  }
  return st;
}

int Shell::run_for(const ast::For& n) {
  util::Assign<bool> not_tail(exec_last, false);  // the loop runs again after its body
  std::vector<std::string> items;
  if (n.has_in) {
    expand::Expander ex(*this);
    items = ex.words(n.words);
  } else {
    items = frames.params;
  }
  int st = 0;
  util::Deeper in_loop(frames.loop_depth);
  for (const std::string& v : items) {
    if (!set_variable(n.var, v)) {
      st = 1;
      break;
    }
    st = execute(*n.body);
    if (loop_should_stop()) break;
    check_interrupt();
  }
  return st;
}

int Shell::run_arith_for(const ast::ArithFor& n) {
  util::Assign<bool> not_tail(exec_last, false);  // the loop runs again after its body
  expand::Expander ex(*this);
  if (!n.init.empty()) ex.arith(n.init, n.pos);
  int st = 0;
  util::Deeper in_loop(frames.loop_depth);
  for (;;) {
    frames.pos = n.pos;  // $LINENO in the condition and step is the line of the `for`
    if (!n.cond.empty() && ex.arith(n.cond, n.pos) == 0) break;
    st = execute(*n.body);
    if (loop_should_stop()) break;
    check_interrupt();
    frames.pos = n.pos;
    if (!n.step.empty()) ex.arith(n.step, n.pos);
  }
  return st;
}

int Shell::run_select(const ast::Select& n) {
  util::Assign<bool> not_tail(exec_last, false);  // the loop runs again after its body
  std::vector<std::string> items;
  if (n.has_in) {
    expand::Expander ex(*this);
    items = ex.words(n.words);
  } else {
    items = frames.params;
  }
  int st = 0;
  util::Deeper in_loop(frames.loop_depth);
  for (;;) {
    std::string menu;
    for (std::size_t i = 0; i < items.size(); ++i) menu += std::to_string(i + 1) + ") " + items[i] + "\n";
    err(menu);
    auto ps3 = lookup("PS3");
    err(ps3 ? *ps3 : "#? ");
    std::string line;
    char c;
    bool got = false;
    for (;;) {
      auto r = os::read_some(0, &c, 1, false);
      if (!r && r.error().err == EINTR) {
        check_interrupt();  // Ctrl-C ends the menu (a trap runs instead where set)
        continue;
      }
      if (!r || *r <= 0) break;
      got = true;
      if (c == '\n') break;
      line += c;
    }
    if (!got) {
      out("\n");                 // the line the menu's prompt was on ends (bash)
      set_variable("REPLY", "");  // end of input leaves REPLY empty (bash, ksh)
      st = 1;
      break;
    }
    set_variable("REPLY", line);
    std::size_t idx = 0;
    bool num = !line.empty() && line.find_first_not_of("0123456789") == std::string::npos && line.size() < 9;
    if (num) idx = std::stoul(line);
    set_variable(n.var, num && idx >= 1 && idx <= items.size() ? items[idx - 1] : "");
    if (line.empty()) continue;
    st = execute(*n.body);
    if (loop_should_stop()) break;
  }
  return st;
}

int Shell::run_case(const ast::Case& n) {
  expand::Expander ex(*this);
  std::string subject = ex.string(n.subject);
  expand::PatternFlags pf;
  pf.extglob = opts.extglob;
  pf.nocase = opts.nocasematch;
  int st = 0;
  bool fall = false;
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    const auto& it = n.items[i];
    bool match = fall;
    if (!match) {
      for (const ast::Word& pw : it.patterns) {
        std::string pat = ex.pattern(pw);
        if (expand::pattern_match(pat, subject, pf)) {
          match = true;
          break;
        }
      }
    }
    if (!match) continue;
    st = it.body ? execute(*it.body) : 0;
    if (frames.flow != Flow::None) return st;
    if (it.term == ast::CaseTerm::Break) return st;
    fall = it.term == ast::CaseTerm::FallThrough;
  }
  return st;
}

int Shell::run_cond(const ast::CondCmd& n) {
  return cond_eval(*n.expr) ? 0 : 1;
}

int Shell::run_time(const ast::Time& n) {
  double t0 = os::monotonic_seconds();
  os::Times a = os::process_times();
  int st = n.body ? execute(*n.body) : 0;
  double t1 = os::monotonic_seconds();
  os::Times b = os::process_times();
  char buf[256];
  double user = (b.user + b.cuser) - (a.user + a.cuser);
  double sys = (b.sys + b.csys) - (a.sys + a.csys);
  if (n.posix) {
    std::snprintf(buf, sizeof buf, "real %.2f\nuser %.2f\nsys %.2f\n", t1 - t0, user, sys);
  } else {
    auto fmt = [](double s) {
      char b2[64];
      int m = static_cast<int>(s / 60);
      std::snprintf(b2, sizeof b2, "%dm%.3fs", m, s - m * 60);
      return std::string(b2);
    };
    std::snprintf(buf, sizeof buf, "\nreal\t%s\nuser\t%s\nsys\t%s\n", fmt(t1 - t0).c_str(), fmt(user).c_str(),
                  fmt(sys).c_str());
  }
  err(buf);
  return st;
}

}  // namespace fdsh::exec
