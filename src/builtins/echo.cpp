// builtins/echo.cpp — echo (XCU echo, with bash's -n -e -E) and the escape decoder shared
// with printf %b.
#include <cstdint>

#include "builtins/pure.hpp"
#include "util/text.hpp"

namespace fdsh::builtins {

using util::hex_value;
using util::put_utf8;

std::string decode_escapes(const std::string& s, bool& stop, bool printf_b) {
  std::string out;
  stop = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      continue;
    }
    char e = s[++i];
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'c': stop = true; return out;
      case 'e':
      case 'E': out += '\x1b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '0': {
        // \0NNN: up to three octal digits after the 0.
        unsigned v = 0;
        int n = 0;
        while (n < 3 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7') {
          v = v * 8 + static_cast<unsigned>(s[++i] - '0');
          ++n;
        }
        out += static_cast<char>(v & 0xff);
        break;
      }
      case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        if (!printf_b) {
          out += '\\';
          out += e;
          break;
        }
        unsigned v = static_cast<unsigned>(e - '0');
        int n = 1;
        while (n < 3 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7') {
          v = v * 8 + static_cast<unsigned>(s[++i] - '0');
          ++n;
        }
        out += static_cast<char>(v & 0xff);
        break;
      }
      case 'x': {
        unsigned v = 0;
        int n = 0;
        while (n < 2 && i + 1 < s.size() && hex_value(s[i + 1]) >= 0) {
          v = v * 16 + static_cast<unsigned>(hex_value(s[++i]));
          ++n;
        }
        if (n == 0) out += "\\x";
        else out += static_cast<char>(v);
        break;
      }
      case 'u':
      case 'U': {
        std::uint32_t v = 0;
        int n = 0, maxd = e == 'u' ? 4 : 8;
        while (n < maxd && i + 1 < s.size() && hex_value(s[i + 1]) >= 0) {
          v = v * 16 + static_cast<std::uint32_t>(hex_value(s[++i]));
          ++n;
        }
        if (n == 0) {
          out += '\\';
          out += e;
        } else {
          put_utf8(out, v);
        }
        break;
      }
      default:
        out += '\\';
        out += e;
    }
  }
  return out;
}

int run_echo(const std::vector<std::string>& argv, PureIo& io, bool xpg) {
  bool newline = true, escapes = xpg;
  std::size_t i = 1;
  if (xpg) {
    while (i < argv.size() && argv[i] == "-n") {
      newline = false;
      ++i;
    }
  } else {
    for (; i < argv.size(); ++i) {
      const std::string& a = argv[i];
      if (a.size() < 2 || a[0] != '-' || a.find_first_not_of("neE", 1) != std::string::npos) break;
      for (std::size_t k = 1; k < a.size(); ++k) {
        if (a[k] == 'n') newline = false;
        else if (a[k] == 'e') escapes = true;
        else escapes = false;
      }
    }
  }
  for (std::size_t k = i; k < argv.size(); ++k) {
    if (k > i) io.out += ' ';
    if (escapes) {
      bool stop;
      io.out += decode_escapes(argv[k], stop, false);
      if (stop) return 0;
    } else {
      io.out += argv[k];
    }
  }
  if (newline) io.out += '\n';
  return 0;
}

}  // namespace fdsh::builtins
