# control.sh - if/elif/else, while, until, for, case, break, continue,
# functions and return, test and [ with files, strings and numbers.
T=/tmp/shtest-control.$$
rm -rf $T
mkdir $T && cd $T || exit 1

if true; then echo t1; fi
if false; then echo no; else echo e1; fi
if false; then echo no; elif true; then echo elif1; else echo no; fi
if false; then echo no; elif false; then echo no; else echo else2; fi
if
	true
then
	echo multi-line
fi
n=0
while [ $n -lt 3 ]; do echo "while $n"; n=$((n+1)); done
until [ $n -eq 0 ]; do n=$((n-1)); echo "until $n"; done
for i in 1 2 3; do for j in a b; do echo $i$j; done; done
for i in 1 2 3 4 5; do
	if [ $i -eq 2 ]; then continue; fi
	if [ $i -eq 4 ]; then break; fi
	echo loop $i
done
for i in 1 2; do for j in 1 2; do echo "$i$j"; break 2; done; done
for i in 1 2 3; do for j in 1 2; do [ $j = 2 ] && continue 2; echo "c $i$j"; done; done
for i in; do echo never; done
for w in apple banana cherry 42 "" '*' x; do
	case $w in
	a*) echo "$w: a-word";;
	b*|c*) echo "$w: b or c";;
	[0-9]*) echo "$w: number";;
	"") echo "empty";;
	\*) echo "a star";;
	*) echo "$w: other";;
	esac
done
case abc in (a?c) echo paren-pattern;; esac
case x in y) echo no;; esac; echo "case no match: $?"
case "a b" in "a b") echo quoted-match;; esac
pat='a*'; case abc in $pat) echo var-pattern;; esac
case abc in "$pat") echo no;; *) echo quoted-var-pattern-literal;; esac
case x in [!a-c]) echo negated-class;; esac

[ -e /tmp ] && echo exists
[ -d /tmp ] && echo dir
[ -f /tmp ] || echo notfile
touch f
[ -f f ] && echo file
[ -s f ] || echo empty
echo x > f
[ -s f ] && echo nonempty
[ -r f ] && echo readable
[ -w f ] && echo writable
[ -x f ] || echo not-executable
[ -z "" ] && echo z
[ -n x ] && echo n
[ -z x ] || echo not-z
[ a = a ] && echo eq
[ a != b ] && echo ne
[ "a b" = "a b" ] && echo spaces
test 1 -lt 2 && echo lt
[ 2 -gt 1 ] && echo gt
[ 2 -ge 2 ] && echo ge
[ 2 -le 1 ] || echo not-le
[ 3 -eq 3 ] && echo eq-num
[ 3 -ne 4 ] && echo ne-num
[ -5 -lt 2 ] && echo negative
[ ! -e /nonexistent-sh-test ] && echo not-exists
[ a = a -a b = b ] && echo and
[ a = b -o b = b ] && echo or
[ \( a = a \) ] && echo parens
[ x ] && echo one-arg
[ "" ] || echo empty-one-arg
[ ] || echo no-args
test ! x || echo not-x
[ -n "" ]; echo "status $?"
[ 1 -eq 1 ]; echo "status $?"

f() {
	if [ "$1" = x ]; then return 3; fi
	echo "f $1"
	return 0
}
f x; echo "f x: $?"
f y; echo "f y: $?"
count() { n=0; while true; do n=$((n+1)); [ $n -ge 5 ] && return $n; done; }
count; echo "count: $?"
v=1; (v=2; echo "in subshell $v"); echo "outside $v"
{ v=3; }; echo "after group $v"
for i in 3 1 2; do echo $i; done | sort
while read a b; do echo "$b $a"; done <<EOF
1 one
2 two
EOF
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
fact 5
eval 'echo eval works; e=1'; echo "e=$e"
cmd='echo "quoted in eval"'; eval "$cmd"
cd /
rm -rf $T
