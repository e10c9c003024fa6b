// tests/unit/exec/shell_fixture.hpp — a shell whose builtins read and write strings, for
// unit tests of the evaluator and the builtins.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exec/shell.hpp"

namespace fdsh::testing {

class ShellTest : public ::testing::Test {
 protected:
  exec::Shell sh;
  exec::StringIo io;

  void SetUp() override {
    sh.init_variables();
    sh.set_streams(&io);
  }
  void TearDown() override { sh.set_streams(nullptr); }

  /// Runs shell text as `eval` would; `exit` and fatal errors give their status.
  int run(const std::string& text) {
    try {
      return sh.run_text(text, "test");
    } catch (const exec::ShellExit& e) {
      return e.status;
    } catch (const exec::CommandAbort& a) {
      return a.status;
    }
  }
  /// Calls one builtin directly with `argv`.
  int builtin(std::vector<std::string> argv) {
    const exec::Builtin* bi = exec::find_builtin(argv.at(0));
    EXPECT_NE(bi, nullptr) << argv[0];
    if (!bi) return -1;
    try {
      return sh.call_builtin(*bi, argv);
    } catch (const exec::ShellExit& e) {
      return e.status;
    }
  }
  /// A variable's value, or "<unset>".
  std::string var(const std::string& name) { return sh.lookup(name).value_or("<unset>"); }
  /// Gives the next read of fd 0 this text.
  void input(const std::string& text) {
    io.in = text;
    io.in_pos = 0;
  }
  /// Takes what was written to fd 1 / fd 2 so far.
  std::string out() { return std::exchange(io.out, {}); }
  std::string err() { return std::exchange(io.err, {}); }
};

}  // namespace fdsh::testing
