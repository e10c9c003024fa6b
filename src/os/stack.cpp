// os/stack.cpp — runs the shell on a thread with a large stack. The original thread only
// waits; with all signals blocked there, every signal is handled by the shell's thread.
#include "os/stack.hpp"

#include "os/signals.hpp"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

namespace fdsh::os {

namespace {

struct Call {
  int (*fn)(void*);
  void* arg;
  int result;
};

void* trampoline(void* p) {
  auto* c = static_cast<Call*>(p);
  c->result = c->fn(c->arg);
  return nullptr;
}

}  // namespace

std::size_t shell_stack_size() {
  constexpr std::size_t kDefault = std::size_t{256} << 20;
  constexpr std::size_t kMinimum = std::size_t{8} << 20;
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    std::size_t quarter = static_cast<std::size_t>(rl.rlim_cur / 4);
    if (quarter < kDefault) return quarter < kMinimum ? kMinimum : quarter;
  }
  return kDefault;
}

int run_on_stack(std::size_t bytes, int (*fn)(void*), void* arg) {
  signals::record_internal_signals();  // before glibc installs its handler for signal 33
  // Only one thread ever allocates: let it use the main heap instead of reserving and
  // faulting in an arena of its own at every start.
  mallopt(M_ARENA_MAX, 1);
  Call c{fn, arg, 0};
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return fn(arg);
  pthread_t t;
  bool made = pthread_attr_setstacksize(&attr, bytes) == 0 && pthread_create(&t, &attr, trampoline, &c) == 0;
  pthread_attr_destroy(&attr);
  if (!made) return fn(arg);
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  pthread_join(t, nullptr);
  return c.result;
}

}  // namespace fdsh::os
