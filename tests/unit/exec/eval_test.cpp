// tests/unit/exec/eval_test.cpp — the evaluator on its own: control flow, functions, the
// state objects it keeps (Frames, Results, Traps), with builtin output in strings.
#include <gtest/gtest.h>

#include "exec/traps.hpp"
#include "shell_fixture.hpp"

namespace fdsh::testing {
namespace {

using Eval = ShellTest;

TEST_F(Eval, ListsAndAndOr) {
  EXPECT_EQ(run("echo a; false && echo no || echo b"), 0);
  EXPECT_EQ(out(), "a\nb\n");
  EXPECT_EQ(run("true && false"), 1);
  EXPECT_EQ(sh.context().results.status, 1);
  EXPECT_EQ(run("! true"), 1);
}

TEST_F(Eval, LoopsBreakAndContinue) {
  EXPECT_EQ(run("for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done"), 0);
  EXPECT_EQ(out(), "1\n3\n");
  EXPECT_EQ(run("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i"), 0);
  EXPECT_EQ(out(), "3\n");
  EXPECT_EQ(run("for a in x y; do for b in 1 2; do break 2; done; echo never; done; echo $a$b"), 0);
  EXPECT_EQ(out(), "x1\n");
  EXPECT_EQ(sh.context().frames.loop_depth, 0);
  EXPECT_EQ(sh.context().frames.flow, exec::Flow::None);
}

TEST_F(Eval, CaseAndIf) {
  EXPECT_EQ(run("case foo.c in *.h) echo h;; *.c) echo c;; esac"), 0);
  EXPECT_EQ(out(), "c\n");
  EXPECT_EQ(run("if false; then echo t; elif true; then echo e; fi"), 0);
  EXPECT_EQ(out(), "e\n");
}

TEST_F(Eval, FunctionsReturnAndPositionalParameters) {
  EXPECT_EQ(run("f() { echo $# $1; return 7; echo never; }; f a b"), 7);
  EXPECT_EQ(out(), "2 a\n");
  EXPECT_EQ(sh.context().frames.func_depth, 0);
  EXPECT_TRUE(sh.context().frames.calls.empty());
  EXPECT_EQ(run("g() { echo ${FUNCNAME[0]} ${FUNCNAME[1]}; }; h() { g; }; h"), 0);
  EXPECT_EQ(out(), "g h\n");
}

TEST_F(Eval, ErrexitIsSuppressedInConditions) {
  EXPECT_EQ(run("set -e; if false; then :; fi; false || true; echo alive"), 0);
  EXPECT_EQ(out(), "alive\n");
  EXPECT_EQ(run("false; echo not reached"), 1);
  EXPECT_EQ(out(), "");
}

TEST_F(Eval, SyntaxErrorsNameTheText) {
  EXPECT_EQ(run("if true; then"), 2);
  std::string e = err();
  EXPECT_NE(e.find("test:"), std::string::npos) << e;
  EXPECT_NE(e.find("syntax error"), std::string::npos) << e;
}

TEST_F(Eval, ExitStatusAndLastArgument) {
  EXPECT_EQ(run("(exit 42)"), 42);
  EXPECT_EQ(run(": one two; echo $_"), 0);
  EXPECT_EQ(out(), "two\n");
}

TEST(TrapsTable, SetTakeAndSubshellReset) {
  exec::Traps t;
  EXPECT_TRUE(t.empty());
  t.set(0, "echo bye");
  t.set(2, "");
  t.set(10, "echo usr1");
  EXPECT_TRUE(t.runs(0));
  EXPECT_FALSE(t.runs(2));  // ignored, not run
  ASSERT_NE(t.action(2), nullptr);
  std::vector<int> restored;
  t.reset_for_subshell([&](int sig) { restored.push_back(sig); }, [](int) { return false; });
  EXPECT_EQ(restored, std::vector<int>{10});  // EXIT is reset without a disposition
  EXPECT_EQ(t.action(0), nullptr);
  EXPECT_NE(t.action(2), nullptr);  // ignored signals stay ignored
  t.set(0, "x");
  EXPECT_EQ(t.take(0), "x");
  EXPECT_EQ(t.take(0), "");
}

TEST(Streams, StringIoServesFdZeroAndCollectsOutput) {
  exec::StringIo io("abc");
  char buf[2];
  auto r = io.read(0, buf, 2);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 2);
  EXPECT_EQ(std::string(buf, 2), "ab");
  r = io.read(0, buf, 2);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 1);
  r = io.read(0, buf, 2);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 0);
  EXPECT_TRUE(io.write(1, "out"));
  EXPECT_TRUE(io.write(2, "err"));
  EXPECT_EQ(io.out, "out");
  EXPECT_EQ(io.err, "err");
}

}  // namespace
}  // namespace fdsh::testing
