// exec/traps.hpp — the trap table (XCU 2.14 trap): an action per signal, 0 for EXIT.
#pragma once

#include <map>
#include <string>

namespace fdsh::exec {

/// The shell's traps. An empty action means the signal is ignored; a signal without an
/// entry has its default action. Installing the signal disposition is the caller's job
/// (os::signals), so the table can be used and tested on its own.
class Traps {
 public:
  /// bash's pseudo-signals: ERR (a command failed where set -e would act), DEBUG (before a
  /// simple command), RETURN (a function or dot script ends). EXIT is 0.
  static constexpr int kErr = -10, kDebug = -11, kReturn = -12;
  /// The name `trap` prints for a trap number ("EXIT", "ERR", "INT"...); "" for a signal
  /// the caller names itself.
  static const char* pseudo_name(int sig) {
    return sig == 0 ? "EXIT" : sig == kErr ? "ERR" : sig == kDebug ? "DEBUG" : sig == kReturn ? "RETURN" : "";
  }
  /// The action for `sig`, or null when none is set.
  const std::string* action(int sig) const {
    auto it = actions_.find(sig);
    return it == actions_.end() ? nullptr : &it->second;
  }
  /// True when `sig` has a trap that runs commands (not just "ignore").
  bool runs(int sig) const {
    const std::string* a = action(sig);
    return a && !a->empty();
  }
  bool empty() const { return actions_.empty(); }
  void set(int sig, std::string action) {
    inherited_.clear();
    actions_[sig] = std::move(action);
  }
  void reset(int sig) {
    inherited_.clear();
    actions_.erase(sig);
  }
  /// Removes and returns the action of `sig` ("" when none).
  std::string take(int sig) {
    auto it = actions_.find(sig);
    if (it == actions_.end()) return {};
    std::string a = std::move(it->second);
    actions_.erase(it);
    return a;
  }
  /// Every trap, by signal number (EXIT first).
  const std::map<int, std::string>& all() const { return actions_; }
  /// What `trap` lists: in a subshell that has changed no trap yet, the traps of the shell
  /// it was made from (so `$(trap)` reports them, as bash does); else all().
  const std::map<int, std::string>& shown() const { return inherited_.empty() ? actions_ : inherited_; }
  const std::string* shown_action(int sig) const {
    auto it = shown().find(sig);
    return it == shown().end() ? nullptr : &it->second;
  }
  /// Entering a subshell (XCU 2.11): traps that run commands are reset, ignored signals stay
  /// ignored; `keep(sig)` true keeps a trap (ERR under set -E, DEBUG and RETURN under set -T).
  /// Calls `restore(sig)` for each reset signal (not EXIT or a pseudo-signal).
  template <class F, class K>
  void reset_for_subshell(F&& restore, K&& keep) {
    inherited_ = actions_;
    for (auto it = actions_.begin(); it != actions_.end();) {
      if (it->second.empty() || keep(it->first)) {
        ++it;
        continue;
      }
      if (it->first > 0) restore(it->first);
      it = actions_.erase(it);
    }
  }
  /// A trap action is running: signal traps wait for it to end.
  bool running = false;
  /// The ERR, DEBUG or RETURN trap whose action is running: it does not run again inside
  /// itself, but the others may (bash runs DEBUG for the commands of an ERR trap).
  bool pseudo_running(int sig) const { return running_mask_ & mask(sig); }
  void set_pseudo_running(int sig, bool on) {
    if (on) running_mask_ |= mask(sig);
    else running_mask_ &= ~mask(sig);
  }

 private:
  static unsigned mask(int sig) { return sig == kErr ? 1u : sig == kDebug ? 2u : sig == kReturn ? 4u : 0u; }
  unsigned running_mask_ = 0;
  std::map<int, std::string> actions_;
  std::map<int, std::string> inherited_;
};

}  // namespace fdsh::exec
