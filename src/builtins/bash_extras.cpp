// builtins/bash_extras.cpp — bash builtins that scripts use: pushd, popd, dirs, disown,
// caller, help; and a clear "not supported" for the ones fdsh does not have.
#include <algorithm>
#include <cctype>

#include "builtins/shell_builtins.hpp"
#include "os/sys.hpp"

namespace fdsh::builtins {

using exec::Shell;

namespace {

std::string tilde_form(Shell& sh, const std::string& dir) {
  auto home = sh.lookup("HOME");
  if (home && !home->empty() && (dir == *home || dir.rfind(*home + "/", 0) == 0)) return "~" + dir.substr(home->size());
  return dir;
}

std::vector<std::string> stack_with_pwd(Shell& sh) {
  std::vector<std::string> s;
  auto pwd = sh.lookup("PWD");
  s.push_back(pwd ? *pwd : ".");
  for (auto it = sh.dir_stack.rbegin(); it != sh.dir_stack.rend(); ++it) s.push_back(*it);
  return s;
}

int print_dirs(Shell& sh, bool one_per_line, bool numbered, bool long_form) {
  auto s = stack_with_pwd(sh);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::string d = long_form ? s[i] : tilde_form(sh, s[i]);
    if (numbered) out += " " + std::to_string(i) + "  " + d + "\n";
    else if (one_per_line) out += d + "\n";
    else out += (i ? " " : "") + d;
  }
  if (!numbered && !one_per_line) out += "\n";
  return sh.out(out) ? 0 : 1;
}

int change_dir(Shell& sh, const std::string& dir) {
  std::vector<std::string> a{"cd", dir};
  return bi_cd(sh, a);
}

}  // namespace

int bi_dirs(Shell& sh, std::vector<std::string>& argv) {
  bool p = false, v = false, l = false;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-c") sh.dir_stack.clear();
    else if (argv[i] == "-p") p = true;
    else if (argv[i] == "-v") v = true;
    else if (argv[i] == "-l") l = true;
    else {
      sh.error("dirs: " + argv[i] + ": invalid option");
      return 2;
    }
  }
  if (argv.size() == 2 && argv[1] == "-c") return 0;
  return print_dirs(sh, p, v, l);
}

int bi_pushd(Shell& sh, std::vector<std::string>& argv) {
  auto pwd = sh.lookup("PWD");
  std::string here = pwd ? *pwd : ".";
  if (argv.size() < 2) {
    if (sh.dir_stack.empty()) {
      sh.error("pushd: no other directory");
      return 1;
    }
    std::string top = sh.dir_stack.back();
    if (change_dir(sh, top) != 0) return 1;
    sh.dir_stack.back() = here;
    return print_dirs(sh, false, false, false);
  }
  if (change_dir(sh, argv[1]) != 0) return 1;
  sh.dir_stack.push_back(here);
  return print_dirs(sh, false, false, false);
}

int bi_popd(Shell& sh, std::vector<std::string>& argv) {
  (void)argv;
  if (sh.dir_stack.empty()) {
    sh.error("popd: directory stack empty");
    return 1;
  }
  std::string top = sh.dir_stack.back();
  if (change_dir(sh, top) != 0) return 1;
  sh.dir_stack.pop_back();
  return print_dirs(sh, false, false, false);
}

int bi_disown(Shell& sh, std::vector<std::string>& argv) {
  std::vector<std::string> specs(argv.begin() + 1, argv.end());
  specs.erase(std::remove_if(specs.begin(), specs.end(), [](const std::string& s) { return s == "-h" || s == "-a" || s == "-r"; }),
              specs.end());
  bool all = std::find(argv.begin(), argv.end(), "-a") != argv.end();
  if (all) {
    sh.jobs.all().clear();
    return 0;
  }
  if (specs.empty()) specs.push_back("%+");
  int st = 0;
  for (const std::string& s : specs) {
    std::string e;
    jobs::Job* j = sh.jobs.resolve(s, e);
    if (!j) {
      sh.error("disown: " + e);
      st = 1;
      continue;
    }
    sh.jobs.remove(j->id);
  }
  return st;
}

int bi_caller(Shell& sh, std::vector<std::string>& argv) {
  std::size_t n = 0;
  if (argv.size() > 1) n = static_cast<std::size_t>(std::strtoul(argv[1].c_str(), nullptr, 10));
  if (sh.call_stack.size() <= n) return 1;
  const auto& f = sh.call_stack[sh.call_stack.size() - 1 - n];
  std::string outer = sh.call_stack.size() - 1 - n == 0 ? "main" : sh.call_stack[sh.call_stack.size() - 2 - n].func;
  std::string src = sh.call_stack.size() - 1 - n == 0 ? sh.script_name : sh.call_stack[sh.call_stack.size() - 2 - n].source;
  if (argv.size() > 1) return sh.out(std::to_string(f.line) + " " + outer + " " + src + "\n") ? 0 : 1;
  return sh.out(std::to_string(f.line) + " " + src + "\n") ? 0 : 1;
}

int bi_help(Shell& sh, std::vector<std::string>& argv) {
  std::string out;
  for (const auto& b : exec::all_builtins()) {
    if (argv.size() > 1 && std::find(argv.begin() + 1, argv.end(), b.name) == argv.end()) continue;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%-10s %s%s\n", b.name, b.help, b.kind == exec::BuiltinKind::Special ? " (special)" : "");
    out += buf;
  }
  if (out.empty()) {
    sh.error("help: no help topics match '" + (argv.size() > 1 ? argv[1] : std::string()) + "'");
    return 1;
  }
  return sh.out(out) ? 0 : 1;
}

int bi_not_supported(Shell& sh, std::vector<std::string>& argv) {
  sh.error("not supported: the '" + argv[0] + "' builtin");
  return 2;
}

}  // namespace fdsh::builtins
