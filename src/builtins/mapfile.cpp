// builtins/mapfile.cpp — mapfile/readarray: lines of input into an indexed array.
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

int bi_mapfile(BuiltinContext& cx, std::vector<std::string>& argv) {
  bool strip = false;
  std::string delim = "\n";
  int fd = 0;
  long count = 0, skip = 0, origin = 0;
  OptParser o(cx, argv, "d:n:O:s:tu:C:c:");
  for (char c; (c = o.next()) != 0;) {
    std::optional<long> v;
    switch (c) {
      case 't': strip = true; break;
      case 'd':
        delim = o.arg().empty() ? std::string(1, '\0') : o.arg();
        break;
      case 'u': {
        auto f = o.fd();
        if (!f) return 1;
        fd = *f;
        break;
      }
      case 'n':
      case 's':
      case 'O':
        v = o.number(0, 1L << 40, c == 'O' ? "invalid array origin" : "invalid line count");
        if (!v) return 1;
        (c == 'n' ? count : c == 's' ? skip : origin) = *v;
        if (origin != 0) {
          cx.error(argv[0] + ": -O " + o.arg() + ": an origin other than 0 is not supported");
          return 2;
        }
        break;
      case 'C':
      case 'c': cx.error(argv[0] + ": -" + std::string(1, c) + ": not supported"); return 2;
      default: return 2;
    }
  }
  std::size_t i = o.index();
  std::string name = i < argv.size() ? argv[i] : "MAPFILE";
  std::string data;
  char buf[4096];
  for (;;) {
    auto r = cx.read(fd, buf, sizeof buf);
    if (!r) {
      cx.error(argv[0] + ": read error: " + std::to_string(fd) + ": " + std::strerror(r.error().err));
      return 1;
    }
    if (*r <= 0) break;
    data.append(buf, static_cast<std::size_t>(*r));
  }
  std::vector<std::string> lines;
  std::size_t p = 0;
  long n = 0;
  while (p < data.size()) {
    std::size_t e = data.find(delim[0], p);
    std::string line = e == std::string::npos ? data.substr(p) : data.substr(p, e - p + (strip ? 0 : 1));
    p = e == std::string::npos ? data.size() : e + 1;
    if (n++ < skip) continue;
    lines.push_back(line);
    if (count > 0 && static_cast<long>(lines.size()) >= count) break;
  }
  return cx.shell.set_array(name, lines, false) ? 0 : 1;
}

}  // namespace fdsh::builtins
