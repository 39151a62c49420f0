/*
 * sched.c - round-robin scheduling (sched.h), with the quantum counted
 * down at every timer tick, and the context switch's C side: what changes
 * with the running task besides its registers (the address space, the
 * kernel stack the CPU enters on, the user FS/GS bases, the x87/SSE
 * registers).
 */
#include "proc/sched.h"
#include "proc/spinlock.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/switch.h"
#include "arch/x86_64/io.h"
#include "mm/mmap.h"
#include "mm/kstack.h"
#include "time/tick.h"
#include "panic.h"

static struct spinlock sched_lock;
static struct task *run_head, *run_tail;
static struct task idle_task; /* the boot context, once tasks run */
static u32 quantum_left;
static bool need_resched;
static struct sched_cpu_time cpu_time; /* updated at every tick and switch */

static bool queued(const struct task *t) { return t->run_next || run_tail == t; }

void sched_enqueue(struct task *t)
{
	u64 flags = spin_lock_irqsave(&sched_lock);
	t->state = TASK_RUNNABLE;
	if (t != &idle_task && !queued(t)) {
		t->run_next = NULL;
		if (run_tail)
			run_tail->run_next = t;
		else
			run_head = t;
		run_tail = t;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

static struct task *dequeue(void)
{
	struct task *t = run_head;
	if (t) {
		run_head = t->run_next;
		if (!run_head)
			run_tail = NULL;
		t->run_next = NULL;
	}
	return t;
}

static void switch_to(struct task *prev, struct task *next)
{
	struct percpu *cpu = this_cpu();

	if (prev->mm) {
		__asm__ volatile("fxsave64 %0" : "=m"(prev->fpu));
		prev->gs_base = rdmsr(MSR_KERNEL_GS_BASE);
	}
	cpu->current = next;
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
	quantum_left = SCHED_QUANTUM;
	cpu_time.switches++;
	BUG_ON(next != &idle_task && (next->state != TASK_RUNNABLE || (u64)next->ksp >= next->kstack_top ||
				      (u64)next->ksp < next->kstack_top - KSTACK_PAGES * PAGE_SIZE));

	switch_context(&prev->ksp, next->ksp);
}

void schedule(void)
{
	struct task *prev = this_cpu()->current;
	u64 flags = spin_lock_irqsave(&sched_lock);

	need_resched = false;
	struct task *next = dequeue();
	if (!next) {
		if (prev->state == TASK_RUNNABLE && prev != &idle_task) {
			/* Nothing else to run: keep going, with a new quantum,
			 * so the next tick can switch again. */
			quantum_left = SCHED_QUANTUM;
			spin_unlock_irqrestore(&sched_lock, flags);
			return;
		}
		next = &idle_task;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	if (prev->state == TASK_RUNNABLE && prev != &idle_task)
		sched_enqueue(prev);
	if (next != prev) {
		switch_to(prev, next);
		task_release_dead(); /* a thread that ended in switching here */
	}
}

/* A tick subscriber: runs in the timer interrupt, after the tick's
 * sleepers were woken. */
static void sched_tick(void)
{
	struct task *t = this_cpu()->current;
	if (!t || t == &idle_task)
		cpu_time.idle++;
	else if (tick_interrupted_user())
		cpu_time.user++;
	else
		cpu_time.system++;
	if (!t || t == &idle_task) {
		need_resched = run_head != NULL;
		return;
	}
	if (quantum_left)
		quantum_left--;
	if (quantum_left == 0 && run_head)
		need_resched = true;
}

void sched_init(void) { tick_subscribe(TICK_SCHEDULER, sched_tick); }

bool sched_need_resched(void) { return need_resched; }

void sched_cpu_time(struct sched_cpu_time *out)
{
	u64 flags = spin_lock_irqsave(&sched_lock);
	*out = cpu_time;
	spin_unlock_irqrestore(&sched_lock, flags);
}

__noreturn void sched_start(struct task *first)
{
	idle_task.state = TASK_RUNNABLE;
	idle_task.pid = 0;
	this_cpu()->current = &idle_task;
	sched_enqueue(first);
	schedule();
	/* The idle loop: runs whenever no task is runnable. */
	for (;;) {
		irq_enable();
		cpu_halt();
		irq_disable();
		if (run_head)
			schedule();
	}
}
