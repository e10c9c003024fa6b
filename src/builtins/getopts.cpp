// builtins/getopts.cpp — getopts (XCU utility): OPTIND, OPTARG, combined flags, the
// silent mode of a leading ':'.
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

int bi_getopts(BuiltinContext& cx, std::vector<std::string>& argv) {
  if (argv.size() < 3) {
    cx.error("getopts: usage: getopts optstring name [arg ...]");
    return 2;
  }
  std::string optstring = argv[1];
  std::string name = argv[2];
  bool bad_name = !state::is_name(name);
  std::vector<std::string> args;
  if (argv.size() > 3) args.assign(argv.begin() + 3, argv.end());
  else args = cx.frames.params;
  bool silent = !optstring.empty() && optstring[0] == ':';
  auto optind_s = cx.shell.lookup("OPTIND");
  long optind = optind_s && !optind_s->empty() ? std::strtol(optind_s->c_str(), nullptr, 10) : 1;
  if (optind < 1) optind = 1;
  // Position inside a group of options (-abc) is kept in a private variable.
  static long last_optind = 0;
  static std::size_t charpos = 1;
  if (optind != last_optind) charpos = 1;
  auto finish = [&](const std::string& opt, long next_ind) {
    if (bad_name) cx.error("getopts: '" + name + "': not a valid identifier");
    else cx.shell.set_variable(name, opt);
    cx.shell.set_variable("OPTIND", std::to_string(next_ind));
    last_optind = next_ind;
  };
  if (static_cast<std::size_t>(optind) > args.size()) {
    finish("?", optind);
    cx.vars.unset("OPTARG");
    return 1;
  }
  const std::string& a = args[static_cast<std::size_t>(optind) - 1];
  if (charpos == 1) {
    if (a.size() < 2 || a[0] != '-') {
      finish("?", optind);
      cx.vars.unset("OPTARG");
      return 1;
    }
    if (a == "--") {
      finish("?", optind + 1);
      cx.vars.unset("OPTARG");
      return 1;
    }
  }
  char c = a[charpos];
  ++charpos;
  long next = optind;
  bool group_done = charpos >= a.size();
  auto spec = optstring.find(c);
  if (c == ':' || spec == std::string::npos) {
    if (group_done) {
      next = optind + 1;
      charpos = 1;
    }
    if (silent) {
      cx.shell.set_variable("OPTARG", std::string(1, c));
    } else {
      cx.err(cx.frames.arg0 + ": illegal option -- " + std::string(1, c) + "\n");
      cx.vars.unset("OPTARG");
    }
    finish("?", next);
    if (!group_done) last_optind = next;
    return bad_name ? 2 : 0;
  }
  if (spec + 1 < optstring.size() && optstring[spec + 1] == ':') {
    std::string arg;
    if (!group_done) {
      arg = a.substr(charpos);
      next = optind + 1;
    } else if (static_cast<std::size_t>(optind) < args.size()) {
      arg = args[static_cast<std::size_t>(optind)];
      next = optind + 2;
    } else {
      charpos = 1;
      if (silent) {
        cx.shell.set_variable("OPTARG", std::string(1, c));
        finish(":", optind + 1);
      } else {
        cx.err(cx.frames.arg0 + ": option requires an argument -- " + std::string(1, c) + "\n");
        cx.vars.unset("OPTARG");
        finish("?", optind + 1);
      }
      return bad_name ? 2 : 0;
    }
    charpos = 1;
    cx.shell.set_variable("OPTARG", arg);
    finish(std::string(1, c), next);
    return bad_name ? 2 : 0;
  }
  if (group_done) {
    next = optind + 1;
    charpos = 1;
  }
  cx.vars.unset("OPTARG");
  finish(std::string(1, c), next);
  if (!group_done) last_optind = next;
  return bad_name ? 2 : 0;
}

}  // namespace fdsh::builtins
