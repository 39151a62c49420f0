/*
 * wait.c - wait queues (wait.h): a list of sleeping tasks. Sleeping takes
 * the task off the CPU until wake_up() (or a signal, through wake_task())
 * makes it runnable again. Also tick_queue, which the timer tick wakes,
 * and the timed sleepers (wait_sleep_until), which the tick wakes only
 * once their deadline has come.
 * Invariants: every queue's list, and the timed sleepers' list, is
 * changed only under wait_lock; the timed sleepers are kept in order of
 * deadline, each entry living on its sleeper's stack while it sleeps.
 * Locking: wait_lock (rank 3, proc/spinlock.h) is always taken inside the
 * kernel lock (arch/x86_64/klock.h), by system calls and by the tick that
 * wakes sleepers; nothing touches the lists without the kernel lock, so
 * code holding it may read them without wait_lock (wake_up's look at an
 * empty queue).
 */
#include "proc/wait.h"
#include "proc/task.h"
#include "proc/sched.h"
#include "proc/spinlock.h"
#include "arch/x86_64/percpu.h"
#include "time/tick.h"
#include "time/clock.h"

static struct spinlock wait_lock = SPINLOCK_INIT(LOCK_ORDER_WAIT, "wait_lock");
struct wait_queue tick_queue;

/* A task in wait_sleep_until(), linked by deadline, earliest first. */
struct timed_sleeper {
	struct task *task;
	u64 deadline_ns;
	struct timed_sleeper *next;
	bool listed;
};
static struct timed_sleeper *timed_sleepers;

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
	if (!t->waiting_on) /* taken off by wake_up (see wake_up) */
		return;
	flags = spin_lock_irqsave(&wait_lock);
	unlink_sleeper(t); /* if woken by a signal, still listed */
	spin_unlock_irqrestore(&wait_lock, flags);
}

void wake_up(struct wait_queue *wq)
{
	/* An empty queue needs no lock: sleepers queue themselves and
	 * wakers look under the kernel lock, so none can be joining now. */
	if (!wq->sleepers)
		return;
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

static void unlink_timed(struct timed_sleeper *me)
{
	for (struct timed_sleeper **link = &timed_sleepers; *link; link = &(*link)->next) {
		if (*link == me) {
			*link = me->next;
			break;
		}
	}
	me->listed = false;
}

void wait_sleep_until(struct wait_queue *wq, u64 deadline_ns)
{
	struct timed_sleeper me = { current_task(), deadline_ns, NULL, true };
	u64 flags = spin_lock_irqsave(&wait_lock);
	struct timed_sleeper **link = &timed_sleepers;
	while (*link && (*link)->deadline_ns <= deadline_ns)
		link = &(*link)->next;
	me.next = *link;
	*link = &me;
	spin_unlock_irqrestore(&wait_lock, flags);
	wait_sleep(wq);
	flags = spin_lock_irqsave(&wait_lock);
	if (me.listed) /* woken before its deadline */
		unlink_timed(&me);
	spin_unlock_irqrestore(&wait_lock, flags);
}

/* At each tick: the timed sleepers whose deadline has come, and only
 * those, are woken (the list's head is the earliest). */
static void wake_expired_sleepers(void)
{
	if (!timed_sleepers)
		return;
	struct timespec t = clock_monotonic();
	u64 now = (u64)t.tv_sec * 1000000000ULL + (u64)t.tv_nsec;
	for (;;) {
		u64 flags = spin_lock_irqsave(&wait_lock);
		struct timed_sleeper *s = timed_sleepers;
		if (!s || s->deadline_ns > now) {
			spin_unlock_irqrestore(&wait_lock, flags);
			return;
		}
		unlink_timed(s);
		struct task *t = s->task;
		spin_unlock_irqrestore(&wait_lock, flags);
		wake_task(t);
	}
}

static void wake_tick_sleepers(void)
{
	wake_up(&tick_queue);
	wake_expired_sleepers();
}

void wait_init(void) { tick_subscribe(TICK_SLEEPERS, wake_tick_sleepers); }
