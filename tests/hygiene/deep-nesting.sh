#!/bin/sh
# 10,000 levels of every kind of nesting work under `ulimit -s 1024`, and input beyond the
# documented limits ends in "maximum nesting depth N exceeded", never a crash.
#   deep-nesting.sh FDSH
sh_under_test=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
rep() { awk -v s="$1" -v n="$2" 'BEGIN { while (n-- > 0) printf "%s", s }'; }

# expect NAME WANT_STATUS WANT_STDOUT_OR_STDERR_PATTERN SCRIPT_TEXT
expect() {
  printf '%s\n' "$4" > "$tmp/s.sh"
  (ulimit -s 1024 && exec "$sh_under_test" "$tmp/s.sh") > "$tmp/out" 2> "$tmp/err"
  st=$?
  if [ "$st" -ne "$2" ] || ! grep -q -- "$3" "$tmp/out" "$tmp/err"; then
    echo "FAIL $1: status $st (wanted $2), out: $(head -c 80 "$tmp/out"), err: $(head -c 160 "$tmp/err")"
    fail=1
  else
    echo "ok   $1"
  fi
}

n=10000
expect "braces $n" 0 '^ok$' "$(rep '{ ' $n)echo ok$(rep '; }' $n)"
expect "if $n" 0 '^ok$' "$(rep 'if true; then ' $n)echo ok$(rep '; fi' $n)"
expect "subshells $n (parsed)" 0 '^parsed$' "false && $(rep '( ' $n):$(rep ' )' $n)
echo parsed"
expect "command substitutions $n (parsed)" 0 '^parsed$' "false && echo $(rep '$(echo ' $n)x$(rep ')' $n)
echo parsed"
expect "parameter expansions $n" 0 '^ok$' "echo $(rep '${x:-' $n)ok$(rep '}' $n)"
expect "arithmetic parentheses $n" 0 '^1$' "echo \$(( $(rep '(' $n)1$(rep ')' $n) ))"
expect "while loops 1000" 0 '^ok$' "$(rep 'while true; do ' 1000)echo ok; exit 0$(rep '; done' 1000)"

# ASan cannot unwind an exception through more than 64 MiB of stack without false reports,
# and its frames put 20,000 levels beyond that: the limit checks run in the plain build only.
if [ -n "${FDSH_TEST_SANITIZER:-}" ]; then
  echo "skip limits beyond 20,000 levels under a sanitizer"
  exit $fail
fi
n=30000
expect "braces $n: limit" 2 'maximum nesting depth 20000 exceeded' "$(rep '{ ' $n)echo ok$(rep '; }' $n)"
expect "parameter expansions $n: limit" 2 'maximum nesting depth 20000 exceeded' "echo $(rep '${x:-' $n)ok$(rep '}' $n)"
expect "arithmetic $n: limit" 1 'maximum nesting depth 20000 exceeded' "echo \$(( $(rep '(' $n)1$(rep ')' $n) ))"
expect "function recursion: limit" 2 'maximum function nesting level exceeded' 'f() { f; }; f'
exit $fail
