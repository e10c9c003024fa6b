#!/bin/sh
# Huge inputs are handled in bounded memory: a 200 MiB quoted here-document is delivered
# whole under a 256 MiB address-space limit (the script and the body are streamed, the body
# through a nameless file), 200 here-documents in one script, a 10 MB line, a 1,000,000-word
# expansion, and E2BIG on exec is reported as such.
#   huge-input.sh FDSH
# With FDSH_TEST_NO_VLIMIT=1 (sanitizer builds, which reserve terabytes of shadow address
# space) no address-space limit is set and the here-document is 20 MiB.
sh_under_test=$1
vlimit() { [ -n "${FDSH_TEST_NO_VLIMIT:-}" ] || ulimit -v "$1"; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }

mib=200
[ -n "${FDSH_TEST_NO_VLIMIT:-}" ] && mib=20
bytes=$((mib * 1048576))
{ printf "cat <<'EOF' | wc -c\n"; yes 'abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0' | head -c $bytes; printf 'EOF\necho done\n'; } > "$tmp/hd.sh"
out=$( (vlimit 262144 && exec "$sh_under_test" "$tmp/hd.sh") 2>&1 | tr -d ' ' | tr '\n' ' ')
[ "$out" = "$bytes done " ] && ok "$mib MiB here-document under a 256 MiB limit" || bad "$mib MiB here-document: $out"
rm -f "$tmp/hd.sh"

i=0
: > "$tmp/many.sh"
while [ $i -lt 200 ]; do printf 'cat <<E%d\nbody %d $((%d * 2))\nE%d\n' $i $i $i $i >> "$tmp/many.sh"; i=$((i + 1)); done
out=$("$sh_under_test" "$tmp/many.sh" | tail -n 1)
[ "$out" = "body 199 398" ] && ok "200 here-documents" || bad "200 here-documents: $out"

awk 'BEGIN { printf "x="; for (i = 0; i < 10000000; i++) printf "a"; printf "; echo ${#x}\n" }' > "$tmp/line.sh"
out=$( (vlimit 524288 && exec "$sh_under_test" "$tmp/line.sh") 2>&1)
[ "$out" = 10000000 ] && ok "10 MB line" || bad "10 MB line: $out"

out=$( (vlimit 524288 && exec "$sh_under_test" -c 'set -- $(seq 1000000); echo $#') 2>&1)
[ "$out" = 1000000 ] && ok "1,000,000-word expansion" || bad "1,000,000 words: $out"

out=$("$sh_under_test" -c '/bin/echo $(seq 1 3000000) > /dev/null; echo "st=$?"' 2>&1)
case $out in
  *"Argument list too long"*st=126) ok "E2BIG reported" ;;
  *) bad "E2BIG: $out" ;;
esac
exit $fail
