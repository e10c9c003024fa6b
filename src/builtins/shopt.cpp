// builtins/shopt.cpp — shopt: bash options, the ones fdsh has and the ones it accepts.
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
    "gnu_errfmt", "huponexit", "inherit_errexit", "localvar_inherit", "noexpand_translation",
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

}  // namespace fdsh::builtins
