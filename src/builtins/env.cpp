// builtins/env.cpp — cd, pwd, alias, unalias, type, command, hash, umask, times, shopt,
// builtin, and the adapters for the pure builtins (echo, printf, test).
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "builtins/pure.hpp"
#include "builtins/opts.hpp"
#include "builtins/shell_builtins.hpp"
#include "os/fd.hpp"
#include "os/sys.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;

namespace {

int finish_pure(BuiltinContext& cx, PureIo& io, int st) {
  if (!io.out.empty() && !cx.out(io.out)) st = 1;
  for (auto& e : io.errors) cx.error(e);
  return st;
}

// Canonical form of a logical path: resolves . and .. textually.
std::string canonical(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string c = path.substr(i, j - i);
    if (c == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!c.empty() && c != ".") {
      parts.push_back(c);
    }
    i = j + 1;
  }
  std::string out;
  for (auto& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

}  // namespace

int bi_echo(BuiltinContext& cx, std::vector<std::string>& argv) {
  PureIo io;
  int st = run_echo(argv, io, cx.opts.posix || cx.opts.xpg_echo);
  return finish_pure(cx, io, st);
}

int bi_printf(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::string var;
  if (argv.size() > 2 && argv[1] == "-v") {
    var = argv[2];
    argv.erase(argv.begin() + 1, argv.begin() + 3);
  }
  PureIo io;
  int st = run_printf(argv, io);
  if (!var.empty()) {
    for (auto& e : io.errors) cx.error(e);
    auto lb = var.find('[');
    if (lb != std::string::npos && var.back() == ']') {
      if (!cx.shell.set_array_element(var.substr(0, lb), var.substr(lb + 1, var.size() - lb - 2), io.out)) return 1;
    } else if (!cx.shell.set_variable(var, io.out)) {
      return 1;
    }
    return st;
  }
  return finish_pure(cx, io, st);
}

int bi_test(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::size_t n = argv.size() - (argv[0] == "[" ? 1 : 0);
  if (n == 3 && (argv[1] == "-o" || argv[1] == "-v") && (argv[0] != "[" || argv.back() == "]")) {
    // Primaries that need the shell: option set, variable set.
    if (argv[1] == "-o") {
      bool* o = cx.opts.by_name(argv[2]);
      return o && *o ? 0 : 1;
    }
    return cx.shell.lookup(argv[2]) ? 0 : 1;
  }
  PureIo io;
  int st = run_test(argv, io);
  return finish_pure(cx, io, st);
}

int bi_cd(BuiltinContext& cx, std::vector<std::string>& argv) {
  bool physical = cx.opts.physical;
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    if (argv[i] == "-P") physical = true;
    else if (argv[i] == "-L") physical = false;
    else if (argv[i] == "-") break;
    else {
      cx.error("cd: " + argv[i] + ": invalid option");
      return 2;
    }
  }
  std::string dir;
  bool print = false;
  if (i >= argv.size()) {
    auto home = cx.shell.lookup("HOME");
    if (!home || home->empty()) {
      cx.error("cd: HOME not set");
      return 1;
    }
    dir = *home;
  } else {
    dir = argv[i];
    if (i + 1 < argv.size()) {
      cx.error("cd: too many arguments");
      return 1;
    }
    if (dir == "-") {
      auto old = cx.shell.lookup("OLDPWD");
      if (!old) {
        cx.error("cd: OLDPWD not set");
        return 1;
      }
      dir = *old;
      print = true;
    }
  }
  if (dir.empty()) {
    return 0;
  }
  std::string target = dir;
  if (dir[0] != '/' && !(dir.rfind("./", 0) == 0 || dir.rfind("../", 0) == 0 || dir == "." || dir == "..")) {
    auto cdpath = cx.shell.lookup("CDPATH");
    if (cdpath && !cdpath->empty()) {
      std::size_t s = 0;
      while (true) {
        std::size_t c = cdpath->find(':', s);
        std::string d = cdpath->substr(s, c == std::string::npos ? std::string::npos : c - s);
        std::string cand = (d.empty() ? "." : d) + "/" + dir;
        if (os::check_executable(cand) == os::ExecCheck::IsDirectory) {
          target = cand;
          if (!d.empty()) print = true;
          break;
        }
        if (c == std::string::npos) break;
        s = c + 1;
      }
    }
  }
  auto pwd = cx.shell.lookup("PWD");
  std::string logical;
  if (target[0] == '/') logical = canonical(target);
  else logical = canonical((pwd ? *pwd : os::current_dir().ok() ? *os::current_dir() : "/") + "/" + target);
  auto r = os::change_dir(physical ? target : logical);
  if (!r && !physical) r = os::change_dir(target);
  if (!r && cx.opts.cdable_vars && state::is_name(dir)) {
    // cdable_vars: an operand that is not a directory may name a variable holding one.
    if (auto v = cx.shell.lookup(dir); v && !v->empty()) {
      std::vector<std::string> again{"cd", *v};
      return bi_cd(cx, again);
    }
  }
  if (!r) {
    cx.error("cd: " + dir + ": " + std::strerror(r.error().err));
    return 1;
  }
  std::string newpwd = logical;
  if (physical) {
    auto c = os::current_dir();
    if (c) newpwd = *c;
  }
  cx.shell.set_variable("OLDPWD", pwd ? *pwd : newpwd);
  cx.shell.set_variable("PWD", newpwd);
  cx.vars.set_exported("OLDPWD", true);
  cx.vars.set_exported("PWD", true);
  if (print) cx.out(newpwd + "\n");
  return 0;
}

int bi_pwd(BuiltinContext& cx, std::vector<std::string>& argv) {
  bool physical = cx.opts.physical;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-P") physical = true;
    else if (argv[i] == "-L") physical = false;
    else if (argv[i].size() > 1 && argv[i][0] == '-') {
      cx.error("pwd: " + argv[i] + ": invalid option");
      return 2;
    }
  }
  auto pwd = cx.shell.lookup("PWD");
  auto cwd = os::current_dir();
  if (physical || !pwd || pwd->empty() || (*pwd)[0] != '/' || !os::same_file(*pwd, ".")) {
    if (!cwd) {
      cx.error(std::string("pwd: ") + std::strerror(cwd.error().err));
      return 1;
    }
    return cx.out(*cwd + "\n") ? 0 : 1;
  }
  return cx.out(*pwd + "\n") ? 0 : 1;
}

int bi_alias(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::size_t i = 1;
  if (i < argv.size() && argv[i] == "-p") ++i;
  if (i < argv.size() && argv[i] == "--") ++i;
  if (i >= argv.size()) {
    for (auto& [n, v] : cx.cmds.aliases) cx.out("alias " + n + "=" + exec::quote_always(v) + "\n");
    return 0;
  }
  int st = 0;
  for (; i < argv.size(); ++i) {
    auto eq = argv[i].find('=');
    if (eq == std::string::npos) {
      auto it = cx.cmds.aliases.find(argv[i]);
      if (it == cx.cmds.aliases.end()) {
        cx.error("alias: " + argv[i] + ": not found");
        st = 1;
      } else {
        cx.out("alias " + it->first + "=" + exec::quote_always(it->second) + "\n");
      }
      continue;
    }
    std::string name = argv[i].substr(0, eq);
    if (name.empty() || name.find_first_of(" \t\n'\"$`\\=;&|<>()") != std::string::npos) {
      cx.error("alias: '" + name + "': invalid alias name");
      st = 1;
      continue;
    }
    cx.cmds.aliases[name] = argv[i].substr(eq + 1);
  }
  return st;
}

int bi_unalias(BuiltinContext& cx, std::vector<std::string>& argv) {
  if (argv.size() > 1 && argv[1] == "--") argv.erase(argv.begin() + 1);
  if (argv.size() < 2) {
    cx.error("unalias: usage: unalias [-a] name [name ...]");
    return 2;
  }
  if (argv.size() > 1 && argv[1] == "-a") {
    cx.cmds.aliases.clear();
    return 0;
  }
  int st = 0;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (!cx.cmds.aliases.erase(argv[i])) {
      cx.error("unalias: " + argv[i] + ": not found");
      st = 1;
    }
  }
  return st;
}

namespace {

const char* const kKeywords[] = {"if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while",
                                 "until", "do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]",
                                 "coproc"};

bool is_keyword(const std::string& n) {
  for (const char* k : kKeywords)
    if (n == k) return true;
  return false;
}

// Describes how a name would be run: for type and command -v/-V.
int describe(BuiltinContext& cx, const std::string& name, char mode, bool all, bool path_only, bool no_funcs) {
  // mode: 'v' (command -v), 'V' (verbose), 't' (type -t), 'p' (type -p)
  bool found = false;
  if (!path_only) {
    if (cx.cmds.aliases.count(name) && mode != 'p') {
      found = true;
      if (mode == 'v') cx.out("alias " + name + "=" + exec::quote(cx.cmds.aliases[name]) + "\n");
      else if (mode == 't') cx.out("alias\n");
      else cx.out(name + " is aliased to " + exec::quote_always(cx.cmds.aliases[name]) + "\n");
      if (!all) return 0;
    }
    if (is_keyword(name)) {
      found = true;
      if (mode == 'v') cx.out(name + "\n");
      else if (mode == 't') cx.out("keyword\n");
      else if (mode == 'V') cx.out(name + " is a shell keyword\n");
      if (!all) return 0;
    }
    const exec::Builtin* bi = exec::find_builtin(name);
    if (bi && bi->kind == exec::BuiltinKind::Special) {
      found = true;
      if (mode == 'v') cx.out(name + "\n");
      else if (mode == 't') cx.out("builtin\n");
      else if (mode == 'V') cx.out(name + " is a special shell builtin\n");
      if (!all) return 0;
    }
    if (!no_funcs && cx.cmds.funcs.count(name)) {
      found = true;
      if (mode == 'v') cx.out(name + "\n");
      else if (mode == 't') cx.out("function\n");
      else if (mode == 'V') cx.out(name + " is a function\n" + ast::to_source(*cx.cmds.funcs[name].def) + "\n");
      if (!all) return 0;
    }
    if (bi && bi->kind == exec::BuiltinKind::Regular) {
      found = true;
      if (mode == 'v') cx.out(name + "\n");
      else if (mode == 't') cx.out("builtin\n");
      else if (mode == 'V') cx.out(name + " is a shell builtin\n");
      if (!all) return 0;
    }
  }
  std::string path = cx.shell.find_command(name, false);
  if (!path.empty() && (name.find('/') == std::string::npos || os::is_executable_file(path))) {
    found = true;
    if (mode == 't') cx.out("file\n");
    else if (mode == 'V') cx.out(name + " is " + path + "\n");
    else cx.out(path + "\n");
  }
  if (!found) {
    if (mode == 'V') cx.error(name + ": not found");
    return 1;
  }
  return 0;
}

}  // namespace

int bi_type(BuiltinContext& cx, std::vector<std::string>& argv) {
  char mode = 'V';
  bool all = false, path_only = false, no_funcs = false;
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    for (std::size_t k = 1; k < argv[i].size(); ++k) {
      switch (argv[i][k]) {
        case 't': mode = 't'; break;
        case 'a': all = true; break;
        case 'p': mode = 'p'; break;
        case 'P': mode = 'p'; path_only = true; break;
        case 'f': no_funcs = true; break;
        default:
          cx.error("type: -" + std::string(1, argv[i][k]) + ": invalid option");
          return 2;
      }
    }
  }
  int st = 0;
  for (; i < argv.size(); ++i)
    if (describe(cx, argv[i], mode, all, path_only, no_funcs) != 0) st = 1;
  return st;
}

int bi_command(BuiltinContext& cx, std::vector<std::string>& argv) {
  char mode = 0;
  bool default_path = false;
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    for (std::size_t k = 1; k < argv[i].size(); ++k) {
      switch (argv[i][k]) {
        case 'v': mode = 'v'; break;
        case 'V': mode = 'V'; break;
        case 'p': default_path = true; break;
        default:
          cx.error("command: -" + std::string(1, argv[i][k]) + ": invalid option");
          return 2;
      }
    }
  }
  if (i >= argv.size()) return 0;
  if (mode) {
    int st = 0;
    for (; i < argv.size(); ++i)
      if (describe(cx, argv[i], mode, false, false, false) != 0) st = 1;
    return st;
  }
  std::vector<std::string> args(argv.begin() + static_cast<long>(i), argv.end());
  const exec::Builtin* bi = exec::find_builtin(args[0]);
  if (bi) return bi->fn(cx, args);
  std::string saved_path;
  if (default_path) {
    auto p = cx.shell.lookup("PATH");
    saved_path = p ? *p : "";
    cx.vars.set("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
    cx.cmds.hash.clear();
  }
  int st = cx.shell.execute_external(args);
  if (default_path) {
    cx.vars.set("PATH", saved_path);
    cx.cmds.hash.clear();
  }
  return st;
}

int bi_builtin(BuiltinContext& cx, std::vector<std::string>& argv) {
  if (argv.size() < 2) return 0;
  std::vector<std::string> args(argv.begin() + 1, argv.end());
  const exec::Builtin* bi = exec::find_builtin(args[0]);
  if (!bi) {
    cx.error("builtin: " + args[0] + ": not a shell builtin");
    return 1;
  }
  return bi->fn(cx, args);
}

int bi_hash(BuiltinContext& cx, std::vector<std::string>& argv) {
  if (argv.size() == 1) {
    for (auto& [n, p] : cx.cmds.hash) cx.out(p + "\n");
    return 0;
  }
  if (argv[1] == "-r") {
    cx.cmds.hash.clear();
    return 0;
  }
  int st = 0;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (exec::find_builtin(argv[i])) continue;
    if (cx.shell.find_command(argv[i], true).empty()) {
      cx.error("hash: " + argv[i] + ": not found");
      st = 1;
    }
  }
  return st;
}

int bi_umask(BuiltinContext& cx, std::vector<std::string>& argv) {
  bool symbolic = false, reusable = false;
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    if (argv[i] == "-S") symbolic = true;
    else if (argv[i] == "-p") reusable = true;
    else {
      cx.error("umask: " + argv[i] + ": invalid option");
      return 2;
    }
  }
  unsigned m = os::get_umask();
  if (i >= argv.size()) {
    if (symbolic) {
      auto part = [&](unsigned shift) {
        std::string r;
        unsigned bits = (~m >> shift) & 7;
        if (bits & 4) r += 'r';
        if (bits & 2) r += 'w';
        if (bits & 1) r += 'x';
        return r;
      };
      cx.out(std::string(reusable ? "umask -S " : "") + "u=" + part(6) + ",g=" + part(3) + ",o=" + part(0) + "\n");
    } else {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%s%04o\n", reusable ? "umask " : "", m);
      cx.out(buf);
    }
    return 0;
  }
  if (i + 1 < argv.size()) {
    cx.error("umask: too many arguments");
    return 2;
  }
  const std::string& a = argv[i];
  if (!a.empty() && a.find_first_not_of("01234567") == std::string::npos) {
    os::set_umask(static_cast<unsigned>(std::strtoul(a.c_str(), nullptr, 8)) & 0777);
    return 0;
  }
  // Symbolic mode (XCU chmod): clauses [ugoa]* ( [+-=] ( [rwxXst]* | [ugo] ) )+, comma-separated,
  // applied to the permissions the mask leaves.
  unsigned perm = ~m & 0777;
  const unsigned orig = perm;  // u, g, o in a clause copy the mask the command started from
  std::size_t p = 0;
  auto bad = [&]() {
    cx.error("umask: " + a + ": invalid symbolic mode");
    return 1;
  };
  if (a.empty()) return bad();
  for (;;) {
    unsigned who = 0;
    while (p < a.size() && std::strchr("ugoa", a[p])) {
      who |= a[p] == 'u' ? 0700 : a[p] == 'g' ? 0070 : a[p] == 'o' ? 0007 : 0777;
      ++p;
    }
    if (!who) who = 0777;
    if (p >= a.size() || !std::strchr("+-=", a[p])) return bad();
    while (p < a.size() && std::strchr("+-=", a[p])) {
      char op = a[p++];
      unsigned bits = 0;
      if (p < a.size() && std::strchr("ugo", a[p])) {
        // Copy the permissions of another class.
        unsigned shift = a[p] == 'u' ? 6 : a[p] == 'g' ? 3 : 0;
        unsigned v = (orig >> shift) & 7;
        bits = v << 6 | v << 3 | v;
        ++p;
      } else {
        while (p < a.size() && std::strchr("rwxXst", a[p])) {
          if (a[p] == 'r') bits |= 0444;
          if (a[p] == 'w') bits |= 0222;
          if (a[p] == 'x' || a[p] == 'X') bits |= 0111;
          ++p;
        }
      }
      bits &= who;
      if (op == '+') perm |= bits;
      else if (op == '-') perm &= ~bits;
      else perm = (perm & ~who) | bits;
    }
    if (p == a.size()) break;
    if (a[p] != ',') return bad();
    ++p;
  }
  os::set_umask(~perm & 0777);
  return 0;
}

int bi_times(BuiltinContext& cx, std::vector<std::string>&) {
  os::Times t = os::process_times();
  auto f = [](double s) {
    char b[64];
    int m = static_cast<int>(s / 60);
    std::snprintf(b, sizeof b, "%dm%.3fs", m, s - m * 60);
    return std::string(b);
  };
  cx.out(f(t.user) + " " + f(t.sys) + "\n" + f(t.cuser) + " " + f(t.csys) + "\n");
  return 0;
}

int bi_ulimit(BuiltinContext& cx, std::vector<std::string>& argv) {
  struct R {
    char opt;
    int res;
    unsigned unit;
    const char* desc;
  };
  static const R table[] = {
      {'c', RLIMIT_CORE, 512, "core file size (blocks)"}, {'d', RLIMIT_DATA, 1024, "data seg size (kbytes)"},
      {'f', RLIMIT_FSIZE, 512, "file size (blocks)"},     {'l', RLIMIT_MEMLOCK, 1024, "max locked memory (kbytes)"},
      {'m', RLIMIT_RSS, 1024, "max memory size (kbytes)"}, {'n', RLIMIT_NOFILE, 1, "open files"},
      {'s', RLIMIT_STACK, 1024, "stack size (kbytes)"},    {'t', RLIMIT_CPU, 1, "cpu time (seconds)"},
      {'u', RLIMIT_NPROC, 1, "max user processes"},        {'v', RLIMIT_AS, 1024, "virtual memory (kbytes)"},
  };
  bool hard = false, soft = false, all = false;
  char which = 0;
  std::vector<std::string> operands;
  bool options_done = false;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (!options_done && a == "--") {
      options_done = true;
      continue;
    }
    if (!options_done && a == "--all") {
      all = true;
      continue;
    }
    if (!options_done && a.size() > 1 && a[0] == '-' && !std::isdigit(static_cast<unsigned char>(a[1]))) {
      for (std::size_t k = 1; k < a.size(); ++k) {
        char c = a[k];
        if (c == 'H') hard = true;
        else if (c == 'S') soft = true;
        else if (c == 'a') all = true;
        else {
          bool ok = false;
          for (auto& r : table) ok = ok || r.opt == c;
          if (!ok) {
            cx.error(std::string("ulimit: -") + c + ": invalid option");
            return 2;
          }
          if (which && which != c) {
            cx.error("ulimit: only one resource may be given");
            return 2;
          }
          which = c;
        }
      }
    } else {
      operands.push_back(a);
    }
  }
  if (operands.size() > 1 || (all && (which || !operands.empty()))) {
    cx.error("ulimit: too many arguments");
    return 2;
  }
  if (!which) which = 'f';
  auto show = [&](const R& r, bool prefix) {
    auto l = os::get_limit(r.res, hard && !soft);
    std::string v = !l ? "error" : l->unlimited ? "unlimited" : std::to_string(l->value / r.unit);
    if (prefix) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "%-28s(-%c) %s\n", r.desc, r.opt, v.c_str());
      cx.out(buf);
    } else {
      cx.out(v + "\n");
    }
  };
  if (all) {
    for (auto& r : table) show(r, true);
    return 0;
  }
  const R* r = nullptr;
  for (auto& x : table)
    if (x.opt == which) r = &x;
  if (operands.empty()) {
    show(*r, false);
    return 0;
  }
  const std::string& value = operands[0];
  bool unlimited = value == "unlimited";
  unsigned long long v = 0;
  if (!unlimited) {
    if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos || value.size() > 20) {
      cx.error("ulimit: " + value + ": invalid number");
      return 1;
    }
    errno = 0;
    v = std::strtoull(value.c_str(), nullptr, 10);
    if (errno == ERANGE || v > ~0ull / r->unit) {
      unlimited = true;  // too large to represent: no limit
    } else {
      v *= r->unit;
    }
  }
  // Without -H or -S both limits change, in one call so that lowering works.
  auto res = os::set_limits(r->res, soft || !hard, hard || !soft, unlimited, v);
  if (!res) {
    cx.error("ulimit: " + value + ": " + std::strerror(res.error().err));
    return 1;
  }
  return 0;
}

namespace {

// bash options about interactive conveniences that do not change what a script does:
// accepted and remembered.
const char* const kIgnoredShopts[] = {
    "autocd", "checkhash", "checkjobs", "checkwinsize", "cmdhist", "complete_fullquote", "direxpand", "dirspell",
    "extquote", "force_fignore", "globskipdots", "histappend", "histreedit", "histverify", "hostcomplete",
    "interactive_comments", "lithist", "login_shell", "mailwarn", "no_empty_cmd_completion", "progcomp",
    "progcomp_alias", "promptvars", "sourcepath"};
// bash options whose behaviour fdsh does not have: turning them on is an error.
const char* const kUnsupportedShopts[] = {
    "assoc_expand_once", "cdspell", "execfail", "extdebug", "globasciiranges",
    "gnu_errfmt", "huponexit", "inherit_errexit", "localvar_inherit", "localvar_unset", "noexpand_translation",
    "patsub_replacement", "restricted_shell", "shift_verbose", "varredir_close"};

}  // namespace

int bi_shopt(BuiltinContext& cx, std::vector<std::string>& argv) {
  int mode = 0;  // 1 set, -1 unset
  bool quiet = false, set_o = false, print = false;
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    for (std::size_t k = 1; k < argv[i].size(); ++k) {
      char c = argv[i][k];
      if (c == 's') mode = 1;
      else if (c == 'u') mode = -1;
      else if (c == 'q') quiet = true;
      else if (c == 'o') set_o = true;
      else if (c == 'p') print = true;
      else {
        cx.error(std::string("shopt: -") + c + ": invalid option");
        return 2;
      }
    }
  }
  static bool ignored_value[sizeof kIgnoredShopts / sizeof *kIgnoredShopts];
  auto get = [&](const std::string& n) -> bool* {
    if (set_o) return cx.opts.by_name(n);
    if (bool* o = cx.opts.shopt_by_name(n)) return o;
    for (std::size_t k = 0; k < sizeof kIgnoredShopts / sizeof *kIgnoredShopts; ++k)
      if (n == kIgnoredShopts[k]) return &ignored_value[k];
    return nullptr;
  };
  auto show = [&](const std::string& n, bool on) {
    char buf[96];
    if (print || mode != 0) {
      if (set_o) std::snprintf(buf, sizeof buf, "set %co %s\n", on ? '-' : '+', n.c_str());
      else std::snprintf(buf, sizeof buf, "shopt -%c %s\n", on ? 's' : 'u', n.c_str());
    } else {
      std::snprintf(buf, sizeof buf, "%-15s\t%s\n", n.c_str(), on ? "on" : "off");
    }
    cx.out(buf);
  };
  if (i >= argv.size()) {
    const char* const* names = set_o ? state::kSetOptionNames : state::kShoptNames;
    for (const char* const* n = names; *n; ++n) {
      bool* o = get(*n);
      if (mode == 1 && !*o) continue;
      if (mode == -1 && *o) continue;
      if (!quiet) show(*n, *o);
    }
    return 0;
  }
  int st = 0;
  bool query = mode == 0;
  std::vector<bool*> targets;
  static bool unsupported_off = false;
  for (std::size_t k = i; k < argv.size(); ++k) {
    bool* o = get(argv[k]);
    if (!o && !set_o) {
      for (const char* u : kUnsupportedShopts) {
        if (argv[k] != u) continue;
        if (mode == 1) {
          cx.error("not supported: shopt " + argv[k]);
          return 2;
        }
        o = &unsupported_off;  // reads as off; turning it off is accepted
      }
    }
    if (!o) {
      cx.error("shopt: " + argv[k] + ": invalid shell option name");
      st = 1;
      targets.push_back(nullptr);
      continue;
    }
    targets.push_back(o);
  }
  if (!query) {
    for (bool* o : targets)
      if (o) cx.shell.set_option(o, mode == 1);
    return st;
  }
  // A query prints the valid names in order; the status is 1 if any is off or invalid.
  for (std::size_t k = i; k < argv.size(); ++k) {
    bool* o = targets[k - i];
    if (!o) continue;
    if (!quiet) show(argv[k], *o);
    if (!*o) st = 1;
  }
  return st;
}

int bi_mapfile(BuiltinContext& cx, std::vector<std::string>& argv) {
  bool strip = false;
  std::string delim = "\n";
  int fd = 0;
  long count = 0, skip = 0, origin = 0;
  OptParser o(cx, argv, "d:n:O:s:tu:C:c:");
  for (char c; (c = o.next()) != 0;) {
    std::optional<long> v;
    switch (c) {
      case 't': strip = true; break;
      case 'd':
        delim = o.arg().empty() ? std::string(1, '\0') : o.arg();
        break;
      case 'u': {
        auto f = o.fd();
        if (!f) return 1;
        fd = *f;
        break;
      }
      case 'n':
      case 's':
      case 'O':
        v = o.number(0, 1L << 40, c == 'O' ? "invalid array origin" : "invalid line count");
        if (!v) return 1;
        (c == 'n' ? count : c == 's' ? skip : origin) = *v;
        if (origin != 0) {
          cx.error(argv[0] + ": -O " + o.arg() + ": an origin other than 0 is not supported");
          return 2;
        }
        break;
      case 'C':
      case 'c': cx.error(argv[0] + ": -" + std::string(1, c) + ": not supported"); return 2;
      default: return 2;
    }
  }
  std::size_t i = o.index();
  std::string name = i < argv.size() ? argv[i] : "MAPFILE";
  std::string data;
  char buf[4096];
  for (;;) {
    auto r = cx.read(fd, buf, sizeof buf);
    if (!r) {
      cx.error(argv[0] + ": read error: " + std::to_string(fd) + ": " + std::strerror(r.error().err));
      return 1;
    }
    if (*r <= 0) break;
    data.append(buf, static_cast<std::size_t>(*r));
  }
  std::vector<std::string> lines;
  std::size_t p = 0;
  long n = 0;
  while (p < data.size()) {
    std::size_t e = data.find(delim[0], p);
    std::string line = e == std::string::npos ? data.substr(p) : data.substr(p, e - p + (strip ? 0 : 1));
    p = e == std::string::npos ? data.size() : e + 1;
    if (n++ < skip) continue;
    lines.push_back(line);
    if (count > 0 && static_cast<long>(lines.size()) >= count) break;
  }
  return cx.shell.set_array(name, lines, false) ? 0 : 1;
}

}  // namespace fdsh::builtins
