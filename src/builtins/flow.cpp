// builtins/flow.cpp — builtins that steer evaluation (XCU 2.14): break, continue, return,
// exit, eval, . (source), exec, and the trivial ones (:, true, false).
#include <cerrno>
#include <cstring>

#include "builtins/shell_builtins.hpp"
#include "os/process.hpp"
#include "os/sys.hpp"

namespace fdsh::builtins {

using exec::Flow;
using exec::BuiltinContext;
using exec::Shell;

namespace {

bool parse_count(BuiltinContext& cx, const std::vector<std::string>& argv, long& n) {
  n = 1;
  if (argv.size() < 2) return true;
  const std::string& a = argv[1];
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(a.c_str(), &end, 10);
  if (a.empty() || *end || errno) {
    cx.error(argv[0] + ": " + a + ": numeric argument required");
    // Fatal in both modes: going on would run the loop forever (bash 5.2 does).
    if (!cx.session.interactive && cx.frames.command_depth == 0) cx.shell.exit_shell(1);
    return false;
  }
  n = v;
  return true;
}

}  // namespace

int bi_colon(BuiltinContext&, std::vector<std::string>&) { return 0; }
int bi_true(BuiltinContext&, std::vector<std::string>&) { return 0; }
int bi_false(BuiltinContext&, std::vector<std::string>&) { return 1; }

int bi_break(BuiltinContext& cx, std::vector<std::string>& argv) {
  long n;
  if (!parse_count(cx, argv, n)) return 1;
  if (n < 1) {
    cx.error(argv[0] + ": " + argv[1] + ": loop count out of range");
    return 1;
  }
  if (cx.frames.loop_depth == 0) return 0;
  cx.frames.flow = argv[0] == "break" ? Flow::Break : Flow::Continue;
  cx.frames.flow_count = static_cast<int>(std::min<long>(n, cx.frames.loop_depth));
  return 0;
}

int bi_return(BuiltinContext& cx, std::vector<std::string>& argv) {
  long n = cx.results.status;
  if (argv.size() > 1) {
    char* end = nullptr;
    n = std::strtol(argv[1].c_str(), &end, 10);
    if (argv[1].empty() || *end) {
      cx.error("return: " + argv[1] + ": numeric argument required");
      n = 2;
    }
  }
  if (cx.frames.func_depth == 0 && cx.frames.source_depth == 0) {
    // Outside functions and sourced files, return ends the script (as in dash).
    cx.shell.exit_shell(static_cast<int>(n & 0xff));
  }
  cx.frames.flow = Flow::Return;
  cx.frames.flow_count = 1;
  cx.results.status = static_cast<int>(n & 0xff);
  return cx.results.status;
}

int bi_exit(BuiltinContext& cx, std::vector<std::string>& argv) {
  int st = cx.results.status;
  if (argv.size() > 1) {
    char* end = nullptr;
    long v = std::strtol(argv[1].c_str(), &end, 10);
    if (argv[1].empty() || *end) {
      cx.error("exit: " + argv[1] + ": numeric argument required");
      st = 2;
    } else {
      st = static_cast<int>(v & 0xff);
    }
  }
  if (cx.session.interactive && !cx.session.in_subshell) {
    cx.err("exit\n");
    if (cx.shell.refuse_exit(true)) return 1;
  }
  cx.shell.exit_shell(st);
}

int bi_eval(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::string text;
  std::size_t first = argv.size() > 1 && argv[1] == "--" ? 2 : 1;
  for (std::size_t i = first; i < argv.size(); ++i) {
    if (i > first) text += ' ';
    text += argv[i];
  }
  if (text.empty()) return 0;
  // The text sees $? of the command before eval (a trap action run with eval relies on it).
  return cx.shell.run_text(text, "eval");
}

int bi_source(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::size_t i = 1;
  if (i < argv.size() && argv[i] == "--") ++i;
  if (i >= argv.size()) {
    cx.error(argv[0] + ": filename argument required");
    return 2;
  }
  std::string file = argv[i];
  std::string path = file;
  if (file.find('/') == std::string::npos) {
    path = cx.shell.find_command(file, false);
    if (path.empty()) {
      // Search PATH for readable files too (they need not be executable).
      auto p = cx.shell.lookup("PATH");
      std::string dirs = p ? *p : "";
      std::size_t s = 0;
      while (true) {
        std::size_t c = dirs.find(':', s);
        std::string d = dirs.substr(s, c == std::string::npos ? std::string::npos : c - s);
        if (d.empty()) d = ".";
        if (os::read_file(d + "/" + file)) {
          path = d + "/" + file;
          break;
        }
        if (c == std::string::npos) break;
        s = c + 1;
      }
      if (path.empty() && !cx.opts.posix && os::read_file(file)) path = file;
    }
    if (path.empty()) {
      cx.error(argv[0] + ": " + file + ": not found");
      cx.special_error(1);
      return 1;
    }
  }
  std::vector<std::string> args(argv.begin() + static_cast<long>(i) + 1, argv.end());
  auto text = os::read_file(path);
  if (!text) {
    cx.error(argv[0] + ": " + file + ": " + std::strerror(text.error().err));
    return 1;
  }
  return cx.shell.source_file(path, args.empty() ? nullptr : &args);
}

int bi_exec(BuiltinContext& cx, std::vector<std::string>& argv) {
  std::size_t i = 1;
  std::string arg0_override;
  bool clear_env = false, login = false;
  while (i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-') {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    if (argv[i] == "-c") clear_env = true;
    else if (argv[i] == "-l") login = true;
    else if (argv[i] == "-a" && i + 1 < argv.size()) arg0_override = argv[++i];
    else break;
    ++i;
  }
  if (i >= argv.size()) return 0;  // redirections only: made permanent by the caller
  std::vector<std::string> args(argv.begin() + static_cast<long>(i), argv.end());
  std::string path = cx.shell.find_command(args[0]);
  if (path.empty()) {
    cx.error(args[0] + ": not found");
    if (!cx.session.interactive) cx.shell.exit_shell(127);  // also under `command`, as bash and dash
    return 127;
  }
  if (!arg0_override.empty()) args[0] = arg0_override;
  if (login) args[0] = "-" + args[0];  // exec -l: a login-shell style argv[0]
  std::vector<std::string> env = clear_env ? std::vector<std::string>{} : cx.shell.child_env();
  SysError e = os::exec_replace(path, args, env);
  if (e.err == ENOEXEC) {
    std::vector<std::string> a{os::self_exe(), path};
    a.insert(a.end(), args.begin() + 1, args.end());
    e = os::exec_replace(a[0], a, env);
  }
  cx.error(args[0] + ": " + std::strerror(e.err));
  int st = e.err == ENOENT ? 127 : 126;
  if (!cx.session.interactive) cx.shell.exit_shell(st);
  return st;
}

}  // namespace fdsh::builtins
