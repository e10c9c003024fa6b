// builtins/read.cpp — `read` (the XCU read utility, with bash's -a -d -n -N -p -s -t -u):
// reads one record from an fd byte by byte, then splits it into fields with IFS (XCU 2.6.5)
// and assigns them to variables or to an array.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "builtins/opts.hpp"
#include "builtins/shell_builtins.hpp"
#include "util/text.hpp"
#include "os/fd.hpp"
#include "os/signals.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using exec::Shell;

namespace {

/// The options of one `read`.
struct ReadOptions {
  bool raw = false;     ///< -r: a backslash is an ordinary byte
  bool silent = false;  ///< -s: no echo on a terminal
  bool exact = false;   ///< -N: exactly nchars bytes, no delimiter, no splitting
  std::string delim = "\n";
  long nchars = -1;  ///< -n / -N; -1: no limit
  std::string array_name, prompt;
  int fd = 0;
  double timeout = -1;  ///< -t in seconds; -1: none
  std::size_t first_operand = 1;
};

/// Reads the options into `ro`; returns 0, or the status after reporting an error.
int read_options(BuiltinContext& cx, const std::vector<std::string>& argv, ReadOptions& ro) {
  // -e (line editing) and -i TEXT (its initial text) matter only with an editor: accepted.
  OptParser o(cx, argv, "a:d:ei:n:N:p:rst:u:");
  for (char c; (c = o.next()) != 0;) {
    switch (c) {
      case 'r': ro.raw = true; break;
      case 's': ro.silent = true; break;
      case 'e':
      case 'i': break;
      case 'd': ro.delim = o.arg().empty() ? std::string(1, '\0') : o.arg().substr(0, 1); break;
      case 'n':
      case 'N': {
        ro.exact = c == 'N';
        auto v = o.number(0, 1L << 40);
        if (!v) return 1;
        ro.nchars = *v;
        break;
      }
      case 'a': ro.array_name = o.arg(); break;
      case 'p': ro.prompt = o.arg(); break;
      case 'u': {
        auto f = o.fd();
        if (!f) return 1;
        ro.fd = *f;
        break;
      }
      case 't': {
        const std::string& v = o.arg();
        char* end = nullptr;
        ro.timeout = std::strtod(v.c_str(), &end);
        if (v.empty() || *end || ro.timeout < 0) {
          cx.error("read: " + v + ": invalid timeout specification");
          return 1;
        }
        break;
      }
      default: return 2;
    }
  }
  ro.first_operand = o.index();
  return 0;
}

/// read -s: no echo while a terminal is read (passwords); the echo comes back however
/// `read` ends.
class EchoOff {
 public:
  EchoOff(int fd, bool silent) : fd_(fd), active_(silent && os::set_echo(fd, false)) {}
  ~EchoOff() {
    if (active_) os::set_echo(fd_, true);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  bool active_;
};

/// What one `read` took from its input.
struct Record {
  std::string line;           ///< the bytes before the delimiter, backslashes removed
  std::vector<bool> escaped;  ///< per byte of line: it followed a backslash (never a separator)
  bool got_delim = false, eof = false;
  bool timed_out = false;  ///< -t expired; line holds what was read so far
};

/// A read(2) that failed: a signal runs its trap and ends `read` with 128+SIGINT; other
/// errors are reported with bash's messages and give status 1.
int read_failed(BuiltinContext& cx, int fd, int err) {
  if (err == EINTR) {
    cx.shell.run_pending_traps();
    return 128 + 2;
  }
  if (err == EBADF) {
    cx.error("read: " + std::to_string(fd) + ": invalid file descriptor: Bad file descriptor");
    return 1;
  }
  // EISDIR, EIO, ...: what was read so far is not assigned, as in bash.
  cx.error("read: read error: " + std::to_string(fd) + ": " + std::strerror(err));
  return 1;
}

/// Reads one record byte by byte, so that no input past the delimiter is consumed. Returns
/// nullopt when the record is complete (delimiter, end of input or the -n/-N count), else
/// the status `read` ends with (a timeout, a signal, a read error).
std::optional<int> read_record(BuiltinContext& cx, const ReadOptions& ro, Record& rec) {
  long count = 0;
  for (;;) {
    if (ro.nchars >= 0 && count >= ro.nchars) return std::nullopt;
    if (ro.timeout > 0 && !cx.wait_readable(ro.fd, ro.timeout)) {
      rec.timed_out = true;
      return 142;  // > 128 as in bash
    }
    char c;
    auto r = cx.read(ro.fd, &c, 1, false);
    if (!r) {
      if (r.error().err == EINTR && !os::signals::any_pending()) continue;
      return read_failed(cx, ro.fd, r.error().err);
    }
    if (*r == 0) {
      rec.eof = true;
      return std::nullopt;
    }
    if (!ro.exact && c == ro.delim[0]) {
      rec.got_delim = true;
      return std::nullopt;
    }
    bool escaped = false;
    if (!ro.raw && !ro.exact && c == '\\') {
      auto r2 = cx.read(ro.fd, &c, 1);
      if (!r2 || *r2 == 0) {
        rec.eof = true;
        return std::nullopt;
      }
      if (c == '\n') continue;  // a line continuation
      escaped = true;
    }
    rec.line += c;
    rec.escaped.push_back(escaped);
    ++count;
  }
}

/// A record cut into characters for field splitting: each is IFS white space, another IFS
/// character (a multibyte one such as `é` whole), or not IFS; escaped characters never are.
struct Unit {
  std::string text;
  bool white = false;
  bool sep = false;  ///< any IFS character
};

std::vector<Unit> units_of(const Record& rec, const std::string& ifs) {
  std::vector<std::string> multi;
  for (std::size_t i = 0; i < ifs.size();) {
    std::size_t len = util::utf8_char_len(std::string_view(ifs).substr(i));
    if (len > 1) multi.push_back(ifs.substr(i, len));
    i += len;
  }
  std::vector<Unit> out;
  const std::string& line = rec.line;
  for (std::size_t k = 0; k < line.size();) {
    if (!rec.escaped[k]) {
      bool matched = false;
      for (const std::string& m : multi) {
        if (line.compare(k, m.size(), m) == 0) {
          out.push_back(Unit{m, false, true});
          k += m.size();
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    char c = line[k];
    bool in_ifs = !rec.escaped[k] && static_cast<unsigned char>(c) < 0x80 && ifs.find(c) != std::string::npos;
    out.push_back(Unit{std::string(1, c), in_ifs && (c == ' ' || c == '\t' || c == '\n'), in_ifs});
    ++k;
  }
  return out;
}

/// The field of the last variable: the rest of the line from `k`, minus trailing IFS white
/// space; a single trailing non-white separator is removed too.
std::string last_field(const std::vector<Unit>& u, std::size_t k) {
  std::size_t end = u.size();
  while (end > k && u[end - 1].white) --end;
  if (end > k && u[end - 1].sep && !u[end - 1].white) {
    bool other_sep = false;
    for (std::size_t q = k; q + 1 < end; ++q)
      if (u[q].sep && !u[q].white) other_sep = true;
    if (!other_sep) --end;
  }
  std::string rest;
  for (std::size_t q = k; q < end; ++q) rest += u[q].text;
  return rest;
}

/// Splits a record into at most `want` fields (XCU 2.6.5); the last one takes the rest of
/// the line.
std::vector<std::string> split_record(const Record& rec, const std::string& ifs, std::size_t want) {
  std::vector<Unit> u = units_of(rec, ifs);
  std::vector<std::string> fields;
  std::size_t k = 0, n = u.size();
  while (k < n && u[k].white) ++k;
  while (k < n) {
    if (fields.size() + 1 == want) {
      fields.push_back(last_field(u, k));
      break;
    }
    std::string f;
    while (k < n && !u[k].sep) f += u[k++].text;
    fields.push_back(f);
    if (k >= n) break;
    // Skip one separator with surrounding whitespace.
    while (k < n && u[k].white) ++k;
    if (k < n && u[k].sep && !u[k].white) {
      ++k;
      while (k < n && u[k].white) ++k;
    }
  }
  return fields;
}

/// Assigns a complete record to the variables `names` (or to the -a array) and returns the
/// status of `read`. `implicit_reply`: no operand and no -a, so REPLY gets the line as is.
int assign_record(BuiltinContext& cx, const ReadOptions& ro, const std::vector<std::string>& names, bool implicit_reply,
                  const Record& rec) {
  auto ifs_v = cx.shell.lookup("IFS");
  std::string ifs = ifs_v ? *ifs_v : " \t\n";
  if (ro.exact) {
    cx.shell.set_variable(names.empty() ? "REPLY" : names[0], rec.line);
    for (std::size_t q = 1; q < names.size(); ++q) cx.shell.set_variable(names[q], "");
    return rec.eof && rec.line.empty() ? 1 : 0;
  }
  int status = (rec.eof && !rec.got_delim) ? 1 : 0;
  if (implicit_reply) {
    // Plain `read` keeps the line as is (no trimming) in REPLY.
    cx.shell.set_variable("REPLY", rec.line);
    return status;
  }
  std::size_t want = ro.array_name.empty() ? names.size() : static_cast<std::size_t>(-1);
  std::vector<std::string> fields = split_record(rec, ifs, want);
  if (!ro.array_name.empty()) {
    cx.shell.set_array(ro.array_name, fields, false);
  } else {
    for (std::size_t q = 0; q < names.size(); ++q)
      if (!cx.shell.set_variable(names[q], q < fields.size() ? fields[q] : "")) return 2;
  }
  return status;
}

}  // namespace

int bi_read(BuiltinContext& cx, std::vector<std::string>& argv) {
  ReadOptions ro;
  if (int st = read_options(cx, argv, ro)) return st;
  EchoOff echo_off(ro.fd, ro.silent);
  if (ro.timeout == 0) {
    // read -t 0: only report whether input is available.
    return os::wait_readable(ro.fd, 0) ? 0 : 1;
  }
  std::vector<std::string> names(argv.begin() + static_cast<long>(ro.first_operand), argv.end());
  bool implicit_reply = names.empty() && ro.array_name.empty();
  if (implicit_reply) names.push_back("REPLY");
  for (auto& n : names)
    if (!state::is_name(n)) {
      cx.error("read: '" + n + "': not a valid identifier");
      return 2;
    }
  if (!ro.prompt.empty() && os::is_tty(ro.fd)) cx.err(ro.prompt);
  Record rec;
  if (auto st = read_record(cx, ro, rec)) {
    // Timed out: what was read so far is assigned.
    if (rec.timed_out) cx.shell.set_variable(names.empty() ? "REPLY" : names[0], rec.line);
    return *st;
  }
  return assign_record(cx, ro, names, implicit_reply, rec);
}

}  // namespace fdsh::builtins
