// builtins/cd.cpp — cd and pwd (XCU utilities), with logical paths (-L) by default.
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "builtins/opts.hpp"
#include "builtins/pure.hpp"
#include "builtins/shell_builtins.hpp"
#include "os/fd.hpp"
#include "os/sys.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;

namespace {

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

}  // namespace fdsh::builtins
