// walk.hpp — visits the nodes of a parsed program for the fuzz targets: lists, and-or
// lists, pipelines, subshells, groups, if, loops and function bodies, up to a depth.
#pragma once

#include "ast/ast.hpp"

namespace fdsh::fuzz {

template <class F>
void walk(const ast::Node& n, F&& visit, int depth = 0) {
  using namespace fdsh::ast;
  if (depth > 200) return;
  visit(n);
  auto child = [&](const NodePtr& p) {
    if (p) walk(*p, visit, depth + 1);
  };
  switch (n.kind) {
    case Kind::List:
      for (const auto& it : static_cast<const List&>(n).items) child(it.cmd);
      break;
    case Kind::AndOr:
      for (const auto& c : static_cast<const AndOr&>(n).items) child(c);
      break;
    case Kind::Pipeline:
      for (const auto& c : static_cast<const Pipeline&>(n).cmds) child(c);
      break;
    case Kind::Subshell: child(static_cast<const Subshell&>(n).body); break;
    case Kind::Group: child(static_cast<const Group&>(n).body); break;
    case Kind::If:
      for (const auto& b : static_cast<const If&>(n).branches) {
        child(b.first);
        child(b.second);
      }
      child(static_cast<const If&>(n).else_body);
      break;
    case Kind::FuncDef: child(static_cast<const FuncDef&>(n).body); break;
    default: break;
  }
}

}  // namespace fdsh::fuzz
