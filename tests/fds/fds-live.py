#!/usr/bin/env python3
"""`fds` against a live process holding one of each kind of open file (tests/fds/fdholder.cpp).

    fds-live.py FDSH FDHOLDER

Checks `fds -p PID --json` (validated against doc/fds.schema.json) for types, targets, flags,
offsets, the memory-mapped file, and the peer process of the pipe and of the Unix socket;
that `fds -p` agrees with `lsof -p` on fd numbers and types; `fds PATH`, `fds -i :PORT`,
`fds -u USER`, `--dot`, `--svg`; and the error for a missing process.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

FDSH, HOLDER = sys.argv[1], sys.argv[2]
ROOT = pathlib.Path(__file__).resolve().parents[2]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def fds(*args, status=0):
    r = subprocess.run([FDSH, "-c", 'fds "$@"', "fds", *args], capture_output=True, text=True, timeout=60)
    check(r.returncode == status, f"fds {' '.join(args)}: status {r.returncode}, wanted {status}; stderr {r.stderr!r}")
    return r


with tempfile.TemporaryDirectory() as tmp:
    tmp = os.path.realpath(tmp)
    holder = subprocess.Popen([HOLDER, tmp], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        ready = holder.stdout.readline().split()
        assert ready and ready[0] == "READY", f"fdholder did not start: {ready}"
        pid, child, port = int(ready[1]), int(ready[2]), int(ready[3])

        doc = json.loads(fds("-p", str(pid), "--json").stdout)
        try:
            import jsonschema
            schema = json.loads((ROOT / "doc" / "fds.schema.json").read_text())
            jsonschema.validate(doc, schema)
            # the shell's own table and a search result validate too
            jsonschema.validate(json.loads(fds("--json").stdout), schema)
            jsonschema.validate(json.loads(fds("-i", f":{port}", "--json").stdout), schema)
        except ImportError:
            check(False, "python3-jsonschema is not installed (tools/install-deps installs it)")
        except jsonschema.ValidationError as e:
            check(False, f"--json does not match doc/fds.schema.json: {e.message} at {list(e.absolute_path)}")

        procs = doc["processes"]
        check(len(procs) == 1 and procs[0]["pid"] == pid, "one process, the one asked for")
        p = procs[0]
        check(p["command"] == "fdholder", f"command name: {p['command']}")
        by_fd = {f["fd"]: f for f in p["fds"]}
        check(sorted(by_fd) == [0, 1, 2, 3, 4, 5, 6, 7, 8], f"fd numbers: {sorted(by_fd)}")

        f3 = by_fd.get(3, {})
        check(f3.get("type") == "file" and f3.get("target") == f"{tmp}/file.txt", f"fd 3 file: {f3}")
        check(f3.get("mode") == "rw" and "append" in f3.get("flags", []) and f3.get("offset") == 5, f"fd 3 mode/flags/offset: {f3}")

        f4 = by_fd.get(4, {})
        check(f4.get("type") == "pipe" and f4.get("mode") == "w" and f4.get("target", "").startswith("pipe:["), f"fd 4 pipe: {f4}")
        readers = [(q["pid"], q["fd"], q["relation"]) for q in f4.get("peers", [])]
        check((child, 4, "reader") in readers, f"pipe peer is the child's fd 4 (reader): {readers}")

        f5 = by_fd.get(5, {})
        check(f5.get("type") == "fifo" and f5.get("target") == f"{tmp}/fifo" and "nonblock" in f5.get("flags", []), f"fd 5 fifo: {f5}")

        f6 = by_fd.get(6, {})
        check(f6.get("type") == "unix" and f6.get("socket", {}).get("local") == f"{tmp}/sock"
              and f6.get("socket", {}).get("state") == "LISTEN", f"fd 6 unix listener: {f6}")

        f7 = by_fd.get(7, {})
        check(f7.get("type") == "unix" and f7.get("mode") == "rw", f"fd 7 unix connection: {f7}")
        speers = [(q["pid"], q["fd"], q["relation"]) for q in f7.get("peers", [])]
        check((child, 3, "socket-peer") in speers, f"unix socket peer is the child's fd 3: {speers}")

        f8 = by_fd.get(8, {})
        check(f8.get("type") == "tcp" and f8.get("socket", {}).get("local") == f"127.0.0.1:{port}"
              and f8.get("socket", {}).get("state") == "LISTEN" and "cloexec" in f8.get("flags", []), f"fd 8 tcp: {f8}")

        maps = [m["path"] for m in p["maps"]]
        check(f"{tmp}/mapped.bin" in maps, f"mmapped file among maps: {maps}")

        # The table shows the same.
        table = fds("-p", str(pid)).stdout
        rows = {l.split()[0]: l for l in table.splitlines()[2:] if l.strip()}
        check("pipe" in rows.get("4", "") and f"-> {child} fdholder:4" in rows.get("4", ""), f"table row 4: {rows.get('4')}")
        check(f"<-> {child} fdholder:3" in rows.get("7", ""), f"table row 7: {rows.get('7')}")
        check(any(l.startswith("mem") and l.endswith("/mapped.bin") for l in table.splitlines()), "table mem row")

        # lsof agreement on fd numbers and types.
        if shutil.which("lsof"):
            r = subprocess.run(["lsof", "-w", "-n", "-P", "-p", str(pid), "-F", "ftn"], capture_output=True, text=True)
            lsof_types, lsof_mem, cur = {}, [], None
            for line in r.stdout.splitlines():
                tag, val = line[:1], line[1:]
                if tag == "f":
                    cur = val
                elif tag == "t" and cur is not None:
                    if cur.isdigit():
                        lsof_types[int(cur)] = val
                elif tag == "n" and cur == "mem":
                    lsof_mem.append(val.split(" (")[0])
            to_lsof = {"file": "REG", "memfd": "REG", "dir": "DIR", "pipe": "FIFO", "fifo": "FIFO", "tty": "CHR",
                       "chr": "CHR", "blk": "BLK", "unix": "unix", "tcp": "IPv4", "udp": "IPv4", "tcp6": "IPv6",
                       "udp6": "IPv6", "anon": "a_inode", "eventfd": "a_inode", "epoll": "a_inode"}
            ours = {fd: to_lsof.get(f["type"], f["type"]) for fd, f in by_fd.items()}
            check(ours == lsof_types, f"fds and lsof disagree: fds {ours} lsof {lsof_types}")
            check(f"{tmp}/mapped.bin" in lsof_mem, f"lsof sees the mapping too: {lsof_mem}")
        else:
            print("note: lsof not installed; agreement not checked")

        # Searches.
        out = fds(f"{tmp}/file.txt").stdout
        check(any(l.split()[1:3] == [str(pid), "3"] for l in out.splitlines()[1:]), f"fds PATH finds the holder: {out!r}")
        out = fds(f"{tmp}/mapped.bin").stdout
        check(any(l.split()[1:3] == [str(pid), "mem"] for l in out.splitlines()[1:]), f"fds PATH finds the mapping: {out!r}")
        out = fds("-i", f":{port}").stdout
        check(any(l.split()[1:3] == [str(pid), "8"] for l in out.splitlines()[1:]), f"fds -i :PORT: {out!r}")
        out = fds("-i", f"udp:{port}", status=1).stdout
        check(out == "", "no UDP socket on that port")
        out = fds("-u", str(os.getuid())).stdout
        check(any(l.split()[1:3] == [str(pid), "8"] for l in out.splitlines()[1:]), "fds -u lists the process")
        out = fds("--tree", str(pid)).stdout
        check(any(l.split()[1] == str(child) for l in out.splitlines()[1:]), "fds --tree includes the child")

        # Pictures.
        dot = fds("--dot", "-p", str(pid)).stdout
        check(dot.startswith("digraph fds {") and f"p{pid} " in dot and f"p{child} " in dot, "dot has both processes")
        check(f'p{pid} -> ' in dot and '[label="4"]' in dot, "dot: an edge from the holder to the pipe, labelled with fd 4")
        check(f'-> p{child} [label="4"]' in dot, "dot: an edge from the pipe to the child's fd 4")
        if shutil.which("dot"):
            svg = fds("--svg", "-p", str(pid)).stdout
            check("<svg" in svg, "--svg renders")

        # Errors.
        r = fds("-p", "999999999", status=1)
        check("process 999999999" in r.stderr and "no such process" in r.stderr, f"missing pid message: {r.stderr!r}")
        r = fds("-p", "12x", status=2)
        r = fds("/no/such/file", status=1)
        check("/no/such/file" in r.stderr, "missing path named")
        r = fds("-u", "no-such-user-xyz", status=1)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("fds-live: all checks passed")
