# bg.sh - commands run with &, $!, wait and wait PID with their status;
# a background job's stdin is /dev/null. Output order is fixed by wait.
T=/tmp/shtest-bg.$$
rm -rf $T
mkdir $T && cd $T || exit 1
sleep 0 &
wait
echo "after wait: $?"
true &
wait
echo "true then wait: $?"
(echo from-background > bgout) &
wait
cat bgout
sh -c 'exit 3' &
pid=$!
wait $pid
echo "wait pid: $?"
false & p1=$!
true & p2=$!
wait $p2; echo "p2: $?"
wait $p1; echo "p1: $?"
sleep 30 & p=$!
kill $p
wait $p 2>/dev/null; echo "killed: $?"
sleep 30 & p=$!
kill -9 $p
wait $p 2>/dev/null; echo "killed -9: $?"
echo input | { cat; cat & wait; echo "bg read /dev/null"; }
for i in 1 2 3; do echo "job $i" > out$i & done
wait
cat out1 out2 out3
{ sleep 1; echo second; } > order &
echo first > order-first
wait
cat order-first order
x=1; { x=2; } & wait; echo "x still $x"
echo done
cd /
rm -rf $T
