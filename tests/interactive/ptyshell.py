"""A shell at a pseudo-terminal, for the interactive tests: start it, type, wait for text.

Waiting always polls for the text expected (with a deadline), never sleeps a fixed time.
"""
import os
import pty
import re
import select
import signal
import subprocess
import time


class Shell:
    def __init__(self, argv, env=None, ignored=()):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            # Default dispositions, as a terminal emulator gives them (a test started with `&`
            # from a script would pass SIGINT and SIGQUIT on ignored, and they stay ignored).
            for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGPIPE, signal.SIGXFSZ, signal.SIGTERM):
                signal.signal(sig, signal.SIG_DFL)
            for sig in ignored:  # as some programs start shells (tmux ignores SIGTTIN, SIGTTOU)
                signal.signal(sig, signal.SIG_IGN)
            os.execve(argv[0], argv, env or {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "TERM": "dumb"})
        self.out = b""
        self.mark = 0  # expect() looks at the output after this offset

    def read_for(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            r, _, _ = select.select([self.fd], [], [], 0.02)
            if not r:
                continue
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                return
            if not chunk:
                return
            self.out += chunk

    def send(self, text):
        os.write(self.fd, text.encode() if isinstance(text, str) else text)

    def expect(self, text, seconds=5):
        """Waits until `text` appears after the mark; moves the mark past it. False on timeout."""
        needle = text.encode()
        end = time.time() + seconds
        while True:
            at = self.out.find(needle, self.mark)
            if at >= 0:
                self.mark = at + len(needle)
                return True
            if time.time() >= end:
                return False
            self.read_for(0.02)

    def expect_re(self, pattern, seconds=5):
        """Waits for a regular expression (bytes) after the mark; returns the match or None."""
        end = time.time() + seconds
        while True:
            m = re.compile(pattern).search(self.out, self.mark)
            if m:
                self.mark = m.end()
                return m
            if time.time() >= end:
                return None
            self.read_for(0.02)

    def until(self, predicate, seconds=5):
        """Polls predicate() (reading output meanwhile) until true; False on timeout."""
        end = time.time() + seconds
        while time.time() < end:
            if predicate():
                return True
            self.read_for(0.02)
        return predicate()

    def foreground_group(self):
        """The terminal's foreground process group (asked on the master side)."""
        try:
            return os.tcgetpgrp(self.fd)
        except OSError:
            return -1

    def wait_exit(self, seconds=5):
        """The shell's wait status, or None if it is still running after `seconds`."""
        end = time.time() + seconds
        while time.time() < end:
            self.read_for(0.02)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return status
        return None

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def ps_field(pid, field):
    """A `ps -o FIELD=` value of a process, stripped; "" if it is gone."""
    r = subprocess.run(["ps", "-o", field + "=", "-p", str(pid)], capture_output=True, text=True)
    return r.stdout.strip()


def alive(pid):
    """True while pid exists and is not a zombie."""
    state = ps_field(pid, "stat")
    return state != "" and not state.startswith("Z")


def children(pid):
    """The command names of pid's children."""
    r = subprocess.run(["ps", "--ppid", str(pid), "-o", "comm="], capture_output=True, text=True)
    return r.stdout.split()
