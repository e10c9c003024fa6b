// Unit tests for pathname expansion over a temporary directory tree.
#include "expand/glob.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fdsh::expand {
namespace {

namespace fs = std::filesystem;

class GlobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/fdsh-glob-XXXXXX";
    root_ = mkdtemp(tmpl);
    old_ = fs::current_path();
    fs::current_path(root_);
    for (const char* f : {"a.txt", "b.txt", ".hidden", "c.log", "d/x.txt", "d/y.log", "e/x.txt"}) {
      fs::create_directories(fs::path(f).parent_path().empty() ? "." : fs::path(f).parent_path());
      std::ofstream(f) << "x";
    }
  }
  void TearDown() override {
    fs::current_path(old_);
    fs::remove_all(root_);
  }
  std::string root_;
  fs::path old_;
};

using V = std::vector<std::string>;

TEST_F(GlobTest, Basics) {
  EXPECT_EQ(glob_expand("*.txt"), (V{"a.txt", "b.txt"}));
  EXPECT_EQ(glob_expand("*"), (V{"a.txt", "b.txt", "c.log", "d", "e"}));
  EXPECT_EQ(glob_expand("?.log"), (V{"c.log"}));
  EXPECT_EQ(glob_expand("*.none"), V{});
  EXPECT_EQ(glob_expand("plain"), V{});
}

TEST_F(GlobTest, HiddenFiles) {
  EXPECT_EQ(glob_expand(".*"), (V{".hidden"}));
  GlobOptions o;
  o.dotglob = true;
  EXPECT_EQ(glob_expand("*"), (V{"a.txt", "b.txt", "c.log", "d", "e"}));
  EXPECT_EQ(glob_expand("*", o), (V{".hidden", "a.txt", "b.txt", "c.log", "d", "e"}));
}

TEST_F(GlobTest, Directories) {
  EXPECT_EQ(glob_expand("*/x.txt"), (V{"d/x.txt", "e/x.txt"}));
  EXPECT_EQ(glob_expand("*/"), (V{"d/", "e/"}));
  EXPECT_EQ(glob_expand("d/*"), (V{"d/x.txt", "d/y.log"}));
  EXPECT_EQ(glob_expand(root_ + "/d/*.log"), (V{root_ + "/d/y.log"}));
}

TEST_F(GlobTest, QuotedCharactersAreLiteral) {
  std::ofstream("*star") << "x";
  EXPECT_EQ(glob_expand("\\**"), (V{"*star"}));
}

TEST_F(GlobTest, Globstar) {
  GlobOptions o;
  o.globstar = true;
  EXPECT_EQ(glob_expand("**/*.txt", o), (V{"a.txt", "b.txt", "d/x.txt", "e/x.txt"}));
}

}  // namespace
}  // namespace fdsh::expand
