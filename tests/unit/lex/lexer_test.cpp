// Unit tests for the lexer: token kinds, fd operators, quoting structure, here-documents.
#include "lex/lexer.hpp"

#include <gtest/gtest.h>

#include "parse/parser.hpp"

namespace fdsh::lex {
namespace {

using PK = ast::WordPart::Kind;

std::vector<Token> lex_all(const std::string& text) {
  Reader r("t", text);
  std::vector<Token> out;
  auto sub = [](Lexer&) -> ast::NodePtr { return nullptr; };
  auto txt = [](const std::string&, ast::Pos) -> ast::NodePtr { return nullptr; };
  Lexer lx(r, sub, txt);
  for (;;) {
    Token t = lx.next();
    if (t.type == Tok::Eof) break;
    out.push_back(std::move(t));
  }
  return out;
}

TEST(Lexer, OperatorsAndWords) {
  auto t = lex_all("a && b || c ; d & e | f |& g ;; ;& ;;&\n");
  std::vector<Tok> want = {Tok::Word, Tok::AndIf, Tok::Word, Tok::OrIf,  Tok::Word, Tok::Semi,   Tok::Word,
                           Tok::Amp,  Tok::Word,  Tok::Pipe, Tok::Word,  Tok::PipeAmp, Tok::Word, Tok::DSemi,
                           Tok::SemiAnd, Tok::DSemiAnd, Tok::Newline};
  ASSERT_EQ(t.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(t[i].type, want[i]) << i;
}

TEST(Lexer, IoNumbersAndNamedFds) {
  auto t = lex_all("cmd 2>&1 3<file {fd}>out 12>x");
  ASSERT_EQ(t.size(), 9u);
  EXPECT_EQ(t[1].type, Tok::GreatAnd);
  EXPECT_EQ(t[1].io_number, 2);
  EXPECT_EQ(t[3].type, Tok::Less);
  EXPECT_EQ(t[3].io_number, 3);
  EXPECT_EQ(t[5].type, Tok::Great);
  EXPECT_EQ(t[5].io_var, "fd");
  EXPECT_EQ(t[7].io_number, 12);
}

TEST(Lexer, RedirectionOperators) {
  auto t = lex_all("<> >| >> << <<- <<< &> &>> <& >&");
  std::vector<Tok> want = {Tok::LessGreat, Tok::Clobber, Tok::DGreat, Tok::DLess, Tok::DLessDash,
                           Tok::TLess, Tok::AndGreat, Tok::AndDGreat, Tok::LessAnd, Tok::GreatAnd};
  ASSERT_EQ(t.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(t[i].type, want[i]) << i;
}

TEST(Lexer, QuotingParts) {
  auto t = lex_all("a'b c'\"d $x\"\\e");
  ASSERT_EQ(t.size(), 1u);
  const ast::Word& w = t[0].word;
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0].kind, PK::Literal);
  EXPECT_EQ(w[1].kind, PK::SingleQuoted);
  EXPECT_EQ(w[1].text, "b c");
  EXPECT_EQ(w[2].kind, PK::DoubleQuoted);
  ASSERT_EQ(w[2].parts.size(), 2u);
  EXPECT_EQ(w[2].parts[1].kind, PK::Param);
  EXPECT_EQ(w[3].kind, PK::Escaped);
  EXPECT_EQ(w[3].text, "e");
}

TEST(Lexer, LineContinuationJoinsWords) {
  auto t = lex_all("ec\\\nho hi");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_TRUE(word_is(t[0].word, "echo"));
}

TEST(Lexer, DollarSingleQuotes) {
  auto t = lex_all("$'a\\tb\\x41\\u00e9\\101'");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].word[0].text, "a\tbA\xc3\xa9" "A");
}

TEST(Lexer, UnterminatedQuoteIsSyntaxError) {
  try {
    lex_all("echo 'abc");
    FAIL() << "no error";
  } catch (const diag::Error& e) {
    EXPECT_TRUE(e.is_syntax());
    EXPECT_EQ(e.location().line, 1u);
    EXPECT_EQ(e.location().col, 6u);
  }
}

TEST(Lexer, ParamOperators) {
  auto t = lex_all("${x:-a} ${#y} ${z##*/} ${w/a/b} ${v:1:2}");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[0].word[0].param->op, ast::ParamOp::Default);
  EXPECT_TRUE(t[0].word[0].param->colon);
  EXPECT_EQ(t[1].word[0].param->op, ast::ParamOp::Length);
  EXPECT_EQ(t[2].word[0].param->op, ast::ParamOp::RemLargePrefix);
  EXPECT_EQ(t[3].word[0].param->op, ast::ParamOp::Replace);
  EXPECT_EQ(t[4].word[0].param->op, ast::ParamOp::Substring);
  EXPECT_TRUE(t[4].word[0].param->has_arg2);
}

}  // namespace
}  // namespace fdsh::lex

namespace fdsh::lex {
namespace {

// Tokens carry exact spans: the source is the concatenation of token texts and the gaps
// between them, and every gap holds only blanks, comments and line continuations.
void check_spans(const std::string& src) {
  Reader r("t", src);
  auto sub = [](Lexer&) -> ast::NodePtr { return nullptr; };
  auto txt = [](const std::string&, ast::Pos) -> ast::NodePtr { return nullptr; };
  Lexer lx(r, sub, txt);
  std::string rebuilt;
  std::size_t at = 0;
  for (;;) {
    Token t = lx.next();
    ASSERT_GE(t.begin, at) << src;
    std::string gap = src.substr(at, t.begin - at);
    for (std::size_t i = 0; i < gap.size(); ++i) {
      char c = gap[i];
      if (c == '#') {
        while (i < gap.size() && gap[i] != '\n') ++i;
        continue;
      }
      bool cont = c == '\\' && i + 1 < gap.size() && gap[i + 1] == '\n';
      EXPECT_TRUE(c == ' ' || c == '\t' || cont || (i > 0 && gap[i - 1] == '\\' && c == '\n')) << src << " gap " << gap;
    }
    rebuilt += gap;
    if (t.type == Tok::Eof) break;
    ASSERT_LE(t.end, src.size());
    rebuilt += src.substr(t.begin, t.end - t.begin);
    at = t.end;
  }
  EXPECT_EQ(rebuilt, src.substr(0, rebuilt.size()));
  EXPECT_EQ(rebuilt.size(), src.size()) << src;
}

TEST(Lexer, SpansConcatenateBackToTheSource) {
  check_spans("echo hello   world\n");
  check_spans("a && b || c; d & e | f |& g\n");
  check_spans("cmd 2>&1 3<file {fd}>out >| x <> y\n");
  check_spans("x='a b' y=\"$z ${w:-d}\" \\$q  # comment\nnext\n");
  check_spans("for i in 1 2; do echo \\\n  $i; done");
  check_spans("case $x in (a|b) echo $((1+2));; esac");
}

}  // namespace
}  // namespace fdsh::lex

namespace {

// The reader forgets text before the current line once asked to, keeping positions,
// line numbers and the current line's text for messages.
TEST(Reader, ForgetsConsumedText) {
  std::string text;
  for (int i = 1; i <= 100; ++i) text += "line " + std::to_string(i) + "\n";
  fdsh::lex::Reader r("t", text);
  while (r.pos().line < 50) r.advance();
  r.advance();  // 'l' of line 50
  std::size_t off = r.offset();
  r.forget_consumed(0);
  EXPECT_EQ(r.offset(), off);
  EXPECT_EQ(r.pos().line, 50u);
  EXPECT_EQ(r.line_text(50), "line 50");
  EXPECT_EQ(r.line_text(10), "");  // forgotten
  EXPECT_EQ(r.peek_raw(0), 'i');
  auto saved = r.save();
  while (r.pos().line < 52) r.advance();
  EXPECT_EQ(r.line_text(51), "line 51");
  r.restore(saved);
  EXPECT_EQ(r.peek_raw(0), 'i');
  EXPECT_EQ(r.pos().line, 50u);
  std::string rest;
  while (!r.at_end()) {
    rest += static_cast<char>(r.peek_raw(0));
    r.advance();
  }
  EXPECT_EQ(rest, text.substr(off));
}

}  // namespace
