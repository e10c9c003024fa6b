// builtins/printf.cpp — XCU printf: the format is reused until the arguments are used up,
// numeric arguments accept 'c character values, bad numbers are reported and give status 1;
// bash's %b %q %(fmt)T.
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "builtins/pure.hpp"
#include "util/text.hpp"

namespace fdsh::builtins {

namespace {

std::string quote_q(const std::string& s) {
  if (s.empty()) return "''";
  if (util::has_control(s)) return util::ansi_c_quote(s);
  std::string o;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || std::strchr("_-./:=+,@%^", c) || u >= 0x80)) o += '\\';
    o += c;
  }
  return o;
}

struct Printer {
  const std::vector<std::string>& argv;
  PureIo& io;
  std::size_t ai = 2;
  int status = 0;
  bool stop = false;

  bool have_arg() const { return ai < argv.size(); }
  std::string next_arg() { return ai < argv.size() ? argv[ai++] : std::string(); }

  // Parses a numeric argument like strtol; reports and returns the parsed prefix on error.
  template <class T>
  T number(const std::string& a, T (*conv)(const char*, char**, int)) {
    if (a.empty()) return 0;
    if (a[0] == '\'' || a[0] == '"') {
      if (a.size() < 2) return 0;
      // The value of the (UTF-8 decoded) first character.
      unsigned char c = static_cast<unsigned char>(a[1]);
      std::uint32_t cp = c;
      int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
      if (len > 1 && a.size() >= static_cast<std::size_t>(len) + 1) {
        cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(a[1 + static_cast<std::size_t>(k)]) & 0x3F);
      }
      return static_cast<T>(cp);
    }
    errno = 0;
    char* end = nullptr;
    const char* start = a.c_str();
    while (*start == ' ' || *start == '\t') ++start;
    T v = conv(start, &end, 0);
    if (end == start || *end) {
      io.errors.push_back("printf: '" + a + "': invalid number");
      status = 1;
    } else if (errno == ERANGE) {
      io.errors.push_back("printf: '" + a + "': Result too large");
      status = 1;
    }
    return v;
  }

  double fnumber(const std::string& a) {
    if (a.empty()) return 0;
    if (a[0] == '\'' || a[0] == '"') return a.size() > 1 ? static_cast<unsigned char>(a[1]) : 0;
    char* end = nullptr;
    double v = std::strtod(a.c_str(), &end);
    if (end == a.c_str() || *end) {
      io.errors.push_back("printf: '" + a + "': invalid number");
      status = 1;
    }
    return v;
  }

  // Processes the format once; returns false on a fatal format error.
  bool once(const std::string& f) {
    for (std::size_t i = 0; i < f.size() && !stop; ++i) {
      char c = f[i];
      if (c == '\\') {
        i = format_escape(f, i);
        continue;
      }
      if (c != '%') {
        io.out += c;
        continue;
      }
      if (!directive(f, i)) return false;
    }
    return true;
  }

  // A backslash escape in the format at f[i]: like %b, but \c stops and octal takes up to
  // 3 digits. Returns the index of its last character.
  std::size_t format_escape(const std::string& f, std::size_t i) {
    std::size_t j = i + 1;
    if (j >= f.size()) {
      io.out += '\\';
      return i;
    }
    std::string esc = "\\";
    if (f[j] >= '0' && f[j] <= '7') {
      unsigned v = 0;
      int n = 0;
      while (n < 3 && j < f.size() && f[j] >= '0' && f[j] <= '7') {
        v = v * 8 + static_cast<unsigned>(f[j++] - '0');
        ++n;
      }
      io.out += static_cast<char>(v & 0xff);
      return j - 1;
    }
    if (f[j] == 'x' || f[j] == 'u' || f[j] == 'U') {
      std::size_t k = j + 1;
      std::size_t maxd = f[j] == 'x' ? 2 : f[j] == 'u' ? 4 : 8;
      while (k < f.size() && k - j - 1 < maxd && std::isxdigit(static_cast<unsigned char>(f[k]))) ++k;
      esc = f.substr(i, k - i);
      bool st;
      io.out += decode_escapes(esc, st, true);
      return k - 1;
    }
    if (f[j] == '"' || f[j] == '\'') {
      io.out += f[j];
      return j;
    }
    esc += f[j];
    bool st;
    std::string d = decode_escapes(esc, st, true);
    if (st) {
      stop = true;
      return j;
    }
    io.out += d;
    return j;
  }

  // A directive at f[i] ('%'): "%%", or flags, width, precision, length and a conversion.
  // Leaves i at its last character; false on a fatal format error.
  bool directive(const std::string& f, std::size_t& i) {
    std::size_t j = i + 1;
    if (j < f.size() && f[j] == '%') {
      io.out += '%';
      i = j;
      return true;
    }
    std::string spec = "%";
    j = parse_spec(f, j, spec);
    if (j >= f.size()) {
      io.errors.push_back("printf: '" + f.substr(i) + "': missing format character");
      status = 1;
      return false;
    }
    char conv = f[j];
    i = j;
    return convert(conv, spec, f, i);
  }

  // Flags, width and precision from f[j] into spec ('*' takes them from the arguments); the
  // length modifiers are skipped. Returns the index of the conversion character.
  std::size_t parse_spec(const std::string& f, std::size_t j, std::string& spec) {
    while (j < f.size() && std::strchr("-+ #0'", f[j])) {
      if (f[j] != '\'') spec += f[j];
      ++j;
    }
    if (j < f.size() && f[j] == '*') {
      std::string a = next_arg();
      long v = number<long>(a, std::strtol);
      spec += std::to_string(v);
      ++j;
    } else {
      while (j < f.size() && std::isdigit(static_cast<unsigned char>(f[j]))) spec += f[j++];
    }
    if (j < f.size() && f[j] == '.') {
      spec += '.';
      ++j;
      if (j < f.size() && f[j] == '*') {
        std::string a = next_arg();
        long prec = number<long>(a, std::strtol);
        spec += std::to_string(prec);
        ++j;
      } else {
        std::string p;
        while (j < f.size() && std::isdigit(static_cast<unsigned char>(f[j]))) p += f[j++];
        spec += p;  // a precision too large to format is reported by put()
      }
    }
    while (j < f.size() && std::strchr("hlLjzt", f[j])) ++j;
    return j;
  }

  // Formats one value with the conversion spec, at any width or precision.
  template <class V>
  void put(const std::string& sp, V v) {
    int n = std::snprintf(nullptr, 0, sp.c_str(), v);
    // One field of more than 64 MiB is a mistake, not output (and would exhaust memory).
    if (n < 0 || n > (64 << 20)) {
      io.errors.push_back("printf: '" + sp + "': field too wide");
      status = 1;
      return;
    }
    std::size_t at = io.out.size();
    io.out.resize(at + static_cast<std::size_t>(n) + 1);
    std::snprintf(io.out.data() + at, static_cast<std::size_t>(n) + 1, sp.c_str(), v);
    io.out.resize(at + static_cast<std::size_t>(n));
  }
  void put_str(const std::string& spec, const std::string& s) { put(spec + "s", s.c_str()); }

  // One conversion with the next argument; f[i] is the conversion character (for %(fmt)T,
  // i moves to its 'T'). False on a fatal format error.
  bool convert(char conv, const std::string& spec, const std::string& f, std::size_t& i) {
    switch (conv) {
      case 's': case 'b': case 'q': case 'c': convert_string(conv, spec); return true;
      case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': convert_integer(conv, spec); return true;
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
        put(spec + conv, fnumber(next_arg()));
        return true;
      case '(': return convert_time(spec, f, i);
      default:
        io.errors.push_back(std::string("printf: %") + conv + ": invalid directive");
        status = 1;
        return false;
    }
  }

  // %s, %b (escapes expanded; \c stops), %q (quoted for reuse), %c (the first byte).
  void convert_string(char conv, const std::string& spec) {
    switch (conv) {
      case 's': put_str(spec, next_arg()); break;
      case 'b': {
        bool st;
        std::string d = decode_escapes(next_arg(), st, true);
        put_str(spec, d);
        if (st) stop = true;
        break;
      }
      case 'q': put_str(spec, quote_q(next_arg())); break;
      default: {  // 'c'
        std::string a = next_arg();
        std::string ch = a.empty() ? std::string() : a.substr(0, 1);
        // %c of an empty argument prints nothing but the padding.
        put_str(spec, ch);
        break;
      }
    }
  }

  // %d %i signed; %o %u %x %X unsigned.
  void convert_integer(char conv, const std::string& spec) {
    if (conv == 'd' || conv == 'i') {
      long long v = number<long long>(next_arg(), std::strtoll);
      put(spec + "lld", v);
      return;
    }
    std::string a = next_arg();
    // strtoull semantics, as the C library and dash: a negative operand is negated
    // modulo 2^64 (-1 is 18446744073709551615), past that range it is an error.
    unsigned long long v = number<unsigned long long>(a, std::strtoull);
    put(spec + "ll" + conv, v);
  }

  // %(fmt)T: the argument (seconds since the epoch; empty, -1 or -2: now) through strftime.
  bool convert_time(const std::string& spec, const std::string& f, std::size_t& i) {
    std::size_t j = i;
    std::size_t close = f.find(")T", j);
    if (close == std::string::npos) {
      io.errors.push_back("printf: '" + f.substr(j) + "': invalid format");
      status = 1;
      return false;
    }
    std::string tf = f.substr(j + 1, close - j - 1);
    i = close + 1;
    std::string a = next_arg();
    std::time_t t = a.empty() || a == "-1" ? std::time(nullptr)
                                           : static_cast<std::time_t>(number<long long>(a, std::strtoll));
    if (a == "-2") t = std::time(nullptr);
    struct tm tmv;
    localtime_r(&t, &tmv);
    char tb[512];
    std::size_t n = std::strftime(tb, sizeof tb, tf.c_str(), &tmv);
    put_str(spec, std::string(tb, n));
    return true;
  }
};

}  // namespace

int run_printf(const std::vector<std::string>& argv, PureIo& io) {
  std::size_t fi = 1;
  if (fi < argv.size() && argv[fi] == "--") ++fi;
  if (fi >= argv.size()) {
    io.errors.push_back("printf: usage: printf format [arguments]");
    return 2;
  }
  std::vector<std::string> args(argv.begin() + static_cast<long>(fi) - 1, argv.end());
  Printer p{args, io};
  const std::string& f = args[1];
  for (;;) {
    std::size_t before = p.ai;
    if (!p.once(f)) return 1;
    if (p.stop || p.ai >= args.size() || p.ai == before) break;
  }
  return p.status;
}

}  // namespace fdsh::builtins
