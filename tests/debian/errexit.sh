#!/bin/dash -e
# The "#!" line's one argument reaches the interpreter: dash -e stops at
# the first failing command, so the script ends with status 1.
echo before
false
echo not reached
