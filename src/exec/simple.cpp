// exec/simple.cpp — simple commands (XCU 2.9.1): expansion order, assignments, redirections
// through fd plans, command search (special builtins, functions, builtins, PATH), and
// exit statuses 126/127.
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "util/scope.hpp"
#include "exec/shell.hpp"
#include "os/fd.hpp"
#include "os/fs.hpp"
#include "os/net.hpp"
#include "os/process.hpp"
#include "os/sys.hpp"
#include "os/trace.hpp"
#include "lex/lexer.hpp"
#include "plan/plan.hpp"

namespace fdsh::exec {

using RO = ast::RedirOp;

bool Shell::redir_steps(const ast::Redir& r, expand::Expander& ex, std::vector<os::FdStep>& steps) {
  frames.pos = r.pos;
  std::string target;
  if (r.op == RO::HereDoc) {
    bool quoted_body = false;
    if (r.heredoc)
      target = r.heredoc->quoted ? lex::word_plain_text(r.heredoc->body, quoted_body) : ex.string(r.heredoc->body);
  } else if (r.op == RO::HereString) {
    target = ex.string(r.target) + "\n";
  } else {
    std::vector<std::string> fields;
    ex.word_fields(r.target, fields);
    if (fields.size() != 1) {
      // bash: a target that expands to several words (or none) is ambiguous.
      if (!fields.empty() || !r.target.empty()) {
        error(ast::word_to_string(r.target) + ": ambiguous redirect");
        return false;
      }
      target = ex.string(r.target);
    } else {
      target = std::move(fields[0]);
    }
  }
  int named_fd = -1;
  if (!r.fd_var.empty() && (r.op == RO::DupIn || r.op == RO::DupOut) && target == "-") {
    auto lb = r.fd_var.find('[');
    auto v = lb == std::string::npos
                 ? lookup(r.fd_var)
                 : array_get(r.fd_var.substr(0, lb), r.fd_var.substr(lb + 1, r.fd_var.size() - lb - 2));
    if (!v || v->empty() || v->find_first_not_of("0123456789") != std::string::npos) {
      error(r.fd_var + ": invalid file descriptor for {var}>&-");
      return false;
    }
    named_fd = std::stoi(*v);
  }
  if (r.fd == parse::kFdTooLarge) {
    error("file descriptor number too large");
    return false;
  }
  auto planned = plan::plan_redirect(r, target, opts.noclobber, named_fd);
  if (!planned) {
    error(planned.error());
    return false;
  }
  if (r.heredoc && r.heredoc->spilled)
    for (os::FdStep& st : *planned)
      if (st.op == os::FdStep::Op::Data) st.data_fd = static_cast<const SpillFile&>(*r.heredoc->spilled).fd.get();
  steps = std::move(*planned);
  return true;
}

bool Shell::apply_step(const os::FdStep& st, os::UndoFrame* frame) {
  auto res = os::fd_table().apply(st, st.named ? nullptr : frame);
  if (!res) {
    const SysError& e = res.error();
    if (st.op == os::FdStep::Op::Dup) {
      error(std::to_string(st.src) + ": bad file descriptor");
    } else if (e.err == EBADF && e.what == "dup2") {
      error(std::to_string(st.fd) + ": bad file descriptor");
    } else if (e.err == EEXIST && st.noclobber) {
      error("cannot overwrite existing file '" + st.path + "'");
    } else if (st.op == os::FdStep::Op::Open && os::socket_target(st.path).kind != os::SocketTarget::None) {
      error("cannot connect to '" + e.what + "'" + (e.err ? std::string(": ") + std::strerror(e.err) : ""));
    } else if (st.op == os::FdStep::Op::Open) {
      error("cannot open '" + st.path + "': " + std::strerror(e.err));
    } else {
      error(e.what + ": " + std::strerror(e.err));
    }
    return false;
  }
  if (st.named && !st.var.empty() && st.fd < 0) {
    auto lb = st.var.find('[');
    if (lb == std::string::npos) set_variable(st.var, std::to_string(*res));
    else set_array_element(st.var.substr(0, lb), st.var.substr(lb + 1, st.var.size() - lb - 2), std::to_string(*res));
  }
  return true;
}

bool Shell::apply_redirs(const std::vector<ast::Redir>& rs, os::UndoFrame* frame) {
  // Expanded and applied one at a time: a {var} set by one redirection is seen by the next.
  expand::Expander ex(*this);
  std::vector<os::FdStep> steps;
  for (const ast::Redir& r : rs) {
    if (!redir_steps(r, ex, steps)) return false;
    for (const os::FdStep& st : steps)
      if (!apply_step(st, frame)) return false;
  }
  return true;
}

bool Shell::plan_redirs(const std::vector<ast::Redir>& rs, plan::CommandPlan& plan) {
  expand::Expander ex(*this);
  std::vector<os::FdStep> steps;
  for (const ast::Redir& r : rs) {
    if (!redir_steps(r, ex, steps)) return false;
    for (os::FdStep& st : steps) plan.add(std::move(st), r.pos);
  }
  return true;
}

bool Shell::apply_plan(const plan::CommandPlan& plan, os::UndoFrame* frame) {
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    if (i < plan.where.size() && plan.where[i].line) frames.pos = plan.where[i];
    if (!apply_step(plan.steps[i], frame)) return false;
  }
  return true;
}

void Shell::xtrace(const std::vector<std::string>& assigns, const std::vector<std::string>& argv) {
  auto ps4v = lookup("PS4");
  std::string line = ps4v ? expand_prompt(*ps4v) : std::string();
  bool first = true;
  for (const auto& a : assigns) {
    if (!first) line += ' ';
    first = false;
    auto eq = a.find('=');
    line += a.substr(0, eq + 1) + expand::quote_for_reuse(a.substr(eq + 1));
  }
  for (const auto& w : argv) {
    if (!first) line += ' ';
    first = false;
    line += expand::quote_for_reuse(w);
  }
  line += '\n';
  err(line);
}

int Shell::do_assignments(const std::vector<ast::Assign>& as, bool exporting, std::vector<std::string>* env_out,
                          std::vector<std::pair<std::string, std::optional<state::Var>>>* saved) {
  expand::Expander ex(*this);
  std::vector<std::string> traced;
  for (const ast::Assign& a : as) {
    frames.pos = a.pos;
    if (a.is_array) {
      std::vector<std::string> vals = ex.words(a.array_words);
      if (saved) saved->emplace_back(a.name, vars.save(a.name));
      if (!set_array(a.name, vals, a.append)) return 1;
      if (opts.xtrace) traced.push_back(a.name + "=(" + [&] {
        std::string s;
        for (auto& v : vals) s += (s.empty() ? "" : " ") + quote(v);
        return s;
      }() + ")");
      continue;
    }
    std::string value = ex.assignment(a.value);
    if (opts.xtrace) traced.push_back(a.name + (a.has_index ? "[" + ex.string(a.index) + "]" : "") + "=" + value);
    if (env_out) {
      if (a.append) {
        auto old = lookup(a.name);
        if (old) value = *old + value;
      }
      env_out->push_back(a.name + "=" + value);
      continue;
    }
    if (saved) saved->emplace_back(a.name, vars.save(a.name));
    if (a.has_index) {
      std::string idx = ex.string(a.index);
      if (a.append) {
        // NAME[i]+=value appends to that element (adds, for an integer array), as in bash.
        auto old = array_get(a.name, idx);
        state::Var* v = vars.find(a.name);
        if (v && (v->flags & state::Var::Integer)) value = std::to_string(arith_string((old ? *old : "0") + "+(" + value + ")"));
        else if (old) value = *old + value;
      }
      if (!set_array_element(a.name, idx, value)) return 1;
      continue;
    }
    state::Var* v = vars.find(a.name);
    if (a.append && v && v->is_set()) {
      if (v->flags & state::Var::Indexed) {
        std::int64_t next = v->indexed && !v->indexed->empty() ? v->indexed->rbegin()->first + 1 : 0;
        (void)next;
        if (!set_array_element(a.name, "0", (v->indexed && v->indexed->count(0) ? v->indexed->at(0) : "") + value))
          return 1;
        continue;
      }
      if (v->flags & state::Var::Integer) {
        value = std::to_string(arith_string(v->value + "+(" + value + ")"));
      } else {
        value = v->value + value;
      }
    } else if (v && (v->flags & state::Var::Integer)) {
      value = std::to_string(arith_string(value));
    }
    if (!set_variable(a.name, value)) return 1;
    if (exporting || opts.allexport) vars.set_exported(a.name, true);
  }
  if (opts.xtrace && !traced.empty() && !env_out) xtrace(traced, {});
  if (opts.xtrace && !traced.empty() && env_out) {
    // Traced together with the command by the caller.
  }
  return 0;
}

std::vector<std::string> Shell::declaration_args(const ast::Simple& s, expand::Expander& ex, const std::string& cmd0) {
  std::vector<std::string> argv{cmd0};
  for (std::size_t i = 1; i < s.words.size(); ++i) {
    const ast::Word& w = s.words[i];
    const std::vector<ast::Word>* arr = nullptr;
    for (const auto& [idx, items] : s.decl_arrays)
      if (idx == i) arr = &items;
    std::size_t eq = std::string::npos;
    if (!w.empty() && w[0].kind == ast::WordPart::Kind::Literal) {
      const std::string& t = w[0].text;
      std::size_t k = 0;
      while (k < t.size() && (std::isalnum(static_cast<unsigned char>(t[k])) || t[k] == '_')) ++k;
      if (k > 0 && !std::isdigit(static_cast<unsigned char>(t[0]))) {
        if (k < t.size() && t[k] == '[') k = t.find(']', k) == std::string::npos ? k : t.find(']', k) + 1;
        if (k < t.size() && t[k] == '+') ++k;
        if (k < t.size() && t[k] == '=') eq = k;
      }
    }
    if (arr) {
      // The unit separator marks an array literal (as opposed to a string that starts with '(').
      std::string a = ex.string(w) + "\x1f(";
      std::vector<std::string> vals = ex.words(*arr);
      for (std::size_t k = 0; k < vals.size(); ++k) a += (k ? " " : "") + quote_always(vals[k]);
      argv.push_back(a + ")");
    } else if (eq != std::string::npos) {
      // NAME=value: expanded like an assignment (no field splitting or globbing).
      ast::Word rest = w;
      rest[0].text = w[0].text.substr(eq + 1);
      if (rest[0].text.empty()) rest.erase(rest.begin());
      argv.push_back(w[0].text.substr(0, eq + 1) + ex.assignment(rest));
    } else {
      ex.word_fields(w, argv);
    }
  }
  return argv;
}

int Shell::run_simple(const ast::Simple& s) {
  expand::Expander ex(*this);
  frames.pos = s.pos;
  // A trap's own commands leave BASH_COMMAND naming the command that set the trap off.
  util::Assign<const ast::Node*> running(frames.command, traps.running ? frames.command : &s);
  // An ERR trap after this command names it in BASH_COMMAND (kept as text: the command's
  // tree may be gone by then).
  util::ScopeExit remember([&] {
    if (!traps.running && traps.runs(Traps::kErr)) frames.last_command = ast::to_source(s);
  });
  if (traps.runs(Traps::kDebug) && traps_in_function(Traps::kDebug)) run_trap(Traps::kDebug);
  if (os::trace::enabled) os::trace::where = where(s.pos);
  // The status of an assignment-only command is that of its last command substitution.
  results.cmdsub_status = -1;
  std::string cmd0;
  std::vector<std::string> argv =
      !s.words.empty() && lex::word_literal(s.words[0], cmd0) && ast::is_declaration_utility(cmd0)
          ? declaration_args(s, ex, cmd0)
          : ex.words(s.words);
  results.pending_last_arg = argv.empty() ? std::string() : argv.back();
  if (auto mark = results.pending_last_arg.find("\x1f("); mark != std::string::npos) {
    // `declare a=(1 2)`: $_ is the name, not the internal form of the array literal.
    results.pending_last_arg.erase(std::min(mark, results.pending_last_arg.find('=')));
  }
  if (argv.empty()) return run_assignments_only(s);
  // $_ after this command is its own last argument, whatever a function, eval or dot
  // script it runs did to it meanwhile (bash).
  std::string own_last_arg = results.pending_last_arg;
  util::ScopeExit keep_last_arg([&] { results.pending_last_arg = std::move(own_last_arg); });

  const std::string& name = argv[0];
  const Builtin* bi = nullptr;
  const Function* fn = nullptr;
  if (name.find('/') == std::string::npos) {
    bi = find_builtin(name);
    if (!(bi && bi->kind == BuiltinKind::Special)) {
      auto it = cmds.funcs.find(name);
      if (it != cmds.funcs.end()) {
        fn = &it->second;
        bi = nullptr;
      }
    }
  }
  if (bi && bi->kind == BuiltinKind::Special) return run_special_builtin(s, *bi, argv);
  if (fn || bi) return run_in_shell(s, bi, fn, argv);
  return run_external_command(s, argv);
}

int Shell::run_assignments_only(const ast::Simple& s) {
  // Assignments and redirections only: assignments persist in the shell.
  os::UndoFrame frame;
  if (!apply_redirs(s.redirs, &frame)) return 1;
  int r = do_assignments(s.assigns, false, nullptr, nullptr);
  if (r != 0) {
    // A variable assignment error ends a non-session.interactive shell (XCU 2.8.1), with status 2
    // as after any other assignment error.
    if (!session.interactive) exit_shell(2);
    return r;
  }
  return results.cmdsub_status < 0 ? 0 : results.cmdsub_status;
}

int Shell::run_special_builtin(const ast::Simple& s, const Builtin& bi, std::vector<std::string>& argv) {
  const std::string name = argv[0];
  // Special builtins: assignments persist (XCU 2.14).
  if (do_assignments(s.assigns, false, nullptr, nullptr) != 0) {
    if (!session.interactive) exit_shell(2);
    return 1;
  }
  if (name == "exec")
    for (const auto& a : s.assigns) vars.set_exported(a.name, true);
  if (opts.xtrace) xtrace({}, argv);
  os::UndoFrame frame;  // undone when the builtin is over; `exec` keeps its changes
  util::ScopeExit keep([&] {
    if (name == "exec") os::fd_table().commit(frame);
  });
  if (!apply_redirs(s.redirs, &frame)) {
    keep.dismiss();
    if (!session.interactive) throw ShellExit{1};
    return 1;
  }
  util::Assign<bool> not_last(exec_last, false);
  return call_builtin(bi, argv);
}

int Shell::run_in_shell(const ast::Simple& s, const Builtin* bi, const Function* fn, std::vector<std::string>& argv) {
  // Functions and regular builtins: prefix assignments last only for the command.
  std::vector<std::pair<std::string, std::optional<state::Var>>> saved;
  // The prefix assignments go back after the command (and after its fds: the frame is
  // declared later, so it is undone first).
  util::ScopeExit restore_vars([&] {
    for (auto it = saved.rbegin(); it != saved.rend(); ++it) vars.restore(it->first, it->second);
  });
  if (do_assignments(s.assigns, false, nullptr, &saved) != 0) {
    if (!session.interactive) exit_shell(2);
    return 1;
  }
  for (auto& [n, _] : saved) vars.set_exported(n, true);
  if (opts.xtrace) xtrace({}, argv);
  os::UndoFrame frame;
  if (!apply_redirs(s.redirs, &frame)) return 1;
  // `command exec 8<file`: command keeps exec's fds (it only stops a special builtin's
  // error from ending the shell).
  util::ScopeExit keep([&] {
    if (bi && bi->fn == find_builtin("command")->fn && argv.size() > 1 && argv[1] == "exec")
      os::fd_table().commit(frame);
  });
  util::Assign<bool> not_last(exec_last, false);
  return fn ? call_function(*fn, argv) : call_builtin(*bi, argv);
}

int Shell::run_external_command(const ast::Simple& s, std::vector<std::string>& argv) {
  // Prefix assignments hold for the command only, exported (and visible to later
  // assignments in the same command: x=1 y=$x cmd).
  std::vector<std::pair<std::string, std::optional<state::Var>>> saved;
  util::ScopeExit restore_vars([&] {
    for (auto it = saved.rbegin(); it != saved.rend(); ++it) vars.restore(it->first, it->second);
    if (!saved.empty()) cmds.hash.clear();
  });
  if (do_assignments(s.assigns, false, nullptr, &saved) != 0) {
    if (!session.interactive) exit_shell(2);
    return 1;
  }
  for (auto& [n, _] : saved) vars.set_exported(n, true);
  if (opts.xtrace) xtrace({}, argv);
  // Every redirection target is expanded first; the fds are changed in the child only.
  plan::CommandPlan plan;
  if (!plan_redirs(s.redirs, plan)) return 1;
  frames.pos = s.pos;
  // Under job control the command is listed as written if it stops.
  util::Assign<const ast::Node*> text(job_node_, &s);
  return run_external(argv, {}, plan);
}

std::string Shell::find_command(const std::string& name, bool use_hash) {
  if (name.find('/') != std::string::npos) return name;
  if (use_hash) {
    auto it = cmds.hash.find(name);
    if (it != cmds.hash.end()) {
      if (os::is_executable_file(it->second)) return it->second;
      cmds.hash.erase(it);
    }
  }
  auto path = lookup("PATH");
  std::string p = path ? *path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  for (;;) {
    std::size_t colon = p.find(':', start);
    std::string dir = p.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (dir.empty()) dir = ".";
    std::string full = dir + "/" + name;
    if (os::is_executable_file(full)) {
      if (use_hash) cmds.hash[name] = full;
      return full;
    }
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return {};
}

std::vector<std::string> Shell::child_env(const std::vector<std::string>& extra) {
  if (env_gen_ != vars.env_generation()) {
    env_cache_ = vars.environment();
    env_gen_ = vars.env_generation();
  }
  const std::vector<std::string>* base = &env_cache_;
  std::vector<std::string> with_functions;
  if (cmds.exported_functions > 0) {
    // export -f: the definitions as bash passes them (bash children import them; fdsh
    // itself never runs code from its environment).
    with_functions = env_cache_;
    for (const auto& [name, f] : cmds.funcs) {
      if (!f.exported || !f.def->body) continue;
      std::string body = ast::to_source(*f.def->body);
      if (f.def->body->kind != ast::Kind::Group) body = "{ " + body + "\n}";
      with_functions.push_back("BASH_FUNC_" + name + "%%=() " + body);
    }
    base = &with_functions;
  }
  if (extra.empty()) return *base;
  std::vector<std::string> env;
  env.reserve(base->size() + extra.size());
  for (const auto& e : *base) {
    auto eq = e.find('=');
    bool overridden = false;
    for (const auto& x : extra)
      if (x.compare(0, eq + 1, e, 0, eq + 1) == 0) overridden = true;
    if (!overridden) env.push_back(e);
  }
  for (const auto& x : extra) env.push_back(x);
  return env;
}

bool Shell::opens_without_waiting(const std::string& path) {
  // Opening a FIFO, a device or a socket address can wait until another process (perhaps a
  // later stage of the same pipeline) opens the other end: in a forked child that wait is
  // the child's, between vfork and exec it would be the shell's. Only /dev/null, regular
  // files and files that do not exist yet are opened there.
  if (path == "/dev/null") return true;
  if (os::socket_target(path).kind != os::SocketTarget::None) return false;
  auto st = os::stat_path(path);
  return !st || S_ISREG(st->st_mode);
}

bool Shell::spawnable(const plan::CommandPlan& plan) {
  if (plan.has_named()) return false;
  for (const os::FdStep& st : plan.steps)
    if (st.op == os::FdStep::Op::Open && !opens_without_waiting(st.path)) return false;
  return true;
}

void Shell::exec_program(const std::string& path, std::vector<std::string>& argv, const std::vector<std::string>& env) {
  const std::string name = argv[0];
  SysError e = os::exec_replace(path, argv, env);
  if (e.err == ENOEXEC) {
    if (os::looks_binary(path)) {
      error(name + ": cannot execute binary file");
      os::exit_now(126);
    }
    // A file without #!: a script for a new fdsh.
    std::vector<std::string> args{os::self_exe(), path};
    args.insert(args.end(), argv.begin() + 1, argv.end());
    e = os::exec_replace(args[0], args, env);
  }
  error(name + ": " + std::strerror(e.err));
  os::exit_now(e.err == ENOENT ? 127 : 126);
}

int Shell::run_external(std::vector<std::string>& argv, const std::vector<std::string>& env_extra,
                        const plan::CommandPlan& plan) {
  const std::string& name = argv[0];
  std::string path = find_command(name);
  int fail_status = 0;
  std::string fail_msg;
  if (path.empty()) {
    fail_status = 127;
    fail_msg = name + ": command not found";
  } else {
    switch (os::check_executable(path)) {
      case os::ExecCheck::Missing: fail_status = 127; fail_msg = name + ": " + std::strerror(ENOENT); break;
      case os::ExecCheck::IsDirectory: fail_status = 126; fail_msg = name + ": is a directory"; break;
      case os::ExecCheck::NotExecutable: fail_status = 126; fail_msg = name + ": " + std::strerror(EACCES); break;
      case os::ExecCheck::Ok: break;
    }
  }
  if (fail_status) {
    // No program to start: the redirections still happen (they may create files), and the
    // message goes where they send stderr, as from a forked shell.
    ast::Pos at = frames.pos;
    os::UndoFrame frame;
    bool ok = apply_plan(plan, &frame);
    frames.pos = at;
    if (ok) error(fail_msg);
    os::fd_table().undo(frame);
    return ok ? fail_status : 1;
  }
  std::vector<std::string> env = child_env(env_extra);
  if (exec_last && !traps.action(0)) {
    // Nothing runs after this command in this process: replace it.
    ast::Pos at = frames.pos;
    if (!apply_plan(plan, nullptr)) return 1;
    frames.pos = at;
    exec_program(path, argv, env);
  }
  int status = 0;
  const ast::Node* node = job_node_;
  job_node_ = nullptr;
  int pid = start_external(path, argv, std::move(env), plan, false, status, job_group());
  if (pid <= 0) return status;
  if (!job_control()) return wait_for(pid);
  std::string text;
  if (node) {
    text = job_text(*node);
  } else {
    for (const std::string& a : argv) text += (text.empty() ? "" : " ") + a;
  }
  return wait_command(pid, text);
}

}  // namespace fdsh::exec
