// builtins/bash_extras.cpp — bash builtins that scripts use: pushd, popd, dirs, disown,
// caller, help; and a clear "not supported" for the ones fdsh does not have.
#include <algorithm>
#include <cctype>

#include "builtins/shell_builtins.hpp"
#include "os/sys.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;

namespace {

std::string tilde_form(BuiltinContext& cx, const std::string& dir) {
  auto home = cx.shell.lookup("HOME");
  if (home && !home->empty() && (dir == *home || dir.rfind(*home + "/", 0) == 0)) return "~" + dir.substr(home->size());
  return dir;
}

std::vector<std::string> stack_with_pwd(BuiltinContext& cx) {
  std::vector<std::string> s;
  auto pwd = cx.shell.lookup("PWD");
  s.push_back(pwd ? *pwd : ".");
  for (auto it = cx.session.dir_stack.rbegin(); it != cx.session.dir_stack.rend(); ++it) s.push_back(*it);
  return s;
}

int print_dirs(BuiltinContext& cx, bool one_per_line, bool numbered, bool long_form) {
  auto s = stack_with_pwd(cx);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::string d = long_form ? s[i] : tilde_form(cx, s[i]);
    if (numbered) out += " " + std::to_string(i) + "  " + d + "\n";
    else if (one_per_line) out += d + "\n";
    else out += (i ? " " : "") + d;
  }
  if (!numbered && !one_per_line) out += "\n";
  return cx.out(out) ? 0 : 1;
}

int change_dir(BuiltinContext& cx, const std::string& dir) {
  std::vector<std::string> a{"cd", dir};
  return bi_cd(cx, a);
}

}  // namespace

int bi_dirs(BuiltinContext& cx, std::vector<std::string>& argv) {
  bool p = false, v = false, l = false;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-c") cx.session.dir_stack.clear();
    else if (argv[i] == "-p") p = true;
    else if (argv[i] == "-v") v = true;
    else if (argv[i] == "-l") l = true;
    else {
      cx.error("dirs: " + argv[i] + ": invalid option");
      return 2;
    }
  }
  if (argv.size() == 2 && argv[1] == "-c") return 0;
  return print_dirs(cx, p, v, l);
}

int bi_pushd(BuiltinContext& cx, std::vector<std::string>& argv) {
  auto pwd = cx.shell.lookup("PWD");
  std::string here = pwd ? *pwd : ".";
  if (argv.size() < 2) {
    if (cx.session.dir_stack.empty()) {
      cx.error("pushd: no other directory");
      return 1;
    }
    std::string top = cx.session.dir_stack.back();
    if (change_dir(cx, top) != 0) return 1;
    cx.session.dir_stack.back() = here;
    return print_dirs(cx, false, false, false);
  }
  if (change_dir(cx, argv[1]) != 0) return 1;
  cx.session.dir_stack.push_back(here);
  return print_dirs(cx, false, false, false);
}

int bi_popd(BuiltinContext& cx, std::vector<std::string>& argv) {
  (void)argv;
  if (cx.session.dir_stack.empty()) {
    cx.error("popd: directory stack empty");
    return 1;
  }
  std::string top = cx.session.dir_stack.back();
  if (change_dir(cx, top) != 0) return 1;
  cx.session.dir_stack.pop_back();
  return print_dirs(cx, false, false, false);
}

int bi_caller(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::size_t n = 0;
  if (argv.size() > 1) n = static_cast<std::size_t>(std::strtoul(argv[1].c_str(), nullptr, 10));
  if (cx.frames.calls.size() <= n) return 1;
  const auto& f = cx.frames.calls[cx.frames.calls.size() - 1 - n];
  std::string outer = cx.frames.calls.size() - 1 - n == 0 ? "main" : cx.frames.calls[cx.frames.calls.size() - 2 - n].func;
  std::string src = cx.frames.calls.size() - 1 - n == 0 ? cx.frames.script_name : cx.frames.calls[cx.frames.calls.size() - 2 - n].source;
  if (argv.size() > 1) return cx.out(std::to_string(f.line) + " " + outer + " " + src + "\n") ? 0 : 1;
  return cx.out(std::to_string(f.line) + " " + src + "\n") ? 0 : 1;
}

int bi_help(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::string out;
  for (const auto& b : exec::all_builtins()) {
    if (argv.size() > 1 && std::find(argv.begin() + 1, argv.end(), b.name) == argv.end()) continue;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%-10s %s%s\n", b.name, b.help, b.kind == exec::BuiltinKind::Special ? " (special)" : "");
    out += buf;
  }
  if (out.empty()) {
    cx.error("help: no help topics match '" + (argv.size() > 1 ? argv[1] : std::string()) + "'");
    return 1;
  }
  return cx.out(out) ? 0 : 1;
}

int bi_not_supported(BuiltinContext& cx, std::vector<std::string>& argv) {
  cx.error("not supported: the '" + argv[0] + "' builtin");
  return 2;
}

}  // namespace fdsh::builtins
