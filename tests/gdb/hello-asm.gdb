# hello-asm.gdb - a debugging session on a user program: /bin/hello-asm
# runs as the first process; gdb stops in its code, then at the dispatcher
# for its write and its exit, and lets it finish. scripts/run-tests passes
# the "debug:" line to scripts/debug --batch; every "expect:" regular
# expression must match a line of the output, else the test fails.
#
# The expected values are hello-asm's own (user/bin/hello-asm.asm) and
# match Linux: strace on this host shows write(1, "Hello, World!\n", 14)
# = 14 then exit(0) for the same binary. 33 is QEMU's exit status for the
# kernel's success code 0x10 through isa-debug-exit (kernel/power.h).
#
# debug: --append init=/bin/hello-asm
# expect: ^minos-user: symbols of .*/hello-asm loaded at its link addresses$
# expect: ^Hardware assisted breakpoint 2 at 0x401000: file user/bin/hello-asm.asm, line 12\.$
# expect: ^(Thread \d+ hit )?Breakpoint 2, _start \(\) at user/bin/hello-asm\.asm:12$
# expect: ^cs +0x33 +51$
# expect: ^ +PID +PPID +STATE +NAME +KSTACK +WHERE$
# expect: ^ +1 +1 +running +hello-asm +0xffff[0-9a-f]{12} +(CPU \d+: )?user pc 0x401000 <_start>$
# expect: ^minos-break-syscall: breakpoint 3 stops on 1 \(write\)$
# expect: ^(Thread \d+ hit )?Breakpoint 3, syscall_dispatch \(r=0xffff[0-9a-f]+\) at kernel/syscall/dispatch\.c:\d+$
# expect: ^frame 0xffff[0-9a-f]+ passed to syscall_dispatch, pid 1 \(hello-asm\)$
# expect: ^  nr    1 \(write\)$
# expect: ^  arg0  rdi  0x0000000000000001  1$
# expect: ^  arg1  rsi  0x0000000000402000  4202496 <msg>$
# expect: ^  arg2  rdx  0x000000000000000e  14$
# expect: ^  user  rip 0x0000000000401018 <_start\+24>$
# expect: ^0x402000 <msg>:\s+"Hello, World!\\n"$
# expect: ^ +1 +1 +running +hello-asm +0xffff[0-9a-f]{12} +(CPU \d+: )?kernel pc 0xffffffff[0-9a-f]+ <syscall_dispatch>; user rip 0x401018 <_start\+24>$
# expect: ^  nr    60 \(exit\)$
# expect: ^  arg0  rdi  0x0000000000000000  0$
# expect: ^\[Inferior 1 \(process 1\) detached\]$
# expect: ^debug: QEMU exited with status 33$
# expect: ^Hello, World!$
# expect: ^MinOS: init exited with status 0$

# gdb has stopped at kmain: nothing runs in user mode yet, and the
# program's pages are not even loaded, so only a hardware breakpoint fits.
minos-user hello-asm
hbreak _start
continue
info registers cs
minos-ps

minos-break-syscall write
# Off _start's breakpoint before going on: gdb steps over it first, and a
# timer interrupt taken in that step returns to _start and stops there
# again (docs/debugging.md).
delete 2
continue
minos-frame
x/s $minos_frame->rsi
minos-ps

delete
minos-break-syscall exit
continue
minos-frame

# Let the kernel finish on its own: it reports init's status and exits
# QEMU through isa-debug-exit (scripts/debug prints both).
delete
detach
