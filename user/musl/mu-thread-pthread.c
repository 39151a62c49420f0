/*
 * mu-thread-pthread - pthreads of the C library on MinOS's threads:
 * pthread_join's return values, thread-local storage per thread, getpid
 * and gettid in threads, a mutex counter over 4 threads, per-thread signal
 * masks, kill to the process reaching the thread that does not block the
 * signal, tgkill reaching one thread, pthread_exit in one thread while the
 * others run, the main thread leaving first, exit_group from a thread, a
 * crashing thread ending the group, execve from a thread, SIGSTOP and
 * SIGCONT stopping and resuming every thread, pthread_cancel of a thread
 * blocked in read(2), pause(2) or a condition wait (cancellation points:
 * its cleanup handlers run, join gives PTHREAD_CANCELED), of one that
 * tests for it, and of one that disabled it until it enables it again.
 * Built with musl
 * (mu-thread-pthread) and with glibc (gl-thread-pthread). Expected: the
 * reference Linux's results.
 */
#define _GNU_SOURCE
#include "mu-check.h"
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>

static long tid_of_self(void) { return syscall(SYS_gettid); }

/* ---- join values, TLS, ids ---------------------------------------- */

static __thread long tls_value = 7;
static __thread char tls_name[16] = "main";

struct ids {
	long n, pid, tid, tls_before, tls_after;
	char name[16];
};

static void *ids_thread(void *arg)
{
	struct ids *r = arg;
	r->pid = getpid();
	r->tid = tid_of_self();
	r->tls_before = tls_value;
	tls_value = 100 + r->n;
	snprintf(tls_name, sizeof(tls_name), "thread%ld", r->n);
	r->tls_after = tls_value;
	memcpy(r->name, tls_name, sizeof(tls_name));
	return (void *)(intptr_t)(r->n * 11);
}

static void join_values(void)
{
	pthread_t t[4];
	struct ids r[4];
	for (int i = 0; i < 4; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].n = i;
		check("pthread_create", pthread_create(&t[i], NULL, ids_thread, &r[i]) == 0);
	}
	int joins = 0, values = 0, pids = 0, tids = 0, tls = 0;
	for (int i = 0; i < 4; i++) {
		void *ret = NULL;
		joins += pthread_join(t[i], &ret) == 0;
		values += (intptr_t)ret == i * 11;
		pids += r[i].pid == getpid();
		tids += r[i].tid != getpid() && r[i].tid > 0;
		for (int j = 0; j < i; j++)
			tids -= r[j].tid == r[i].tid;
		char want[16];
		snprintf(want, sizeof(want), "thread%d", i);
		tls += r[i].tls_before == 7 && r[i].tls_after == 100 + i && !strcmp(r[i].name, want);
	}
	check_eq("joined", joins, 4);
	check_eq("join values", values, 4);
	check_eq("getpid in threads is the process's", pids, 4);
	check_eq("gettid in threads: distinct, not the pid", tids, 4);
	check_eq("TLS: each thread its own copy", tls, 4);
	check("TLS: the main thread's is untouched", tls_value == 7 && !strcmp(tls_name, "main"));
	check("gettid of the main thread is the pid", tid_of_self() == getpid());
}

/* ---- a mutex counter ---------------------------------------------- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
#define ROUNDS 20000

static void *count_thread(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		if (i % 1000 == 0)
			sched_yield(); /* holding the lock: the others must wait on it */
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void mutex_counter(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, count_thread, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	check_eq("mutex counter over 4 threads", counter, 4L * ROUNDS);
}

/* ---- signals ------------------------------------------------------ */

static volatile long handled_tid;
static volatile int handled_count;
static void on_usr(int sig)
{
	(void)sig;
	handled_tid = tid_of_self();
	handled_count++;
}

static volatile int go_on;
static volatile long worker_tid;
static void *unblocking_thread(void *arg)
{
	(void)arg;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	worker_tid = tid_of_self();
	while (!go_on)
		sleep_ms(5);
	return NULL;
}

static void signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigset_t s, old;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &s, &old);
	pthread_t t;
	pthread_create(&t, NULL, unblocking_thread, NULL);
	while (!worker_tid)
		sleep_ms(5);
	sigset_t now;
	pthread_sigmask(SIG_SETMASK, NULL, &now);
	check("the thread's unblock left the main thread's mask", sigismember(&now, SIGUSR1) == 1);

	kill(getpid(), SIGUSR1);
	for (int i = 0; i < 200 && !handled_count; i++)
		sleep_ms(5);
	check("kill: the thread that does not block it takes it",
	      handled_count == 1 && handled_tid == worker_tid);

	handled_count = 0;
	handled_tid = 0;
	check("tgkill to the thread", syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR2) == 0);
	for (int i = 0; i < 200 && !handled_count; i++)
		sleep_ms(5);
	check("tgkill: that thread takes it", handled_count == 1 && handled_tid == worker_tid);
	check_errno("tgkill with another tgid", syscall(SYS_tgkill, getpid() + 100000, worker_tid, SIGUSR2),
		    ESRCH);

	/* A signal to the main thread, blocked there: pending for it only. */
	handled_count = 0;
	syscall(SYS_tgkill, getpid(), getpid(), SIGUSR2);
	sleep_ms(50);
	check("tgkill to a thread that blocks it: pending", handled_count == 0);
	sigset_t pend;
	sigpending(&pend);
	check("sigpending shows it", sigismember(&pend, SIGUSR2) == 1);
	go_on = 1;
	pthread_join(t, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL); /* taken now, by the main thread */
	check("unblocked: the main thread takes it", handled_count == 1 && handled_tid == getpid());
	long gone = worker_tid;
	sleep_ms(20);
	check_errno("tgkill to a thread that ended", syscall(SYS_tgkill, getpid(), gone, 0), ESRCH);
}

/* A signal sent to the process while every thread blocks it is taken by
 * the thread that then waits for it (Linux's shared pending set). */
static void *sig_waiter(void *arg)
{
	sigset_t *s = arg;
	struct timespec two = { 2, 0 };
	return (void *)(long)sigtimedwait(s, NULL, &two);
}

static void sigwait_thread(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	kill(getpid(), SIGUSR1); /* pending for the process: nobody takes it */
	pthread_t t;
	void *r = NULL;
	pthread_create(&t, NULL, sig_waiter, &s);
	pthread_join(t, &r);
	check_eq("sigtimedwait in a thread takes the process's SIGUSR1", (long)r, SIGUSR1);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	sleep_ms(50); /* SIGCHLD (ignored by default) waits, blocked */
	pthread_create(&t, NULL, sig_waiter, &s);
	pthread_join(t, &r);
	check_eq("and the SIGCHLD of a child that ended", (long)r, SIGCHLD);
	waitpid(pid, NULL, 0);
}

/* ---- ends ----------------------------------------------------------- */

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		sleep_ms(1000);
	return NULL;
}

static volatile int exited_one;
static void *leaves_early(void *arg)
{
	(void)arg;
	exited_one = 1;
	pthread_exit((void *)5);
}

/* Runs fn in a child process and prints how that process ended. */
static void ended_as(const char *what, void (*fn)(void), const char *want)
{
	char how[64];
	int status = 0;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(20);
		fn();
		_exit(99);
	}
	if (waitpid(pid, &status, 0) != pid)
		snprintf(how, sizeof(how), "no wait");
	else if (WIFEXITED(status))
		snprintf(how, sizeof(how), "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(how, sizeof(how), "signal %d", WTERMSIG(status));
	else
		snprintf(how, sizeof(how), "status %#x", status);
	if (!strcmp(how, want)) {
		printf("%s: %s\n", what, how);
	} else {
		printf("%s: %s, expected %s: FAIL\n", what, how, want);
		failures++;
	}
}

static void exit_group_from_thread_body(void)
{
	pthread_t t;
	pthread_create(&t, NULL, sleeper, NULL);
	pthread_create(&t, NULL, sleeper, NULL);
	sleep_ms(30);
	syscall(SYS_exit_group, 7);
}

static volatile int *volatile nowhere; /* NULL */
static void *crasher(void *arg)
{
	(void)arg;
	sleep_ms(20);
	*nowhere = 1;
	return NULL;
}

static void crash_body(void)
{
	pthread_t t;
	pthread_create(&t, NULL, sleeper, NULL);
	pthread_create(&t, NULL, crasher, NULL);
	for (;;)
		sleep_ms(1000);
}

static void *exits_process(void *arg)
{
	sleep_ms(50);
	exit((int)(intptr_t)arg);
}

/* The main thread leaves with pthread_exit; a thread ends the process. */
static void main_leaves_first_body(void)
{
	pthread_t t;
	pthread_create(&t, NULL, exits_process, (void *)(intptr_t)9);
	pthread_exit(NULL);
}

static void *ends_itself(void *arg)
{
	sleep_ms(50);
	syscall(SYS_exit, (int)(intptr_t)arg);
	return NULL;
}

/* Every thread leaves with exit(2): the status is the last one's (Linux
 * 6.1's synchronize_group_exit). */
static void all_leave_body(void)
{
	pthread_t t;
	pthread_create(&t, NULL, ends_itself, (void *)(intptr_t)4);
	syscall(SYS_exit, 6);
}

static void ends(void)
{
	pthread_t t, s;
	pthread_create(&s, NULL, sleeper, NULL);
	pthread_create(&t, NULL, leaves_early, NULL);
	void *ret = NULL;
	pthread_join(t, &ret);
	check("pthread_exit in one thread; the rest go on", exited_one && ret == (void *)5);
	ended_as("exit_group from a thread", exit_group_from_thread_body, "exit 7");
	ended_as("a thread crashes", crash_body, "signal 11");
	ended_as("main thread leaves first, a thread calls exit", main_leaves_first_body, "exit 9");
	ended_as("every thread calls exit(2): the last one's status", all_leave_body, "exit 4");
}

/* While the main thread is gone and another runs, the process is not
 * reaped yet and its leader shows as a zombie. */
static void *lingers(void *arg)
{
	(void)arg;
	sleep_ms(300);
	syscall(SYS_exit, 2);
	return NULL;
}

static void leader_zombie(void)
{
	int status = -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, lingers, NULL);
		syscall(SYS_exit, 0); /* the thread alone: not musl's pthread_exit */
	}
	sleep_ms(100);
	check_eq("waitpid WNOHANG while a thread lives", waitpid(pid, &status, WNOHANG), 0);
	char path[64], line[128], state[128] = "";
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "State:", 6))
			snprintf(state, sizeof(state), "%s", line + 7);
	if (f)
		fclose(f);
	state[strcspn(state, "\n")] = 0;
	printf("the leader's state: %s\n", state);
	check("reaped once the last thread ends, with its status",
	      waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 2);
}

/* ---- execve from a thread ------------------------------------------ */

static const char *self_path;
static char pid_text[16];

static void *execer(void *arg)
{
	(void)arg;
	sleep_ms(20);
	char *argv[] = { (char *)self_path, "exec-check", pid_text, NULL };
	execv(self_path, argv);
	printf("execv: %s: FAIL\n", strerror(errno));
	exit(1);
}

static void exec_body(void)
{
	pthread_t t;
	snprintf(pid_text, sizeof(pid_text), "%d", getpid());
	pthread_create(&t, NULL, sleeper, NULL);
	pthread_create(&t, NULL, execer, NULL);
	for (;;)
		sleep_ms(1000);
}

static int exec_check(const char *pid)
{
	check_start();
	check("after execve from a thread: the process's pid", getpid() == atoi(pid));
	check("and the caller's tid is that pid", tid_of_self() == getpid());
	check_eq("and it is alone", count_tasks(), 1);
	return check_exit() ? 3 : 0;
}

/* The leader leaves first (exit(2)); a thread then execs: it still
 * becomes the process, with the process's pid. */
static void exec_after_leader_body(void)
{
	pthread_t t;
	snprintf(pid_text, sizeof(pid_text), "%d", getpid());
	pthread_create(&t, NULL, sleeper, NULL);
	pthread_create(&t, NULL, execer, NULL);
	syscall(SYS_exit, 0);
}

/* SIGKILL from outside while every thread sleeps. */
static void killed_body(void)
{
	pthread_t t;
	pthread_create(&t, NULL, sleeper, NULL);
	pthread_create(&t, NULL, sleeper, NULL);
	kill(getppid(), SIGUSR1); /* ready */
	for (;;)
		sleep_ms(1000);
}

static volatile sig_atomic_t ready;
static void on_ready(int sig) { (void)sig; ready = 1; }

static void exec_from_thread(void)
{
	ended_as("execve from a thread", exec_body, "exit 0");
	ended_as("execve from a thread after the leader left", exec_after_leader_body, "exit 0");

	signal(SIGUSR1, on_ready);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(20);
		killed_body();
	}
	for (int i = 0; i < 400 && !ready; i++)
		sleep_ms(5);
	kill(pid, SIGKILL);
	int status = 0;
	check("SIGKILL from outside ends every thread",
	      waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

/* ---- a group stop ----------------------------------------------------- */

static volatile long *spins; /* shared with the child: one counter a thread */

static void *spinner(void *arg)
{
	volatile long *mine = &spins[(long)arg];
	for (;;)
		(*mine)++;
	return NULL;
}

static int states_stopped(pid_t pid)
{
	char path[320], line[128];
	int stopped = 0;
	DIR *d;
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/status", pid, e->d_name);
		FILE *f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "State:", 6) && strchr(line, 'T'))
				stopped++;
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	return stopped;
}

static long total_spins(void) { return spins[0] + spins[1] + spins[2]; }

static void group_stop(void)
{
	spins = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(20);
		pthread_t t;
		pthread_create(&t, NULL, spinner, (void *)1L);
		pthread_create(&t, NULL, spinner, (void *)2L);
		for (;;)
			spins[0]++;
	}
	while (!spins[1] || !spins[2])
		sleep_ms(5);
	kill(pid, SIGSTOP);
	int status = 0;
	check("SIGSTOP: waitpid WUNTRACED reports the stop",
	      waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	sleep_ms(50);
	check_eq("every thread is stopped (State: T)", states_stopped(pid), 3);
	long a = total_spins();
	sleep_ms(100);
	check("no thread runs while stopped", total_spins() == a);
	kill(pid, SIGCONT);
	check("SIGCONT: waitpid WCONTINUED reports it",
	      waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status));
	long b[3] = { spins[0], spins[1], spins[2] };
	sleep_ms(100);
	check("every thread runs again", spins[0] > b[0] && spins[1] > b[1] && spins[2] > b[2]);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

/* ---- pthread_cancel at cancellation points ------------------------- */

static volatile int cleaned;
static void cleanup(void *arg) { cleaned += (int)(intptr_t)arg; }

static int cancel_pipe[2];
static void *reads_forever(void *arg)
{
	(void)arg;
	char c;
	pthread_cleanup_push(cleanup, (void *)1);
	read(cancel_pipe[0], &c, 1); /* nobody writes */
	pthread_cleanup_pop(0);
	return (void *)1;
}

static void *pauses_forever(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, (void *)10);
	for (;;)
		pause();
	pthread_cleanup_pop(0);
	return NULL;
}

static pthread_mutex_t cancel_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static void unlock_it(void *arg) { pthread_mutex_unlock(arg); cleaned += 100; }
static void *waits_forever(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&cancel_lock);
	pthread_cleanup_push(unlock_it, &cancel_lock);
	for (;;)
		pthread_cond_wait(&never, &cancel_lock);
	pthread_cleanup_pop(1);
	return NULL;
}

static volatile int spin_go;
static void *tests_for_it(void *arg)
{
	(void)arg;
	while (!spin_go)
		pthread_testcancel();
	return (void *)2;
}

static volatile int may_cancel;
static void *disables_it(void *arg)
{
	(void)arg;
	int old;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	while (!may_cancel)
		sleep_ms(1); /* nanosleep: a cancellation point, but disabled */
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	pthread_testcancel();
	return (void *)3;
}

/* Starts fn, lets it block (50 ms), cancels it and joins it. */
static void cancel_one(const char *what, void *(*fn)(void *), int want_cleaned)
{
	pthread_t t;
	void *ret = NULL;
	char line[96];
	cleaned = 0;
	pthread_create(&t, NULL, fn, NULL);
	sleep_ms(50);
	check_eq(what, pthread_cancel(t), 0);
	pthread_join(t, &ret);
	snprintf(line, sizeof(line), "%s: joined as PTHREAD_CANCELED", what);
	check(line, ret == PTHREAD_CANCELED);
	snprintf(line, sizeof(line), "%s: its cleanup handlers ran", what);
	check_eq(line, cleaned, want_cleaned);
}

static void cancels(void)
{
	pipe(cancel_pipe);
	cancel_one("cancel a thread in read", reads_forever, 1);
	cancel_one("cancel a thread in pause", pauses_forever, 10);
	cancel_one("cancel a thread in pthread_cond_wait", waits_forever, 100);
	check_eq("the condition's mutex is free again", pthread_mutex_trylock(&cancel_lock), 0);
	pthread_mutex_unlock(&cancel_lock);
	cancel_one("cancel a thread calling pthread_testcancel", tests_for_it, 0);

	pthread_t t;
	void *ret = NULL;
	pthread_create(&t, NULL, disables_it, NULL);
	sleep_ms(50);
	check_eq("cancel a thread that disabled it", pthread_cancel(t), 0);
	sleep_ms(50);
	check_eq("  it still runs", pthread_kill(t, 0), 0);
	may_cancel = 1;
	pthread_join(t, &ret);
	check("  cancelled once it enabled it", ret == PTHREAD_CANCELED);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "exec-check"))
		return exec_check(argv[2]);
	self_path = argv[0];
	check_start();
	section("join", join_values, 30);
	section("mutex", mutex_counter, 60);
	section("signals", signals, 30);
	section("sigwait", sigwait_thread, 30);
	section("ends", ends, 60);
	section("leader-zombie", leader_zombie, 30);
	section("exec", exec_from_thread, 30);
	section("group-stop", group_stop, 30);
	section("cancel", cancels, 30);
	return check_exit();
}
