// expand/arith.hpp — shell arithmetic (XCU 2.6.4) for $(( )), (( )), let and array
// subscripts: 64-bit integers with wrap-around, the C operator set, bash's ** and base#n.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace fdsh::expand {

/// Where arithmetic reads and writes shell variables.
struct ArithHost {
  virtual ~ArithHost() = default;
  /// Value of scalar variable `name`, or nullopt if unset.
  virtual std::optional<std::string> get_var(std::string_view name) = 0;
  /// Assigns `value` to `name`; returns an error message if it cannot (e.g. readonly), else empty.
  virtual std::string set_var(std::string_view name, const std::string& value) = 0;
  /// Element `index` of array `name`; nullopt if unset.
  virtual std::optional<std::string> get_element(std::string_view name, std::int64_t index);
  /// Assigns an array element; returns an error message or empty.
  virtual std::string set_element(std::string_view name, std::int64_t index, const std::string& value);
  /// True when `name` is an associative array: its subscripts are keys, not arithmetic.
  virtual bool is_assoc(std::string_view name);
  /// Element `key` of associative array `name`; nullopt if unset.
  virtual std::optional<std::string> get_key(std::string_view name, const std::string& key);
  /// Assigns an associative array element; returns an error message or empty.
  virtual std::string set_key(std::string_view name, const std::string& key, const std::string& value);
};

/// An arithmetic error: message and offset into the expression text.
struct ArithError {
  std::string message;
  std::size_t offset = 0;
};

/// Maximum nesting of parentheses and operators; deeper input is an error, never a crash.
constexpr int kMaxArithDepth = 20000;
/// Maximum depth of variables whose values are themselves expressions (x='y+1', y='x').
constexpr int kMaxArithRecursion = 100;

/// Evaluates a complete arithmetic expression (already parameter-expanded text).
Result<std::int64_t, ArithError> arith_eval(std::string_view expr, ArithHost& host);

}  // namespace fdsh::expand
