// expand/glob.hpp — pathname expansion (XCU 2.6.6, 2.13.3) with bash's dotglob, extglob,
// nocaseglob and globstar.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fdsh::expand {

/// Options of pathname expansion.
struct GlobOptions {
  bool dotglob = false;
  bool extglob = false;
  bool nocase = false;
  bool globstar = false;
};

/// Expands `pat` (quoted characters backslash-escaped) to the existing paths it matches,
/// sorted bytewise; empty when nothing matches.
std::vector<std::string> glob_expand(std::string_view pat, const GlobOptions& opts = {});

}  // namespace fdsh::expand
