// Prompt escapes (interactive/prompt.cpp): decoding as bash does, and the visible width.
#include "interactive/prompt.hpp"

#include <gtest/gtest.h>

using namespace fdsh::interactive;

namespace {

PromptFacts facts() {
  PromptFacts f;
  f.user = "ann";
  f.host = "box.example.org";
  f.pwd = "/home/ann/src/fdsh";
  f.home = "/home/ann";
  f.shell = "/usr/local/bin/fdsh";
  f.version = "0.1";
  f.release = "0.1.0";
  f.tty = "/dev/pts/4";
  f.jobs = 2;
  f.history_number = 17;
  f.command_number = 5;
  return f;
}

}  // namespace

TEST(Prompt, EscapesShowTheFacts) {
  EXPECT_EQ(decode_prompt(R"(\u@\h:\H \w \W \s \v \V \l \j \! \#)", facts(), false),
            "ann@box:box.example.org ~/src/fdsh fdsh fdsh 0.1 0.1.0 4 2 17 5");
}

TEST(Prompt, DollarIsHashForRootAndProtectedFromExpansion) {
  PromptFacts f = facts();
  EXPECT_EQ(decode_prompt(R"(\$)", f, false), "\\$");
  f.root = true;
  EXPECT_EQ(decode_prompt(R"(\$)", f, false), "#");
}

TEST(Prompt, TextFromEscapesIsQuotedForTheExpansion) {
  PromptFacts f = facts();
  f.pwd = "/tmp/$x`y`";
  EXPECT_EQ(decode_prompt(R"(\w)", f, false), "/tmp/\\$x\\`y\\`");
}

TEST(Prompt, BackslashOctalAndUnknownEscapes) {
  EXPECT_EQ(decode_prompt(R"(\101\\\q\a\e)", facts(), false), "A\\\\q\a\033");
}

TEST(Prompt, BangIsTheHistoryNumberInPs1) {
  EXPECT_EQ(decode_prompt("a!b!!c", facts(), true), "a17b!c");
  EXPECT_EQ(decode_prompt("a!b", facts(), false), "a!b");
}

TEST(Prompt, DirTrimAndHome) {
  PromptFacts f = facts();
  f.dirtrim = 1;
  EXPECT_EQ(decode_prompt(R"(\w)", f, false), "~/.../fdsh");
  f.pwd = "/home/ann";
  EXPECT_EQ(decode_prompt(R"(\w \W)", f, false), "~ ~");
  f.pwd = "/";
  EXPECT_EQ(decode_prompt(R"(\W)", f, false), "/");
}

TEST(Prompt, NonPrintingRegionsHaveNoWidth) {
  std::string d = decode_prompt(R"(\[\e[1;31m\]ab\[\e[0m\]$ )", facts(), false);
  Prompt p = finish_prompt(d);
  EXPECT_EQ(p.text, "\033[1;31mab\033[0m$ ");
  EXPECT_EQ(p.width, 4u);
}

TEST(Prompt, WidthOfTheLastLineInColumns) {
  EXPECT_EQ(finish_prompt("first line\nsé> ").width, 4u);
  EXPECT_EQ(finish_prompt("\xe6\x97\xa5> ").width, 4u);  // a wide character takes 2 columns
}

TEST(Prompt, DefaultPromptHasColourOnlyWhenAsked) {
  EXPECT_EQ(default_ps1(false).find("\\e"), std::string::npos);
  EXPECT_NE(default_ps1(true).find("\\e[1;31m"), std::string::npos);
}
