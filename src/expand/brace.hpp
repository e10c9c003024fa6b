// expand/brace.hpp — bash brace expansion ({a,b}, {1..10}, {a..z..2}, nested), done on the
// word's structure before the POSIX expansions; only unquoted braces take part.
#pragma once

#include <functional>
#include <vector>

#include "ast/ast.hpp"

namespace fdsh::expand {

/// Maximum number of words, and of characters in all of them, that the brace expansions of
/// one command may produce: a clear error instead of exhausting memory on {1..999999999} or
/// on a short word like {a,b}{a,b}...{a,b} whose product explodes.
/// The work (characters copied while combining alternatives) is bounded too, so that a word
/// whose expansion would be refused is refused quickly.
constexpr std::size_t kMaxBraceWords = 1u << 20;
constexpr std::size_t kMaxBraceChars = 1u << 24;
constexpr std::size_t kMaxBraceWork = 1u << 26;

/// What is left of the limits above; one budget is shared by all words of a command.
struct BraceBudget {
  std::size_t words = kMaxBraceWords;
  std::size_t chars = kMaxBraceChars;
  std::size_t work = kMaxBraceWork;
};

/// Expands the braces of a word and calls `each` with every resulting word in order (with the
/// word itself when it has no braces). The whole expansion is checked against the budget
/// first: when it does not fit, `each` is never called and the result is false. Words are
/// kept four bytes per character until they are handed out one at a time.
bool brace_expand_each(const ast::Word& w, BraceBudget& budget, const std::function<void(ast::Word&&)>& each);

/// Expands the braces of a word; returns the word itself (one element) when it has none.
/// Sets `too_many` (and returns the word unexpanded) when the result would exceed the budget,
/// otherwise takes the result's size from it.
std::vector<ast::Word> brace_expand(const ast::Word& w, BraceBudget& budget, bool& too_many);
std::vector<ast::Word> brace_expand(const ast::Word& w, bool& too_many);

/// Quick check: does the word have an unquoted '{' at all?
bool has_brace(const ast::Word& w);

}  // namespace fdsh::expand
