#!/usr/bin/env python3
"""fdsh -i at a pseudo-terminal, with HOME in a temporary directory: PS1 escapes and
expansion, PROMPT_COMMAND, the default prompt, ~/.fdshrc, ENV, --rcfile, --norc, login
profiles, history saved to a private file and restored by the next shell, `!!`, `^a^b`,
HISTCONTROL.

usage: history.py FDSH
"""
import os
import pty
import select
import stat
import sys
import tempfile
import time

FDSH = os.path.abspath(sys.argv[1])
failures = []


class Session:
    """One fdsh at a pty; output is polled, never waited for with fixed sleeps."""

    def __init__(self, home, args=("-i",), env_extra=None, argv0=None):
        env = {"PATH": "/usr/bin:/bin", "HOME": home, "TERM": "dumb", "PS1": "P1> ", "PS2": "P2> "}
        env.update(env_extra or {})
        env = {k: v for k, v in env.items() if v is not None}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.chdir(home)
                os.execve(FDSH, [argv0 or FDSH, *args], env)
            finally:
                os._exit(127)
        self.out = b""

    def read_for(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            r, _, _ = select.select([self.fd], [], [], 0.02)
            if r:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    return False
                if not chunk:
                    return False
                self.out += chunk
        return True

    def expect(self, text, seconds=5):
        """True once `text` has appeared after what earlier expects consumed."""
        end = time.time() + seconds
        data = text.encode()
        while time.time() < end:
            k = self.out.find(data)
            if k >= 0:
                self.seen = self.out[: k + len(data)]
                self.out = self.out[k + len(data):]
                return True
            if not self.read_for(0.02):
                break
        return False

    def send(self, line):
        os.write(self.fd, line.encode() + b"\n")

    def close(self, line="exit"):
        self.send(line)
        self.read_for(0.05)
        end = time.time() + 5
        while time.time() < end:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return status
            self.read_for(0.02)
        os.kill(self.pid, 9)
        return os.waitpid(self.pid, 0)[1]


def check(ok, what, s=None):
    if not ok:
        failures.append(what + ("" if s is None else f"\n--- output:\n{s.out.decode(errors='replace')}"))


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def prompts(home):
    s = Session(home, env_extra={"PS1": r"[\u|\W|\!|\#|\$|\101|\\|x\[\e[1m\]y] ${V:-v}-$((6*7))-$(echo cs)> "})
    user = os.environ.get("USER") or __import__("pwd").getpwuid(os.getuid()).pw_name
    sign = "#" if os.geteuid() == 0 else "$"
    check(s.expect(f"[{user}|~|1|1|{sign}|A|\\|x\x1b[1my] v-42-cs> "), "PS1 escapes and expansions", s)
    s.send("V=set; PROMPT_COMMAND='echo pc-ran'")
    check(s.expect("\npc-ran") and s.expect("|2|2|") and s.expect("set-42-cs> "), "PS1 after a command", s)
    s.send("PROMPT_COMMAND=('echo pc-a' 'echo pc-b'); false")
    check(s.expect("\npc-a\r\npc-b"), "PROMPT_COMMAND as an array", s)
    s.send("unset PROMPT_COMMAND; PS1='!-\\!-!!> '")
    check(s.expect("4-4-!> "), "! in PS1 is the history number, !! is !", s)
    s.send("if true")
    check(s.expect("P2> "), "PS2 for a continuation line", s)
    s.send("then echo in-$((1+1)); fi")
    check(s.expect("in-2"), "the continued command ran", s)
    s.close()
    # No PS1 in the environment: user@host, the directory, the status when not 0.
    s = Session(home, env_extra={"PS1": None, "TERM": "xterm", "NO_COLOR": "1"})
    check(s.expect(f"{user}@") and s.expect(f" ~ {sign} "), "the default prompt", s)
    s.send("false")
    check(s.expect(f" ~ 1{sign} "), "the default prompt shows a failed status", s)
    s.close()
    s = Session(home, env_extra={"PS1": None, "TERM": "xterm"})
    s.send("false")
    check(s.expect("\x1b[1;31m1\x1b[0m"), "the default prompt shows the status in red", s)
    s.close()


def startup(home):
    write(os.path.join(home, ".fdshrc"), "echo rc-read; RCVAR=rc\n")
    write(os.path.join(home, ".profile"), "echo profile-read\n")
    write(os.path.join(home, ".fdsh_profile"), "echo fdsh-profile-read\n")
    write(os.path.join(home, "envfile"), "echo env-read\n")
    write(os.path.join(home, "other"), "echo rcfile-read\n")

    def run(args=("-i",), env_extra=None, argv0=None):
        s = Session(home, args, env_extra, argv0)
        s.send("echo end-$((1+1))")
        s.expect("end-2")
        text = s.seen.decode(errors="replace")
        s.close()
        return text

    t = run()
    check("rc-read" in t and "profile-read" not in t, f"~/.fdshrc read, no profile: {t!r}")
    t = run(env_extra={"ENV": "$HOME/envfile"})
    check("env-read" in t and "rc-read" not in t, f"$ENV expanded and read instead of ~/.fdshrc: {t!r}")
    t = run(("-i", "--rcfile", os.path.join(home, "other")))
    check("rcfile-read" in t and "rc-read" not in t, f"--rcfile: {t!r}")
    t = run(("-i", "--norc"))
    check("rc-read" not in t, f"--norc: {t!r}")
    t = run(("-l", "-i"))
    check("profile-read" in t and "fdsh-profile-read" in t and "rc-read" in t, f"-l reads the profiles: {t!r}")
    t = run(("-i",), argv0="-fdsh")
    check("fdsh-profile-read" in t, f"$0 starting with - is a login shell: {t!r}")
    t = run(("--login", "--noprofile", "-i"))
    check("profile-read" not in t, f"--noprofile: {t!r}")
    os.remove(os.path.join(home, ".fdshrc"))


def history_lines(text, n):
    """The last n entries a `history` listing shows in text (the numbers stripped)."""
    lines = []
    for ln in text.decode(errors="replace").split("\r\n"):
        while ln.startswith("P1> "):  # prompts for lines typed ahead
            ln = ln[4:]
        if ln[:5].strip().isdigit() and ln[5:7] == "  ":
            lines.append(ln)
    return [ln[7:] for ln in lines[-n:]]


def history(home):
    hist = os.path.join(home, ".fdsh_history")
    s = Session(home)
    s.send("echo first-$((0+1)) # with a comment")
    check(s.expect("first-1"), "a command ran", s)
    s.send("for w in a b\ndo echo w=$w\ndone")
    check(s.expect("w=b"), "a multi-line command ran", s)
    s.send("echo bang-$((1+1))")
    s.expect("bang-2")
    s.send("!!")
    check(s.expect("echo bang-$((1+1))\r\nbang-2"), "!! shows the line it runs, then runs it", s)
    s.send("^bang^boom")
    check(s.expect("echo boom-$((1+1))\r\nboom-2"), "^old^new shows the new line and runs it", s)
    s.send("!nosuch")
    check(s.expect("!nosuch: event not found"), "an unknown event is reported", s)
    s.send("HISTCONTROL=ignoreboth; echo dup; echo dup")
    s.send("echo dup")
    s.send("echo dup")
    s.send(" echo hidden")
    s.send("history 3")
    check(s.expect("  history 3\r\n"), "history 3 ran", s)
    got = history_lines(s.seen, 3)
    check(got == ["HISTCONTROL=ignoreboth; echo dup; echo dup", "echo dup", "history 3"],
          f"HISTCONTROL=ignoreboth: {got}", s)
    s.send("set +H")
    s.send("echo plain-!!-$((1))")
    check(s.expect("plain-!!-1"), "set +H turns history expansion off", s)
    s.close()
    mode = stat.S_IMODE(os.stat(hist).st_mode) if os.path.exists(hist) else None
    check(mode == 0o600, f"the history file has mode 0600 (got {mode and oct(mode)})")
    s = Session(home)
    s.send("history")
    check(s.expect("echo first-$((0+1)) # with a comment") and s.expect("for w in a b\r\ndo echo w=$w\r\ndone"),
          "a new shell restores the history, comments and multi-line entries kept", s)
    s.send("fc -l -3 -2")
    check(s.expect("\t echo plain-!!-$((1))\r\n"), "fc -l on the restored history", s)
    s.send("!echo")
    check(s.expect("echo plain-!!-$((1))\r\nplain-!!-1\r\n"), "!str runs the newest command starting with str", s)
    s.close()
    # Two shells appending to the same file keep each other's lines.
    a, b = Session(home), Session(home)
    a.send("echo from-$((10+1))")
    b.send("echo from-$((20+2))")
    check(a.expect("from-11") and b.expect("from-22"), "two shells ran")
    a.close()
    b.close()
    with open(hist) as f:
        text = f.read()
    check("from-$((10+1))" in text and "from-$((20+2))" in text, "two shells both appended their lines")


def main():
    with tempfile.TemporaryDirectory() as home:
        prompts(home)
        startup(home)
        history(home)
    for f in failures:
        print("FAIL", f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
