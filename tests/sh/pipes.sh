# pipes.sh - pipelines of one to five stages, builtins and compound
# commands inside them, and the exit status of a pipeline.
echo one | cat
echo two | cat | cat
echo three | cat | cat | cat
printf 'b\na\nc\nd\n' | sort | head -3 | tail -1 | cat
printf 'b\na\nc\nd\n' | cat | sort | cat | head -2
yes | head -3
yes x | head -n 1000 | cat | cat | wc -l
yes abc | head -5000 | cat | cat | cat | wc -c
echo a | false; echo "false last: $?"
false | true; echo "true last: $?"
true | false; echo "false last: $?"
sh -c 'exit 3' | sh -c 'exit 4'; echo "exit 4 last: $?"
sh -c 'exit 4' | sh -c 'exit 0'; echo "exit 0 last: $?"
! true | false; echo "negated: $?"
! true; echo "negated true: $?"
echo abc | grep -c b
echo abc | grep -v b; echo "grep -v none: $?"
echo hi | read x; echo "read in a pipeline: [$x]"
{ echo a; echo b; echo c; } | sort -r
( echo sub1; echo sub2 ) | wc -l
printf '1\n2\n3\n' | while read n; do echo "n=$n"; done
for i in 3 1 2; do echo $i; done | sort | tail -1
echo piped |
cat
echo x | { read y; echo "got $y"; } | cat
f() { cat; echo "f done"; }
echo through-function | f | cat
