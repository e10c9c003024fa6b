// util/scope.hpp — scoped state: whatever a block changes for its own duration is put back
// by a destructor, on every way out of the block (return, break, an exception).
#pragma once

#include <utility>

namespace fdsh::util {

/// Runs `f` when the scope ends, unless dismissed.
template <class F>
class ScopeExit {
 public:
  explicit ScopeExit(F f) : f_(std::move(f)) {}
  ~ScopeExit() {
    if (active_) f_();
  }
  ScopeExit(const ScopeExit&) = delete;
  ScopeExit& operator=(const ScopeExit&) = delete;
  /// The scope ended as planned: nothing to run.
  void dismiss() { active_ = false; }

 private:
  F f_;
  bool active_ = true;
};

/// Gives `ref` the value `v` for the scope, then its old value back.
template <class T>
class Assign {
 public:
  Assign(T& ref, T v) : ref_(ref), old_(std::move(ref)) { ref_ = std::move(v); }
  ~Assign() { ref_ = std::move(old_); }
  Assign(const Assign&) = delete;
  Assign& operator=(const Assign&) = delete;
  const T& old() const { return old_; }

 private:
  T& ref_;
  T old_;
};

/// One level deeper for the scope (a depth counter).
class Deeper {
 public:
  explicit Deeper(int& depth) : depth_(depth) { ++depth_; }
  ~Deeper() { --depth_; }
  Deeper(const Deeper&) = delete;
  Deeper& operator=(const Deeper&) = delete;

 private:
  int& depth_;
};

}  // namespace fdsh::util
