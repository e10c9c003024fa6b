// builtins/vars.cpp — builtins on variables and parameters: export, readonly, unset, set,
// shift, let, getopts (XCU 2.14 and the utilities). declare/typeset/local are in
// builtins/declare.cpp, read in builtins/read.cpp.
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

namespace {

// The key in `unset 'A[key]'` of an associative array: expanded as a word would be (quotes
// removed, $var and $(cmd) expanded), so that unset 'A["$k"]' removes the element of key $k.
// Text that is not one word is taken as it is.
std::string assoc_key(BuiltinContext& cx, const std::string& text) {
  if (text.find_first_of("$`\\'\"") == std::string::npos) return text;
  try {
    ast::NodePtr tree = parse::parse_text("subscript", ": " + text);
    const ast::Node* n = tree.get();
    while (n && n->kind == ast::Kind::List && static_cast<const ast::List*>(n)->items.size() == 1)
      n = static_cast<const ast::List*>(n)->items[0].cmd.get();
    if (!n || n->kind != ast::Kind::Simple) return text;
    const auto& simple = static_cast<const ast::Simple&>(*n);
    if (simple.words.size() != 2 || !simple.assigns.empty() || !simple.redirs.empty()) return text;
    expand::Expander ex(cx.shell);
    return ex.string(simple.words[1]);
  } catch (const diag::Error&) {
    return text;
  }
}

std::string decl_line(const std::string& prefix, const std::string& name, const Var* v) {
  std::string s = prefix + name;
  if (v && v->is_set() && !v->is_array()) s += "=" + exec::quote(v->value);
  return s + "\n";
}

}  // namespace

std::string double_quote(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\' || c == '$' || c == '`') o += '\\';
    o += c;
  }
  return o + "\"";
}

std::string array_literal(const Var& v) {
  std::string s = "(";
  if ((v.flags & Var::Indexed) && v.indexed) {
    bool first = true;
    for (auto& [k, val] : *v.indexed) {
      if (!first) s += ' ';
      first = false;
      s += "[" + std::to_string(k) + "]=" + double_quote(val);
    }
  } else if ((v.flags & Var::Assoc) && v.assoc) {
    for (auto& k : v.assoc_order) {
      auto it = v.assoc->find(k);
      if (it == v.assoc->end()) continue;
      s += "[" + (k.find_first_of(" \t\n\"'\\$`") == std::string::npos ? k : double_quote(k)) +
           "]=" + double_quote(it->second) + " ";
    }
  }
  return s + ")";
}

void split_assign(const std::string& a, std::string& name, std::string& value, bool& has_value, bool& append) {
  auto eq = a.find('=');
  has_value = eq != std::string::npos;
  append = false;
  name = has_value ? a.substr(0, eq) : a;
  if (has_value && !name.empty() && name.back() == '+') {
    append = true;
    name.pop_back();
  }
  value = has_value ? a.substr(eq + 1) : std::string();
}

int bi_export(BuiltinContext& cx, std::vector<std::string>& argv) {
  for (std::size_t k = 1; k < argv.size() && argv[k].size() > 1 && argv[k][0] == '-'; ++k) {
    if (argv[k].find_first_of("aA") != std::string::npos) {
      // readonly -a / export -A: array attributes are declare's business.
      std::vector<std::string> d = argv;
      d[0] = "declare";
      d.insert(d.begin() + 1, argv[0] == "readonly" ? "-rg" : "-xg");
      return bi_declare(cx, d);
    }
  }
  bool print = false, unexport = false;
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    for (std::size_t k = 1; k < argv[i].size(); ++k) {
      if (argv[i][k] == 'p') print = true;
      else if (argv[i][k] == 'n') unexport = true;
      else if (argv[i][k] == 'f') {
      } else {
        cx.error(argv[0] + ": -" + argv[i][k] + ": invalid option");
        return 2;
      }
    }
  }
  bool ro = argv[0] == "readonly";
  if (i >= argv.size()) {
    for (auto& [name, v] : cx.vars.sorted()) {
      if (ro ? (v->flags & Var::Readonly) : (v->flags & Var::Exported))
        cx.out(decl_line(ro ? "readonly " : "export ", name, v));
    }
    (void)print;
    return 0;
  }
  int st = 0;
  for (; i < argv.size(); ++i) {
    std::string name, value;
    bool has, append;
    split_assign(argv[i], name, value, has, append);
    if (!state::is_name(name)) {
      cx.error(argv[0] + ": '" + argv[i] + "': not a valid identifier");
      st = 1;
      continue;
    }
    if (has) {
      if (append) {
        auto old = cx.vars.get(name);
        if (old) value = *old + value;
      }
      if (!cx.shell.set_variable(name, value)) {
        st = 1;
        if (!cx.session.interactive) cx.shell.exit_shell(1);
        continue;
      }
    }
    if (ro) cx.vars.set_readonly(name);
    else cx.vars.set_exported(name, !unexport);
  }
  return st;
}

int bi_readonly(BuiltinContext& cx, std::vector<std::string>& argv) { return bi_export(cx, argv); }

int bi_unset(BuiltinContext& cx, std::vector<std::string>& argv) {
  bool funcs = false, vars_only = false;
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    if (argv[i] == "-f") funcs = true;
    else if (argv[i] == "-v") vars_only = true;
    else {
      cx.error("unset: " + argv[i] + ": invalid option");
      return 2;
    }
  }
  int st = 0;
  for (; i < argv.size(); ++i) {
    const std::string& n = argv[i];
    if (funcs) {
      cx.cmds.funcs.erase(n);
      continue;
    }
    auto lb = n.find('[');
    if (lb != std::string::npos && n.back() == ']') {
      std::string base = n.substr(0, lb), idx = n.substr(lb + 1, n.size() - lb - 2);
      Var* v = cx.vars.find(base);
      if (v && (v->flags & Var::Assoc) && v->assoc) {
        v->assoc->erase(assoc_key(cx, idx));
        continue;
      }
      // An index: arithmetic, whose error fails this operand only.
      auto k = expand::arith_eval(idx, cx.shell);
      if (!k) {
        cx.error("unset: " + n + ": " + k.error().message);
        st = 1;
        continue;
      }
      if (v && (v->flags & Var::Indexed) && v->indexed) {
        std::int64_t at = *k;
        if (at < 0 && !v->indexed->empty()) at += v->indexed->rbegin()->first + 1;
        v->indexed->erase(at);
      } else if (*k == 0) {
        if (v && !cx.vars.unset(base)) {
          cx.error("unset: " + base + ": readonly variable");
          st = 1;
        }
      } else if (v) {
        cx.error("unset: " + base + ": not an array variable");
        st = 1;
      }
      continue;
    }
    if (!state::is_name(n)) {
      cx.error("unset: '" + n + "': not a valid identifier");
      st = 1;
      continue;
    }
    Var* v = cx.vars.find(n);
    if (v || vars_only) {
      if (!cx.vars.unset(n)) {
        cx.error("unset: " + n + ": readonly variable");
        st = 1;
      }
      continue;
    }
    cx.cmds.funcs.erase(n);
  }
  return st;
}

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
          if (!cx.session.interactive) cx.shell.exit_shell(2);
          return 2;
        }
        cx.shell.set_option(o, on);
        continue;
      }
      bool* o = cx.opts.by_letter(c);
      if (!o) {
        cx.error(std::string("set: -") + c + ": invalid option");
        if (!cx.session.interactive) cx.shell.exit_shell(2);
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
      if (!cx.session.interactive) cx.shell.exit_shell(2);
      return 2;
    }
  }
  if (static_cast<std::size_t>(n) > cx.frames.params.size()) {
    cx.error("shift: can't shift that many");
    if (!cx.session.interactive) cx.shell.exit_shell(1);
    return 1;
  }
  cx.frames.params.erase(cx.frames.params.begin(), cx.frames.params.begin() + n);
  return 0;
}

int bi_let(BuiltinContext& cx, std::vector<std::string>& argv) {
  if (argv.size() < 2) {
    cx.error("let: expression expected");
    return 1;
  }
  std::int64_t v = 0;
  for (std::size_t i = 1; i < argv.size(); ++i) v = cx.shell.arith_string(argv[i]);
  return v != 0 ? 0 : 1;
}

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
