// state/options.cpp — the option table: names, letters and the members they set.
#include "state/options.hpp"

#include <string_view>

namespace fdsh::state {

const OptionDef kOptions[] = {
    // set -o options, in `set -o` listing order
    {"allexport", 'a', &Options::allexport, false, true},
    {"braceexpand", 'B', &Options::braceexpand, false, false},
    {"notify", 'b', &Options::notify, false, true},
    {"emacs", 0, &Options::emacs, false, false},
    {"errexit", 'e', &Options::errexit, false, true},
    {"errtrace", 'E', &Options::errtrace, false, false},
    {"noglob", 'f', &Options::noglob, false, true},
    {"hashall", 'h', &Options::hashall, false, false},
    {"histexpand", 'H', &Options::histexpand, false, true},
    {"history", 0, &Options::history, false, false},
    {"ignoreeof", 0, &Options::ignoreeof, false, false},
    {"interactive-comments", 0, &Options::interactive_comments, false, false},
    {"monitor", 'm', &Options::monitor, false, true},
    {"noclobber", 'C', &Options::noclobber, false, true},
    {"noexec", 'n', &Options::noexec, false, true},
    {"nolog", 0, &Options::nolog, false, false},
    {"nounset", 'u', &Options::nounset, false, true},
    {"physical", 'P', &Options::physical, false, false},
    {"pipefail", 0, &Options::pipefail, false, false},
    {"posix", 0, &Options::posix, false, false},
    {"verbose", 'v', &Options::verbose, false, true},
    {"vi", 0, &Options::vi, false, false},
    {"xtrace", 'x', &Options::xtrace, false, true},
    {"fdtrace", 0, &Options::fdtrace, false, false},
    {"functrace", 'T', &Options::functrace, false, false},
    // shopt options, in `shopt` listing order
    {"dotglob", 0, &Options::dotglob, true, false},
    {"expand_aliases", 0, &Options::expand_aliases, true, false},
    {"extglob", 0, &Options::extglob, true, false},
    {"failglob", 0, &Options::failglob, true, false},
    {"globstar", 0, &Options::globstar, true, false},
    {"lastpipe", 0, &Options::lastpipe, true, false},
    {"nocaseglob", 0, &Options::nocaseglob, true, false},
    {"nocasematch", 0, &Options::nocasematch, true, false},
    {"nullglob", 0, &Options::nullglob, true, false},
    {"xpg_echo", 0, &Options::xpg_echo, true, false},
    {"cdable_vars", 0, &Options::cdable_vars, true, false},
    {"login_shell", 0, &Options::login_shell, true, false},
    {"localvar_unset", 0, &Options::localvar_unset, true, false},
    {nullptr, 0, nullptr, false, false},
};

namespace {

/// The names of one kind of option, taken from kOptions once.
struct NameList {
  const char* names[sizeof kOptions / sizeof kOptions[0]];
  explicit NameList(bool shopt) {
    std::size_t k = 0;
    for (const OptionDef* d = kOptions; d->name; ++d)
      if (d->shopt == shopt) names[k++] = d->name;
    names[k] = nullptr;
  }
};

const NameList kSetList(false);
const NameList kShoptList(true);

}  // namespace

const char* const* const kSetOptionNames = kSetList.names;
const char* const* const kShoptNames = kShoptList.names;

std::string Options::flags_string() const {
  // $- in the order shells print it; -i is not a `set` letter but shows.
  std::string s;
  for (char c : std::string_view("abCefimHnuvx")) {
    if (c == 'i') {
      if (interactive) s += 'i';
      continue;
    }
    for (const OptionDef* d = kOptions; d->name; ++d)
      if (d->letter == c && d->in_dollar_minus && this->*(d->member)) s += c;
  }
  return s;
}

std::string Options::names_on(bool shopt) const {
  std::string s;
  for (const OptionDef* d = kOptions; d->name; ++d) {
    if (d->shopt != shopt || !(this->*(d->member))) continue;
    if (!s.empty()) s += ':';
    s += d->name;
  }
  return s;
}

bool* Options::by_name(const std::string& n) {
  for (const OptionDef* d = kOptions; d->name; ++d)
    if (!d->shopt && n == d->name) return &(this->*(d->member));
  return nullptr;
}

bool* Options::by_letter(char c) {
  if (c == 0) return nullptr;
  for (const OptionDef* d = kOptions; d->name; ++d)
    if (!d->shopt && d->letter == c) return &(this->*(d->member));
  return nullptr;
}

bool* Options::shopt_by_name(const std::string& n) {
  for (const OptionDef* d = kOptions; d->name; ++d)
    if (d->shopt && n == d->name) return &(this->*(d->member));
  return nullptr;
}

}  // namespace fdsh::state
