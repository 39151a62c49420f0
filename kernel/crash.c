/*
 * crash.c - the crash report (crash.h), for panic() and for unexpected
 * ring-0 exceptions. The report must work on a broken kernel: it formats
 * straight to the consoles, reads a stack word only after checking the
 * page is mapped, and if a second crash happens while reporting, it halts
<<<<<<< HEAD
 * at once instead of recursing. The other CPUs are stopped first (an NMI
 * each); the report ends with the registers each was stopped at.
=======
 * at once instead of recursing.
 * Locking: `crashing` is taken with an atomic exchange, from any CPU and any
 * path, with or without the kernel lock; the winner stops the other CPUs
 * (smp_stop_others) before it reports.
>>>>>>> locknotes
 */
#include "crash.h"
#include "log.h"
#include "ksyms.h"
#include "lib/format.h"
#include "power.h"
#include "cmdline.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "dev/vga.h"
#include "mm/vm.h"
#include "mm/kstack.h"

#define BACKTRACE_MAX_WALK 4096 /* frames followed; repeats are folded */

static volatile int crashing;

static bool stack_word_readable(u64 addr)
{
	return (addr & 7) == 0 && addr >= VM_KERNEL_BASE && vm_is_mapped(addr) &&
	       vm_is_mapped(addr + 8);
}

void print_backtrace(u64 rip, u64 rbp)
{
	char sym[96];

	u64 last_ret = 0;
	unsigned repeats = 0;

	kprintf("Backtrace:\n");
	ksym_format(rip, sym, sizeof(sym));
	kprintf("  #0  0x%016llx %s\n", (unsigned long long)rip, sym);
	for (int depth = 1; depth < BACKTRACE_MAX_WALK && rbp; depth++) {
		if (!stack_word_readable(rbp)) {
			kprintf("  (frame pointer 0x%llx is not a readable kernel address)\n",
				(unsigned long long)rbp);
			break;
		}
		u64 ret = ((const u64 *)rbp)[1];
		u64 next = ((const u64 *)rbp)[0];
		if (ret == 0)
			break;
		/* Runaway recursion: show the repeated frame once. */
		if (ret == last_ret) {
			repeats++;
			goto next;
		}
		if (repeats)
			kprintf("      ... the frame above repeated %u more times\n", repeats);
		repeats = 0;
		last_ret = ret;
		/* ret points after the call; look up ret-1 so a call that ends a
		 * function is attributed to that function, not the next one. */
		u64 off;
		const char *name = ksym_lookup(ret - 1, &off);
		if (name)
			kprintf("  #%-2d 0x%016llx %s+0x%llx\n", depth, (unsigned long long)ret,
				name, (unsigned long long)(off + 1));
		else
			kprintf("  #%-2d 0x%016llx ?\n", depth, (unsigned long long)ret);
	next:
		if (next <= rbp)
			break; /* stacks grow down: callers' frames are higher */
		rbp = next;
	}
	if (repeats)
		kprintf("      ... the frame above repeated %u more times\n", repeats);
}

static void print_cr2(u64 cr2)
{
	kprintf("  CR2 0x%016lx%s\n", cr2,
		kstack_is_guard(cr2) ? " (a kernel stack's guard page: stack overflow)" : "");
}

static void print_page_fault_detail(const struct regs *r, u64 cr2)
{
	u64 e = r->error_code;
	kprintf("  error code 0x%llx: %s %s in %s mode%s%s\n", (unsigned long long)e,
		e & 1 ? "protection violation on" : "not-present page,",
		e & 16 ? "instruction fetch" : (e & 2 ? "write" : "read"),
		e & 4 ? "user" : "supervisor", e & 8 ? ", reserved bit set" : "",
		e & 32 ? ", protection key" : "");
	print_cr2(cr2);
}

/* RIP, RSP, RFLAGS and the general registers of frame r. */
static void print_frame(const struct regs *r)
{
	char sym[96];

	ksym_format(r->rip, sym, sizeof(sym));
	kprintf("  RIP %04llx:%016llx <%s>\n", (unsigned long long)r->cs,
		(unsigned long long)r->rip, sym);
	kprintf("  RSP %04llx:%016llx  RFLAGS %016llx\n", (unsigned long long)r->ss,
		(unsigned long long)r->rsp, (unsigned long long)r->rflags);
	const struct {
		const char *name;
		u64 value;
	} gpr[] = {
		{ "RAX", r->rax }, { "RBX", r->rbx }, { "RCX", r->rcx }, { "RDX", r->rdx },
		{ "RSI", r->rsi }, { "RDI", r->rdi }, { "RBP", r->rbp }, { "R8", r->r8 },
		{ "R9", r->r9 },   { "R10", r->r10 }, { "R11", r->r11 }, { "R12", r->r12 },
		{ "R13", r->r13 }, { "R14", r->r14 }, { "R15", r->r15 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(gpr); i++)
		kprintf("%s%-3s %016lx%s", i % 3 ? "  " : "  ", gpr[i].name, gpr[i].value,
			i % 3 == 2 ? "\n" : "");
}

static void print_registers(const struct regs *r)
{
	print_frame(r);
	kprintf("  CR0 %016llx  CR3 %016llx  CR4 %016llx\n", (unsigned long long)read_cr0(),
		(unsigned long long)read_cr3(), (unsigned long long)read_cr4());
}

/* Every other CPU as the crash's NMI found it: in ring 3 (its registers
 * only) or in the kernel (with the backtrace of its kernel stack). */
static void print_stopped_cpus(int me)
{
	for (unsigned c = 0; c < smp_cpus_online(); c++) {
		u64 cr3;
		const struct regs *o = (int)c == me ? NULL : smp_stopped_regs(c, &cr3);
		if (!o)
			continue;
		bool user = (o->cs & 3) == 3;
		kprintf("CPU %u (APIC id %u), stopped in %s:\n", c, percpu_blocks[c].apic_id,
			user ? "ring 3" : "the kernel");
		print_frame(o);
		kprintf("  CR3 %016llx\n", (unsigned long long)cr3);
		if (!user)
			print_backtrace(o->rip, o->rbp);
	}
}

__noreturn void crash_report(const char *title, const struct regs *r)
{
	irq_disable();
	if (__atomic_exchange_n(&crashing, 1, __ATOMIC_SEQ_CST)) {
		kprintf("\nKERNEL PANIC: crashed again while reporting a crash\n");
		machine_halt();
	}
	/* The other CPUs halt first, so nothing changes under the report. */
	unsigned stopped = smp_stop_others();
	vga_set_color(VGA_COLOR_ERROR);
	kprintf("\nKERNEL PANIC: %s\n", title);
	int cpu = percpu_id_safe();
	if (cpu >= 0)
		kprintf("  on CPU %d (APIC id %u)", cpu, percpu_blocks[cpu].apic_id);
	else
		kprintf("  on an unknown CPU (GS base 0x%llx)",
			(unsigned long long)rdmsr(MSR_GS_BASE));
	if (smp_cpus_online() > 1)
		kprintf("; %u of the %u other CPUs stopped", stopped, smp_cpus_online() - 1);
	kprintf("\n");
	if (r->vector == VEC_PAGE_FAULT) {
		print_page_fault_detail(r, read_cr2());
	} else if (r->vector < VEC_EXCEPTIONS) {
		kprintf("  error code 0x%lx\n", r->error_code);
		/* A double fault usually follows a page fault that could not be
		 * delivered; CR2 still names its address. */
		if (r->vector == VEC_DOUBLE_FAULT)
			print_cr2(read_cr2());
	}
	print_registers(r);
	print_backtrace(r->rip, r->rbp);
	print_stopped_cpus(cpu);
	kprintf("KERNEL PANIC: end of report\n");
	if (cmdline_flag("test"))
		machine_exit(MINOS_EXIT_PANIC);
	machine_halt();
}

__noreturn void crash_report_exception(const struct regs *r)
{
	char title[96];
	ksnprintf(title, sizeof(title), "%s (%s, vector %llu) in kernel mode",
		  exception_name((unsigned)r->vector), exception_mnemonic((unsigned)r->vector),
		  (unsigned long long)r->vector);
	crash_report(title, r);
}
