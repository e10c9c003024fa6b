// exec/startup_files.cpp — what a shell reads before its first command (XCU sh, ENV): a
// login shell reads /etc/profile, ~/.profile and ~/.fdsh_profile; an interactive shell reads
// $ENV after parameter expansion or, when ENV is unset, ~/.fdshrc; then it loads its history.
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "exec/interact.hpp"
#include "exec/shell.hpp"
#include "os/sys.hpp"

namespace fdsh::exec::interact {

namespace {

bool exists(const std::string& path) { return !path.empty() && os::check_executable(path) != os::ExecCheck::Missing; }

/// Sources one startup file when it exists. An error in it ends that file, not the shell;
/// `exit` in it ends the shell.
void read_file(Shell& sh, const std::string& path) {
  BuiltinContext cx = sh.context();
  if (!exists(path)) return;
  try {
    sh.source_file(path, nullptr);
  } catch (const CommandAbort& a) {
    cx.results.status = a.status;
  } catch (const CommandFailed& f) {
    cx.results.status = f.status;
  }
}

bool in_startup_environment(const char* name) {
  std::string prefix = std::string(name) + "=";
  for (const std::string& e : os::startup_environment())
    if (e.rfind(prefix, 0) == 0) return true;
  return false;
}

/// Variables an interactive shell has unless the environment gives them: set before the
/// startup files run, so that those can change or unset them.
void interactive_defaults(Shell& sh, const std::string& home) {
  BuiltinContext cx = sh.context();
  if (!in_startup_environment("PS1")) {
    auto no_color = sh.lookup("NO_COLOR");
    auto term = sh.lookup("TERM");
    bool color = !(no_color && !no_color->empty()) && term && !term->empty() && *term != "dumb";
    cx.vars.set("PS1", interactive::default_ps1(color));
  }
  if (!cx.vars.get("HISTFILE") && !home.empty()) cx.vars.set("HISTFILE", home + "/.fdsh_history");
  if (!cx.vars.get("HISTSIZE")) cx.vars.set("HISTSIZE", "1000");
  if (!cx.vars.get("HISTFILESIZE")) cx.vars.set("HISTFILESIZE", "2000");
}

/// Loads $HISTFILE into the history list, cutting the file to HISTFILESIZE entries first.
void load_history(Shell& sh) {
  BuiltinContext cx = sh.context();
  std::string file = history_file(sh);
  if (file.empty() || !exists(file)) return;
  auto entries = interactive::read_history_file(file);
  if (!entries) {
    sh.err(diag::render(diag::Location{}, "history file " + file + ": " + std::strerror(entries.error().err)));
    return;
  }
  long long max = history_limit(sh, "HISTFILESIZE");
  if (max >= 0 && entries->size() > static_cast<std::size_t>(max)) {
    entries->erase(entries->begin(), entries->end() - max);
    (void)interactive::write_history_file(file, *entries);
  }
  // The newest HISTSIZE entries of the file, numbered from 1 as bash numbers them.
  long long keep = history_limit(sh, "HISTSIZE");
  std::size_t from = keep >= 0 && entries->size() > static_cast<std::size_t>(keep) ? entries->size() - keep : 0;
  for (std::size_t k = from; k < entries->size(); ++k) cx.session.history.add_raw(std::move((*entries)[k]));
  cx.session.history.mark_saved();
  cx.session.history.file_entries = entries->size();
}

}  // namespace

void startup(Shell& sh, const StartupFlags& flags) {
  BuiltinContext cx = sh.context();
  std::string home = sh.lookup("HOME").value_or("");
  if (cx.session.interactive) interactive_defaults(sh, home);
  if (flags.login && !flags.noprofile) {
    read_file(sh, "/etc/profile");
    if (!home.empty()) {
      read_file(sh, home + "/.profile");
      read_file(sh, home + "/.fdsh_profile");
    }
  }
  // ENV is for interactive shells only (XCU sh), and never when the real and effective
  // user ids differ: a set-user-id shell must not run a file the user chose.
  bool privileged = os::uid() != os::euid();
  if (cx.session.interactive && !flags.norc && !privileged) {
    if (!flags.rcfile.empty() && !exists(flags.rcfile))
      sh.err(diag::render(diag::Location{}, flags.rcfile + ": " + std::strerror(ENOENT)));
    else if (!flags.rcfile.empty())
      read_file(sh, flags.rcfile);
    else if (auto env = cx.vars.get("ENV"))
      read_file(sh, expand_text(sh, *env));
    else if (!home.empty())
      read_file(sh, home + "/.fdshrc");
  }
  if (cx.session.interactive && cx.opts.history) load_history(sh);
}

}  // namespace fdsh::exec::interact
