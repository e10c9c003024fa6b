// expand/expand.cpp — XCU 2.6: the expansions of one word, in order, building fields with
// the quoting information that field splitting (2.6.5) and pathname expansion (2.6.6) need.
#include "expand/expand.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "expand/brace.hpp"
#include "expand/glob.hpp"
#include "expand/pattern.hpp"
#include "lex/lexer.hpp"
#include "os/sys.hpp"
#include "util/text.hpp"

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

namespace {

bool is_pattern_char(char c) { return c && std::strchr("*?[]\\!@+()|^-", c) != nullptr; }
bool is_glob_char(char c) { return c == '*' || c == '?' || c == '['; }

// Byte offset of the character index `ci` in UTF-8 text (clamped).
std::size_t char_offset(std::string_view s, std::int64_t ci) {
  std::size_t i = 0;
  std::int64_t n = 0;
  while (i < s.size() && n < ci) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    ++n;
  }
  return i;
}

std::string shell_quote(const std::string& s, bool prefer_single = false) {
  if (s.empty()) return "''";
  bool plain = true;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || std::strchr("_-./:=+,@%^", c) || u >= 0x80)) plain = false;
  }
  if (plain) return s;
  bool ctrl = false;
  for (char c : s)
    ctrl = ctrl || (static_cast<unsigned char>(c) < 0x20 || c == 0x7f ||
                    (!prefer_single && (c == '\'' || c == '\\')));
  if (!ctrl) {
    std::string o = "'";
    for (char c : s) {
      if (c == '\'') o += "'\\''";
      else o += c;
    }
    return o + "'";
  }
  return util::ansi_c_quote(s);
}

}  // namespace

std::string quote_for_reuse(const std::string& s) { return shell_quote(s); }

bool state_like_name(const std::string& s);

std::string escape_pattern(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    if (is_pattern_char(c)) o += '\\';
    o += c;
  }
  return o;
}

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
  std::string ifs = " \t\n";
  bool ifs_empty = false;

  bool is_ws(char c) const { return (c == ' ' || c == '\t' || c == '\n') && ifs.find(c) != std::string::npos; }
  bool is_ifs(char c) const { return ifs.find(c) != std::string::npos; }

  void lit(std::string_view s, bool quoted) {
    cur.text += s;
    if (quoted) {
      for (char c : s) {
        if (is_pattern_char(c)) cur.pat += '\\';
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
      } else if (k == kIfsOther) {
        if (st != AfterWs) finish();
        st = AfterDelim;
        ++i;
      } else {
        std::size_t j = i + 1;
        while (j < n && classes[static_cast<unsigned char>(s[j])] == kNotIfs) ++j;
        append_run(s.substr(i, j - i));
        st = InField;
        i = j;
      }
    }
  }
  // Field-splitting class of every byte, from ifs.
  static constexpr std::uint8_t kNotIfs = 0, kIfsWhite = 1, kIfsOther = 2;
  std::array<std::uint8_t, 256> classes{};
  bool classes_ready = false;
  void classify() {
    classes.fill(kNotIfs);
    for (char c : ifs)
      classes[static_cast<unsigned char>(c)] = (c == ' ' || c == '\t' || c == '\n') ? kIfsWhite : kIfsOther;
    classes_ready = true;
  }
  // Appends unquoted text: glob characters make the field a pattern, a backslash is escaped
  // in the pattern so that it stands for itself.
  void append_run(std::string_view r) {
    cur.text.append(r);
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

static bool word_has_at(const Word& w) {
  for (const WordPart& p : w) {
    if (p.kind == PK::Param && p.param) {
      const auto& pr = *p.param;
      if (pr.name == "@" && pr.op != ParamOp::Length) return true;
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

void Expander::param(const WordPart& p, Builder& b, bool quoted) {
  const ast::Param& pr = *p.param;
  std::string name = pr.name;
  const state::Options& opts = h_.options();

  auto emit = [&](const std::string& s) {
    if (quoted) b.lit(s, true);
    else b.exp(s);
  };

  if (pr.op == ParamOp::NamesPrefix) {
    std::vector<std::string> names = h_.names_with_prefix(name);
    if (quoted && pr.transform == '@') {
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) b.finish();
        b.lit(names[i], true);
      }
      return;
    }
    std::string joined;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i) joined += quoted ? (b.ifs.empty() ? "" : b.ifs.substr(0, 1)) : " ";
      joined += names[i];
    }
    emit(joined);
    return;
  }
  if (pr.op == ParamOp::Keys) {
    std::vector<std::string> keys = h_.array_keys(name);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (quoted) {
        if (i) b.finish();
        b.lit(keys[i], true);
      } else {
        if (i) b.soft_break();
        b.exp(keys[i]);
      }
    }
    return;
  }

  bool has_index = pr.has_index;
  std::string index;
  if (has_index) index = string(pr.index);
  if (pr.indirect) {
    auto target = h_.lookup(name);
    if (!target && has_index) target = h_.array_get(name, index);
    if (!target) {
      if (pr.op == ParamOp::Indirect && opts.nounset) h_.fail(p.pos, name + ": parameter not set");
      if (pr.op == ParamOp::Indirect) return;
      target = std::string();
    }
    name = *target;
    has_index = false;
    auto lb = name.find('[');
    if (lb != std::string::npos && !name.empty() && name.back() == ']') {
      index = name.substr(lb + 1, name.size() - lb - 2);
      name = name.substr(0, lb);
      has_index = true;
    } else if (name.empty() || !(state_like_name(name))) {
      h_.fail(p.pos, "'" + *target + "': bad substitution");
    }
  }

  bool multi = false;
  char mkind = 0;
  std::vector<std::string> vals;
  std::optional<std::string> val;
  bool is_array = false;
  if (name == "@" || name == "*") {
    multi = true;
    mkind = name[0];
    vals = h_.positional();
  } else if (has_index && (index == "@" || index == "*")) {
    multi = true;
    mkind = index[0];
    vals = h_.array_values(name, is_array);
  } else if (has_index) {
    val = h_.array_get(name, index);
  } else {
    val = h_.lookup(name);
  }
  bool is_set = multi ? !vals.empty() : val.has_value();
  auto is_null = [&]() {
    if (multi) {
      if (vals.empty()) return true;
      if (mkind == '*' || vals.size() == 1) {
        for (auto& v : vals)
          if (!v.empty()) return false;
        return mkind == '*' ? true : vals[0].empty();
      }
      return false;
    }
    return !val || val->empty();
  };
  std::string display = has_index ? name + "[" + index + "]" : name;
  auto check_unset = [&]() {
    if (!is_set && opts.nounset && !multi) h_.fail(p.pos, display + ": parameter not set");
  };
  std::string ifs0 = b.ifs_empty ? "" : (b.ifs.empty() ? " " : b.ifs.substr(0, 1));
  auto emit_values = [&](const std::vector<std::string>& vs) {
    if (quoted && mkind == '@' && b.split) {
      for (std::size_t i = 0; i < vs.size(); ++i) {
        if (i) b.finish();
        b.lit(vs[i], true);
      }
      return;
    }
    if (quoted || !b.split) {
      std::string joined;
      std::string sep = quoted ? ifs0 : (mkind == '*' ? ifs0 : " ");
      if (!quoted && mkind == '@') sep = " ";
      for (std::size_t i = 0; i < vs.size(); ++i) {
        if (i) joined += sep;
        joined += vs[i];
      }
      if (quoted) b.lit(joined, true);
      else b.exp(joined);
      return;
    }
    for (std::size_t i = 0; i < vs.size(); ++i) {
      if (i) b.soft_break();
      b.exp(vs[i]);
    }
  };
  auto emit_value = [&]() {
    if (multi) emit_values(vals);
    else if (val) emit(*val);
  };
  auto map_values = [&](auto fn) {
    if (multi) {
      for (auto& v : vals) v = fn(v);
    } else if (val) {
      val = fn(*val);
    }
  };

  switch (pr.op) {
    case ParamOp::None:
    case ParamOp::Indirect:
      check_unset();
      emit_value();
      return;
    case ParamOp::Length: {
      if (multi) {
        emit(std::to_string(vals.size()));
      } else {
        check_unset();
        emit(std::to_string(val ? utf8_length(*val) : 0));
      }
      return;
    }
    case ParamOp::Default:
    case ParamOp::Alternate: {
      bool use_word = pr.colon ? is_null() : !is_set;
      if (pr.op == ParamOp::Alternate) use_word = !use_word;
      if (use_word) {
        parts(pr.arg, b, quoted, !quoted, true);
      } else if (pr.op == ParamOp::Default) {
        emit_value();
      }
      return;
    }
    case ParamOp::Assign: {
      bool use_word = pr.colon ? is_null() : !is_set;
      if (!use_word) {
        emit_value();
        return;
      }
      if (multi || !state_like_name(name)) h_.fail(p.pos, display + ": cannot assign in this way");
      std::string v = param_arg_string(pr.arg, quoted);
      if (has_index) h_.assign(name + "[" + index + "]", v);
      else h_.assign(name, v);
      emit(v);
      return;
    }
    case ParamOp::Error: {
      bool fail = pr.colon ? is_null() : !is_set;
      if (!fail) {
        emit_value();
        return;
      }
      std::string msg = param_arg_string(pr.arg, quoted);
      if (msg.empty()) msg = pr.colon ? "parameter null or not set" : "parameter not set";
      h_.fail(p.pos, display + ": " + msg);
      return;
    }
    case ParamOp::RemSmallPrefix:
    case ParamOp::RemLargePrefix:
    case ParamOp::RemSmallSuffix:
    case ParamOp::RemLargeSuffix: {
      check_unset();
      PatternFlags pf;
      pf.extglob = opts.extglob;
      Pattern pat = Pattern::compile(pattern(pr.arg), pf);
      bool large = pr.op == ParamOp::RemLargePrefix || pr.op == ParamOp::RemLargeSuffix;
      bool prefix = pr.op == ParamOp::RemSmallPrefix || pr.op == ParamOp::RemLargePrefix;
      map_values([&](const std::string& v) -> std::string {
        if (prefix) {
          auto n = pat.match_prefix(v, large);
          return n ? v.substr(*n) : v;
        }
        auto s = pat.match_suffix(v, large);
        return s ? v.substr(0, *s) : v;
      });
      emit_value();
      return;
    }
    case ParamOp::Replace:
    case ParamOp::ReplaceAll:
    case ParamOp::ReplacePrefix:
    case ParamOp::ReplaceSuffix: {
      check_unset();
      PatternFlags pf;
      pf.extglob = opts.extglob;
      std::string pattxt = pattern(pr.arg);
      Pattern pat = Pattern::compile(pattxt, pf);
      std::string rep = pr.has_arg2 ? param_arg_string(pr.arg2, quoted) : std::string();
      map_values([&](const std::string& v) -> std::string {
        if (pr.op == ParamOp::ReplacePrefix) {
          auto n = pat.match_prefix(v, true);
          return n ? rep + v.substr(*n) : v;
        }
        if (pr.op == ParamOp::ReplaceSuffix) {
          auto s = pat.match_suffix(v, true);
          return s ? v.substr(0, *s) + rep : v;
        }
        if (pattxt.empty()) return v;
        std::string out;
        std::size_t pos = 0;
        while (pos <= v.size()) {
          auto m = pat.search(v, pos);
          if (!m) break;
          out += v.substr(pos, m->first - pos);
          out += rep;
          std::size_t next = m->first + m->second;
          if (m->second == 0) {
            if (m->first < v.size()) out += v[m->first];
            next = m->first + 1;
          }
          pos = next;
          if (pr.op != ParamOp::ReplaceAll) break;
        }
        if (pos < v.size()) out += v.substr(pos);
        return out;
      });
      emit_value();
      return;
    }
    case ParamOp::UpperFirst:
    case ParamOp::UpperAll:
    case ParamOp::LowerFirst:
    case ParamOp::LowerAll: {
      check_unset();
      bool upper = pr.op == ParamOp::UpperFirst || pr.op == ParamOp::UpperAll;
      bool all = pr.op == ParamOp::UpperAll || pr.op == ParamOp::LowerAll;
      std::string pattxt = pr.arg.empty() ? std::string("?") : pattern(pr.arg);
      Pattern pat = Pattern::compile(pattxt, PatternFlags{});
      map_values([&](const std::string& v) -> std::string {
        std::string out = v;
        for (std::size_t i = 0; i < out.size(); ++i) {
          std::string ch(1, out[i]);
          if (pat.matches(ch)) {
            unsigned char c = static_cast<unsigned char>(out[i]);
            out[i] = static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
          }
          if (!all) break;
        }
        return out;
      });
      emit_value();
      return;
    }
    case ParamOp::Substring: {
      check_unset();
      std::int64_t off = arith(pr.arg, p.pos);
      bool has_len = pr.has_arg2;
      std::int64_t len = has_len ? arith(pr.arg2, p.pos) : 0;
      if (multi) {
        std::vector<std::string> src = vals;
        if (name == "@" || name == "*") {
          // ${@:0} includes $0.
          auto zero = h_.lookup("0");
          src.insert(src.begin(), zero ? *zero : std::string());
          if (off == 0 && !has_len) {
          }
        }
        std::int64_t n = static_cast<std::int64_t>(src.size());
        std::int64_t start = off < 0 ? n + off : off;
        if ((name == "@" || name == "*") && off < 0) start = n + off;
        if (start < 0 || start > n) {
          vals.clear();
        } else {
          std::int64_t end = has_len ? (len < 0 ? -1 : start + len) : n;
          if (has_len && len < 0) h_.fail(p.pos, std::to_string(len) + ": substring expression < 0");
          if (end > n) end = n;
          vals.assign(src.begin() + start, src.begin() + std::max(start, end));
        }
        emit_values(vals);
        return;
      }
      std::string v = val ? *val : std::string();
      std::int64_t n = static_cast<std::int64_t>(utf8_length(v));
      std::int64_t start = off < 0 ? n + off : off;
      if (start < 0 || start > n) {
        emit("");
        return;
      }
      std::int64_t end = n;
      if (has_len) {
        end = len < 0 ? n + len : start + len;
        if (len < 0 && end < start) h_.fail(p.pos, std::to_string(len) + ": substring expression < 0");
      }
      if (end > n) end = n;
      std::size_t bs = char_offset(v, start), be = char_offset(v, std::max(start, end));
      emit(v.substr(bs, be - bs));
      return;
    }
    case ParamOp::Transform: {
      char t = pr.transform;
      if (t == 'Q') {
        if (!is_set) return;
        map_values([&](const std::string& v) { return shell_quote(v, true); });
      } else if (t == 'U' || t == 'u' || t == 'L') {
        map_values([&](const std::string& v) {
          std::string o = v;
          for (std::size_t i = 0; i < o.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(o[i]);
            o[i] = static_cast<char>(t == 'L' ? std::tolower(c) : std::toupper(c));
            if (t == 'u') break;
          }
          return o;
        });
      } else if (t == 'E') {
        map_values([&](const std::string& v) {
          lex::Reader r("", "$'" + [&] {
            std::string e;
            for (char c : v) {
              if (c == '\'') e += "\\'";
              else e += c;
            }
            return e;
          }() + "'");
          lex::Lexer lx(r, {}, {});
          lex::Token tk = lx.next();
          return tk.word.empty() ? std::string() : tk.word[0].text;
        });
      } else if (t == 'A') {
        map_values([&](const std::string& v) { return name + "=" + shell_quote(v); });
      } else if (t == 'a') {
        std::string attrs = h_.attributes(name);
        map_values([&](const std::string&) { return attrs; });
      } else if (t == 'P') {
        map_values([&](const std::string& v) { return h_.prompt(v); });
      } else if (t == 'K' || t == 'k') {
        // Keys and values of an array, quoted for reuse.
        bool arr = false;
        std::vector<std::string> keys = h_.array_keys(name), values = h_.array_values(name, arr);
        std::vector<std::string> kv;
        for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
          kv.push_back(keys[i]);
          kv.push_back(shell_quote(values[i], true));
        }
        if (t == 'K') {
          std::string joined;
          for (std::size_t i = 0; i < kv.size(); ++i) joined += (i ? " " : "") + kv[i];
          emit(joined);
        } else {
          emit_values(kv);
        }
        return;
      } else {
        h_.fail(p.pos, "${" + name + "@" + std::string(1, t) + "}: bad substitution");
      }
      emit_value();
      return;
    }
    default:
      h_.fail(p.pos, "bad substitution");
  }
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
    if (!h_.options().posix && has_brace(w)) {
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

bool state_like_name(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

}  // namespace fdsh::expand
