/*
 * wait.c - waiting (wait.h). With one task, sleeping means halting the CPU
 * with interrupts on until the next interrupt; the timer wakes it at least
 * every tick, and the condition is re-checked by wait_event().
 * Invariant: entered and left with interrupts off (the kernel's entry
 * paths run with them off).
 */
#include "proc/wait.h"
#include "arch/x86_64/io.h"

void wait_sleep(struct wait_queue *wq)
{
	wq->waiters++;
	irq_enable();
	cpu_halt();
	irq_disable();
	wq->waiters--;
}

void wake_up(struct wait_queue *wq) { (void)wq; }
