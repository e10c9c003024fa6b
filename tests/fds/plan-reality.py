#!/usr/bin/env python3
"""fds --plan is the plan that runs.

For a corpus of commands covering every construct that gives a command fds (redirections,
pipelines, |&, here-documents, $( ), <( ), >( ), coproc, background jobs, subshells, groups,
functions, exec carried to later commands, compound commands), three accounts of the fds
each program gets must agree:
  - `fds --plan` (its "runs PROG ... with FD: WHAT, ..." lines),
  - the fd trace (`set -o fdtrace`: its "spawn" and "exec" lines),
  - /proc/self/fd as the program itself sees it (tests/hygiene/fdlist --report TAG).
Then the shell's own table: `ls -la /proc/$$/fd` shows only 0, 1, 2 and the user's fds,
20 times over, with and without redirections, inside and outside pipelines; and under
strace the shell process makes no dup2/dup3/F_DUPFD call for an external command's
redirections (the child applies them).

usage: plan-reality.py FDSH FDLIST
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

FDSH, FDLIST = sys.argv[1], sys.argv[2]

# (setup run before the command in both shells, the command, tags fds --plan cannot see)
CORPUS = [
    ("", "fdl --report a", ""),
    ("", "fdl --report a > f", ""),
    ("", "fdl --report a 2>&1 > f", ""),
    ("", "fdl --report a > f 2>&1", ""),
    ("", "fdl --report a 3> f", ""),
    ("", "fdl --report a 3> f 4>&3-", ""),
    ("", "fdl --report a 2>&-", ""),
    ("", "fdl --report a 0<&-", ""),
    ("", "fdl --report a <> f", ""),
    ("", "fdl --report a >> f", ""),
    ("", "fdl --report a <<E\nhello\nE", ""),
    ("", "fdl --report a <<'E'\nhello $x\nE", ""),
    ("", "fdl --report a <<< word", ""),
    ("", "fdl --report a &> f", ""),
    ("", "fdl --report a 1>&2", ""),
    ("", "fdl --report a > f 3>&1 1>&2 2>&3", ""),
    ("", "fdl --report a 2>/dev/null </dev/null >/dev/null", ""),
    ("", "fdl --report a | fdl --report b", ""),
    ("", "fdl --report a | fdl --report b | fdl --report c", ""),
    ("", "fdl --report a |& fdl --report b", ""),
    ("", "fdl --report a 2>&1 >f | fdl --report b", ""),
    ("", "fdl --report a > f | fdl --report b 3<f", ""),
    ("", "echo x | fdl --report b", ""),
    ("", "fdl --report a | while read l; do :; done", ""),
    ("", "fdl --report a | { fdl --report b; }", ""),
    ("", "x=$(fdl --report a)", ""),
    ("", "x=$(fdl --report a 2>&1)", ""),
    ("", "echo $(fdl --report a) > f", ""),
    ("", "fdl --report a <(fdl --report b)", ""),
    ("", "fdl --report a <(fdl --report b) <(fdl --report c)", ""),
    ("", "fdl --report a >(fdl --report b)", ""),
    ("", "fdl --report a < <(fdl --report b)", ""),
    ("", "fdl --report a & wait", ""),
    ("", "fdl --report a | fdl --report b & wait", ""),
    ("", "fdl --report a < f & wait", ""),
    ("", "( fdl --report a )", ""),
    ("", "( fdl --report a ) > f", ""),
    ("", "( fdl --report a; fdl --report b ) 2>/dev/null", ""),
    ("", "{ fdl --report a; } > f", ""),
    ("", "{ fdl --report a; fdl --report b; } 3>f", ""),
    ("f() { fdl --report a; }", "f > f2", ""),
    ("f() { fdl --report a; } 2>/dev/null", "f", ""),
    ("g() { fdl --report a; }", "g 3>f | fdl --report b", ""),
    ("", "exec 3>f; fdl --report a", ""),
    ("", "exec 4<f 5>&4; fdl --report a 4<&-", ""),
    ("", "if true; then fdl --report a; fi > f", ""),
    ("", "while fdl --report a; do break; done < f", ""),
    ("", "for i in 1; do fdl --report a; done 2>&1 | fdl --report b", ""),
    ("v=f", "fdl --report a > $v", ""),
    ("exec 3>f; n=3", "fdl --report a >&$n", ""),
    ("", "eval 'fdl --report a' > f", "a"),
    ("", "command fdl --report a 2>f", ""),
    ("", "coproc fdl --report a; wait", ""),
    ("", "fdl --report a > f; fdl --report b < f", ""),
]

# Commands in the corpus that define f() only to call it: run the definition first.
PLAN_LINE = re.compile(r"runs (?:(?:command )*fdl --report (\w+)|(\S+))[^\n]* with (.*)$")
TRACE_LINE = re.compile(r"\] .*?: (?:spawn|exec) \S*/fdl --report (\w+).* \[(.*)\]$")


def split_view(text):
    """'0: stdin, 1: f (w), 63: x' -> {0: 'stdin', 1: 'f (w)', 63: 'x'}"""
    out = {}
    parts = re.split(r"(?:^|, )(\d+): ", text)
    for i in range(1, len(parts) - 1, 2):
        out[int(parts[i])] = parts[i + 1]
    return out


def split_trace_view(text):
    out = {}
    for m in re.finditer(r"(?:^|, )fd (\d+) <- (.*?)(?=, fd \d+ <- |$)", text):
        out[int(m.group(1))] = m.group(2)
    return out


def kind(what, roles):
    """A comparable name for what an fd is."""
    w = what.strip()
    if w in roles:
        w = roles[w]
    w = re.sub(r" \((r|w|rw)\)$", "", w)
    w = re.sub(r"\((r|w|rw)\)$", "", w)
    if w.startswith("here-document") or w.startswith("/memfd:"):
        return "pipe"  # a small here-document is a pipe, a large one a memfd
    if "pipe" in w:
        return "pipe"
    if w.startswith("socket:"):
        return "socket"
    if w.startswith("(bad fd") or w.startswith("(closed"):
        return "bad"
    return os.path.basename(w)


def main():
    tmp = tempfile.mkdtemp(prefix="fdsh-plan-")
    failures = []
    try:
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        shutil.copy(FDLIST, os.path.join(bindir, "fdl"))
        env = {"PATH": bindir + ":/usr/bin:/bin", "HOME": tmp, "LC_ALL": "C"}
        # A sanitizer build's settings carry over; its leak checker cannot run under strace.
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                env[k] = os.environ[k]
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + (":" if env.get("ASAN_OPTIONS") else "") + "detect_leaks=0"
        log = os.path.join(tmp, "log")
        env["FDLIST_LOG"] = log
        roles = {"stdin": "/dev/null", "stdout": "out.txt", "stderr": "err.txt"}

        def run(script, args=()):
            with open(os.devnull) as null, open(os.path.join(tmp, "out.txt"), "w") as out, \
                    open(os.path.join(tmp, "err.txt"), "w") as err:
                st = subprocess.call([FDSH, "-c", script, "sh"] + list(args), stdin=null, stdout=out,
                                     stderr=err, cwd=tmp, env=env, close_fds=True, timeout=30)
            with open(os.path.join(tmp, "out.txt")) as f1, open(os.path.join(tmp, "err.txt")) as f2:
                return st, f1.read(), f2.read()

        compared = 0
        for setup, cmd, unseen in CORPUS:
            for name in ("f", "f2"):
                with open(os.path.join(tmp, name), "w") as f:
                    f.write("data\n")
            # The plan, in a shell where the setup has run.
            st, out, err = run((setup + "\n" if setup else "") + 'fds --plan "$1"', [cmd])
            if st != 0:
                failures.append(f"{cmd!r}: fds --plan failed ({st}): {err.strip()}")
                continue
            plan = {}
            for line in out.splitlines():
                m = PLAN_LINE.search(line)
                if m and m.group(1):
                    plan[m.group(1)] = split_view(m.group(3))
            # Reality and the trace.
            if os.path.exists(log):
                os.unlink(log)
            st, out, err = run((setup + "\n" if setup else "") + "set -o fdtrace\n" + cmd)
            want_tags = set(re.findall(r"--report (\w+)", cmd))
            # Processes of >( ) may still be running when the shell exits.
            real = {}
            for _ in range(100):
                real = {}
                if os.path.exists(log):
                    with open(log) as f:
                        for line in f.read().splitlines():
                            tag, *fds = line.split("\t")
                            real[tag] = {int(x.split("=", 1)[0]): x.split("=", 1)[1] for x in fds}
                if set(real) >= want_tags:
                    break
                time.sleep(0.05)
            # A process of <( ) or >( ) may write its trace after the shell has exited: read
            # the trace once every program has reported.
            with open(os.path.join(tmp, "err.txt")) as f:
                err = f.read()
            trace = {}
            for line in err.splitlines():
                m = TRACE_LINE.search(line)
                if m:
                    trace[m.group(1)] = split_trace_view(m.group(2))
            for tag in sorted(want_tags):
                if tag not in real:
                    failures.append(f"{cmd!r}: program {tag} did not run")
                    continue
                seen = {fd: kind(w, {}) for fd, w in real[tag].items()}
                accounts = [("trace", trace.get(tag), split_trace_view)]
                if tag not in unseen:
                    accounts.append(("fds --plan", plan.get(tag), None))
                for what, view, _ in accounts:
                    if view is None:
                        failures.append(f"{cmd!r}: {what} has no line for program {tag}")
                        continue
                    said = {fd: kind(w, roles) for fd, w in view.items()}
                    if said != seen:
                        failures.append(f"{cmd!r}: program {tag}: {what} says {said}, the program has {seen}")
                compared += 1

        # The shell's own table, as a program listing /proc/$$/fd sees it.
        loop = r"""
exec 7>user.txt
i=0
while [ $i -lt 20 ]; do
  ls /proc/$$/fd | tr '\n' ' '; echo
  ls -la /proc/$$/fd > listing; awk 'NR > 3 { printf "%s ", $9 } END { print "" }' listing
  ls /proc/$$/fd 2>/dev/null | cat | tr '\n' ' '; echo
  cat /dev/null | ls /proc/$$/fd | tr '\n' ' '; echo
  ls /proc/$$/fd < /dev/null 3>&7 | tr '\n' ' '; echo
  ls /proc/$$/fd | while read f; do printf '%s ' "$f"; done; echo
  { ls -la /proc/$$/fd; } | awk 'NR > 3 { printf "%s ", $9 } END { print "" }'
  i=$((i + 1))
done
"""
        st, out, err = run(loop)
        lines = out.splitlines()
        if st != 0 or len(lines) != 140:
            failures.append(f"/proc/$$/fd loop: status {st}, {len(lines)} lines, stderr {err.strip()!r}")
        for line in lines:
            fds = sorted(int(x) for x in line.split())
            if fds != [0, 1, 2, 7]:
                failures.append(f"/proc/$$/fd shows {fds}, not [0, 1, 2, 7]")
                break

        # No dup2/dup3/F_DUPFD in the shell process for external commands' redirections.
        strace = shutil.which("strace")
        if not strace:
            failures.append("strace is not installed (tools/install-deps installs it)")
        else:
            script = "fdl --report s > f 2>&1 < f; fdl --report t 3>f 4>&3 | fdl --report u 2>/dev/null; wait"
            out_file = os.path.join(tmp, "st")
            with open(os.devnull) as null:
                p = subprocess.run([strace, "-f", "-qq", "-o", out_file, "-e",
                                    "trace=dup2,dup3,fcntl,execve,clone,clone3", FDSH, "-c", script],
                                   stdin=null, capture_output=True, text=True, cwd=tmp, env=env, timeout=60)
            calls = [line.split(None, 1) for line in open(out_file).read().splitlines() if " " in line]
            # The shell is its first process and the threads it makes (it runs on a thread with
            # a large stack); its children (vfork, clone) apply the redirections.
            shell = {calls[0][0]} if calls else set()
            for pid, call in calls:
                m = re.match(r"clone3?\(.*CLONE_THREAD.*\) = (\d+)$", call)
                if pid in shell and m:
                    shell.add(m.group(1))
            bad = [call for pid, call in calls
                   if pid in shell and (re.match(r"(dup2|dup3)\(", call) or "F_DUPFD" in call)]
            if p.returncode != 0 or not any(call.startswith("execve(") for _, call in calls):
                failures.append(f"strace run failed: {p.returncode} {p.stderr.strip()!r}")
            elif bad:
                failures.append("the shell duplicated fds for external commands: " + "; ".join(bad[:5]))
            # The check can fail: a builtin's redirection is made in the shell itself.
            with open(os.devnull) as null:
                subprocess.run([strace, "-f", "-qq", "-o", out_file, "-e", "trace=dup2,clone,clone3", FDSH, "-c",
                                "echo x > f; true"], stdin=null, capture_output=True, cwd=tmp, env=env, timeout=60)
            calls = [line.split(None, 1) for line in open(out_file).read().splitlines() if " " in line]
            if not any(call.startswith("dup2(") for _, call in calls):
                failures.append("strace saw no dup2 for a builtin's redirection: the check above proves nothing")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for f in failures:
        print("FAIL", f)
    print(f"{compared} programs compared across {len(CORPUS)} commands, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
