// expand/pattern.cpp — XCU 2.13 pattern matching. A pattern compiles to a sequence of
// nodes (literal, ?, *, bracket expression, extglob group). Plain sequences are matched
// by simulating the set of pattern positions reachable after each character, which is
// linear in the text for a fixed pattern; sequences with groups use memoised recursion.
#include "expand/pattern.hpp"

#include <algorithm>
#include <cwctype>
#include <map>
#include <set>
#include <tuple>

namespace fdsh::expand {

namespace {

using CP = std::uint32_t;

// Decodes UTF-8; invalid bytes map to distinct values above the Unicode range.
std::vector<CP> decode(std::string_view s, std::vector<std::size_t>* offsets = nullptr) {
  std::vector<CP> out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (offsets) offsets->push_back(i);
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && i + static_cast<std::size_t>(len) <= s.size();
    CP cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; ok && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (!ok) {
      out.push_back(0x110000u + c);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  if (offsets) offsets->push_back(s.size());
  return out;
}

CP fold(CP c) { return c < 0x110000u ? static_cast<CP>(std::towlower(static_cast<wint_t>(c))) : c; }

bool in_class(const std::string& cls, CP c) {
  if (c >= 0x110000u) return false;
  wint_t w = static_cast<wint_t>(c);
  if (cls == "alpha") return std::iswalpha(w);
  if (cls == "digit") return c >= '0' && c <= '9';
  if (cls == "alnum") return std::iswalnum(w);
  if (cls == "upper") return std::iswupper(w);
  if (cls == "lower") return std::iswlower(w);
  if (cls == "space") return std::iswspace(w);
  if (cls == "blank") return c == ' ' || c == '\t';
  if (cls == "punct") return std::iswpunct(w);
  if (cls == "print") return std::iswprint(w);
  if (cls == "graph") return std::iswgraph(w);
  if (cls == "cntrl") return std::iswcntrl(w);
  if (cls == "xdigit") return std::iswxdigit(w);
  return false;
}

}  // namespace

struct Pattern::Node {
  enum Kind : std::uint8_t { Lit, Any, Star, Bracket, Group } kind = Lit;
  CP cp = 0;
  // Bracket expression.
  bool negate = false;
  std::vector<std::pair<CP, CP>> ranges;
  std::vector<std::string> classes;
  // Extglob group: operator ? * + @ ! and alternatives.
  char op = 0;
  std::vector<Seq> alts;

  bool match_char(CP c, bool nocase) const {
    switch (kind) {
      case Lit: return nocase ? fold(c) == fold(cp) : c == cp;
      case Any: return true;
      case Bracket: {
        bool in = false;
        for (auto& [lo, hi] : ranges) {
          if (c >= lo && c <= hi) in = true;
          if (nocase && fold(c) >= fold(lo) && fold(c) <= fold(hi)) in = true;
        }
        for (auto& cl : classes)
          if (in_class(cl, c)) in = true;
        return in != negate;
      }
      default: return false;
    }
  }
};

namespace {

using Node = Pattern::Node;
using Seq = Pattern::Seq;

struct Compiler {
  std::vector<CP> p;
  std::size_t i = 0;
  bool extglob;
  bool plain = true;
  bool literal_only = true;

  // Parses a bracket expression starting at p[i] == '['; returns false if it is not one.
  bool bracket(Node& out) {
    std::size_t j = i + 1;
    Node n;
    n.kind = Node::Bracket;
    if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
      n.negate = true;
      ++j;
    }
    bool first = true;
    while (j < p.size()) {
      CP c = p[j];
      if (c == ']' && !first) {
        i = j + 1;
        out = std::move(n);
        return true;
      }
      first = false;
      if (c == '[' && j + 1 < p.size() && p[j + 1] == ':') {
        std::size_t k = j + 2;
        std::string name;
        while (k + 1 < p.size() && !(p[k] == ':' && p[k + 1] == ']')) {
          name += p[k] < 0x80 ? static_cast<char>(p[k]) : '\x01';  // no class has such a name
          ++k;
        }
        if (k + 1 < p.size()) {
          n.classes.push_back(name);
          j = k + 2;
          continue;
        }
      }
      if (c == '\\' && j + 1 < p.size()) c = p[++j];
      CP lo = c;
      ++j;
      if (j + 1 < p.size() && p[j] == '-' && p[j + 1] != ']') {
        CP hi = p[j + 1];
        j += 2;
        if (hi == '\\' && j < p.size()) hi = p[j++];
        n.ranges.emplace_back(lo, hi);
      } else {
        n.ranges.emplace_back(lo, lo);
      }
    }
    return false;
  }

  // Parses until end, or until ')' / '|' inside a group.
  Seq seq(bool in_group) {
    Seq out;
    while (i < p.size()) {
      CP c = p[i];
      if (in_group && (c == ')' || c == '|')) break;
      if (extglob && (c == '?' || c == '*' || c == '+' || c == '@' || c == '!') && i + 1 < p.size() && p[i + 1] == '(') {
        std::size_t save = i;
        i += 2;
        Node g;
        g.kind = Node::Group;
        g.op = static_cast<char>(c);
        bool closed = false;
        for (;;) {
          g.alts.push_back(seq(true));
          if (i < p.size() && p[i] == '|') {
            ++i;
            continue;
          }
          if (i < p.size() && p[i] == ')') {
            ++i;
            closed = true;
          }
          break;
        }
        if (closed) {
          plain = false;
          literal_only = false;
          out.push_back(std::move(g));
          continue;
        }
        i = save;
      }
      Node n;
      if (c == '\\' && i + 1 < p.size()) {
        n.cp = p[i + 1];
        i += 2;
      } else if (c == '?') {
        n.kind = Node::Any;
        literal_only = false;
        ++i;
      } else if (c == '*') {
        n.kind = Node::Star;
        literal_only = false;
        ++i;
        if (!out.empty() && out.back().kind == Node::Star) continue;  // ** == *
      } else if (c == '[' && bracket(n)) {
        literal_only = false;
      } else {
        n.cp = c;
        ++i;
      }
      out.push_back(std::move(n));
    }
    return out;
  }
};

// ---- plain sequences: position-set simulation ----

// Adds i and every position reachable from it through stars (which may match nothing).
void add_state(const Seq& seq, std::vector<char>& set, std::size_t i) {
  while (i <= seq.size() && !set[i]) {
    set[i] = 1;
    if (i < seq.size() && seq[i].kind == Node::Star) ++i;
    else break;
  }
}

// Runs the automaton over text[from..]; calls on_accept(k) for each k where text[from..k) matches.
template <class F>
void simulate(const Seq& seq, const std::vector<CP>& text, std::size_t from, bool nocase, F&& on_accept) {
  std::size_t m = seq.size();
  std::vector<char> cur(m + 1, 0), next(m + 1, 0);
  add_state(seq, cur, 0);
  for (std::size_t k = from;; ++k) {
    if (cur[m] && !on_accept(k)) return;
    if (k >= text.size()) return;
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    CP c = text[k];
    for (std::size_t i = 0; i < m; ++i) {
      if (!cur[i]) continue;
      const Node& n = seq[i];
      if (n.kind == Node::Star) {
        add_state(seq, next, i);
        any = true;
      } else if (n.match_char(c, nocase)) {
        add_state(seq, next, i + 1);
        any = true;
      }
    }
    if (!any) return;
    std::swap(cur, next);
  }
}

// ---- sequences with groups: memoised matching of seq[i..] against text[j..end) ----

struct Matcher {
  const std::vector<CP>& t;
  bool nocase;
  std::map<std::tuple<const Seq*, std::size_t, std::size_t, std::size_t>, bool> memo;

  bool match(const Seq& seq, std::size_t i, std::size_t j, std::size_t end) {
    if (i == seq.size()) return j == end;
    auto key = std::make_tuple(&seq, i, j, end);
    auto it = memo.find(key);
    if (it != memo.end()) return it->second;
    memo[key] = false;
    bool r = false;
    const Node& n = seq[i];
    switch (n.kind) {
      case Node::Star:
        for (std::size_t k = j; k <= end && !r; ++k) r = match(seq, i + 1, k, end);
        break;
      case Node::Group: r = group(seq, i, j, end); break;
      default: r = j < end && n.match_char(t[j], nocase) && match(seq, i + 1, j + 1, end);
    }
    memo[key] = r;
    return r;
  }

  bool alt_matches(const Node& g, std::size_t j, std::size_t k) {
    for (const Seq& a : g.alts)
      if (match(a, 0, j, k)) return true;
    return false;
  }

  // One or more repetitions of g's alternatives cover t[j..k).
  bool repeat(const Node& g, std::size_t j, std::size_t k, std::set<std::pair<std::size_t, std::size_t>>& seen) {
    if (!seen.insert({j, k}).second) return false;
    for (std::size_t mid = j + 1; mid <= k; ++mid) {
      if (!alt_matches(g, j, mid)) continue;
      if (mid == k || repeat(g, mid, k, seen)) return true;
    }
    return false;
  }

  bool group(const Seq& seq, std::size_t i, std::size_t j, std::size_t end) {
    const Node& g = seq[i];
    for (std::size_t k = j; k <= end; ++k) {
      bool ok = false;
      switch (g.op) {
        case '@': ok = alt_matches(g, j, k); break;
        case '?': ok = k == j || alt_matches(g, j, k); break;
        case '*':
        case '+': {
          if (k == j) {
            ok = g.op == '*' || alt_matches(g, j, k);
          } else {
            std::set<std::pair<std::size_t, std::size_t>> seen;
            ok = repeat(g, j, k, seen);
          }
          break;
        }
        case '!': ok = !alt_matches(g, j, k); break;
      }
      if (ok && match(seq, i + 1, k, end)) return true;
    }
    return false;
  }
};

Seq reversed(const Seq& s) { return Seq(s.rbegin(), s.rend()); }

}  // namespace

namespace {

// ---- one-shot matching without compiling (case, [[ = ]], test) ----

// Decodes the character at s[i] as decode() does; returns its length in bytes.
std::size_t char_at(std::string_view s, std::size_t i, CP& cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  std::size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  bool ok = len > 0 && i + len <= s.size();
  CP v = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; ok && k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) ok = false;
    v = (v << 6) | (cc & 0x3F);
  }
  if (!ok) {
    cp = 0x110000u + c;
    return 1;
  }
  cp = v;
  return len;
}

// The bracket expression at p[i] == '[' (the same grammar as Compiler::bracket). Returns
// false when it is not one; otherwise sets `end` past its ']' and `in` to whether c matches.
bool bracket_at(std::string_view p, std::size_t i, CP c, std::size_t& end, bool& in) {
  std::size_t j = i + 1;
  bool negate = false;
  if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
    negate = true;
    ++j;
  }
  bool first = true;
  in = false;
  while (j < p.size()) {
    if (p[j] == ']' && !first) {
      end = j + 1;
      in = in != negate;
      return true;
    }
    first = false;
    if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
      std::size_t close = p.find(":]", j + 2);
      if (close != std::string_view::npos) {
        std::string name(p.substr(j + 2, close - j - 2));
        for (char& ch : name)
          if (static_cast<unsigned char>(ch) >= 0x80) ch = '\x01';
        if (in_class(name, c)) in = true;
        j = close + 2;
        continue;
      }
    }
    if (p[j] == '\\' && j + 1 < p.size()) ++j;
    CP lo, hi;
    j += char_at(p, j, lo);
    hi = lo;
    if (j + 1 < p.size() && p[j] == '-' && p[j + 1] != ']') {
      j += 1 + char_at(p, j + 1, hi);
      if (hi == '\\' && j < p.size()) j += char_at(p, j, hi);
    }
    if (c >= lo && c <= hi) in = true;
  }
  return false;
}

// Matches a pattern of literals, ?, * and bracket expressions against s directly. With one
// backtracking point (the last star) this is exact for such patterns and takes at most
// O(pattern x text) steps.
bool match_plain(std::string_view p, std::string_view s) {
  constexpr std::size_t kNone = std::string_view::npos;
  std::size_t pi = 0, si = 0, star_p = kNone, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size()) {
      char c = p[pi];
      if (c == '*') {
        while (pi < p.size() && p[pi] == '*') ++pi;
        star_p = pi;
        star_s = si;
        continue;
      }
      CP t;
      std::size_t tl = char_at(s, si, t);
      bool step = false;
      std::size_t next = 0;
      if (c == '?') {
        step = true;
        next = pi + 1;
      } else if (c == '[' && bracket_at(p, pi, t, next, step)) {
        // next and step are set
      } else {
        std::size_t q = (c == '\\' && pi + 1 < p.size()) ? pi + 1 : pi;
        CP pc;
        next = q + char_at(p, q, pc);
        step = pc == t;
      }
      if (step) {
        pi = next;
        si += tl;
        continue;
      }
    }
    if (star_p == kNone) return false;
    CP skip;
    star_s += char_at(s, star_s, skip);
    si = star_s;
    pi = star_p;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

// True when p has no unescaped *, ? or [ and its unescaped text is ASCII; sets out to that text.
bool plain_ascii_literal(std::string_view p, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '*' || c == '?' || c == '[') return false;
    if (c == '\\' && i + 1 < p.size()) c = p[++i];
    if (static_cast<unsigned char>(c) >= 0x80) return false;
    out += c;
  }
  return true;
}

}  // namespace

Pattern Pattern::compile(std::string_view pat, PatternFlags flags) {
  Pattern p;
  p.raw_ = pat;
  p.extglob_ = flags.extglob;
  p.nocase_ = flags.nocase;
  p.literal_ = unescape_pattern(pat);
  if (flags.extglob && pat.find('(') != std::string_view::npos) {
    Compiler c{decode(pat), 0, flags.extglob};
    p.seq_ = std::make_shared<const Seq>(c.seq(false));
    p.plain_ = c.plain;
    p.literal_only_ = c.literal_only;
  } else {
    // No groups are possible: find out whether the pattern is literal without compiling it.
    for (std::size_t i = 0; i < pat.size() && p.literal_only_; ++i) {
      std::size_t end;
      bool in;
      if (pat[i] == '\\') ++i;
      else if (pat[i] == '*' || pat[i] == '?' || (pat[i] == '[' && bracket_at(pat, i, 0, end, in))) p.literal_only_ = false;
    }
  }
  p.direct_ = p.plain_ && !p.nocase_;
  if (p.direct_) {
    std::size_t n = pat.size();
    if (p.literal_only_) {
      if (plain_ascii_literal(pat, p.lit_)) p.shape_ = Shape::Lit;
    } else if (n >= 1 && pat[0] == '*' && plain_ascii_literal(pat.substr(1), p.lit_)) p.shape_ = Shape::StarLit;
    else if (n >= 2 && pat[n - 1] == '*' && pat[n - 2] != '\\' && plain_ascii_literal(pat.substr(0, n - 1), p.lit_))
      p.shape_ = Shape::LitStar;
  }
  return p;
}

const Pattern::Seq& Pattern::seq() const {
  if (!seq_) seq_ = std::make_shared<const Seq>(Compiler{decode(raw_), 0, extglob_}.seq(false));
  return *seq_;
}

bool Pattern::is_literal() const { return literal_only_; }

bool Pattern::matches(std::string_view s) const {
  if (literal_only_ && !nocase_) return s == literal_;
  if (direct_) return match_plain(raw_, s);
  std::vector<CP> t = decode(s);
  if (plain_) {
    bool ok = false;
    simulate(seq(), t, 0, nocase_, [&](std::size_t k) {
      if (k == t.size()) ok = true;
      return !ok;
    });
    return ok;
  }
  Matcher m{t, nocase_, {}};
  return m.match(seq(), 0, 0, t.size());
}

std::optional<std::size_t> Pattern::match_prefix(std::string_view s, bool longest) const {
  // ASCII literals sit on character boundaries whatever the text holds, so these forms are
  // answered by searching for the literal.
  if (shape_ == Shape::Lit) {
    if (s.substr(0, lit_.size()) == lit_) return lit_.size();
    return std::nullopt;
  }
  if (shape_ == Shape::StarLit) {
    std::size_t at = longest ? s.rfind(lit_) : s.find(lit_);
    if (at == std::string_view::npos) return std::nullopt;
    return at + lit_.size();
  }
  if (shape_ == Shape::LitStar) {
    if (s.substr(0, lit_.size()) != lit_) return std::nullopt;
    return longest ? s.size() : lit_.size();
  }
  std::vector<std::size_t> off;
  std::vector<CP> t = decode(s, &off);
  std::optional<std::size_t> best;
  if (plain_) {
    simulate(seq(), t, 0, nocase_, [&](std::size_t k) {
      best = k;
      return longest;
    });
  } else {
    Matcher m{t, nocase_, {}};
    for (std::size_t k = 0; k <= t.size(); ++k) {
      std::size_t kk = longest ? t.size() - k : k;
      if (m.match(seq(), 0, 0, kk)) {
        best = kk;
        break;
      }
    }
  }
  if (!best) return std::nullopt;
  return off[*best];
}

std::optional<std::size_t> Pattern::match_suffix(std::string_view s, bool longest) const {
  if (shape_ == Shape::Lit) {
    if (s.size() >= lit_.size() && s.substr(s.size() - lit_.size()) == lit_) return s.size() - lit_.size();
    return std::nullopt;
  }
  if (shape_ == Shape::LitStar) {
    std::size_t at = longest ? s.find(lit_) : s.rfind(lit_);
    if (at == std::string_view::npos) return std::nullopt;
    return at;
  }
  if (shape_ == Shape::StarLit) {
    if (s.size() < lit_.size() || s.substr(s.size() - lit_.size()) != lit_) return std::nullopt;
    return longest ? 0 : s.size() - lit_.size();
  }
  std::vector<std::size_t> off;
  std::vector<CP> t = decode(s, &off);
  std::optional<std::size_t> best;
  if (plain_) {
    // Match the reversed pattern against the reversed text: prefixes become suffixes.
    Seq rev = reversed(seq());
    std::vector<CP> rt(t.rbegin(), t.rend());
    simulate(rev, rt, 0, nocase_, [&](std::size_t k) {
      best = t.size() - k;
      return longest;
    });
  } else {
    Matcher m{t, nocase_, {}};
    for (std::size_t k = 0; k <= t.size(); ++k) {
      std::size_t start = longest ? k : t.size() - k;
      if (m.match(seq(), 0, start, t.size())) {
        best = start;
        break;
      }
    }
  }
  if (!best) return std::nullopt;
  return off[*best];
}

std::optional<std::pair<std::size_t, std::size_t>> Pattern::search(std::string_view s, std::size_t from) const {
  std::vector<std::size_t> off;
  std::vector<CP> t = decode(s, &off);
  std::size_t start = 0;
  while (start < t.size() && off[start] < from) ++start;
  Matcher m{t, nocase_, {}};
  for (std::size_t p = start; p <= t.size(); ++p) {
    std::optional<std::size_t> best;
    if (plain_) {
      simulate(seq(), t, p, nocase_, [&](std::size_t k) {
        best = k;
        return true;
      });
    } else {
      for (std::size_t k = t.size() + 1; k-- > p;) {
        if (m.match(seq(), 0, p, k)) {
          best = k;
          break;
        }
      }
    }
    if (best) return std::make_pair(off[p], off[*best] - off[p]);
  }
  return std::nullopt;
}

bool pattern_match(std::string_view pat, std::string_view s, PatternFlags flags) {
  if (!flags.nocase && (!flags.extglob || pat.find('(') == std::string_view::npos)) return match_plain(pat, s);
  return Pattern::compile(pat, flags).matches(s);
}

bool has_glob_chars(std::string_view pat, bool extglob) {
  for (std::size_t i = 0; i < pat.size(); ++i) {
    char c = pat[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '*' || c == '?') return true;
    if (c == '[') {
      // Only a bracket expression with a closing ']' is special; a lone '[' (as in `[ x ]`) is not.
      std::size_t j = i + 1;
      if (j < pat.size() && (pat[j] == '!' || pat[j] == '^')) ++j;
      if (j < pat.size() && pat[j] == ']') ++j;
      for (; j < pat.size(); ++j) {
        if (pat[j] == '\\') {
          ++j;
          continue;
        }
        if (pat[j] == ']') return true;
      }
    }
    if (extglob && (c == '+' || c == '@' || c == '!') && i + 1 < pat.size() && pat[i + 1] == '(') return true;
  }
  return false;
}

std::string unescape_pattern(std::string_view pat) {
  std::string out;
  out.reserve(pat.size());
  for (std::size_t i = 0; i < pat.size(); ++i) {
    if (pat[i] == '\\' && i + 1 < pat.size()) ++i;
    out += pat[i];
  }
  return out;
}

}  // namespace fdsh::expand
