// os/stack.hpp — the shell runs on a large stack of its own, so that deep nesting (10,000
// levels of `{ }`, `if`, `$( )`, `${ }`, arithmetic parentheses) works even under
// `ulimit -s 1024`; the explicit depth limits, not the stack, end deeper input.
#pragma once

#include <cstddef>

namespace fdsh::os {

/// Size of the shell's stack: 256 MiB of address space (memory is used only as deep
/// recursion touches it), less under a small `ulimit -v` (a quarter of the limit).
std::size_t shell_stack_size();

/// Runs fn(arg) on a thread with a stack of `bytes` and returns its result; the calling
/// thread waits with every signal blocked, so signals reach the thread doing the work.
/// If no such thread can be made, runs fn(arg) on the current stack.
int run_on_stack(std::size_t bytes, int (*fn)(void*), void* arg);

}  // namespace fdsh::os
