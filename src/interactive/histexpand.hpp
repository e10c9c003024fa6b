// interactive/histexpand.hpp — history expansion of a typed line, as bash does it in
// interactive shells: events (!! !n !-n !str !?str?), word designators (!$ !^ !* :n :x-y),
// modifiers (:p :s/a/b/ :gs :h :t :r :e) and the quick substitution ^old^new^.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "interactive/history.hpp"

namespace fdsh::interactive {

/// The result of expanding one line.
struct HistExpansion {
  std::string line;          ///< the expanded line
  bool changed = false;      ///< something was expanded: the shell shows the new line
  bool print_only = false;   ///< a :p modifier: show and remember the line, do not run it
  std::string error;         ///< non-empty: the expansion failed (the line is not run)
  std::size_t error_at = 0;  ///< offset in the line of the failing `!` or `^`
};

/// Expands history references in `line` against `h` (its newest entry is "the previous
/// command"). Nothing is expanded inside single quotes or after a backslash; a `!` before
/// a blank, `=` or `(` or at the end of the line stays.
HistExpansion expand_history(std::string_view line, const History& h);

/// The words of a command as word designators count them: blank-separated, quotes kept
/// together, operators (; & | < > ( )) as words of their own.
std::vector<std::string> history_words(std::string_view text);

}  // namespace fdsh::interactive
