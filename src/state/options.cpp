// state/options.cpp — option names and letters.
#include "state/options.hpp"

namespace fdsh::state {

const char* const kSetOptionNames[] = {"allexport", "notify",  "emacs",   "errexit", "noglob", "hashall",
                                       "ignoreeof", "monitor", "noclobber", "noexec", "nolog", "nounset",
                                       "pipefail",  "posix",   "verbose", "vi",      "xtrace", "fdtrace", nullptr};
const char* const kShoptNames[] = {"dotglob",  "expand_aliases", "extglob",     "failglob",  "globstar", "lastpipe",
                                   "nocaseglob", "nocasematch",  "nullglob", "xpg_echo", "cdable_vars", nullptr};

std::string Options::flags_string() const {
  std::string s;
  if (allexport) s += 'a';
  if (notify) s += 'b';
  if (noclobber) s += 'C';
  if (errexit) s += 'e';
  if (noglob) s += 'f';
  if (interactive) s += 'i';
  if (monitor) s += 'm';
  if (noexec) s += 'n';
  if (nounset) s += 'u';
  if (verbose) s += 'v';
  if (xtrace) s += 'x';
  return s;
}

bool* Options::by_name(const std::string& n) {
  if (n == "allexport") return &allexport;
  if (n == "notify") return &notify;
  if (n == "noclobber") return &noclobber;
  if (n == "errexit") return &errexit;
  if (n == "noglob") return &noglob;
  if (n == "hashall") return &hashall;
  if (n == "monitor") return &monitor;
  if (n == "noexec") return &noexec;
  if (n == "nounset") return &nounset;
  if (n == "verbose") return &verbose;
  if (n == "xtrace") return &xtrace;
  if (n == "ignoreeof") return &ignoreeof;
  if (n == "pipefail") return &pipefail;
  if (n == "posix") return &posix;
  if (n == "vi") return &vi;
  if (n == "emacs") return &emacs;
  if (n == "nolog") return &nolog;
  if (n == "fdtrace") return &fdtrace;
  return nullptr;
}

bool* Options::by_letter(char c) {
  switch (c) {
    case 'a': return &allexport;
    case 'b': return &notify;
    case 'C': return &noclobber;
    case 'e': return &errexit;
    case 'f': return &noglob;
    case 'h': return &hashall;
    case 'm': return &monitor;
    case 'n': return &noexec;
    case 'u': return &nounset;
    case 'v': return &verbose;
    case 'x': return &xtrace;
    default: return nullptr;
  }
}

bool* Options::shopt_by_name(const std::string& n) {
  if (n == "nullglob") return &nullglob;
  if (n == "failglob") return &failglob;
  if (n == "dotglob") return &dotglob;
  if (n == "extglob") return &extglob;
  if (n == "globstar") return &globstar;
  if (n == "lastpipe") return &lastpipe;
  if (n == "expand_aliases") return &expand_aliases;
  if (n == "nocasematch") return &nocasematch;
  if (n == "nocaseglob") return &nocaseglob;
  if (n == "xpg_echo") return &xpg_echo;
  if (n == "cdable_vars") return &cdable_vars;
  return nullptr;
}

}  // namespace fdsh::state
