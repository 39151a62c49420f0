# kmain.gdb - run by scripts/run-tests through scripts/debug: gdb has
# stopped at kmain (hardware breakpoint, after the switch to long mode);
# these commands check what a debugging session relies on.
info registers rip cs
bt
p/x magic
next
next
info symbol $pc
hbreak tick_init
continue
bt 2
kill
