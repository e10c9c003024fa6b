#!/usr/bin/env python3
"""fdsh -i at a pseudo-terminal: Ctrl-C at the prompt drops the line and keeps the shell, a
syntax error is reported once and the next line runs, an unfinished command shows PS2.

usage: prompt.py FDSH
"""
import os
import pty
import select
import sys
import tempfile
import time

FDSH = sys.argv[1]


def main():
    with tempfile.TemporaryDirectory() as home:  # the shell writes its history there
        return session(home)


def session(home):
    pid, fd = pty.fork()
    if pid == 0:
        env = {"PATH": "/usr/bin:/bin", "HOME": home, "PS1": "P1> ", "PS2": "P2> ", "TERM": "dumb"}
        try:
            os.execve(FDSH, [FDSH, "-i"], env)
        finally:
            os._exit(127)
    out = b""

    def read_for(seconds):
        nonlocal out
        end = time.time() + seconds
        while time.time() < end:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    return
                if not chunk:
                    return
                out += chunk

    def wait_for(text, seconds=5):
        end = time.time() + seconds
        while time.time() < end and text.encode() not in out:
            read_for(0.05)
        return text.encode() in out

    failures = []
    if not wait_for("P1> "):
        failures.append("no first prompt")
    os.write(fd, b"echo partial")
    read_for(0.2)
    os.write(fd, b"\x03")  # Ctrl-C
    read_for(0.3)
    os.write(fd, b"echo alive-$?\n")
    if not wait_for("alive-130"):
        failures.append("Ctrl-C at the prompt did not leave a live shell with status 130")
    os.write(fd, b"fi\n")
    read_for(0.3)
    os.write(fd, b"echo after-$?\n")
    if not wait_for("after-2"):
        failures.append("the line after a syntax error did not run")
    if out.count(b"unexpected 'fi'") != 1:
        failures.append(f"the syntax error was reported {out.count(b'unexpected')} times")
    os.write(fd, b"if true\n")
    if not wait_for("P2> "):
        failures.append("no PS2 for an unfinished command")
    os.write(fd, b"then echo in-if; fi\n")
    if not wait_for("in-if"):
        failures.append("the continued command did not run")
    os.write(fd, b"exit 7\n")
    read_for(0.5)
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 7:
        failures.append(f"exit 7 ended the shell with {status}")
    for f in failures:
        print("FAIL", f)
    if failures:
        print(out.decode(errors="replace"))
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
