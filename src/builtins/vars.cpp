// builtins/vars.cpp — builtins on variables: export, readonly, unset (XCU 2.14) and let.
// set and shift are in builtins/set.cpp, getopts in builtins/getopts.cpp,
// declare/typeset/local in builtins/declare.cpp, read in builtins/read.cpp.
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

namespace {

/// export -f [-n] NAME...: marks functions so that child processes get their definitions
/// (as bash spells them: BASH_FUNC_NAME%%); with no name, lists the marked ones.
int export_functions(BuiltinContext& cx, const std::vector<std::string>& argv, std::size_t i, bool unexport) {
  if (i >= argv.size()) {
    for (auto& [name, f] : cx.cmds.funcs)
      if (f.exported) cx.out(ast::to_source(*f.def) + "\ndeclare -fx " + name + "\n");
    return 0;
  }
  int st = 0;
  for (; i < argv.size(); ++i) {
    auto it = cx.cmds.funcs.find(argv[i]);
    if (it == cx.cmds.funcs.end()) {
      cx.error(argv[0] + ": " + argv[i] + ": not a function");
      st = 1;
      continue;
    }
    if (it->second.exported != !unexport) cx.cmds.exported_functions += unexport ? -1 : 1;
    it->second.exported = !unexport;
  }
  if (cx.cmds.exported_functions > 0) cx.shell.vouch_for_functions();
  return st;
}

}  // namespace

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
  bool print = false, unexport = false, functions = false;
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    for (std::size_t k = 1; k < argv[i].size(); ++k) {
      if (argv[i][k] == 'p') print = true;
      else if (argv[i][k] == 'n') unexport = true;
      else if (argv[i][k] == 'f' && argv[0] == "export") functions = true;
      else {
        cx.error(argv[0] + ": -" + argv[i][k] + ": invalid option");
        return 2;
      }
    }
  }
  if (functions) return export_functions(cx, argv, i, unexport);
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
        cx.special_error(1);
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
      cx.cmds.remove_function(n);
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
      // Unset from a called function removes the caller's local and reveals what it
      // shadowed (bash's dynamic scope), unless shopt localvar_unset is on.
      if (!cx.vars.unset(n, !cx.opts.localvar_unset)) {
        cx.error("unset: " + n + ": readonly variable");
        st = 1;
      }
      continue;
    }
    cx.cmds.remove_function(n);
  }
  return st;
}

int bi_let(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::size_t first = argv.size() > 1 && argv[1] == "--" ? 2 : 1;
  if (argv.size() <= first) {
    cx.error("let: expression expected");
    return 1;
  }
  // An error in an expression fails `let` (status 1); the shell goes on, as in bash.
  std::int64_t v = 0;
  for (std::size_t i = first; i < argv.size(); ++i) {
    auto r = expand::arith_eval(argv[i], cx.shell);
    if (!r) {
      cx.error("let: " + argv[i] + ": " + r.error().message);
      return 1;
    }
    v = *r;
  }
  return v != 0 ? 0 : 1;
}


}  // namespace fdsh::builtins
