/*
 * lock.c - the advisory lock table (lock.h): one list of every lock held,
 * searched by inode. Few programs hold locks, and those few hold few
 * (SQLite holds two or three), so a list beats anything cleverer; closing
 * a descriptor costs one test of an empty list.
 *
 * A sleeper in F_SETLKW or a blocking flock() is listed in `waiters` with
 * the owner it waits for while it sleeps, so that a POSIX request can see
 * a cycle of owners each waiting for the next (-EDEADLK, as Linux finds
 * them: at most MAX_DEADLOCK_STEPS owners deep).
 * Locking: locks, waiters, nr_locks and lock_queue under the kernel lock
 * (arch/x86_64/klock.h); no interrupt handler takes a file lock. A sleeper
 * gives up the lock, so the lists may change while it sleeps.
 */
#include "fs/lock.h"
#include "fs/file.h"
#include "proc/task.h"
#include "proc/wait.h"
#include "mm/heap.h"
#include "errno.h"

enum lock_kind { KIND_POSIX, KIND_OFD, KIND_FLOCK };

struct file_lock {
	struct file_lock *next;
	struct inode *inode;
	const void *owner; /* the fdtable (POSIX) or the file (OFD, flock) */
	enum lock_kind kind;
	int type;          /* LOCK_READ or LOCK_WRITE */
	u64 start, end;    /* inclusive; flock: the whole file */
	int pid;           /* the process that set it, for F_GETLK */
};

/* A task asleep until the lock of `blocker` goes. */
struct lock_waiter {
	struct lock_waiter *next;
	const void *owner, *blocker;
};

#define MAX_DEADLOCK_STEPS 10 /* Linux's MAX_DEADLK_ITERATIONS */

static struct file_lock *locks;
static u64 nr_locks;
static struct lock_waiter *waiters;
static struct wait_queue lock_queue;

u64 lock_count(void) { return nr_locks; }

static bool ranged(enum lock_kind k) { return k != KIND_FLOCK; }

static bool conflicts(const struct file_lock *l, const struct inode *ino, const void *owner,
		      bool is_ranged, int type, u64 start, u64 end)
{
	return l->inode == ino && l->owner != owner && ranged(l->kind) == is_ranged &&
	       (l->type == LOCK_WRITE || type == LOCK_WRITE) && l->start <= end &&
	       start <= l->end;
}

/* The conflicting lock that starts first, or NULL. */
static struct file_lock *find_conflict(const struct inode *ino, const void *owner,
				       bool is_ranged, int type, u64 start, u64 end)
{
	struct file_lock *first = NULL;
	for (struct file_lock *l = locks; l; l = l->next)
		if (conflicts(l, ino, owner, is_ranged, type, start, end) &&
		    (!first || l->start < first->start))
			first = l;
	return first;
}

/* True when blocker, or an owner it waits for, and so on, is owner. */
static bool would_deadlock(const void *owner, const void *blocker)
{
	for (int step = 0; step < MAX_DEADLOCK_STEPS; step++) {
		if (blocker == owner)
			return true;
		const struct lock_waiter *w = waiters;
		while (w && w->owner != blocker)
			w = w->next;
		if (!w)
			return false;
		blocker = w->blocker;
	}
	return false;
}

static void unlink_waiter(struct lock_waiter *me)
{
	for (struct lock_waiter **p = &waiters; *p; p = &(*p)->next) {
		if (*p == me) {
			*p = me->next;
			return;
		}
	}
}

/* Waits until no other owner's lock conflicts with the request: 0, or
 * -EAGAIN (no wait), -EDEADLK (detect: a POSIX request), -ERESTARTSYS. */
static int wait_clear(const struct inode *ino, const void *owner, bool is_ranged, int type,
		      u64 start, u64 end, bool wait, bool detect)
{
	for (;;) {
		struct file_lock *l = find_conflict(ino, owner, is_ranged, type, start, end);
		if (!l)
			return 0;
		if (!wait)
			return -EAGAIN;
		if (detect && l->kind == KIND_POSIX && would_deadlock(owner, l->owner))
			return -EDEADLK;
		if (signal_pending())
			return -ERESTARTSYS;
		struct lock_waiter me = { waiters, owner, l->owner };
		waiters = &me;
		wait_sleep(&lock_queue);
		unlink_waiter(&me);
	}
}

/* Links l, allocated by the caller, as a new lock. */
static struct file_lock *lock_link(struct file_lock *l, struct inode *ino, const void *owner,
				   enum lock_kind kind, int type, u64 start, u64 end)
{
	struct task *t = current_task();
	*l = (struct file_lock){ locks, ino, owner, kind, type, start, end, t ? t->tgid : 0 };
	locks = l;
	nr_locks++;
	return l;
}

/* Unlinks and frees the lock *link points at; returns the next link. */
static struct file_lock **lock_drop(struct file_lock **link)
{
	struct file_lock *l = *link;
	*link = l->next;
	kfree(l);
	nr_locks--;
	return link;
}

/* Removes owner's hold on [start, end] of ino (its own kind of range
 * locks): whole locks go, the ends of partly covered ones stay. A lock
 * covering both sides splits in two, using *spare (which it clears). */
static void cut_range(struct inode *ino, const void *owner, u64 start, u64 end,
		      struct file_lock **spare)
{
	for (struct file_lock **link = &locks; *link;) {
		struct file_lock *l = *link;
		if (l->inode != ino || l->owner != owner || !ranged(l->kind) || l->end < start ||
		    l->start > end) {
			link = &l->next;
			continue;
		}
		if (l->start >= start && l->end <= end) {
			link = lock_drop(link);
			continue;
		}
		if (l->start < start && l->end > end) { /* the hole is inside */
			struct file_lock *right = *spare;
			*spare = NULL;
			*right = *l;
			right->start = end + 1;
			l->end = start - 1;
			right->next = l->next;
			l->next = right;
			nr_locks++;
			link = &right->next;
			continue;
		}
		if (l->start < start)
			l->end = start - 1;
		else
			l->start = end + 1;
		link = &l->next;
	}
}

/* Merges owner's locks of l's type that touch l into l. */
static void merge_neighbours(struct file_lock *l)
{
	for (struct file_lock **link = &locks; *link;) {
		struct file_lock *o = *link;
		if (o == l || o->inode != l->inode || o->owner != l->owner ||
		    !ranged(o->kind) || o->type != l->type ||
		    (o->end != LOCK_OFFSET_MAX && o->end + 1 < l->start) ||
		    (l->end != LOCK_OFFSET_MAX && l->end + 1 < o->start)) {
			link = &o->next;
			continue;
		}
		l->start = MIN(l->start, o->start);
		l->end = MAX(l->end, o->end);
		link = lock_drop(link);
	}
}

int lock_set(struct file *f, bool ofd, const struct lock_range *r, bool wait)
{
	struct task *t = current_task();
	const void *owner = ofd ? (const void *)f : (const void *)t->files;
	enum lock_kind kind = ofd ? KIND_OFD : KIND_POSIX;

	if (r->type != LOCK_NONE) {
		int err = wait_clear(f->inode, owner, true, r->type, r->start, r->end, wait, !ofd);
		if (err)
			return err;
	}
	/* Both allocations first: nothing changes unless all of it can. */
	struct file_lock *spare = kmalloc(sizeof(*spare));
	struct file_lock *l = r->type != LOCK_NONE ? kmalloc(sizeof(*l)) : NULL;
	if (!spare || (r->type != LOCK_NONE && !l)) {
		kfree(spare);
		kfree(l);
		return -ENOLCK;
	}
	cut_range(f->inode, owner, r->start, r->end, &spare);
	kfree(spare);
	if (l)
		merge_neighbours(lock_link(l, f->inode, owner, kind, r->type, r->start, r->end));
	wake_up(&lock_queue);
	return 0;
}

void lock_test(struct file *f, bool ofd, struct lock_range *r, int *pid)
{
	const void *owner = ofd ? (const void *)f : (const void *)current_task()->files;
	struct file_lock *l = find_conflict(f->inode, owner, true, r->type, r->start, r->end);
	if (!l) {
		r->type = LOCK_NONE;
		return;
	}
	r->type = l->type;
	r->start = l->start;
	r->end = l->end;
	*pid = l->kind == KIND_OFD ? -1 : l->pid;
}

/* Drops every lock of kind held by owner on ino (ino NULL: any inode). */
static void drop_owned(const struct inode *ino, const void *owner, enum lock_kind kind)
{
	bool dropped = false;
	for (struct file_lock **link = &locks; *link;) {
		struct file_lock *l = *link;
		if (l->owner == owner && l->kind == kind && (!ino || l->inode == ino)) {
			link = lock_drop(link);
			dropped = true;
		} else {
			link = &l->next;
		}
	}
	if (dropped)
		wake_up(&lock_queue);
}

int lock_flock(struct file *f, int type, bool wait)
{
	struct file_lock *held = NULL;
	for (struct file_lock *l = locks; l; l = l->next)
		if (l->owner == f && l->kind == KIND_FLOCK)
			held = l;
	if (held && held->type == type)
		return 0;
	/* A change of type lets the old lock go first, as Linux does: a
	 * waiter may get in between. */
	if (held)
		drop_owned(f->inode, f, KIND_FLOCK);
	if (type == LOCK_NONE)
		return 0;
	int err = wait_clear(f->inode, f, false, type, 0, LOCK_OFFSET_MAX, wait, false);
	if (err)
		return err == -EAGAIN ? -EWOULDBLOCK : err;
	struct file_lock *l = kmalloc(sizeof(*l));
	if (!l)
		return -ENOLCK;
	lock_link(l, f->inode, f, KIND_FLOCK, type, 0, LOCK_OFFSET_MAX);
	return 0;
}

void lock_close_posix(struct file *f, struct fdtable *t)
{
	if (locks && f->inode)
		drop_owned(f->inode, t, KIND_POSIX);
}

void lock_release_file(struct file *f)
{
	if (!locks)
		return;
	drop_owned(NULL, f, KIND_OFD);
	drop_owned(NULL, f, KIND_FLOCK);
}
