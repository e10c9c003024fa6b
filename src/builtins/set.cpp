// builtins/set.cpp — set (XCU 2.14: options, positional parameters, listing variables)
// and shift.
#include <cstdio>
#include <cstdlib>

#include "builtins/shell_builtins.hpp"
#include "builtins/vars.hpp"
#include "expand/arith.hpp"
#include "parse/parser.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;
using state::Var;

int bi_set(BuiltinContext& cx, std::vector<std::string>& argv) {
  if (argv.size() == 1) {
    for (auto& [name, v] : cx.vars.sorted()) {
      if (!v->is_set()) continue;
      if (v->is_array()) cx.out(name + "=" + array_literal(*v) + "\n");
      else cx.out(name + "=" + expand::quote_for_reuse(v->value) + "\n");
    }
    return 0;
  }
  std::size_t i = 1;
  bool set_params = false;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      ++i;
      set_params = true;
      break;
    }
    if (a == "-") {
      // Ends the options and turns -x and -v off; without operands the positional
      // parameters stay as they are.
      cx.shell.set_option(&cx.opts.xtrace, false);
      cx.shell.set_option(&cx.opts.verbose, false);
      ++i;
      set_params = i < argv.size();
      break;
    }
    if (a == "+") continue;  // a lone + changes nothing
    if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) break;
    bool on = a[0] == '-';
    for (std::size_t k = 1; k < a.size(); ++k) {
      char c = a[k];
      if (c == 'o') {
        if (i + 1 >= argv.size()) {
          // set -o / set +o: list options.
          for (const char* const* n = state::kSetOptionNames; *n; ++n) {
            bool* o = cx.opts.by_name(*n);
            char buf[64];
            if (on) std::snprintf(buf, sizeof buf, "%-15s %s\n", *n, *o ? "on" : "off");
            else std::snprintf(buf, sizeof buf, "set %co %s\n", *o ? '-' : '+', *n);
            cx.out(buf);
          }
          continue;
        }
        std::string name = argv[++i];
        bool* o = cx.opts.by_name(name);
        if (!o) {
          cx.error("set: " + name + ": invalid option name");
          cx.special_error(2);
          return 2;
        }
        cx.shell.set_option(o, on);
        continue;
      }
      bool* o = cx.opts.by_letter(c);
      if (!o) {
        cx.error(std::string("set: -") + c + ": invalid option");
        cx.special_error(2);
        return 2;
      }
      cx.shell.set_option(o, on);
    }
  }
  if (i < argv.size() || set_params) cx.frames.params.assign(argv.begin() + static_cast<long>(i), argv.end());
  return 0;
}

int bi_shift(BuiltinContext& cx, std::vector<std::string>& argv) {
  long n = 1;
  if (argv.size() > 1) {
    char* end = nullptr;
    n = std::strtol(argv[1].c_str(), &end, 10);
    if (argv[1].empty() || *end || n < 0) {
      cx.error("shift: " + argv[1] + ": numeric argument required");
      cx.special_error(2);
      return 2;
    }
  }
  if (static_cast<std::size_t>(n) > cx.frames.params.size()) {
    cx.error("shift: can't shift that many");
    if (cx.opts.posix) cx.special_error(1);  // bash goes on with status 1
    return 1;
  }
  cx.frames.params.erase(cx.frames.params.begin(), cx.frames.params.begin() + n);
  return 0;
}

}  // namespace fdsh::builtins
