// Unit tests for brace expansion on word structures.
#include "expand/brace.hpp"

#include <gtest/gtest.h>

#include "lex/lexer.hpp"

namespace fdsh::expand {
namespace {

std::vector<std::string> expand_text(const std::string& text) {
  lex::Reader r("t", text);
  auto sub = [](lex::Lexer&) -> ast::NodePtr { return nullptr; };
  auto txt = [](const std::string&, ast::Pos) -> ast::NodePtr { return nullptr; };
  lex::Lexer lx(r, sub, txt);
  lex::Token t = lx.next();
  bool too_many = false;
  std::vector<std::string> out;
  for (const ast::Word& w : brace_expand(t.word, too_many)) out.push_back(ast::word_to_string(w));
  return out;
}

using V = std::vector<std::string>;

TEST(Brace, Lists) {
  EXPECT_EQ(expand_text("a{b,c}d"), (V{"abd", "acd"}));
  EXPECT_EQ(expand_text("{a,b}{1,2}"), (V{"a1", "a2", "b1", "b2"}));
  EXPECT_EQ(expand_text("x{a,{b,c}}"), (V{"xa", "xb", "xc"}));
  EXPECT_EQ(expand_text("pre{,fix}"), (V{"pre", "prefix"}));
}

TEST(Brace, Sequences) {
  EXPECT_EQ(expand_text("{1..3}"), (V{"1", "2", "3"}));
  EXPECT_EQ(expand_text("{3..1}"), (V{"3", "2", "1"}));
  EXPECT_EQ(expand_text("{0..10..5}"), (V{"0", "5", "10"}));
  EXPECT_EQ(expand_text("{a..c}"), (V{"a", "b", "c"}));
  EXPECT_EQ(expand_text("{08..10}"), (V{"08", "09", "10"}));
  EXPECT_EQ(expand_text("{-1..1}"), (V{"-1", "0", "1"}));
}

TEST(Brace, NotExpanded) {
  EXPECT_EQ(expand_text("{a}"), (V{"{a}"}));
  EXPECT_EQ(expand_text("'{a,b}'"), (V{"'{a,b}'"}));
  EXPECT_EQ(expand_text("${x}"), (V{"$x"}));
  EXPECT_EQ(expand_text("{a,b"), (V{"{a,b"}));
  EXPECT_EQ(expand_text("{1..x}"), (V{"{1..x}"}));
}

TEST(Brace, UnmatchedAndNestedBraces) {
  // The leftmost group that expands is found in one pass over the word (checked against bash).
  EXPECT_EQ(expand_text("x{a{b,c}"), (V{"x{ab", "x{ac"}));
  EXPECT_EQ(expand_text("{a,{b}c}"), (V{"a", "{b}c"}));
  EXPECT_EQ(expand_text("{{1..2}}"), (V{"{1}", "{2}"}));
  EXPECT_EQ(expand_text("a{b{c,d}e"), (V{"a{bce", "a{bde"}));
  EXPECT_EQ(expand_text("{x}{y,z}{"), (V{"{x}y{", "{x}z{"}));
  EXPECT_EQ(expand_text("{a,b}}{c}"), (V{"a}{c}", "b}{c}"}));
  EXPECT_EQ(expand_text("}{a,b}{"), (V{"}a{", "}b{"}));
  // Many braces that never close cost one pass per expansion step, not one per brace.
  std::string open(5000, '{');
  V words = expand_text(open + "{a,b}");
  EXPECT_EQ(words, (V{open + "a", open + "b"}));
}

TEST(Brace, TooManyIsReported) {
  lex::Reader r("t", "{1..99999999}");
  auto sub = [](lex::Lexer&) -> ast::NodePtr { return nullptr; };
  auto txt = [](const std::string&, ast::Pos) -> ast::NodePtr { return nullptr; };
  lex::Lexer lx(r, sub, txt);
  bool too_many = false;
  brace_expand(lx.next().word, too_many);
  EXPECT_TRUE(too_many);
}

ast::Word lex_word(lex::Reader& r) {
  auto sub = [](lex::Lexer&) -> ast::NodePtr { return nullptr; };
  auto txt = [](const std::string&, ast::Pos) -> ast::NodePtr { return nullptr; };
  lex::Lexer lx(r, sub, txt);
  return lx.next().word;
}

TEST(Brace, ProductExplosionIsReported) {
  // 21 two-way braces: 2^21 words from a 105-byte word.
  std::string text;
  for (int i = 0; i < 21; ++i) text += "{a,b}";
  lex::Reader r("t", text);
  bool too_many = false;
  auto words = brace_expand(lex_word(r), too_many);
  EXPECT_TRUE(too_many);
  EXPECT_EQ(words.size(), 1u);  // the word comes back unexpanded
}

TEST(Brace, ProductExplosionIsRefusedBeforeExpanding) {
  // 2^40 words: refused from the counts of its groups, leaving the budget untouched.
  std::string text;
  for (int i = 0; i < 40; ++i) text += "{a,b}";
  lex::Reader r("t", text);
  BraceBudget budget;
  bool too_many = false;
  brace_expand(lex_word(r), budget, too_many);
  EXPECT_TRUE(too_many);
  EXPECT_EQ(budget.words, kMaxBraceWords);
  EXPECT_EQ(budget.work, kMaxBraceWork);
}

TEST(Brace, DollarBeforeAGroupIsNotCountedAsAProduct) {
  // "{a,$}{b,c}": the alternative "$" makes "${b,c}", which does not expand; twenty such
  // pairs give far fewer than 2^40 words and must not be refused.
  std::string text;
  for (int i = 0; i < 20; ++i) text += "{a,$}{b,c}";
  lex::Reader r("t", text);
  BraceBudget budget;
  bool too_many = false;
  auto words = brace_expand(lex_word(r), budget, too_many);
  EXPECT_TRUE(too_many);  // 3^20 words: still too many, but found by expanding...
  std::string small;
  for (int i = 0; i < 8; ++i) small += "{a,$}{b,c}";
  lex::Reader r2("t", small);
  BraceBudget b2;
  words = brace_expand(lex_word(r2), b2, too_many);
  EXPECT_FALSE(too_many);  // ...while 3^8 = 6561 words expand
  EXPECT_EQ(words.size(), 6561u);
}

TEST(Brace, CharacterBudgetIsReported) {
  // 2^16 words of 328 characters on average: few words, too many characters.
  std::string text;
  for (int i = 0; i < 16; ++i) text += "{" + std::string(40, 'x') + ",y}";
  lex::Reader r("t", text);
  bool too_many = false;
  brace_expand(lex_word(r), too_many);
  EXPECT_TRUE(too_many);
  // Quoted text counts as the characters it holds, not as one item (found by fuzz_expand):
  // 20,000 words of 1,005 characters each.
  lex::Reader r2("t", "'" + std::string(1000, 'q') + "'{1..20000}");
  brace_expand(lex_word(r2), too_many);
  EXPECT_TRUE(too_many);
  lex::Reader r3("t", "'" + std::string(1000, 'q') + "'{1..2000}");
  EXPECT_EQ(brace_expand(lex_word(r3), too_many).size(), 2000u);
  EXPECT_FALSE(too_many);
}

TEST(Brace, WorkIsBoundedBeforeTheOutput) {
  // 29 two-way braces after 600 characters: the word budget alone would allow 2^20 words of
  // 600+ characters to be combined first; the work budget refuses it early.
  std::string text(600, 'q');
  for (int i = 0; i < 29; ++i) text += "{a,b}";
  lex::Reader r("t", text);
  BraceBudget budget;
  bool too_many = false;
  brace_expand(lex_word(r), budget, too_many);
  EXPECT_TRUE(too_many);
  // A large but reasonable expansion stays within it: 65,536 words of 96 characters.
  std::string ok(80, 'x');
  for (int i = 0; i < 16; ++i) ok += "{a,b}";
  lex::Reader r2("t", ok);
  BraceBudget fresh;
  EXPECT_EQ(brace_expand(lex_word(r2), fresh, too_many).size(), 65536u);
  EXPECT_FALSE(too_many);
}

TEST(Brace, BudgetIsSharedAcrossWords) {
  lex::Reader r("t", "{1..600000}");
  ast::Word w = lex_word(r);
  BraceBudget budget;
  bool too_many = false;
  EXPECT_EQ(brace_expand(w, budget, too_many).size(), 600000u);
  EXPECT_FALSE(too_many);
  EXPECT_EQ(budget.words, kMaxBraceWords - 600000);
  brace_expand(w, budget, too_many);
  EXPECT_TRUE(too_many);  // 1,200,000 words in one command
}

TEST(Brace, EachWordIsHandedOutInOrderOnlyWhenAllFit) {
  lex::Reader r("t", "x{b,a}{1..3}'q'");
  ast::Word w = lex_word(r);
  BraceBudget budget;
  std::vector<std::string> seen;
  EXPECT_TRUE(brace_expand_each(w, budget, [&](ast::Word&& e) { seen.push_back(ast::word_to_string(e)); }));
  EXPECT_EQ(seen, (std::vector<std::string>{"xb1'q'", "xb2'q'", "xb3'q'", "xa1'q'", "xa2'q'", "xa3'q'"}));
  EXPECT_EQ(budget.words, kMaxBraceWords - 6);
  // Over the budget: nothing is handed out, not even the words that would have fitted.
  budget.words = 5;
  seen.clear();
  EXPECT_FALSE(brace_expand_each(w, budget, [&](ast::Word&& e) { seen.push_back(ast::word_to_string(e)); }));
  EXPECT_TRUE(seen.empty());
  EXPECT_EQ(budget.words, 5u);
}

TEST(Brace, SequencesAtTheEndsOfTheIntegerRange) {
  bool too_many = false;
  lex::Reader r("t", "{-99999999999999999..-99999999999999997}");
  std::vector<std::string> out;
  for (const ast::Word& e : brace_expand(lex_word(r), too_many)) out.push_back(ast::word_to_string(e));
  EXPECT_EQ(out, (std::vector<std::string>{"-99999999999999999", "-99999999999999998", "-99999999999999997"}));
  lex::Reader r2("t", "{-99999999999999999..99999999999999999}");
  brace_expand(lex_word(r2), too_many);
  EXPECT_TRUE(too_many);
}

}  // namespace
}  // namespace fdsh::expand
