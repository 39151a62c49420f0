#!/bin/sh
# Run directly by execve (tests/debian.tests, script-sh-direct): the kernel
# reads the "#!" line and starts /bin/sh (Debian's dash in that test) with
# this file's path and the arguments after it.
echo "argc $#"
for a in "$@"; do
	echo "arg [$a]"
done
echo "script ${0##*/}"
i=0
sum=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	sum=$((sum + i))
done
echo "sum $sum"
