/*
 * mu-sig-timer - timers that end in a signal. alarm() returns the
 * previous alarm's seconds left (rounded to the nearest, as Linux does),
 * alarm(0) cancels, a due alarm delivers SIGALRM once. setitimer
 * (ITIMER_REAL) with an interval delivers again and again (three
 * deliveries counted, then none after cancelling), returns the old value,
 * and shares its timer with alarm; getitimer reports a value within what
 * was set. ITIMER_VIRTUAL and ITIMER_PROF count the process's CPU time
 * (SIGVTALRM, SIGPROF, si_code SI_KERNEL). A POSIX timer (timer_create
 * with SIGEV_SIGNAL) delivers its signal with SI_TIMER and the sigevent's
 * value. Each part runs in a section (mu-sig.h). Expected: the reference
 * Linux's results.
 */
#define _GNU_SOURCE
#include <sys/time.h>

#include "mu-sig.h"

static volatile int runs;
static siginfo_t last;

static void record(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	last = *info;
	runs++;
}

/* Sleeps until `want` deliveries or ms have passed; true if reached. */
static int wait_runs(int want, long ms)
{
	long end = now_ms() + ms;
	while (runs < want && now_ms() < end) {
		struct timespec t = { 0, 2000000 };
		nanosleep(&t, NULL);
	}
	return runs >= want;
}

static void alarms(void)
{
	on_siginfo(SIGALRM, record, 0);
	check_eq("alarm(5) with none set", alarm(5), 0);
	check_eq("alarm(3): the previous one's seconds left", alarm(3), 5);
	check_eq("alarm(0): cancels, returns the seconds left", alarm(0), 3);
	check_eq("alarm(0) again", alarm(0), 0);

	check_eq("alarm(1)", alarm(1), 0);
	check_eq("alarm(0) right after alarm(1)", alarm(0), 1);
	sleep_ms(1300);
	check_eq("a cancelled alarm delivers nothing", runs, 0);

	check_eq("alarm(1) to let it fire", alarm(1), 0);
	check("SIGALRM arrives", wait_runs(1, 3000));
	check_eq("SIGALRM: si_code (SI_KERNEL)", last.si_code, SI_KERNEL);
	sleep_ms(300);
	check_eq("... once", runs, 1);
	check_eq("alarm(0) after it fired", alarm(0), 0);
}

static void real_interval(void)
{
	struct itimerval every = { { 0, 50000 }, { 0, 50000 } }, off = { 0 }, old, now;

	on_siginfo(SIGALRM, record, 0);
	check_eq("setitimer(ITIMER_REAL, 50 ms every 50 ms)", setitimer(ITIMER_REAL, &every, NULL), 0);
	check("three deliveries", wait_runs(3, 5000));
	check_eq("setitimer(ITIMER_REAL, off)", setitimer(ITIMER_REAL, &off, &old), 0);
	check("... the old value had the 50 ms interval",
	      old.it_interval.tv_sec == 0 && old.it_interval.tv_usec == 50000);
	check("... and at most 50 ms to go",
	      old.it_value.tv_sec == 0 && old.it_value.tv_usec <= 50000);
	int seen = runs;
	sleep_ms(200);
	check("none after it is off", runs == seen);

	struct itimerval ten = { { 1, 0 }, { 10, 0 } };
	setitimer(ITIMER_REAL, &ten, NULL);
	check_eq("getitimer(ITIMER_REAL)", getitimer(ITIMER_REAL, &now), 0);
	check("... value within (9 s, 10 s]",
	      (now.it_value.tv_sec == 9 && now.it_value.tv_usec > 0) ||
		      (now.it_value.tv_sec == 10 && now.it_value.tv_usec == 0));
	check("... interval 1 s", now.it_interval.tv_sec == 1 && now.it_interval.tv_usec == 0);
	check_eq("alarm(0) sees the same timer: seconds left", alarm(0), 10);
	getitimer(ITIMER_REAL, &now);
	check("... and stopped it", now.it_value.tv_sec == 0 && now.it_value.tv_usec == 0);
	alarm(7);
	getitimer(ITIMER_REAL, &now);
	check("alarm(7) seen by getitimer: within (6 s, 7 s]",
	      (now.it_value.tv_sec == 6 && now.it_value.tv_usec > 0) ||
		      (now.it_value.tv_sec == 7 && now.it_value.tv_usec == 0));
	alarm(0);
	check_errno("getitimer(3)", getitimer(3, &now), EINVAL);
	check_errno("setitimer(3)", setitimer(3, &every, NULL), EINVAL);
	struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };
	check_errno("setitimer with tv_usec 1000000", setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
}

/* Burns CPU until a delivery or ms of wall time. */
static int spin_until_run(long ms)
{
	long end = now_ms() + ms;
	volatile unsigned long x = 0;
	while (runs == 0 && now_ms() < end)
		for (int i = 0; i < 100000; i++)
			x += i;
	return runs > 0;
}

static void cpu_timers(void)
{
	struct itimerval once = { { 0, 0 }, { 0, 20000 } }, now;

	on_siginfo(SIGVTALRM, record, 0);
	check_eq("setitimer(ITIMER_VIRTUAL, 20 ms)", setitimer(ITIMER_VIRTUAL, &once, NULL), 0);
	/* Linux adds a tick to a CPU timer (TICK_NSEC: 4 ms with Debian's
	 * HZ=250), so that it never fires early: 24 ms right after. */
	getitimer(ITIMER_VIRTUAL, &now);
	check("getitimer(ITIMER_VIRTUAL): within (0, 20 ms + a tick]",
	      now.it_value.tv_sec == 0 && now.it_value.tv_usec > 0 && now.it_value.tv_usec <= 24000);
	check("SIGVTALRM after 20 ms of CPU", spin_until_run(3000));
	check_eq("SIGVTALRM: signal", last.si_signo, SIGVTALRM);
	check_eq("SIGVTALRM: si_code (SI_KERNEL)", last.si_code, SI_KERNEL);

	runs = 0;
	on_siginfo(SIGPROF, record, 0);
	check_eq("setitimer(ITIMER_PROF, 20 ms)", setitimer(ITIMER_PROF, &once, NULL), 0);
	check("SIGPROF after 20 ms of CPU", spin_until_run(3000));
	check_eq("SIGPROF: signal", last.si_signo, SIGPROF);
	check_eq("SIGPROF: si_code (SI_KERNEL)", last.si_code, SI_KERNEL);
}

static void posix_timer(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	struct itimerspec in50 = { { 0, 0 }, { 0, 50000000 } };
	timer_t t;

	on_siginfo(SIGUSR1, record, 0);
	ev.sigev_value.sival_int = 4242;
	check_eq("timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL SIGUSR1)",
		 timer_create(CLOCK_MONOTONIC, &ev, &t), 0);
	check_eq("timer_settime(50 ms)", timer_settime(t, 0, &in50, NULL), 0);
	check("SIGUSR1 arrives", wait_runs(1, 3000));
	check_eq("SIGUSR1: si_code (SI_TIMER)", last.si_code, SI_TIMER);
	check_eq("SIGUSR1: si_value", last.si_value.sival_int, 4242);
	check_eq("timer_getoverrun", timer_getoverrun(t), 0);
	check_eq("timer_delete", timer_delete(t), 0);
}

int main(void)
{
	sig_test_start();
	section("alarm", alarms, 15);
	section("ITIMER_REAL", real_interval, 10);
	section("ITIMER_VIRTUAL and ITIMER_PROF", cpu_timers, 15);
	section("a POSIX timer", posix_timer, 10);
	return sig_test_exit();
}
