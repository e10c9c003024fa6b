// builtins/alias.cpp — alias and unalias (XCU utilities).
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

}  // namespace fdsh::builtins
