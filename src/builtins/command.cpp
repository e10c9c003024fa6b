// builtins/command.cpp — how a name is run: type, command (-v -V -p), builtin, hash.
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "builtins/opts.hpp"
#include "builtins/pure.hpp"
#include "builtins/shell_builtins.hpp"
#include "os/fd.hpp"
#include "os/sys.hpp"
#include "util/scope.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;

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
  OptParser o(cx, argv, "tapPf");
  while (char c = o.next()) {
    switch (c) {
      case 't': mode = 't'; break;
      case 'a': all = true; break;
      case 'p': mode = 'p'; break;
      case 'P': mode = 'p'; path_only = true; break;
      case 'f': no_funcs = true; break;
      default: return 2;
    }
  }
  std::size_t i = o.index();
  int st = 0;
  for (; i < argv.size(); ++i)
    if (describe(cx, argv[i], mode, all, path_only, no_funcs) != 0) st = 1;
  return st;
}

int bi_command(BuiltinContext& cx, std::vector<std::string>& argv) {
  char mode = 0;
  bool default_path = false;
  OptParser o(cx, argv, "vVp");
  while (char c = o.next()) {
    switch (c) {
      case 'v': mode = 'v'; break;
      case 'V': mode = 'V'; break;
      case 'p': default_path = true; break;
      default: return 2;
    }
  }
  std::size_t i = o.index();
  if (i >= argv.size()) return 0;
  // -p: the search (also for -v and -V) uses a default PATH that finds the standard
  // utilities; the user's PATH comes back afterwards, unset if it was.
  std::optional<state::Var> saved_path;
  if (default_path) {
    if (state::Var* v = cx.vars.find("PATH")) saved_path = *v;
    cx.vars.set("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
    cx.cmds.hash.clear();
  }
  util::ScopeExit put_back([&] {
    if (!default_path) return;
    cx.vars.restore("PATH", saved_path);
    cx.cmds.hash.clear();
  });
  if (mode) {
    int st = 0;
    for (; i < argv.size(); ++i)
      if (describe(cx, argv[i], mode, false, false, false) != 0) st = 1;
    return st;
  }
  std::vector<std::string> args(argv.begin() + static_cast<long>(i), argv.end());
  const exec::Builtin* bi = exec::find_builtin(args[0]);
  if (bi) {
    util::Deeper soft(cx.frames.command_depth);  // special builtin errors do not end the shell
    return bi->fn(cx, args);
  }
  return cx.shell.execute_external(args);
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

}  // namespace fdsh::builtins
