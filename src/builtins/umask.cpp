// builtins/umask.cpp — umask (XCU utility): octal and symbolic masks, -S.
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

int bi_umask(BuiltinContext& cx, std::vector<std::string>& argv) {
  bool symbolic = false, reusable = false;
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    if (argv[i] == "-S") symbolic = true;
    else if (argv[i] == "-p") reusable = true;
    else {
      cx.error("umask: " + argv[i] + ": invalid option");
      return 2;
    }
  }
  unsigned m = os::get_umask();
  if (i >= argv.size()) {
    if (symbolic) {
      auto part = [&](unsigned shift) {
        std::string r;
        unsigned bits = (~m >> shift) & 7;
        if (bits & 4) r += 'r';
        if (bits & 2) r += 'w';
        if (bits & 1) r += 'x';
        return r;
      };
      cx.out(std::string(reusable ? "umask -S " : "") + "u=" + part(6) + ",g=" + part(3) + ",o=" + part(0) + "\n");
    } else {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%s%04o\n", reusable ? "umask " : "", m);
      cx.out(buf);
    }
    return 0;
  }
  if (i + 1 < argv.size()) {
    cx.error("umask: too many arguments");
    return 2;
  }
  const std::string& a = argv[i];
  if (!a.empty() && a.find_first_not_of("01234567") == std::string::npos) {
    os::set_umask(static_cast<unsigned>(std::strtoul(a.c_str(), nullptr, 8)) & 0777);
    return 0;
  }
  // Symbolic mode (XCU chmod): clauses [ugoa]* ( [+-=] ( [rwxXst]* | [ugo] ) )+, comma-separated,
  // applied to the permissions the mask leaves.
  unsigned perm = ~m & 0777;
  const unsigned orig = perm;  // u, g, o in a clause copy the mask the command started from
  std::size_t p = 0;
  auto bad = [&]() {
    cx.error("umask: " + a + ": invalid symbolic mode");
    return 1;
  };
  if (a.empty()) return bad();
  for (;;) {
    unsigned who = 0;
    while (p < a.size() && std::strchr("ugoa", a[p])) {
      who |= a[p] == 'u' ? 0700 : a[p] == 'g' ? 0070 : a[p] == 'o' ? 0007 : 0777;
      ++p;
    }
    if (!who) who = 0777;
    if (p >= a.size() || !std::strchr("+-=", a[p])) return bad();
    while (p < a.size() && std::strchr("+-=", a[p])) {
      char op = a[p++];
      unsigned bits = 0;
      if (p < a.size() && std::strchr("ugo", a[p])) {
        // Copy the permissions of another class.
        unsigned shift = a[p] == 'u' ? 6 : a[p] == 'g' ? 3 : 0;
        unsigned v = (orig >> shift) & 7;
        bits = v << 6 | v << 3 | v;
        ++p;
      } else {
        while (p < a.size() && std::strchr("rwxXst", a[p])) {
          if (a[p] == 'r') bits |= 0444;
          if (a[p] == 'w') bits |= 0222;
          if (a[p] == 'x' || a[p] == 'X') bits |= 0111;
          ++p;
        }
      }
      bits &= who;
      if (op == '+') perm |= bits;
      else if (op == '-') perm &= ~bits;
      else perm = (perm & ~who) | bits;
    }
    if (p == a.size()) break;
    if (a[p] != ',') return bad();
    ++p;
  }
  os::set_umask(~perm & 0777);
  return 0;
}

}  // namespace fdsh::builtins
