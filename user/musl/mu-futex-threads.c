/*
 * mu-futex-threads - futexes between threads of one process and robust
 * mutexes across processes, through musl's pthreads. Threads meet on a
 * private futex, and on a shared one in private memory (same memory map);
 * a private wait is not woken by a shared wake on the same word, nor the
 * other way round; pthread_join returns once the kernel clears the
 * thread's tid (CLONE_CHILD_CLEARTID's wake); a mutex counter over four
 * threads balances; a condition variable hands items from a producer to
 * consumers. A process-shared robust mutex held by a process that dies
 * (exits, or is killed while the parent waits, or is held by a second
 * thread of a process killed as a whole) is given to the next locker
 * with EOWNERDEAD: the kernel's robust-list walk. A page unmapped under a
 * sleeping waiter does not wake it. Expected: the reference Linux's
 * results.
 */
#include <pthread.h>

#include "mu-futex.h"

#define P FUTEX_PRIVATE_FLAG

static unsigned word;
static volatile int started;

static void *wake_after(void *arg)
{
	int op = (int)(long)arg;
	started = 1;
	sleep_ms(300);
	word = 1;
	return (void *)fx(&word, op, INT_MAX, NULL, NULL, 0);
}

/* The main thread waits on word with wait_op; a thread wakes with
 * wake_op after 300 ms. The wait's result and the wake's count. */
static void pair(const char *what, int wait_op, int wake_op, int want_errno, long want_woken)
{
	pthread_t t;
	struct timespec ts = { 1, 500000000 };
	char line[128];
	void *woken;

	word = 0;
	started = 0;
	pthread_create(&t, NULL, wake_after, (void *)(long)wake_op);
	long r = fx(&word, wait_op, 0, &ts, NULL, 0);
	snprintf(line, sizeof(line), "%s: the wait", what);
	if (want_errno)
		check_errno(line, r, want_errno);
	else
		check_eq(line, r, 0);
	pthread_join(t, &woken);
	snprintf(line, sizeof(line), "%s: woken by the wake", what);
	check_eq(line, (long)woken, want_woken);
}

static void keys(void)
{
	pair("private, private", FUTEX_WAIT | P, FUTEX_WAKE | P, 0, 1);
	pair("shared, shared (private memory)", FUTEX_WAIT, FUTEX_WAKE, 0, 1);
	pair("private wait, shared wake", FUTEX_WAIT | P, FUTEX_WAKE, ETIMEDOUT, 0);
	pair("shared wait, private wake", FUTEX_WAIT, FUTEX_WAKE | P, ETIMEDOUT, 0);
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static pthread_cond_t more = PTHREAD_COND_INITIALIZER;
static int items, taken, done;

static void *consume(void *arg)
{
	(void)arg;
	long mine = 0;
	pthread_mutex_lock(&lock);
	for (;;) {
		while (!items && !done)
			pthread_cond_wait(&more, &lock);
		if (!items)
			break;
		items--;
		taken++;
		mine++;
	}
	pthread_mutex_unlock(&lock);
	return (void *)mine;
}

static void locks(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, count, NULL);
	for (int i = 0; i < 4; i++)
		check_eq("join a counter", pthread_join(t[i], NULL), 0);
	check_eq("counter", counter, 80000);

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, consume, NULL);
	for (int i = 0; i < 300; i++) {
		pthread_mutex_lock(&lock);
		items++;
		pthread_cond_signal(&more);
		pthread_mutex_unlock(&lock);
		if (i % 50 == 0)
			sleep_ms(5);
	}
	pthread_mutex_lock(&lock);
	done = 1;
	pthread_cond_broadcast(&more);
	pthread_mutex_unlock(&lock);
	long sum = 0;
	for (int i = 0; i < 3; i++) {
		void *got;
		pthread_join(t[i], &got);
		sum += (long)got;
	}
	check_eq("items taken", taken, 300);
	check_eq("items the consumers counted", sum, 300);
}

/* A process-shared robust mutex in MAP_SHARED memory. */
static pthread_mutex_t *shared_robust(void)
{
	pthread_mutex_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(m, &a);
	return m;
}

static void owner_died(const char *what, pthread_mutex_t *m)
{
	char line[128];
	snprintf(line, sizeof(line), "%s: lock", what);
	int r = pthread_mutex_lock(m);
	printf("%s: %s\n", line, r == EOWNERDEAD ? "EOWNERDEAD" : r == 0 ? "0" : errno_name(r));
	if (r != EOWNERDEAD)
		failures++;
	snprintf(line, sizeof(line), "%s: consistent", what);
	check_eq(line, pthread_mutex_consistent(m), 0);
	snprintf(line, sizeof(line), "%s: unlock", what);
	check_eq(line, pthread_mutex_unlock(m), 0);
	snprintf(line, sizeof(line), "%s: lock again", what);
	check_eq(line, pthread_mutex_lock(m), 0);
	pthread_mutex_unlock(m);
}

static pthread_mutex_t *robust;
static volatile unsigned *flag;

static void *hold(void *arg)
{
	(void)arg;
	pthread_mutex_lock(robust);
	*flag = 1;
	for (;;)
		pause();
	return NULL;
}

static void robust_death(void)
{
	flag = shared_page();

	/* The owner exits without unlocking. */
	robust = shared_robust();
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		pthread_mutex_lock(robust);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	owner_died("owner exited", robust);

	/* The owner is killed while we wait for the lock. */
	robust = shared_robust();
	*flag = 0;
	fflush(stdout);
	c = fork();
	if (c == 0) {
		pthread_mutex_lock(robust);
		*flag = 1;
		sleep_ms(400);
		raise(SIGKILL);
	}
	while (!*flag)
		sleep_ms(10);
	owner_died("owner killed while we wait", robust);
	waitpid(c, NULL, 0);

	/* A second thread of a process holds it; the process is killed. */
	robust = shared_robust();
	*flag = 0;
	fflush(stdout);
	c = fork();
	if (c == 0) {
		pthread_t t;
		pthread_create(&t, NULL, hold, NULL);
		for (;;)
			pause();
	}
	while (!*flag)
		sleep_ms(10);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	owner_died("a thread's lock, its process killed", robust);
}

static void *unmap_after(void *page)
{
	sleep_ms(200);
	return (void *)(long)munmap(page, 4096);
}

/* Another thread unmaps the page a wait sleeps on: nothing wakes it, it
 * ends at its deadline; a wake on the address that is gone finds no page
 * (a shared one) or nobody (a private one). */
static void unmapped_under(const char *what, int flags, int shared_map)
{
	char line[128];
	pthread_t t;
	void *ret;
	unsigned *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   (shared_map ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS, -1, 0);
	struct timespec ts = { 0, 700000000 };
	*w = 0;
	pthread_create(&t, NULL, unmap_after, w);
	snprintf(line, sizeof(line), "%s: the wait", what);
	check_errno(line, fx(w, FUTEX_WAIT | flags, 0, &ts, NULL, 0), ETIMEDOUT);
	pthread_join(t, &ret);
	snprintf(line, sizeof(line), "%s: munmap", what);
	check_eq(line, (long)ret, 0);
	snprintf(line, sizeof(line), "%s: wake after", what);
	long r = fx(w, FUTEX_WAKE | flags, 1, NULL, NULL, 0);
	if (flags)
		check_eq(line, r, 0);
	else
		check_errno(line, r, EFAULT);
}

static void unmapped(void)
{
	unmapped_under("private futex, private page", P, 0);
	unmapped_under("shared futex, private page", 0, 0);
	unmapped_under("shared futex, MAP_SHARED page", 0, 1);
}

int main(void)
{
	check_start();
	section("keys", keys, 30);
	section("locks", locks, 60);
	section("robust_death", robust_death, 30);
	section("unmapped", unmapped, 30);
	return check_exit();
}
