// exec/cond.cpp — bash's [[ ... ]]: no field splitting or globbing of operands, pattern
// matching for == and !=, POSIX extended regular expressions for =~ with BASH_REMATCH.
#include <regex.h>

#include <cstring>

#include "builtins/pure.hpp"
#include "exec/shell.hpp"
#include "expand/pattern.hpp"

namespace fdsh::exec {

bool Shell::cond_eval(const ast::CondExpr& e) {
  using Op = ast::CondExpr::Op;
  expand::Expander ex(*this);
  switch (e.op) {
    case Op::Not: return !cond_eval(*e.a);
    case Op::And: return cond_eval(*e.a) && cond_eval(*e.b);
    case Op::Or: return cond_eval(*e.a) || cond_eval(*e.b);
    case Op::Word: return !ex.string(e.left).empty();
    case Op::Unary: {
      std::string arg = ex.string(e.right.empty() ? e.left : e.left);
      if (e.oper == "-v") {
        auto lb = arg.find('[');
        if (lb != std::string::npos && arg.back() == ']')
          return array_get(arg.substr(0, lb), arg.substr(lb + 1, arg.size() - lb - 2)).has_value();
        return lookup(arg).has_value();
      }
      if (e.oper == "-o") {
        bool* o = opts.by_name(arg);
        return o && *o;
      }
      builtins::PureIo io;
      std::vector<std::string> argv{"test", e.oper, arg};
      int st = builtins::run_test(argv, io);
      for (auto& m : io.errors) error(m);
      return st == 0;
    }
    case Op::Binary: {
      std::string l = ex.string(e.left);
      const std::string& op = e.oper;
      if (op == "==" || op == "=" || op == "!=") {
        std::string pat = ex.pattern(e.right);
        expand::PatternFlags pf;
        pf.extglob = true;
        pf.nocase = opts.nocasematch;
        bool m = expand::pattern_match(pat, l, pf);
        return op == "!=" ? !m : m;
      }
      if (op == "=~") {
        std::string rx = ex.regex(e.right);
        regex_t reg;
        int flags = REG_EXTENDED | (opts.nocasematch ? REG_ICASE : 0);
        if (regcomp(&reg, rx.c_str(), flags) != 0) {
          error("invalid regular expression '" + rx + "'");
          results.status = 2;
          return false;
        }
        std::vector<regmatch_t> m(reg.re_nsub + 1);
        bool ok = regexec(&reg, l.c_str(), m.size(), m.data(), 0) == 0;
        std::vector<std::string> groups;
        if (ok) {
          for (auto& g : m) groups.push_back(g.rm_so < 0 ? std::string() : l.substr(g.rm_so, g.rm_eo - g.rm_so));
        }
        regfree(&reg);
        set_array("BASH_REMATCH", groups, false);
        return ok;
      }
      std::string r = ex.string(e.right);
      if (op == "<") return l < r;
      if (op == ">") return l > r;
      if (op == "-eq" || op == "-ne" || op == "-lt" || op == "-le" || op == "-gt" || op == "-ge") {
        std::int64_t a = arith_string(l), b = arith_string(r);
        if (op == "-eq") return a == b;
        if (op == "-ne") return a != b;
        if (op == "-lt") return a < b;
        if (op == "-le") return a <= b;
        if (op == "-gt") return a > b;
        return a >= b;
      }
      builtins::PureIo io;
      std::vector<std::string> argv{"test", l, op, r};
      int st = builtins::run_test(argv, io);
      for (auto& m : io.errors) error(m);
      return st == 0;
    }
  }
  return false;
}

}  // namespace fdsh::exec
