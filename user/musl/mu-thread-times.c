/*
 * mu-thread-times - what a process's threads share besides memory:
 * interval timers (set in one thread, read in another; ITIMER_REAL's
 * SIGALRM and ITIMER_VIRTUAL's SIGVTALRM go to the process, so the thread
 * that does not block them runs the handler), POSIX timers (one thread
 * creates, another sets and deletes; SIGEV_THREAD_ID signals one thread,
 * and only a thread of the caller's process), resource limits, and CPU
 * time: RUSAGE_SELF and CLOCK_PROCESS_CPUTIME_ID hold every thread's,
 * ended ones included, RUSAGE_THREAD and CLOCK_THREAD_CPUTIME_ID one
 * thread's, RUSAGE_CHILDREN and times(2)'s tms_c* the waited-for
 * children's and theirs, as wait4's struct rusage for the one child.
 * Only relations are printed, never times. Each
 * part runs in a child process of its own (section). Expected: the
 * reference Linux's results.
 */
#define _GNU_SOURCE
#include "mu-pthread.h"
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>


static int wait_for(atomic_int *v, int want)
{
	for (int i = 0; i < 5000 && *v < want; i++)
		sleep_ms(1);
	return *v >= want;
}

static long ns_of(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static long us_of(const struct rusage *ru)
{
	return (ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000000L + ru->ru_utime.tv_usec +
	       ru->ru_stime.tv_usec;
}

static long usage_us(int who)
{
	struct rusage ru;
	getrusage(who, &ru);
	return us_of(&ru);
}

/* Burns CPU until clock c has counted ms more milliseconds (5 s of real
 * time at most). */
static void burn(clockid_t c, long ms)
{
	long end = ns_of(c) + ms * 1000000L, deadline = now_ms() + 5000;
	volatile unsigned long x = 0;
	while (ns_of(c) < end && now_ms() < deadline)
		for (int i = 0; i < 10000; i++)
			x += (unsigned long)i;
}

/* ---- interval timers ------------------------------------------------- */

static long waiter_tid;

static void *itimer_thread(void *arg)
{
	(void)arg;
	struct itimerval v = { .it_value = { 5, 0 } };
	setitimer(ITIMER_REAL, &v, NULL);
	done = 1;
	wait_for(&step, 1);
	waiter_tid = gettid_raw();
	block(SIG_UNBLOCK, SIGALRM);
	done = 2;
	for (int i = 0; i < 500 && handled < 1; i++)
		sleep_ms(10);
	block(SIG_UNBLOCK, SIGVTALRM);
	done = 3;
	burn(CLOCK_THREAD_CPUTIME_ID, 300); /* the process's virtual timer counts this */
	return NULL;
}

static void itimers(void)
{
	pthread_t t;
	struct itimerval v;
	set_handler(SIGALRM);
	set_handler(SIGVTALRM);
	block(SIG_BLOCK, SIGALRM);
	block(SIG_BLOCK, SIGVTALRM);
	pthread_create(&t, NULL, itimer_thread, NULL);
	wait_for(&done, 1);
	getitimer(ITIMER_REAL, &v);
	check("ITIMER_REAL set in a thread, read in the main one",
	      v.it_value.tv_sec > 0 && v.it_value.tv_sec <= 5);
	struct itimerval off = { 0 };
	setitimer(ITIMER_REAL, &off, NULL);
	getitimer(ITIMER_REAL, &v);
	check("turned off in the main thread", v.it_value.tv_sec == 0 && v.it_value.tv_usec == 0);
	step = 1;
	wait_for(&done, 2);
	struct itimerval soon = { .it_value = { 0, 50000 } };
	setitimer(ITIMER_REAL, &soon, NULL);
	for (int i = 0; i < 500 && handled < 1; i++)
		sleep_ms(10);
	check("SIGALRM went to the thread that does not block it",
	      handled == 1 && handler_tid == waiter_tid);
	wait_for(&done, 3);
	struct itimerval virt = { .it_value = { 0, 50000 } };
	setitimer(ITIMER_VIRTUAL, &virt, NULL); /* the main thread sleeps: only the other runs */
	pthread_join(t, NULL);
	check("ITIMER_VIRTUAL counted the other thread's time; its SIGVTALRM ran there",
	      handled == 2 && handler_tid == waiter_tid);
}

/* ---- POSIX timers ---------------------------------------------------- */

static timer_t made;
static int made_ok;
static long target_tid;

static void *timer_thread(void *arg)
{
	(void)arg;
	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	made_ok = timer_create(CLOCK_MONOTONIC, &ev, &made) == 0;
	target_tid = gettid_raw();
	done = 1;
	for (int i = 0; i < 500 && handled < 1; i++)
		sleep_ms(10);
	return NULL;
}

static void posix_timers(void)
{
	pthread_t t;
	set_handler(SIGUSR1);
	pthread_create(&t, NULL, timer_thread, NULL);
	wait_for(&done, 1);
	check("timer_create in a thread", made_ok);
	struct itimerspec v = { .it_value = { 100, 0 } }, cur;
	check_eq("timer_settime in the main thread", timer_settime(made, 0, &v, NULL), 0);
	check("timer_gettime there too", timer_gettime(made, &cur) == 0 && cur.it_value.tv_sec > 0);
	check_eq("timer_delete in the main thread", timer_delete(made), 0);

	/* SIGEV_THREAD_ID: neither thread blocks SIGUSR1; the named one runs it. */
	struct sigevent ev;
	timer_t id;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_notify_thread_id = (pid_t)target_tid;
	check_eq("timer_create(SIGEV_THREAD_ID, another thread)", timer_create(CLOCK_MONOTONIC, &ev, &id), 0);
	struct itimerspec soon = { .it_value = { 0, 50000000 } };
	timer_settime(id, 0, &soon, NULL);
	pthread_join(t, NULL);
	check("its signal ran in that thread", handled == 1 && handler_tid == target_tid);
	timer_delete(id);

	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	ev.sigev_notify_thread_id = c;
	errno = 0;
	check_errno("SIGEV_THREAD_ID naming another process", timer_create(CLOCK_MONOTONIC, &ev, &id), EINVAL);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
}

/* ---- resource limits ------------------------------------------------- */

static void *limit_thread(void *arg)
{
	(void)arg;
	struct rlimit r = { 0, 0 };
	setrlimit(RLIMIT_CORE, &r);
	getrlimit(RLIMIT_NOFILE, &r);
	r.rlim_cur = 77;
	setrlimit(RLIMIT_NOFILE, &r);
	return NULL;
}

static void limits(void)
{
	pthread_t t;
	struct rlimit r = { 1000, 1000 };
	setrlimit(RLIMIT_CORE, &r);
	pthread_create(&t, NULL, limit_thread, NULL);
	pthread_join(t, NULL);
	getrlimit(RLIMIT_CORE, &r);
	check("RLIMIT_CORE set in a thread, seen by the main one", r.rlim_cur == 0 && r.rlim_max == 0);
	getrlimit(RLIMIT_NOFILE, &r);
	check_eq("RLIMIT_NOFILE's soft limit likewise", (long)r.rlim_cur, 77);
	int fd, highest = -1;
	while ((fd = dup(0)) >= 0)
		highest = fd;
	check_errno("... and it holds: dup beyond it", fd, EMFILE);
	check_eq("... the highest descriptor dup gave", highest, 76);
}

/* ---- CPU times ------------------------------------------------------- */

static long thread_clock_ns, thread_usage_us, proc_clock_in_thread;

static void *busy_thread(void *arg)
{
	(void)arg;
	burn(CLOCK_THREAD_CPUTIME_ID, 200);
	thread_usage_us = usage_us(RUSAGE_THREAD);
	thread_clock_ns = ns_of(CLOCK_THREAD_CPUTIME_ID);
	proc_clock_in_thread = ns_of(CLOCK_PROCESS_CPUTIME_ID);
	return NULL;
}

static void cpu_times(void)
{
	pthread_t t;
	struct timespec res;
	check("clock_getres(CLOCK_PROCESS_CPUTIME_ID) at most 10 ms",
	      clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0 &&
		      res.tv_nsec <= 10000000);
	check("clock_getres(CLOCK_THREAD_CPUTIME_ID) at most 10 ms",
	      clock_getres(CLOCK_THREAD_CPUTIME_ID, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0 &&
		      res.tv_nsec <= 10000000);
	long main_before = ns_of(CLOCK_THREAD_CPUTIME_ID);
	pthread_create(&t, NULL, busy_thread, NULL);
	pthread_join(t, NULL);
	check("a busy thread's clock reached 150 ms", thread_clock_ns >= 150000000L);
	check("its RUSAGE_THREAD: at least 150 ms", thread_usage_us >= 150000L);
	check("the process's clock, read there: at least the thread's", proc_clock_in_thread >= thread_clock_ns);
	long main_after = ns_of(CLOCK_THREAD_CPUTIME_ID);
	check("the main thread's own clock did not count it", main_after - main_before < 100000000L);
	check("after the join, the process's clock still holds it",
	      ns_of(CLOCK_PROCESS_CPUTIME_ID) >= thread_clock_ns);
	check("RUSAGE_SELF holds the ended thread's time", usage_us(RUSAGE_SELF) >= thread_usage_us);
	check("RUSAGE_THREAD in the main thread: less than RUSAGE_SELF",
	      usage_us(RUSAGE_THREAD) < usage_us(RUSAGE_SELF));
	struct tms tm;
	times(&tm);
	check("times: tms_utime + tms_stime at least 15 ticks", tm.tms_utime + tm.tms_stime >= 15);

	check_eq("RUSAGE_CHILDREN before any child", usage_us(RUSAGE_CHILDREN), 0);
	check("times: tms_cutime + tms_cstime 0", tm.tms_cutime + tm.tms_cstime == 0);
	/* A child that waits for a busy grandchild, says so, then waits. */
	int p[2];
	char byte;
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		pid_t g = fork();
		if (g == 0) {
			burn(CLOCK_PROCESS_CPUTIME_ID, 200);
			_exit(0);
		}
		waitpid(g, NULL, 0);
		write(p[1], "w", 1);
		pause();
		_exit(0);
	}
	check_eq("the child waited for its busy grandchild", read(p[0], &byte, 1), 1);
	check_eq("RUSAGE_CHILDREN while the child lives", usage_us(RUSAGE_CHILDREN), 0);
	kill(c, SIGTERM);
	struct rusage ru;
	memset(&ru, 0xff, sizeof(ru));
	check("wait4 with a struct rusage", wait4(c, NULL, 0, &ru) == c);
	check("wait4's rusage: the child's and its waited-for grandchild's 150 ms and more",
	      us_of(&ru) >= 150000L && us_of(&ru) <= usage_us(RUSAGE_CHILDREN));
	check("RUSAGE_CHILDREN after waiting: the grandchild's 150 ms and more",
	      usage_us(RUSAGE_CHILDREN) >= 150000L);
	times(&tm);
	check("times: tms_cutime + tms_cstime at least 15 ticks", tm.tms_cutime + tm.tms_cstime >= 15);
}

int main(void)
{
	check_start();
	section("itimers", itimers, 20);
	section("posix timers", posix_timers, 20);
	section("limits", limits, 20);
	section("cpu times", cpu_times, 30);
	return check_exit();
}
