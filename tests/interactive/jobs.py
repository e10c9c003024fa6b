#!/usr/bin/env python3
"""fdsh -i at a pseudo-terminal: job control and signals. A foreground job runs in its own
process group and owns the terminal; Ctrl-Z stops it ([1]+  Stopped ...), `jobs`, `bg`, `fg`
move it; Ctrl-C ends a foreground job, a loop of builtins and the rest of a list; finished
background jobs are reported before the next prompt (at once with set -b); a program that
leaves the terminal raw does not break the prompt; `exit` with a stopped job warns once, then
ends the shell and the job; SIGHUP reaches the jobs; end of input (Ctrl-D) says exit; an
expansion error abandons its line and the prompt comes back; set -e; false ends the shell.

usage: jobs.py FDSH
"""
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyshell import Shell, alive, children, ps_field  # noqa: E402

FDSH = sys.argv[1]
ENV = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "PS1": "P1> ", "PS2": "P2> ", "TERM": "dumb"}


def check(failures, ok, what):
    if not ok:
        failures.append(what)
    return ok


def prompt(sh, failures, after):
    return check(failures, sh.expect("P1> "), f"no prompt after {after}")


def stop_and_move(sh, failures, shell_pid):
    """sleep in the foreground, Ctrl-Z, jobs, bg, fg, Ctrl-C."""
    sh.send("sleep 100\n")
    check(failures, sh.until(lambda: sh.foreground_group() not in (shell_pid, -1)),
          "the foreground job did not get the terminal")
    job = sh.foreground_group()
    check(failures, ps_field(job, "pgid") == str(job) and job != shell_pid,
          f"the job {job} is not the leader of its own process group")
    sh.send("\x1a")  # Ctrl-Z
    check(failures, sh.expect("[1]+  Stopped                 sleep 100\r\n"), "no Stopped line after Ctrl-Z")
    prompt(sh, failures, "Ctrl-Z")
    check(failures, sh.foreground_group() == shell_pid, "the shell did not take the terminal back")
    check(failures, ps_field(job, "stat").startswith("T"), "the job is not stopped")
    sh.send("jobs\n")
    check(failures, sh.expect("[1]+  Stopped                 sleep 100\r\n"), "jobs does not list the stopped job")
    prompt(sh, failures, "jobs")
    sh.send("bg\n")
    check(failures, sh.expect("[1]+ sleep 100 &\r\n"), "bg did not say what it continued")
    prompt(sh, failures, "bg")
    check(failures, sh.until(lambda: not ps_field(job, "stat").startswith("T")), "bg did not continue the job")
    sh.send("jobs -l\n")
    check(failures, sh.expect(f"[1]+ {job:5d} Running                 sleep 100 &\r\n"), "jobs -l after bg")
    prompt(sh, failures, "jobs -l")
    sh.send("fg %sle\n")
    check(failures, sh.expect("sleep 100\r\n"), "fg did not name the job")
    check(failures, sh.until(lambda: sh.foreground_group() == job), "fg did not hand the terminal to the job")
    sh.send("\x03")  # Ctrl-C
    prompt(sh, failures, "Ctrl-C in fg")
    sh.send("echo fg-status=$?\n")
    check(failures, sh.expect("fg-status=130"), "Ctrl-C did not end the job with status 130")
    prompt(sh, failures, "echo")
    check(failures, sh.until(lambda: not alive(job)), "the job survived Ctrl-C")


def interrupts(sh, failures):
    """Ctrl-C ends a loop of builtins and the rest of a list; a trap runs instead where set."""
    sh.send("while true; do :; done\n")
    sh.read_for(0.3)
    sh.send("\x03")
    check(failures, sh.expect("^C\r\nP1> ", 3), "Ctrl-C did not stop while true; do :; done")
    sh.send("echo loop-status=$?\n")
    check(failures, sh.expect("loop-status=130"), "the loop did not end with status 130")
    prompt(sh, failures, "echo")
    sh.send("sleep 100; echo \"not\"-after\n")
    check(failures, sh.until(lambda: ps_field(sh.foreground_group(), "comm") == "sleep"), "sleep 100 did not start")
    sh.send("\x03")
    prompt(sh, failures, "Ctrl-C in sleep 100; echo")
    sh.send("echo list-done\n")
    check(failures, sh.expect("list-done\r\n"), "the shell did not go on after Ctrl-C")
    prompt(sh, failures, "echo")
    check(failures, b"not-after\r\n" not in sh.out, "the rest of the list ran after Ctrl-C")
    sh.send("trap 'echo trapped' INT; while true; do sleep 100; done; echo loop-left\n")
    check(failures, sh.until(lambda: ps_field(sh.foreground_group(), "comm") == "sleep"), "the loop's sleep did not start")
    sh.send("\x03")
    check(failures, sh.expect("trapped\r\n"), "trap INT did not run on Ctrl-C")
    sh.read_for(0.2)
    sh.send("\x03")
    check(failures, sh.expect("trapped\r\n"), "trap INT did not run on the second Ctrl-C")
    sh.read_for(0.2)
    sh.send("\x1a")  # Ctrl-Z stops the loop's sleep and ends the loop (bash); the list goes on
    check(failures, sh.expect("[1]+  Stopped                 sleep 100\r\nloop-left\r\n"), "Ctrl-Z in a loop")
    prompt(sh, failures, "Ctrl-Z in a loop")
    sh.send("trap - INT; kill %1; sleep 0.1\n")
    check(failures, sh.expect("[1]+  Terminated              sleep 100\r\n"), "kill %1 of a stopped job")
    prompt(sh, failures, "kill %1")


def notifications(sh, failures):
    sh.send("sleep 0.2 &\n")
    check(failures, sh.expect_re(rb"\[1\] \d+\r\n"), "no [1] PID line for a background job")
    prompt(sh, failures, "sleep 0.2 &")
    sh.send("sleep 0.6\n")
    check(failures, sh.expect("[1]+  Done                    sleep 0.2\r\n"), "no Done notification")
    prompt(sh, failures, "sleep 0.6")
    sh.send("(exit 3) & wait\n")
    check(failures, sh.expect("[1]+  Exit 3                  ( exit 3 )\r\n"), "no Exit 3 notification")
    prompt(sh, failures, "wait")


def more_signals(sh, failures, shell_pid):
    """Ctrl-C in a command substitution ends the command; a program leaving the terminal raw
    does not break the prompt; `set -b` reports a job at once, at the prompt."""
    sh.send("echo $(sleep 100) \"not\"-printed\n")
    check(failures, sh.until(lambda: "sleep" in children(shell_pid)), "the substitution's sleep did not start")
    sh.send("\x03")
    prompt(sh, failures, "Ctrl-C in $( )")
    sh.send("echo cmdsub-status=$?\n")
    check(failures, sh.expect("cmdsub-status=130"), "Ctrl-C in $( ): status")
    prompt(sh, failures, "echo")
    check(failures, b"not-printed" not in sh.out, "the command ran after Ctrl-C ended its substitution")
    sh.send("stty raw -echo\n")
    prompt(sh, failures, "stty raw -echo")
    sh.send("echo typed-$((6*7))\n")
    check(failures, sh.expect("echo typed-$((6*7))\r\n"), "the terminal does not echo after a program left it raw")
    check(failures, sh.expect("typed-42\r\n"), "the line after stty raw did not run")
    prompt(sh, failures, "echo after stty raw")
    sh.send("set -b; sleep 0.3 &\n")
    prompt(sh, failures, "set -b")
    check(failures, sh.expect("[1]+  Done                    sleep 0.3\r\n"), "set -b: no report while the prompt waits")
    prompt(sh, failures, "the set -b report")
    sh.send("set +b\n")
    prompt(sh, failures, "set +b")


def errors(failures):
    """An expansion error abandons the rest of its command line with one message and the
    prompt comes back; `set -e` ends an interactive shell on a failure, as in bash."""
    sh = Shell([FDSH, "-i"], ENV)
    try:
        check(failures, sh.expect("P1> "), "no first prompt (errors)")
        sh.send("echo ${x?unset}; echo \"not\"-after\n")
        check(failures, sh.expect("x: unset\r\n"), "no message for ${x?unset}")
        prompt(sh, failures, "${x?unset}")
        sh.send("a=xyz; echo ${a:1:-5}; echo \"not\"-after; echo st=$?\n")
        check(failures, sh.expect("substring expression < 0\r\n"), "no message for ${a:1:-5}")
        prompt(sh, failures, "${a:1:-5}")
        sh.send("echo status=$?\n")
        check(failures, sh.expect("status=1\r\n"), "an expansion error's status is not 1")
        prompt(sh, failures, "echo")
        check(failures, b"not-after" not in sh.out, "the rest of a line ran after an expansion error")
        check(failures, sh.out.count(b"unset\r\n") == 1, "${x?unset} was reported more than once")
        sh.send("set -e; false; echo \"not\"-after\n")
        status = sh.wait_exit()
        check(failures, status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1,
              f"set -e; false ended the interactive shell with {status}")
    finally:
        sh.kill()
    return sh.out


def background_read(failures):
    """A background job reading the terminal stops, even when the shell was started with
    SIGTTIN and SIGTTOU ignored (bash resets them for jobs too)."""
    sh = Shell([FDSH, "-i"], ENV, ignored=(signal.SIGTTIN, signal.SIGTTOU))
    try:
        check(failures, sh.expect("P1> "), "no first prompt (background read)")
        sh.send("cat &\n")
        m = sh.expect_re(rb"\[1\] (\d+)")
        prompt(sh, failures, "cat &")
        # cat stops when it reads (SIGTTIN); the notice comes before the next prompt, which is
        # the one just seen when cat was quick, else the one after the next command.
        stopped = m is not None and sh.until(lambda: ps_field(int(m.group(1)), "stat").startswith("T"))
        check(failures, stopped, "cat & reading the terminal did not stop")
        sh.send("sleep 0.1\n")
        prompt(sh, failures, "sleep 0.1")
        check(failures, sh.out.count(b"[1]+  Stopped                 cat\r\n") == 1, "no single notice that cat & stopped")
        sh.send("fg\n")
        check(failures, sh.expect("cat\r\n"), "fg did not name cat")
        # Type once cat owns the terminal and runs again (a loaded machine may take a while).
        pid = int(m.group(1)) if m else -1
        check(failures, sh.until(lambda: sh.foreground_group() == pid and not ps_field(pid, "stat").startswith("T")),
              "fg did not give cat the terminal")
        sh.send("via-fg\n")
        check(failures, sh.expect("via-fg\r\nvia-fg\r\n"), "cat in the foreground did not read the terminal")
        sh.send("\x04")
        prompt(sh, failures, "cat ended by Ctrl-D")
    finally:
        sh.kill()
    return sh.out


def hangup(failures):
    """SIGHUP to the shell: its jobs get SIGHUP, the shell ends with 128+1."""
    sh = Shell([FDSH, "-i"], ENV)
    try:
        check(failures, sh.expect("P1> "), "no first prompt (hangup)")
        sh.send("sleep 100 & echo job=$!.\n")
        m = sh.expect_re(rb"job=(\d+)\.")
        prompt(sh, failures, "sleep 100 &")
        os.kill(sh.pid, 1)
        status = sh.wait_exit()
        check(failures, status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 129,
              f"SIGHUP ended the shell with {status}")
        check(failures, m is not None and sh.until(lambda: not alive(int(m.group(1)))), "the job survived SIGHUP")
    finally:
        sh.kill()
    return sh.out


def exit_with_stopped(sh, failures):
    sh.send("sleep 101\n")
    check(failures, sh.until(lambda: ps_field(sh.foreground_group(), "comm") == "sleep"), "sleep 101 did not start")
    job = sh.foreground_group()
    sh.send("\x1a")
    check(failures, sh.expect("Stopped                 sleep 101"), "Ctrl-Z on sleep 101")
    prompt(sh, failures, "Ctrl-Z")
    sh.send("exit\n")
    check(failures, sh.expect("There are stopped jobs.\r\n"), "exit with a stopped job did not warn")
    prompt(sh, failures, "the warning")
    sh.send("exit\n")
    status = sh.wait_exit()
    check(failures, status is not None, "the second exit did not end the shell")
    check(failures, sh.until(lambda: not alive(job)), "the stopped job survived the shell's exit")


def main():
    failures = []
    transcripts = []
    sh = Shell([FDSH, "-i"], ENV)
    try:
        check(failures, sh.expect("P1> "), "no first prompt")
        sh.send("echo pid=$$.\n")
        m = sh.expect_re(rb"pid=(\d+)\.")
        shell_pid = int(m.group(1)) if m else -1
        check(failures, ps_field(shell_pid, "pgid") == str(shell_pid), "the shell is not in its own process group")
        check(failures, sh.foreground_group() == shell_pid, "the shell does not own the terminal")
        stop_and_move(sh, failures, shell_pid)
        interrupts(sh, failures)
        notifications(sh, failures)
        more_signals(sh, failures, shell_pid)
        exit_with_stopped(sh, failures)
    finally:
        sh.kill()
        transcripts.append(sh.out)
    transcripts.append(hangup(failures))
    transcripts.append(errors(failures))
    transcripts.append(background_read(failures))
    # End of input: "exit", and the status of the last command.
    sh = Shell([FDSH, "-i"], ENV)
    try:
        check(failures, sh.expect("P1> "), "no first prompt (second shell)")
        sh.send("\n# a comment\nfalse\n")
        check(failures, sh.expect("P1> "), "no PS1 after an empty line")
        check(failures, sh.expect("P1> "), "no PS1 after a comment line")
        check(failures, sh.expect("P1> "), "no prompt after false")
        check(failures, b"P2> " not in sh.out, "PS2 after an empty line or a comment")
        sh.send("\x04")
        check(failures, sh.expect("exit\r\n"), "Ctrl-D did not say exit")
        status = sh.wait_exit()
        check(failures, status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1,
              f"Ctrl-D ended the shell with {status}")
    finally:
        sh.kill()
        transcripts.append(sh.out)
    for f in failures:
        print("FAIL", f)
    if failures:
        for t in transcripts:
            print(t.decode(errors="replace"))
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
