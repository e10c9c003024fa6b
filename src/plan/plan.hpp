// plan/plan.hpp — from an expanded redirection to fd steps (XCU 2.7). Pure: no system calls.
// The same steps are applied to the shell with an undo frame, permanently by `exec`,
// or shown by `fds --plan`.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.hpp"
#include "os/redirect.hpp"
#include "util/result.hpp"

namespace fdsh::plan {

/// Every fd action one command gets, in the order they happen: the shell-held fds it is
/// given (pipe ends, /dev/null for `&`, a substitution's pipe: Take steps) and then its own
/// redirections with their targets already expanded. Built without any system call; applied
/// by os::spawn in the child for an external program, or to the shell inside an undo frame
/// for builtins, functions and compound commands; printed by `fds --plan` and the trace.
struct CommandPlan {
  std::vector<os::FdStep> steps;
  std::vector<ast::Pos> where;  ///< source position of each step (for messages)

  /// Appends a step.
  void add(os::FdStep step, ast::Pos pos);
  /// Appends a Take step: the command gets the shell's fd `src` as `fd`; `label` names it.
  void take(int src, int fd, std::string label);
  /// True when a step is a {var} form, whose new fd belongs to the shell and outlives the command.
  bool has_named() const;
};

/// The Take steps of a pipeline stage or substitution: `in` onto 0, `out` onto 1 (and 2
/// with `stderr_too`); -1 for none. Labels name the pipes for `fds --plan`.
CommandPlan wiring(int in, const std::string& in_label, int out, const std::string& out_label, bool stderr_too);

/// The step that gives an asynchronous list without job control /dev/null as stdin.
os::FdStep stdin_from_null();

/// The steps for one redirection whose target word has been expanded to `target`
/// (here-documents: the body text). `named_fd` is the value of {var} for `{var}>&-`.
Result<std::vector<os::FdStep>, std::string> plan_redirect(const ast::Redir& r, const std::string& target,
                                                           bool noclobber, int named_fd = -1);

}  // namespace fdsh::plan
