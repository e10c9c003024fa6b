// Unit tests for the parser: grammar rules, here-documents, aliases, errors with locations.
#include "parse/parser.hpp"

#include <gtest/gtest.h>

namespace fdsh::parse {
namespace {

std::string round_trip(const std::string& text) {
  auto n = parse_text("t", text);
  return ast::to_source(*n);
}

TEST(Parser, SimpleAndLists) {
  auto n = parse_text("t", "a b; c && d || e &\n");
  auto& l = static_cast<ast::List&>(*n);
  ASSERT_EQ(l.items.size(), 2u);
  EXPECT_EQ(l.items[0].cmd->kind, ast::Kind::Simple);
  EXPECT_EQ(l.items[1].cmd->kind, ast::Kind::AndOr);
  EXPECT_TRUE(l.items[1].async);
}

TEST(Parser, CompoundCommands) {
  EXPECT_EQ(round_trip("if a; then b; elif c; then d; else e; fi"),
            "if\n    a\nthen\n    b\nelif\n    c\nthen\n    d\nelse\n    e\nfi");
  EXPECT_EQ(round_trip("while a; do b; done"), "while\n    a\ndo\n    b\ndone");
  EXPECT_EQ(round_trip("for i in 1 2; do echo $i; done"), "for i in 1 2\ndo\n    echo $i\ndone");
  EXPECT_EQ(round_trip("case x in a|b) c;; esac"), "case x in\n    a | b)\n        c\n        ;;\nesac");
}

TEST(Parser, FunctionDefinition) {
  auto n = parse_text("t", "f() { echo hi; }");
  auto& l = static_cast<ast::List&>(*n);
  ASSERT_EQ(l.items[0].cmd->kind, ast::Kind::FuncDef);
  EXPECT_EQ(static_cast<ast::FuncDef&>(*l.items[0].cmd).name, "f");
}

TEST(Parser, HereDocumentBodies) {
  auto n = parse_text("t", "cat <<A <<'B'\none $x\nA\ntwo $y\nB\necho after\n");
  auto& l = static_cast<ast::List&>(*n);
  ASSERT_EQ(l.items.size(), 2u);
  auto& s = static_cast<ast::Simple&>(*l.items[0].cmd);
  ASSERT_EQ(s.redirs.size(), 2u);
  EXPECT_FALSE(s.redirs[0].heredoc->quoted);
  EXPECT_TRUE(s.redirs[1].heredoc->quoted);
  EXPECT_EQ(s.redirs[1].heredoc->body[0].text, "two $y\n");
}

TEST(Parser, HereDocInsideCommandSubstitution) {
  auto n = parse_text("t", "x=$(cat <<EOF\nhi\nEOF\n)\necho $x\n");
  auto& l = static_cast<ast::List&>(*n);
  EXPECT_EQ(l.items.size(), 2u);
}

TEST(Parser, Aliases) {
  ParseOptions o;
  std::string ll = "ls -l ";
  o.aliases = [&](const std::string& n) -> const std::string* { return n == "ll" ? &ll : nullptr; };
  auto n = parse_text("t", "ll x", o);
  auto& s = static_cast<ast::Simple&>(*static_cast<ast::List&>(*n).items[0].cmd);
  ASSERT_EQ(s.words.size(), 3u);
}

TEST(Parser, SyntaxErrorsCarryLocations) {
  try {
    parse_text("t", "echo ok\nif true; then\n  fi fi\n)");
    FAIL();
  } catch (const diag::Error& e) {
    EXPECT_TRUE(e.is_syntax());
    EXPECT_GT(e.location().line, 1u);
  }
  EXPECT_THROW(parse_text("t", "echo $("), diag::Error);
  EXPECT_THROW(parse_text("t", "echo ${x"), diag::Error);
  EXPECT_THROW(parse_text("t", "cat <<EOF\nno end"), diag::Error);
  EXPECT_THROW(parse_text("t", "( a"), diag::Error);
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(20000, '(');
  EXPECT_THROW(parse_text("t", deep), diag::Error);
}

TEST(Parser, ArithmeticAndSubshellAmbiguity) {
  auto n = parse_text("t", "((1+2))\n( (echo a) )\n");
  auto& l = static_cast<ast::List&>(*n);
  EXPECT_EQ(l.items[0].cmd->kind, ast::Kind::ArithCmd);
  EXPECT_EQ(l.items[1].cmd->kind, ast::Kind::Subshell);
}

}  // namespace
}  // namespace fdsh::parse

namespace fdsh::parse {

// Found by fuzz_parse: printing a select loop read it as a for loop (UBSan: bad downcast).
TEST(Parser, SelectPrintsAsSelect) {
  std::string s = ast::to_source(*parse_text("t", "select c in red green; do echo \"$c\"; break; done <<< 2\n"));
  EXPECT_NE(s.find("select c in red green"), std::string::npos) << s;
  EXPECT_EQ(s.find("for "), std::string::npos) << s;
  std::string f = ast::to_source(*parse_text("t", "for i in 1 2; do :; done\n"));
  EXPECT_NE(f.find("for i in 1 2"), std::string::npos) << f;
}

// Found by fuzz_plan: every `$((` or `((` that is not arithmetic is read twice (as arithmetic,
// then as commands), and the here-document bodies and backquotes inside were parsed again on
// each reading, at every level: ten nested levels took minutes. Nested text is now parsed once.
TEST(Parser, NestedRetriesDoNotMultiply) {
  std::string text;
  for (int i = 0; i < 10; ++i) text += "x $(((((((((((( echo; f()((((((((((((((((((((((w%<<EOF\n";
  text += "EOF\n";
  EXPECT_THROW(parse_text("t", text), diag::Error);
  std::string bq;
  for (int i = 0; i < 10; ++i) bq += "x $(( ( `echo $(( ( `";
  EXPECT_THROW(parse_text("t", bq), diag::Error);
}

TEST(Parser, BacktrackingIsBoundedPerCommand) {
  // Every `$((`/`((` level fails only after reading the lines below it, whose here-documents
  // are parsed by nested parsers that retry the same way: refused with a clear message.
  std::string text;
  for (int i = 0; i < 64; ++i) text += "x $(((((((((((( echo; f()((((((((((((((((((((((w%<<EOF\n";
  text += "EOF\n";
  try {
    parse_text("t", text);
    ADD_FAILURE() << "parsed";
  } catch (const diag::Error& e) {
    EXPECT_NE(e.message().find("input too complex"), std::string::npos) << e.message();
    EXPECT_TRUE(e.is_syntax());
  }
  // The budget is per command: many retries spread over many commands all parse.
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "((true) )\n(( (1) ))\n";
  auto n = parse_text("t", many);
  EXPECT_EQ(static_cast<ast::List&>(*n).items.size(), 40000u);
}

TEST(Parser, HereDocumentReadAgainAfterArithmeticFails) {
  // `((` is tried as arithmetic first; the here-document body read on that attempt must be
  // the same when the text is read again as nested subshells.
  auto n = parse_text("t", "(( $(cat <<E\nbody $v\nE\n) ) )\n");
  auto& l = static_cast<ast::List&>(*n);
  EXPECT_EQ(l.items[0].cmd->kind, ast::Kind::Subshell);
  std::string s = ast::to_source(*n);
  EXPECT_NE(s.find("body $v"), std::string::npos) << s;
}

}  // namespace fdsh::parse
