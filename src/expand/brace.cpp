// expand/brace.cpp — brace expansion on a flattened word: every unquoted literal character
// is one item, every other part (quoted text, expansions) an opaque item, so that braces
// and commas inside quotes or expansions never count.
#include "expand/brace.hpp"

#include <cstdint>
#include <string>

#include "lex/lexer.hpp"

namespace fdsh::expand {

namespace {

using PK = ast::WordPart::Kind;

struct Item {
  char c = 0;                      // literal character, when part == nullptr
  const ast::WordPart* part = nullptr;
  bool lit(char x) const { return !part && c == x; }
};
using Items = std::vector<Item>;

Items flatten(const ast::Word& w) {
  Items out;
  for (const ast::WordPart& p : w) {
    if (p.kind == PK::Literal) {
      for (char c : p.text) out.push_back(Item{c, nullptr});
    } else {
      out.push_back(Item{0, &p});
    }
  }
  return out;
}

ast::Word unflatten(const Items& items) {
  ast::Word w;
  for (const Item& it : items) {
    if (it.part) w.push_back(*it.part);
    else lex::append_part(w, PK::Literal, std::string_view(&it.c, 1));
  }
  return w;
}

bool parse_int(const std::string& s, std::int64_t& v) {
  if (s.empty() || s.size() > 18) return false;
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i >= s.size()) return false;
  for (std::size_t k = i; k < s.size(); ++k)
    if (s[k] < '0' || s[k] > '9') return false;
  v = std::stoll(s);
  return true;
}

// A {x..y[..step]} sequence; returns false if the text is not one.
bool sequence(const Items& body, std::vector<Items>& out, const BraceBudget& budget, bool& too_many) {
  std::string text;
  for (const Item& it : body) {
    if (it.part) return false;
    text += it.c;
  }
  std::size_t d1 = text.find("..");
  if (d1 == std::string::npos) return false;
  std::string a = text.substr(0, d1), rest = text.substr(d1 + 2), b = rest, st;
  std::size_t d2 = rest.find("..");
  if (d2 != std::string::npos) {
    b = rest.substr(0, d2);
    st = rest.substr(d2 + 2);
  }
  std::int64_t step = 1;
  if (!st.empty() && !parse_int(st, step)) return false;
  if (step == 0) step = 1;
  if (step < 0) step = -step;
  auto emit = [&](const std::string& s) {
    Items it;
    for (char c : s) it.push_back(Item{c, nullptr});
    out.push_back(std::move(it));
  };
  std::int64_t x, y;
  if (parse_int(a, x) && parse_int(b, y)) {
    // Zero padding when either end has a leading zero.
    std::size_t width = 0;
    auto padded = [](const std::string& s) {
      std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
      return s.size() > i + 1 && s[i] == '0';
    };
    if (padded(a) || padded(b)) width = std::max(a.size(), b.size());
    std::uint64_t count = static_cast<std::uint64_t>(x <= y ? y - x : x - y) / static_cast<std::uint64_t>(step) + 1;
    if (count > budget.words) {
      too_many = true;
      return true;
    }
    for (std::int64_t v = x;; v += (x <= y ? step : -step)) {
      if ((x <= y && v > y) || (x > y && v < y)) break;
      std::string s = std::to_string(v < 0 ? -v : v);
      std::size_t w = width ? width - (v < 0 ? 1 : 0) : 0;
      while (s.size() < w) s = "0" + s;
      emit(v < 0 ? "-" + s : s);
    }
    return true;
  }
  if (a.size() == 1 && b.size() == 1 && std::isalpha(static_cast<unsigned char>(a[0])) &&
      std::isalpha(static_cast<unsigned char>(b[0]))) {
    int p = a[0], q = b[0];
    for (int c = p;; c += (p <= q ? static_cast<int>(step) : -static_cast<int>(step))) {
      if ((p <= q && c > q) || (p > q && c < q)) break;
      emit(std::string(1, static_cast<char>(c)));
    }
    return true;
  }
  return false;
}

// Appends one finished word to `out`, charging it to the budget.
void finish(Items&& w, std::vector<Items>& out, BraceBudget& budget, bool& too_many) {
  if (budget.words == 0 || w.size() > budget.chars) {
    too_many = true;
    return;
  }
  --budget.words;
  budget.chars -= w.size();
  out.push_back(std::move(w));
}

// The '}' matching the '{' at w[open] (0 if none), with the positions of the commas at its
// top level and whether a literal '$' occurs inside.
std::size_t group_end(const Items& w, std::size_t open, std::vector<std::size_t>* commas, bool* dollar) {
  int level = 0;
  for (std::size_t k = open + 1; k < w.size(); ++k) {
    if (dollar && w[k].lit('$')) *dollar = true;
    if (w[k].lit('{')) {
      ++level;
    } else if (w[k].lit('}')) {
      if (level == 0) return k;
      --level;
    } else if (w[k].lit(',') && level == 0) {
      commas->push_back(k);
    }
  }
  return 0;
}

void expand(Items&& w, std::vector<Items>& out, BraceBudget& budget, bool& too_many, int depth) {
  if (too_many) return;
  if (depth > 100) {
    finish(std::move(w), out, budget, too_many);
    return;
  }
  // Find the first '{' that has a matching '}' with a top-level ',' or a valid sequence.
  for (std::size_t open = 0; open < w.size(); ++open) {
    if (!w[open].lit('{')) continue;
    if (open > 0 && w[open - 1].lit('$')) continue;  // ${ is not a brace expansion
    std::vector<std::size_t> commas;
    std::size_t close = group_end(w, open, &commas, nullptr);
    if (close == 0) continue;
    // Alternatives as ranges of w (a,b,c) or as generated text ({x..y}); each result is
    // w[0, open) + alternative + w(close, end), built in one allocation.
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    std::vector<Items> generated;
    if (!commas.empty()) {
      std::size_t start = open + 1;
      commas.push_back(close);
      for (std::size_t c : commas) {
        ranges.emplace_back(start, c);
        start = c + 1;
      }
    } else {
      Items body(w.begin() + static_cast<long>(open) + 1, w.begin() + static_cast<long>(close));
      if (!sequence(body, generated, budget, too_many)) continue;
      if (too_many) return;
    }
    std::size_t outside = open + (w.size() - close - 1);
    auto emit = [&](Items::const_iterator b, Items::const_iterator e) {
      std::size_t cost = outside + static_cast<std::size_t>(e - b);
      if (cost > budget.work) {
        too_many = true;
        return;
      }
      budget.work -= cost;
      Items joined;
      joined.reserve(cost);
      joined.insert(joined.end(), w.begin(), w.begin() + static_cast<long>(open));
      joined.insert(joined.end(), b, e);
      joined.insert(joined.end(), w.begin() + static_cast<long>(close) + 1, w.end());
      expand(std::move(joined), out, budget, too_many, depth + 1);
    };
    for (auto [b, e] : ranges) {
      emit(w.begin() + static_cast<long>(b), w.begin() + static_cast<long>(e));
      if (too_many) return;
    }
    for (const Items& g : generated) {
      emit(g.begin(), g.end());
      if (too_many) return;
    }
    return;
  }
  finish(std::move(w), out, budget, too_many);
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
    if (!w[open].lit('{') || (open > 0 && w[open - 1].lit('$'))) continue;
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

std::vector<ast::Word> brace_expand(const ast::Word& w, BraceBudget& budget, bool& too_many) {
  too_many = false;
  if (!has_brace(w)) return {w};
  Items flat = flatten(w);
  // {a,b}{a,b}... is refused before any of its words is built.
  if (words_at_least(flat, budget.words + 1) > budget.words) {
    too_many = true;
    return {w};
  }
  std::vector<Items> out;
  BraceBudget left = budget;
  expand(std::move(flat), out, left, too_many, 0);
  if (too_many) return {w};
  budget = left;
  std::vector<ast::Word> words;
  words.reserve(out.size());
  for (const Items& it : out) words.push_back(unflatten(it));
  return words;
}

std::vector<ast::Word> brace_expand(const ast::Word& w, bool& too_many) {
  BraceBudget budget;
  return brace_expand(w, budget, too_many);
}

}  // namespace fdsh::expand
