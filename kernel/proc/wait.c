/*
 * wait.c - wait queues (wait.h): a list of sleeping tasks. Sleeping takes
 * the task off the CPU until wake_up() (or a signal, through wake_task())
 * makes it runnable again. Also tick_queue, which the timer tick wakes.
 * Invariant: every queue's list is changed only under wait_lock.
 */
#include "proc/wait.h"
#include "proc/task.h"
#include "proc/sched.h"
#include "proc/spinlock.h"
#include "arch/x86_64/percpu.h"
#include "time/tick.h"

static struct spinlock wait_lock;
struct wait_queue tick_queue;

static void unlink_sleeper(struct task *t)
{
	struct wait_queue *wq = t->waiting_on;
	if (!wq)
		return;
	for (struct task **link = &wq->sleepers; *link; link = &(*link)->wait_next) {
		if (*link == t) {
			*link = t->wait_next;
			break;
		}
	}
	t->wait_next = NULL;
	t->waiting_on = NULL;
}

void wait_sleep(struct wait_queue *wq)
{
	struct task *t = current_task();
	u64 flags = spin_lock_irqsave(&wait_lock);
	t->wait_next = wq->sleepers;
	wq->sleepers = t;
	t->waiting_on = wq;
	t->state = TASK_SLEEPING;
	spin_unlock_irqrestore(&wait_lock, flags);
	schedule();
	flags = spin_lock_irqsave(&wait_lock);
	unlink_sleeper(t); /* if woken by a signal, still listed */
	spin_unlock_irqrestore(&wait_lock, flags);
}

void wake_up(struct wait_queue *wq)
{
	u64 flags = spin_lock_irqsave(&wait_lock);
	struct task *t = wq->sleepers;
	wq->sleepers = NULL;
	while (t) {
		struct task *next = t->wait_next;
		t->wait_next = NULL;
		t->waiting_on = NULL;
		if (t->state == TASK_SLEEPING)
			sched_enqueue(t);
		t = next;
	}
	spin_unlock_irqrestore(&wait_lock, flags);
}

void wake_task(struct task *t)
{
	u64 flags = spin_lock_irqsave(&wait_lock);
	unlink_sleeper(t);
	if (t->state == TASK_SLEEPING)
		sched_enqueue(t);
	spin_unlock_irqrestore(&wait_lock, flags);
}

static void wake_tick_sleepers(void) { wake_up(&tick_queue); }

void wait_init(void) { tick_subscribe(TICK_SLEEPERS, wake_tick_sleepers); }
