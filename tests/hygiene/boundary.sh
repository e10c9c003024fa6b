#!/bin/sh
# The os/ boundary, checked on the compiled code: no stage library but libfdsh_os references
# a system-call wrapper for fds, processes or signals, or reads the environment with getenv
# (the shell's variables are the environment: `export TMPDIR=...` in a script counts).
#   boundary.sh FDSH
dir=$(dirname "$1")
calls='open|open64|openat|openat64|creat|close|close_range|dup|dup2|dup3|pipe|pipe2|fork|vfork|clone|clone3|execve|execv|execvp|execvpe|fexecve|posix_spawn|posix_spawnp|fcntl|fcntl64|read|write|readv|writev|lseek|lseek64|socket|socketpair|connect|memfd_create|kill|killpg|waitpid|waitid|wait|signal|sigaction|sigprocmask|setpgid|tcsetpgrp|ioctl|getenv|secure_getenv'
fail=0
for lib in "$dir"/libfdsh_*.a; do
  [ -f "$lib" ] || continue
  name=$(basename "$lib")
  used=$(nm -u "$lib" 2>/dev/null | awk '{ print $2 }' | sed 's/@.*//' | grep -E -x "$calls" | sort -u | tr '\n' ' ')
  if [ "$name" = libfdsh_os.a ]; then
    # The check must see symbols at all: os/ itself makes these calls.
    case " $used " in *" pipe2 "*) ;; *) echo "FAIL libfdsh_os.a shows no pipe2: nm sees nothing"; fail=1 ;; esac
    continue
  fi
  if [ -n "$used" ]; then
    echo "FAIL $name calls $used(only src/os may)"
    fail=1
  fi
done
[ $fail = 0 ] && echo "ok   no stage but os makes fd, process or signal calls or reads getenv"
exit $fail
