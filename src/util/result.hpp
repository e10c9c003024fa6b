// util/result.hpp — a small expected-like result type (g++ 12 has no <expected>).
// Used across the os/ boundary, where no exception may pass.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace fdsh {

/// The error half of a Result: an errno value and a short description of the step.
struct SysError {
  int err = 0;          ///< errno value (0 when not an OS error)
  std::string what;     ///< which step failed, e.g. "open 'out/log'"
};

/// Wraps an error for construction of a failing Result.
template <class E>
struct Unexpected {
  E error;
};

/// Builds a failing Result from an error value.
template <class E>
Unexpected<std::decay_t<E>> unexpected(E&& e) {
  return {std::forward<E>(e)};
}

/// Either a value of type T or an error of type E.
template <class T, class E = SysError>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  template <class U>
  Result(Unexpected<U> e) : v_(std::in_place_index<1>, E(std::move(e.error))) {}

  /// True when the result holds a value.
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  /// The value; only valid when ok().
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  /// The error; only valid when !ok().
  const E& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

/// A Result with no value.
struct Unit {};

}  // namespace fdsh
