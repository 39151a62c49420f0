/*
 * mu-futex-robust - robust futexes without threads: set_robust_list and
 * get_robust_list (a head of the wrong size is -EINVAL; another process's
 * head can be read; no such process is -ESRCH; unwritable results are
 * -EFAULT), and what the kernel does with the list of a process that
 * dies holding locks in MAP_SHARED memory: each lock word whose owner
 * bits are the dead process's tid gets FUTEX_OWNER_DIED (its tid bits
 * cleared, FUTEX_WAITERS kept) and, when it had waiters, one of them is
 * woken; a lock another task owns is left alone; the lock named by
 * list_op_pending is handled too, and with no owner yet it still wakes
 * one waiter. A list that loops forever, or points at nothing, ends the
 * walk without harm. execve walks the old image's list too, and the new
 * program starts with none. Expected: the reference Linux's results.
 */
#include "mu-futex.h"

/* A lock in shared memory: its list link, then its word. */
struct lock {
	struct robust_list link;
	unsigned word;
};

#define OFFSET ((long)__builtin_offsetof(struct lock, word))

static long set_list(void *head, size_t len) { return syscall(SYS_set_robust_list, head, len); }

static long get_list(int pid, void *head, void *len)
{
	return syscall(SYS_get_robust_list, pid, head, len);
}

static void calls(void)
{
	static struct robust_list_head head;
	void *got = (void *)1;
	size_t len = 0;

	check_errno("set_robust_list, len 23", set_list(&head, 23), EINVAL);
	check_errno("set_robust_list, len 25", set_list(&head, 25), EINVAL);
	check_eq("get_robust_list(0) before any", get_list(0, &got, &len), 0);
	check("... head NULL, len 24", got == NULL && len == 24);
	check_eq("set_robust_list", set_list(&head, sizeof(head)), 0);
	check_eq("get_robust_list(0)", get_list(0, &got, &len), 0);
	check("... our head", got == &head);
	check_eq("get_robust_list(own pid)", get_list(getpid(), &got, &len), 0);
	check("... our head", got == &head);
	check_eq("set_robust_list, unreadable head is kept", set_list((void *)8, sizeof(head)), 0);
	check_eq("get_robust_list(0)", get_list(0, &got, &len), 0);
	check("... that head", got == (void *)8);
	check_errno("get_robust_list, no such pid", get_list(99999, &got, &len), ESRCH);
	check_errno("get_robust_list, pid -1", get_list(-1, &got, &len), ESRCH);
	check_errno("get_robust_list, unwritable head", get_list(0, (void *)8, &len), EFAULT);
	check_errno("get_robust_list, unwritable len", get_list(0, &got, (void *)8), EFAULT);
	set_list(&head, sizeof(head));

	/* A child's head, read from outside: the same address after fork. */
	volatile unsigned *page = shared_page();
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		static struct robust_list_head child_head;
		set_list(&child_head, sizeof(child_head));
		page[0] = (unsigned)(uintptr_t)&child_head;
		page[1] = 1;
		while (page[1] != 2)
			sleep_ms(10);
		_exit(0);
	}
	while (page[1] != 1)
		sleep_ms(10);
	check_eq("get_robust_list(child)", get_list(c, &got, &len), 0);
	check("... the child's head", (unsigned)(uintptr_t)got == page[0] && len == 24);
	page[1] = 2;
	waitpid(c, NULL, 0);
}

struct shared {
	struct robust_list_head head;
	struct lock held, held_waited, other, pending, unowned;
	volatile unsigned ready, go, tid;
};

static struct shared *s;

/* The holder: takes its locks, registers the list, then dies at go. */
static pid_t holder(void (*build)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		s->tid = (unsigned)getpid();
		build();
		set_list(&s->head, sizeof(s->head));
		__atomic_store_n(&s->ready, 1, __ATOMIC_SEQ_CST);
		struct timespec ts = { 10, 0 };
		while (!s->go)
			fx((void *)&s->go, FUTEX_WAIT, 0, &ts, NULL, 0);
		_exit(0); /* dies holding them: the kernel walks the list */
	}
	while (!__atomic_load_n(&s->ready, __ATOMIC_SEQ_CST))
		sleep_ms(10);
	return pid;
}

static void release(pid_t pid)
{
	s->go = 1;
	fx((void *)&s->go, FUTEX_WAKE, 1, NULL, NULL, 0);
	waitpid(pid, NULL, 0);
}

static void build_list(void)
{
	unsigned me = s->tid;
	s->head.futex_offset = OFFSET;
	s->held.word = me;
	s->held_waited.word = me | FUTEX_WAITERS;
	s->other.word = 12345;
	s->pending.word = 0; /* a lock being taken, no owner yet */
	s->head.list.next = &s->held.link;
	s->held.link.next = &s->held_waited.link;
	s->held_waited.link.next = &s->other.link;
	s->other.link.next = &s->head.list;
	s->head.list_op_pending = &s->pending.link;
}

static void death(void)
{
	s = (struct shared *)shared_page();
	memset((void *)s, 0, sizeof(*s));
	pid_t h = holder(build_list);
	unsigned tid = s->tid;
	volatile unsigned *r = &((volatile unsigned *)s)[1000]; /* the page's far end */
	*r = 0;
	pid_t w1 = waiter(&s->held_waited.word, tid | FUTEX_WAITERS, FUTEX_WAIT, 0, r);
	pid_t w2 = waiter(&s->pending.word, 0, FUTEX_WAIT, 0, r);
	pid_t w3 = waiter(&s->other.word, 12345, FUTEX_WAIT, 0, r);
	until_ready(r, 3);
	release(h);
	check_eq("held lock", s->held.word, FUTEX_OWNER_DIED);
	check_eq("held lock with waiters", s->held_waited.word, FUTEX_OWNER_DIED | FUTEX_WAITERS);
	check_eq("another owner's lock", s->other.word, 12345);
	check_eq("pending lock without owner", s->pending.word, 0);
	printf("waiter on the lock with waiters: %s\n", waiter_end(w1));
	printf("waiter on the pending lock: %s\n", waiter_end(w2));
	fx((void *)&s->other.word, FUTEX_WAKE, 1, NULL, NULL, 0);
	printf("waiter on another owner's lock: %s\n", waiter_end(w3));
	check_errno("get_robust_list(dead child)", get_list(h, &(void *){ 0 }, &(size_t){ 0 }), ESRCH);
}

static void build_loop(void)
{
	s->head.futex_offset = OFFSET;
	s->held.word = s->tid;
	s->head.list.next = &s->held.link;
	s->held.link.next = &s->held.link; /* never back to the head */
	s->head.list_op_pending = NULL;
}

static void build_pending_held(void)
{
	s->head.futex_offset = OFFSET;
	s->held.word = s->tid;
	s->pending.word = s->tid;
	s->head.list.next = &s->held.link;
	s->held.link.next = &s->head.list;
	s->head.list_op_pending = &s->pending.link;
}

static void build_bad(void)
{
	s->head.futex_offset = OFFSET;
	s->held.word = s->tid;
	s->other.word = s->tid;
	s->head.list.next = &s->held.link;
	s->held.link.next = (struct robust_list *)8; /* nothing there */
	s->head.list_op_pending = &s->other.link;
}

static void build_misaligned(void)
{
	s->head.futex_offset = OFFSET + 1;
	s->held.word = s->tid;
	s->other.word = s->tid;
	s->head.list.next = &s->other.link;
	s->other.link.next = &s->head.list;
	s->head.list_op_pending = NULL;
}

static void odd_lists(void)
{
	s = (struct shared *)shared_page();
	memset((void *)s, 0, sizeof(*s));
	pid_t h = holder(build_loop);
	release(h);
	check_eq("looping list: its lock", s->held.word, FUTEX_OWNER_DIED);

	memset((void *)s, 0, sizeof(*s));
	h = holder(build_pending_held);
	release(h);
	check_eq("pending lock held: listed lock", s->held.word, FUTEX_OWNER_DIED);
	check_eq("pending lock held: pending lock", s->pending.word, FUTEX_OWNER_DIED);

	memset((void *)s, 0, sizeof(*s));
	h = holder(build_bad);
	release(h);
	check_eq("list into nothing: the lock before", s->held.word, FUTEX_OWNER_DIED);
	check("list into nothing: the pending lock is left", s->other.word == s->tid);

	memset((void *)s, 0, sizeof(*s));
	h = holder(build_misaligned);
	release(h);
	check("misaligned word: left alone", s->other.word == s->tid && s->held.word == s->tid);
}

/* execve ends the old image's hold on its locks: the list is walked
 * (Linux's exec_mm_release) and forgotten. */
static void exec(void)
{
	s = (struct shared *)shared_page();
	memset((void *)s, 0, sizeof(*s));
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		s->tid = (unsigned)getpid();
		build_pending_held();
		set_list(&s->head, sizeof(s->head));
		execl("/bin/mu-futex-robust", "mu-futex-robust", "after-exec", (char *)NULL);
		_exit(99);
	}
	int status;
	waitpid(c, &status, 0);
	check_eq("execve: the new program's exit status", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	check_eq("execve: listed lock", s->held.word, FUTEX_OWNER_DIED);
	check_eq("execve: pending lock", s->pending.word, FUTEX_OWNER_DIED);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "after-exec") == 0) {
		void *got = (void *)1;
		size_t len = 0;
		check_eq("after execve: get_robust_list(0)", get_list(0, &got, &len), 0);
		check("after execve: no head", got == NULL);
		return check_exit();
	}
	check_start();
	section("calls", calls, 20);
	section("death", death, 30);
	section("odd_lists", odd_lists, 30);
	section("exec", exec, 30);
	return check_exit();
}
