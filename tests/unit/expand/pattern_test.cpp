// Unit tests for shell pattern matching: wildcards, brackets, escapes, UTF-8, extglob,
// prefix/suffix/search, and the absence of exponential backtracking.
#include "expand/pattern.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>

namespace fdsh::expand {
namespace {

bool m(const char* p, const char* s, bool ext = false) {
  PatternFlags f;
  f.extglob = ext;
  return pattern_match(p, s, f);
}

TEST(Pattern, Wildcards) {
  EXPECT_TRUE(m("*", ""));
  EXPECT_TRUE(m("a*c", "abbbc"));
  EXPECT_FALSE(m("a*c", "abbb"));
  EXPECT_TRUE(m("a?c", "abc"));
  EXPECT_FALSE(m("a?c", "ac"));
  EXPECT_TRUE(m("*.txt", "notes.txt"));
  EXPECT_TRUE(m("**x", "x"));
}

TEST(Pattern, Brackets) {
  EXPECT_TRUE(m("[abc]", "b"));
  EXPECT_FALSE(m("[abc]", "d"));
  EXPECT_TRUE(m("[a-c]x", "cx"));
  EXPECT_TRUE(m("[!a-c]", "d"));
  EXPECT_TRUE(m("[^a-c]", "d"));
  EXPECT_FALSE(m("[!a-c]", "b"));
  EXPECT_TRUE(m("[]]", "]"));
  EXPECT_TRUE(m("[!]]", "a"));
  EXPECT_TRUE(m("[[:digit:]][[:alpha:]]", "1z"));
  EXPECT_TRUE(m("[[:space:]]", " "));
  EXPECT_FALSE(m("[[:upper:]]", "a"));
  EXPECT_TRUE(m("[", "["));       // unclosed bracket is literal
  EXPECT_TRUE(m("a[b", "a[b"));
  EXPECT_EQ(Pattern::compile("*([").match_prefix("([foo", true), 2u);  // unclosed [ at the end
}

TEST(Pattern, Escapes) {
  EXPECT_TRUE(m("\\*", "*"));
  EXPECT_FALSE(m("\\*", "x"));
  EXPECT_TRUE(m("a\\?", "a?"));
  EXPECT_TRUE(m("[\\]]", "]"));
}

TEST(Pattern, Utf8Characters) {
  EXPECT_TRUE(m("?", "\xc3\xa9"));
  EXPECT_TRUE(m("[\xc3\xa9]x", "\xc3\xa9x"));
  EXPECT_TRUE(m("?", "\xff"));  // an invalid byte is one character
}

TEST(Pattern, Extglob) {
  EXPECT_TRUE(m("@(foo|bar)", "bar", true));
  EXPECT_FALSE(m("@(foo|bar)", "baz", true));
  EXPECT_TRUE(m("?(x)y", "y", true));
  EXPECT_TRUE(m("*(ab)", "ababab", true));
  EXPECT_TRUE(m("+(ab)c", "abc", true));
  EXPECT_FALSE(m("+(ab)c", "c", true));
  EXPECT_TRUE(m("!(*.c)", "x.h", true));
  EXPECT_FALSE(m("!(*.c)", "x.c", true));
  EXPECT_TRUE(m("a@(b|c*(d))e", "acdde", true));
}

TEST(Pattern, PrefixSuffixSearch) {
  Pattern p = Pattern::compile("*/");
  EXPECT_EQ(p.match_prefix("a/b/c", false), 2u);
  EXPECT_EQ(p.match_prefix("a/b/c", true), 4u);
  Pattern s = Pattern::compile(".*");
  EXPECT_EQ(s.match_suffix("x.tar.gz", false), 5u);
  EXPECT_EQ(s.match_suffix("x.tar.gz", true), 1u);
  EXPECT_FALSE(Pattern::compile("z").match_prefix("abc", true));
  auto r = Pattern::compile("b*").search("abcb", 0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 1u);
  EXPECT_EQ(r->second, 3u);
}

TEST(Pattern, NoExponentialBacktracking) {
  std::string s(40, 'a');
  EXPECT_FALSE(m("*a*a*a*a*a*a*a*a*a*a*a*a*b", s.c_str()));
  std::string pat;
  for (int i = 0; i < 1000; ++i) pat += "*a";
  pat += "b";
  std::string text(10000, 'a');
  EXPECT_FALSE(pattern_match(pat, text));
  EXPECT_TRUE(pattern_match(pat.substr(0, pat.size() - 1), text));
}

// pattern_match() answers plain patterns without compiling them; it must agree with the
// compiled automaton on every pattern: random patterns over a small alphabet that includes
// stars, ?, brackets (with ranges, negation, classes, ']' first), escapes and UTF-8.
TEST(Pattern, DirectMatchAgreesWithCompiledPattern) {
  const std::vector<std::string> pieces{"a", "b", "*", "?", "[ab]", "[!a]", "[^b]", "[]a]", "[a-c]", "[[:alpha:]]",
                                        "\\*", "\\", "[", "]", "-", "\xc3\xa9", "[\xc3\xa9x]", "\xff", "[a-]"};
  const std::vector<std::string> chars{"a", "b", "c", "*", "]", "[", "-", "\\", "\xc3\xa9", "\xff", "x"};
  std::mt19937 rng(12345);
  int checked = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string pat, text;
    for (int k = static_cast<int>(rng() % 6); k >= 0; --k) pat += pieces[rng() % pieces.size()];
    for (int k = static_cast<int>(rng() % 7); k > 0; --k) text += chars[rng() % chars.size()];
    bool direct = pattern_match(pat, text);
    bool compiled = Pattern::compile(pat).matches(text);
    ASSERT_EQ(direct, compiled) << "pattern '" << pat << "' text '" << text << "'";
    checked += direct;
  }
  EXPECT_GT(checked, 300);  // the sample holds many matches, not only failures
}

// Prefix and suffix removal take shortcuts for `LIT`, `*LIT` and `LIT*`; every answer must be
// the shortest/longest match found by trying each character boundary in turn.
TEST(Pattern, PrefixSuffixAgreeWithBruteForce) {
  const std::vector<std::string> pieces{"a", "b", "/", ".", "*", "?", "[ab]", "\\*", "\xc3\xa9", "\xa9"};
  const std::vector<std::string> chars{"a", "b", "/", ".", "*", "\xc3\xa9", "\xff"};
  std::mt19937 rng(777);
  for (int round = 0; round < 5000; ++round) {
    std::string pat, text;
    for (int k = static_cast<int>(rng() % 4); k >= 0; --k) pat += pieces[rng() % pieces.size()];
    for (int k = static_cast<int>(rng() % 8); k > 0; --k) text += chars[rng() % chars.size()];
    std::vector<std::size_t> cuts;  // character boundaries (the text is valid apart from lone \xff)
    for (std::size_t i = 0; i <= text.size(); ++i)
      if (i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) cuts.push_back(i);
    Pattern p = Pattern::compile(pat);
    for (bool longest : {false, true}) {
      std::optional<std::size_t> want_prefix, want_suffix;
      for (std::size_t c : cuts) {
        if (pattern_match(pat, text.substr(0, c)) && (!want_prefix || longest)) want_prefix = c;
        if (pattern_match(pat, text.substr(c)) && (!want_suffix || !longest)) want_suffix = c;
      }
      ASSERT_EQ(p.match_prefix(text, longest), want_prefix) << "prefix '" << pat << "' of '" << text << "'";
      ASSERT_EQ(p.match_suffix(text, longest), want_suffix) << "suffix '" << pat << "' of '" << text << "'";
    }
  }
}

TEST(Pattern, Helpers) {
  EXPECT_TRUE(has_glob_chars("a*"));
  EXPECT_FALSE(has_glob_chars("a\\*"));
  EXPECT_TRUE(has_glob_chars("+(a)", true));
  EXPECT_EQ(unescape_pattern("a\\*b"), "a*b");
}

}  // namespace
}  // namespace fdsh::expand
