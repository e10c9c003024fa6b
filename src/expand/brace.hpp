// expand/brace.hpp — bash brace expansion ({a,b}, {1..10}, {a..z..2}, nested), done on the
// word's structure before the POSIX expansions; only unquoted braces take part.
#pragma once

#include <vector>

#include "ast/ast.hpp"

namespace fdsh::expand {

/// Maximum number of words one brace expansion may produce (a clear limit instead of
/// exhausting memory on {1..999999999}).
constexpr std::size_t kMaxBraceWords = 1u << 20;

/// Expands the braces of a word; returns the word itself (one element) when it has none.
/// Sets `too_many` when the result would exceed kMaxBraceWords.
std::vector<ast::Word> brace_expand(const ast::Word& w, bool& too_many);

/// Quick check: does the word have an unquoted '{' at all?
bool has_brace(const ast::Word& w);

}  // namespace fdsh::expand
