# subst.sh - $(...) and `...`: nesting, quoting, trailing newlines, field
# splitting of the result, status, and use in other expansions.
show() { printf '<%s>' "$@"; echo; }
show $(echo hello)
show "$(echo multi; echo line)"
show $(echo multi; echo line)
x=$(echo a b c); show "$x" $x
show $(echo $(echo nested))
show "$(echo "$(echo "nested quotes")")"
show "`echo backquote`" `echo two words`
show "`echo \`echo inner\``"
show $(( $(echo 3) + 4 ))
n=$(printf '1\n2\n3\n' | wc -l); show $n
x=$(printf 'a\n\n\n'); show "$x"
x=$(printf '\n\na'); show "$x"
show "$(printf 'a  b')" $(printf 'a  b')
x=$(false); echo "status: $?"
x=$(true); echo "status: $?"
show "$(echo "paren ) inside")"
show "$(echo 'single ) too')"
show $(echo "#not-comment")
for w in $(echo one two three); do show $w; done
T=/tmp/shtest-subst.$$
rm -rf $T
mkdir $T && cd $T || exit 1
printf 'line1\nline2\n' > f
show $(cat f)
show "$(cat f)"
show "$(cat < f | head -1)"
[ "$(pwd)" = "$PWD" ] && echo pwd-matches
v=outer; x=$(v=inner; echo $v); show $x $v
show $(echo a; exit 3; echo b) "$?"
y=$(echo $(( 6 * 7 ))); show $y
show "$( (echo in-subshell) )"
show $(for i in 1 2 3; do echo $i; done)
show $(case x in x) echo case-in-subst;; esac)
show ${undef:-$(echo default-from-subst)}
echo $(echo done)
cd /
rm -rf $T
