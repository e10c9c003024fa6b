// History expansion (interactive/histexpand.cpp), with bash's results.
#include "interactive/histexpand.hpp"

#include <gtest/gtest.h>

using namespace fdsh::interactive;

namespace {

History sample() {
  History h;
  for (const char* t : {"ls -l /tmp", "echo a b c", "cat /a/b.txt"}) h.add(t, 0, {});
  return h;
}

std::string x(const std::string& line) {
  auto r = expand_history(line, sample());
  return r.error.empty() ? r.line : "ERROR " + r.error;
}

}  // namespace

TEST(HistExpand, Events) {
  EXPECT_EQ(x("!!"), "cat /a/b.txt");
  EXPECT_EQ(x("!1 x"), "ls -l /tmp x");
  EXPECT_EQ(x("!-2"), "echo a b c");
  EXPECT_EQ(x("!ec"), "echo a b c");
  EXPECT_EQ(x("!?-l?"), "ls -l /tmp");
  EXPECT_EQ(x("!nope"), "ERROR !nope: event not found");
  EXPECT_EQ(x("!9"), "ERROR !9: event not found");
}

TEST(HistExpand, WordDesignators) {
  EXPECT_EQ(x("vi !$"), "vi /a/b.txt");
  EXPECT_EQ(x("!-2:^ !-2:* !-2:0 !-2:1-2 !-2:2-"), "a a b c echo a b b");
  EXPECT_EQ(x("!!:5"), "ERROR :5: bad word specifier");
}

TEST(HistExpand, Modifiers) {
  EXPECT_EQ(x("!$:h !$:t !$:r !$:e"), "/a b.txt /a/b .txt");
  EXPECT_EQ(x("!-2:s/b/X/"), "echo a X c");
  EXPECT_EQ(x("!ls:gs/l/L/"), "Ls -L /tmp");
  auto r = expand_history("!!:p", sample());
  EXPECT_TRUE(r.print_only);
}

TEST(HistExpand, QuickSubstitution) {
  EXPECT_EQ(x("^b.txt^c.md^ -n"), "cat /a/c.md -n");
  EXPECT_EQ(x("^zz^y"), "ERROR :s^zz^y: substitution failed");
}

TEST(HistExpand, WhatStaysAsItIs) {
  EXPECT_EQ(x("echo '!!' \\!! x! !=y !(z)"), "echo '!!' \\!! x! !=y !(z)");
  EXPECT_EQ(x("echo \"a!!\""), "echo \"acat /a/b.txt\"");
  EXPECT_EQ(x("echo \"a!\""), "echo \"a!\"");
  EXPECT_FALSE(expand_history("echo plain", sample()).changed);
  // $!, ${!name} and a bracket expression's [! are shell syntax, not events (as in bash).
  EXPECT_EQ(x("echo $!. ${!ref} [!a]*"), "echo $!. ${!ref} [!a]*");
  EXPECT_EQ(x("echo [!!"), "echo [cat /a/b.txt");
}

TEST(HistExpand, Words) {
  auto w = history_words("echo 'a b' c|wc>out");
  ASSERT_EQ(w.size(), 7u);
  EXPECT_EQ(w[1], "'a b'");
  EXPECT_EQ(w[3], "|");
  EXPECT_EQ(w[5], ">");
}
