// expand/expand.cpp — XCU 2.6: the expansions of one word, in order, building fields with
// the quoting information that field splitting (2.6.5) and pathname expansion (2.6.6) need.
// Tilde expansion (2.6.1), command substitution, arithmetic and the driver are here; parameter
// expansion (2.6.2) is in param.cpp, the field builder in builder.hpp.
#include "expand/expand.hpp"

#include <cstdint>

#include "expand/brace.hpp"
#include "expand/builder.hpp"
#include "expand/glob.hpp"
#include "expand/pattern.hpp"
#include "os/sys.hpp"

namespace fdsh::expand {

using ast::ParamOp;
using ast::Word;
using ast::WordPart;
using PK = ast::WordPart::Kind;

void strip_trailing_newlines(std::string& s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string escape_pattern(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    if (is_pattern_char(c)) o += '\\';
    o += c;
  }
  return o;
}

static bool word_has_at(const Word& w) {
  for (const WordPart& p : w) {
    if (p.kind == PK::Param && p.param) {
      const auto& pr = *p.param;
      if (pr.name == "@" && pr.op != ParamOp::Length) return true;
      if (pr.op == ParamOp::NamesPrefix && pr.transform == '@') return true;  // "${!prefix@}"
      if (pr.has_index && pr.index.size() == 1 && pr.index[0].kind == PK::Literal && pr.index[0].text == "@" &&
          pr.op != ParamOp::Length)
        return true;
    }
  }
  return false;
}

std::optional<std::string> Host::user_home(const std::string& user) { return os::home_of(user); }

std::string Expander::tilde(const std::string& prefix, bool& ok) {
  ok = true;
  if (prefix.empty()) {
    auto home = h_.lookup("HOME");
    if (home) return *home;
    auto pw = h_.user_home("");
    if (pw) return *pw;
    ok = false;
    return {};
  }
  if (prefix == "+") {
    auto v = h_.lookup("PWD");
    if (v) return *v;
  } else if (prefix == "-") {
    auto v = h_.lookup("OLDPWD");
    if (v) return *v;
  } else {
    auto pw = h_.user_home(prefix);
    if (pw) return *pw;
  }
  ok = false;
  return {};
}

void Expander::parts(const Word& w, Builder& b, bool quoted, bool split_literals, bool do_tilde) {
  std::size_t start = 0;
  if (do_tilde && !quoted && !w.empty() && w[0].kind == PK::Literal && !w[0].text.empty() && w[0].text[0] == '~') {
    const std::string& t = w[0].text;
    std::size_t slash = t.find('/');
    if (slash != std::string::npos || w.size() == 1) {
      std::string prefix = t.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
      bool ok;
      std::string home = tilde(prefix, ok);
      if (ok) {
        b.lit(home, true);
        if (slash != std::string::npos) b.lit(std::string_view(t).substr(slash), false);
        start = 1;
      }
    }
  }
  for (std::size_t i = start; i < w.size(); ++i) part(w[i], b, quoted, split_literals);
}

void Expander::part(const WordPart& p, Builder& b, bool quoted, bool split_literals) {
  switch (p.kind) {
    case PK::Literal:
      if (quoted) b.lit(p.text, true);
      else if (split_literals) b.exp(p.text);
      else b.lit(p.text, false);
      break;
    case PK::SingleQuoted:
    case PK::Escaped:
      b.lit(p.text, true);
      break;
    case PK::DoubleQuoted:
      if (!word_has_at(p.parts)) b.lit("", true);
      for (const WordPart& c : p.parts) part(c, b, true, false);
      break;
    case PK::Param: param(p, b, quoted); break;
    case PK::CommandSub: {
      std::string out = h_.command_subst(p.cmd);
      strip_trailing_newlines(out);
      if (quoted) b.lit(out, true);
      else b.exp(out);
      break;
    }
    case PK::Arith: {
      std::int64_t v = arith(p.parts, p.pos);
      std::string s = std::to_string(v);
      if (quoted) b.lit(s, true);
      else b.exp(s);
      break;
    }
    case PK::ProcSubIn:
    case PK::ProcSubOut: {
      std::string path = h_.process_subst(p.cmd, p.kind == PK::ProcSubIn);
      b.lit(path, true);
      break;
    }
  }
}

std::string Expander::param_arg_string(const Word& w, bool quoted) {
  Builder b(h_);
  b.split = false;
  parts(w, b, quoted, false, true);
  return b.cur.text;
}

std::vector<std::string> Expander::glob_field(const Field& f) {
  const state::Options& o = h_.options();
  GlobOptions g;
  g.dotglob = o.dotglob;
  g.extglob = o.extglob;
  g.nocase = o.nocaseglob;
  g.globstar = o.globstar;
  return glob_expand(f.pat, g);
}

void Expander::word_fields(const Word& w, std::vector<std::string>& out) {
  // Fast path: a plain unquoted literal without pattern or tilde characters is itself.
  if (w.size() == 1 && w[0].kind == PK::Literal) {
    const std::string& t = w[0].text;
    if (!t.empty() && t[0] != '~' && t.find_first_of("*?[") == std::string::npos) {
      out.push_back(t);
      return;
    }
  }
  Builder b(h_);
  parts(w, b, false, false, true);
  b.end();
  const state::Options& o = h_.options();
  for (Field& f : b.out) {
    if (f.glob && !o.noglob && has_glob_chars(f.pat, o.extglob)) {
      std::vector<std::string> m = glob_field(f);
      if (!m.empty()) {
        for (auto& s : m) out.push_back(std::move(s));
        continue;
      }
      if (o.nullglob) continue;
      if (o.failglob) h_.fail_command(w.empty() ? ast::Pos{} : w[0].pos, "no match: " + f.text);
    }
    out.push_back(std::move(f.text));
  }
}

std::vector<std::string> Expander::words(const std::vector<Word>& ws) {
  std::vector<std::string> out;
  out.reserve(ws.size());
  BraceBudget budget;
  for (const Word& w : ws) {
    if (h_.options().braceexpand && !h_.options().posix && has_brace(w)) {
      if (!brace_expand_each(w, budget, [&](Word&& e) { word_fields(e, out); }))
        h_.fail(w.empty() ? ast::Pos{} : w[0].pos, "brace expansion produces too many words");
      continue;
    }
    word_fields(w, out);
  }
  return out;
}

std::string Expander::string(const Word& w) {
  Builder b(h_);
  b.split = false;
  parts(w, b, false, false, true);
  return std::move(b.cur.text);
}

std::string Expander::assignment(const Word& w) {
  if (w.empty()) return {};
  if (w.size() == 1 && w[0].kind == PK::Literal && w[0].text.find('~') == std::string::npos) return w[0].text;
  Builder b(h_);
  b.split = false;
  // Tilde expansion at the start and after each unquoted ':' (XCU 2.6.1).
  for (std::size_t i = 0; i < w.size(); ++i) {
    const WordPart& p = w[i];
    if (p.kind != PK::Literal) {
      part(p, b, false, false);
      continue;
    }
    const std::string& t = p.text;
    std::size_t pos = 0;
    while (pos <= t.size()) {
      bool at_start = (pos == 0 && i == 0) || (pos > 0 && t[pos - 1] == ':');
      if (at_start && pos < t.size() && t[pos] == '~') {
        std::size_t end = t.find_first_of("/:", pos);
        bool last = end == std::string::npos;
        if (!last || i + 1 == w.size()) {
          std::string prefix = t.substr(pos + 1, last ? std::string::npos : end - pos - 1);
          bool ok;
          std::string home = tilde(prefix, ok);
          if (ok) {
            b.lit(home, true);
            pos = last ? t.size() : end;
            if (pos >= t.size()) break;
            continue;
          }
        }
      }
      std::size_t colon = t.find(':', pos);
      if (colon == std::string::npos) {
        b.lit(std::string_view(t).substr(pos), false);
        break;
      }
      b.lit(std::string_view(t).substr(pos, colon - pos + 1), false);
      pos = colon + 1;
      if (pos == t.size()) break;
    }
  }
  return std::move(b.cur.text);
}

std::string Expander::pattern(const Word& w) {
  Builder b(h_);
  b.split = false;
  parts(w, b, false, false, true);
  return std::move(b.cur.pat);
}

std::string Expander::regex(const Word& w) {
  Builder b(h_);
  b.split = false;
  b.regex = true;
  parts(w, b, false, false, true);
  return std::move(b.cur.pat);
}

std::string Expander::arith_text(const Word& w) {
  Builder b(h_);
  b.split = false;
  parts(w, b, false, false, false);
  return std::move(b.cur.text);
}

std::int64_t Expander::arith(const Word& w, ast::Pos pos) {
  std::string text = arith_text(w);
  auto r = arith_eval(text, h_);
  if (!r) h_.fail(pos, "arithmetic: " + r.error().message);
  return *r;
}

}  // namespace fdsh::expand
