// builtins/trap.cpp — trap (XCU 2.14): actions for signals and EXIT, listing with -p, -l.
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>

#include "builtins/shell_builtins.hpp"
#include "os/process.hpp"
#include "os/signals.hpp"
#include "os/sys.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;

namespace {

constexpr int kBadSignal = -1000;

/// A trap's number: a signal, EXIT (0), or one of bash's ERR, DEBUG and RETURN.
int trap_number(const std::string& text) {
  std::size_t b = text.find_first_not_of(" \t"), e = text.find_last_not_of(" \t");
  std::string s = b == std::string::npos ? text : text.substr(b, e - b + 1);  // " 42 " is 42
  if (s == "ERR") return exec::Traps::kErr;
  if (s == "DEBUG") return exec::Traps::kDebug;
  if (s == "RETURN") return exec::Traps::kReturn;
  int n = os::signals::number(s);
  return n < 0 ? kBadSignal : n;
}

}  // namespace

int bi_trap(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::size_t i = 1;
  if (i < argv.size() && argv[i] == "--") ++i;
  // `trap` prints signal names as POSIX spells them (INT); `trap -p` as bash does (SIGINT).
  bool full_names = i < argv.size() && argv[i] == "-p";
  auto print = [&](int sig) {
    const std::string* action = cx.traps.shown_action(sig);
    if (!action) return;
    std::string name = sig <= 0 ? exec::Traps::pseudo_name(sig) : (full_names ? "SIG" : "") + os::signals::name(sig);
    cx.out("trap -- " + exec::quote_always(*action) + " " + name + "\n");
  };
  if (i >= argv.size() || argv[i] == "-p") {
    if (i < argv.size() && argv[i] == "-p" && i + 1 < argv.size()) {
      for (std::size_t k = i + 1; k < argv.size(); ++k) print(trap_number(argv[k]));
      return 0;
    }
    for (auto& [sig, _] : cx.traps.shown()) print(sig);
    return 0;
  }
  if (argv[i] == "-l") {
    for (int s = 1; s <= 64; ++s) {
      std::string n = os::signals::name(s);
      if (!n.empty()) cx.out(std::to_string(s) + ") SIG" + n + "\n");
    }
    return 0;
  }
  std::string action = argv[i];
  if (action.size() > 1 && action[0] == '-') {
    cx.error("trap: " + action + ": invalid option");
    return 2;
  }
  bool reset = false;
  // `trap N sig...` where the first operand is an unsigned number (blanks around it
  // allowed, as in bash): reset those signals (POSIX).
  std::size_t b = action.find_first_not_of(" \t"), e = action.find_last_not_of(" \t");
  std::string digits = b == std::string::npos ? std::string() : action.substr(b, e - b + 1);
  if (action == "-") reset = true;
  else if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos) {
    reset = true;
    --i;
  }
  int st = 0;
  if (i + 1 >= argv.size() && !reset) {
    // trap ACTION with no signal: POSIX says reset that signal (treat as `trap - ACTION`).
    int sig = trap_number(action);
    if (sig == kBadSignal) {
      cx.error("trap: " + action + ": invalid signal specification");
      return 1;
    }
    cx.traps.reset(sig);
    if (sig > 0) cx.shell.untrap_signal(sig);
    return 0;
  }
  for (std::size_t k = i + 1; k < argv.size(); ++k) {
    int sig = trap_number(argv[k]);
    if (sig == kBadSignal) {
      cx.error("trap: " + argv[k] + ": invalid signal specification");
      st = 1;
      continue;
    }
    if (sig == SIGKILL || sig == SIGSTOP) continue;  // cannot be caught; accepted as other shells do
    if (sig > 0 && os::signals::ignored_at_start(sig) && !cx.session.interactive) continue;
    if (reset) {
      cx.traps.reset(sig);
      if (sig > 0) cx.shell.untrap_signal(sig);
      continue;
    }
    cx.traps.set(sig, action);
    if (sig <= 0) continue;  // EXIT, ERR, DEBUG, RETURN: no signal disposition
    if (action.empty()) os::signals::ignore(sig);
    else os::signals::catch_signal(sig);
  }
  return st;
}

}  // namespace fdsh::builtins
