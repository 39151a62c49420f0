# enosys-fast.gdb - a number beyond the table is answered by
# syscall_entry.asm itself (syscall_unknown), with no frame and no call:
# /bin/sc-enosys runs as the first process; its first number past the
# table (0x7fffffff) stops at syscall_unknown; single steps then reach
# ring 3 (CS 0x33) in a few instructions with RAX = -ENOSYS (-38), the
# answer Linux gives (sc-enosys's output is compared with Linux's in
# tests/user.tests). 33 is QEMU's status for the kernel's success code.
#
# debug: --append init=/bin/sc-enosys
# expect: ^(Thread \d+ hit )?Breakpoint 2, syscall_unknown \(\) at kernel/arch/x86_64/syscall_entry\.asm:\d+$
# expect: ^rax +0x7fffffff +2147483647$
# expect: ^from syscall_unknown to ring 3: [0-9] instructions, rax -38, cs 0x33$
# expect: ^debug: QEMU exited with status 33$
# expect: ^syscall 0x7fffffff: -ENOSYS$

hbreak syscall_unknown
continue
info registers rax
set $n = 0
while ($cs & 3) == 0 && $n < 100
  stepi
  set $n = $n + 1
end
printf "from syscall_unknown to ring 3: %d instructions, rax %ld, cs %#lx\n", $n, $rax, $cs
delete
detach
