// parse/parser_detail.hpp — helpers shared by the two halves of the parser: parser.cpp
// (lists, pipelines, simple commands, redirections) and parser_compound.cpp (the compound
// commands of XCU 2.9.4, function definitions, [[ ]]). Internal to src/parse.
#pragma once

#include <cctype>
#include <string>

#include "lex/lexer.hpp"
#include "parse/parser.hpp"
#include "util/stack.hpp"

namespace fdsh::parse::detail {

/// Counts one level of syntactic nesting for as long as it lives; too deep (or too little
/// native stack left) is a syntax error at `p`.
struct DepthGuard {
  int& d;
  DepthGuard(int& depth, lex::Lexer& lx, ast::Pos p) : d(depth) {
    if (++d > 2 * kMaxParseDepth || util::stack_exhausted()) {
      --d;
      lx.error(p, "maximum nesting depth " + std::to_string(kMaxParseDepth) + " exceeded");
    }
  }
  ~DepthGuard() { --d; }
};

/// A name (XBD 3.216): a letter or underscore, then letters, digits and underscores.
inline bool is_name(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

/// True for the tokens that start a redirection (XCU 2.7).
inline bool is_redirect_tok(lex::Tok t) {
  switch (t) {
    case lex::Tok::Less: case lex::Tok::Great: case lex::Tok::DGreat: case lex::Tok::Clobber:
    case lex::Tok::LessAnd: case lex::Tok::GreatAnd: case lex::Tok::LessGreat: case lex::Tok::DLess:
    case lex::Tok::DLessDash: case lex::Tok::TLess: case lex::Tok::AndGreat: case lex::Tok::AndDGreat:
      return true;
    default:
      return false;
  }
}

}  // namespace fdsh::parse::detail
