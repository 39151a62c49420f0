#!/usr/bin/env bash
# run-on-host.sh - runs the user/tests programs on the Linux host, the way
# their MinOS results will be judged: stdin from /dev/null, stdout a pipe.
# Prints "name: exit N" and the output of each test, and each fault-*
# program's status (128 + signal) next to the one its comment expects.
# Only well-behaved tests belong here (facts.md, "Running test binaries on
# the Linux host"); MINOS_ONLY lists those whose answer is MinOS's own.
set -uo pipefail

top="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$top/build/user/bin"
MINOS_ONLY="sc-enosys-wide"

make --no-print-directory -C "$top" user >/dev/null || exit 1
ulimit -c 0 # fault-* programs dump no core

signame() { kill -l "$(($1 - 128))" 2>/dev/null || echo "?"; }

bad=0
for src in "$top"/user/tests/*.c; do
	name="$(basename "$src" .c)"
	case " $MINOS_ONLY " in *" $name "*) continue ;; esac
	case "$name" in fault-*) continue ;; esac
	out="$("$bin/$name" </dev/null)"
	status=$?
	echo "$name: exit $status"
	printf '%s\n' "$out" | sed 's/^/    /'
	[ "$status" -eq 0 ] || bad=$((bad + 1))
done

for src in "$top"/user/tests/fault-*.c; do
	name="$(basename "$src" .c)"
	out="$("$bin/$name" </dev/null 2>&1)"
	status=$?
	want="$(grep -o 'status [0-9]*' "$src" | head -n 1 | cut -d' ' -f2)"
	verdict="as expected"
	if [ "$status" != "$want" ]; then
		verdict="EXPECTED $want"
		bad=$((bad + 1))
	fi
	if [ "$status" -gt 128 ]; then
		echo "$name: status $status (SIG$(signame "$status")), $verdict"
	else
		echo "$name: status $status (not killed), $verdict"
	fi
	printf '%s\n' "$out" | sed 's/^/    /'
done

echo "$bad unexpected result(s)"
[ "$bad" -eq 0 ]
