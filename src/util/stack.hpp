// util/stack.hpp — a guard against running out of native stack: recursive parts of the
// parser and evaluator check it, so that deep nesting ends in an error, never in SIGSEGV,
// whatever `ulimit -s` (or a sanitizer's larger frames) allows.
#pragma once

#include <cstddef>

namespace fdsh::util {

/// Bytes of stack kept in reserve: a recursion stops when less than this remains.
constexpr std::size_t kStackReserve = 256 * 1024;

/// True when less than `reserve` bytes of this thread's stack remain.
bool stack_exhausted(std::size_t reserve = kStackReserve);

}  // namespace fdsh::util
