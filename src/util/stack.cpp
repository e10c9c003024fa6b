// util/stack.cpp — finds the current thread's stack bounds once and compares the frame
// address against them.
#include "util/stack.hpp"

#include <pthread.h>

#include <cstdint>

namespace fdsh::util {

namespace {

std::uintptr_t stack_low() {
  static thread_local std::uintptr_t low = 0;
  if (low == 0) {
    pthread_attr_t attr;
    void* addr = nullptr;
    std::size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      pthread_attr_getstack(&attr, &addr, &size);
      pthread_attr_destroy(&attr);
    }
    low = addr ? reinterpret_cast<std::uintptr_t>(addr) : 1;
  }
  return low;
}

}  // namespace

bool stack_exhausted(std::size_t reserve) {
  std::uintptr_t here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  std::uintptr_t low = stack_low();
  if (low <= 1) return false;
  return here < low + reserve;
}

}  // namespace fdsh::util
