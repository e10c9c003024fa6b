// builtins/history.cpp — the history list's builtins: `history` (bash: list, -c -d -a -n -r
// -w -s -p) and `fc` (XCU fc: -l -n -r -e -s, old=new), both on the list of
// exec/interact.hpp.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>

#include "builtins/shell_builtins.hpp"
#include "exec/interact.hpp"
#include "interactive/histexpand.hpp"
#include "os/sys.hpp"

namespace fdsh::builtins {

using exec::BuiltinContext;
using interactive::HistEntry;

namespace {

const char* kHistoryUsage =
    "usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]";

bool parse_long(const std::string& s, long long& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtoll(s.c_str(), &end, 10);
  return !*end;
}

std::string entry_time(const std::string& format, std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tmv{};
  localtime_r(&tt, &tmv);
  char buf[256];
  std::size_t n = std::strftime(buf, sizeof buf, format.c_str(), &tmv);
  return std::string(buf, n);
}

int list_history(BuiltinContext& cx, long long count) {
  auto& h = cx.session.history;
  auto fmt = cx.shell.lookup("HISTTIMEFORMAT");
  std::size_t n = count < 0 ? h.size() : std::min(h.size(), static_cast<std::size_t>(count));
  std::string out;
  for (std::size_t k = h.size() - n; k < h.size(); ++k) {
    char num[32];
    std::snprintf(num, sizeof num, "%5llu  ", static_cast<unsigned long long>(h.base() + k));
    out += num;
    const HistEntry& e = h.entries()[k];
    if (fmt) out += entry_time(*fmt, e.time);
    out += e.text + "\n";
  }
  return cx.out(out) ? 0 : 1;
}

/// history -d: N, -N (from the end), or START-END.
int delete_entries(BuiltinContext& cx, const std::string& spec) {
  auto& h = cx.session.history;
  auto number = [&](const std::string& s, std::uint64_t& n) {
    long long v = 0;
    if (!parse_long(s, v) || v == 0) return false;
    n = v > 0 ? static_cast<std::uint64_t>(v) : h.next_number() + static_cast<std::uint64_t>(v);
    return h.find(n) != nullptr;
  };
  std::uint64_t from = 0, to = 0;
  auto dash = spec.find('-', 1);
  bool ok = dash == std::string::npos ? number(spec, from) && (to = from, true)
                                      : number(spec.substr(0, dash), from) && number(spec.substr(dash + 1), to);
  if (!ok || from > to) {
    cx.error("history: " + spec + ": history position out of range");
    return 1;
  }
  for (std::uint64_t k = to + 1; k-- > from;) h.erase(k);
  return 0;
}

int history_file_op(BuiltinContext& cx, char op, const std::string& given) {
  std::string file = given.empty() ? exec::interact::history_file(cx.shell) : given;
  if (file.empty()) return 0;
  auto& h = cx.session.history;
  auto report = [&](const SysError& e) {
    cx.error("history: " + file + ": " + std::strerror(e.err));
    return 1;
  };
  if (op == 'w' || op == 'a') {
    std::vector<HistEntry> list;
    std::size_t from = op == 'w' ? 0 : h.size() - h.unsaved();
    for (std::size_t k = from; k < h.size(); ++k) list.push_back(h.entries()[k]);
    auto r = op == 'w' ? interactive::write_history_file(file, list)
                       : interactive::append_history_file(file, list,
                                                          exec::interact::history_limit(cx.shell, "HISTFILESIZE"));
    if (!r) return report(r.error());
    h.mark_saved();
    h.file_entries = op == 'w' ? list.size() : h.file_entries + list.size();
    return 0;
  }
  auto read = interactive::read_history_file(file);
  if (!read) return report(read.error());
  std::size_t from = op == 'n' ? std::min(h.file_entries, read->size()) : 0;
  for (std::size_t k = from; k < read->size(); ++k) h.add_raw((*read)[k]);
  h.mark_saved();
  h.limit(exec::interact::history_limit(cx.shell, "HISTSIZE"));
  h.file_entries = read->size();
  return 0;
}

}  // namespace

int bi_history(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::size_t i = 1;
  char op = 0;
  std::string del;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.size() < 2 || a[0] != '-') break;
    for (std::size_t k = 1; k < a.size(); ++k) {
      char c = a[k];
      if (c == 'd') {
        if (k + 1 < a.size())
          del = a.substr(k + 1);
        else if (i + 1 < argv.size())
          del = argv[++i];
        else {
          cx.error("history: -d: option requires an argument");
          return 2;
        }
        op = 'd';
        break;
      }
      if (std::strchr("canrwps", c) == nullptr) {
        cx.error(std::string("history: -") + c + ": invalid option");
        cx.error(std::string("history: ") + kHistoryUsage);
        return 2;
      }
      if (c == 'c')
        cx.session.history.clear();
      else
        op = c;
    }
  }
  std::vector<std::string> rest(argv.begin() + static_cast<long>(i), argv.end());
  if (op == 'd') return delete_entries(cx, del);
  if (op == 's') {
    // The `history -s` line itself gives way to its arguments.
    if (cx.opts.history) cx.session.history.drop_last();
    std::string text;
    for (const auto& a : rest) text += (text.empty() ? "" : " ") + a;
    if (!rest.empty()) cx.session.history.add_raw(HistEntry{text, static_cast<std::int64_t>(os::now_seconds())});
    return 0;
  }
  if (op == 'p') {
    if (cx.opts.history) cx.session.history.drop_last();  // bash keeps neither the results nor the line
    std::string out;
    for (const auto& a : rest) {
      auto x = interactive::expand_history(a, cx.session.history);
      if (!x.error.empty()) {
        cx.error("history: " + x.error);
        return 1;
      }
      out += x.line + "\n";
    }
    return cx.out(out) ? 0 : 1;
  }
  if (op) return history_file_op(cx, op, rest.empty() ? "" : rest[0]);
  // The count is checked before the number of operands, as in bash.
  long long n = -1;
  if (!rest.empty() && (!parse_long(rest[0], n) || n < 0)) {
    cx.error("history: " + rest[0] + ": numeric argument required");
    return 1;
  }
  if (rest.size() > 1) {
    cx.error("history: too many arguments");
    return 1;
  }
  return list_history(cx, n);
}

}  // namespace fdsh::builtins

namespace fdsh::builtins {

namespace {

/// fc's view of the list: the numbers it may name, without the `fc` line itself.
struct FcRange {
  std::uint64_t first = 1, last = 0;
};

FcRange fc_range(BuiltinContext& cx) {
  FcRange r;
  r.first = cx.session.history.base();
  r.last = cx.session.history.next_number() - 1;
  if (cx.opts.history && r.last >= r.first) --r.last;  // the fc command being run
  return r;
}

/// A history number, a negative offset, or the newest command starting with the text; 0 if none.
std::uint64_t fc_resolve(BuiltinContext& cx, const FcRange& r, const std::string& spec) {
  long long v = 0;
  if (parse_long(spec, v)) {
    long long n = v > 0 ? v : static_cast<long long>(r.last) + 1 + v;
    if (v == 0) n = static_cast<long long>(r.last);
    n = std::clamp(n, static_cast<long long>(r.first), static_cast<long long>(r.last));
    return static_cast<std::uint64_t>(n);
  }
  for (std::uint64_t k = r.last; k >= r.first && k > 0; --k)
    if (cx.session.history.find(k)->text.rfind(spec, 0) == 0) return k;
  return 0;
}

/// Replaces the `fc` line in the history with the command it runs, shows and runs it.
int fc_run(BuiltinContext& cx, const std::string& cmd) {
  if (cx.opts.history) {
    cx.session.history.drop_last();
    cx.session.history.add_raw(HistEntry{cmd, static_cast<std::int64_t>(os::now_seconds())});
  }
  cx.err(cmd.empty() || cmd.back() == '\n' ? cmd : cmd + "\n");
  return cx.shell.run_text(cmd, "fc");
}

int fc_edit(BuiltinContext& cx, std::string editor, const std::string& text) {
  auto file = os::private_temp_file(text, cx.shell.get_var("TMPDIR").value_or(""));
  if (!file) {
    cx.error(std::string("fc: cannot create a temporary file: ") + std::strerror(file.error().err));
    return 1;
  }
  if (editor.empty()) {
    auto fe = cx.shell.lookup("FCEDIT");
    if (!fe || fe->empty()) fe = cx.shell.lookup("EDITOR");
    editor = fe && !fe->empty() ? *fe : "ed";
  }
  int st = cx.shell.run_text(editor + " " + exec::quote(*file), "fc");
  auto edited = os::read_file(*file);
  os::remove_file(*file);
  if (st != 0 || !edited) return st != 0 ? st : 1;
  std::string cmd = *edited;
  while (!cmd.empty() && cmd.back() == '\n') cmd.pop_back();
  if (cmd.empty()) return 0;
  return fc_run(cx, cmd);
}

}  // namespace

// fc (XCU fc): list (-l), re-execute with substitution (-s), or edit then run commands.
int bi_fc(BuiltinContext& cx, std::vector<std::string>& argv) {
  bool list = false, no_numbers = false, reverse = false, reexec = false;
  std::string editor;
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-' &&
         !std::isdigit(static_cast<unsigned char>(argv[i][1]));
       ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    for (std::size_t k = 1; k < argv[i].size(); ++k) {
      char c = argv[i][k];
      if (c == 'l')
        list = true;
      else if (c == 'n')
        no_numbers = true;
      else if (c == 'r')
        reverse = true;
      else if (c == 's')
        reexec = true;
      else if (c == 'e' && i + 1 < argv.size()) {
        editor = argv[++i];
        break;
      } else {
        cx.error(std::string("fc: -") + c + ": invalid option");
        return 2;
      }
    }
  }
  FcRange r = fc_range(cx);
  if (r.last < r.first || r.last == 0) {
    cx.error("fc: no command history");
    return 1;
  }
  if (reexec || editor == "-") {
    std::string subst;
    if (i < argv.size() && argv[i].find('=') != std::string::npos) subst = argv[i++];
    std::string spec = i < argv.size() ? argv[i] : "-1";
    std::uint64_t which = fc_resolve(cx, r, spec);
    if (which == 0) {
      cx.error("fc: " + spec + ": no command found");
      return 1;
    }
    std::string cmd = cx.session.history.find(which)->text;
    if (!subst.empty()) {
      auto eq = subst.find('=');
      std::string from = subst.substr(0, eq), to = subst.substr(eq + 1);
      for (auto pos = cmd.find(from); !from.empty() && pos != std::string::npos; pos = cmd.find(from, pos + to.size()))
        cmd.replace(pos, from.size(), to);
    }
    return fc_run(cx, cmd);
  }
  std::string dflt_first = list ? "-16" : "-1";
  std::string first_spec = i < argv.size() ? argv[i] : dflt_first;
  std::uint64_t first = fc_resolve(cx, r, first_spec);
  std::uint64_t last = i + 1 < argv.size() ? fc_resolve(cx, r, argv[i + 1]) : (list ? r.last : first);
  if (first == 0 || last == 0) {
    cx.error("fc: history specification out of range");
    return 1;
  }
  if (reverse) std::swap(first, last);
  std::vector<std::uint64_t> order;
  for (std::uint64_t k = first;; k = first <= last ? k + 1 : k - 1) {
    order.push_back(k);
    if (k == last) break;
  }
  std::string text;
  for (std::uint64_t k : order) {
    const std::string& cmd = cx.session.history.find(k)->text;
    if (list)
      text += (no_numbers ? std::string("\t ") : std::to_string(k) + "\t ") + cmd + "\n";
    else
      text += cmd + "\n";
  }
  if (list) return cx.out(text) ? 0 : 1;
  return fc_edit(cx, editor, text);
}

}  // namespace fdsh::builtins
