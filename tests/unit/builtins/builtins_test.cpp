// tests/unit/builtins/builtins_test.cpp — read, declare, set, getopts, cd, trap and wait,
// run in a shell whose streams are strings (exec::StringIo).
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>

#include "../exec/shell_fixture.hpp"

namespace fdsh::testing {
namespace {

using Read = ShellTest;

TEST_F(Read, SplitsFieldsAndGivesTheRestToTheLastName) {
  input("alpha  beta gamma\nnext\n");
  EXPECT_EQ(builtin({"read", "x", "y"}), 0);
  EXPECT_EQ(var("x"), "alpha");
  EXPECT_EQ(var("y"), "beta gamma");
  // Only one line is consumed: the next read gets the next line.
  EXPECT_EQ(builtin({"read", "z"}), 0);
  EXPECT_EQ(var("z"), "next");
}

TEST_F(Read, BackslashesAreEscapesUnlessRaw) {
  input("a\\ b\\\ncontinued\n");
  EXPECT_EQ(builtin({"read", "x"}), 0);
  EXPECT_EQ(var("x"), "a bcontinued");
  input("a\\ b\n");
  EXPECT_EQ(builtin({"read", "-r", "x"}), 0);
  EXPECT_EQ(var("x"), "a\\ b");
}

TEST_F(Read, EndOfInputWithoutNewlineAssignsAndFails) {
  input("partial");
  EXPECT_EQ(builtin({"read", "x"}), 1);
  EXPECT_EQ(var("x"), "partial");
  input("");
  EXPECT_EQ(builtin({"read", "x"}), 1);
  EXPECT_EQ(var("x"), "");
}

TEST_F(Read, DelimiterCountAndArray) {
  input("one:two");
  EXPECT_EQ(builtin({"read", "-d", ":", "x"}), 0);
  EXPECT_EQ(var("x"), "one");
  input("abcdef\n");
  EXPECT_EQ(builtin({"read", "-n", "2", "x"}), 0);
  EXPECT_EQ(var("x"), "ab");
  input("p q r\n");
  EXPECT_EQ(builtin({"read", "-ra", "arr"}), 0);
  EXPECT_EQ(run("echo ${#arr[@]} ${arr[2]}"), 0);
  EXPECT_EQ(out(), "3 r\n");
  input("no newline\n");
  EXPECT_EQ(builtin({"read"}), 0);
  EXPECT_EQ(var("REPLY"), "no newline");
}

TEST_F(Read, CustomIfsAndBadOptions) {
  input("a,b,,c\n");
  EXPECT_EQ(run("IFS=, read -r p q r s"), 0);
  EXPECT_EQ(var("p") + "|" + var("q") + "|" + var("r") + "|" + var("s"), "a|b||c");
  EXPECT_EQ(builtin({"read", "-u", "abc", "x"}), 1);
  EXPECT_NE(err().find("read: abc: invalid file descriptor specification"), std::string::npos);
  EXPECT_EQ(builtin({"read", "-Z"}), 2);
  EXPECT_NE(err().find("read: -Z: invalid option"), std::string::npos);
}

using Declare = ShellTest;

TEST_F(Declare, IntegerAttributeEvaluatesArithmetic) {
  EXPECT_EQ(builtin({"declare", "-i", "n=1+2"}), 0);
  EXPECT_EQ(var("n"), "3");
  EXPECT_EQ(run("n+=4"), 0);
  EXPECT_EQ(var("n"), "7");
  EXPECT_EQ(builtin({"declare", "-p", "n"}), 0);
  EXPECT_EQ(out(), "declare -i n=\"7\"\n");
}

TEST_F(Declare, ArraysCaseAndExport) {
  EXPECT_EQ(run("declare -a a=(1 '2 3')"), 0);
  EXPECT_EQ(builtin({"declare", "-p", "a"}), 0);
  EXPECT_EQ(out(), "declare -a a=([0]=\"1\" [1]=\"2 3\")\n");
  EXPECT_EQ(builtin({"declare", "-u", "up=mixed"}), 0);
  EXPECT_EQ(var("up"), "MIXED");
  EXPECT_EQ(builtin({"declare", "-l", "low=MiXeD"}), 0);
  EXPECT_EQ(var("low"), "mixed");
  EXPECT_EQ(builtin({"declare", "-x", "exported=1"}), 0);
  EXPECT_NE(sh.attributes("exported").find('x'), std::string::npos);
}

TEST_F(Declare, ReadonlyRefusesAssignment) {
  EXPECT_EQ(builtin({"declare", "-r", "r=1"}), 0);
  EXPECT_EQ(builtin({"declare", "r=2"}), 1);
  EXPECT_NE(err().find("r: readonly variable"), std::string::npos);
  EXPECT_EQ(var("r"), "1");
}

TEST_F(Declare, LocalInAFunctionIsGoneAfterIt) {
  EXPECT_EQ(run("v=outer; f() { local v=inner; echo $v; }; f; echo $v"), 0);
  EXPECT_EQ(out(), "inner\nouter\n");
  EXPECT_EQ(builtin({"local", "x=1"}), 1);
  EXPECT_NE(err().find("local: can only be used in a function"), std::string::npos);
}

using Set = ShellTest;

TEST_F(Set, PositionalParameters) {
  EXPECT_EQ(builtin({"set", "--", "a", "b c"}), 0);
  EXPECT_EQ(sh.context().frames.params, (std::vector<std::string>{"a", "b c"}));
  EXPECT_EQ(builtin({"set", "--"}), 0);
  EXPECT_TRUE(sh.context().frames.params.empty());
}

TEST_F(Set, OptionsByLetterAndName) {
  EXPECT_EQ(builtin({"set", "-eu"}), 0);
  EXPECT_TRUE(sh.context().opts.errexit);
  EXPECT_TRUE(sh.context().opts.nounset);
  EXPECT_EQ(builtin({"set", "+e", "-o", "pipefail"}), 0);
  EXPECT_FALSE(sh.context().opts.errexit);
  EXPECT_TRUE(sh.context().opts.pipefail);
  EXPECT_EQ(builtin({"set", "+o"}), 0);
  std::string listing = out();
  EXPECT_NE(listing.find("set -o pipefail\n"), std::string::npos);
  EXPECT_NE(listing.find("set +o errexit\n"), std::string::npos);
}

TEST_F(Set, UnknownOptionIsAnError) {
  EXPECT_NE(builtin({"set", "-o", "bogus"}), 0);
  EXPECT_NE(err().find("set: bogus: invalid option name"), std::string::npos);
}

using Getopts = ShellTest;

TEST_F(Getopts, WalksOptionsAndArguments) {
  EXPECT_EQ(builtin({"set", "--", "-a", "-b", "arg", "file"}), 0);
  EXPECT_EQ(builtin({"getopts", "ab:", "o"}), 0);
  EXPECT_EQ(var("o"), "a");
  EXPECT_EQ(builtin({"getopts", "ab:", "o"}), 0);
  EXPECT_EQ(var("o"), "b");
  EXPECT_EQ(var("OPTARG"), "arg");
  EXPECT_EQ(builtin({"getopts", "ab:", "o"}), 1);
  EXPECT_EQ(var("o"), "?");
  EXPECT_EQ(var("OPTIND"), "4");
}

TEST_F(Getopts, CombinedFlagsAndUnknownOptions) {
  EXPECT_EQ(builtin({"set", "--", "-ax"}), 0);
  EXPECT_EQ(builtin({"getopts", "a", "o"}), 0);
  EXPECT_EQ(var("o"), "a");
  EXPECT_EQ(builtin({"getopts", "a", "o"}), 0);
  EXPECT_EQ(var("o"), "?");
  EXPECT_EQ(var("OPTARG"), "<unset>");
  EXPECT_NE(err().find("illegal option -- x"), std::string::npos);
  // A leading ':' reports quietly: the letter goes to OPTARG.
  EXPECT_EQ(run("OPTIND=1; getopts :a o -y"), 0);
  EXPECT_EQ(var("o"), "?");
  EXPECT_EQ(var("OPTARG"), "y");
  EXPECT_EQ(err(), "");
}

using Cd = ShellTest;

TEST_F(Cd, ChangesDirectoryAndKeepsPwdAndOldpwd) {
  namespace fs = std::filesystem;
  fs::path start = fs::current_path();
  fs::path dir = fs::temp_directory_path() / ("fdsh-cd-test-" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  EXPECT_EQ(builtin({"cd", dir.string()}), 0);
  EXPECT_EQ(var("PWD"), dir.string());
  EXPECT_EQ(fs::current_path(), dir);
  EXPECT_EQ(builtin({"cd", "sub"}), 0);
  EXPECT_EQ(var("OLDPWD"), dir.string());
  EXPECT_EQ(builtin({"cd", "-"}), 0);
  EXPECT_EQ(out(), dir.string() + "\n");
  EXPECT_EQ(builtin({"cd", "nonexistent"}), 1);
  EXPECT_NE(err().find("cd: nonexistent: No such file or directory"), std::string::npos);
  EXPECT_EQ(run("CDPATH=" + dir.string() + " cd sub >/dev/null"), 0);
  EXPECT_EQ(fs::current_path(), dir / "sub");
  fs::current_path(start);
  fs::remove_all(dir);
}

using Trap = ShellTest;

TEST_F(Trap, SetListAndReset) {
  EXPECT_EQ(builtin({"trap", "echo caught", "USR1"}), 0);
  ASSERT_NE(sh.context().traps.action(SIGUSR1), nullptr);
  EXPECT_EQ(*sh.context().traps.action(SIGUSR1), "echo caught");
  EXPECT_EQ(builtin({"trap", "", "INT"}), 0);
  EXPECT_EQ(builtin({"trap"}), 0);
  EXPECT_EQ(out(), "trap -- '' INT\ntrap -- 'echo caught' USR1\n");
  EXPECT_EQ(builtin({"trap", "-p", "USR1"}), 0);
  EXPECT_EQ(out(), "trap -- 'echo caught' SIGUSR1\n");
  EXPECT_EQ(builtin({"trap", "-", "USR1", "INT"}), 0);
  EXPECT_TRUE(sh.context().traps.empty());
}

TEST_F(Trap, ExitTrapAndBadSignals) {
  EXPECT_EQ(builtin({"trap", "echo bye", "EXIT"}), 0);
  EXPECT_TRUE(sh.context().traps.runs(0));
  EXPECT_EQ(builtin({"trap", "x", "BOGUS"}), 1);
  EXPECT_NE(err().find("trap: BOGUS: invalid signal specification"), std::string::npos);
  // A numeric first operand resets (POSIX): `trap 0` removes the EXIT trap.
  EXPECT_EQ(builtin({"trap", "0"}), 0);
  EXPECT_FALSE(sh.context().traps.runs(0));
}

TEST_F(Trap, SignalRunsItsTrapBetweenCommands) {
  EXPECT_EQ(run("trap 'echo got USR1' USR1; kill -USR1 $$; echo after"), 0);
  EXPECT_EQ(out(), "got USR1\nafter\n");
  EXPECT_EQ(run("trap - USR1"), 0);
}

using Wait = ShellTest;

TEST_F(Wait, NoJobsAndUnknownPids) {
  EXPECT_EQ(builtin({"wait"}), 0);
  EXPECT_EQ(builtin({"wait", "99999999"}), 127);
  EXPECT_NE(err().find("is not a child of this shell"), std::string::npos);
  EXPECT_EQ(builtin({"wait", "%1"}), 127);
  EXPECT_NE(err().find("wait: %1: no such job"), std::string::npos);
}

TEST_F(Wait, StatusOfABackgroundJob) {
  EXPECT_EQ(run("(exit 3) & wait $!"), 3);
  EXPECT_EQ(run("(exit 4) & (exit 5) & wait"), 0);
  EXPECT_EQ(run("(exit 6) & wait %1"), 6);
}

}  // namespace
}  // namespace fdsh::testing
