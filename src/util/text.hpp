// util/text.hpp — small text helpers shared by the lexer, expansion and builtins:
// UTF-8 encoding, hex digits, and bash's $'...' quoting.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fdsh::util {

/// Appends code point `cp` encoded as UTF-8.
void put_utf8(std::string& out, std::uint32_t cp);
/// Value of a hex digit, or -1.
int hex_value(int c);
/// Quotes `s` as $'...' with C escapes (newline as \n, other controls as \NNN octal).
std::string ansi_c_quote(std::string_view s);
/// True if s has a control character (below 0x20, or 0x7f).
bool has_control(std::string_view s);
/// Length of the UTF-8 character that starts `s` (1 for an invalid or ASCII byte; 0 if
/// `s` is empty): IFS characters such as `é` are whole sequences.
std::size_t utf8_char_len(std::string_view s);

}  // namespace fdsh::util
