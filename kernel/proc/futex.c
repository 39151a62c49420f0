/*
 * futex.c - futex(2)'s waiters and wake-ups, and the robust-list walk
 * (futex.h, docs/futex.md).
 *
 * The kernel keeps nothing for a futex word but the tasks sleeping on it:
 * each sleeper has a futex_waiter on its own kernel stack, listed in the
 * waiters' table under the word's key, in the bucket the key hashes to,
 * oldest first (Linux wakes equal-priority waiters in that order). A key
 * names the word the way every task that may meet on it sees it:
 *  - a private futex (FUTEX_PRIVATE_FLAG): the memory map and the address;
 *  - a shared futex in a MAP_SHARED area: the frame and the offset in it,
 *    the same in every process mapping the page;
 *  - a shared futex in a private area: the memory map and the address
 *    again, but a kind of its own, so that it never meets a private one
 *    on the same word (Linux's FUT_OFF_MMSHARED).
 * Invariants: the table changes only under futex_lock; a waiter is in the
 * table exactly while `queued` is set, and whoever takes it out (a waker,
 * or the sleeper giving up) clears it under the lock; the sleeper leaves
 * futex_wait() only once it is out, so no listed waiter outlives its
 * stack frame. A woken waiter returns 0, whatever else happened since.
 * Locking: the table under futex_lock (rank 2, proc/spinlock.h), always taken
 * inside the kernel lock (arch/x86_64/klock.h); nothing touches it without
 * the kernel lock, so futex_lock is never contended.
 */
#include "proc/futex.h"
#include "proc/task.h"
#include "proc/wait.h"
#include "proc/signal.h"
#include "proc/spinlock.h"
#include "mm/mmap.h"
#include "mm/uaccess.h"
#include "mm/page.h"
#include "mm/pageref.h"
#include "time/clock.h"
#include "uapi/futex.h"
#include "uapi/time.h"
#include "errno.h"

enum futex_kind {
	FUTEX_KEY_PRIVATE, /* (mm, address) */
	FUTEX_KEY_MM,      /* (mm, address), a shared futex in a private area */
	FUTEX_KEY_PAGE,    /* (frame, offset), a shared futex in a shared area */
};

struct futex_key {
	enum futex_kind kind;
	u64 base; /* the mm, or the frame's physical address */
	u64 off;  /* the address, or the offset in the frame */
};

struct futex_waiter {
	struct futex_key key;
	u32 bitset;
	bool queued;
	struct wait_queue wq; /* its sleeper alone sleeps here */
	struct futex_waiter *next;
};

#define FUTEX_BUCKETS 64

static struct spinlock futex_lock = SPINLOCK_INIT(LOCK_ORDER_FUTEX, "futex_lock");
static struct futex_waiter *buckets[FUTEX_BUCKETS];

static bool key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->kind == b->kind && a->base == b->base && a->off == b->off;
}

static struct futex_waiter **bucket_of(const struct futex_key *k)
{
	u64 h = (k->base ^ (k->off * 31) ^ (u64)k->kind) * 0x9e3779b97f4a7c15ULL;
	return &buckets[h >> 58]; /* the top 6 bits: FUTEX_BUCKETS */
}

/* Appends w to its key's bucket (under futex_lock). */
static void enqueue(struct futex_waiter *w)
{
	struct futex_waiter **link = bucket_of(&w->key);
	while (*link)
		link = &(*link)->next;
	w->next = NULL;
	*link = w;
	w->queued = true;
}

/* Takes w out of its bucket (under futex_lock). */
static void dequeue(struct futex_waiter *w)
{
	for (struct futex_waiter **link = bucket_of(&w->key); *link; link = &(*link)->next) {
		if (*link == w) {
			*link = w->next;
			break;
		}
	}
	w->next = NULL;
	w->queued = false;
}

/* Out of the table and onto the CPU again (under futex_lock). */
static void wake_waiter(struct futex_waiter *w)
{
	dequeue(w);
	wake_up(&w->wq);
}

static int futex_key_get(struct mm *mm, u64 uaddr, bool shared, bool write, struct futex_key *key)
{
	if (uaddr % sizeof(u32))
		return -EINVAL;
	if (!access_ok(uaddr, sizeof(u32)))
		return -EFAULT;
	if (!shared) {
		*key = (struct futex_key){ FUTEX_KEY_PRIVATE, (u64)mm, uaddr };
		return 0;
	}
	/* As Linux's get_futex_key: the page made writable if it can be (a
	 * copy-on-write page gets its own frame first), else read-only. */
	u64 pa;
	bool ro = false;
	if (mm_reach_page(mm, uaddr, MM_ACCESS_WRITE, &pa)) {
		if (write || mm_reach_page(mm, uaddr, 0, &pa))
			return -EFAULT;
		ro = true;
	}
	struct vma *v = vma_find(mm, uaddr);
	if (v && (v->flags & VMA_SHARED)) {
		*key = (struct futex_key){ FUTEX_KEY_PAGE, pa, uaddr & (PAGE_SIZE - 1) };
		return 0;
	}
	if (ro) {
		/* A read-only private page: a file's page is keyed by its
		 * frame (the page cache's); anonymous memory means nothing
		 * to a futex that can never change (Linux: -EFAULT). */
		if (!v || !v->file || pa == zero_page())
			return -EFAULT;
		*key = (struct futex_key){ FUTEX_KEY_PAGE, pa, uaddr & (PAGE_SIZE - 1) };
		return 0;
	}
	*key = (struct futex_key){ FUTEX_KEY_MM, (u64)mm, uaddr };
	return 0;
}

/* The 32-bit word at uaddr in mm, through the direct map once its page is
 * there for the access: NULL for -EFAULT. */
static u32 *word_of(struct mm *mm, u64 uaddr, bool write)
{
	u64 pa;
	if (!access_ok(uaddr, sizeof(u32)) || mm_reach_page(mm, uaddr, write ? MM_ACCESS_WRITE : 0, &pa))
		return NULL;
	return (u32 *)((u8 *)phys_to_virt(pa) + (uaddr & (PAGE_SIZE - 1)));
}

/* Wakes at most n waiters on key whose bitset meets bitset; Linux wakes
 * one even when n is 0 or negative. How many woke. */
static int wake_key(const struct futex_key *key, int n, u32 bitset)
{
	int woken = 0;
	u64 flags = spin_lock_irqsave(&futex_lock);
	struct futex_waiter *w = *bucket_of(key), *next;
	for (; w; w = next) {
		next = w->next;
		if (!key_eq(&w->key, key) || !(w->bitset & bitset))
			continue;
		wake_waiter(w);
		if (++woken >= n)
			break;
	}
	spin_unlock_irqrestore(&futex_lock, flags);
	return woken;
}

int futex_wake(struct mm *mm, u64 uaddr, int n)
{
	struct futex_key key;
	if (!mm || futex_key_get(mm, uaddr, true, false, &key))
		return 0;
	return wake_key(&key, n, FUTEX_BITSET_MATCH_ANY);
}

long futex_do_wake(u64 uaddr, bool shared, int n, u32 bitset)
{
	struct futex_key key;
	if (!bitset)
		return -EINVAL;
	int err = futex_key_get(current_task()->mm, uaddr, shared, false, &key);
	if (err)
		return err;
	return wake_key(&key, n, bitset);
}

/* Now on the deadline's clock, in ns. */
static s64 clock_now(int clock)
{
	struct timespec t = clock == CLOCK_REALTIME ? clock_realtime() : clock_monotonic();
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The same instant on CLOCK_MONOTONIC, as wait_sleep_until() wants it. */
static u64 monotonic_deadline(const struct futex_deadline *dl)
{
	if (dl->clock != CLOCK_REALTIME)
		return dl->ns < 0 ? 0 : (u64)dl->ns;
	s64 left = dl->ns - clock_now(CLOCK_REALTIME); /* both non-negative: no overflow */
	s64 mono = clock_now(CLOCK_MONOTONIC);
	if (left <= 0)
		return (u64)mono;
	return left > INT64_MAX - mono ? (u64)INT64_MAX : (u64)(mono + left);
}

long futex_do_wait(u64 uaddr, bool shared, u32 val, u32 bitset, const struct futex_deadline *dl)
{
	struct mm *mm = current_task()->mm;
	struct futex_waiter w = { .bitset = bitset };
	u32 cur;

	if (!bitset)
		return -EINVAL;
	int err = futex_key_get(mm, uaddr, shared, false, &w.key);
	if (err)
		return err;
	/* The value is compared and the waiter listed with nothing in
	 * between that could let a waker run: the kernel is not preempted,
	 * and a fault on this copy does not sleep. */
	if (get_user_bytes(&cur, (const void *)uaddr, sizeof(cur)))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	u64 flags = spin_lock_irqsave(&futex_lock);
	enqueue(&w);
	spin_unlock_irqrestore(&futex_lock, flags);

	long ret;
	for (;;) {
		if (!w.queued) {
			ret = 0;
			break;
		}
		if (dl && clock_now(dl->clock) >= dl->ns) {
			ret = -ETIMEDOUT;
			break;
		}
		if (signal_pending()) {
			ret = -ERESTARTSYS;
			break;
		}
		if (dl)
			wait_sleep_until(&w.wq, monotonic_deadline(dl));
		else
			wait_sleep(&w.wq);
	}
	flags = spin_lock_irqsave(&futex_lock);
	if (w.queued) {
		dequeue(&w);
	} else {
		ret = 0; /* woken: that counts, even at the deadline */
	}
	spin_unlock_irqrestore(&futex_lock, flags);
	return ret;
}

long futex_do_requeue(u64 uaddr1, u64 uaddr2, bool shared, int nr_wake, int nr_requeue,
		      const u32 *cmpval)
{
	struct mm *mm = current_task()->mm;
	struct futex_key key1, key2;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	int err = futex_key_get(mm, uaddr1, shared, false, &key1);
	if (err)
		return err;
	err = futex_key_get(mm, uaddr2, shared, false, &key2);
	if (err)
		return err;
	if (cmpval) {
		u32 cur;
		if (get_user_bytes(&cur, (const void *)uaddr1, sizeof(cur)))
			return -EFAULT;
		if (cur != *cmpval)
			return -EAGAIN;
	}

	/* The first nr_wake waiters on uaddr1 wake, the next nr_requeue
	 * move to uaddr2's key (Linux's futex_requeue); the result counts
	 * both. */
	int count = 0;
	u64 flags = spin_lock_irqsave(&futex_lock);
	struct futex_waiter **b2 = bucket_of(&key2);
	struct futex_waiter *w = *bucket_of(&key1), *next;
	for (; w; w = next) {
		next = w->next;
		if (count - nr_wake >= nr_requeue)
			break;
		if (!key_eq(&w->key, &key1))
			continue;
		if (++count <= nr_wake) {
			wake_waiter(w);
		} else if (b2 == bucket_of(&key1)) {
			w->key = key2; /* the same bucket: it keeps its place */
		} else {
			dequeue(w);
			w->key = key2;
			enqueue(w);
		}
	}
	spin_unlock_irqrestore(&futex_lock, flags);
	return count;
}

/* FUTEX_WAKE_OP's operation on *word, atomically: the old value, or
 * -ENOSYS for an unknown operation (nothing changes then). */
static int atomic_op(u32 *word, unsigned op, u32 oparg, u32 *old)
{
	switch (op) {
	case FUTEX_OP_SET:
		*old = __atomic_exchange_n(word, oparg, __ATOMIC_SEQ_CST);
		return 0;
	case FUTEX_OP_ADD:
		*old = __atomic_fetch_add(word, oparg, __ATOMIC_SEQ_CST);
		return 0;
	case FUTEX_OP_OR:
		*old = __atomic_fetch_or(word, oparg, __ATOMIC_SEQ_CST);
		return 0;
	case FUTEX_OP_ANDN:
		*old = __atomic_fetch_and(word, ~oparg, __ATOMIC_SEQ_CST);
		return 0;
	case FUTEX_OP_XOR:
		*old = __atomic_fetch_xor(word, oparg, __ATOMIC_SEQ_CST);
		return 0;
	}
	return -ENOSYS;
}

/* A 12-bit field of val3, sign-extended. */
static s32 sign12(u32 v) { return (s32)(v << 20) >> 20; }

long futex_do_wake_op(u64 uaddr1, u64 uaddr2, bool shared, int nr_wake, int nr_wake2, u32 encoded)
{
	struct mm *mm = current_task()->mm;
	struct futex_key key1, key2;
	unsigned op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	s32 oparg = sign12(encoded >> 12), cmparg = sign12(encoded);

	int err = futex_key_get(mm, uaddr1, shared, false, &key1);
	if (err)
		return err;
	err = futex_key_get(mm, uaddr2, shared, true, &key2);
	if (err)
		return err;
	if (encoded & (FUTEX_OP_OPARG_SHIFT << 28))
		oparg = 1 << (oparg & 31); /* Linux masks a shift beyond 31 */

	u32 *word = word_of(mm, uaddr2, true);
	if (!word)
		return -EFAULT;
	u32 oldval;
	if ((err = atomic_op(word, op, (u32)oparg, &oldval)))
		return err;
	s32 old = (s32)oldval;
	bool second;
	switch (cmp) {
	case FUTEX_OP_CMP_EQ: second = old == cmparg; break;
	case FUTEX_OP_CMP_NE: second = old != cmparg; break;
	case FUTEX_OP_CMP_LT: second = old < cmparg; break;
	case FUTEX_OP_CMP_LE: second = old <= cmparg; break;
	case FUTEX_OP_CMP_GT: second = old > cmparg; break;
	case FUTEX_OP_CMP_GE: second = old >= cmparg; break;
	default: return -ENOSYS; /* after the operation, as Linux */
	}
	int woken = wake_key(&key1, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (second)
		woken += wake_key(&key2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	return woken;
}

/* Reads a word of the dying task's memory; false on a fault. */
static bool read_user(struct mm *mm, u64 addr, void *buf, u64 len)
{
	return mm_access(mm, addr, buf, len, 0) == len;
}

/* One lock of the robust list (Linux's handle_futex_death): marked
 * FUTEX_OWNER_DIED if the dying task tid holds it, one waiter woken;
 * a pending unlock that got as far as clearing the owner still wakes
 * one. False when the word cannot be reached: the walk ends. */
static bool robust_death(struct mm *mm, u64 uaddr, int tid, bool pi, bool pending)
{
	if (uaddr % sizeof(u32))
		return false;
	for (;;) {
		u32 *word = word_of(mm, uaddr, false), uval;
		if (!word)
			return false;
		uval = __atomic_load_n(word, __ATOMIC_SEQ_CST);
		u32 owner = uval & FUTEX_TID_MASK;
		if (pending && !pi && !owner) {
			futex_wake(mm, uaddr, 1);
			return true;
		}
		if (owner != (u32)tid)
			return true;
		if (!(word = word_of(mm, uaddr, true)))
			return false;
		u32 mval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (!__atomic_compare_exchange_n(word, &uval, mval, false, __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST))
			continue; /* it changed meanwhile: look again */
		if (!pi && (uval & FUTEX_WAITERS))
			futex_wake(mm, uaddr, 1);
		return true;
	}
}

/* A link of the list: the entry it points at, and its PI bit. */
static bool fetch_entry(struct mm *mm, u64 addr, u64 *entry, bool *pi)
{
	u64 v;
	if (!read_user(mm, addr, &v, sizeof(v)))
		return false;
	*entry = v & ~1ULL;
	*pi = v & 1;
	return true;
}

void futex_exit_robust(struct task *t)
{
	u64 head = t->robust_list;
	struct mm *mm = t->mm;
	u64 entry, pending, next = 0;
	bool pi, pending_pi, next_pi = false;
	s64 offset;

	t->robust_list = 0;
	t->robust_len = 0;
	if (!head || !mm)
		return;
	if (!fetch_entry(mm, head + offsetof(struct robust_list_head, list), &entry, &pi) ||
	    !read_user(mm, head + offsetof(struct robust_list_head, futex_offset), &offset,
		       sizeof(offset)) ||
	    !fetch_entry(mm, head + offsetof(struct robust_list_head, list_op_pending), &pending,
			 &pending_pi))
		return;
	/* Bounded: a circular or endless list ends the walk. */
	for (int limit = ROBUST_LIST_LIMIT; entry != head && limit > 0; limit--) {
		bool got_next = fetch_entry(mm, entry, &next, &next_pi);
		/* The pending lock may be on the list already: once only. */
		if (entry != pending && !robust_death(mm, entry + (u64)offset, t->pid, pi, false))
			return;
		if (!got_next)
			return;
		entry = next;
		pi = next_pi;
	}
	if (pending)
		robust_death(mm, pending + (u64)offset, t->pid, pending_pi, true);
}
