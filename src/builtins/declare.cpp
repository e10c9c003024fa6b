// builtins/declare.cpp — declare, typeset and local, bash's declaration builtins (POSIX
// leaves these names unspecified, XCU 2.9.1.1): variable attributes (-a -A -i -l -n -r -u
// -x, turned off with +), function-scoped variables, and printing declarations back (-p,
// -f, -F).
#include <algorithm>
#include <map>
#include <memory>

#include "builtins/shell_builtins.hpp"
#include "builtins/vars.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;
using state::Var;

namespace {

/// The options of one declare/typeset/local.
struct DeclareOptions {
  std::uint16_t add = 0;     ///< attributes turned on (-x)
  std::uint16_t remove = 0;  ///< attributes turned off (+x)
  bool print = false;        ///< -p
  bool global = false;       ///< -g: not local inside a function
  bool funcs = false;        ///< -f: functions instead of variables
  bool func_names = false;   ///< -F: function names only
  std::size_t first_operand = 1;
};

/// Reads the options into `d`; returns 0, or 2 after reporting an unknown option. A word
/// that starts with '+' turns attributes off, so options are read here rather than by
/// OptParser, which knows only '-'; no option of declare takes an argument.
int read_declare_options(BuiltinContext& cx, const std::vector<std::string>& argv, DeclareOptions& d) {
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && (argv[i][0] == '-' || argv[i][0] == '+'); ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    bool on = argv[i][0] == '-';
    for (std::size_t k = 1; k < argv[i].size(); ++k) {
      std::uint16_t f = 0;
      switch (argv[i][k]) {
        case 'a': f = Var::Indexed; break;
        case 'A': f = Var::Assoc; break;
        case 'i': f = Var::Integer; break;
        case 'r': f = Var::Readonly; break;
        case 'x': f = Var::Exported; break;
        case 'n': f = Var::Nameref; break;
        case 'l': f = Var::Lower; break;
        case 'u': f = Var::Upper; break;
        case 'p': d.print = true; break;
        case 'g': d.global = true; break;
        case 'f': d.funcs = true; break;
        case 'F': d.func_names = true; break;
        case 't': break;
        default: cx.error(argv[0] + ": -" + std::string(1, argv[i][k]) + ": invalid option"); return 2;
      }
      if (on) d.add |= f;
      else d.remove |= f;
    }
  }
  d.first_operand = i;
  return 0;
}

/// declare -f / -F: every function, or the ones named from `i` on (status 1 if one is missing).
int print_functions(BuiltinContext& cx, const std::vector<std::string>& argv, std::size_t i, bool names_only) {
  if (i >= argv.size()) {
    std::vector<std::string> names;
    for (auto& [n, f] : cx.cmds.funcs) names.push_back(n);
    std::sort(names.begin(), names.end());
    for (auto& n : names) cx.out(names_only ? "declare -f " + n + "\n" : ast::to_source(*cx.cmds.funcs[n].def) + "\n");
    return 0;
  }
  int st = 0;
  for (; i < argv.size(); ++i) {
    auto it = cx.cmds.funcs.find(argv[i]);
    if (it == cx.cmds.funcs.end()) {
      st = 1;
      continue;
    }
    cx.out(names_only ? argv[i] + "\n" : ast::to_source(*it->second.def) + "\n");
  }
  return st;
}

/// A variable as declare -p prints it: `declare -FLAGS NAME="value"`, with a newline.
std::string declaration(const std::string& name, const Var& v) {
  std::string flags;
  if (v.flags & Var::Indexed) flags += 'a';
  if (v.flags & Var::Assoc) flags += 'A';
  if (v.flags & Var::Integer) flags += 'i';
  if (v.flags & Var::Lower) flags += 'l';
  if (v.flags & Var::Nameref) flags += 'n';
  if (v.flags & Var::Readonly) flags += 'r';
  if (v.flags & Var::Upper) flags += 'u';
  if (v.flags & Var::Exported) flags += 'x';
  std::string s = "declare -" + (flags.empty() ? std::string("-") : flags) + " " + name;
  if (v.is_set()) {
    if (((v.flags & Var::Indexed) && v.indexed) || ((v.flags & Var::Assoc) && v.assoc)) {
      s += "=" + array_literal(v);
    } else {
      s += "=" + double_quote(v.value);
    }
  }
  return s + "\n";
}

/// declare without operands: every variable (with -p or attribute options, as declarations;
/// attribute options keep only the variables that have one of them).
void list_variables(BuiltinContext& cx, const DeclareOptions& d) {
  for (auto& [name, v] : cx.vars.sorted()) {
    if (d.add && !(v->flags & d.add)) continue;
    if (d.print || d.add) cx.out(declaration(name, *v));
    else if (v->is_set() && !v->is_array()) cx.out(name + "=" + exec::quote(v->value) + "\n");
  }
}

/// Turns attributes on and off; -a and -A turn a scalar into an array (its value becomes
/// element 0 of -a), set even when no value is assigned.
void apply_attributes(BuiltinContext& cx, const std::string& name, Var& v, const DeclareOptions& d, bool has_value) {
  if ((d.add & Var::Indexed) && !(v.flags & Var::Indexed)) {
    auto m = std::make_shared<std::map<std::int64_t, std::string>>();
    if (v.is_set()) (*m)[0] = v.value;
    v.indexed = m;
    v.value.clear();
    if (!has_value) v.flags |= Var::Set;
  }
  if ((d.add & Var::Assoc) && !(v.flags & Var::Assoc)) {
    v.assoc = std::make_shared<std::map<std::string, std::string>>();
    v.value.clear();
    if (!has_value) v.flags |= Var::Set;
  }
  v.flags |= static_cast<std::uint16_t>(d.add & ~Var::Readonly);
  v.flags &= static_cast<std::uint16_t>(~d.remove);
  if (d.add & Var::Exported) cx.vars.set_exported(name, true);
  if (d.remove & Var::Exported) cx.vars.set_exported(name, false);
}

/// The elements of `declare -a a=(x y)`: the evaluator passes them single-quoted (or with
/// backslashes) inside the parentheses of `literal`.
std::vector<std::string> array_items(const std::string& literal) {
  std::vector<std::string> items;
  std::string cur;
  bool in = false;
  for (std::size_t k = 1; k + 1 < literal.size(); ++k) {
    char c = literal[k];
    if (c == '\'') {
      in = true;
      while (++k + 1 < literal.size() && literal[k] != '\'') cur += literal[k];
    } else if (c == '\\' && k + 2 < literal.size()) {
      cur += literal[++k];
      in = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in) items.push_back(cur);
      cur.clear();
      in = false;
    } else {
      cur += c;
      in = true;
    }
  }
  if (in) items.push_back(cur);
  return items;
}

/// Assigns the value of an operand: an array literal, one element (NAME[INDEX]=value) or a
/// scalar (evaluated for -i, appended for +=). `value` becomes what was assigned. False
/// if the assignment failed.
bool assign_declared(BuiltinContext& cx, const std::string& name, const std::string& index, Var& v, std::string& value,
                     bool append) {
  bool is_array_literal = value.size() >= 3 && value[0] == '\x1f' && value[1] == '(' && value.back() == ')';
  if (is_array_literal) {
    value.erase(0, 1);
    if (!(v.flags & (Var::Indexed | Var::Assoc))) {
      v.flags |= Var::Indexed;
      v.indexed = std::make_shared<std::map<std::int64_t, std::string>>();
    }
    return cx.shell.set_array(name, array_items(value), append);
  }
  if (!index.empty()) return cx.shell.set_array_element(name, index, value);
  Var* cur = cx.vars.find(name);
  if (cur && (cur->flags & Var::Integer))
    value = std::to_string(cx.shell.arith_string(append && cur->is_set() ? cur->value + "+(" + value + ")" : value));
  else if (append && cur && cur->is_set()) value = cur->value + value;
  return cx.shell.set_variable(name, value);
}

/// declare -n NAME=TARGET: follows the chain now; a reference that leads back to NAME is
/// dropped with bash's warning.
void check_name_reference(BuiltinContext& cx, const std::string& builtin, const std::string& name, const std::string& target) {
  std::string at = target;
  for (int hops = 0; hops < 100; ++hops) {
    if (at == name) {
      cx.error(builtin + ": warning: " + name + ": circular name reference");
      cx.vars.unset(name);
      break;
    }
    auto it = cx.vars.save(at);
    if (!it || !(it->flags & Var::Nameref) || !it->is_set()) break;
    at = it->value;
  }
}

/// One operand: NAME, NAME=value, NAME+=value or NAME[INDEX]=value. Returns 0, or 1 after
/// reporting an error.
int declare_one(BuiltinContext& cx, const std::string& builtin, const std::string& operand, const DeclareOptions& d,
                bool is_local) {
  std::string name, value;
  bool has, append;
  split_assign(operand, name, value, has, append);
  std::string index;
  auto lb = name.find('[');
  if (lb != std::string::npos && name.back() == ']') {
    index = name.substr(lb + 1, name.size() - lb - 2);
    name = name.substr(0, lb);
  }
  if (!state::is_name(name)) {
    cx.error(builtin + ": '" + operand + "': not a valid identifier");
    return 1;
  }
  if (d.print) {
    Var* v = cx.vars.find(name);
    if (!v) {
      cx.error(builtin + ": " + name + ": not found");
      return 1;
    }
    cx.out(declaration(name, *v));
    return 0;
  }
  bool make_local = (is_local || (cx.frames.func_depth > 0 && !d.global)) && !cx.vars.is_local(name);
  if (make_local) {
    Var* old = cx.vars.find(name);
    // A readonly global cannot be shadowed; a caller's readonly local can (bash).
    if (old && (old->flags & Var::Readonly) && is_local && !cx.vars.local_somewhere(name)) {
      cx.error(builtin + ": " + name + ": readonly variable");
      return 1;
    }
    cx.vars.make_local(name);
  }
  Var& v = cx.vars.ensure(name);
  if ((v.flags & Var::Readonly) && (has || (d.remove & Var::Readonly))) {
    cx.error(builtin + ": " + name + ": readonly variable");
    return 1;
  }
  apply_attributes(cx, name, v, d, has);
  int st = 0;
  if (has && !assign_declared(cx, name, index, v, value, append)) st = 1;
  if (d.add & Var::Readonly) cx.vars.set_readonly(name);
  if ((d.add & Var::Nameref) && has) check_name_reference(cx, builtin, name, value);
  return st;
}

}  // namespace

int bi_declare(BuiltinContext& cx, std::vector<std::string>& argv) {
  DeclareOptions d;
  if (int st = read_declare_options(cx, argv, d)) return st;
  bool is_local = argv[0] == "local";
  if (is_local && cx.frames.func_depth == 0) {
    cx.error("local: can only be used in a function");
    return 1;
  }
  if (d.funcs || d.func_names) return print_functions(cx, argv, d.first_operand, d.func_names);
  if (d.first_operand >= argv.size()) {
    list_variables(cx, d);
    return 0;
  }
  int st = 0;
  for (std::size_t i = d.first_operand; i < argv.size(); ++i)
    if (declare_one(cx, argv[0], argv[i], d, is_local) != 0) st = 1;
  return st;
}

int bi_local(BuiltinContext& cx, std::vector<std::string>& argv) { return bi_declare(cx, argv); }

}  // namespace fdsh::builtins
