# redirect.sh - <, >, >>, N>, N<, 2>, 2>>, 2>&1, >&2, N>&M, <&-, <>, >|,
# here-documents, redirections of compound commands, and their order.
T=/tmp/shtest-redirect.$$
rm -rf $T
mkdir $T && cd $T || exit 1

echo hello > f
cat f
echo world >> f
cat f
cat < f | wc -l
cat 0< f
wc -l < f
echo err 2> e >&2
cat e
{ echo out; echo err >&2; } > both 2>&1
cat both
{ echo out2; echo err2 >&2; } 2>&1 > only-out | cat
cat only-out
{ echo a1; echo a2 >&2; } 2> errs-only > /dev/null
cat errs-only
ls /nonexistent-sh-test-dir 2>> errs
ls /nonexistent-sh-test-dir 2>> errs
wc -l < errs
exec 3> f3
echo via3 >&3
echo via3-again 1>&3
exec 3>&-
cat f3
exec 4< f
read line <&4
echo "first line: $line"
read line 0<&4
echo "second line: $line"
exec 4<&-
echo clobber >| f
cat f
echo data > rw
cat <> rw
echo x 5> five
cat five
echo after-five >&1
if echo x 2>/dev/null > /nonexistent-sh-test-dir/f; then echo wrote; else echo redirect failed; fi
echo "still here"
for i in 1 2 3; do echo $i; done > loop.out
cat loop.out
if true; then echo in-if; fi > if.out
cat if.out
while read l; do echo "got $l"; done < loop.out
( echo sub ) > sub.out; cat sub.out
{ echo grouped; } >> sub.out; cat sub.out
echo restored-after-builtin
: > empty
wc -c < empty
> empty2
ls empty2
x=value
cat <<EOF
here: $x $(echo sub) $((1+2))
  indented \$x stays
EOF
cat <<'EOF'
quoted: $x `nothing` \n
EOF
cat <<-EOF
	tab-stripped $x
		two tabs
	EOF
cat <<EOF | sort
b
a
EOF
cat <<A; cat <<B
from A
A
from B
B
echo "2>&1 then >file:"
sh -c 'echo o; echo e >&2' 2>&1 > o1 | cat
cat o1
echo ">file then 2>&1:"
sh -c 'echo o; echo e >&2' > o2 2>&1
cat o2
cd /
rm -rf $T
