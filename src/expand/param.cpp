// expand/param.cpp — parameter expansion (XCU 2.6.2): $name, ${name}, the special and
// positional parameters, and every ${...} operator (default, assign, error, alternate,
// length, prefix and suffix removal), with bash's arrays, substrings, replacement, case
// modification, indirection and @ transformations.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "expand/builder.hpp"
#include "expand/expand.hpp"
#include "expand/pattern.hpp"
#include "lex/lexer.hpp"
#include "util/text.hpp"

namespace fdsh::expand {

using ast::ParamOp;
using ast::WordPart;

namespace {

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

// Text quoted for reuse as shell input: as it is when plain, else '...', else $'...' for
// control characters (and for quotes and backslashes unless prefer_single, as ${x@Q} does).
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

// ${x@E}: the value with backslash escapes expanded as in $'...', read by the lexer itself.
std::string expand_ansi_c(const std::string& v) {
  std::string e;
  for (char c : v) {
    if (c == '\'') e += "\\'";
    else e += c;
  }
  lex::Reader r("", "$'" + e + "'");
  lex::Lexer lx(r, {}, {});
  lex::Token tk = lx.next();
  return tk.word.empty() ? std::string() : tk.word[0].text;
}

// ${x/p/r} and ${x//p/r}: replaces the first match of pat in v (every match if `all`); an
// empty match keeps the byte after it and the search goes on past that byte.
std::string replace_matches(const std::string& v, const Pattern& pat, const std::string& rep, bool all) {
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
    if (!all) break;
  }
  if (pos < v.size()) out += v.substr(pos);
  return out;
}

// A variable name: a letter or underscore, then letters, digits and underscores.
bool state_like_name(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

}  // namespace

std::string quote_for_reuse(const std::string& s) { return shell_quote(s); }

// One ${...} or $name being expanded: the parameter it names (after ${!ref} indirection),
// its value or list of values, and the builder its result goes to.
struct Expander::ParamValue {
  ParamValue(Host& host, const WordPart& p, Builder& builder, bool q)
      : h(host), pr(*p.param), pos(p.pos), b(builder), quoted(q), name(pr.name), has_index(pr.has_index) {}
  Host& h;
  const ast::Param& pr;
  ast::Pos pos;
  Builder& b;
  bool quoted;
  std::string name;
  bool has_index;
  std::string index;
  bool multi = false;                // $@ $* ${a[@]} ${a[*]}: a list of values
  char mkind = 0;                    // '@' or '*' for a list
  std::vector<std::string> vals;     // the list
  std::optional<std::string> val;    // or the one value (none: unset)
  bool is_set = false;
  std::string display;               // the parameter in messages: name or name[index]

  // Null for the ':' forms: unset or empty; a list is null when it is empty, or (for "*",
  // or a single "@" value) when every element is empty.
  bool is_null() const {
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
  }
  // set -u: an unset parameter (not a list) is an error.
  void check_unset() {
    if (!is_set && h.options().nounset && !multi) h.fail(pos, display + ": parameter not set");
  }
  void emit(const std::string& s) { b.put(s, quoted); }
  // A list: "$@" gives one field per value; "$*" and unsplit contexts join them with the
  // first character of IFS; unquoted, each value is split on its own.
  void emit_values(const std::vector<std::string>& vs) {
    if (quoted && mkind == '@' && b.split) {
      for (std::size_t i = 0; i < vs.size(); ++i) {
        if (i) b.finish();
        b.lit(vs[i], true);
      }
      return;
    }
    if (quoted || !b.split) {
      std::string ifs0 = b.ifs_empty ? "" : (b.ifs.empty() ? " " : b.ifs_first());
      std::string joined;
      std::string sep = quoted ? ifs0 : (mkind == '*' ? ifs0 : " ");
      if (!quoted && mkind == '@') sep = " ";
      for (std::size_t i = 0; i < vs.size(); ++i) {
        if (i) joined += sep;
        joined += vs[i];
      }
      b.put(joined, quoted);
      return;
    }
    for (std::size_t i = 0; i < vs.size(); ++i) {
      if (i) b.soft_break();
      b.exp(vs[i]);
    }
  }
  // The value or values as they are now (nothing for an unset parameter).
  void emit_value() {
    if (multi) emit_values(vals);
    else if (val) emit(*val);
  }
  // Applies fn to each value of a list, or to the value if set.
  template <class F>
  void map_values(F fn) {
    if (multi) {
      for (auto& v : vals) v = fn(v);
    } else if (val) {
      val = fn(*val);
    }
  }
};

void Expander::param(const WordPart& p, Builder& b, bool quoted) {
  const ast::Param& pr = *p.param;
  if (pr.op == ParamOp::NamesPrefix) return param_names(pr, b, quoted);
  if (pr.op == ParamOp::Keys) return param_keys(pr, b, quoted);

  ParamValue v(h_, p, b, quoted);
  if (v.has_index) v.index = string(pr.index);
  if (pr.indirect && !param_indirect(v)) return;
  param_lookup(v);

  switch (pr.op) {
    case ParamOp::None:
    case ParamOp::Indirect:
      v.check_unset();
      v.emit_value();
      return;
    case ParamOp::Length: param_length(v); return;
    case ParamOp::Default:
    case ParamOp::Alternate:
    case ParamOp::Assign:
    case ParamOp::Error: param_conditional(v); return;
    case ParamOp::RemSmallPrefix:
    case ParamOp::RemLargePrefix:
    case ParamOp::RemSmallSuffix:
    case ParamOp::RemLargeSuffix: param_remove(v); return;
    case ParamOp::Replace:
    case ParamOp::ReplaceAll:
    case ParamOp::ReplacePrefix:
    case ParamOp::ReplaceSuffix: param_replace(v); return;
    case ParamOp::UpperFirst:
    case ParamOp::UpperAll:
    case ParamOp::LowerFirst:
    case ParamOp::LowerAll:
    case ParamOp::ToggleFirst:
    case ParamOp::ToggleAll: param_case(v); return;
    case ParamOp::Substring: param_substring(v); return;
    case ParamOp::Transform: param_transform(v); return;
    default:
      h_.fail(p.pos, "bad substitution");
  }
}

// ${!prefix*} and ${!prefix@}: the names of the variables that start with prefix, as $* and
// $@ give the positional parameters: quoted "${!prefix@}" one field per name; "${!prefix*}"
// and unsplit contexts (assignments) joined by the first character of IFS; unquoted, one
// field per name.
void Expander::param_names(const ast::Param& pr, Builder& b, bool quoted) {
  std::vector<std::string> names = h_.names_with_prefix(pr.name);
  bool star = pr.transform == '*';
  if (quoted && !star && b.split) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i) b.finish();
      b.lit(names[i], true);
    }
    return;
  }
  if (quoted || !b.split) {
    std::string sep = (quoted || star) ? (b.ifs_empty ? "" : b.ifs_first()) : " ";
    std::string joined;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i) joined += sep;
      joined += names[i];
    }
    b.put(joined, quoted);
    return;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) b.soft_break();
    b.exp(names[i]);
  }
}

// ${!a[@]} and ${!a[*]}: the keys (indices) of an array, one field each.
void Expander::param_keys(const ast::Param& pr, Builder& b, bool quoted) {
  std::vector<std::string> keys = h_.array_keys(pr.name);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (quoted) {
      if (i) b.finish();
      b.lit(keys[i], true);
    } else {
      if (i) b.soft_break();
      b.exp(keys[i]);
    }
  }
}

// ${!ref...}: the value of ref names the parameter to expand, as name or name[index].
// Returns false when ref is unset and the expansion is a plain ${!ref}: nothing results.
bool Expander::param_indirect(ParamValue& v) {
  const ast::Param& pr = v.pr;
  auto target = h_.lookup(v.name);
  if (!target && v.has_index) target = h_.array_get(v.name, v.index);
  if (!target) {
    if (pr.op == ParamOp::Indirect && h_.options().nounset) h_.fail(v.pos, v.name + ": parameter not set");
    if (pr.op == ParamOp::Indirect) return false;
    target = std::string();
  }
  v.name = *target;
  v.has_index = false;
  auto lb = v.name.find('[');
  if (lb != std::string::npos && !v.name.empty() && v.name.back() == ']') {
    v.index = v.name.substr(lb + 1, v.name.size() - lb - 2);
    v.name = v.name.substr(0, lb);
    v.has_index = true;
  } else if (v.name.empty() ||
             !(state_like_name(v.name) || v.name.find_first_not_of("0123456789") == std::string::npos ||
               (v.name.size() == 1 && std::strchr("@*#?-$!", v.name[0])))) {
    // A name, a positional parameter (${!i} with i=2) or a special parameter (${!x} with x=@).
    h_.fail(v.pos, "'" + *target + "': bad substitution");
  }
  return true;
}

// The value: positional parameters for @ and *, all elements for a[@] and a[*], else one
// array element or variable.
void Expander::param_lookup(ParamValue& v) {
  bool is_array = false;
  if (v.name == "@" || v.name == "*") {
    v.multi = true;
    v.mkind = v.name[0];
    v.vals = h_.positional();
  } else if (v.has_index && (v.index == "@" || v.index == "*")) {
    v.multi = true;
    v.mkind = v.index[0];
    v.vals = h_.array_values(v.name, is_array);
  } else if (v.has_index) {
    v.val = h_.array_get(v.name, v.index);
  } else {
    v.val = h_.lookup(v.name);
  }
  v.is_set = v.multi ? !v.vals.empty() : v.val.has_value();
  v.display = v.has_index ? v.name + "[" + v.index + "]" : v.name;
}

// ${#x}: the number of characters, or of elements of a list.
void Expander::param_length(ParamValue& v) {
  if (v.multi) {
    v.emit(std::to_string(v.vals.size()));
  } else {
    v.check_unset();
    v.emit(std::to_string(v.val ? utf8_length(*v.val) : 0));
  }
}

// ${x-w} ${x=w} ${x?w} ${x+w} and their ':' forms (which also treat null as unset): use
// the default word, assign it, fail with it as the message, or use the alternate word.
void Expander::param_conditional(ParamValue& v) {
  const ast::Param& pr = v.pr;
  bool unset_or_null = pr.colon ? v.is_null() : !v.is_set;
  switch (pr.op) {
    case ParamOp::Default:
    case ParamOp::Alternate: {
      bool use_word = pr.op == ParamOp::Alternate ? !unset_or_null : unset_or_null;
      if (use_word) {
        parts(pr.arg, v.b, v.quoted, !v.quoted, true);
      } else if (pr.op == ParamOp::Default) {
        v.emit_value();
      }
      return;
    }
    case ParamOp::Assign: {
      if (!unset_or_null) {
        v.emit_value();
        return;
      }
      if (v.multi || !state_like_name(v.name)) h_.fail(v.pos, v.display + ": cannot assign in this way");
      std::string s = param_arg_string(pr.arg, v.quoted);
      if (v.has_index) h_.assign(v.name + "[" + v.index + "]", s);
      else h_.assign(v.name, s);
      v.emit(s);
      return;
    }
    default: {  // ParamOp::Error
      if (!unset_or_null) {
        v.emit_value();
        return;
      }
      std::string msg = param_arg_string(pr.arg, v.quoted);
      if (msg.empty()) msg = pr.colon ? "parameter null or not set" : "parameter not set";
      h_.fail(v.pos, v.display + ": " + msg);
    }
  }
}

// ${x#p} ${x##p} ${x%p} ${x%%p}: remove the shortest or longest matching prefix or suffix.
void Expander::param_remove(ParamValue& v) {
  const ast::Param& pr = v.pr;
  v.check_unset();
  PatternFlags pf;
  pf.extglob = h_.options().extglob;
  Pattern pat = Pattern::compile(pattern(pr.arg), pf);
  bool large = pr.op == ParamOp::RemLargePrefix || pr.op == ParamOp::RemLargeSuffix;
  bool prefix = pr.op == ParamOp::RemSmallPrefix || pr.op == ParamOp::RemLargePrefix;
  v.map_values([&](const std::string& s) -> std::string {
    if (prefix) {
      auto n = pat.match_prefix(s, large);
      return n ? s.substr(*n) : s;
    }
    auto e = pat.match_suffix(s, large);
    return e ? s.substr(0, *e) : s;
  });
  v.emit_value();
}

// ${x/p/r} ${x//p/r} ${x/#p/r} ${x/%p/r}: replace the first, every, a leading or a trailing
// match of the pattern.
void Expander::param_replace(ParamValue& v) {
  const ast::Param& pr = v.pr;
  v.check_unset();
  PatternFlags pf;
  pf.extglob = h_.options().extglob;
  std::string pattxt = pattern(pr.arg);
  Pattern pat = Pattern::compile(pattxt, pf);
  std::string rep = pr.has_arg2 ? param_arg_string(pr.arg2, v.quoted) : std::string();
  v.map_values([&](const std::string& s) -> std::string {
    if (pr.op == ParamOp::ReplacePrefix) {
      auto n = pat.match_prefix(s, true);
      return n ? rep + s.substr(*n) : s;
    }
    if (pr.op == ParamOp::ReplaceSuffix) {
      auto e = pat.match_suffix(s, true);
      return e ? s.substr(0, *e) + rep : s;
    }
    if (pattxt.empty()) return s;
    return replace_matches(s, pat, rep, pr.op == ParamOp::ReplaceAll);
  });
  v.emit_value();
}

// ${x^p} ${x^^p} ${x,p} ${x,,p}: upper or lower case the first character, or every
// character, that matches the pattern (any character without one).
void Expander::param_case(ParamValue& v) {
  const ast::Param& pr = v.pr;
  v.check_unset();
  bool upper = pr.op == ParamOp::UpperFirst || pr.op == ParamOp::UpperAll;
  bool toggle = pr.op == ParamOp::ToggleFirst || pr.op == ParamOp::ToggleAll;
  bool all = pr.op == ParamOp::UpperAll || pr.op == ParamOp::LowerAll || pr.op == ParamOp::ToggleAll;
  std::string pattxt = pr.arg.empty() ? std::string("?") : pattern(pr.arg);
  Pattern pat = Pattern::compile(pattxt, PatternFlags{});
  v.map_values([&](const std::string& s) -> std::string {
    std::string out = s;
    for (std::size_t i = 0; i < out.size(); ++i) {
      std::string ch(1, out[i]);
      if (pat.matches(ch)) {
        unsigned char c = static_cast<unsigned char>(out[i]);
        if (toggle) upper = std::islower(c) != 0;
        out[i] = static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
      }
      if (!all) break;
    }
    return out;
  });
  v.emit_value();
}

// ${x:off} ${x:off:len}: characters of a value, or elements of a list (${@:0} starts at $0).
void Expander::param_substring(ParamValue& v) {
  const ast::Param& pr = v.pr;
  v.check_unset();
  std::int64_t off = arith(pr.arg, v.pos);
  bool has_len = pr.has_arg2;
  std::int64_t len = has_len ? arith(pr.arg2, v.pos) : 0;
  if (v.multi) {
    substring_list(v, off, has_len, len);
    return;
  }
  std::string s = v.val ? *v.val : std::string();
  std::int64_t n = static_cast<std::int64_t>(utf8_length(s));
  std::int64_t start = off < 0 ? n + off : off;
  if (start < 0 || start > n) {
    v.emit("");
    return;
  }
  std::int64_t end = n;
  if (has_len) {
    // A negative length counts back from the end.
    end = len < 0 ? n + len : start + len;
    if (len < 0 && end < start) h_.fail(v.pos, std::to_string(len) + ": substring expression < 0");
  }
  if (end > n) end = n;
  std::size_t bs = char_offset(s, start), be = char_offset(s, std::max(start, end));
  v.emit(s.substr(bs, be - bs));
}

// The list form of ${x:off:len}: elements from off (negative: from the end), len of them.
void Expander::substring_list(ParamValue& v, std::int64_t off, bool has_len, std::int64_t len) {
  std::vector<std::string> src = v.vals;
  if (v.name == "@" || v.name == "*") {
    // ${@:0} includes $0.
    auto zero = h_.lookup("0");
    src.insert(src.begin(), zero ? *zero : std::string());
  }
  std::int64_t n = static_cast<std::int64_t>(src.size());
  std::int64_t start = off < 0 ? n + off : off;
  if (start < 0 || start > n) {
    v.vals.clear();
  } else {
    std::int64_t end = has_len ? (len < 0 ? -1 : start + len) : n;
    if (has_len && len < 0) h_.fail(v.pos, std::to_string(len) + ": substring expression < 0");
    if (end > n) end = n;
    v.vals.assign(src.begin() + start, src.begin() + std::max(start, end));
  }
  v.emit_values(v.vals);
}

// ${x@Q} ${x@U} ${x@u} ${x@L} ${x@E} ${x@A} ${x@a} ${x@P} ${x@K} ${x@k}.
void Expander::param_transform(ParamValue& v) {
  char t = v.pr.transform;
  const std::string& name = v.name;
  if (t == 'Q') {
    if (!v.is_set) return;
    v.map_values([&](const std::string& s) { return shell_quote(s, true); });
  } else if (t == 'U' || t == 'u' || t == 'L') {
    v.map_values([&](const std::string& s) {
      std::string o = s;
      for (std::size_t i = 0; i < o.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(o[i]);
        o[i] = static_cast<char>(t == 'L' ? std::tolower(c) : std::toupper(c));
        if (t == 'u') break;
      }
      return o;
    });
  } else if (t == 'E') {
    v.map_values([&](const std::string& s) { return expand_ansi_c(s); });
  } else if (t == 'A') {
    v.map_values([&](const std::string& s) { return name + "=" + shell_quote(s); });
  } else if (t == 'a') {
    std::string attrs = h_.attributes(name);
    v.map_values([&](const std::string&) { return attrs; });
  } else if (t == 'P') {
    v.map_values([&](const std::string& s) { return h_.prompt(s); });
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
      v.emit(joined);
    } else {
      v.emit_values(kv);
    }
    return;
  } else {
    h_.fail(v.pos, "${" + name + "@" + std::string(1, t) + "}: bad substitution");
  }
  v.emit_value();
}

}  // namespace fdsh::expand
