/*
 * smp.c - starts the application processors (APs) the ACPI MADT lists and
 * sets each one running tasks; stops them when the kernel crashes (smp.h, docs/smp.md).
 *
 * The boot CPU starts one AP at a time (Intel SDM vol. 3A, 9.4.4.1):
 * INIT, 10 ms, start-up IPI, 200 us, a second start-up IPI (ignored by an
 * AP already running), then waits up to AP_ONLINE_TIMEOUT_MS for the AP to
 * mark its per-CPU block online. An AP that does not answer gets INIT
 * again, which puts it back in its wait-for-SIPI state, so it cannot wake
 * later on the parameters meant for the next one.
 * Invariants: percpu_blocks[0] is the boot CPU; blocks 1..n-1 are the APs
 * in the order they came up, and `online` is set last, by the AP itself.
 * Until it joins the scheduler an AP touches no shared kernel state except
 * its own per-CPU block and the stacks the boot CPU gave it. It then runs
 * tasks (proc/sched.c: sched_ap_start), under the kernel lock like every
 * CPU; with the boot option smp=park it halts for good instead.
 * Locking: ap_stacks, kernel_cr3, cpus_online, aps_run_tasks and ap_work
 * are written once at boot, before other CPUs run tasks, and read-only
 * after. Per-CPU: ap_state[n] and the stop_* slots of CPU n are written by
 * CPU n alone. stop_requested, stopped and nmi_call[] are changed
 * atomically and read on the NMI path, which takes no lock.
 */
#include "arch/x86_64/smp.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/klock.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/syscall_setup.h"
#include "arch/x86_64/tlb.h"
#include "cmdline.h"
#include "mm/kstack.h"
#include "mm/vm.h"
#include "lib/string.h"
#include "lib/format.h"
#include "log.h"

#define INIT_DELAY_US 10000 /* SDM 9.4.4.1: 10 ms after INIT */
#define SIPI_DELAY_US 200   /* and 200 us after each start-up IPI */
#define AP_ONLINE_TIMEOUT_MS 1000 /* generous: TCG on a busy host is slow */
#define STOP_TIMEOUT_MS 100

extern const u8 ap_trampoline_start[], ap_trampoline_end[];

/* Each AP's stacks, allocated by the boot CPU before it starts the AP. */
struct ap_stacks {
	u64 kernel; /* top of its kernel stack, where it runs ap_main */
	u64 ist[IST_COUNT];
};
static struct ap_stacks ap_stacks[MAX_CPUS];
static struct smp_cpu_state ap_state[MAX_CPUS];
static u64 kernel_cr3; /* the boot CPU's CR3: the kernel's own tables */
static unsigned cpus_online = 1;
static bool aps_run_tasks; /* not smp=park */
static void (*ap_work)(void); /* what an AP runs then (smp_init's caller says) */
static volatile bool stop_requested;
static unsigned stopped; /* CPUs that took the stop NMI (atomic) */
/* Each stopped CPU's interrupted frame and CR3, for the crash report;
 * valid once its `stop_saved` is set (written by that CPU alone). */
static struct regs stop_regs[MAX_CPUS];
static u64 stop_cr3[MAX_CPUS];
static bool stop_saved[MAX_CPUS];
static void (*nmi_call[MAX_CPUS])(void); /* taken atomically by its CPU */

__noreturn void ap_main(u64 cpu);

unsigned smp_cpus_online(void) { return cpus_online; }

unsigned smp_cpus_running(void) { return aps_run_tasks ? cpus_online : 1; }

const struct smp_cpu_state *smp_cpu_state(unsigned cpu)
{
	return cpu >= 1 && cpu < cpus_online ? &ap_state[cpu] : NULL;
}

static void record_state(struct smp_cpu_state *st)
{
	st->cr0 = read_cr0();
	st->cr4 = read_cr4();
	st->efer = rdmsr(MSR_EFER);
	st->star = rdmsr(MSR_STAR);
	st->lstar = rdmsr(MSR_LSTAR);
	st->fmask = rdmsr(MSR_FMASK);
	st->gs_base = rdmsr(MSR_GS_BASE);
	__asm__ volatile("mov %%rsp, %0\n\tstr %1" : "=r"(st->rsp), "=r"(st->tr));
}

/* Busy-waits on the TSC, which lapic_timer_init() has calibrated. */
static void delay_us(u64 us)
{
	u64 end = rdtsc() + tsc_khz() * us / 1000;
	while (rdtsc() < end)
		cpu_relax();
}

/* Interrupts off, halted for good; only an NMI wakes such a CPU, and the
 * loop halts it again. */
static __noreturn void park(void)
{
	for (;;) {
		irq_disable();
		cpu_halt();
	}
}

/* The AP's first C function, on its own kernel stack, with the trampoline's
 * GDT and page tables and no IDT: nothing may fault before idt_load(). */
__noreturn void ap_main(u64 cpu)
{
	struct ap_stacks *s = &ap_stacks[cpu];

	gdt_init_cpu((unsigned)cpu, s->ist, s->kernel);
	idt_load();
	write_cr3(kernel_cr3); /* the trampoline's identity map is gone */
	cpu_init_secondary();
	percpu_init((unsigned)cpu);
	this_cpu()->kernel_stack_top = s->kernel;
	syscall_init_cpu();
	lapic_init_ap();
	this_cpu()->apic_id = lapic_id();
	record_state(&ap_state[cpu]);
	__atomic_store_n(&this_cpu()->online, 1, __ATOMIC_RELEASE);
	if (aps_run_tasks && ap_work)
		ap_work();
	park();
}

/*
 * The trampoline's page and the page tables it enters long mode with:
 * PML4[0] -> PDPT -> PD[0], one 2 MiB page mapping the first 2 MiB onto
 * itself (only for the instant the AP turns paging on); PML4 entries
 * 256-511 are the kernel's own, so the jump to ap_main lands in the kernel.
 */
static bool prepare_trampoline(void)
{
	size_t len = (size_t)(ap_trampoline_end - ap_trampoline_start);

	if (len > AP_PARAMS_OFFSET) {
		pr_warn("smp: the trampoline (%zu bytes) does not fit; one CPU only\n", len);
		return false;
	}
	memcpy(phys_to_virt(AP_TRAMPOLINE_PHYS), ap_trampoline_start, len);

	u64 *pml4 = phys_to_virt(AP_PML4_PHYS), *pdpt = phys_to_virt(AP_PDPT_PHYS),
	    *pd = phys_to_virt(AP_PD_PHYS);
	const u64 *kernel_pml4 = phys_to_virt(kernel_cr3 & PTE_ADDR_MASK);
	memset(pml4, 0, PAGE_SIZE);
	memset(pdpt, 0, PAGE_SIZE);
	memset(pd, 0, PAGE_SIZE);
	for (unsigned i = PT_ENTRIES / 2; i < PT_ENTRIES; i++)
		pml4[i] = kernel_pml4[i];
	pml4[0] = AP_PDPT_PHYS | PTE_PRESENT | PTE_WRITE;
	pdpt[0] = AP_PD_PHYS | PTE_PRESENT | PTE_WRITE;
	pd[0] = 0 | PTE_PRESENT | PTE_WRITE | PTE_HUGE;
	return true;
}

static bool wait_online(unsigned cpu)
{
	u64 end = rdtsc() + tsc_khz() * AP_ONLINE_TIMEOUT_MS;

	while (!__atomic_load_n(&percpu_blocks[cpu].online, __ATOMIC_ACQUIRE)) {
		if (rdtsc() >= end)
			return false;
		cpu_relax();
	}
	return true;
}

/* Starts the CPU with APIC id apic_id as percpu block cpu; true when it
 * came online. */
static bool start_ap(unsigned cpu, u32 apic_id)
{
	struct ap_stacks *s = &ap_stacks[cpu];

	s->kernel = kstack_alloc();
	for (unsigned i = 0; i < IST_COUNT; i++)
		s->ist[i] = kstack_alloc();
	if (!s->kernel || !s->ist[0] || !s->ist[1] || !s->ist[2]) {
		pr_warn("smp: no memory for CPU %u's stacks (APIC id %u); not started\n", cpu,
			apic_id);
		if (s->kernel)
			kstack_free(s->kernel);
		for (unsigned i = 0; i < IST_COUNT; i++)
			if (s->ist[i])
				kstack_free(s->ist[i]);
		return false;
	}

	struct ap_boot_params *p = phys_to_virt(AP_TRAMPOLINE_PHYS + AP_PARAMS_OFFSET);
	p->cr3 = AP_PML4_PHYS;
	p->efer = (u32)(rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE));
	p->entry = (u64)ap_main;
	p->stack_top = s->kernel;
	p->cpu = cpu;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	lapic_send_ipi(apic_id, IPI_INIT);
	delay_us(INIT_DELAY_US);
	for (int i = 0; i < 2 && !__atomic_load_n(&percpu_blocks[cpu].online, __ATOMIC_ACQUIRE); i++) {
		lapic_send_ipi(apic_id, IPI_STARTUP | AP_SIPI_VECTOR);
		delay_us(SIPI_DELAY_US);
	}
	if (wait_online(cpu))
		return true;
	/* Back to wait-for-SIPI; its stacks stay allocated, in case it ran.
	 * Its block goes to the next AP. */
	lapic_send_ipi(apic_id, IPI_INIT);
	__atomic_store_n(&percpu_blocks[cpu].online, 0, __ATOMIC_RELEASE);
	pr_warn("smp: CPU %u (APIC id %u) did not answer within %u ms\n", cpu, apic_id,
		AP_ONLINE_TIMEOUT_MS);
	return false;
}

void smp_init(void (*run_tasks)(void))
{
	struct percpu *bsp = this_cpu();

	bsp->apic_id = lapic_id();
	bsp->online = 1;
	tlb_init();
	aps_run_tasks = !cmdline_list_has("smp", "park") && run_tasks;
	ap_work = run_tasks;
	/* A uniprocessor boot pays only for the table walk. */
	if (acpi_init() < 0)
		return;
	kernel_cr3 = read_cr3();
	if (acpi.ncpus <= 1 || !tsc_khz() || !prepare_trampoline()) {
		pr_info("smp: 1 CPU online (APIC id %u)\n", bsp->apic_id);
		return;
	}

	u64 t0 = rdtsc();
	unsigned next = 1;
	for (unsigned i = 0; i < acpi.ncpus; i++) {
		u32 apic_id = acpi.cpu_apic_id[i];
		if (apic_id == bsp->apic_id)
			continue;
		if (start_ap(next, apic_id))
			next++;
	}
	cpus_online = next;
	if (aps_run_tasks && cpus_online > 1)
		klock_switch_on(); /* the APs wait for sched_start, the lock unused yet */

	char ids[MAX_CPUS * 11 + 1];
	size_t used = 0;
	for (unsigned c = 0; c < cpus_online; c++)
		used += (size_t)ksnprintf(ids + used, sizeof(ids) - used, " %u",
					  percpu_blocks[c].apic_id);
	pr_info("smp: %u CPUs online (APIC ids%s), started in %llu us\n", cpus_online, ids,
		(unsigned long long)((rdtsc() - t0) * 1000 / tsc_khz()));
}

bool smp_nmi_handle(const struct regs *r)
{
	int cpu = percpu_id_safe();
	if (stop_requested) {
		if (cpu >= 0) {
			stop_regs[cpu] = *r;
			stop_cr3[cpu] = read_cr3();
			__atomic_store_n(&stop_saved[cpu], true, __ATOMIC_RELEASE);
		}
		__atomic_fetch_add(&stopped, 1, __ATOMIC_SEQ_CST);
		park();
	}
	void (*fn)(void) = cpu >= 0 ? __atomic_exchange_n(&nmi_call[cpu], NULL, __ATOMIC_ACQ_REL) : NULL;
	if (!fn)
		return false;
	fn();
	return true;
}

const struct regs *smp_stopped_regs(unsigned cpu, u64 *cr3)
{
	if (cpu >= cpus_online || !__atomic_load_n(&stop_saved[cpu], __ATOMIC_ACQUIRE))
		return NULL;
	*cr3 = stop_cr3[cpu];
	return &stop_regs[cpu];
}

bool smp_nmi_call(unsigned cpu, void (*fn)(void))
{
	if (cpu == 0 || cpu >= cpus_online)
		return false;
	__atomic_store_n(&nmi_call[cpu], fn, __ATOMIC_RELEASE);
	return lapic_send_ipi(percpu_blocks[cpu].apic_id, IPI_NMI);
}

unsigned smp_stop_others(void)
{
	if (cpus_online <= 1)
		return 0;
	stop_requested = true;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	lapic_send_ipi(0, IPI_NMI | IPI_ALL_BUT_SELF);
	u64 end = tsc_khz() ? rdtsc() + tsc_khz() * STOP_TIMEOUT_MS : 0;
	while (__atomic_load_n(&stopped, __ATOMIC_SEQ_CST) < cpus_online - 1 && rdtsc() < end)
		cpu_relax();
	return __atomic_load_n(&stopped, __ATOMIC_SEQ_CST);
}
