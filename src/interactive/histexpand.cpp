// interactive/histexpand.cpp — history expansion (bash's `!` and `^` forms) of one typed
// line, before the line is parsed. Only interactive shells with histexpand do this.
#include "interactive/histexpand.hpp"

#include <cctype>
#include <optional>

namespace fdsh::interactive {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }
bool is_operator(char c) { return c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// The expansion of one line in progress.
class Expander {
 public:
  Expander(std::string_view line, const History& h) : s_(line), h_(h) {}
  HistExpansion run();

 private:
  bool event(std::size_t& i, std::string& text);
  bool designators(std::size_t& i, const std::string& event_text, std::string& out);
  bool modifiers(std::size_t& i, std::string& text);
  bool word_range(std::size_t& i, const std::vector<std::string>& words, std::string& out);
  bool quick_substitution(std::size_t& i);
  bool fail(std::string message, std::size_t at) {
    r_.error = std::move(message);
    r_.error_at = at;
    return false;
  }
  const HistEntry* newest() const { return h_.empty() ? nullptr : &h_.entries().back(); }

  std::string_view s_;
  const History& h_;
  HistExpansion r_;
  std::string last_search_;
};

bool substitute(std::string& text, const std::string& from, const std::string& to, bool global) {
  if (from.empty()) return false;
  std::size_t pos = text.find(from);
  if (pos == std::string::npos) return false;
  do {
    text.replace(pos, from.size(), to);
    pos = text.find(from, pos + to.size());
  } while (global && pos != std::string::npos);
  return true;
}

bool Expander::event(std::size_t& i, std::string& text) {
  std::size_t at = i;
  ++i;  // the '!'
  char c = s_[i];
  const HistEntry* e = nullptr;
  if (c == '!' || c == '$' || c == '^' || c == '*' || c == ':') {
    if (c == '!') ++i;
    e = newest();
    if (!e) return fail(std::string(s_.substr(at, i - at + (c == '!' ? 0 : 1))) + ": event not found", at);
  } else if (is_digit(c) || (c == '-' && i + 1 < s_.size() && is_digit(s_[i + 1]))) {
    bool back = c == '-';
    if (back) ++i;
    std::size_t start = i;
    while (i < s_.size() && is_digit(s_[i])) ++i;
    std::uint64_t n = std::stoull(std::string(s_.substr(start, std::min<std::size_t>(i - start, 18))));
    std::uint64_t want = back ? (n <= h_.next_number() ? h_.next_number() - n : 0) : n;
    e = h_.find(want);
    if (!e) return fail(std::string(s_.substr(at, i - at)) + ": event not found", at);
  } else {
    bool contains = c == '?';
    if (contains) ++i;
    std::size_t start = i;
    if (contains) {
      while (i < s_.size() && s_[i] != '?' && s_[i] != '\n') ++i;
    } else {
      while (i < s_.size() && !is_blank(s_[i]) && s_[i] != ':' && !is_operator(s_[i]) && s_[i] != '"' && s_[i] != '\'')
        ++i;
    }
    std::string want(s_.substr(start, i - start));
    if (contains && i < s_.size() && s_[i] == '?') ++i;
    if (contains && want.empty()) want = last_search_;
    if (contains) last_search_ = want;
    const auto& all = h_.entries();
    for (auto it = all.rbegin(); it != all.rend() && !want.empty(); ++it) {
      bool hit = contains ? it->text.find(want) != std::string::npos : it->text.rfind(want, 0) == 0;
      if (hit) {
        e = &*it;
        break;
      }
    }
    if (!e) return fail(std::string(s_.substr(at, i - at)) + ": event not found", at);
  }
  text = e->text;
  return true;
}

bool Expander::word_range(std::size_t& i, const std::vector<std::string>& words, std::string& out) {
  std::size_t at = i;
  long last = static_cast<long>(words.size()) - 1;
  auto number = [&](long& v) -> bool {
    if (i < s_.size() && s_[i] == '^')
      v = 1;
    else if (i < s_.size() && s_[i] == '$')
      v = last;
    else if (i < s_.size() && is_digit(s_[i])) {
      v = 0;
      while (i < s_.size() && is_digit(s_[i]) && v < 100000) v = v * 10 + (s_[i++] - '0');
      return true;
    } else {
      return false;
    }
    ++i;
    return true;
  };
  long from = 0, to = 0;
  if (i < s_.size() && s_[i] == '*') {
    ++i;
    from = 1, to = last;
    if (last < 1) return true;  // `!*` of a one-word command is empty
  } else if (i < s_.size() && s_[i] == '-') {
    ++i;
    from = 0;
    if (!number(to)) to = last - 1;
  } else {
    if (!number(from)) return fail(std::string(s_.substr(at, 1)) + ": bad word specifier", at);
    to = from;
    if (i < s_.size() && s_[i] == '*') {
      ++i;
      to = last;
    } else if (i < s_.size() && s_[i] == '-') {
      ++i;
      if (!number(to)) to = last - 1;
    }
  }
  if (from < 0 || to > last || from > to) return fail(std::string(s_.substr(at, i - at)) + ": bad word specifier", at);
  for (long k = from; k <= to; ++k) {
    if (k > from) out += ' ';
    out += words[static_cast<std::size_t>(k)];
  }
  return true;
}

bool Expander::designators(std::size_t& i, const std::string& event_text, std::string& out) {
  // A designator after ':' or, for ^ $ * and %, directly after the event.
  bool colon = i + 1 < s_.size() && s_[i] == ':' &&
               (is_digit(s_[i + 1]) || s_[i + 1] == '^' || s_[i + 1] == '$' || s_[i + 1] == '*' || s_[i + 1] == '-');
  bool bare = i < s_.size() && (s_[i] == '^' || s_[i] == '$' || s_[i] == '*');
  if (!colon && !bare) {
    out = event_text;
    return true;
  }
  std::size_t at = i;
  if (colon) ++i;
  if (word_range(i, history_words(event_text), out)) return true;
  if (colon) r_.error = ":" + r_.error;  // bash names the designator with its colon
  r_.error_at = at;
  return false;
}

bool Expander::modifiers(std::size_t& i, std::string& text) {
  while (i + 1 < s_.size() && s_[i] == ':') {
    char m = s_[i + 1];
    bool global = false;
    std::size_t at = i;
    if (m == 'g' || m == 'a') {
      global = true;
      if (i + 2 >= s_.size() || s_[i + 2] != 's') return true;
      ++i;
      m = 's';
    }
    if (m == 'p') {
      r_.print_only = true;
    } else if (m == 'h') {
      auto slash = text.rfind('/');
      if (slash != std::string::npos) text = slash == 0 ? "/" : text.substr(0, slash);
    } else if (m == 't') {
      auto slash = text.rfind('/');
      if (slash != std::string::npos) text = text.substr(slash + 1);
    } else if (m == 'r' || m == 'e') {
      auto dot = text.rfind('.');
      auto slash = text.rfind('/');
      bool has = dot != std::string::npos && (slash == std::string::npos || dot > slash);
      if (m == 'r' && has) text = text.substr(0, dot);
      if (m == 'e') text = has ? text.substr(dot) : "";
    } else if (m == 's' && i + 2 < s_.size()) {
      char d = s_[i + 2];
      std::size_t k = i + 3;
      std::string parts[2];
      for (int p = 0; p < 2; ++p) {
        while (k < s_.size() && s_[k] != d && s_[k] != '\n') {
          if (s_[k] == '\\' && k + 1 < s_.size() && s_[k + 1] == d) ++k;
          parts[p] += s_[k++];
        }
        if (k < s_.size() && s_[k] == d) ++k;
      }
      if (!substitute(text, parts[0], parts[1], global))
        return fail(std::string(s_.substr(at, k - at)) + ": substitution failed", at);
      i = k;
      continue;
    } else {
      return true;  // not a modifier: the ':' is ordinary text
    }
    i += 2;
  }
  return true;
}

bool Expander::quick_substitution(std::size_t& i) {
  // ^old^new^ at the start of the line: the previous command with old replaced by new.
  std::size_t k = 1;
  std::string parts[2];
  for (int p = 0; p < 2; ++p) {
    while (k < s_.size() && s_[k] != '^' && s_[k] != '\n') parts[p] += s_[k++];
    if (k < s_.size() && s_[k] == '^') ++k;
  }
  const HistEntry* e = newest();
  if (!e) return fail("^" + parts[0] + ": event not found", 0);
  std::string text = e->text;
  if (!substitute(text, parts[0], parts[1], false))
    return fail(":s^" + parts[0] + "^" + parts[1] + ": substitution failed", 0);
  r_.line += text;
  r_.changed = true;
  i = k;
  return true;
}

HistExpansion Expander::run() {
  std::size_t i = 0;
  if (!s_.empty() && s_[0] == '^' && !quick_substitution(i)) return r_;
  bool single = false, dbl = false;
  while (i < s_.size()) {
    char c = s_[i];
    if (single) {
      single = c != '\'';
      r_.line += s_[i++];
      continue;
    }
    if (c == '\\' && i + 1 < s_.size()) {
      r_.line.append(s_.substr(i, 2));
      i += 2;
      continue;
    }
    if (c == '\'' && !dbl) single = true;
    if (c == '"') dbl = !dbl;
    std::optional<char> next;
    if (i + 1 < s_.size()) next = s_[i + 1];
    // As in bash, `$!`, `${!name}` and `[!...]` are not history expansions.
    char prev = i > 0 ? s_[i - 1] : 0;
    bool inhibited = prev == '$' || (prev == '{' && i > 1 && s_[i - 2] == '$') ||
                     (prev == '[' && s_.find(']', i + 1) != std::string_view::npos);
    if (c != '!' || !next || inhibited || is_blank(*next) || *next == '=' || *next == '(' ||
        (dbl && *next == '"')) {
      r_.line += s_[i++];
      continue;
    }
    std::string ev, words;
    if (!event(i, ev) || !designators(i, ev, words) || !modifiers(i, words)) return r_;
    r_.line += words;
    r_.changed = true;
  }
  return r_;
}

}  // namespace

HistExpansion expand_history(std::string_view line, const History& h) { return Expander(line, h).run(); }

std::vector<std::string> history_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_blank(text[i])) {
      ++i;
      continue;
    }
    std::string w;
    if (is_operator(text[i])) {
      while (i < text.size() && is_operator(text[i])) w += text[i++];
      words.push_back(w);
      continue;
    }
    char quote = 0;
    while (i < text.size() && (quote || (!is_blank(text[i]) && !is_operator(text[i])))) {
      char c = text[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\' && i + 1 < text.size()) {
        w += text[i++];
      }
      w += text[i++];
    }
    words.push_back(w);
  }
  return words;
}

}  // namespace fdsh::interactive
