// builtins/adapters.cpp — echo, printf and test: the pure builtins (builtins/pure.hpp)
// given the shell's streams and variables.
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

int finish_pure(BuiltinContext& cx, PureIo& io, int st) {
  if (!io.out.empty() && !cx.out(io.out)) st = 1;
  for (auto& e : io.errors) cx.error(e);
  return st;
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

}  // namespace fdsh::builtins
