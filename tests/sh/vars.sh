# vars.sh - assignments, ${...} forms, export, assignments before a
# command (its environment only), positional parameters ($#, $@, $*,
# set --, shift), functions' parameters, local, read, arithmetic.
show() { printf '<%s>' "$@"; echo; }

a=1; echo $a
a=2 b=3; echo $a $b
echo ${a}x ${a}${b} $a$b
unset a; show "${a}" "${a-unset}" "${a:-empty}" "${a+set}"
a=; show "${a-unset}" "${a:-empty}" "${a+set}" "${a:+nonempty}"
a=v; show "${a:+nonempty}" "${a:-empty}"
: ${c:=assigned}; echo $c
: ${c:=not-again}; echo $c
x=hello; echo ${#x} ${#undefined}
p=/usr/local/bin/prog.tar.gz
echo ${p##*/} ${p#*/} ${p%.*} ${p%%.*} ${p#/usr} ${p%.gz}
echo ${p#"/usr"} "${p%"."*}"
v="a b"; set -- $v; echo $#
v=$(echo "x   y"); show "$v" $v
HOME=/tmp/sh-home; show ~ ~/x "~" '~' x~
n=5; echo "n is $n" 'n is $n'

export E1=exported
env | grep E1=exported
E2=prefix env | grep E2=
show "${E2}"
N=notexported
env | grep -c N=notexported
export N
env | grep -c N=notexported
E3=before; E3=during env | grep E3=; echo "after: $E3"
unset N; env | grep -c N=notexported
show "$(E4=x sh -c 'echo $E4')" "$E4"
export E5; E5=later; env | grep E5=

set -- a b c
echo $# $1 $2 $3
show "$@"
show "$*"
show $@
set -- "a b" c ""
show "$@"
show $@
show "$*"
show "x$@y"
for arg in "$@"; do show "$arg"; done
for arg; do show "$arg"; done
shift; echo $#; show "$@"
shift 2; echo $#
set --; echo $#; show "$@"
set -- 1 2 3 4 5 6 7 8 9 10 11
echo ${10} ${11} $10
f() { echo "f: $# [$1] [$2]"; set -- inside; echo "f now: $1"; }
f x y
f "x y"
echo "caller still: $1 $#"
g() { local v=inner w; v=changed; w=set; echo "g: $v $w"; }
v=outer; w=; g; echo "after g: $v [$w]"
echo "r1 r2 r3" | { read a b; show "$a" "$b"; }
echo "  lead  trail  " | { read a; show "$a"; }
printf 'one\ntwo\n' | { read a; read b; show "$a" "$b"; }
echo 'back\slash' | { read a; show "$a"; }
echo 'back\slash' | { read -r a; show "$a"; }
i=0; i=$((i+1)); i=$((i + 1)); echo $i
echo $((2*3+4)) $((10/3)) $((10%3)) $((1<<4)) $((7>3)) $(( (1+2)*3 )) $((-5+2))
echo $((i==2)) $((i!=2)) $((i<5 && i>0)) $((0 || 3)) $((i ? 10 : 20)) $((0x10)) $((010))
j=3; echo $((j*=2)) $j $((j+=1)) $j
echo "$((1+1))$((2+2))"
unset i j
echo ${i:-i unset} ${j:-j unset}
