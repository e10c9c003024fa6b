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

namespace {

void plan_all(const fdsh::ast::Node& n, int depth);

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

void plan_body(const fdsh::ast::NodePtr& p, int depth) {
  if (p) plan_all(*p, depth + 1);
}

void plan_all(const fdsh::ast::Node& n, int depth) {
  using namespace fdsh::ast;
  if (depth > 200) return;
  plan_redirs(n.redirs);
  switch (n.kind) {
    case Kind::List:
      for (const auto& it : static_cast<const List&>(n).items) plan_body(it.cmd, depth);
      break;
    case Kind::AndOr:
      for (const auto& c : static_cast<const AndOr&>(n).items) plan_body(c, depth);
      break;
    case Kind::Pipeline:
      for (const auto& c : static_cast<const Pipeline&>(n).cmds) plan_body(c, depth);
      break;
    case Kind::Subshell:
      plan_body(static_cast<const Subshell&>(n).body, depth);
      break;
    case Kind::Group:
      plan_body(static_cast<const Group&>(n).body, depth);
      break;
    case Kind::If:
      for (const auto& b : static_cast<const If&>(n).branches) {
        plan_body(b.first, depth);
        plan_body(b.second, depth);
      }
      plan_body(static_cast<const If&>(n).else_body, depth);
      break;
    case Kind::FuncDef:
      plan_body(static_cast<const FuncDef&>(n).body, depth);
      break;
    default:
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto tree = fdsh::parse::parse_text("fuzz", text);
    if (tree) plan_all(*tree, 0);
  } catch (const fdsh::diag::Error&) {
  }
  return 0;
}
