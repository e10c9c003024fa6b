// Unit tests for the pure builtins: printf conversions and reuse, test's argument-count
// rules and primaries, echo in both modes.
#include "builtins/pure.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include <unistd.h>

namespace fdsh::builtins {
namespace {

std::string pf(std::vector<std::string> args, int* status = nullptr) {
  args.insert(args.begin(), "printf");
  PureIo io;
  int st = run_printf(args, io);
  if (status) *status = st;
  return io.out;
}

int tst(std::vector<std::string> args) {
  args.insert(args.begin(), "test");
  PureIo io;
  return run_test(args, io);
}

TEST(Printf, Conversions) {
  EXPECT_EQ(pf({"%s-%d-%x-%o-%c\\n", "a", "42", "255", "8", "xyz"}), "a-42-ff-10-x\n");
  EXPECT_EQ(pf({"%5s|%-5s|%.2s", "ab", "cd", "efgh"}), "   ab|cd   |ef");
  EXPECT_EQ(pf({"%05d|%+d|% d", "42", "7", "3"}), "00042|+7| 3");
  EXPECT_EQ(pf({"%*d|%.*f", "4", "7", "2", "3.14159"}), "   7|3.14");
  EXPECT_EQ(pf({"%e", "1500"}), "1.500000e+03");
  EXPECT_EQ(pf({"%%"}), "%");
  EXPECT_EQ(pf({"%d", "'A"}), "65");
  EXPECT_EQ(pf({"%i %u", "0x10", "010"}), "16 8");
}

TEST(Printf, FormatReuseAndMissingArguments) {
  EXPECT_EQ(pf({"%s\\n", "a", "b", "c"}), "a\nb\nc\n");
  EXPECT_EQ(pf({"%s=%d;", "x"}), "x=0;");
  EXPECT_EQ(pf({"plain"}), "plain");
}

TEST(Printf, EscapesAndB) {
  EXPECT_EQ(pf({"\\101\\x42\\t"}), "AB\t");
  EXPECT_EQ(pf({"%b", "a\\nb\\0101"}), "a\nbA");
  EXPECT_EQ(pf({"%b|%s", "x\\cy", "z"}), "x");
  EXPECT_EQ(pf({"\\u00e9"}), "\xc3\xa9");
  EXPECT_EQ(pf({"a\\cb"}), "a");
}

TEST(Printf, Quote) {
  EXPECT_EQ(pf({"%q", "a b"}), "a\\ b");
  EXPECT_EQ(pf({"%q", "a\nb"}), "$'a\\nb'");
  EXPECT_EQ(pf({"%q", ""}), "''");
}

TEST(Printf, Errors) {
  int st = 0;
  EXPECT_EQ(pf({"%d", "12abc"}, &st), "12");
  EXPECT_EQ(st, 1);
  pf({"%z"}, &st);
  EXPECT_EQ(st, 1);
  PureIo io;
  EXPECT_EQ(run_printf({"printf"}, io), 2);
}

TEST(Test, ArgumentCounts) {
  EXPECT_EQ(tst({}), 1);
  EXPECT_EQ(tst({"x"}), 0);
  EXPECT_EQ(tst({""}), 1);
  EXPECT_EQ(tst({"!", ""}), 0);
  EXPECT_EQ(tst({"-n", "x"}), 0);
  EXPECT_EQ(tst({"-z", "x"}), 1);
  EXPECT_EQ(tst({"a", "=", "a"}), 0);
  EXPECT_EQ(tst({"a", "!=", "a"}), 1);
  EXPECT_EQ(tst({"!", "a", "=", "b"}), 0);
  EXPECT_EQ(tst({"(", "x", ")"}), 0);
  EXPECT_EQ(tst({"-n"}), 0);  // one argument: a non-empty string
}

TEST(Test, Integers) {
  EXPECT_EQ(tst({"3", "-lt", "10"}), 0);
  EXPECT_EQ(tst({"3", "-gt", "10"}), 1);
  EXPECT_EQ(tst({" 7 ", "-eq", "7"}), 0);
  EXPECT_EQ(tst({"x", "-eq", "7"}), 2);
}

TEST(Test, Precedence) {
  EXPECT_EQ(tst({"a", "-o", "", "-a", ""}), 0);
  EXPECT_EQ(tst({"", "-a", "a", "-o", "b"}), 0);
  EXPECT_EQ(tst({"!", "(", "a", "=", "a", ")", "-o", ""}), 1);
  EXPECT_EQ(tst({"(", "a", "=", "b", ")", "-o", "(", "c", ")"}), 0);
  EXPECT_EQ(tst({"a", "b", "c", "d", "e"}), 2);
}

TEST(Test, Files) {
  char path[] = "/tmp/fdsh-test-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  EXPECT_EQ(tst({"-e", path}), 0);
  EXPECT_EQ(tst({"-f", path}), 0);
  EXPECT_EQ(tst({"-s", path}), 1);
  EXPECT_EQ(tst({"-d", path}), 1);
  EXPECT_EQ(tst({"-d", "/tmp"}), 0);
  EXPECT_EQ(tst({path, "-ef", path}), 0);
  std::remove(path);
  EXPECT_EQ(tst({"-e", path}), 1);
  PureIo io;
  EXPECT_EQ(run_test({"[", "x"}, io), 2);
  EXPECT_EQ(run_test({"[", "x", "]"}, io), 0);
}

TEST(Echo, BashAndPosixModes) {
  PureIo a;
  run_echo({"echo", "-n", "a\\tb"}, a, false);
  EXPECT_EQ(a.out, "a\\tb");
  PureIo b;
  run_echo({"echo", "-e", "a\\tb\\c", "no"}, b, false);
  EXPECT_EQ(b.out, "a\tb");
  PureIo c;
  run_echo({"echo", "-e", "x"}, c, true);
  EXPECT_EQ(c.out, "-e x\n");
  PureIo d;
  run_echo({"echo", "a\\nb"}, d, true);
  EXPECT_EQ(d.out, "a\nb\n");
  PureIo e;
  run_echo({"echo", "-x"}, e, false);
  EXPECT_EQ(e.out, "-x\n");
}

}  // namespace
}  // namespace fdsh::builtins
