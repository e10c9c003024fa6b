// os/signals.hpp — signal dispositions (XCU 2.11, trap): handlers that only record the
// signal, what children get (defaults except signals ignored when fdsh started), names.
#pragma once

#include <csignal>
#include <string>

namespace fdsh::os::signals {

/// True if `sig` was ignored when fdsh started (POSIX: it stays ignored, traps cannot catch it).
/// Learnt lazily: read the first time it is asked for, or when fdsh first changes `sig`
/// (only this module changes dispositions), so starting costs no system call per signal.
bool ignored_at_start(int sig);
/// Job control: programs get `sig` (SIGTSTP, SIGTTIN, SIGTTOU) with its default action even
/// when it was ignored when fdsh started (a terminal multiplexer may start shells so), as
/// bash does, so that a job can be stopped and a background job reading the terminal stops.
void default_in_children(int sig);
/// Installs the recording handler for `sig` (a trap is set).
void catch_signal(int sig);
/// Sets `sig` to ignored. `inherited`: programs fdsh starts keep it ignored (trap '' SIG,
/// SIGINT/SIGQUIT in asynchronous lists); otherwise only the shell ignores it (an interactive
/// shell's SIGTERM, SIGQUIT, SIGTSTP...), and its children get the default.
void ignore(int sig, bool inherited = true);
/// Restores `sig` to its inherited disposition (default, or ignored if it was at start).
void restore(int sig);
/// The signals a new program must have set back to default before exec: those fdsh has
/// caught or ignored that were not ignored when it started (the rest already are).
void child_default_set(sigset_t* set);
/// Remembers whether glibc's internal signals (32, 33) were ignored when fdsh started;
/// call before the first thread is created (os::run_on_stack does).
void record_internal_signals();
/// In a child about to exec (async-signal-safe): ignores again those of 32 and 33 that were
/// ignored at start, so that programs inherit them as the shell did.
void restore_internal_signals();
/// In a forked child about to exec: defaults for everything fdsh changed.
void reset_for_exec();
/// True if any recorded signal is waiting to be handled.
bool any_pending();
/// Takes the next recorded signal, or 0.
int take_pending();
/// Takes one signal if it is pending; true if it was.
bool take(int sig);
/// Records SIGWINCH in a flag for the line editor (with SA_RESTART: no read is interrupted).
void note_window_changes();
/// True once after the terminal's window size changed.
bool take_window_change();
/// Number of the highest signal.
int max_signal();
/// Name without SIG ("INT"), or empty for an unknown number.
std::string name(int sig);
/// What the signal means, as the C library describes it ("Hangup", "Terminated").
std::string description(int sig);
/// Number for a name ("INT", "SIGINT", "int", "2"), or -1.
int number(const std::string& name);

/// Ignores a signal for the lifetime of the object.
class ScopedIgnore {
 public:
  explicit ScopedIgnore(int sig);
  ~ScopedIgnore();
  ScopedIgnore(const ScopedIgnore&) = delete;
  ScopedIgnore& operator=(const ScopedIgnore&) = delete;

 private:
  int sig_;
  struct sigaction old_;
};

/// Records a signal (without SA_RESTART, so a blocking read returns EINTR) for the lifetime
/// of the object; the previous disposition comes back after (SIGCHLD while the prompt waits
/// under `set -b`).
class ScopedCatch {
 public:
  explicit ScopedCatch(int sig);
  ~ScopedCatch();
  ScopedCatch(const ScopedCatch&) = delete;
  ScopedCatch& operator=(const ScopedCatch&) = delete;

 private:
  int sig_;
  struct sigaction old_;
};

/// Blocks a signal for the lifetime of the object.
class ScopedBlock {
 public:
  explicit ScopedBlock(int sig);
  ~ScopedBlock();
  ScopedBlock(const ScopedBlock&) = delete;
  ScopedBlock& operator=(const ScopedBlock&) = delete;

 private:
  sigset_t old_;
};

}  // namespace fdsh::os::signals
