# status.sh - $?, ;, &&, ||, exit codes 0..255, deaths by signal (128+N),
# 126 and 127, set -e. Ends with the status of its last command. The
# reports of deaths by signal go to stderr, sent to /dev/null: on MinOS
# stderr shares the terminal with the output being compared.
T=/tmp/shtest-status.$$
rm -rf $T
mkdir $T && cd $T || exit 1
true; echo "true $?"
false; echo "false $?"
true && echo and-yes
false && echo and-no
false || echo or-yes
true || echo or-no
false && echo no || echo chain
true || echo no && echo chain2
true; false; echo "seq $?"
false; true; echo "seq $?"
for n in 0 1 2 3 42 126 127 128 200 254 255 256 257 300; do
	sh -c "exit $n"
	echo "exit $n -> $?"
done
sh -c 'kill -9 $$' 2>/dev/null; echo "kill -9: $?"
sh -c 'kill -15 $$' 2>/dev/null; echo "kill -15: $?"
sh -c 'kill -TERM $$' 2>/dev/null; echo "kill -TERM: $?"
sh -c 'kill -s KILL $$' 2>/dev/null; echo "kill -s KILL: $?"
sh -c 'kill -USR1 $$' 2>/dev/null; echo "kill -USR1: $?"
no-such-command-here 2>/dev/null; echo "not found: $?"
/no/such/path/cmd 2>/dev/null; echo "not found path: $?"
touch noexec
./noexec 2>/dev/null; echo "not executable: $?"
mkdir d
./d 2>/dev/null; echo "directory: $?"
(exit 5); echo "subshell: $?"
{ false; }; echo "group: $?"
! true; echo "not true: $?"
! false; echo "not false: $?"
if false; then :; fi; echo "if without else: $?"
x=$(exit 7); echo "assignment from subst: $?"
$(exit 3); echo "empty command from subst: $?"
f() { return 9; }; f; echo "function: $?"
sh -c 'set -e; false; echo not-reached'; echo "set -e: $?"
sh -c 'set -e; false || true; echo reached'; echo "set -e or: $?"
sh -c 'set -e; if false; then :; fi; ! true; echo reached2'; echo "set -e if: $?"
sh -c 'set -e; (false); echo not-reached'; echo "set -e subshell: $?"
sh -c 'exit'; echo "bare exit: $?"
sh -c 'false; exit'; echo "bare exit after false: $?"
sh -c 'true; exit 2; echo no'; echo "exit 2: $?"
sh -c 'echo $0 $1 $2' zero one two
sh -c 'false'; echo "last command status: $?"
cd /
rm -rf $T
sh -c 'exit 3'
