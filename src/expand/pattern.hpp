// expand/pattern.hpp — shell pattern matching (XCU 2.13) with bash extglob, on UTF-8 text.
// Matching never backtracks exponentially: plain patterns run as a position-set automaton
// (O(pattern x text)); extended globs use memoised matching.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fdsh::expand {

/// How a pattern is compiled.
struct PatternFlags {
  bool extglob = false;  ///< ?( ) *( ) +( ) @( ) !( )
  bool nocase = false;   ///< case-insensitive
};

/// A shell pattern compiled once, matched many times. A backslash quotes the next character.
class Pattern {
 public:
  struct Node;
  using Seq = std::vector<Node>;

  /// Compiles `pat`.
  static Pattern compile(std::string_view pat, PatternFlags flags = {});
  /// True when the whole of `s` matches.
  bool matches(std::string_view s) const;
  /// Length in bytes of the shortest/longest prefix of s that matches (${x#p}, ${x##p}).
  std::optional<std::size_t> match_prefix(std::string_view s, bool longest) const;
  /// Start byte of the shortest/longest suffix of s that matches (${x%p}, ${x%%p}).
  std::optional<std::size_t> match_suffix(std::string_view s, bool longest) const;
  /// First position at or after `from` where a match starts, and the length of the longest match there.
  std::optional<std::pair<std::size_t, std::size_t>> search(std::string_view s, std::size_t from) const;
  /// True when the pattern has no special characters.
  bool is_literal() const;
  /// The text with quoting backslashes removed.
  std::string unescaped() const { return literal_; }

 private:
  const Seq& seq() const;  ///< the automaton, compiled on first use

  std::string raw_;  ///< the pattern as given
  bool extglob_ = false;
  mutable std::shared_ptr<const Seq> seq_;
  bool plain_ = true;  ///< no extglob groups
  bool literal_only_ = true;
  bool nocase_ = false;
  /// Plain and case-sensitive: matched directly on the text, without the automaton.
  bool direct_ = false;
  /// For direct patterns of the form `LIT`, `*LIT` or `LIT*` (LIT plain ASCII): which, and LIT.
  enum class Shape : std::uint8_t { Other, Lit, StarLit, LitStar } shape_ = Shape::Other;
  std::string lit_;
  std::string literal_;
};

/// Compile and match in one step.
bool pattern_match(std::string_view pat, std::string_view s, PatternFlags flags = {});
/// True if `pat` has an unquoted *, ? or [ (or an extglob operator when enabled).
bool has_glob_chars(std::string_view pat, bool extglob = false);
/// Removes quoting backslashes.
std::string unescape_pattern(std::string_view pat);

}  // namespace fdsh::expand
