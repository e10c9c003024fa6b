// lex/chars.hpp — character classes of the shell lexer (XCU 2.3, 2.5.1 names, 2.5.2 special
// parameters) and its nesting limit, shared by lexer.cpp (tokens) and lexer_words.cpp (words).
// Internal to src/lex.
#pragma once

#include <cstring>

namespace fdsh::lex {

/// First character of a name (XBD 3.216): a letter or underscore.
inline bool is_name_start(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
/// Later characters of a name: also digits.
inline bool is_name_char(int c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
/// An ASCII digit.
inline bool is_digit(int c) { return c >= '0' && c <= '9'; }
/// A one-character special parameter after '$' (XCU 2.5.2).
inline bool is_special_param(int c) { return c && std::strchr("@*#?-$!", c) != nullptr; }
/// A character that ends an unquoted word (or end of input).
inline bool is_word_end(int c) { return c < 0 || (c && std::strchr(" \t\n;&|()<>", c) != nullptr); }

/// Nesting limit of words inside words ($( $( ... ) ), ${ ${ } }), checked before recursing.
constexpr int kMaxWordDepth = 20000;

}  // namespace fdsh::lex
