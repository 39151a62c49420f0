# glob.sh - pathname expansion: * ? [...] [!...], patterns in directories,
# no match (the pattern stays), quoted and escaped metacharacters, hidden
# files, set -f, and patterns in case and ${x#pattern}. Names are lower-case
# ASCII so the sort order is the same in every locale.
T=/tmp/shtest-glob.$$
rm -rf $T
mkdir $T && cd $T || exit 1
touch apple banana cherry a1 a2 b10 .hidden
mkdir dir1 dir2
touch dir1/x dir1/y dir2/z
echo *
echo a*
echo ?1 ??? b*0
echo [ab]*
echo [!ab]*
echo [a-b]?
echo dir*/*
echo */z
echo dir1/*
echo *1/
echo .h*
echo nomatch* "quoted*" 'a*' a\*
x='a*'
echo $x "$x"
echo [
echo [abc
set -f
echo *
set +f
for f in a?; do echo "file $f"; done
case banana in b*a) echo case-glob;; esac
p=apple.tar.gz
echo ${p%.*} ${p%%.*} ${p#*.} ${p##*.}
set -- d*
echo $# "$@"
cd /
rm -rf $T
