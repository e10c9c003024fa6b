// expand/brace.cpp — brace expansion on a flattened word: every unquoted literal character
// is one item, every other part (quoted text, expansions) an opaque item, so that braces
// and commas inside quotes or expansions never count.
#include "expand/brace.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "lex/lexer.hpp"

namespace fdsh::expand {

namespace {

using PK = ast::WordPart::Kind;

// A flattened word: codes 0-255 are unquoted literal bytes, 256 + i stands for the word's
// i-th non-literal part. Four bytes per character keeps a command's expansion at the
// character budget within 64 MB.
using Code = std::uint32_t;
using Items = std::vector<Code>;
constexpr Code kPartBase = 256;

bool is_lit(Code c, char x) { return c == static_cast<unsigned char>(x); }

struct Flat {
  std::vector<const ast::WordPart*> parts;
  std::vector<std::size_t> weights;  // characters each part stands for, at least (1 for expansions)
  Items codes;
};

std::size_t weight(const ast::WordPart& p) {
  switch (p.kind) {
    case PK::Literal: case PK::SingleQuoted: case PK::Escaped:
      return std::max<std::size_t>(p.text.size(), 1);
    case PK::DoubleQuoted: {
      std::size_t n = 0;
      for (const ast::WordPart& c : p.parts) n += weight(c);
      return std::max<std::size_t>(n, 1);
    }
    default:
      return 1;
  }
}

Flat flatten(const ast::Word& w) {
  Flat out;
  for (const ast::WordPart& p : w) {
    if (p.kind == PK::Literal) {
      for (char c : p.text) out.codes.push_back(static_cast<unsigned char>(c));
    } else {
      out.codes.push_back(kPartBase + static_cast<Code>(out.parts.size()));
      out.parts.push_back(&p);
      out.weights.push_back(weight(p));
    }
  }
  return out;
}

ast::Word unflatten(const Code* b, const Code* e, const std::vector<const ast::WordPart*>& parts) {
  ast::Word w;
  std::string run;
  for (const Code* c = b; c != e; ++c) {
    if (*c < kPartBase) {
      run += static_cast<char>(*c);
      continue;
    }
    if (!run.empty()) lex::append_part(w, PK::Literal, run);
    run.clear();
    w.push_back(*parts[*c - kPartBase]);
  }
  if (!run.empty()) lex::append_part(w, PK::Literal, run);
  return w;
}

// Every finished word, one after another in one buffer.
struct Out {
  const std::vector<std::size_t>& weights;
  Items codes;
  std::vector<std::size_t> ends;
};

bool parse_int(const std::string& s, std::int64_t& v) {
  if (s.empty() || s.size() > 18) return false;
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i >= s.size()) return false;
  for (std::size_t k = i; k < s.size(); ++k)
    if (s[k] < '0' || s[k] > '9') return false;
  v = std::stoll(s);
  return true;
}

// A {x..y[..step]} sequence of integers or of letters.
struct Seq {
  bool numeric = true;
  std::int64_t x = 0, y = 0, step = 1;
  std::size_t width = 0;  // zero padding, when either end has a leading zero
  std::uint64_t count() const {
    return static_cast<std::uint64_t>(x <= y ? y - x : x - y) / static_cast<std::uint64_t>(step) + 1;
  }
  // Calls f with the text of each element in order.
  template <class F>
  void each(F&& f) const {
    std::int64_t d = x <= y ? step : -step;
    for (std::uint64_t i = 0, n = count(); i < n; ++i) {
      std::int64_t v = x + static_cast<std::int64_t>(i) * d;
      if (!numeric) {
        char c = static_cast<char>(v);
        f(std::string_view(&c, 1));
        continue;
      }
      std::string s = std::to_string(v < 0 ? -v : v);
      std::size_t w = width ? width - (v < 0 ? 1 : 0) : 0;
      if (s.size() < w) s.insert(0, w - s.size(), '0');
      if (v < 0) s.insert(0, 1, '-');
      f(std::string_view(s));
    }
  }
};

// Reads w[b, e) as a sequence; returns false if it is not one.
bool sequence(const Code* b, const Code* e, Seq& seq) {
  std::string text;
  for (const Code* c = b; c != e; ++c) {
    if (*c >= kPartBase) return false;
    text += static_cast<char>(*c);
  }
  std::size_t d1 = text.find("..");
  if (d1 == std::string::npos) return false;
  std::string a = text.substr(0, d1), rest = text.substr(d1 + 2), z = rest, st;
  std::size_t d2 = rest.find("..");
  if (d2 != std::string::npos) {
    z = rest.substr(0, d2);
    st = rest.substr(d2 + 2);
  }
  std::int64_t step = 1;
  if (!st.empty() && !parse_int(st, step)) return false;
  if (step == 0) step = 1;
  if (step < 0) step = -step;
  seq.step = step;
  if (parse_int(a, seq.x) && parse_int(z, seq.y)) {
    auto padded = [](const std::string& s) {
      std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
      return s.size() > i + 1 && s[i] == '0';
    };
    seq.numeric = true;
    seq.width = padded(a) || padded(z) ? std::max(a.size(), z.size()) : 0;
    return true;
  }
  if (a.size() == 1 && z.size() == 1 && std::isalpha(static_cast<unsigned char>(a[0])) &&
      std::isalpha(static_cast<unsigned char>(z[0]))) {
    seq.numeric = false;
    seq.x = static_cast<unsigned char>(a[0]);
    seq.y = static_cast<unsigned char>(z[0]);
    return true;
  }
  return false;
}

// Appends one finished word to `out`, charging it to the budget.
// A quoted part counts as the characters it holds.
void finish(const Items& w, Out& out, BraceBudget& budget, bool& too_many) {
  std::size_t chars = 0;
  for (Code c : w) chars += c < kPartBase ? 1 : out.weights[c - kPartBase];
  if (budget.words == 0 || chars > budget.chars) {
    too_many = true;
    return;
  }
  --budget.words;
  budget.chars -= chars;
  out.codes.insert(out.codes.end(), w.begin(), w.end());
  out.ends.push_back(out.codes.size());
}

// The '}' matching the '{' at w[open] (0 if none), with the positions of the commas at its
// top level and whether a literal '$' occurs inside.
std::size_t group_end(const Items& w, std::size_t open, std::vector<std::size_t>* commas, bool* dollar) {
  int level = 0;
  for (std::size_t k = open + 1; k < w.size(); ++k) {
    Code c = w[k];
    if (dollar && is_lit(c, '$')) *dollar = true;
    if (is_lit(c, '{')) {
      ++level;
    } else if (is_lit(c, '}')) {
      if (level == 0) return k;
      --level;
    } else if (is_lit(c, ',') && level == 0) {
      commas->push_back(k);
    }
  }
  return 0;
}

// Finds the leftmost '{' that expands (matched, not after '$', with a comma at its top level
// or a sequence as its body) in one pass: braces are matched with a stack, and only groups
// without nested braces can be sequences, so each character is looked at a bounded number
// of times however many braces stay unmatched. Sets `seq` for a sequence.
bool first_group(const Items& w, std::size_t& open, std::size_t& close, Seq& seq) {
  struct Open {
    std::size_t pos;
    bool comma = false;
    bool nested = false;
  };
  std::vector<Open> stack;
  bool found = false;
  for (std::size_t k = 0; k < w.size(); ++k) {
    Code c = w[k];
    if (is_lit(c, '{')) {
      if (!stack.empty()) stack.back().nested = true;
      stack.push_back(Open{k});
    } else if (is_lit(c, ',')) {
      if (!stack.empty()) stack.back().comma = true;
    } else if (is_lit(c, '}') && !stack.empty()) {
      Open o = stack.back();
      stack.pop_back();
      if ((found && o.pos > open) || (o.pos > 0 && is_lit(w[o.pos - 1], '$'))) continue;
      Seq s;
      if (o.comma || (!o.nested && sequence(w.data() + o.pos + 1, w.data() + k, s))) {
        open = o.pos;
        close = k;
        seq = s;
        found = true;
      }
    }
  }
  return found;
}

void expand(const Items& w, Out& out, BraceBudget& budget, bool& too_many, int depth) {
  if (too_many) return;
  if (depth > 100) {
    finish(w, out, budget, too_many);
    return;
  }
  // The first '{' that has a matching '}' with a top-level ',' or a valid sequence.
  std::size_t open = 0, close = 0;
  Seq seq;
  if (first_group(w, open, close, seq)) {
    std::vector<std::size_t> commas;
    group_end(w, open, &commas, nullptr);
    if (commas.empty() && seq.count() > budget.words) {
      too_many = true;
      return;
    }
    // Each result is w[0, open) + alternative + w(close, end), built in one buffer.
    std::size_t outside = open + (w.size() - close - 1);
    Items joined;
    auto emit = [&](auto b, auto e) {
      std::size_t cost = outside + static_cast<std::size_t>(e - b);
      if (cost > budget.work) {
        too_many = true;
        return;
      }
      budget.work -= cost;
      joined.clear();
      joined.reserve(cost);
      joined.insert(joined.end(), w.begin(), w.begin() + static_cast<long>(open));
      joined.insert(joined.end(), b, e);
      joined.insert(joined.end(), w.begin() + static_cast<long>(close) + 1, w.end());
      expand(joined, out, budget, too_many, depth + 1);
    };
    if (!commas.empty()) {
      std::size_t start = open + 1;
      commas.push_back(close);
      for (std::size_t c : commas) {
        emit(w.begin() + static_cast<long>(start), w.begin() + static_cast<long>(c));
        if (too_many) return;
        start = c + 1;
      }
      return;
    }
    Items text;
    seq.each([&](std::string_view s) {
      if (too_many) return;
      text.assign(s.begin(), s.end());
      for (Code& c : text) c &= 0xff;
      emit(text.begin(), text.end());
    });
    return;
  }
  finish(w, out, budget, too_many);
}

// A lower bound on the number of words w expands to: the product of the alternative counts
// of its top-level comma groups. Each such group still expands after the others are
// replaced, unless an alternative of the group just before it ends in '$' (making `${`), so a
// group right after one that holds a '$' is not counted. Saturates at `cap`.
std::size_t words_at_least(const Items& w, std::size_t cap) {
  std::size_t n = 1;
  bool prev_has_dollar = false;
  std::size_t prev_close = 0;
  for (std::size_t open = 0; open < w.size(); ++open) {
    if (!is_lit(w[open], '{') || (open > 0 && is_lit(w[open - 1], '$'))) continue;
    std::vector<std::size_t> commas;
    bool dollar = false;
    std::size_t close = group_end(w, open, &commas, &dollar);
    if (close == 0 || commas.empty()) continue;
    std::size_t alts = commas.size() + 1;
    bool adjacent = open > 0 && prev_close == open - 1;
    if (!(adjacent && prev_has_dollar)) n = n > cap / alts ? cap : n * alts;
    prev_has_dollar = dollar;
    prev_close = close;
    open = close;
  }
  return n;
}

}  // namespace

bool has_brace(const ast::Word& w) {
  for (const ast::WordPart& p : w)
    if (p.kind == PK::Literal && p.text.find('{') != std::string::npos) return true;
  return false;
}

bool brace_expand_each(const ast::Word& w, BraceBudget& budget, const std::function<void(ast::Word&&)>& each) {
  if (!has_brace(w)) {
    ast::Word copy = w;
    each(std::move(copy));
    return true;
  }
  Flat flat = flatten(w);
  // {a,b}{a,b}... is refused before any of its words is built.
  if (words_at_least(flat.codes, budget.words + 1) > budget.words) return false;
  Out out{flat.weights, {}, {}};
  BraceBudget left = budget;
  bool too_many = false;
  expand(flat.codes, out, left, too_many, 0);
  if (too_many) return false;
  budget = left;
  Items().swap(flat.codes);
  std::size_t start = 0;
  for (std::size_t end : out.ends) {
    each(unflatten(out.codes.data() + start, out.codes.data() + end, flat.parts));
    start = end;
  }
  return true;
}

std::vector<ast::Word> brace_expand(const ast::Word& w, BraceBudget& budget, bool& too_many) {
  std::vector<ast::Word> words;
  too_many = !brace_expand_each(w, budget, [&](ast::Word&& e) { words.push_back(std::move(e)); });
  if (too_many) return {w};
  return words;
}

std::vector<ast::Word> brace_expand(const ast::Word& w, bool& too_many) {
  BraceBudget budget;
  return brace_expand(w, budget, too_many);
}

}  // namespace fdsh::expand
