// builtins/registry.cpp — the table of builtins, sorted by name, with their kind
// (special builtins per XCU 2.14 keep assignments and exit on errors).
#include <algorithm>

#include "builtins/shell_builtins.hpp"

namespace fdsh::exec {

using namespace fdsh::builtins;

const std::vector<Builtin>& all_builtins() {
  static const std::vector<Builtin> table = [] {
    std::vector<Builtin> t = {
        {".", BuiltinKind::Special, bi_source, "run a file in the current shell"},
        {":", BuiltinKind::Special, bi_colon, "do nothing, successfully"},
        {"[", BuiltinKind::Regular, bi_test, "evaluate a condition"},
        {"alias", BuiltinKind::Regular, bi_alias, "define or list aliases"},
        {"bind", BuiltinKind::Regular, bi_not_supported, "readline key bindings (not supported)"},
        {"caller", BuiltinKind::Regular, bi_caller, "the caller of the current function"},
        {"compgen", BuiltinKind::Regular, bi_not_supported, "completion candidates (not supported)"},
        {"complete", BuiltinKind::Regular, bi_not_supported, "completion specifications (not supported)"},
        {"compopt", BuiltinKind::Regular, bi_not_supported, "completion options (not supported)"},
        {"dirs", BuiltinKind::Regular, bi_dirs, "the directory stack"},
        {"disown", BuiltinKind::Regular, bi_disown, "forget jobs"},
        {"enable", BuiltinKind::Regular, bi_not_supported, "enable or disable builtins (not supported)"},
        {"help", BuiltinKind::Regular, bi_help, "list builtins"},
        {"history", BuiltinKind::Regular, bi_history, "command history"},
        {"popd", BuiltinKind::Regular, bi_popd, "leave a directory of the stack"},
        {"pushd", BuiltinKind::Regular, bi_pushd, "enter a directory, keeping the stack"},
        {"suspend", BuiltinKind::Regular, bi_not_supported, "suspend the shell (not supported)"},
        {"bg", BuiltinKind::Regular, bi_fg, "continue a job in the background"},
        {"break", BuiltinKind::Special, bi_break, "leave a loop"},
        {"builtin", BuiltinKind::Regular, bi_builtin, "run a builtin"},
        {"cd", BuiltinKind::Regular, bi_cd, "change the working directory"},
        {"command", BuiltinKind::Regular, bi_command, "run a command without function lookup"},
        {"continue", BuiltinKind::Special, bi_break, "next iteration of a loop"},
        {"declare", BuiltinKind::Regular, bi_declare, "declare variables and attributes"},
        {"echo", BuiltinKind::Regular, bi_echo, "write arguments"},
        {"eval", BuiltinKind::Special, bi_eval, "run arguments as shell input"},
        {"exec", BuiltinKind::Special, bi_exec, "replace the shell or change its fds"},
        {"exit", BuiltinKind::Special, bi_exit, "leave the shell"},
        {"export", BuiltinKind::Special, bi_export, "export variables"},
        {"false", BuiltinKind::Regular, bi_false, "fail"},
        {"fds", BuiltinKind::Regular, bi_fds, "show file descriptors and fd plans"},
        {"fc", BuiltinKind::Regular, bi_fc, "history editing"},
        {"fg", BuiltinKind::Regular, bi_fg, "bring a job to the foreground"},
        {"getopts", BuiltinKind::Regular, bi_getopts, "parse options"},
        {"hash", BuiltinKind::Regular, bi_hash, "remember command locations"},
        {"jobs", BuiltinKind::Regular, bi_jobs, "list jobs"},
        {"kill", BuiltinKind::Regular, bi_kill, "send a signal"},
        {"let", BuiltinKind::Regular, bi_let, "evaluate arithmetic"},
        {"local", BuiltinKind::Regular, bi_local, "function-local variables"},
        {"logout", BuiltinKind::Regular, bi_logout, "leave a login shell"},
        {"mapfile", BuiltinKind::Regular, bi_mapfile, "read lines into an array"},
        {"printf", BuiltinKind::Regular, bi_printf, "formatted output"},
        {"pwd", BuiltinKind::Regular, bi_pwd, "print the working directory"},
        {"read", BuiltinKind::Regular, bi_read, "read a line"},
        {"readarray", BuiltinKind::Regular, bi_mapfile, "read lines into an array"},
        {"readonly", BuiltinKind::Special, bi_readonly, "make variables readonly"},
        {"return", BuiltinKind::Special, bi_return, "return from a function"},
        {"set", BuiltinKind::Special, bi_set, "set options and positional parameters"},
        {"shift", BuiltinKind::Special, bi_shift, "shift positional parameters"},
        {"shopt", BuiltinKind::Regular, bi_shopt, "bash options"},
        {"source", BuiltinKind::Regular, bi_source, "run a file in the current shell"},
        {"test", BuiltinKind::Regular, bi_test, "evaluate a condition"},
        {"times", BuiltinKind::Special, bi_times, "process times"},
        {"trap", BuiltinKind::Special, bi_trap, "set signal and exit actions"},
        {"true", BuiltinKind::Regular, bi_true, "succeed"},
        {"type", BuiltinKind::Regular, bi_type, "describe commands"},
        {"typeset", BuiltinKind::Regular, bi_declare, "declare variables and attributes"},
        {"ulimit", BuiltinKind::Regular, bi_ulimit, "resource limits"},
        {"umask", BuiltinKind::Regular, bi_umask, "file creation mask"},
        {"unalias", BuiltinKind::Regular, bi_unalias, "remove aliases"},
        {"unset", BuiltinKind::Special, bi_unset, "unset variables and functions"},
        {"wait", BuiltinKind::Regular, bi_wait, "wait for jobs"},
    };
    std::sort(t.begin(), t.end(), [](const Builtin& a, const Builtin& b) { return std::string_view(a.name) < b.name; });
    for (Builtin& b : t) b.declaration = ast::is_declaration_utility(b.name);
    return t;
  }();
  return table;
}

const Builtin* find_builtin(std::string_view name) {
  const auto& t = all_builtins();
  auto it = std::lower_bound(t.begin(), t.end(), name,
                             [](const Builtin& b, std::string_view n) { return std::string_view(b.name) < n; });
  if (it != t.end() && it->name == name) return &*it;
  return nullptr;
}

}  // namespace fdsh::exec
