#!/usr/bin/python3
# Run directly by execve (tests/debian.tests, script-py-direct): the kernel
# starts /usr/bin/python3 (a symbolic link to python3.11) with this file's
# path and the arguments after it.
import sys

print("argv", sys.argv)
print("sum", sum(range(1, 11)))
