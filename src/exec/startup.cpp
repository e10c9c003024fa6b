// exec/startup.cpp — the command line (XCU sh): options, -c / -s / script file / stdin,
// the initial variables, and the top-level loop.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "exec/shell.hpp"
#include "lex/reader.hpp"
#include "os/fd.hpp"
#include "os/process.hpp"
#include "os/redirect.hpp"
#include "os/signals.hpp"
#include "os/sys.hpp"
#include "os/trace.hpp"
#include "util/scope.hpp"

namespace fdsh::exec {

namespace {
constexpr const char* kVersion = "0.1.0";
}  // namespace


namespace {

const char* kUsage =
    "usage: fdsh [-abCefhimnuvx] [-o option] [-c command [name [arg...]] | -s [arg...] | file [arg...]]\n"
    "       fdsh --help | --version | --dump-ast [file]\n";

const char* kHelp =
    "fdsh: a POSIX shell that shows its plumbing\n"
    "\n"
    "  -c COMMAND   run COMMAND, then exit\n"
    "  -s           read commands from standard input\n"
    "  -i           session.interactive\n"
    "  -n           read and check syntax only\n"
    "  -e -u -x -f -v -C -a -b -m -h   set options (see `set`)\n"
    "  -o NAME      set an option by name (e.g. -o pipefail, -o fdtrace)\n"
    "  --dump-ast   print the syntax tree of the script instead of running it\n"
    "  --version    print the version\n";

bool only_blank(const std::string& s, std::size_t from) {
  for (std::size_t i = from; i < s.size(); ++i)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n') return false;
  return true;
}

}  // namespace

Shell::Shell() {
  set_streams(nullptr);
  session.pid = os::pid();
  session.random_state = os::random_seed();
  session.start_time = os::monotonic_seconds();
}

Shell::~Shell() = default;

void Shell::init_variables() {
  std::vector<std::pair<std::string, std::string>> exported_functions;
  for (const std::string& e : os::startup_environment()) {
    auto eq = e.find('=');
    if (eq == std::string::npos) continue;
    std::string name = e.substr(0, eq);
    if (name.size() > 12 && name.rfind("BASH_FUNC_", 0) == 0 && name.compare(name.size() - 2, 2, "%%") == 0) {
      exported_functions.emplace_back(name.substr(10, name.size() - 12), e.substr(eq + 1));
      continue;
    }
    if (!state::is_name(name)) continue;
    vars.set(name, e.substr(eq + 1));
    vars.set_exported(name, true);
  }
  if (!exported_functions.empty()) import_functions(exported_functions);
  vars.set("IFS", " \t\n");
  if (!vars.get("PATH")) vars.set("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  if (!vars.get("PS1")) vars.set("PS1", os::euid() == 0 ? "# " : "$ ");
  if (!vars.get("PS2")) vars.set("PS2", "> ");
  // PS4 is expanded (command substitution included) by every `set -x` shell, also one run
  // by a privileged program: a value from the environment is not trusted (as dash does).
  vars.unset("PS4");
  vars.set("PS4", "+ ");
  vars.set("OPTIND", "1");
  vars.set("UID", std::to_string(os::uid()));
  vars.set_readonly("UID");
  vars.set("EUID", std::to_string(os::euid()));
  vars.set_readonly("EUID");
  if (!vars.get("HOSTNAME")) vars.set("HOSTNAME", os::host_name());
  if (!vars.get("OSTYPE")) vars.set("OSTYPE", "linux-gnu");
  vars.set("FDSH_VERSION", kVersion);
  // Scripts ask $BASH_VERSION whether bash features are there: fdsh has those of bash 5.2
  // and says so, with its own name and version as the release field.
  vars.set("BASH_VERSION", std::string("5.2.0(1)-fdsh-") + kVersion);
  set_array("BASH_VERSINFO", {"5", "2", "0", "1", std::string("fdsh-") + kVersion, "x86_64-pc-linux-gnu"}, false);
  vars.set_readonly("BASH_VERSINFO");
  vars.set("BASH", os::self_exe());
  vars.set("PPID", std::to_string(os::parent_pid()));
  // A logical PWD from the environment is kept only if it names the current directory.
  auto pwd = vars.get("PWD");
  auto cwd = os::current_dir();
  bool ok = pwd && !pwd->empty() && (*pwd)[0] == '/' && cwd &&
            os::check_executable(*pwd) == os::ExecCheck::IsDirectory && *pwd == *cwd;
  if (!ok && cwd) vars.set("PWD", *cwd);
  vars.set_exported("PWD", true);
}

void Shell::vouch_for_functions() {
  if (session.functions_vouched) return;
  session.functions_vouched = true;
  auto secret = os::user_secret(true);
  if (!secret || vars.get("FDSH_FUNC_TOKEN") == *secret) return;
  vars.set("FDSH_FUNC_TOKEN", *secret);
  vars.set_exported("FDSH_FUNC_TOKEN", true);
}

void Shell::import_functions(const std::vector<std::pair<std::string, std::string>>& defs) {
  // Definitions in the environment are code: they are taken only when the environment
  // carries this user's secret (os::user_secret), which only an fdsh of the same user that
  // ran export -f puts there; never in a set-user-id shell. A definition must be exactly
  // one function definition of that name.
  auto token = vars.get("FDSH_FUNC_TOKEN");
  if (!token || os::uid() != os::euid()) return;
  auto secret = os::user_secret(false);
  if (!secret || *secret != *token) return;
  for (const auto& [name, text] : defs) {
    if (name.empty() || name.find_first_of(" \t\n;&|<>()$`\\\"'=") != std::string::npos) continue;
    if (text.compare(0, 4, "() {") != 0) continue;
    try {
      ast::NodePtr n = parse::parse_text("environment", name + " " + text);
      if (!n || n->kind != ast::Kind::List) continue;
      const auto& l = static_cast<const ast::List&>(*n);
      if (l.items.size() != 1 || l.items[0].async || l.items[0].cmd->kind != ast::Kind::FuncDef) continue;
      const auto& def = static_cast<const ast::FuncDef&>(*l.items[0].cmd);
      if (def.name != name) continue;
      Function& f = cmds.funcs[name];
      f.def = std::make_shared<ast::FuncDef>(def);
      f.source = "environment";
      if (!f.exported) ++cmds.exported_functions;
      f.exported = true;
    } catch (const diag::Error&) {
      // not a definition: ignored, as bash ignores it
    }
  }
}

std::optional<int> Shell::parse_invocation(int argc, char** argv, Invocation& inv) {
  int i = 1;
  inv.startup.login = argv[0] && argv[0][0] == '-';  // how login(1) starts a login shell
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help") {
      out(kHelp);
      out(kUsage);
      return 0;
    }
    if (a == "--version") {
      out(std::string("fdsh ") + kVersion + "\n");
      return 0;
    }
    if (a == "--dump-ast") {
      inv.dump_ast = true;
      continue;
    }
    if (a == "--" || a == "-") {
      ++i;
      break;
    }
    if (a.rfind("--", 0) == 0) {
      // bash's spellings of the startup-file options (exec/interact.hpp).
      if (a == "--norc" || a == "--noprofile" || a == "--posix" || a == "--login") {
        inv.startup.norc |= a == "--norc";
        inv.startup.noprofile |= a == "--noprofile";
        inv.startup.login |= a == "--login";
        if (a == "--posix") opts.posix = true;
        continue;
      }
      if (a == "--rcfile" || a == "--init-file") {
        if (i + 1 >= argc) {
          err("fdsh: " + a + ": option requires an argument\n" + std::string(kUsage));
          return 2;
        }
        inv.startup.rcfile = argv[++i];
        continue;
      }
      err("fdsh: " + a + ": invalid option\n" + std::string(kUsage));
      return 2;
    }
    if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) break;
    if (auto st = short_options(a, argc, argv, i, inv)) return st;
  }
  if (inv.have_c) {
    if (i >= argc) {
      err(std::string("fdsh: -c: option requires an argument\n") + kUsage);
      return 2;
    }
    inv.command = argv[i++];
    frames.arg0 = i < argc ? argv[i++] : argv[0];
  }
  if (!inv.have_c && !inv.force_stdin && i < argc) {
    inv.script = argv[i++];
    frames.arg0 = inv.script;
  } else if (!inv.have_c) {
    frames.arg0 = argv[0];
  }
  for (; i < argc; ++i) frames.params.emplace_back(argv[i]);
  return std::nullopt;
}

std::optional<int> Shell::short_options(const std::string& a, int argc, char** argv, int& i, Invocation& inv) {
  bool on = a[0] == '-';
  for (std::size_t k = 1; k < a.size(); ++k) {
    char c = a[k];
    if (c == 'c') {
      inv.have_c = true;
    } else if (c == 's' && on) {
      inv.force_stdin = true;
    } else if (c == 'i') {
      inv.force_interactive = on;
    } else if (c == 'l') {
      inv.startup.login = on;
    } else if (c == 'o') {
      if (i + 1 >= argc) {
        err(std::string("fdsh: -o: option requires an argument\n") + kUsage);
        return 2;
      }
      std::string name = argv[++i];
      bool* o = opts.by_name(name);
      if (!o) {
        err("fdsh: " + name + ": invalid option name\n");
        return 2;
      }
      set_option(o, on);
    } else if (c == 'O') {
      // -O name / +O name: a shopt option, as bash takes it.
      if (i + 1 >= argc) {
        err(std::string("fdsh: -O: option requires an argument\n") + kUsage);
        return 2;
      }
      std::string name = argv[++i];
      bool* o = opts.shopt_by_name(name);
      if (!o) {
        err("fdsh: " + name + ": invalid shell option name\n");
        return 2;
      }
      set_option(o, on);
    } else if (bool* o = opts.by_letter(c)) {
      set_option(o, on);
    } else {
      err(std::string("fdsh: -") + c + ": invalid option\n" + kUsage);
      return 2;
    }
  }
  return std::nullopt;
}

int Shell::main(int argc, char** argv) {
  init_variables();
  Invocation inv;
  if (auto st = parse_invocation(argc, argv, inv)) return *st;
  session.interactive = inv.force_interactive || (!inv.have_c && inv.script.empty() && os::is_tty(0) && os::is_tty(2));
  opts.interactive = session.interactive;
  opts.stdin_mode = !inv.have_c && inv.script.empty();
  if (session.interactive) {
    opts.monitor = true;
    init_job_control();
    opts.history = opts.histexpand = true;
    os::signals::ignore(SIGTERM, false);
    os::signals::ignore(SIGQUIT, false);
    os::signals::catch_signal(SIGINT);
    os::signals::catch_signal(SIGHUP);
    os::signals::ignore(SIGTSTP, false);
    os::signals::ignore(SIGTTOU, false);
    os::signals::ignore(SIGTTIN, false);
  }
  util::ScopeExit give_back([this] { end_job_control(); });
  try {
    util::ScopeExit save_history([this] { interact::finish(*this); });
    opts.login_shell = inv.startup.login;
    interact::startup(*this, inv.startup);
    if (inv.have_c) return run_command_string(inv);
    if (!inv.script.empty()) return run_script_file(inv);
    return run_stdin(inv);
  } catch (const ShellExit& e) {
    return e.status;
  } catch (const CommandAbort& a) {
    return a.status;
  }
}

int Shell::run_command_string(const Invocation& inv) {
  frames.source_name = "-c";
  frames.script_name = "-c";
  const std::string& text = inv.command;
  lex::Reader r("-c", text);
  r.set_source(diag::add_source(diag::SourceKind::CommandString, "-c"));
  parse::ParseOptions po;
  po.aliases = [this](const std::string& n) -> const std::string* {
    if (!opts.expand_aliases) return nullptr;
    auto it = cmds.aliases.find(n);
    return it == cmds.aliases.end() ? nullptr : &it->second;
  };
  parse::Parser p(r, po);
  if (inv.dump_ast) {
    auto all = p.parse_all();
    out(ast::dump(*all));
    return 0;
  }
  for (;;) {
    ast::NodePtr cmd;
    try {
      cmd = p.next_command();
    } catch (const diag::Error& e) {
      err(diag::render(e));
      exit_shell(2);
    }
    if (!cmd) break;
    if (opts.noexec) continue;
    // The last command execs without forking: decided per command by what text remains.
    exec_last = only_blank(text, r.offset()) && traps.empty();
    try {
      errexit_pending_skip_ = false;
      results.status = execute(*cmd);
    } catch (const CommandAbort& a) {
      results.status = a.status;
    }
    exec_last = false;
    if (os::signals::any_pending()) run_pending_traps();
    frames.flow = Flow::None;
  }
  exit_shell(results.status);
}

int Shell::run_script_file(const Invocation& inv) {
  const std::string& script = inv.script;
  frames.source_name = script;
  frames.script_name = script;
  frames.main_file = script;
  // The script is read in chunks as the parser needs it (huge scripts and here-documents
  // are read in bounded memory) from a private, close-on-exec fd.
  auto read_chunk = [this](std::string& buf) -> Result<bool> {
    char chunk[65536];
    auto n = os::read_some(io.script_fd.get(), chunk, sizeof chunk);
    if (!n) return unexpected(n.error());
    if (*n <= 0) return false;
    buf.append(chunk, static_cast<std::size_t>(*n));
    return true;
  };
  auto open_script = [&]() -> Result<Unit> {
    auto opened = os::open_file(script, O_RDONLY | O_CLOEXEC);
    if (!opened) return unexpected(opened.error());
    auto priv = os::dup_private(*opened);
    os::close_fd(*opened);
    if (!priv) return unexpected(priv.error());
    io.script_fd = os::Fd(*priv);
    io.script_fd.make_private();
    return Unit{};
  };
  std::string head;
  auto opened = open_script();
  Result<bool> got = opened ? read_chunk(head) : Result<bool>(unexpected(opened.error()));
  if (!got) {
    err("fdsh: " + script + ": " + std::strerror(got.error().err) + "\n");
    return got.error().err == ENOENT ? 127 : 126;
  }
  std::size_t nl = head.find('\n');
  std::string first = head.substr(0, nl == std::string::npos ? std::min<std::size_t>(head.size(), 512) : nl);
  if (first.find('\0') != std::string::npos || head.rfind("\x7f" "ELF", 0) == 0) {
    err("fdsh: " + script + ": cannot execute binary file\n");
    return 126;
  }
  lex::MoreInput more = [read_chunk](std::string& buf) -> bool {
    auto r = read_chunk(buf);
    return r && *r;
  };
  lex::Reader r(script, std::move(head), more);
  r.set_source(diag::add_source(diag::SourceKind::File, script));
  if (inv.dump_ast) {
    parse::Parser p(r);
    try {
      out(ast::dump(*p.parse_all()));
    } catch (const diag::Error& e) {
      err(diag::render(e));
      return 2;
    }
    return 0;
  }
  run_reader(r, true);
  exit_shell(results.status);
}

int Shell::run_stdin(const Invocation& inv) {
  frames.source_name = "stdin";
  frames.script_name = "stdin";
  bool seekable = os::seek(0, 0, SEEK_CUR).ok() && !os::is_tty(0);
  lex::MoreInput more = [this, seekable](std::string& buf) -> bool {
    bool ps1 = session.prompt_new_command;
    auto show_prompt = [&] {
      session.prompt_new_command = false;
      if (session.interactive) err(interact::prompt(*this, ps1));
    };
    if (session.interactive && ps1) notify_jobs();
    show_prompt();
    char chunk[4096];
    std::size_t line_start = buf.size();
    if (session.interactive || !seekable || opts.history) {
      // Read one line at a time so that commands reading stdin see the rest.
      bool got = false;
      // `set -b`: a job that ends while the prompt waits is reported at once.
      std::optional<os::signals::ScopedCatch> chld;
      if (session.interactive && opts.notify && job_control()) chld.emplace(SIGCHLD);
      for (;;) {
        auto n = os::read_some(0, chunk, 1, !session.interactive);
        if (!n && session.interactive && n.error().err == EINTR) {
          // Ctrl-C at the prompt drops what was typed; another signal just interrupts the read.
          if (os::signals::take(SIGINT)) {
            err("\n");
            throw PromptInterrupt();
          }
          if (os::signals::take(SIGCHLD)) {
            err("\n");
            notify_jobs();
            show_prompt();
          }
          if (os::signals::any_pending()) run_pending_traps();
          continue;
        }
        if (session.interactive && n && *n == 0 && !got) {
          // End of input (Ctrl-D): "exit", as bash says it; with stopped jobs a warning
          // the first time, and the prompt comes back.
          err(os::is_tty(0) ? "\nexit\n" : "exit\n");
          if (ps1 && refuse_exit(false)) {
            show_prompt();
            continue;
          }
        }
        if (!n || *n <= 0) break;
        got = true;
        buf += chunk[0];
        if (chunk[0] == '\n') break;
      }
      if (got && (session.interactive || opts.history)) {
        // History expansion and recording see each line as typed (exec/interact.cpp).
        std::string line = buf.substr(line_start);
        buf.resize(line_start);
        interact::take_line(*this, line);
        buf += line;
      }
      return got;
    }
    auto n = os::read_some(0, chunk, sizeof chunk);
    if (!n || *n <= 0) return false;
    buf.append(chunk, static_cast<std::size_t>(*n));
    return true;
  };
  io.stdin_rewind = seekable;
  lex::Reader r("stdin", "", more);
  r.set_source(diag::add_source(diag::SourceKind::Stdin, "stdin"));
  if (inv.dump_ast) {
    parse::Parser p(r);
    out(ast::dump(*p.parse_all()));
    return 0;
  }
  run_reader(r, true);
  exit_shell(results.status);
}

void Shell::set_option(bool* opt, bool on) {
  *opt = on;
  if (opt == &opts.fdtrace) {
    if (!on) os::trace::stop();
    else if (!start_fdtrace()) *opt = false;  // `set -o` must not claim a trace that is not there
  }
  if (opt == &opts.monitor && on && !session.in_subshell) init_job_control();
}

bool Shell::start_fdtrace() {
  if (os::trace::enabled) return true;
  // The trace goes to a private copy of stderr as it is now, or of the fd FDSH_TRACEFD
  // names, so later redirections of fd 2 (or of that fd) do not move it.
  int fd = 2;
  // From the command line (-o fdtrace) there is no command to name yet.
  auto warn = [&](const std::string& m) {
    if (frames.pos.line) error(m);
    else err(diag::render(diag::Location{}, m));
  };
  if (auto t = vars.get("FDSH_TRACEFD"); t && !t->empty()) {
    bool number = t->size() < 8 && t->find_first_not_of("0123456789") == std::string::npos;
    int n = number ? std::stoi(*t) : -1;
    if (!number)
      warn("FDSH_TRACEFD=" + *t + ": not a file descriptor number; tracing to fd 2");
    else if (!os::fd_is_open(n) || os::fd_table().is_private(n))
      warn("FDSH_TRACEFD=" + *t + ": fd " + std::to_string(n) + " is not open; tracing to fd 2");
    else if (os::fd_access_mode(n) == O_RDONLY)
      warn("FDSH_TRACEFD=" + *t + ": fd " + std::to_string(n) + " is not open for writing; tracing to fd 2");
    else
      fd = n;
  }
  auto r = os::trace::start(fd);
  if (!r) warn("fdtrace: cannot duplicate fd " + std::to_string(fd) + ": " + std::strerror(r.error().err));
  return r.ok();
}

}  // namespace fdsh::exec
