#!/usr/bin/env python3
"""Differential tester: runs the same scripts under fdsh and reference shells and reports
where fdsh's output or exit status differs.

Two sources of scripts:
  * the project's case files: tests/cases/posix/*.case are run under fdsh, dash and
    `bash --posix`; tests/cases/bash/*.case under fdsh and bash. A case marked to skip a
    reference shell, or with an override for it (where shells may differ), is left out
    for that shell;
  * a generator that combines the constructs real scripts lean on (field splitting with
    odd IFS values, quoting, pattern operators, bracket expressions, case, arithmetic,
    here-documents, $@ and $*, set -u, command substitution) into small scripts from a
    seed; fdsh is reported when it differs from dash and bash --posix where those two agree.

usage: difftest.py --shell FDSH [--cases DIR] [--generate N] [--seed S] [--show N]
Exit status 0 when no difference was found, 1 otherwise.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests"))


def load_cases(path):
    """Cases of one case file: (name, sections) in the format of tests/cases/README.md."""
    cases, cur, section = [], None, None
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            if line.startswith("=== "):
                cur = {"name": line[4:].strip(), "sections": {}}
                cases.append(cur)
                section = None
                continue
            if line.startswith("--- ") and cur is not None:
                section = line[4:].strip()
                cur["sections"][section] = ""
                continue
            if cur is not None and section is not None:
                cur["sections"][section] += line
    for c in cases:
        for k, v in c["sections"].items():
            if v.endswith("\n\n"):
                c["sections"][k] = v[:-1]
    return cases


def run(argv, script, stdin, parent):
    tmp = tempfile.mkdtemp(dir=parent)  # a fresh directory for every run
    path = os.path.join(tmp, "script.sh")
    with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(script)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "TMPDIR": tmp, "LC_ALL": "C.UTF-8",
           "SH": argv[0]}
    try:
        p = subprocess.run(argv + ["script.sh"], input=stdin.encode("utf-8", "surrogateescape"), capture_output=True,
                           cwd=tmp, env=env, timeout=10)
        return p.stdout, p.returncode
    except subprocess.TimeoutExpired:
        return b"<timeout>", -1


# Differences that are the reference shell's, not fdsh's: (case name, reference) -> why.
KNOWN = {
    ("command eval keeps errors of nested special builtins from ending the shell", "bash --posix"):
        "bash --posix exits although `command` must keep a special builtin's error from ending the shell",
}


def case_scripts(cases_dir):
    """(label, script, stdin, [reference argv...]) from the case files."""
    out = []
    for sub, refs in (("posix", [["dash"], ["bash", "--posix"]]), ("bash", [["bash"]])):
        d = os.path.join(cases_dir, sub)
        if not os.path.isdir(d):
            continue
        for fn in sorted(os.listdir(d)):
            if not fn.endswith(".case"):
                continue
            for c in load_cases(os.path.join(d, fn)):
                s = c["sections"]
                if "script" not in s or s.get("mode", "file").strip() not in ("", "file"):
                    continue
                skip = s.get("skip", "").split()
                if any(k.endswith("@fdsh") for k in s):
                    continue  # fdsh knowingly differs from the default expectation
                usable = []
                for r in refs:
                    name = os.path.basename(r[0])
                    if name in skip or any(k.endswith("@" + name) for k in s) or (c["name"], " ".join(r)) in KNOWN:
                        continue
                    usable.append(r)
                if usable:
                    out.append((f"{sub}/{fn}: {c['name']}", s["script"], s.get("stdin", ""), usable))
    return out


# --- the generator --------------------------------------------------------------------
IFS_VALUES = ["' '", "':'", "' :'", "''", "'a'", "'\t'", "', '", "'é'"]
WORDS = ["'a b  c'", "'  lead'", "'trail  '", "'x::y:'", "':a:'", "'*'", "'a*b'", "''", "'\\\\x'", "'[b]'",
         "'a-b'", "'é:ü'"]
PATTERNS = ["*", "?", "[ab]", "[!a]", "[a-]", "[]a]", "[!]]", "a*", "*b", "[[:alpha:]]*", "\\*", "'*'", "x|a*",
            "[a-c]?"]
OPS = ["#", "##", "%", "%%"]
ARITH = ["1+2*3", "7/2", "-7%3", "1<<4", "x+=3", "x*=2", "(x=5)+x", "2**10", "!0", "~5", "010", "0x1f",
         "3>2&&2>3", "x++ + ++x", "y=x?1:2"]


def gen_snippet(rng):
    kind = rng.randrange(10)
    w = rng.choice(WORDS)
    if kind == 0:
        return f"IFS={rng.choice(IFS_VALUES)}; v={w}; set -- $v; echo \"$#:$*:\"; IFS=' \t\n'"
    if kind == 1:
        p = rng.choice(PATTERNS)
        return f"case {w} in {p}) echo match;; *) echo no;; esac"
    if kind == 2:
        return f"v={w}; echo \"[${{v{rng.choice(OPS)}{rng.choice(PATTERNS)}}}]\""
    if kind == 3:
        return f"x=3; echo $(({rng.choice(ARITH)})) $x"
    if kind == 4:
        return f"set -- {w} {rng.choice(WORDS)}; for a in \"$@\"; do printf '<%s>' \"$a\"; done; echo; " \
               f"printf '<%s>' $*; echo"
    if kind == 5:
        return f"v={w}; echo \"${{v:-d}}|${{v:+s}}|${{#v}}|${{u-un}}|${{v=x}}\""
    if kind == 6:
        return f"cat <<EOF\n$(echo {w}) ${{HOME+h}} \\$x `echo b`\nEOF"
    if kind == 7:
        return f"v=$(printf '%s\\n\\n' {w}); echo \"[$v]\"; echo \"[$(echo {w} | tr a z)]\""
    if kind == 8:
        return f"(set -u; echo ${{unset_{rng.randrange(3)}-ok}}; echo \"${{@:-none}}\")"
    return f"IFS={rng.choice(IFS_VALUES)}; read -r a b <<EOS\n{rng.choice(WORDS)[1:-1]}\nEOS\necho \"[$a][$b]\"; IFS=' \t\n'"


def gen_scripts(n, seed):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        parts = [gen_snippet(rng) for _ in range(rng.randrange(2, 5))]
        out.append((f"generated #{i} (seed {seed})", "\n".join(parts) + "\n", "",
                    [["dash"], ["bash", "--posix"]]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shell", required=True)
    ap.add_argument("--cases", default=os.path.join(ROOT, "tests", "cases"))
    ap.add_argument("--generate", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--no-cases", action="store_true")
    a = ap.parse_args()
    fdsh = os.path.abspath(a.shell)
    for ref in ("dash", "bash"):
        if not shutil.which(ref):
            print(f"difftest: {ref} is not installed (tools/install-deps installs it)")
            return 2
    items = [] if a.no_cases else case_scripts(a.cases)
    generated = gen_scripts(a.generate, a.seed) if a.generate else []
    diffs, agree, unclear = [], 0, 0
    with tempfile.TemporaryDirectory(prefix="fdsh-diff-") as tmp:
        for label, script, stdin, refs in items + generated:
            mine = run([fdsh], script, stdin, tmp)
            theirs = [run(r, script, stdin, tmp) for r in refs]
            if label.startswith("generated") and len(theirs) == 2 and theirs[0] != theirs[1]:
                unclear += 1  # the references disagree: no verdict
                continue
            bad = [(" ".join(r), t) for r, t in zip(refs, theirs) if t != mine]
            if bad:
                diffs.append((label, script, mine, bad))
            else:
                agree += 1
    total = len(items) + len(generated)
    print(f"difftest: {total} scripts ({len(items)} from the cases, {len(generated)} generated), "
          f"{agree} agree, {len(diffs)} differ, {unclear} where dash and bash --posix disagree")
    for label, script, mine, bad in diffs[: a.show]:
        print(f"--- {label}")
        print("    " + script.rstrip().replace("\n", "\n    "))
        print(f"    fdsh: {mine[0]!r} status {mine[1]}")
        for name, t in bad:
            print(f"    {name}: {t[0]!r} status {t[1]}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
