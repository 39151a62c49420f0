# smp-tasks.gdb - two CPUs that run tasks, seen from gdb: the first process
# (/bin/hello-asm) stops at its first instruction on CPU 0, where the boot
# CPU's scheduler started it (sched_start takes the first task itself);
# minos-cpus lists both CPUs with the task each runs, CPU 1 without a
# process (its idle task, or none yet, somewhere in the kernel); minos-ps
# names the CPU in WHERE once there are several.
#
# debug: --smp 2 --append init=/bin/hello-asm
# expect: ^(Thread \d+ hit )?Breakpoint 2, _start \(\) at user/bin/hello-asm\.asm:12$
# expect: ^CPU 0 \(APIC id 0, gdb thread 1\): pid 1 \(hello-asm\), user pc 0x401000 <_start>$
# expect: ^CPU 1 \(APIC id 1, gdb thread 2\): (idle|no task), kernel pc 0xffffffff[0-9a-f]+ <[a-z_]+(\+\d+)?>$
# expect: ^ +1 +1 +running +hello-asm +0xffff[0-9a-f]{12} +CPU 0: user pc 0x401000 <_start>$
# expect: ^debug: QEMU exited with status 33$
# expect: ^Hello, World!$

minos-user hello-asm
hbreak _start
continue
minos-cpus
minos-ps
# The kernel finishes on its own (scripts/debug prints its exit).
delete
detach
