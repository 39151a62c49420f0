/*
 * mu-futex-pages - futexes and madvise give back every page: MADV_DONTNEED
 * frees the pages it drops (the free count, from sysinfo(2), which MinOS
 * answers from its page allocator, comes back to within a page of where
 * it was), and rounds of shared waits and wakes across fork, requeues,
 * threads that wait and are joined, and processes that die holding robust
 * locks leave the count exactly where it was after a warm-up round. Linux
 * keeps pages in caches and per-CPU lists, so it is not compared: the
 * expectation is the invariant itself (status 0, tests/user.tests).
 */
#include <pthread.h>
#include <sys/sysinfo.h>

#include "mu-futex.h"

#define PG 4096

static long free_pages(void)
{
	struct sysinfo si;
	if (sysinfo(&si))
		return -1;
	return (long)(si.freeram * si.mem_unit / PG);
}

static unsigned private_word;

static void *thread_wait(void *arg)
{
	(void)arg;
	struct timespec ts = { 5, 0 };
	return (void *)fx(&private_word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &ts, NULL, 0);
}

/* One round: waiters across fork woken and requeued, a thread woken and
 * joined, a child dying with a robust lock held. */
static int one_round(void)
{
	volatile unsigned *page = shared_page();
	int ok = page != NULL;
	pid_t w[3];
	page[2] = 0;
	for (int i = 0; i < 3; i++)
		w[i] = waiter(&page[0], 0, FUTEX_WAIT, 0, &page[2]);
	until_ready(&page[2], 3);
	ok &= fx((void *)&page[0], FUTEX_CMP_REQUEUE, 1, COUNT(2), (void *)&page[1], 0) == 3;
	ok &= fx((void *)&page[1], FUTEX_WAKE, INT_MAX, NULL, NULL, 0) == 2;
	for (int i = 0; i < 3; i++)
		ok &= strcmp(waiter_end(w[i]), "woken") == 0;

	pthread_t t;
	void *ret;
	private_word = 0;
	pthread_create(&t, NULL, thread_wait, NULL);
	sleep_ms(100);
	fx(&private_word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
	ok &= pthread_join(t, &ret) == 0 && ret == NULL;

	/* A robust lock at page[8], its list head at page[16]. */
	pid_t c = fork();
	if (c == 0) {
		unsigned long *head = (unsigned long *)&page[16];
		unsigned long *entry = (unsigned long *)&page[6];
		page[8] = (unsigned)getpid();
		head[0] = (unsigned long)entry;
		head[1] = (char *)&page[8] - (char *)entry; /* futex_offset */
		head[2] = 0;
		entry[0] = (unsigned long)head;
		syscall(SYS_set_robust_list, head, 24);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	ok &= page[8] == FUTEX_OWNER_DIED;
	munmap((void *)page, PG);
	return ok;
}

int main(void)
{
	check_start();
	char *p = mmap(NULL, 256 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long before = free_pages();
	memset(p, 1, 256 * PG);
	long touched = free_pages();
	madvise(p, 256 * PG, MADV_DONTNEED);
	long dropped = free_pages();
	check("touching 256 pages takes them", before - touched >= 256);
	check("MADV_DONTNEED gives them back", dropped >= before - 1);
	check("... and they read zeros", p[0] == 0 && p[255 * PG] == 0);
	munmap(p, 256 * PG);

	if (!one_round())
		check("warm-up round", 0);
	before = free_pages();
	int ok = 1;
	for (int i = 0; i < 10; i++)
		ok &= one_round();
	long after = free_pages();
	check("10 rounds of waits, wakes, requeues, threads and robust deaths", ok);
	check("free pages after = before", after == before);
	if (after != before)
		printf("  before %ld, after %ld\n", before, after);
	return check_exit();
}
