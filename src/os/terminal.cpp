// os/terminal.cpp — terminal modes and foreground ownership for job control.
#include "os/terminal.hpp"

#include <csignal>
#include <cstring>
#include <unistd.h>

#include "os/fd.hpp"
#include "os/signals.hpp"

namespace fdsh::os {

bool TtyModes::line_ready() const { return valid && (t.c_lflag & ICANON) && (t.c_lflag & ECHO); }

int open_terminal() {
  for (int fd : {2, 0, 1}) {
    if (!is_tty(fd)) continue;
    auto priv = dup_private(fd);
    if (priv) return *priv;
  }
  return -1;
}

TtyModes get_modes(int tty_fd) {
  TtyModes m;
  if (tty_fd >= 0 && ::tcgetattr(tty_fd, &m.t) == 0) m.valid = true;
  return m;
}

void set_modes(int tty_fd, const TtyModes& m) {
  if (tty_fd < 0 || !m.valid) return;
  signals::ScopedIgnore ign(SIGTTOU);
  ::tcsetattr(tty_fd, TCSADRAIN, &m.t);
}

void wait_until_foreground(int tty_fd) {
  if (tty_fd < 0) return;
  for (int tries = 0; tries < 1000; ++tries) {
    pid_t fg = ::tcgetpgrp(tty_fd);
    if (fg < 0 || fg == ::getpgrp()) return;
    // In the background: stop (SIGTTIN with its default action) until continued in front.
    struct sigaction dfl, old;
    std::memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    ::sigaction(SIGTTIN, &dfl, &old);
    ::kill(0, SIGTTIN);
    ::sigaction(SIGTTIN, &old, nullptr);
  }
}

}  // namespace fdsh::os
