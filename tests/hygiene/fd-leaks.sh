#!/bin/sh
# fd hygiene: a child started by the shell sees exactly 0 1 2 (plus fds the script
# opened itself), whatever way the shell started it. Usage: fd-leaks.sh SHELL FDLIST
sh_under_test=$1
fdlist=$2
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() {
  if [ "$3" = "$2" ]; then
    echo "PASS $1"
  else
    echo "FAIL $1: want '$2', got '$3'"
    fails=$((fails + 1))
  fi
}
# Start the shell with only fds 0-2 open.
run() { "$fdlist" --clean "$sh_under_test" "$@"; }

printf '%s\n' "$fdlist" > "$tmp/s1"
check "script file" "0 1 2" "$(run "$tmp/s1")"
check "-c" "0 1 2" "$(run -c "$fdlist")"
check "-c not last" "0 1 2" "$(run -c "$fdlist; :")"
check "pipeline first stage" "0 1 2" "$(run -c "$fdlist | cat")"
check "pipeline last stage" "0 1 2" "$(run -c "echo x | $fdlist")"
check "pipeline middle stage" "0 1 2" "$(run -c "echo x | $fdlist | cat")"
printf '%s <<END\nbody\nEND\n:\n' "$fdlist" > "$tmp/s2"
check "here-document" "0 1 2" "$(run "$tmp/s2")"
check "command substitution" "0 1 2" "$(run -c "echo \$($fdlist)")"
check "subshell" "0 1 2" "$(run -c "($fdlist); :")"
check "function" "0 1 2" "$(run -c "f() { $fdlist; }; f; :")"
check "brace group with redirection" "0 1 2" "$(run -c "{ $fdlist; } 2>/dev/null; :")"
check "background job" "0 1 2" "$(run -c "$fdlist & wait")"
check "exec 3>file is inherited" "0 1 2 3" "$(run -c "exec 3>$tmp/f; $fdlist; :")"
check "script from stdin" "0 1 2" "$(echo "$fdlist" | run)"
# 10,000 redirected commands leave the shell's fd table as it was.
count='n=0; for f in /proc/$$/fd/*; do n=$((n+1)); done; echo $n'
got=$(run -c "$count; i=0; while [ \$i -lt 10000 ]; do echo x >/dev/null; : </dev/null 2>&1; { :; } 3>/dev/null; i=\$((i+1)); done; $count")
check "10,000 redirected commands leak no fd" "$(echo "$got" | head -n 1)" "$(echo "$got" | tail -n 1)"
# Every fd the shell holds for itself is close-on-exec (flags: 02000000 in fdinfo); user fds are not.
script='exec 5>/dev/null
{ for f in /proc/$$/fdinfo/*; do
    n=${f##*/}
    while read k v; do [ "$k" = flags: ] && echo "$n $v"; done 2>/dev/null < "$f"
  done; } 3>/dev/null 2>&1'
bad=$(run -c "$script" | while read n flags; do
  case $n in 0|1|2|3|5) continue ;; esac
  case $flags in *2??????) ;; *) echo "$n:$flags" ;; esac
done)
check "the shell's own fds are close-on-exec" "" "$bad"
user=$(run -c "$script" | while read n flags; do [ "$n" = 5 ] && echo "$flags"; done)
case $user in *2??????) check "user fd 5 is inherited" "not cloexec" "cloexec" ;; *) check "user fd 5 is inherited" ok ok ;; esac
if [ "$fails" -ne 0 ]; then
  echo "$fails failed"
  exit 1
fi
echo "all passed"
