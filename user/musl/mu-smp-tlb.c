/*
 * mu-smp-tlb - TLB shootdown seen from user space: a second thread, on
 * another CPU when there is one, has a page's translation cached while
 * the first thread changes the mapping, then uses the page again. Each
 * change must reach the other CPU's TLB before the call that made it
 * returns:
 *  - munmap, then a new page mapped at the same address: the other
 *    thread reads the new page's bytes, not the freed frame's;
 *  - mprotect to read-only: the other thread's write faults (SIGSEGV);
 *  - fork, which makes the parent's pages copy-on-write: the other
 *    thread's write after the fork goes to a copy, and the child still
 *    reads the bytes of the moment it was made.
 * Each case runs ROUNDS times. With one CPU the threads take turns and a
 * context switch flushes the TLB anyway, so the checks hold trivially;
 * with several, a missing shootdown leaves the stale translation in use.
 * Expected: every check ok (the same lines on Linux, at any CPU count).
 */
#define _GNU_SOURCE
#include "mu-check.h"
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdlib.h>
#include <sys/mman.h>

#define ROUNDS 100
#define PAGE 4096

static char *page;            /* the page whose mapping changes */
static int phase;             /* the two threads' turn (atomic) */
static volatile int bad_unmap, bad_protect, bad_cow, faults; /* changed around faults */
static sigjmp_buf on_fault;

/* Waits until phase is want: spins a while, then yields, so that with one
 * CPU the other thread gets to run. */
static void await(int want)
{
	for (unsigned i = 0; __atomic_load_n(&phase, __ATOMIC_ACQUIRE) != want; i++)
		if (i % 1000 == 999)
			sched_yield();
}

static void set_phase(int p) { __atomic_store_n(&phase, p, __ATOMIC_RELEASE); }

static int several; /* the process may run on CPUs 0 and 1 */

static void pin(int cpu)
{
	cpu_set_t set;
	if (!several)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(on_fault, 1);
}

static char *map_page(char fill)
{
	char *p = mmap(page, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | (page ? MAP_FIXED : 0), -1, 0);
	if (p != MAP_FAILED)
		memset(p, fill, PAGE);
	return p;
}

/* The other thread: for each round of each case, use the page (its
 * translation now cached here), say so, wait for the change, use it
 * again. */
static void *other(void *arg)
{
	(void)arg;
	pin(1);
	for (int r = 0; r < ROUNDS; r++) { /* munmap + a new page */
		await(1);
		char before = *(volatile char *)page;
		set_phase(2);
		await(3);
		if (before != 'A' || *(volatile char *)page != 'B')
			bad_unmap++;
		set_phase(4);
	}
	for (int r = 0; r < ROUNDS; r++) { /* mprotect read-only */
		await(5);
		*(volatile char *)page = 'w'; /* writable, cached as such */
		set_phase(6);
		await(7);
		if (sigsetjmp(on_fault, 1) == 0) {
			*(volatile char *)page = 'x';
			bad_protect++; /* the write went through */
		} else {
			faults++;
		}
		set_phase(8);
	}
	for (int r = 0; r < ROUNDS; r++) { /* fork's copy-on-write */
		await(9);
		*(volatile char *)page = 'w';
		set_phase(10);
		await(11);
		*(volatile char *)page = 'R'; /* after the fork: a copy */
		set_phase(12);
	}
	return NULL;
}

int main(void)
{
	check_start();
	struct sigaction sa = { .sa_handler = on_segv };
	check("SIGSEGV handler", sigaction(SIGSEGV, &sa, NULL) == 0);
	page = map_page('A');
	check("a page mapped", page != MAP_FAILED);
	cpu_set_t set;
	several = sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_ISSET(0, &set) &&
		  CPU_ISSET(1, &set);
	pin(0);
	pthread_t t;
	check("second thread", pthread_create(&t, NULL, other, NULL) == 0);

	int ok = 1;
	for (int r = 0; r < ROUNDS; r++) {
		ok &= map_page('A') == page;
		set_phase(1);
		await(2);
		ok &= munmap(page, PAGE) == 0 && map_page('B') == page;
		set_phase(3);
		await(4);
	}
	check("munmap, then a new page at the address: calls", ok);
	check_eq("  the other thread read the freed page's bytes", bad_unmap, 0);

	ok = 1;
	for (int r = 0; r < ROUNDS; r++) {
		ok &= mprotect(page, PAGE, PROT_READ | PROT_WRITE) == 0;
		set_phase(5);
		await(6);
		ok &= mprotect(page, PAGE, PROT_READ) == 0;
		set_phase(7);
		await(8);
	}
	check("mprotect read-only: calls", ok);
	check_eq("  the other thread's writes that went through", bad_protect, 0);
	check_eq("  the other thread's writes that faulted", faults, ROUNDS);
	check("page writable again", mprotect(page, PAGE, PROT_READ | PROT_WRITE) == 0);

	ok = 1;
	for (int r = 0; r < ROUNDS; r++) {
		memset(page, 'A', PAGE);
		set_phase(9);
		await(10);
		int go[2];
		ok &= pipe(go) == 0;
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			char c;
			close(go[1]);
			/* The parent's thread has written after the fork. */
			_exit(read(go[0], &c, 1) == 1 && page[0] == 'w' ? 0 : 1);
		}
		set_phase(11);
		await(12);
		ok &= page[0] == 'R';
		close(go[0]);
		ok &= write(go[1], "x", 1) == 1;
		close(go[1]);
		int status = 0;
		ok &= waitpid(pid, &status, 0) == pid;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			bad_cow++;
	}
	check("fork while the other thread writes: calls, and its write seen here", ok);
	check_eq("  children that saw the other thread's later write", bad_cow, 0);

	check("second thread joined", pthread_join(t, NULL) == 0);
	return check_exit();
}
