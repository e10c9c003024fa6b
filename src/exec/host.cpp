// exec/host.cpp — the shell as seen by expansion: parameters (XCU 2.5), special parameters,
// arrays, errors with locations; running text and scripts one command at a time.
#include <optional>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/scope.hpp"
#include "exec/shell.hpp"
#include "exec/interact.hpp"
#include "expand/pattern.hpp"
#include "lex/lexer.hpp"
#include "os/fd.hpp"
#include "os/process.hpp"
#include "os/signals.hpp"
#include "os/sys.hpp"

namespace fdsh::exec {

std::string quote(const std::string& s) {
  if (s.empty()) return "''";
  bool plain = true;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || std::strchr("_-./:=+,@%", c))) plain = false;
  }
  if (plain) return s;
  std::string o = "'";
  for (char c : s) {
    if (c == '\'') o += "'\\''";
    else o += c;
  }
  return o + "'";
}

std::string quote_always(const std::string& s) {
  std::string o = "'";
  for (char c : s) {
    if (c == '\'') o += "'\\''";
    else o += c;
  }
  return o + "'";
}

diag::Location Shell::location() const {
  diag::Location l;
  l.file = source_of(frames.pos);
  l.line = frames.pos.line;
  l.col = frames.pos.col;
  return l;
}

std::string Shell::source_of(const ast::Pos& p) const {
  return p.source ? diag::source_label(p.source) : frames.source_name;
}

std::string Shell::where(const ast::Pos& p) const {
  return source_of(p) + ":" + std::to_string(p.line) + ":" + std::to_string(p.col);
}

void Shell::error(const std::string& msg) { err(diag::render(location(), msg)); }

bool Shell::out(std::string_view s) {
  if (io.builtin_depth && io.out_failed) return false;
  auto r = io.streams->write(1, s);
  if (!r) {
    if (r.error().err != EPIPE) {
      error(std::string("write error: ") + std::strerror(r.error().err));
      io.out_failed = io.builtin_depth > 0;
    }
    return false;
  }
  return true;
}

int Shell::call_builtin(const Builtin& bi, std::vector<std::string>& argv) {
  // A builtin that could not write its output fails; the caller's flag comes back after.
  util::Assign<bool> fresh(io.out_failed, false);
  util::Deeper depth(io.builtin_depth);
  BuiltinContext cx = context();
  int st = bi.fn(cx, argv);
  if (io.out_failed && st == 0) st = 1;
  return st;
}

void Shell::err(std::string_view s) { (void)io.streams->write(2, s); }

BuiltinContext Shell::context() {
  return BuiltinContext{*this, vars, opts, traps, jobs, frames, cmds, results, session, io};
}

Streams* Shell::set_streams(Streams* s) {
  static Streams fd_streams;  // stateless: the shell's own fds
  Streams* old = io.streams;
  io.streams = s ? s : &fd_streams;
  return old;
}

bool BuiltinContext::out(std::string_view s) { return shell.out(s); }
void BuiltinContext::err(std::string_view s) { shell.err(s); }
void BuiltinContext::error(const std::string& msg) { shell.error(msg); }
int BuiltinContext::special_error(int status) {
  // bash ends the shell only in POSIX mode; dash and bash --posix always.
  if (opts.posix && !session.interactive && frames.command_depth == 0) shell.exit_shell(status);
  return status;
}

void Shell::fail(ast::Pos pos, const std::string& message) {
  if (pos.line) frames.pos = pos;
  error(message);
  // Expansion errors end a non-interactive shell (XCU 2.8.1).
  if (!session.interactive) exit_shell(1);
  throw CommandAbort{1};
}

std::string Shell::attributes(const std::string& name) {
  state::Var* v = vars.find(name);
  if (!v) return {};
  std::string s;
  if (v->flags & state::Var::Indexed) s += 'a';
  if (v->flags & state::Var::Assoc) s += 'A';
  if (v->flags & state::Var::Integer) s += 'i';
  if (v->flags & state::Var::Lower) s += 'l';
  if (v->flags & state::Var::Nameref) s += 'n';
  if (v->flags & state::Var::Readonly) s += 'r';
  if (v->flags & state::Var::Upper) s += 'u';
  if (v->flags & state::Var::Exported) s += 'x';
  return s;
}

void Shell::fail_command(ast::Pos pos, const std::string& message) {
  if (pos.line) frames.pos = pos;
  error(message);
  throw CommandFailed{1};
}

std::optional<std::string> Shell::lookup(const std::string& name) {
  if (name.empty()) return std::nullopt;
  char c = name[0];
  if (name.size() == 1 || (c >= '0' && c <= '9')) {
    switch (c) {
      case '?': return std::to_string(results.status);
      case '$': return std::to_string(session.pid);
      case '#': return std::to_string(frames.params.size());
      case '!':
        if (results.bg_pid < 0) return std::nullopt;
        return std::to_string(results.bg_pid);
      case '-': return opts.flags_string();
      case '@':
      case '*': {
        if (frames.params.empty()) return std::nullopt;
        std::string s;
        for (std::size_t i = 0; i < frames.params.size(); ++i) {
          if (i) s += ' ';
          s += frames.params[i];
        }
        return s;
      }
      case '0':
        if (name.size() == 1) return frames.arg0;
        break;
      default: break;
    }
    if (c >= '0' && c <= '9') {
      if (name.size() > 9) return std::nullopt;
      std::size_t i = std::stoul(name);
      if (i == 0) return frames.arg0;
      if (i <= frames.params.size()) return frames.params[i - 1];
      return std::nullopt;
    }
  }
  switch (c) {
    case '_':
      if (name == "_") return results.last_arg;
      break;
    case 'L':
      if (name == "LINENO") return std::to_string(frames.pos.line);
      break;
    case 'R':
      if (name == "RANDOM") {
        session.random_state = session.random_state * 1103515245u + 12345u;
        return std::to_string((session.random_state >> 16) & 0x7fff);
      }
      break;
    case 'S':
      if (name == "SRANDOM") return std::to_string(os::random_seed());
      if (name == "SHELLOPTS" && !vars.find(name)) return opts.names_on(false);
      if (name == "SECONDS" && !vars.find("SECONDS"))
        return std::to_string(static_cast<long long>(os::monotonic_seconds() - session.start_time));
      break;
    case 'B':
      if (name == "BASHPID") return std::to_string(os::pid());
      if (name == "BASH_SUBSHELL") return std::to_string(session.subshell_level);
      if (name == "BASHOPTS" && !vars.find(name)) return opts.names_on(true);
      if (name == "BASH_ARGV0") return frames.arg0;
      if (name == "BASH_COMMAND" && !vars.find(name))
        return frames.command ? ast::to_source(*frames.command) : frames.last_command;
      [[fallthrough]];
    case 'F':
      if ((name == "FUNCNAME" || name == "BASH_SOURCE" || name == "BASH_LINENO") && !vars.find(name)) {
        std::vector<std::string> cs;
        frames.call_stack_array(name, cs);
        if (cs.empty()) return std::nullopt;
        return cs[0];
      }
      break;
    case 'E':
      if (name == "EPOCHSECONDS") return std::to_string(static_cast<long long>(os::now_seconds()));
      if (name == "EPOCHREALTIME") {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.6f", os::now_seconds());
        return std::string(buf);
      }
      break;
    case 'P':
      if (name == "PIPESTATUS" && !vars.find("PIPESTATUS")) {
        if (results.pipestatus.empty()) return std::nullopt;
        return results.pipestatus[0];
      }
      break;
    default: break;
  }
  return vars.get(name);
}

std::vector<std::string> Shell::array_values(const std::string& name, bool& is_array) {
  if (!vars.find(name)) {
    std::vector<std::string> cs;
    if (frames.call_stack_array(name, cs)) {
      is_array = true;
      return cs;
    }
  }
  is_array = false;
  if (name == "PIPESTATUS" && !vars.find(name)) {
    is_array = true;
    return results.pipestatus;
  }
  state::Var* v = vars.find(name);
  if (!v || !v->is_set()) return {};
  std::vector<std::string> out;
  if (v->flags & state::Var::Indexed) {
    is_array = true;
    if (v->indexed)
      for (auto& [k, val] : *v->indexed) out.push_back(val);
  } else if (v->flags & state::Var::Assoc) {
    is_array = true;
    if (v->assoc)
      for (auto& k : v->assoc_order) {
        auto it = v->assoc->find(k);
        if (it != v->assoc->end()) out.push_back(it->second);
      }
  } else {
    out.push_back(v->value);
  }
  return out;
}

std::vector<std::string> Shell::array_keys(const std::string& name) {
  state::Var* v = vars.find(name);
  std::vector<std::string> out;
  if (!v || !v->is_set()) return out;
  if (v->flags & state::Var::Indexed) {
    if (v->indexed)
      for (auto& [k, val] : *v->indexed) out.push_back(std::to_string(k));
  } else if (v->flags & state::Var::Assoc) {
    if (v->assoc)
      for (auto& k : v->assoc_order)
        if (v->assoc->count(k)) out.push_back(k);
  } else {
    out.push_back("0");
  }
  return out;
}

std::optional<std::string> Shell::array_get(const std::string& name, const std::string& index) {
  if (!vars.find(name)) {
    std::vector<std::string> cs;
    if (frames.call_stack_array(name, cs)) {
      std::int64_t i = arith_string(index);
      if (i < 0) i += static_cast<std::int64_t>(cs.size());
      if (i < 0 || i >= static_cast<std::int64_t>(cs.size())) return std::nullopt;
      return cs[static_cast<std::size_t>(i)];
    }
  }
  if (name == "PIPESTATUS" && !vars.find(name)) {
    std::int64_t i = arith_string(index);
    std::vector<std::string> ps = results.pipestatus.empty() ? std::vector<std::string>{std::to_string(results.status)} : results.pipestatus;
    if (i < 0) i += static_cast<std::int64_t>(ps.size());
    if (i < 0 || i >= static_cast<std::int64_t>(ps.size())) return std::nullopt;
    return ps[static_cast<std::size_t>(i)];
  }
  state::Var* v = vars.find(name);
  if (v && (v->flags & state::Var::Assoc)) {
    if (!v->assoc) return std::nullopt;
    auto it = v->assoc->find(index);
    if (it == v->assoc->end()) return std::nullopt;
    return it->second;
  }
  std::int64_t i = arith_string(index);
  if (!v || !v->is_set()) return std::nullopt;
  if (v->flags & state::Var::Indexed) {
    if (!v->indexed || v->indexed->empty()) return std::nullopt;
    if (i < 0) i += v->indexed->rbegin()->first + 1;
    auto it = v->indexed->find(i);
    if (it == v->indexed->end()) return std::nullopt;
    return it->second;
  }
  if (i == 0 || i == -1) return v->value;
  return std::nullopt;
}

void Shell::assign(const std::string& name, const std::string& value) {
  auto lb = name.find('[');
  if (lb != std::string::npos && name.back() == ']') {
    if (!set_array_element(name.substr(0, lb), name.substr(lb + 1, name.size() - lb - 2), value)) throw ShellExit{1};
    return;
  }
  if (!set_variable(name, value)) {
    if (!session.interactive) exit_shell(1);
    throw CommandAbort{1};
  }
}

std::vector<std::string> Shell::names_with_prefix(const std::string& prefix) {
  std::vector<std::string> out;
  for (auto& [n, v] : vars.sorted())
    if (n.compare(0, prefix.size(), prefix) == 0 && v->is_set()) out.push_back(n);
  return out;
}

std::optional<std::string> Shell::get_var(std::string_view name) { return lookup(std::string(name)); }

std::string Shell::set_var(std::string_view name, const std::string& value) {
  std::string n(name);
  state::Var* v = vars.find(n);
  if (v && (v->flags & state::Var::Readonly)) return n + ": readonly variable";
  vars.set(n, value);
  if (opts.allexport) vars.set_exported(n, true);
  return {};
}

std::optional<std::string> Shell::get_element(std::string_view name, std::int64_t index) {
  return array_get(std::string(name), std::to_string(index));
}

std::string Shell::set_element(std::string_view name, std::int64_t index, const std::string& value) {
  if (!set_array_element(std::string(name), std::to_string(index), value)) return std::string(name) + ": cannot assign";
  return {};
}

bool Shell::is_assoc(std::string_view name) {
  state::Var* v = vars.find(std::string(name));
  return v && (v->flags & state::Var::Assoc);
}

std::optional<std::string> Shell::get_key(std::string_view name, const std::string& key) {
  return array_get(std::string(name), key);
}

std::string Shell::set_key(std::string_view name, const std::string& key, const std::string& value) {
  if (!set_array_element(std::string(name), key, value)) return std::string(name) + ": cannot assign";
  return {};
}

bool Shell::set_variable(const std::string& name, const std::string& value, bool report) {
  state::Var* v = vars.find(name);
  if (v && (v->flags & state::Var::Readonly)) {
    if (report) error(name + ": readonly variable");
    return false;
  }
  vars.set(name, value);
  if (opts.allexport) vars.set_exported(name, true);
  if (name == "PATH") cmds.hash.clear();
  else if (name == "BASH_ARGV0") frames.arg0 = value;  // sets $0, as in bash
  return true;
}

bool Shell::set_array_element(const std::string& name, const std::string& index, const std::string& value) {
  state::Var& v = vars.ensure(name);
  if (v.flags & state::Var::Readonly) {
    error(name + ": readonly variable");
    return false;
  }
  if (v.flags & state::Var::Assoc) {
    if (!v.assoc) v.assoc = std::make_shared<std::map<std::string, std::string>>();
    if (!v.assoc->count(index)) v.assoc_order.push_back(index);
    (*v.assoc)[index] = value;
    v.flags |= state::Var::Set;
    return true;
  }
  std::int64_t i = arith_string(index);
  state::Var& v2 = vars.ensure(name);
  if (!(v2.flags & state::Var::Indexed)) {
    auto m = std::make_shared<std::map<std::int64_t, std::string>>();
    if (v2.is_set()) (*m)[0] = v2.value;
    v2.indexed = m;
    v2.value.clear();
    v2.flags |= state::Var::Indexed;
  }
  if (!v2.indexed) v2.indexed = std::make_shared<std::map<std::int64_t, std::string>>();
  if (i < 0) {
    std::int64_t n = v2.indexed->empty() ? 0 : v2.indexed->rbegin()->first + 1;
    i += n;
    if (i < 0) {
      error(name + "[" + index + "]: bad array subscript");
      return false;
    }
  }
  (*v2.indexed)[i] = value;
  v2.flags |= state::Var::Set;
  return true;
}

bool Shell::set_array(const std::string& name, const std::vector<std::string>& values, bool append) {
  state::Var& v = vars.ensure(name);
  if (v.flags & state::Var::Readonly) {
    error(name + ": readonly variable");
    return false;
  }
  if (v.flags & state::Var::Assoc) {
    if (!append || !v.assoc) {
      v.assoc = std::make_shared<std::map<std::string, std::string>>();
      v.assoc_order.clear();
    }
    for (const std::string& s : values) {
      // [key]=value items.
      if (s.size() > 2 && s[0] == '[') {
        auto close = s.find("]=");
        if (close != std::string::npos) {
          std::string k = s.substr(1, close - 1);
          if (!v.assoc->count(k)) v.assoc_order.push_back(k);
          (*v.assoc)[k] = s.substr(close + 2);
          continue;
        }
      }
    }
    v.flags |= state::Var::Set;
    return true;
  }
  std::shared_ptr<std::map<std::int64_t, std::string>> m;
  std::int64_t next = 0;
  if (append && v.is_set()) {
    if (v.flags & state::Var::Indexed) {
      m = v.indexed ? v.indexed : std::make_shared<std::map<std::int64_t, std::string>>();
      next = m->empty() ? 0 : m->rbegin()->first + 1;
    } else {
      m = std::make_shared<std::map<std::int64_t, std::string>>();
      (*m)[0] = v.value;
      next = 1;
    }
  } else {
    m = std::make_shared<std::map<std::int64_t, std::string>>();
  }
  for (const std::string& s : values) {
    if (s.size() > 2 && s[0] == '[') {
      auto close = s.find("]=");
      if (close != std::string::npos) {
        std::int64_t k = arith_string(s.substr(1, close - 1));
        (*m)[k] = s.substr(close + 2);
        next = k + 1;
        continue;
      }
    }
    (*m)[next++] = s;
  }
  v.indexed = m;
  v.value.clear();
  v.flags |= state::Var::Indexed | state::Var::Set;
  return true;
}

std::string Shell::expand_prompt(const std::string& text) {
  // Escapes as bash decodes them, then the expansions (exec/interact.cpp).
  return interact::render(*this, text, false).text;
}

std::int64_t Shell::arith_string(const std::string& expr) {
  auto r = expand::arith_eval(expr, *this);
  if (!r) fail(frames.pos, "arithmetic: " + r.error().message);
  return *r;
}

int Shell::run_text(const std::string& text, const std::string& name, std::uint32_t first_line) {
  // Text run from inside a script (eval, a trap, fc) is a source of its own, named after
  // where it came from: "script.sh:2: eval", so "script.sh:2: eval:1:6: bad substitution".
  std::string label = name.empty() ? frames.source_name : frames.source_name + ":" + std::to_string(frames.pos.line) + ": " + name;
  util::Assign<std::string> source(frames.source_name, label);
  lex::Reader r(label, text);
  if (first_line > 1) r.set_first_line(first_line);
  if (!name.empty()) {
    auto kind = name == "trap" ? diag::SourceKind::Trap : diag::SourceKind::Eval;
    r.set_source(frames.pos.source ? diag::add_source(kind, name, frames.pos.source, frames.pos.line)
                                   : diag::add_source(kind, label));
  } else {
    r.set_source(frames.pos.source);
  }
  return run_reader(r, false);
}

bool SpillFile::append(std::string_view text) { return static_cast<bool>(os::write_all(fd.get(), text)); }

SpillFile::~SpillFile() = default;

std::shared_ptr<ast::SpilledBody> SpillFile::make(const std::string& tmpdir) {
  auto f = os::spill_file(tmpdir);
  if (!f) return nullptr;
  auto priv = os::dup_private(*f);
  os::close_fd(*f);
  if (!priv) return nullptr;
  auto s = std::make_shared<SpillFile>();
  s->fd = os::Fd(*priv);
  s->fd.make_private();
  return s;
}

int Shell::run_reader(lex::Reader& r, bool top_level) {
  parse::ParseOptions po;
  // $TMPDIR as the script has it (an exported or plain assignment both count).
  po.spill = [this]() { return SpillFile::make(get_var("TMPDIR").value_or("")); };
  po.aliases = [this](const std::string& n) -> const std::string* {
    if (!opts.expand_aliases) return nullptr;
    auto it = cmds.aliases.find(n);
    return it == cmds.aliases.end() ? nullptr : &it->second;
  };
  po.extglob = opts.extglob;
  po.extglob_live = &opts.extglob;
  std::optional<parse::Parser> p;
  p.emplace(r, po);
  int st = 0;
  for (;;) {
    ast::NodePtr cmd;
    try {
      r.forget_consumed();  // a long script is read in bounded memory
      if (top_level && r.buffer_exhausted()) session.prompt_new_command = true;
      cmd = p->next_command();
    } catch (const PromptInterrupt& pi) {
      if (!(top_level && session.interactive)) throw;
      // Ctrl-C at the prompt: the command being typed is dropped, a new prompt follows.
      interact::discard(*this);
      results.status = st = pi.status;
      r.drop_unread();
      p.emplace(r, po);
      if (pi.status == 130) {
        // Ctrl-C: the INT trap runs where one is set, as in bash.
        term.interrupted = true;
        try {
          check_interrupt();
        } catch (const CommandAbort&) {
          // no trap: nothing more to do than the new prompt
        }
        results.status = st = 130;
      }
      continue;
    } catch (const diag::Error& e) {
      err(diag::render(e));
      if (top_level && session.interactive) {
        // At the prompt: the rest of that line goes, a new parse starts with the next line.
        results.status = st = 2;
        r.skip_line(e.location().line);
        p.emplace(r, po);
        continue;
      }
      // Text run by eval, `.` or a trap: bash gives the command status 2 and goes on; POSIX
      // mode ends the shell, unless under `command` (XCU 2.14).
      if (!top_level && (!opts.posix || frames.command_depth > 0)) return results.status = 2;
      if (!session.interactive) exit_shell(2);
      throw CommandAbort{2};
    }
    if (!cmd) break;
    if (top_level && io.stdin_rewind) {
      // Give unread script text back to stdin so commands that read it see the rest.
      std::size_t n = r.drop_unread();
      if (n) (void)os::seek(0, -static_cast<long long>(n), SEEK_CUR);
    }
    if (opts.verbose) {
      err(ast::to_source(*cmd) + "\n");
    }
    // The lines of a complete command become one history entry, before it runs.
    if (top_level && r.buffer_exhausted()) interact::commit(*this);
    if (opts.noexec && !session.interactive) continue;
    if (top_level) {
      ++term.top_commands;
      term.interrupted = term.interrupt_echo = false;
    }
    try {
      errexit_pending_skip_ = false;
      st = execute(*cmd);  // run_list applies set -e to each command
      check_interrupt();
    } catch (const CommandAbort& a) {
      st = results.status = a.status;
      if (!top_level) throw;
    }
    if (frames.flow != Flow::None) break;
  }
  return st;
}

int Shell::source_file(const std::string& path, const std::vector<std::string>* args) {
  auto text = os::read_file(path);
  if (!text) {
    error(path + ": " + std::strerror(text.error().err));
    return 1;
  }
  std::vector<std::string> saved_params;
  if (args) {
    saved_params = frames.params;
    frames.params = *args;
  }
  std::string saved_source = frames.source_name;
  frames.source_name = path;
  ++frames.source_depth;
  frames.calls.push_back(CallFrame{"source", path, frames.pos.line, false});
  lex::Reader r(path, std::move(*text));
  r.set_source(diag::add_source(diag::SourceKind::Dot, path));
  int st = 0;
  {
    util::ScopeExit leave([&] {
      frames.calls.pop_back();
      --frames.source_depth;
      frames.source_name = saved_source;
      if (args) frames.params = saved_params;
    });
    st = run_reader(r, false);
    if (frames.flow == Flow::Return) {
      frames.clear_flow();
      st = results.status;
    }
    if (traps_in_function(Traps::kReturn)) {
      results.status = st;
      run_trap(Traps::kReturn);  // a dot script ends (bash)
    }
  }
  // `return` in a dot script ends the dot script, also when a function sourced it (XCU 2.14).
  if (frames.flow == Flow::Return) {
    frames.flow = Flow::None;
    frames.flow_count = 0;
    st = results.status;
  }
  return st;
}

}  // namespace fdsh::exec
