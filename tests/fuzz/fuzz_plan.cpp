// fuzz_plan.cpp — libFuzzer target: the FdPlan builder. Arbitrary text is parsed as a
// program; every redirection it contains is planned with its literal target, with and
// without noclobber. Planning is pure, so nothing touches the file system.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ast/ast.hpp"
#include "diag/diag.hpp"
#include "parse/parser.hpp"
#include "plan/plan.hpp"
#include "walk.hpp"

namespace {

void plan_redirs(const std::vector<fdsh::ast::Redir>& rs) {
  for (const fdsh::ast::Redir& r : rs) {
    std::string target = fdsh::ast::word_to_string(r.target);
    for (bool noclobber : {false, true}) {
      auto steps = fdsh::plan::plan_redirect(r, target, noclobber, 12);
      if (steps)
        for (const auto& s : *steps) (void)s.describe();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto tree = fdsh::parse::parse_text("fuzz", text);
    if (tree) fdsh::fuzz::walk(*tree, [](const fdsh::ast::Node& n) { plan_redirs(n.redirs); });
  } catch (const fdsh::diag::Error&) {
  }
  return 0;
}
