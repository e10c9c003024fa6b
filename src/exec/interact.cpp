// exec/interact.cpp — prompts and the history of typed commands, tied to the shell's state:
// PS1/PS2/PS4 escapes and expansion (XCU 2.5.3), PROMPT_COMMAND, history expansion of typed
// lines, recording entries (HISTCONTROL, HISTIGNORE, HISTSIZE) and appending them to
// $HISTFILE as they are entered.
#include "exec/interact.hpp"

#include <cstdlib>
#include <cstring>

#include "exec/shell.hpp"
#include "expand/pattern.hpp"
#include "interactive/histexpand.hpp"
#include "lex/lexer.hpp"
#include "os/fd.hpp"
#include "os/introspect.hpp"
#include "os/process.hpp"
#include "os/sys.hpp"
#include "util/scope.hpp"

namespace fdsh::exec::interact {

namespace {

interactive::PromptFacts gather_facts(Shell& sh) {
  BuiltinContext cx = sh.context();
  interactive::PromptFacts f;
  f.user = os::proc::user_name(os::uid());
  f.host = os::host_name();
  auto pwd = sh.lookup("PWD");
  if (pwd && !pwd->empty())
    f.pwd = *pwd;
  else if (auto cwd = os::current_dir())
    f.pwd = *cwd;
  f.home = sh.lookup("HOME").value_or("");
  f.shell = cx.frames.arg0;
  f.version = "0.1";
  f.release = "0.1.0";
  f.tty = os::tty_name(0);
  f.jobs = static_cast<int>(cx.jobs.all().size());
  if (auto trim = sh.lookup("PROMPT_DIRTRIM")) f.dirtrim = std::atoi(trim->c_str());
  f.root = os::euid() == 0;
  f.history_number = cx.session.history.next_number();
  f.command_number = cx.session.history.command_number;
  f.now = static_cast<std::time_t>(os::now_seconds());
  return f;
}

}  // namespace

std::string expand_text(Shell& sh, const std::string& text) {
  BuiltinContext cx = sh.context();
  if (text.find_first_of("$`\\") == std::string::npos) return text;
  int saved = cx.results.status;
  // A command substitution in PS4 is not traced itself (it would expand PS4 again, forever).
  util::Assign<bool> untraced(cx.opts.xtrace, false);
  std::string out;
  try {
    ast::Word w = parse::parse_expansion_text("prompt", text);
    expand::Expander ex(sh);
    out = ex.string(w);
  } catch (const diag::Error&) {
    out = text;
  } catch (const CommandAbort&) {
    out = text;  // the expansion error is reported; the prompt shows unexpanded
  }
  cx.results.status = saved;
  return out;
}

namespace {

bool only_blanks_and_comments(const std::string& text) {
  bool comment = false;
  for (char c : text) {
    if (c == '\n')
      comment = false;
    else if (comment || c == ' ' || c == '\t')
      continue;
    else if (c == '#')
      comment = true;
    else
      return false;
  }
  return true;
}

void run_prompt_command(Shell& sh) {
  BuiltinContext cx = sh.context();
  bool is_array = false;
  std::vector<std::string> cmds = sh.array_values("PROMPT_COMMAND", is_array);
  if (cmds.empty()) return;
  int saved = cx.results.status;
  for (const std::string& c : cmds) {
    if (c.empty()) continue;
    try {
      sh.run_text(c, "PROMPT_COMMAND");
    } catch (const CommandAbort&) {
    }
  }
  cx.results.status = saved;  // $? in PS1 is the status of the last command typed
}

bool ignored_by_histignore(Shell& sh, const std::string& text) {
  BuiltinContext cx = sh.context();
  auto ig = sh.lookup("HISTIGNORE");
  if (!ig || ig->empty()) return false;
  std::string_view rest = *ig;
  while (true) {
    auto colon = rest.find(':');
    std::string pat(rest.substr(0, colon));
    if (pat == "&") {
      const auto& all = cx.session.history.entries();
      if (!all.empty() && all.back().text == text) return true;
    } else if (!pat.empty() && expand::pattern_match(pat, text)) {
      return true;
    }
    if (colon == std::string_view::npos) return false;
    rest.remove_prefix(colon + 1);
  }
}

}  // namespace

interactive::Prompt render(Shell& sh, const std::string& text, bool bang) {
  std::string decoded = text;
  if (text.find('\\') != std::string::npos || (bang && text.find('!') != std::string::npos))
    decoded = interactive::decode_prompt(text, gather_facts(sh), bang);
  return interactive::finish_prompt(expand_text(sh, decoded));
}

std::string prompt(Shell& sh, bool new_command) {
  BuiltinContext cx = sh.context();
  if (!new_command && only_blanks_and_comments(cx.session.history.typing)) new_command = true;  // an empty line
  if (new_command) {
    commit(sh);
    save_history(sh);  // what the last command added, as `history -a` would
    run_prompt_command(sh);
  }
  auto ps = sh.lookup(new_command ? "PS1" : "PS2");
  if (!ps) return "";
  return render(sh, *ps, new_command).text;
}

void take_line(Shell& sh, std::string& line) {
  BuiltinContext cx = sh.context();
  ++cx.session.history.lines_typed;
  if (cx.session.interactive && cx.opts.histexpand && line.find_first_of("!^") != std::string::npos) {
    auto x = interactive::expand_history(line, cx.session.history);
    if (!x.error.empty()) {
      auto col = static_cast<std::uint32_t>(x.error_at + 1);
      sh.err(diag::render(diag::Location{cx.frames.script_name, cx.session.history.lines_typed, col}, x.error));
      discard(sh);
      throw PromptInterrupt{cx.results.status};
    }
    if (x.changed) {
      line = x.line;
      sh.err(line.back() == '\n' ? line : line + "\n");  // bash shows the line it runs
    }
    if (x.print_only) {
      cx.session.history.typing += line;
      commit(sh);
      throw PromptInterrupt{cx.results.status};
    }
  }
  if (cx.opts.history) cx.session.history.typing += line;
}

void commit(Shell& sh) {
  BuiltinContext cx = sh.context();
  std::string text = std::move(cx.session.history.typing);
  cx.session.history.typing.clear();
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (!cx.opts.history || text.find_first_not_of(" \t\n") == std::string::npos) return;
  ++cx.session.history.command_number;
  if (ignored_by_histignore(sh, text)) return;
  auto control = interactive::HistControl::parse(sh.lookup("HISTCONTROL").value_or(""));
  auto now = static_cast<std::int64_t>(os::now_seconds());
  if (!cx.session.history.add(text, now, control)) return;
  cx.session.history.limit(history_limit(sh, "HISTSIZE"));
}

void save_history(Shell& sh) {
  BuiltinContext cx = sh.context();
  std::string file = history_file(sh);
  std::size_t n = cx.session.history.unsaved();
  if (!cx.session.interactive || file.empty() || n == 0) return;
  // Appended under a lock: two shells writing the same file interleave whole entries, and
  // neither overwrites what the other wrote.
  const auto& all = cx.session.history.entries();
  std::vector<interactive::HistEntry> fresh(all.end() - static_cast<long>(n), all.end());
  auto r = interactive::append_history_file(file, fresh, -1);
  if (r) {
    cx.session.history.mark_saved();
    cx.session.history.file_entries += n;
  } else if (!cx.session.history.file_error_reported) {
    cx.session.history.file_error_reported = true;
    sh.err(diag::render(diag::Location{}, "history file " + file + ": " + std::strerror(r.error().err)));
  }
}

void finish(Shell& sh) {
  BuiltinContext cx = sh.context();
  if (cx.session.in_subshell || os::pid() != cx.session.pid) return;
  save_history(sh);
}

void discard(Shell& sh) { sh.context().session.history.typing.clear(); }

std::string history_file(Shell& sh) { return sh.lookup("HISTFILE").value_or(""); }

long long history_limit(Shell& sh, const char* name) {
  auto v = sh.lookup(name);
  if (!v || v->empty()) return -1;
  char* end = nullptr;
  long long n = std::strtoll(v->c_str(), &end, 10);
  if (*end) return -1;
  return n < 0 ? -1 : n;
}

}  // namespace fdsh::exec::interact
