// interactive/prompt.hpp — prompt strings (PS1, PS2, PS4): bash's backslash escapes and
// POSIX's `!` in PS1, decoded before the shell expands the string (XCU 2.5.3, PS1), and the
// visible width of the result for a line editor. No system calls: the shell gathers the
// facts the escapes show.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace fdsh::interactive {

/// What the escapes of a prompt show (\u \h \w \j ...), gathered by the shell.
struct PromptFacts {
  std::string user;                  ///< \u
  std::string host;                  ///< \H (\h: up to the first dot)
  std::string pwd;                   ///< \w \W: $PWD
  std::string home;                  ///< $HOME, shown as ~ in \w and \W
  std::string shell;                 ///< \s: $0 (its last path component is shown)
  std::string version;               ///< \v (0.1)
  std::string release;               ///< \V (0.1.0)
  std::string tty;                   ///< \l: the terminal's name (its last component is shown)
  int jobs = 0;                      ///< \j
  int dirtrim = 0;                   ///< PROMPT_DIRTRIM: \w keeps this many trailing components (0: all)
  bool root = false;                 ///< \$ shows # for the superuser
  std::uint64_t history_number = 1;  ///< \! and `!`
  std::uint64_t command_number = 1;  ///< \#
  std::time_t now = 0;               ///< \d \t \T \@ \A \D{...}
};

/// Decodes the backslash escapes of `ps` and, when `bang` is set (PS1), `!` as the history
/// number (`!!` as one `!`). The texts escapes produce are protected from the expansion that
/// follows (a `$` in a directory name stays a `$`); \[ and \] become the markers \001 and
/// \002, which finish_prompt removes.
std::string decode_prompt(std::string_view ps, const PromptFacts& facts, bool bang);

/// A prompt ready to be written.
struct Prompt {
  std::string text;       ///< without the \001 / \002 markers
  std::size_t width = 0;  ///< columns its last line takes on the screen (\[..\] regions count 0)
};

/// Removes the \001 / \002 markers of an expanded prompt and measures what remains.
Prompt finish_prompt(std::string_view expanded);

/// Columns a UTF-8 code point takes on a terminal (0, 1 or 2).
int code_point_width(std::uint32_t cp);

/// The PS1 an interactive shell gets when none is set: user@host and the short working
/// directory, the last status when it is not 0 (in red unless `color` is off), then `$` or
/// `#` for the superuser.
std::string default_ps1(bool color);

}  // namespace fdsh::interactive
