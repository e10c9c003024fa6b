// builtins/ulimit.cpp — times (XCU 2.14) and ulimit (resource limits).
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "builtins/opts.hpp"
#include "builtins/pure.hpp"
#include "builtins/shell_builtins.hpp"
#include "os/fd.hpp"
#include "os/sys.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;

int bi_times(BuiltinContext& cx, std::vector<std::string>&) {
  os::Times t = os::process_times();
  auto f = [](double s) {
    char b[64];
    int m = static_cast<int>(s / 60);
    std::snprintf(b, sizeof b, "%dm%.3fs", m, s - m * 60);
    return std::string(b);
  };
  cx.out(f(t.user) + " " + f(t.sys) + "\n" + f(t.cuser) + " " + f(t.csys) + "\n");
  return 0;
}

int bi_ulimit(BuiltinContext& cx, std::vector<std::string>& argv) {
  struct R {
    char opt;
    int res;
    unsigned unit;
    const char* desc;
  };
  static const R table[] = {
      {'c', RLIMIT_CORE, 512, "core file size (blocks)"}, {'d', RLIMIT_DATA, 1024, "data seg size (kbytes)"},
      {'f', RLIMIT_FSIZE, 512, "file size (blocks)"},     {'l', RLIMIT_MEMLOCK, 1024, "max locked memory (kbytes)"},
      {'m', RLIMIT_RSS, 1024, "max memory size (kbytes)"}, {'n', RLIMIT_NOFILE, 1, "open files"},
      {'s', RLIMIT_STACK, 1024, "stack size (kbytes)"},    {'t', RLIMIT_CPU, 1, "cpu time (seconds)"},
      {'u', RLIMIT_NPROC, 1, "max user processes"},        {'v', RLIMIT_AS, 1024, "virtual memory (kbytes)"},
  };
  bool hard = false, soft = false, all = false;
  char which = 0;
  std::vector<std::string> operands;
  bool options_done = false;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (!options_done && a == "--") {
      options_done = true;
      continue;
    }
    if (!options_done && a == "--all") {
      all = true;
      continue;
    }
    if (!options_done && a.size() > 1 && a[0] == '-' && !std::isdigit(static_cast<unsigned char>(a[1]))) {
      for (std::size_t k = 1; k < a.size(); ++k) {
        char c = a[k];
        if (c == 'H') hard = true;
        else if (c == 'S') soft = true;
        else if (c == 'a') all = true;
        else {
          bool ok = false;
          for (auto& r : table) ok = ok || r.opt == c;
          if (!ok) {
            cx.error(std::string("ulimit: -") + c + ": invalid option");
            return 2;
          }
          if (which && which != c) {
            cx.error("ulimit: only one resource may be given");
            return 2;
          }
          which = c;
        }
      }
    } else {
      operands.push_back(a);
    }
  }
  if (operands.size() > 1 || (all && (which || !operands.empty()))) {
    cx.error("ulimit: too many arguments");
    return 2;
  }
  if (!which) which = 'f';
  auto show = [&](const R& r, bool prefix) {
    auto l = os::get_limit(r.res, hard && !soft);
    std::string v = !l ? "error" : l->unlimited ? "unlimited" : std::to_string(l->value / r.unit);
    if (prefix) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "%-28s(-%c) %s\n", r.desc, r.opt, v.c_str());
      cx.out(buf);
    } else {
      cx.out(v + "\n");
    }
  };
  if (all) {
    for (auto& r : table) show(r, true);
    return 0;
  }
  const R* r = nullptr;
  for (auto& x : table)
    if (x.opt == which) r = &x;
  if (operands.empty()) {
    show(*r, false);
    return 0;
  }
  const std::string& value = operands[0];
  bool unlimited = value == "unlimited";
  unsigned long long v = 0;
  if (!unlimited) {
    if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos || value.size() > 20) {
      cx.error("ulimit: " + value + ": invalid number");
      return 1;
    }
    errno = 0;
    v = std::strtoull(value.c_str(), nullptr, 10);
    if (errno == ERANGE || v > ~0ull / r->unit) {
      unlimited = true;  // too large to represent: no limit
    } else {
      v *= r->unit;
    }
  }
  // Without -H or -S both limits change, in one call so that lowering works.
  auto res = os::set_limits(r->res, soft || !hard, hard || !soft, unlimited, v);
  if (!res) {
    cx.error("ulimit: " + value + ": " + std::strerror(res.error().err));
    return 1;
  }
  return 0;
}

}  // namespace fdsh::builtins
