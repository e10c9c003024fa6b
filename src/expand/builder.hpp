// expand/builder.hpp — how the expansions of one word become fields (XCU 2.6): quoted and
// unquoted text, field splitting on IFS (XCU 2.6.5) as it goes, and the pattern text that
// pathname expansion (XCU 2.6.6) needs. Internal to src/expand: expand.cpp expands words
// with it, param.cpp (parameter expansion) adds to it.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "expand/expand.hpp"
#include "util/text.hpp"

namespace fdsh::expand {

/// Characters that have a meaning in a pattern (escaped when they come from quoted text).
inline bool is_pattern_char(char c) { return c && std::strchr("*?[]\\!@+()|^-", c) != nullptr; }
/// Characters that make unquoted text a pattern for pathname expansion.
inline bool is_glob_char(char c) { return c == '*' || c == '?' || c == '['; }

struct Expander::Builder {
  // IFS as the host has it: it splits fields and its first character joins "$*".
  explicit Builder(Host& h) {
    if (const std::string* v = h.ifs()) {
      ifs = *v;
      ifs_empty = v->empty();
    }
  }
  enum State { Start, InField, AfterWs, AfterDelim };
  std::vector<Field> out;
  Field cur;
  State st = Start;
  bool split = true;
  bool regex = false;  // pat is an extended regular expression, not a glob pattern
  std::string ifs = " \t\n";
  bool ifs_empty = false;

  /// The first character of IFS (a whole UTF-8 sequence), which joins "$*".
  std::string ifs_first() const { return ifs.substr(0, util::utf8_char_len(ifs)); }

  void lit(std::string_view s, bool quoted) {
    cur.text += s;
    if (quoted) {
      for (char c : s) {
        if (regex ? (c && std::strchr(".[]()*+?{}|^$\\", c) != nullptr) : is_pattern_char(c)) cur.pat += '\\';
        cur.pat += c;
      }
      cur.keep = true;
      st = InField;
    } else {
      for (char c : s) {
        if (is_glob_char(c)) cur.glob = true;
        cur.pat += c;
      }
      if (!s.empty()) st = InField;
    }
  }
  // The result of an expansion: literal text when quoted, else split and glob-active.
  void put(std::string_view s, bool quoted) {
    if (quoted) lit(s, true);
    else exp(s);
  }
  // Unquoted text from an expansion: glob-active, and split if splitting. Runs of characters
  // that are not in IFS are appended whole.
  void exp(std::string_view s) {
    if (!split || ifs_empty) {
      append_run(s);
      if (!s.empty()) st = InField;
      return;
    }
    if (!classes_ready) classify();
    std::size_t i = 0, n = s.size();
    while (i < n) {
      std::uint8_t k = classes[static_cast<unsigned char>(s[i])];
      if (k == kIfsWhite) {
        if (st == InField) {
          finish();
          st = AfterWs;
        }
        ++i;
      } else if (k == kIfsOther || (k == kIfsMulti && multi_at(s, i))) {
        if (st != AfterWs) finish();
        st = AfterDelim;
        i += k == kIfsOther ? 1 : util::utf8_char_len(s.substr(i));
      } else {
        std::size_t j = i + 1;
        while (j < n && classes[static_cast<unsigned char>(s[j])] == kNotIfs) ++j;
        append_run(s.substr(i, j - i));
        st = InField;
        i = j;
      }
    }
  }
  // Field-splitting class of every byte, from ifs. A multibyte IFS character marks its
  // first byte kIfsMulti: the text there separates fields only if the whole sequence follows.
  static constexpr std::uint8_t kNotIfs = 0, kIfsWhite = 1, kIfsOther = 2, kIfsMulti = 3;
  std::array<std::uint8_t, 256> classes{};
  bool classes_ready = false;
  std::vector<std::string> multi;  // the multibyte characters of IFS
  void classify() {
    classes.fill(kNotIfs);
    for (std::size_t i = 0; i < ifs.size();) {
      std::size_t len = util::utf8_char_len(std::string_view(ifs).substr(i));
      auto c = static_cast<unsigned char>(ifs[i]);
      if (len > 1) {
        multi.push_back(ifs.substr(i, len));
        if (classes[c] == kNotIfs) classes[c] = kIfsMulti;
      } else {
        classes[c] = (c == ' ' || c == '\t' || c == '\n') ? kIfsWhite : kIfsOther;
      }
      i += len;
    }
    classes_ready = true;
  }
  bool multi_at(std::string_view s, std::size_t i) const {
    for (const std::string& m : multi)
      if (s.substr(i, m.size()) == m) return true;
    return false;
  }
  // Appends unquoted text: glob characters make the field a pattern, a backslash is escaped
  // in the pattern so that it stands for itself.
  void append_run(std::string_view r) {
    cur.text.append(r);
    if (regex) {  // an unquoted expansion in =~ is regex syntax as it stands
      cur.pat.append(r);
      return;
    }
    std::size_t start = 0;
    for (std::size_t k = 0; k < r.size(); ++k) {
      char c = r[k];
      if (c == '\\') {
        cur.pat.append(r.substr(start, k - start));
        cur.pat += '\\';
        start = k;
      } else if (is_glob_char(c)) {
        cur.glob = true;
      }
    }
    cur.pat.append(r.substr(start));
  }
  void finish() {
    out.push_back(std::move(cur));
    cur = Field{};
  }
  // Between elements of unquoted $@ / $*: a field boundary that drops empty fields.
  void soft_break() {
    if (st == InField || cur.keep || !cur.text.empty()) finish();
    st = Start;
  }
  void end() {
    if (!cur.text.empty() || cur.keep) out.push_back(std::move(cur));
    cur = Field{};
  }
};

}  // namespace fdsh::expand
