// builtins/shell_builtins.hpp — the builtins that act on shell state; each takes the shell
// explicitly and its argument vector (argv[0] is the builtin's name).
#pragma once

#include <string>
#include <vector>

#include "exec/shell.hpp"

namespace fdsh::builtins {

#define FDSH_BUILTIN(name) int name(exec::BuiltinContext& cx, std::vector<std::string>& argv)
FDSH_BUILTIN(bi_colon);
FDSH_BUILTIN(bi_true);
FDSH_BUILTIN(bi_false);
FDSH_BUILTIN(bi_break);
FDSH_BUILTIN(bi_return);
FDSH_BUILTIN(bi_exit);
FDSH_BUILTIN(bi_logout);
FDSH_BUILTIN(bi_eval);
FDSH_BUILTIN(bi_source);
FDSH_BUILTIN(bi_exec);
FDSH_BUILTIN(bi_export);
FDSH_BUILTIN(bi_readonly);
FDSH_BUILTIN(bi_unset);
FDSH_BUILTIN(bi_set);
FDSH_BUILTIN(bi_shift);
FDSH_BUILTIN(bi_local);
FDSH_BUILTIN(bi_declare);
FDSH_BUILTIN(bi_let);
FDSH_BUILTIN(bi_getopts);
FDSH_BUILTIN(bi_read);
FDSH_BUILTIN(bi_cd);
FDSH_BUILTIN(bi_pwd);
FDSH_BUILTIN(bi_alias);
FDSH_BUILTIN(bi_unalias);
FDSH_BUILTIN(bi_type);
FDSH_BUILTIN(bi_command);
FDSH_BUILTIN(bi_hash);
FDSH_BUILTIN(bi_umask);
FDSH_BUILTIN(bi_ulimit);
FDSH_BUILTIN(bi_times);
FDSH_BUILTIN(bi_trap);
FDSH_BUILTIN(bi_kill);
FDSH_BUILTIN(bi_wait);
FDSH_BUILTIN(bi_jobs);
FDSH_BUILTIN(bi_fg);
FDSH_BUILTIN(bi_shopt);
FDSH_BUILTIN(bi_builtin);
FDSH_BUILTIN(bi_echo);
FDSH_BUILTIN(bi_printf);
FDSH_BUILTIN(bi_test);
FDSH_BUILTIN(bi_mapfile);
FDSH_BUILTIN(bi_fc);
FDSH_BUILTIN(bi_dirs);
FDSH_BUILTIN(bi_pushd);
FDSH_BUILTIN(bi_popd);
FDSH_BUILTIN(bi_disown);
FDSH_BUILTIN(bi_caller);
FDSH_BUILTIN(bi_help);
FDSH_BUILTIN(bi_history);
FDSH_BUILTIN(bi_not_supported);
FDSH_BUILTIN(bi_fds);
/// `fds --plan TEXT`: prints the fd plan of TEXT without running it (builtins/fds_plan.cpp).
int fds_plan(exec::BuiltinContext& cx, const std::string& text);
#undef FDSH_BUILTIN

}  // namespace fdsh::builtins
