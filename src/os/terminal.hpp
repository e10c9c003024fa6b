// os/terminal.hpp — the controlling terminal for job control (XCU 2.11 job control, tcsetpgrp,
// tcgetattr): the shell's private terminal fd, handing the terminal to a foreground job and
// back, and the terminal modes saved around jobs.
#pragma once

#include <termios.h>

#include "util/result.hpp"

namespace fdsh::os {

/// The terminal's modes (termios), kept by value.
struct TtyModes {
  struct termios t {};
  bool valid = false;
  /// True when a line can be read in these modes: canonical input with echo. A program that
  /// ends leaving the terminal raw fails this.
  bool line_ready() const;
};

/// A private close-on-exec copy (fd 10 or above) of the first of fds 2, 0, 1 that is a
/// terminal, or -1.
int open_terminal();
/// The terminal's modes; invalid when they cannot be read.
TtyModes get_modes(int tty_fd);
/// Sets the terminal's modes (TCSADRAIN), with SIGTTOU ignored around it.
void set_modes(int tty_fd, const TtyModes& m);
/// Waits, stopped by SIGTTIN as POSIX shells do, until this process's group is the
/// terminal's foreground group (an interactive shell started in the background).
void wait_until_foreground(int tty_fd);

}  // namespace fdsh::os
