# quoting.sh - single and double quotes, backslashes, empty words and
# field splitting. show prints each argument in <>, so fields are visible.
show() { printf '<%s>' "$@"; echo; }

show 'single $HOME `x` \ "dq"'
show "double: \$ \" \\ \` end"
x='a  b   c'
show $x
show "$x"
show "[$x]" '[$x]'
show a\ b\ \ c
show "nested 'single' in double" 'nested "double" in single'
show ""x"" '' "" end
show a"b c"d 'e'f"g"
show 'it'\''s'
show "$x"'$x'"$x"
show "line1
line2"
show one\
two
show "tab	inside" 'tab	too'
show \$x \\ \' \" \a\b
show "back\\slash" "keep\q"
show '#not a comment' # a comment
show a#b
e=
show $e
show "$e"
show x$e"$e"y
set -- "" ""; echo $#
set -- $e; echo $#
set -- "$e"; echo $#
set -- $e $e ''; echo $#
IFS=:
v='a:b::c:'
show $v
show "$v"
v=':lead'
show $v
IFS=' :'
v=' a : b  c: '
show $v
unset IFS
v=' spaced   out  '
show $v
show "$v"
show ${undefined-default} "${undefined:-two words}" ${undefined:-two words}
show "$(echo "inner quotes")"
show "${e:-"quoted default"}"
show '\n stays in single quotes'
echo 'done'
