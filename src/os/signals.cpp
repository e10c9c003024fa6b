// os/signals.cpp — recording handlers and inherited-disposition bookkeeping.
#include "os/signals.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <cctype>
#include <cstring>

namespace fdsh::os::signals {

namespace {

constexpr int kMax = 65;
volatile sig_atomic_t g_pending[kMax];
volatile sig_atomic_t g_any = 0;
bool g_ignored_at_start[kMax];
bool g_known[kMax];  // g_ignored_at_start[s] is valid
bool g_changed[kMax];
bool g_pass_ignore[kMax];  // ignored in a way children inherit

// Learns the inherited disposition of sig from `old`, read before fdsh first changed it.
void note_inherited(int sig, const struct sigaction& old) {
  if (g_known[sig]) return;
  g_known[sig] = true;
  g_ignored_at_start[sig] = old.sa_handler == SIG_IGN;
}

// Sets sig's disposition, learning the inherited one on the way.
bool change(int sig, const struct sigaction& sa, struct sigaction* old_out = nullptr) {
  struct sigaction old;
  if (sigaction(sig, &sa, &old) != 0) return false;
  note_inherited(sig, old);
  g_changed[sig] = true;
  if (old_out) *old_out = old;
  return true;
}

void on_signal(int sig) {
  if (sig > 0 && sig < kMax) g_pending[sig] = 1;
  g_any = 1;
}

struct Named {
  int num;
  const char* name;
};
const Named kNames[] = {
    {SIGHUP, "HUP"},   {SIGINT, "INT"},       {SIGQUIT, "QUIT"}, {SIGILL, "ILL"},     {SIGTRAP, "TRAP"},
    {SIGABRT, "ABRT"}, {SIGBUS, "BUS"},       {SIGFPE, "FPE"},   {SIGKILL, "KILL"},   {SIGUSR1, "USR1"},
    {SIGSEGV, "SEGV"}, {SIGUSR2, "USR2"},     {SIGPIPE, "PIPE"}, {SIGALRM, "ALRM"},   {SIGTERM, "TERM"},
    {SIGSTKFLT, "STKFLT"}, {SIGCHLD, "CHLD"}, {SIGCONT, "CONT"}, {SIGSTOP, "STOP"},   {SIGTSTP, "TSTP"},
    {SIGTTIN, "TTIN"}, {SIGTTOU, "TTOU"},     {SIGURG, "URG"},   {SIGXCPU, "XCPU"},   {SIGXFSZ, "XFSZ"},
    {SIGVTALRM, "VTALRM"}, {SIGPROF, "PROF"}, {SIGWINCH, "WINCH"}, {SIGIO, "IO"},     {SIGPWR, "PWR"},
    {SIGSYS, "SYS"},
};

}  // namespace

namespace {
// glibc keeps signals 32 and 33 for itself: sigaction() refuses them, and creating a thread
// installs its handler for 33, which exec would turn into "default". The kernel's own
// rt_sigaction reads and restores them.
struct KernelSigaction {
  void* handler;
  unsigned long flags;
  void* restorer;
  unsigned long mask;
};
bool g_internal_ignored[2];

bool raw_ignored(int sig) {
#if defined(__x86_64__) || defined(__aarch64__)
  KernelSigaction old{};
  if (::syscall(SYS_rt_sigaction, sig, nullptr, &old, sizeof old.mask) != 0) return false;
  return old.handler == reinterpret_cast<void*>(SIG_IGN);
#else
  (void)sig;
  return false;
#endif
}
}  // namespace

void record_internal_signals() {
  for (int i = 0; i < 2; ++i) g_internal_ignored[i] = raw_ignored(32 + i);
}

void restore_internal_signals() {
#if defined(__x86_64__) || defined(__aarch64__)
  for (int i = 0; i < 2; ++i) {
    if (!g_internal_ignored[i]) continue;
    KernelSigaction sa{};
    sa.handler = reinterpret_cast<void*>(SIG_IGN);
    ::syscall(SYS_rt_sigaction, 32 + i, &sa, nullptr, sizeof sa.mask);
  }
#endif
}

bool ignored_at_start(int sig) {
  if (sig <= 0 || sig >= kMax) return false;
  if (!g_known[sig]) {
    struct sigaction old;
    if (sigaction(sig, nullptr, &old) == 0) note_inherited(sig, old);
    else g_known[sig] = true;  // not a signal fdsh can change (32, 33, KILL, STOP): never ignored
  }
  return g_ignored_at_start[sig];
}

void default_in_children(int sig) {
  if (sig <= 0 || sig >= kMax) return;
  (void)ignored_at_start(sig);  // learn it first, so nothing learns it later
  g_ignored_at_start[sig] = false;
  g_changed[sig] = true;
  g_pass_ignore[sig] = false;
}

void catch_signal(int sig) {
  if (sig <= 0 || sig >= kMax) return;
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a trapped signal interrupts wait and read
  if (change(sig, sa)) g_pass_ignore[sig] = false;
}

void ignore(int sig, bool inherited) {
  if (sig <= 0 || sig >= kMax) return;
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_IGN;
  if (change(sig, sa)) g_pass_ignore[sig] = inherited;
}

void restore(int sig) {
  if (sig <= 0 || sig >= kMax) return;
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = ignored_at_start(sig) ? SIG_IGN : SIG_DFL;
  sigaction(sig, &sa, nullptr);
  g_pass_ignore[sig] = false;
}

void child_default_set(sigset_t* set) {
  sigemptyset(set);
  for (int s = 1; s < kMax && s <= max_signal(); ++s) {
    if (s == SIGKILL || s == SIGSTOP) continue;
    if (g_changed[s] && !ignored_at_start(s) && !g_pass_ignore[s]) sigaddset(set, s);
  }
}

void reset_for_exec() {
  for (int s = 1; s < kMax; ++s)
    if (g_changed[s] && !g_pass_ignore[s]) restore(s);
  restore_internal_signals();
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

bool any_pending() { return g_any != 0; }

int take_pending() {
  if (!g_any) return 0;
  g_any = 0;
  for (int s = 1; s < kMax; ++s) {
    if (g_pending[s]) {
      g_pending[s] = 0;
      g_any = 1;  // there may be more; the caller loops until 0
      return s;
    }
  }
  g_any = 0;
  return 0;
}

bool take(int sig) {
  if (sig <= 0 || sig >= kMax || !g_pending[sig]) return false;
  g_pending[sig] = 0;
  return true;
}

int max_signal() { return SIGRTMAX < kMax - 1 ? SIGRTMAX : kMax - 1; }

std::string name(int sig) {
  for (const Named& n : kNames)
    if (n.num == sig) return n.name;
  if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
    if (sig == SIGRTMIN) return "RTMIN";
    if (sig == SIGRTMAX) return "RTMAX";
    int mid = (SIGRTMIN + SIGRTMAX) / 2;
    if (sig <= mid) return "RTMIN+" + std::to_string(sig - SIGRTMIN);
    return "RTMAX-" + std::to_string(SIGRTMAX - sig);
  }
  return {};
}

int number(const std::string& in) {
  if (in.empty()) return -1;
  bool digits = true;
  for (char c : in) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (digits) {
    if (in.size() > 3) return -1;
    int n = std::stoi(in);
    return n <= max_signal() ? n : -1;
  }
  std::string s;
  for (char c : in) s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s.rfind("SIG", 0) == 0) s = s.substr(3);
  if (s == "EXIT") return 0;
  for (const Named& n : kNames)
    if (s == n.name) return n.num;
  if (s == "IOT") return SIGABRT;
  if (s == "POLL") return SIGIO;
  if (s == "CLD") return SIGCHLD;
  for (int sg = SIGRTMIN; sg <= SIGRTMAX; ++sg)
    if (name(sg) == s) return sg;
  return -1;
}

ScopedIgnore::ScopedIgnore(int sig) : sig_(sig) {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_IGN;
  if (sig <= 0 || sig >= kMax || !change(sig, sa, &old_)) sig_ = 0;
}

ScopedIgnore::~ScopedIgnore() {
  if (sig_ > 0) sigaction(sig_, &old_, nullptr);
}

namespace {
volatile sig_atomic_t g_winch = 0;
void on_winch(int) { g_winch = 1; }
}  // namespace

void note_window_changes() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_winch;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  change(SIGWINCH, sa);
}

bool take_window_change() {
  if (!g_winch) return false;
  g_winch = 0;
  return true;
}

ScopedCatch::ScopedCatch(int sig) : sig_(sig) {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  if (sig <= 0 || sig >= kMax || !change(sig, sa, &old_)) sig_ = 0;
}

ScopedCatch::~ScopedCatch() {
  if (sig_ > 0) sigaction(sig_, &old_, nullptr);
}

ScopedBlock::ScopedBlock(int sig) {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, sig);
  sigprocmask(SIG_BLOCK, &s, &old_);
}

ScopedBlock::~ScopedBlock() { sigprocmask(SIG_SETMASK, &old_, nullptr); }

std::string description(int sig) {
  const char* d = strsignal(sig);
  return d ? d : "Signal " + std::to_string(sig);
}

}  // namespace fdsh::os::signals
