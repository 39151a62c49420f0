/*
 * sched.c - round-robin scheduling (sched.h) over one run queue shared by
 * every CPU, with each CPU's quantum counted down at its own timer tick,
 * and the context switch's C side: what changes with the running task
 * besides its registers (the address space, the kernel stack the CPU
 * enters on, the user FS/GS bases, the x87/SSE registers, the depth at
 * which it holds the kernel lock).
 * Invariants: everything here runs under the kernel lock (klock.h), so
 * a task in the run queue is never running: the CPU that put it there
 * still holds the lock until its switch_context has saved it. Each CPU
 * has its own idle task, never queued; quantum and need_resched are per
 * CPU. sched_lock still guards the queue, nested in the kernel lock.
 * Locking: the run queue under the kernel lock and sched_lock (rank 4);
 * quantum_left, need_resched and cpu_time have a slot per CPU, each
 * written by its own CPU under the kernel lock; idle_cpus is changed
 * atomically, each CPU its own bit; `started` is written once by the boot
 * CPU and read by the APs before they take the lock. Per-CPU: idle_tasks.
 */
#include "proc/sched.h"
#include "arch/x86_64/klock.h"
#include "proc/spinlock.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/switch.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/tlb.h"
#include "arch/x86_64/smp.h"
#include "mm/mmap.h"
#include "mm/kstack.h"
#include "time/tick.h"
#include "time/clock.h"
#include "panic.h"

static struct spinlock sched_lock = SPINLOCK_INIT(LOCK_ORDER_SCHED, "sched_lock");
static struct task *run_head, *run_tail;
static struct task idle_tasks[MAX_CPUS]; /* each CPU's boot context, once tasks run */
static u32 quantum_left[MAX_CPUS];
static bool need_resched[MAX_CPUS];
static u64 idle_cpus; /* CPUs halted in their idle loop (bit n: CPU n) */
static volatile bool started; /* the boot CPU is in sched_start: APs may join */
static struct sched_cpu_time cpu_time[MAX_CPUS]; /* each CPU's, at its ticks and switches */

static unsigned this_cpu_id(void) { return (unsigned)this_cpu()->cpu_id; }

static bool is_idle(const struct task *t) { return t >= &idle_tasks[0] && t < &idle_tasks[MAX_CPUS]; }

static bool allowed_on(const struct task *t, unsigned cpu)
{
	return !t->cpus_allowed || (t->cpus_allowed & (1ULL << cpu));
}

static bool queued(const struct task *t) { return t->run_next || run_tail == t; }

/* Wakes one halted CPU that may run t, if t cannot run here soon. */
static void kick_idle_cpu(const struct task *t)
{
	u64 idle = __atomic_load_n(&idle_cpus, __ATOMIC_ACQUIRE) & ~(1ULL << this_cpu_id());
	for (; idle; idle &= idle - 1) { /* each halted CPU, lowest first */
		unsigned c = (unsigned)__builtin_ctzll(idle);
		if (allowed_on(t, c)) {
			lapic_send_ipi(percpu_blocks[c].apic_id, IPI_FIXED | VEC_IPI_RESCHED);
			return;
		}
	}
}

void sched_enqueue(struct task *t)
{
	u64 flags = spin_lock_irqsave(&sched_lock);
	t->state = TASK_RUNNABLE;
	bool added = false;
	if (!is_idle(t) && !queued(t)) {
		t->run_next = NULL;
		if (run_tail)
			run_tail->run_next = t;
		else
			run_head = t;
		run_tail = t;
		added = true;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	if (added)
		kick_idle_cpu(t);
}

void sched_kick(const struct task *t)
{
	unsigned c = t->cpu;
	if (c != this_cpu_id() && c < MAX_CPUS && t->state == TASK_RUNNABLE &&
	    __atomic_load_n(&percpu_blocks[c].current, __ATOMIC_RELAXED) == t)
		lapic_send_ipi(percpu_blocks[c].apic_id, IPI_FIXED | VEC_IPI_RESCHED);
}

/* The first queued task allowed on cpu, taken off the queue. */
static struct task *dequeue(unsigned cpu)
{
	struct task *prev = NULL;
	for (struct task *t = run_head; t; prev = t, t = t->run_next) {
		if (!allowed_on(t, cpu))
			continue;
		if (prev)
			prev->run_next = t->run_next;
		else
			run_head = t->run_next;
		if (run_tail == t)
			run_tail = prev;
		t->run_next = NULL;
		return t;
	}
	return NULL;
}

static bool runnable_for(unsigned cpu)
{
	for (struct task *t = run_head; t; t = t->run_next)
		if (allowed_on(t, cpu))
			return true;
	return false;
}

static void switch_to(struct task *prev, struct task *next)
{
	struct percpu *cpu = this_cpu();

	if (prev->mm) {
		__asm__ volatile("fxsave64 %0" : "=m"(prev->fpu));
		prev->gs_base = rdmsr(MSR_KERNEL_GS_BASE);
	}
	cpu->current = next;
	next->cpu = (unsigned)cpu->cpu_id;
	if (next->mm) {
		cpu->kernel_stack_top = next->kstack_top;
		tss_set_rsp0(next->kstack_top);
		mm_activate(next->mm);
		wrmsr(MSR_FS_BASE, next->fs_base);
		wrmsr(MSR_KERNEL_GS_BASE, next->gs_base);
		__asm__ volatile("fxrstor64 %0" ::"m"(next->fpu));
	} else {
		vm_space_activate(vm_kernel_space());
	}
	quantum_left[cpu->cpu_id] = SCHED_QUANTUM;
	cpu_time[cpu->cpu_id].switches++;
	BUG_ON(!is_idle(next) && (next->state != TASK_RUNNABLE || (u64)next->ksp >= next->kstack_top ||
				  (u64)next->ksp < next->kstack_top - KSTACK_PAGES * PAGE_SIZE));

	/* The kernel lock stays held across the switch; the depth is the
	 * task's own (a new task leaves through klock_exit_to_user). */
	unsigned depth = klock_depth();
	switch_context(&prev->ksp, next->ksp);
	klock_set_depth(depth); /* possibly on another CPU than before */
}

void schedule(void)
{
	spin_assert_none_held(); /* the lock checker: no sleeping under a spinlock */
	struct percpu *cpu = this_cpu();
	struct task *prev = cpu->current;
	unsigned me = (unsigned)cpu->cpu_id;
	u64 flags = spin_lock_irqsave(&sched_lock);

	need_resched[me] = false;
	struct task *next = dequeue(me);
	if (!next) {
		if (prev->state == TASK_RUNNABLE && !is_idle(prev) && allowed_on(prev, me)) {
			/* Nothing else to run: keep going, with a new quantum,
			 * so the next tick can switch again. */
			quantum_left[me] = SCHED_QUANTUM;
			spin_unlock_irqrestore(&sched_lock, flags);
			return;
		}
		next = cpu->idle;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	if (prev->state == TASK_RUNNABLE && !is_idle(prev))
		sched_enqueue(prev);
	if (next != prev) {
		switch_to(prev, next);
		task_release_dead(); /* a thread that ended in switching here */
	}
}

/* A tick subscriber: runs in the timer interrupt of each CPU, under the
 * kernel lock, after the boot CPU's tick has woken its sleepers. */
static void sched_tick(void)
{
	unsigned me = this_cpu_id();
	struct task *t = this_cpu()->current;
	if (!t || is_idle(t))
		cpu_time[me].idle++;
	else if (tick_interrupted_user())
		cpu_time[me].user++;
	else
		cpu_time[me].system++;
	if (!t || is_idle(t)) {
		need_resched[me] = runnable_for(me);
		return;
	}
	if (quantum_left[me])
		quantum_left[me]--;
	if (quantum_left[me] == 0 && runnable_for(me))
		need_resched[me] = true;
	if (!allowed_on(t, me)) /* its affinity changed: schedule() moves it */
		need_resched[me] = true;
}

void sched_init(void) { tick_subscribe(TICK_SCHEDULER, sched_tick); }

bool sched_need_resched(void) { return need_resched[this_cpu_id()]; }

void sched_cpu_time_of(unsigned cpu, struct sched_cpu_time *out)
{
	u64 flags = spin_lock_irqsave(&sched_lock);
	*out = cpu < MAX_CPUS ? cpu_time[cpu] : (struct sched_cpu_time){ 0 };
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_cpu_time(struct sched_cpu_time *out)
{
	*out = (struct sched_cpu_time){ 0 };
	for (unsigned c = 0; c < MAX_CPUS; c++) {
		struct sched_cpu_time one;
		sched_cpu_time_of(c, &one);
		out->user += one.user;
		out->system += one.system;
		out->idle += one.idle;
		out->switches += one.switches;
	}
}

/* The idle loop: with the kernel lock held on entry, runs whatever is
 * runnable here, and otherwise halts with the lock dropped. STI's one
 * instruction shadow makes "sti; hlt" atomic: a reschedule IPI sent after
 * the lock was dropped wakes the HLT instead of being taken before it. */
static __noreturn void idle_loop(void)
{
	unsigned me = this_cpu_id();
	for (;;) {
		irq_disable();
		if (runnable_for(me)) {
			schedule();
			continue;
		}
		__atomic_fetch_or(&idle_cpus, 1ULL << me, __ATOMIC_SEQ_CST);
		klock_release();
		__asm__ volatile("sti; hlt; cli" ::: "memory");
		klock_enter();
		__atomic_fetch_and(&idle_cpus, ~(1ULL << me), __ATOMIC_SEQ_CST);
	}
}

static void become_idle_task(unsigned me)
{
	struct task *idle = &idle_tasks[me];
	idle->state = TASK_RUNNABLE;
	idle->pid = 0;
	idle->cpu = me;
	this_cpu()->idle = idle;
	this_cpu()->current = idle;
	if (percpu_set_tsc_aux() && me == 0)
		clock_vvar_set_getcpu_rdtscp();
}

__noreturn void sched_start(struct task *first)
{
	irq_disable();
	klock_acquire();
	become_idle_task(0);
	sched_enqueue(first);
	__atomic_store_n(&started, true, __ATOMIC_SEQ_CST);
	if (smp_cpus_running() > 1) /* wakes the APs halted in sched_ap_start */
		lapic_send_ipi(0, IPI_FIXED | IPI_ALL_BUT_SELF | VEC_IPI_RESCHED);
	schedule();
	idle_loop();
}

__noreturn void sched_ap_start(void)
{
	unsigned me = this_cpu_id();
	/* Halted until sched_start's IPI: "sti; hlt" takes it even when it
	 * came between the look at `started` and the HLT. */
	irq_disable();
	while (!__atomic_load_n(&started, __ATOMIC_SEQ_CST))
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	klock_acquire();
	become_idle_task(me);
	tlb_cpu_join();
	lapic_timer_start_ap();
	idle_loop();
}
