# trap.sh - trap runs a signal's command at the next safe point: after the
# command in progress (a built-in, or an external command the shell waits
# for), or at once when the signal interrupts wait, whose status is then
# 128 + the signal; trap '' ignores (children inherit that), trap -
# restores; the listing; the EXIT trap, a subshell's own included; kill
# -l; background jobs named by %N, %%, %+ and %- in wait (dash's
# non-interactive jobs keep no command text for %STRING, and its kill %N
# signals a process group, which only job control makes). The signals
# come from the shell itself or from its children, so the order of the
# output is fixed.
T=/tmp/shtest-trap.$$
rm -rf $T
mkdir $T && cd $T || exit 1
trap 'echo "exit trap: $?"; cd /; rm -rf $T' EXIT

echo "-- a trapped signal runs its command after the command that sent it"
trap 'echo got USR1' USR1
kill -USR1 $$
echo "after kill: $?"
trap 'echo got TERM' TERM
kill $$
kill -s TERM $$
kill -15 $$
trap 'echo "got USR2, \$? is $?"' USR2
false
kill -USR2 $$
{ kill -USR2 $$; kill -USR1 $$; echo "in the group"; }
echo "-- sent while the shell waits for a command: after the command"
sh -c 'kill -USR1 $PPID; sleep 0.2; echo child done'
echo "after the child"
echo "-- the listing; a number first resets"
trap 'echo hup' 1
kill -HUP $$
trap
trap 1 USR2
trap
echo "-- trap - gives the default back"
trap - TERM
trap
sh -c 'kill $$' 2>/dev/null
echo "killed child: $?"
echo "-- trap '' ignores, for the children too"
trap '' USR1
kill -USR1 $$
echo "USR1 ignored: $?"
sh -c 'kill -USR1 $$; echo "the child ignores USR1 too"'
trap 'echo in parent' USR2
(trap)
(kill -USR2 $$; echo "a subshell's USR2 reaches the parent")
echo "-- wait, interrupted by a trapped signal"
trap 'echo interrupted by USR2' USR2
sleep 30 & pid=$!
(sleep 1; kill -USR2 $$) &
wait $pid
echo "wait PID interrupted: $?"
(sleep 1; kill -USR2 $$) &
wait
echo "wait interrupted: $?"
kill $pid
wait $pid 2>/dev/null
echo "the job, killed: $?"
wait
echo "wait for the rest: $?"
echo "-- jobs named by %N, %%, %+ and %-"
sh -c 'exit 3' &
sh -c 'sleep 0.2; exit 4' &
sleep 30 & pid=$!
wait %1
echo "wait %1: $?"
wait %-
echo "wait %-: $?"
kill $pid
wait %% 2>/dev/null
echo "wait %%: $?"
sh -c 'exit 6' &
wait %+
echo "wait %+: $?"
(sleep 0.1; echo "from the background") &
wait
echo "wait: $?"
echo "-- kill -l"
# all but line 17: signal 16 is STKFLT here, a bare 16 in dash's list
kill -l | head -n 16
kill -l | head -n 33 | tail -n 16
kill -l | tail -n 32
kill -l 15
kill -l 143
kill -l 10
echo "-- a subshell's own traps, EXIT's too"
(trap 'echo "subshell exit"' EXIT; true)
(trap 'echo "pipeline member exit"' EXIT; echo body) | cat
{ trap 'echo "background exit"' EXIT; true; } &
wait
x=$(trap 'echo "substitution exit"' EXIT; echo value)
echo "x=$x"
(trap 'echo "USR1 in the subshell"' USR1; sh -c 'kill -USR1 $PPID')
sh -c 'trap "echo sh -c exit" EXIT; true'
echo "-- the EXIT trap runs last"
trap 'echo usr1 again' USR1
kill -USR1 $$
(exit 3)
