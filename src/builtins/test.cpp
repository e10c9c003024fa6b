// builtins/test.cpp — XCU test: the argument-count rules for up to four arguments, a
// precedence parser (! -a -o parentheses) beyond that, and the file, string and integer
// primaries (with bash's ==, <, >, -nt, -ot, -ef).
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "builtins/pure.hpp"
#include "os/fd.hpp"
#include "os/fs.hpp"

namespace fdsh::builtins {

namespace {

struct SyntaxError {
  std::string msg;
};

bool is_unary(const std::string& s) {
  static const char* const ops[] = {"-b", "-c", "-d", "-e", "-f", "-g", "-G", "-h", "-k", "-L", "-N", "-O", "-p",
                                    "-r", "-s", "-S", "-t", "-u", "-w", "-x", "-n", "-z", "-a", "-o", "-v"};
  for (const char* o : ops)
    if (s == o) return true;
  return false;
}

bool is_binary(const std::string& s) {
  static const char* const ops[] = {"=",   "==",  "!=",  "<",   ">",   "-eq", "-ne", "-lt",
                                    "-le", "-gt", "-ge", "-nt", "-ot", "-ef", "-a",  "-o"};
  for (const char* o : ops)
    if (s == o) return true;
  return false;
}

long long to_int(const std::string& s) {
  const char* p = s.c_str();
  while (*p == ' ' || *p == '\t') ++p;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(p, &end, 10);
  while (end && (*end == ' ' || *end == '\t')) ++end;
  if (end == p || *end || errno == ERANGE) throw SyntaxError{s + ": integer expression expected"};
  return v;
}

bool unary(const std::string& op, const std::string& a) {
  if (op == "-n") return !a.empty();
  if (op == "-z") return a.empty();
  if (op == "-t") {
    long long fd = to_int(a);
    return fd >= 0 && fd <= INT_MAX && os::is_tty(static_cast<int>(fd));
  }
  if (op == "-h" || op == "-L") {
    auto st = os::lstat_path(a);
    return st && S_ISLNK(st->st_mode);
  }
  if (op == "-r") return os::can_access(a, R_OK);
  if (op == "-w") return os::can_access(a, W_OK);
  if (op == "-x") return os::can_access(a, X_OK);
  if (op == "-o" || op == "-v") return false;  // shell options and variables: answered by [[ ]]
  auto st = os::stat_path(a);
  if (!st) return false;
  mode_t m = st->st_mode;
  switch (op[1]) {
    case 'a':
    case 'e': return true;
    case 'b': return S_ISBLK(m);
    case 'c': return S_ISCHR(m);
    case 'd': return S_ISDIR(m);
    case 'f': return S_ISREG(m);
    case 'g': return m & S_ISGID;
    case 'u': return m & S_ISUID;
    case 'k': return m & S_ISVTX;
    case 'p': return S_ISFIFO(m);
    case 'S': return S_ISSOCK(m);
    case 's': return st->st_size > 0;
    case 'G': return st->st_gid == os::effective_gid();
    case 'O': return st->st_uid == os::effective_uid();
    case 'N': return st->st_mtime > st->st_atime;
  }
  return false;
}

bool newer(const struct stat& a, const struct stat& b) {
  if (a.st_mtim.tv_sec != b.st_mtim.tv_sec) return a.st_mtim.tv_sec > b.st_mtim.tv_sec;
  return a.st_mtim.tv_nsec > b.st_mtim.tv_nsec;
}

bool binary(const std::string& l, const std::string& op, const std::string& r) {
  if (op == "=" || op == "==") return l == r;
  if (op == "!=") return l != r;
  if (op == "<") return l < r;
  if (op == ">") return l > r;
  if (op == "-nt" || op == "-ot") {
    auto a = os::stat_path(l), b = os::stat_path(r);
    if (op == "-nt") return a && (!b || newer(*a, *b));
    return b && (!a || newer(*b, *a));
  }
  if (op == "-ef") {
    auto a = os::stat_path(l), b = os::stat_path(r);
    return a && b && a->st_dev == b->st_dev && a->st_ino == b->st_ino;
  }
  long long x = to_int(l), y = to_int(r);
  if (op == "-eq") return x == y;
  if (op == "-ne") return x != y;
  if (op == "-lt") return x < y;
  if (op == "-le") return x <= y;
  if (op == "-gt") return x > y;
  if (op == "-ge") return x >= y;
  throw SyntaxError{op + ": binary operator expected"};
}

struct Parser {
  const std::vector<std::string>& a;
  std::size_t i = 0;
  int depth = 0;

  bool at_end() const { return i >= a.size(); }
  const std::string& cur() const { return a[i]; }

  bool expr() {
    bool v = and_expr();
    while (!at_end() && cur() == "-o") {
      ++i;
      bool r = and_expr();
      v = v || r;
    }
    return v;
  }
  bool and_expr() {
    bool v = not_expr();
    while (!at_end() && cur() == "-a") {
      ++i;
      bool r = not_expr();
      v = v && r;
    }
    return v;
  }
  bool not_expr() {
    if (!at_end() && cur() == "!") {
      ++i;
      if (++depth > 1000) throw SyntaxError{"expression too deeply nested"};
      bool v = !not_expr();
      --depth;
      return v;
    }
    return primary();
  }
  bool primary() {
    if (at_end()) throw SyntaxError{"argument expected"};
    if (cur() == "(" ) {
      // "(" as a string operand when followed by a binary operator, e.g. [ "(" = "(" ].
      if (!(i + 2 < a.size() && is_binary(a[i + 1]) && a[i + 1] != "-a" && a[i + 1] != "-o")) {
        ++i;
        if (++depth > 1000) throw SyntaxError{"expression too deeply nested"};
        bool v = expr();
        --depth;
        if (at_end() || cur() != ")") throw SyntaxError{"')' expected"};
        ++i;
        return v;
      }
    }
    if (i + 2 < a.size() + 0 && i + 1 < a.size() && is_binary(a[i + 1]) && i + 2 < a.size()) {
      const std::string& l = a[i];
      const std::string& op = a[i + 1];
      const std::string& r = a[i + 2];
      if (!(op == "-a" || op == "-o") || false) {
        i += 3;
        return binary(l, op, r);
      }
    }
    if (is_unary(cur()) && i + 1 < a.size()) {
      std::string op = cur();
      std::string arg = a[i + 1];
      i += 2;
      return unary(op, arg);
    }
    return !a[i++].empty();
  }
};

bool eval(const std::vector<std::string>& a);

bool eval_n(const std::vector<std::string>& a, std::size_t from) {
  return eval(std::vector<std::string>(a.begin() + static_cast<long>(from), a.end()));
}

bool eval(const std::vector<std::string>& a) {
  switch (a.size()) {
    case 0: return false;
    case 1: return !a[0].empty();
    case 2:
      if (a[0] == "!") return a[1].empty();
      if (is_unary(a[0])) return unary(a[0], a[1]);
      throw SyntaxError{a[0] + ": unary operator expected"};
    case 3:
      if (is_binary(a[1])) {
        if (a[1] == "-a") return !a[0].empty() && !a[2].empty();
        if (a[1] == "-o") return !a[0].empty() || !a[2].empty();
        return binary(a[0], a[1], a[2]);
      }
      if (a[0] == "!") return !eval_n(a, 1);
      if (a[0] == "(" && a[2] == ")") return !a[1].empty();
      throw SyntaxError{a[1] + ": binary operator expected"};
    case 4:
      if (a[0] == "!") return !eval_n(a, 1);
      if (a[0] == "(" && a[3] == ")") return eval(std::vector<std::string>(a.begin() + 1, a.end() - 1));
      [[fallthrough]];
    default: {
      Parser p{a};
      bool v = p.expr();
      if (!p.at_end()) throw SyntaxError{p.cur() + ": unexpected argument"};
      return v;
    }
  }
}

}  // namespace

int run_test(const std::vector<std::string>& argv, PureIo& io) {
  std::vector<std::string> a(argv.begin() + 1, argv.end());
  const std::string name = argv.empty() ? "test" : argv[0];
  if (name == "[") {
    if (a.empty() || a.back() != "]") {
      io.errors.push_back("[: missing ']'");
      return 2;
    }
    a.pop_back();
  }
  try {
    return eval(a) ? 0 : 1;
  } catch (const SyntaxError& e) {
    io.errors.push_back(name + ": " + e.msg);
    return 2;
  }
}

}  // namespace fdsh::builtins
