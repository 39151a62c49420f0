# minos-gdb.py - MinOS's gdb commands (minos-ps, minos-frame, minos-percpu,
# minos-cpus, minos-user, minos-break-syscall) and $minos_pid(); scripts/debug's gdbinit
# sources it, docs/debugging.md shows them. They read the kernel's structures
# through its DWARF types: the fields named here must follow struct task
# (proc/task.h), struct regs (arch/x86_64/frame.h), struct percpu and
# struct switch_frame (arch/x86_64/switch.h).
import os
import struct

import gdb

# Kernel half of the address space: every address at or above it is the
# kernel's (VM_KERNEL_BASE, kernel/mm/vm.h).
KERNEL_HALF = 0xFFFF800000000000
# RFLAGS bits named in the frame display (Intel SDM vol. 1, 3.4.3).
RFLAGS_BITS = [(0, "CF"), (2, "PF"), (4, "AF"), (6, "ZF"), (7, "SF"), (8, "TF"),
               (9, "IF"), (10, "DF"), (11, "OF"), (16, "RF"), (18, "AC"), (21, "ID")]
# ELF header fields (System V gABI): e_type at offset 16.
ELF_MAGIC, ET_EXEC, ET_DYN = b"\x7fELF", 2, 3
ET_DYN_BASE = 0x555555554000  # where execve loads a position-independent program (exec.c)
# The six argument registers of the Linux x86-64 syscall ABI, in order.
SYSCALL_ARG_REGS = ["rdi", "rsi", "rdx", "r10", "r8", "r9"]


def _u64(value):
    return int(value) & 0xFFFFFFFFFFFFFFFF


def _symbol(addr):
    """ "<name+off>" for an address gdb has a symbol for, else ""."""
    try:
        text = gdb.format_address(addr)
    except (gdb.error, gdb.MemoryError):
        return ""
    i = text.find("<")
    return text[i:] if i >= 0 else ""


def _read_u64(addr):
    data = gdb.selected_inferior().read_memory(addr, 8)
    return struct.unpack("<Q", bytes(data))[0]


def _type(name):
    return gdb.lookup_type(name)


def _task_table():
    """The process table (task.c's static `table`) as a list of values."""
    table = gdb.parse_and_eval("'kernel/proc/task.c'::table")
    lo, hi = table.type.range()
    return [table[i] for i in range(lo, hi + 1)]


def _percpu():
    """(block, where): this CPU's per-CPU block and which MSR points at it.
    In the kernel, IA32_GS_BASE holds it; between an entry from ring 3 and
    its swapgs (and after the swapgs of the way out) it is in
    IA32_KERNEL_GS_BASE; in user mode too."""
    blocks = gdb.parse_and_eval("percpu_blocks")
    first = _u64(blocks[0].address)
    size = blocks.type.sizeof
    ptr = _type("struct percpu").pointer()
    for reg in ("gs_base", "k_gs_base"):
        try:
            base = _u64(gdb.parse_and_eval("$" + reg))
        except gdb.error:
            continue
        if first <= base < first + size:
            return gdb.Value(base).cast(ptr).dereference(), reg
    return blocks[0], None


def _current_task():
    cur = _percpu()[0]["current"]
    return cur if _u64(cur) else None


def _block_index(base):
    """Which percpu_blocks entry a GS base points at, or None."""
    blocks = gdb.parse_and_eval("percpu_blocks")
    first, size = _u64(blocks[0].address), blocks[0].type.sizeof
    lo, hi = blocks.type.range()
    if first <= base < first + size * (hi - lo + 1) and (base - first) % size == 0:
        return (base - first) // size
    return None


def _cpu_views():
    """{CPU number: (gdb thread number, pc, ring)} for every CPU whose GS
    base (or, in ring 3 and around swapgs, KERNEL_GS_BASE) points at a
    per-CPU block: QEMU shows each CPU as a thread, and each thread's
    registers are that CPU's. The selected thread is selected again."""
    views = {}
    selected = gdb.selected_thread()
    try:
        for th in sorted(gdb.selected_inferior().threads(), key=lambda t: t.num):
            th.switch()
            for reg in ("gs_base", "k_gs_base"):
                try:
                    n = _block_index(_u64(gdb.parse_and_eval("$" + reg)))
                except gdb.error:
                    n = None
                if n is not None:
                    views[n] = (th.num, _u64(gdb.parse_and_eval("$pc")),
                                _u64(gdb.parse_and_eval("$cs")) & 3)
                    break
    finally:
        if selected is not None:
            selected.switch()
    return views


def _cpus_online():
    blocks = gdb.parse_and_eval("percpu_blocks")
    lo, hi = blocks.type.range()
    return sum(1 for n in range(lo, hi + 1) if int(blocks[n]["online"]))


def _running_tasks():
    """{task address: CPU number} of the tasks current on an online CPU."""
    blocks = gdb.parse_and_eval("percpu_blocks")
    lo, hi = blocks.type.range()
    out = {}
    for n in range(lo, hi + 1):
        cur = blocks[n]["current"]
        if int(blocks[n]["online"]) and _u64(cur):
            out[_u64(cur)] = n
    return out


def _task_name(t):
    """The task's name; the idle task (the boot context, sched.c) has none."""
    return t["name"].string() or "[idle]"


def _task_label(t):
    return "pid %d (%s)" % (int(t["pid"]), _task_name(t))


def _syscall_names():
    names = gdb.parse_and_eval("syscall_names")
    lo, hi = names.type.range()
    out = {}
    for i in range(lo, hi + 1):
        p = names[i]
        if _u64(p):
            out[i] = p.string()
    return out


def _syscall_number(word, names):
    try:
        nr = int(word, 0)
    except ValueError:
        for nr, name in names.items():
            if name == word:
                return nr
        raise gdb.GdbError("no system call named %r in the kernel's syscall_names" % word)
    if nr < 0:
        raise gdb.GdbError("a system call number is not negative: %d" % nr)
    return nr  # numbers past the table reach the dispatcher too (-ENOSYS)


def _innermost(names):
    """The innermost frame of gdb's backtrace (from the selected one) that
    runs one of these functions, or None."""
    try:
        f = gdb.selected_frame()
    except gdb.error:
        return None
    while f is not None:
        if f.name() in names:
            return f
        f = f.older()
    return None


class MinosPs(gdb.Command):
    """List MinOS's processes from the kernel's process table.

Usage: minos-ps
One line a task: pid, parent pid, state, name, the top of its kernel stack,
and where it is: the running task's PC, or the RIP a switched-out task
resumes at (inside schedule()), and the user RIP of its last entry into
the kernel."""

    def __init__(self):
        super().__init__("minos-ps", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError("minos-ps takes no argument")
        cur = _current_task()
        cur_addr = _u64(cur) if cur is not None else 0
        rows = [t for t in _task_table() if str(t["state"]) != "TASK_FREE"]
        print("%5s %5s  %-9s %-16s %-18s  %s" % ("PID", "PPID", "STATE", "NAME", "KSTACK", "WHERE"))
        if cur is not None and cur_addr not in [_u64(t.address) for t in rows]:
            rows.insert(0, cur.dereference())  # the idle task, outside the table
        # With several CPUs, a task current on another CPU runs there too:
        # its PC is that CPU's (thread's), and WHERE names the CPU.
        running = _running_tasks()
        views = _cpu_views() if _cpus_online() > 1 else {}
        for t in rows:
            addr = _u64(t.address)
            if addr == cur_addr:
                pc = _u64(gdb.parse_and_eval("$pc"))
                cpu = running.get(addr)
            elif addr in running and running[addr] in views:
                cpu = running[addr]
                pc = views[cpu][1]
            else:
                self._row(t, None, None)
                continue
            self._row(t, pc, cpu if views else None)

    @staticmethod
    def _row(t, pc, cpu):
        parent = t["parent"]
        ppid = "%d" % int(parent["pid"]) if _u64(parent) else "-"
        running = pc is not None
        state = "running" if running else str(t["state"]).replace("TASK_", "").lower()
        in_user = False
        if running:
            in_user = pc < KERNEL_HALF
            where = "%s%s pc 0x%x %s" % ("" if cpu is None else "CPU %d: " % cpu,
                                         "user" if in_user else "kernel", pc, _symbol(pc))
        elif state == "zombie":
            where = "exit status 0x%x" % int(t["exit_status"])
        else:
            try:
                # A switched-out task's saved RSP points at its switch_frame.
                rip = _u64(t["ksp"].dereference()["ret"])
                where = "switched out at 0x%x %s" % (rip, _symbol(rip))
            except gdb.MemoryError:
                where = "switched out (saved RSP 0x%x unreadable)" % _u64(t["ksp"])
        # The user RIP of the entry in progress (or the last one).
        regs = t["regs"]
        if _u64(regs) and state != "zombie" and not in_user and (int(regs["cs"]) & 3) == 3:
            rip = _u64(regs["rip"])
            where = "%s; user rip 0x%x %s" % (where.rstrip(), rip, _symbol(rip))
        print("%5d %5s  %-9s %-16s 0x%016x  %s" % (int(t["pid"]), ppid, state,
              _task_name(t), _u64(t["kstack_top"]), where.rstrip()))


class MinosFrame(gdb.Command):
    """Show a system call's register frame (struct regs) with its arguments.

Usage: minos-frame [ADDRESS]
Without ADDRESS: the frame syscall_dispatch (or trap_dispatch, for an
interrupt or exception) received, when the backtrace goes through it;
else the frame at the top of the current task's kernel stack (the entry
from ring 3 in progress). The frame's address is kept in $minos_frame (a
struct regs *): `p *$minos_frame`, `x/s $minos_frame->rsi`."""

    def __init__(self):
        super().__init__("minos-frame", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        regs_ptr = _type("struct regs").pointer()
        kind = "syscall"
        caller = _innermost(("syscall_dispatch", "trap_dispatch"))
        if arg.strip():
            r = gdb.parse_and_eval(arg).cast(regs_ptr)
            origin = "at %s" % arg.strip()
            # A system call always comes from ring 3; a frame trap_dispatch
            # received is an interrupt's or an exception's.
            if (_u64(r["cs"]) & 3) != 3 or (
                    caller is not None and caller.name() == "trap_dispatch" and
                    _u64(caller.read_var("r")) == _u64(r)):
                kind = "trap"
        elif caller is not None:
            r = caller.read_var("r")
            origin = "passed to %s" % caller.name()
            if caller.name() == "trap_dispatch":
                kind = "trap"
        else:
            cpu = _percpu()[0]
            top = _u64(cpu["kernel_stack_top"])
            r = gdb.Value(top - regs_ptr.target().sizeof).cast(regs_ptr)
            origin = "at the top of the kernel stack"
            if _u64(gdb.parse_and_eval("$pc")) < KERNEL_HALF:
                origin += " (the CPU is in user mode: the last entry's frame)"
        gdb.set_convenience_variable("minos_frame", r)
        r = r.dereference()
        cur = _current_task()
        who = _task_label(cur) if cur is not None else "no task"
        print("frame 0x%x %s, %s" % (_u64(r.address), origin, who))
        nr = _u64(r["vector"])
        if kind == "trap":
            print("  vector %d, error code 0x%x (an interrupt or exception, not a system call)" %
                  (nr, _u64(r["error_code"])))
        else:
            names = _syscall_names()
            print("  nr    %d (%s)" % (nr, names.get(nr, "not in the table: -ENOSYS")))
            for i, reg in enumerate(SYSCALL_ARG_REGS):
                v = _u64(r[reg])
                signed = v - (1 << 64) if v >> 63 else v
                print(("  arg%d  %-3s  0x%016x  %d %s" % (i, reg, v, signed, _symbol(v))).rstrip())
        rflags = _u64(r["rflags"])
        flags = " ".join(n for bit, n in RFLAGS_BITS if rflags >> bit & 1)
        rip = _u64(r["rip"])
        mode = "user" if (_u64(r["cs"]) & 3) == 3 else "kernel"
        print(("  %-5s rip 0x%016x %s" % (mode, rip, _symbol(rip))).rstrip())
        print("        rsp 0x%016x  rflags 0x%x [%s]  cs 0x%x ss 0x%x" %
              (_u64(r["rsp"]), rflags, flags, _u64(r["cs"]), _u64(r["ss"])))
        if kind == "syscall":
            print("  rax   0x%016x  (the result once the handler has returned)" % _u64(r["rax"]))


class MinosPercpu(gdb.Command):
    """Show this CPU's per-CPU block and which GS base register holds it,
or CPU N's block.

Usage: minos-percpu [N]
In the kernel IA32_GS_BASE ($gs_base) points at the block and
IA32_KERNEL_GS_BASE ($k_gs_base) holds the user's GS base; swapgs trades
them on every entry from ring 3 and on the way back. With N, the block
percpu_blocks[N] (CPU N, in the order smp.c brought the CPUs up), whichever
CPU gdb has selected (`info threads` lists one thread per CPU)."""

    def __init__(self):
        super().__init__("minos-percpu", gdb.COMMAND_STATUS)

    def show_block(self, n):
        blocks = gdb.parse_and_eval("percpu_blocks")
        lo, hi = blocks.type.range()
        if not lo <= n <= hi:
            raise gdb.GdbError("minos-percpu: CPU %d: percpu_blocks has %d blocks" %
                               (n, hi - lo + 1))
        cpu = blocks[n]
        cur = cpu["current"]
        print("CPU %d: per-CPU block 0x%x, cpu_id %d, APIC id %d, %s" %
              (n, _u64(cpu.address), int(cpu["cpu_id"]), int(cpu["apic_id"]),
               "online" if int(cpu["online"]) else "not online"))
        print("  current %s, kernel_stack_top 0x%x, user_rsp 0x%x" %
              (_task_label(cur) if _u64(cur) else "none", _u64(cpu["kernel_stack_top"]),
               _u64(cpu["user_rsp"])))

    def invoke(self, arg, from_tty):
        if arg.strip():
            try:
                n = int(gdb.parse_and_eval(arg))
            except gdb.error as e:
                raise gdb.GdbError("minos-percpu: %s" % e)
            self.show_block(n)
            return
        cpu, reg = _percpu()
        gs = _u64(gdb.parse_and_eval("$gs_base"))
        kgs = _u64(gdb.parse_and_eval("$k_gs_base"))
        ring = _u64(gdb.parse_and_eval("$cs")) & 3
        print("ring %d, gs_base 0x%x, k_gs_base 0x%x" % (ring, gs, kgs))
        if reg is None:
            print("neither GS base points at percpu_blocks: per-CPU set-up has not run;"
                  " showing percpu_blocks[0]")
        elif reg == "gs_base":
            print("gs_base holds the per-CPU block: %s" %
                  ("the kernel's normal state (after the entry's swapgs, before the exit's)"
                   if ring == 0 else "in user mode: wrong, a swapgs is missing"))
        else:
            print("k_gs_base holds the per-CPU block: %s" %
                  ("user mode's normal state" if ring == 3 else
                   "ring 0 with the user's GS base: between an entry from ring 3 and its"
                   " swapgs, or between the exit's swapgs and SYSRET/IRETQ"))
        cur = cpu["current"]
        print("per-CPU block 0x%x: cpu %d, current %s, kernel_stack_top 0x%x, user_rsp 0x%x" %
              (_u64(cpu.address), int(cpu["cpu_id"]),
               _task_label(cur) if _u64(cur) else "none",
               _u64(cpu["kernel_stack_top"]), _u64(cpu["user_rsp"])))


class MinosCpus(gdb.Command):
    """One line per online CPU: its APIC id, gdb's thread for it, the task
it runs and where it is.

Usage: minos-cpus
The task is percpu_blocks[N].current: a process (pid and name), the CPU's
idle task, or none (before the scheduler starts). Where: ring 3 or the
kernel, and the CPU's PC, read from gdb's thread for that CPU."""

    def __init__(self):
        super().__init__("minos-cpus", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError("minos-cpus takes no argument")
        blocks = gdb.parse_and_eval("percpu_blocks")
        views = _cpu_views()
        lo, hi = blocks.type.range()
        for n in range(lo, hi + 1):
            cpu = blocks[n]
            if not int(cpu["online"]):
                continue
            cur = cpu["current"]
            if not _u64(cur):
                task = "no task"
            elif int(cur["pid"]) == 0:
                task = "idle"
            else:
                task = _task_label(cur)
            if n in views:
                num, pc, ring = views[n]
                where = "gdb thread %d): %s, %s pc 0x%x %s" % (
                    num, task, "user" if ring == 3 else "kernel", pc, _symbol(pc))
            else:
                where = "no gdb thread found): %s" % task
            print("CPU %d (APIC id %d, %s" % (n, int(cpu["apic_id"]), where.rstrip()))


class MinosUser(gdb.Command):
    """Load a user program's symbols next to the kernel's.

Usage: minos-user [PROG]
PROG is a file, or a program of the image (/bin/NAME or NAME), looked up
in the build directory (rootfs/, then user/bin/). Without PROG: the
current task's program. An ET_EXEC program runs at the addresses it is
linked at, so its symbols are loaded with no offset; a position-independent
(ET_DYN) program runs at 0x555555554000 (kernel/proc/exec.c, ET_DYN_BASE:
no address-space randomization), and its symbols are loaded there. A
dynamic program's libraries are not loaded. The previous program loaded this way is
dropped first. Every process sees its own program at those addresses:
use hbreak (or a condition on $minos_pid()) for user breakpoints."""

    loaded = None

    def __init__(self):
        super().__init__("minos-user", gdb.COMMAND_FILES, gdb.COMPLETE_FILENAME)

    @staticmethod
    def _build_dir():
        env = os.environ.get("MINOS_BUILD")
        if env:
            return env
        kernel = gdb.current_progspace().filename
        if not kernel:
            raise gdb.GdbError("no kernel symbols loaded: cannot find the build directory")
        return os.path.dirname(os.path.abspath(kernel))

    def _resolve(self, prog):
        if os.path.isfile(prog) and not prog.startswith("/bin/"):
            return os.path.abspath(prog)
        build = self._build_dir()
        rel = prog.lstrip("/")
        for cand in (os.path.join(build, "rootfs", rel),
                     os.path.join(build, "rootfs", "bin", rel),
                     os.path.join(build, "user", "bin", os.path.basename(rel))):
            if os.path.isfile(cand):
                return cand
        raise gdb.GdbError("minos-user: no program %r in %s" % (prog, build))

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if len(args) > 1:
            raise gdb.GdbError("usage: minos-user [PROG]")
        if args:
            prog = args[0]
        else:
            cur = _current_task()
            if cur is None:
                raise gdb.GdbError("minos-user: no task runs yet: name the program")
            prog = cur["name"].string()
        path = self._resolve(prog)
        with open(path, "rb") as f:
            head = f.read(18)
        if head[:4] != ELF_MAGIC:
            raise gdb.GdbError("minos-user: %s is not an ELF file" % path)
        e_type = struct.unpack("<H", head[16:18])[0]
        if e_type not in (ET_EXEC, ET_DYN):
            raise gdb.GdbError("minos-user: %s is of ELF type %d, not a program" % (path, e_type))
        if MinosUser.loaded:
            try:
                gdb.execute("remove-symbol-file %s" % MinosUser.loaded, to_string=True)
            except gdb.error:
                pass
        if e_type == ET_DYN:
            gdb.execute("add-symbol-file %s -o 0x%x" % (path, ET_DYN_BASE), to_string=True)
            where = "at 0x%x, where MinOS loads a position-independent program" % ET_DYN_BASE
        else:
            gdb.execute("add-symbol-file %s" % path, to_string=True)
            where = "at its link addresses"
        MinosUser.loaded = path
        print("minos-user: symbols of %s loaded %s" % (path, where))


class MinosBreakSyscall(gdb.Command):
    """Stop when syscall_dispatch receives one of these system calls.

Usage: minos-break-syscall NAME|NUMBER...
A breakpoint on the dispatcher's first instruction, conditioned on the
number in its frame (RDI holds the struct regs * there). Names are those
of the kernel's syscall_names table (Linux's). `minos-frame` then shows
the arguments; `delete` removes the breakpoint like any other."""

    def __init__(self):
        super().__init__("minos-break-syscall", gdb.COMMAND_BREAKPOINTS)

    def invoke(self, arg, from_tty):
        words = gdb.string_to_argv(arg)
        if not words:
            raise gdb.GdbError("usage: minos-break-syscall NAME|NUMBER...")
        names = _syscall_names()
        nrs = [_syscall_number(w, names) for w in words]
        cond = " || ".join("((struct regs *)$rdi)->vector == %d" % nr for nr in nrs)
        bp = gdb.Breakpoint("*syscall_dispatch")
        bp.condition = cond
        print("minos-break-syscall: breakpoint %d stops on %s" %
              (bp.number, ", ".join("%d (%s)" % (nr, names.get(nr, "unnamed")) for nr in nrs)))


class MinosPid(gdb.Function):
    """$minos_pid() - the pid of the task running on this CPU (0 before
any task runs, and for the idle task). For breakpoints in one process:
  hbreak _start if $minos_pid() == 3"""

    def __init__(self):
        super().__init__("minos_pid")

    def invoke(self):
        cur = _current_task()
        return 0 if cur is None else int(cur["pid"])


MinosPs()
MinosFrame()
MinosPercpu()
MinosCpus()
MinosUser()
MinosBreakSyscall()
MinosPid()
