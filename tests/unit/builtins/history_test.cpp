// tests/unit/builtins/history_test.cpp — the history and fc builtins on a list filled by the
// test, in a shell whose streams are strings.
#include <gtest/gtest.h>

#include "../exec/shell_fixture.hpp"

namespace fdsh::testing {
namespace {

class History : public ShellTest {
 protected:
  void SetUp() override {
    ShellTest::SetUp();
    for (const char* t : {"echo one", "echo two", "printf '%s\\n' three"}) list().add_raw({t, 0});
  }
  interactive::History& list() { return sh.context().session.history; }
};

TEST_F(History, ListsTheLastEntriesNumbered) {
  EXPECT_EQ(builtin({"history", "2"}), 0);
  EXPECT_EQ(out(), "    2  echo two\n    3  printf '%s\\n' three\n");
  EXPECT_EQ(builtin({"history", "x"}), 1);
  EXPECT_EQ(builtin({"history", "-z"}), 2);
}

TEST_F(History, DeletesByNumberOffsetAndRange) {
  EXPECT_EQ(builtin({"history", "-d", "-1"}), 0);
  EXPECT_EQ(list().size(), 2u);
  EXPECT_EQ(builtin({"history", "-d", "1-2"}), 0);
  EXPECT_TRUE(list().empty());
  EXPECT_EQ(builtin({"history", "-d", "5"}), 1);
  EXPECT_NE(err().find("history position out of range"), std::string::npos);
}

TEST_F(History, StoreAndPrintWithoutRunning) {
  EXPECT_EQ(builtin({"history", "-s", "a", "b"}), 0);  // history is off: nothing is replaced
  EXPECT_EQ(list().entries().back().text, "a b");
  EXPECT_EQ(builtin({"history", "-p", "!echo", "x!$"}), 0);
  EXPECT_EQ(out(), "echo two\nxb\n");
}

TEST_F(History, FcListsAndReruns) {
  EXPECT_EQ(builtin({"fc", "-l", "1", "2"}), 0);
  EXPECT_EQ(out(), "1\t echo one\n2\t echo two\n");
  EXPECT_EQ(builtin({"fc", "-lnr", "-2"}), 0);
  EXPECT_EQ(out(), "\t printf '%s\\n' three\n\t echo two\n");
  EXPECT_EQ(builtin({"fc", "-s", "one=uno", "echo o"}), 0);
  EXPECT_EQ(out(), "uno\n");
  EXPECT_EQ(err(), "echo uno\n");
  EXPECT_EQ(builtin({"fc", "-s", "nosuch"}), 1);
}

}  // namespace
}  // namespace fdsh::testing
