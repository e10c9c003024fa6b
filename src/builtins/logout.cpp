// builtins/logout.cpp — logout [N]: leaves a login shell as `exit N` would; any other shell
// refuses, as bash does.
#include "builtins/shell_builtins.hpp"

namespace fdsh::builtins {

int bi_logout(exec::BuiltinContext& cx, std::vector<std::string>& argv) {
  if (!cx.opts.login_shell) {
    cx.error("logout: not login shell: use `exit'");
    return 1;
  }
  std::vector<std::string> as_exit(argv);
  as_exit[0] = "exit";
  return bi_exit(cx, as_exit);
}

}  // namespace fdsh::builtins
