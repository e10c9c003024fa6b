#!/bin/sh
# Signal hygiene: children get default dispositions for what the shell changed, and
# signals ignored when the shell started stay ignored. Usage: signals.sh SHELL
sh_under_test=$1
fails=0
check() {
  if [ "$3" = "$2" ]; then echo "PASS $1"; else echo "FAIL $1: want '$2', got '$3'"; fails=$((fails + 1)); fi
}
# What this environment already ignores is inherited by everything below.
base=$(awk '/^SigIgn/ {print $2}' /proc/self/status)
got=$("$sh_under_test" -c 'grep SigIgn /proc/self/status; :' | awk '{print $2}')
check "a child ignores only what was ignored at start" "$base" "$got"
got=$("$sh_under_test" -c 'trap "echo x" INT TERM HUP PIPE; grep SigIgn /proc/self/status; :' | awk '{print $2}')
check "trapped signals are default in a child" "$base" "$got"
got=$("$sh_under_test" -c 'grep SigIgn /proc/self/status | cat' | awk '{print $2}')
check "pipeline stage" "$base" "$got"
got=$("$sh_under_test" -c 'trap "echo x" INT; grep SigBlk /proc/self/status; :' | awk '{print $2}')
check "no blocked signals in a child" "0000000000000000" "$got"
got=$(trap '' USR1; "$sh_under_test" -c 'trap "echo x" USR1; kill -USR1 $$; echo survived')
check "a signal ignored at start stays ignored" "survived" "$got"
got=$(timeout 10 "$sh_under_test" -c 'yes | head -5; echo "st=$?"' | tr '\n' ' ')
check "yes | head -5" "y y y y y st=0 " "$got"
if [ "$fails" -ne 0 ]; then echo "$fails failed"; exit 1; fi
echo "all passed"
