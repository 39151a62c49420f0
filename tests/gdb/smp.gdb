# smp.gdb - with four CPUs gdb sees four threads, one per CPU (QEMU's gdb
# stub); once smp_init() has run, minos-percpu N shows each AP's per-CPU
# block: its index, its own APIC id, online, no task yet, its own kernel
# stack in the stacks region (0xffffe8...). Until the boot CPU starts
# the scheduler, the APs halt in sched_ap_start() (proc/sched.c).
#
# debug: --smp 4
# expect: ^\* 1 +Thread 1\.1 \(CPU#0 \[running\]\) kmain
# expect: ^  4 +Thread 1\.4 \(CPU#3 \[halted ?\]\)
# expect: ^Thread 1 hit Breakpoint 2, vfs_init \(\)
# expect: ^CPU 0: per-CPU block 0x[0-9a-f]+, cpu_id 0, APIC id 0, online$
# expect: ^CPU 3: per-CPU block 0x[0-9a-f]+, cpu_id 3, APIC id 3, online$
# expect: ^  current none, kernel_stack_top 0xffffe8[0-9a-f]+, user_rsp 0x0$
# expect: ^#0  (0xffffffff[0-9a-f]+ in )?sched_ap_start \(\) at kernel/proc/sched\.c
# expect: ^#1  (0xffffffff[0-9a-f]+ in )?ap_main \(cpu=3\) at kernel/arch/x86_64/smp\.c

info threads
hbreak vfs_init
continue
minos-percpu 0
minos-percpu 3
thread 4
bt 2
thread 1
kill
