# triple.gdb - a triple fault seen from gdb: scripts/debug runs QEMU with
# -no-reboot -action shutdown=pause, so the reset a triple fault requests
# pauses the machine instead of ending QEMU, gdb reports it as SIGQUIT,
# and the CPU still holds the state of the faulting instruction.
# fault=triple (kernel/test/fault.c) loads an empty IDT and executes int3:
# #BP cannot be delivered (#GP), nor can that (#DF), nor the #DF.
#
# debug: --append fault=triple
# expect: ^(Program|Thread \d+) received signal SIGQUIT, Quit\.$
# expect: in fault_triple \(\) at kernel/test/fault\.c:\d+$
# expect: ^#1 +0x[0-9a-f]+ in fault_inject \(
# expect: ^rip +0xffffffff[0-9a-f]+ +0xffffffff[0-9a-f]+ <fault_triple\+\d+>$
# expect: ^IDT= +0000000000000000 00000000$
# expect: ^fault: crashing on purpose \(fault=triple\)$

continue
bt 2
info registers rip
monitor info registers
kill
