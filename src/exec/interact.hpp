// exec/interact.hpp — what an interactive shell adds around the evaluator: prompts (PS1 with
// PROMPT_COMMAND, PS2, PS4 and ${x@P}: escapes, then XCU 2.5.3 expansion), the history of
// typed commands with history expansion, and the startup files (XCU sh: ENV; login
// profiles; ~/.fdshrc). The pieces without shell state live in src/interactive/.
#pragma once

#include <string>

#include "interactive/prompt.hpp"

namespace fdsh::exec {

class Shell;

namespace interact {

/// Which startup files to read, from the command line.
struct StartupFlags {
  bool login = false;      ///< -l, --login, or $0 starting with '-'
  bool norc = false;       ///< --norc: neither $ENV nor ~/.fdshrc
  bool noprofile = false;  ///< --noprofile: no /etc/profile, ~/.profile, ~/.fdsh_profile
  std::string rcfile;      ///< --rcfile FILE: read instead of $ENV / ~/.fdshrc
};

/// Reads the startup files for this kind of shell, sets the interactive defaults (PS1,
/// HISTFILE, HISTSIZE...) and loads the history file.
void startup(Shell& sh, const StartupFlags& flags);

/// Parameter expansion, command substitution and arithmetic of a string, with the quoting
/// of a here-document body (a backslash quotes only $ ` \ and newline): prompts, $ENV.
std::string expand_text(Shell& sh, const std::string& text);
/// A prompt string decoded (escapes; `!` when `bang`), expanded and measured.
interactive::Prompt render(Shell& sh, const std::string& text, bool bang);
/// The prompt to show before reading a line: PS1 (after PROMPT_COMMAND) when a new command
/// starts, else PS2. Commits a line of only blanks or comments to the history first.
std::string prompt(Shell& sh, bool new_command);

/// A line just read from the terminal (or from stdin with `set -o history`): history
/// expansion in an interactive shell (the new line is shown), then it joins the command
/// being typed. Throws PromptInterrupt when the line must not run (a failed expansion, :p).
void take_line(Shell& sh, std::string& line);
/// The command typed so far becomes a history entry (HISTCONTROL, HISTIGNORE, HISTSIZE);
/// called when a complete command has been read, before it runs.
void commit(Shell& sh);
/// Appends the entries not yet written to $HISTFILE (before each prompt, and at exit).
void save_history(Shell& sh);
/// When the shell itself (not a subshell) ends: saves the history.
void finish(Shell& sh);
/// Forgets the command being typed (Ctrl-C).
void discard(Shell& sh);
/// HISTFILE as the shell should use it ("" for none).
std::string history_file(Shell& sh);
/// HISTSIZE / HISTFILESIZE as numbers (-1: no limit).
long long history_limit(Shell& sh, const char* name);

}  // namespace interact
}  // namespace fdsh::exec
