// The history list and file format (interactive/history.cpp).
#include "interactive/history.hpp"

#include <gtest/gtest.h>

using namespace fdsh::interactive;

TEST(History, ControlIgnoresAndErases) {
  History h;
  auto c = HistControl::parse("ignoreboth:erasedups");
  EXPECT_TRUE(c.ignorespace && c.ignoredups && c.erasedups);
  EXPECT_TRUE(h.add("a", 0, c));
  EXPECT_FALSE(h.add("a", 0, c));
  EXPECT_FALSE(h.add(" secret", 0, c));
  EXPECT_TRUE(h.add("b", 0, c));
  EXPECT_TRUE(h.add("a", 0, c));
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h.entries()[0].text, "b");
  EXPECT_EQ(h.entries()[1].text, "a");
}

TEST(History, NumbersGoOnWhenOldEntriesAreDropped) {
  History h;
  for (const char* t : {"one", "two", "three"}) h.add(t, 0, {});
  h.limit(2);
  EXPECT_EQ(h.base(), 2u);
  EXPECT_EQ(h.next_number(), 4u);
  ASSERT_NE(h.find(3), nullptr);
  EXPECT_EQ(h.find(3)->text, "three");
  EXPECT_EQ(h.find(1), nullptr);
  EXPECT_TRUE(h.erase(2));
  EXPECT_EQ(h.find(2)->text, "three");
}

TEST(History, FileFormatKeepsMultiLineEntries) {
  std::vector<HistEntry> e{{"for i in 1\ndo :\ndone", 100}, {"# just a comment", 200}};
  std::string text = format_history(e);
  EXPECT_EQ(text, "#100\nfor i in 1\ndo :\ndone\n#200\n# just a comment\n");
  auto back = parse_history(text);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].text, e[0].text);
  EXPECT_EQ(back[0].time, 100);
  EXPECT_EQ(back[1].text, e[1].text);
}

TEST(History, PlainFilesHaveOneEntryALine) {
  auto back = parse_history("ls\n\necho hi\n");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].text, "echo hi");
  EXPECT_EQ(back[1].time, 0);
}
