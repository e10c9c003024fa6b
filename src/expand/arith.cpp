// expand/arith.cpp — XCU 2.6.4 arithmetic expansion: a precedence-climbing parser that
// evaluates as it parses, with short-circuit evaluation that parses without side effects.
// All arithmetic is done in unsigned 64-bit so that overflow wraps without undefined behaviour.
#include "expand/arith.hpp"

#include <cctype>
#include <cstring>

#include "util/stack.hpp"

namespace fdsh::expand {

std::optional<std::string> ArithHost::get_element(std::string_view, std::int64_t) { return std::nullopt; }
std::string ArithHost::set_element(std::string_view name, std::int64_t, const std::string&) {
  return std::string(name) + ": arrays are not supported here";
}
bool ArithHost::is_assoc(std::string_view) { return false; }
std::optional<std::string> ArithHost::get_key(std::string_view, const std::string&) { return std::nullopt; }
std::string ArithHost::set_key(std::string_view name, const std::string&, const std::string&) {
  return std::string(name) + ": arrays are not supported here";
}

namespace {

using i64 = std::int64_t;
using u64 = std::uint64_t;

struct Fail {
  ArithError e;
};

// An lvalue: a variable name, optionally with an array index.
struct LValue {
  std::string name;
  bool indexed = false;
  i64 index = 0;
  bool assoc = false;  ///< an associative array element: `key` is its subscript
  std::string key;
};

struct Value {
  i64 v = 0;
  bool is_lvalue = false;
  LValue lv;
};

class Evaluator {
 public:
  Evaluator(std::string_view s, ArithHost& h, int recursion) : s_(s), h_(h), recursion_(recursion) {}

  i64 run() {
    skip_ws();
    if (i_ >= s_.size()) return 0;
    i64 v = rvalue(comma());
    skip_ws();
    if (i_ < s_.size()) fail("syntax error: invalid arithmetic operator (error token is \"" + std::string(s_.substr(i_)) + "\")");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& msg) { throw Fail{ArithError{msg, i_}}; }

  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool peek(std::string_view op) {
    skip_ws();
    return s_.substr(i_, op.size()) == op;
  }
  bool eat(std::string_view op) {
    if (!peek(op)) return false;
    i_ += op.size();
    return true;
  }
  // Matches `op` only when it is not the start of a longer operator.
  bool eat_exact(std::string_view op, std::string_view not_followed) {
    if (!peek(op)) return false;
    std::size_t j = i_ + op.size();
    if (j < s_.size() && std::strchr(std::string(not_followed).c_str(), s_[j]) && !not_followed.empty()) return false;
    i_ = j;
    return true;
  }

  struct Depth {
    Evaluator& e;
    explicit Depth(Evaluator& ev) : e(ev) {
      if (++e.depth_ > kMaxArithDepth || util::stack_exhausted()) e.fail("maximum nesting depth " + std::to_string(kMaxArithDepth) + " exceeded");
    }
    ~Depth() { --e.depth_; }
  };

  i64 var_value(const LValue& lv) {
    if (skip_) return 0;
    std::optional<std::string> v = lv.assoc     ? h_.get_key(lv.name, lv.key)
                                   : lv.indexed ? h_.get_element(lv.name, lv.index)
                                                : h_.get_var(lv.name);
    if (!v || v->empty()) return 0;
    // A value is itself an arithmetic expression (bash); plain numbers take the fast path.
    const std::string& t = *v;
    std::size_t k = 0;
    bool neg = false;
    if (k < t.size() && (t[k] == '-' || t[k] == '+')) neg = t[k++] == '-';
    bool digits = k < t.size() && t[k] != '0';
    for (std::size_t q = k; q < t.size() && digits; ++q) digits = std::isdigit(static_cast<unsigned char>(t[q])) != 0;
    if (digits && t.size() - k < 19) {
      u64 n = std::stoull(t.substr(k));
      return static_cast<i64>(neg ? 0 - n : n);
    }
    if (recursion_ >= kMaxArithRecursion) fail(lv.name + ": expression recursion level exceeded");
    Evaluator sub(t, h_, recursion_ + 1);
    try {
      return sub.run();
    } catch (Fail& f) {
      f.e.offset = i_;
      throw;
    }
  }

  i64 rvalue(const Value& v) { return v.is_lvalue ? var_value(v.lv) : v.v; }

  void store(const Value& target, i64 v) {
    if (!target.is_lvalue) fail("attempted assignment to non-variable");
    if (skip_) return;
    std::string err = target.lv.assoc     ? h_.set_key(target.lv.name, target.lv.key, std::to_string(v))
                      : target.lv.indexed ? h_.set_element(target.lv.name, target.lv.index, std::to_string(v))
                                          : h_.set_var(target.lv.name, std::to_string(v));
    if (!err.empty()) fail(err);
  }

  static i64 wrap_add(i64 a, i64 b) { return static_cast<i64>(static_cast<u64>(a) + static_cast<u64>(b)); }
  static i64 wrap_sub(i64 a, i64 b) { return static_cast<i64>(static_cast<u64>(a) - static_cast<u64>(b)); }
  static i64 wrap_mul(i64 a, i64 b) { return static_cast<i64>(static_cast<u64>(a) * static_cast<u64>(b)); }

  i64 divide(i64 a, i64 b, bool mod) {
    if (skip_) return 0;
    if (b == 0) fail("division by 0");
    if (b == -1) return mod ? 0 : wrap_sub(0, a);  // INT64_MIN / -1 wraps instead of trapping
    return mod ? a % b : a / b;
  }

  i64 power(i64 base, i64 exp) {
    if (skip_) return 0;
    if (exp < 0) fail("exponent less than 0");
    u64 r = 1, b = static_cast<u64>(base);
    while (exp > 0) {
      if (exp & 1) r *= b;
      b *= b;
      exp >>= 1;
    }
    return static_cast<i64>(r);
  }

  i64 apply(const std::string& op, i64 a, i64 b) {
    if (op == "+") return wrap_add(a, b);
    if (op == "-") return wrap_sub(a, b);
    if (op == "*") return wrap_mul(a, b);
    if (op == "/") return divide(a, b, false);
    if (op == "%") return divide(a, b, true);
    if (op == "<<") return static_cast<i64>(static_cast<u64>(a) << (b & 63));
    if (op == ">>") return a >> (b & 63);
    if (op == "&") return a & b;
    if (op == "|") return a | b;
    if (op == "^") return a ^ b;
    if (op == "**") return power(a, b);
    return 0;
  }

  Value comma() {
    Value v = assign();
    while (eat(",")) v = Value{rvalue(assign()), false, {}};
    return v;
  }

  Value assign() {
    std::size_t start = i_;
    Value lhs = ternary();
    static const char* const ops[] = {"<<=", ">>=", "**=", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|="};
    for (const char* op : ops) {
      if (eat(op)) {
        if (!lhs.is_lvalue) {
          i_ = start;
          fail("attempted assignment to non-variable");
        }
        i64 rhs = rvalue(assign());
        std::string bin(op, std::strlen(op) - 1);
        i64 r = apply(bin, var_value(lhs.lv), rhs);
        store(lhs, r);
        return Value{r, false, {}};
      }
    }
    skip_ws();
    if (i_ < s_.size() && s_[i_] == '=' && (i_ + 1 >= s_.size() || s_[i_ + 1] != '=')) {
      ++i_;
      if (!lhs.is_lvalue) fail("attempted assignment to non-variable");
      i64 rhs = rvalue(assign());
      store(lhs, rhs);
      return Value{rhs, false, {}};
    }
    return lhs;
  }

  Value ternary() {
    Value c = binary(0);
    if (!eat("?")) return c;
    i64 cv = rvalue(c);
    bool saved = skip_;
    if (!cv) skip_ = true;
    i64 a = rvalue(assign());
    skip_ = saved;
    if (!eat(":")) fail("syntax error: ':' expected for conditional expression");
    if (cv) skip_ = true;
    i64 b = rvalue(assign());
    skip_ = saved;
    return Value{cv ? a : b, false, {}};
  }

  // Binary operators by precedence level, lowest first.
  static int level_of(std::string_view s, std::size_t i, std::string& op) {
    struct Op {
      std::string_view text;
      int level;
    };
    static constexpr Op ops[] = {{"||", 1}, {"&&", 2}, {"|", 3},  {"^", 4},  {"&", 5},  {"==", 6}, {"!=", 6},
                                 {"<=", 7}, {">=", 7}, {"<<", 8}, {">>", 8}, {"<", 7},  {">", 7},  {"+", 9},
                                 {"-", 9},  {"**", 11}, {"*", 10}, {"/", 10}, {"%", 10}};
    if (i >= s.size() || !std::strchr("|&^=!<>+-*/%", s[i])) return -1;
    for (const Op& o : ops) {
      std::size_t n = o.text.size();
      if (s.substr(i, n) != o.text) continue;
      // Not an assignment operator or a longer operator.
      std::size_t j = i + n;
      char next = j < s.size() ? s[j] : 0;
      if (next == '=' && std::string_view(o.text) != "==" && std::string_view(o.text) != "!=" &&
          std::string_view(o.text) != "<=" && std::string_view(o.text) != ">=")
        continue;
      if ((op = o.text) == "|" && next == '|') continue;
      if (op == "&" && next == '&') continue;
      if ((op == "<" && next == '<') || (op == ">" && next == '>')) continue;
      if ((op == "+" && next == '+') || (op == "-" && next == '-')) {
        // a++ + b is handled by the postfix parser; here "++"/"--" cannot be binary.
        continue;
      }
      return o.level;
    }
    return -1;
  }

  Value binary(int min_level) {
    Value left = unary();
    for (;;) {
      skip_ws();
      std::string op;
      int lvl = level_of(s_, i_, op);
      if (lvl < 0 || lvl <= min_level - 1 || lvl < min_level) break;
      i_ += op.size();
      if (op == "&&" || op == "||") {
        i64 l = rvalue(left);
        bool short_circuit = op == "&&" ? l == 0 : l != 0;
        bool saved = skip_;
        if (short_circuit) skip_ = true;
        i64 r = rvalue(binary(lvl + 1));
        skip_ = saved;
        left = Value{op == "&&" ? (l && r) : (l || r), false, {}};
        continue;
      }
      i64 l = rvalue(left);
      // ** is right-associative.
      i64 r = rvalue(binary(op == "**" ? lvl : lvl + 1));
      i64 res;
      if (op == "==") res = l == r;
      else if (op == "!=") res = l != r;
      else if (op == "<") res = l < r;
      else if (op == ">") res = l > r;
      else if (op == "<=") res = l <= r;
      else if (op == ">=") res = l >= r;
      else res = apply(op, l, r);
      left = Value{res, false, {}};
    }
    return left;
  }

  Value unary() {
    Depth d(*this);
    skip_ws();
    if (eat("++") || eat("--")) {
      bool inc = s_[i_ - 1] == '+';
      Value v = unary();
      if (!v.is_lvalue) fail("syntax error: operand expected");
      i64 r = wrap_add(var_value(v.lv), inc ? 1 : -1);
      store(v, r);
      return Value{r, false, {}};
    }
    if (eat("!")) return Value{!rvalue(unary()), false, {}};
    if (eat("~")) return Value{~rvalue(unary()), false, {}};
    if (eat("-")) return Value{wrap_sub(0, rvalue(unary())), false, {}};
    if (eat("+")) return Value{rvalue(unary()), false, {}};
    return postfix();
  }

  Value postfix() {
    Value v = primary();
    if (v.is_lvalue) {
      skip_ws();
      if (s_.substr(i_, 2) == "++" || s_.substr(i_, 2) == "--") {
        bool inc = s_[i_] == '+';
        i_ += 2;
        i64 old = var_value(v.lv);
        store(v, wrap_add(old, inc ? 1 : -1));
        return Value{old, false, {}};
      }
    }
    return v;
  }

  i64 number() {
    std::size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '#' || s_[i_] == '@' ||
                              s_[i_] == '_'))
      ++i_;
    std::string t(s_.substr(start, i_ - start));
    int base = 10;
    std::string digits = t;
    auto hash = t.find('#');
    if (hash != std::string::npos) {
      std::string b = t.substr(0, hash);
      if (b.empty() || b.find_first_not_of("0123456789") != std::string::npos || b.size() > 2) {
        i_ = start;
        fail("invalid arithmetic base (error token is \"" + t + "\")");
      }
      if (b[0] == '0') {  // 02#11: a base is written in decimal, without a leading zero
        i_ = start;
        fail("invalid number (error token is \"" + t + "\")");
      }
      base = std::stoi(b);
      if (base < 2 || base > 64) {
        i_ = start;
        fail("invalid arithmetic base (error token is \"" + t + "\")");
      }
      digits = t.substr(hash + 1);
    } else if (t.size() > 1 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
      base = 16;
      digits = t.substr(2);
    } else if (t.size() > 1 && t[0] == '0') {
      base = 8;
      digits = t.substr(1);
    }
    if (digits.empty()) {
      i_ = start;
      fail("invalid number (error token is \"" + t + "\")");
    }
    u64 v = 0;
    for (char c : digits) {
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'Z') d = base <= 36 ? c - 'A' + 10 : c - 'A' + 36;
      else if (c == '@') d = 62;
      else if (c == '_') d = 63;
      else d = 99;
      if (d >= base) {
        i_ = start;
        fail("value too great for base (error token is \"" + t + "\")");
      }
      v = v * static_cast<u64>(base) + static_cast<u64>(d);
    }
    return static_cast<i64>(v);
  }

  Value primary() {
    skip_ws();
    if (i_ >= s_.size()) fail("syntax error: operand expected (error token is \"\")");
    char c = s_[i_];
    if (c == '(') {
      ++i_;
      Value v = comma();
      if (!eat(")")) fail("syntax error: missing ')'");
      return Value{rvalue(v), false, {}};
    }
    if (std::isdigit(static_cast<unsigned char>(c))) return Value{number(), false, {}};
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
      Value v;
      v.is_lvalue = true;
      v.lv.name = std::string(s_.substr(start, i_ - start));
      skip_ws();
      if (i_ < s_.size() && s_[i_] == '[' && h_.is_assoc(v.lv.name)) {
        // c[key] of an associative array: the text up to the matching ] is the key (bash).
        std::size_t open = ++i_;
        int nest = 0;
        while (i_ < s_.size() && (s_[i_] != ']' || nest > 0)) {
          if (s_[i_] == '[') ++nest;
          if (s_[i_] == ']') --nest;
          ++i_;
        }
        if (i_ >= s_.size()) fail("syntax error: missing ']'");
        v.lv.assoc = true;
        v.lv.key = std::string(s_.substr(open, i_ - open));
        ++i_;
        return v;
      }
      if (i_ < s_.size() && s_[i_] == '[') {
        ++i_;
        v.lv.indexed = true;
        v.lv.index = rvalue(comma());
        if (!eat("]")) fail("syntax error: missing ']'");
      }
      return v;
    }
    fail("syntax error: operand expected (error token is \"" + std::string(s_.substr(i_)) + "\")");
  }

  std::string_view s_;
  ArithHost& h_;
  int recursion_;
  std::size_t i_ = 0;
  int depth_ = 0;
  bool skip_ = false;
};

}  // namespace

Result<std::int64_t, ArithError> arith_eval(std::string_view expr, ArithHost& host) {
  try {
    Evaluator e(expr, host, 0);
    return e.run();
  } catch (const Fail& f) {
    return unexpected(f.e);
  }
}

}  // namespace fdsh::expand
