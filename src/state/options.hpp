// state/options.hpp — `set` options (XCU 2.14 set) and bash `shopt` options.
#pragma once

#include <string>

namespace fdsh::state {

/// All shell options. Names match `set -o` / `shopt` names.
struct Options {
  bool allexport = false;    // -a
  bool errtrace = false;     // -E: the ERR trap holds in functions and subshells
  bool functrace = false;    // -T: the DEBUG and RETURN traps hold in functions and subshells
  bool notify = false;       // -b
  bool noclobber = false;    // -C
  bool errexit = false;      // -e
  bool noglob = false;       // -f
  bool hashall = true;       // -h
  bool braceexpand = true;   // -B: {a,b} and {1..3}
  bool interactive_comments = true;
  bool interactive = false;  // -i
  bool monitor = false;      // -m
  bool noexec = false;       // -n
  bool physical = false;     // -P: cd and pwd resolve symbolic links
  bool nounset = false;      // -u
  bool verbose = false;      // -v
  bool xtrace = false;       // -x
  bool ignoreeof = false;
  bool pipefail = false;
  bool posix = false;
  bool vi = false;
  bool emacs = false;
  bool nolog = false;
  bool fdtrace = false;
  bool history = false;     // commands typed are remembered (on when interactive)
  bool histexpand = false;  // -H: `!` history expansion (on when interactive)
  bool stdin_mode = false;   // -s
  // shopt
  bool nullglob = false;
  bool failglob = false;
  bool dotglob = false;
  bool extglob = false;
  bool globstar = false;
  bool lastpipe = false;
  bool expand_aliases = true;
  bool nocasematch = false;
  bool nocaseglob = false;
  bool xpg_echo = false;
  bool cdable_vars = false;
  bool login_shell = false;
  bool localvar_unset = false;  // unset of a caller's local leaves it unset (no dynamic unset)  // started as a login shell (-l, --login, argv[0] "-...")

  /// The $- string.
  std::string flags_string() const;
  /// Pointer to the `set -o` option named `name`, or nullptr.
  bool* by_name(const std::string& name);
  /// Pointer to the option for a `set` letter, or nullptr.
  bool* by_letter(char c);
  /// The names of the options that are on, colon-separated, in listing order: `set -o`
  /// ones (SHELLOPTS) or `shopt` ones (BASHOPTS).
  std::string names_on(bool shopt) const;
  /// Pointer to a `shopt` option, or nullptr.
  bool* shopt_by_name(const std::string& name);
};

/// One option, defined once: its name (as `set -o` or `shopt` spells it), its `set`
/// letter (0: none), the member it sets, and whether it is a `shopt` option. The default
/// is the member's initializer in Options. Adding an option: a member above and a row in
/// kOptions (state/options.cpp); what it does is read where it matters.
struct OptionDef {
  const char* name;
  char letter;
  bool Options::*member;
  bool shopt;
  bool in_dollar_minus;  ///< shown in $-
};

/// Every option, `set -o` ones first in listing order, then `shopt` ones; ends with a row
/// whose name is null.
extern const OptionDef kOptions[];

/// Names of the `set -o` options in listing order (null-terminated, from kOptions).
extern const char* const* const kSetOptionNames;
/// Names of the `shopt` options in listing order (null-terminated, from kOptions).
extern const char* const* const kShoptNames;

}  // namespace fdsh::state
