// interactive/prompt.cpp — decoding prompt escapes as bash does (escapes first, then the
// shell's parameter expansion, command substitution and arithmetic: XCU 2.5.3 PS1), and
// measuring the prompt for a line editor.
#include "interactive/prompt.hpp"

#include <array>

namespace fdsh::interactive {

namespace {

// Text an escape produces goes through the shell's expansion next: `$`, backquote and
// backslash are escaped so they show as themselves.
void put_protected(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '$' || c == '`' || c == '\\') out += '\\';
    out += c;
  }
}

std::string last_component(const std::string& path) {
  if (path.size() > 1 && path.back() == '/') return last_component(path.substr(0, path.size() - 1));
  auto slash = path.rfind('/');
  return slash == std::string::npos || path == "/" ? path : path.substr(slash + 1);
}

std::string tilde_dir(const PromptFacts& f) {
  const std::string& pwd = f.pwd;
  std::string shown = pwd;
  std::string prefix;
  if (!f.home.empty() && f.home != "/" && (pwd == f.home || (pwd.rfind(f.home, 0) == 0 && pwd[f.home.size()] == '/'))) {
    prefix = "~";
    shown = pwd.substr(f.home.size());
  }
  if (f.dirtrim > 0) {
    // PROMPT_DIRTRIM: keep the last N components, the rest shown as "...".
    std::size_t pos = shown.size();
    int n = 0;
    while (pos > 0 && n < f.dirtrim) {
      pos = shown.rfind('/', pos - 1);
      if (pos == std::string::npos) break;
      ++n;
    }
    if (n == f.dirtrim && pos != std::string::npos && pos > 0)
      shown = (prefix.empty() ? "..." : "/...") + shown.substr(pos);
  }
  return prefix + shown;
}

std::string time_text(std::time_t now, const char* format) {
  std::tm tmv{};
  localtime_r(&now, &tmv);
  std::array<char, 256> buf{};
  std::size_t n = std::strftime(buf.data(), buf.size(), format, &tmv);
  return std::string(buf.data(), n);
}

bool is_octal(char c) { return c >= '0' && c <= '7'; }

/// One escape at ps[i] (the character after the backslash); appends its text and returns
/// how many characters of ps it used.
std::size_t decode_escape(std::string_view ps, std::size_t i, const PromptFacts& f, std::string& out) {
  char c = ps[i];
  switch (c) {
    case 'a': out += '\a'; return 1;
    case 'e': out += '\033'; return 1;
    case 'n': out += '\n'; return 1;
    case 'r': out += '\r'; return 1;
    case '[': out += '\001'; return 1;
    case ']': out += '\002'; return 1;
    // A backslash stays a backslash, and still quotes what follows in the expansion.
    case '\\': out += '\\'; return 1;
    case '$': put_protected(out, f.root ? "#" : "$"); return 1;
    case 'u': put_protected(out, f.user); return 1;
    case 'H': put_protected(out, f.host); return 1;
    case 'h': put_protected(out, f.host.substr(0, f.host.find('.'))); return 1;
    case 'w': put_protected(out, tilde_dir(f)); return 1;
    case 'W': {
      bool at_home = !f.home.empty() && f.pwd == f.home;
      put_protected(out, at_home ? "~" : last_component(f.pwd));
      return 1;
    }
    case 's': put_protected(out, last_component(f.shell)); return 1;
    case 'v': put_protected(out, f.version); return 1;
    case 'V': put_protected(out, f.release); return 1;
    case 'l': put_protected(out, f.tty.empty() ? "tty" : last_component(f.tty)); return 1;
    case 'j': out += std::to_string(f.jobs); return 1;
    case '!': out += std::to_string(f.history_number); return 1;
    case '#': out += std::to_string(f.command_number); return 1;
    case 'd': put_protected(out, time_text(f.now, "%a %b %d")); return 1;
    case 't': out += time_text(f.now, "%H:%M:%S"); return 1;
    case 'T': out += time_text(f.now, "%I:%M:%S"); return 1;
    case '@': out += time_text(f.now, "%I:%M %p"); return 1;
    case 'A': out += time_text(f.now, "%H:%M"); return 1;
    case 'D': {
      auto close = ps.find('}', i);
      if (i + 1 >= ps.size() || ps[i + 1] != '{' || close == std::string_view::npos) break;
      std::string format(ps.substr(i + 2, close - i - 2));
      put_protected(out, time_text(f.now, format.empty() ? "%X" : format.c_str()));
      return close - i + 1;
    }
    default:
      if (is_octal(c)) {
        std::size_t k = 0;
        int v = 0;
        while (k < 3 && i + k < ps.size() && is_octal(ps[i + k])) v = v * 8 + (ps[i + (k++)] - '0');
        std::string one(1, static_cast<char>(v & 0xff));
        put_protected(out, one);
        return k;
      }
      break;
  }
  // Not an escape: the backslash and the character stay for the expansion to see.
  out += '\\';
  out += c;
  return 1;
}

/// Decodes one UTF-8 sequence at s[i]; returns its length (1 for a stray byte).
std::size_t utf8_at(std::string_view s, std::size_t i, std::uint32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
  if (len == 1 || i + len > s.size()) {
    cp = b;
    return 1;
  }
  cp = b & (0x7f >> len);
  for (std::size_t k = 1; k < len; ++k) {
    auto cb = static_cast<unsigned char>(s[i + k]);
    if ((cb & 0xc0) != 0x80) {
      cp = b;
      return 1;
    }
    cp = (cp << 6) | (cb & 0x3f);
  }
  return len;
}

}  // namespace

std::string decode_prompt(std::string_view ps, const PromptFacts& facts, bool bang) {
  std::string out;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    char c = ps[i];
    if (c == '\\' && i + 1 < ps.size()) {
      i += decode_escape(ps, i + 1, facts, out);
      continue;
    }
    if (c == '!' && bang) {
      if (i + 1 < ps.size() && ps[i + 1] == '!') {
        out += '!';
        ++i;
      } else {
        out += std::to_string(facts.history_number);
      }
      continue;
    }
    out += c;
  }
  return out;
}

int code_point_width(std::uint32_t cp) {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if ((cp >= 0x300 && cp <= 0x36f) || cp == 0x200b || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  // East Asian wide and fullwidth ranges, and the emoji blocks.
  static constexpr std::uint32_t kWide[][2] = {
      {0x1100, 0x115f}, {0x2e80, 0x303e},   {0x3041, 0x33ff},   {0x3400, 0x4dbf},  {0x4e00, 0x9fff},
      {0xa000, 0xa4cf}, {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe30, 0xfe4f},  {0xff00, 0xff60},
      {0xffe0, 0xffe6}, {0x1f300, 0x1f64f}, {0x1f900, 0x1f9ff}, {0x20000, 0x3fffd}};
  for (const auto& r : kWide)
    if (cp >= r[0] && cp <= r[1]) return 2;
  return 1;
}

Prompt finish_prompt(std::string_view expanded) {
  Prompt p;
  bool hidden = false;
  for (std::size_t i = 0; i < expanded.size();) {
    char c = expanded[i];
    if (c == '\001' || c == '\002') {
      hidden = c == '\001';
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    std::size_t len = utf8_at(expanded, i, cp);
    p.text.append(expanded.substr(i, len));
    i += len;
    if (hidden) continue;
    if (c == '\n' || c == '\r')
      p.width = 0;
    else if (c == '\t')
      p.width = (p.width / 8 + 1) * 8;
    else
      p.width += static_cast<std::size_t>(code_point_width(cp));
  }
  return p;
}

std::string default_ps1(bool color) {
  // `${?#0}` is empty for status 0 and the number otherwise; the colour codes around an
  // empty text show nothing. No command substitution: drawing the prompt forks nothing.
  if (!color) return "\\u@\\h \\w ${?#0}\\$ ";
  return "\\[\\e[32m\\]\\u@\\h\\[\\e[0m\\] \\[\\e[34m\\]\\w\\[\\e[0m\\] "
         "\\[\\e[1;31m\\]${?#0}\\[\\e[0m\\]\\$ ";
}

}  // namespace fdsh::interactive
