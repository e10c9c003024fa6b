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

/// The steps for one redirection whose target word has been expanded to `target`
/// (here-documents: the body text). `named_fd` is the value of {var} for `{var}>&-`.
Result<std::vector<os::FdStep>, std::string> plan_redirect(const ast::Redir& r, const std::string& target,
                                                           bool noclobber, int named_fd = -1);

}  // namespace fdsh::plan
