/*
 * summary.c - the -c (and -C) table: calls, errors and time per call,
 * sorted by time as strace sorts it. Calls that never return (exit,
 * exit_group) and numbers the table lacks are not counted, as Linux's
 * strace leaves them out. Invariant: one row per call number.
 */
#include <minos_util.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "syscall.h"

#define SUMMARY_MAX 1024

struct summary_row {
	u64 nr;
	unsigned long calls, errors;
	unsigned long usecs;
};

static struct summary_row rows[SUMMARY_MAX];
static size_t nrows;

void summary_add(u64 nr, const struct timespec *spent, bool failed)
{
	struct summary_row *r = NULL;
	for (size_t i = 0; i < nrows && !r; i++)
		if (rows[i].nr == nr)
			r = &rows[i];
	if (!r) {
		if (nrows == SUMMARY_MAX)
			return;
		r = &rows[nrows++];
		r->nr = nr;
	}
	r->calls++;
	if (failed)
		r->errors++;
	r->usecs += (unsigned long)spent->tv_sec * 1000000 + (unsigned long)spent->tv_nsec / 1000;
}

static int by_time(const void *a, const void *b)
{
	const struct summary_row *x = a, *y = b;
	return x->usecs < y->usecs ? 1 : x->usecs > y->usecs ? -1 : 0;
}

/* "  48.17" and "   0.000409": the fixed-point columns of strace -c. */
static void summary_line(int fd, unsigned long usecs, unsigned long total,
			 unsigned long calls, unsigned long errors, const char *name)
{
	unsigned long pct = total ? (usecs * 10000 + total / 2) / total : 0;
	char pcts[16], secs[24], errs[16] = "";

	if (!total && !strcmp(name, "total"))
		pct = 10000;
	snprintf(pcts, sizeof(pcts), "%lu.%02lu", pct / 100, pct % 100);
	snprintf(secs, sizeof(secs), "%lu.%06lu", usecs / 1000000, usecs % 1000000);
	if (errors)
		snprintf(errs, sizeof(errs), "%lu", errors);
	dprintf(fd, "%6s %11s %11lu %9lu %9s %s\n", pcts, secs, calls ? usecs / calls : 0, calls,
		errs, name);
}

void summary_print(int fd)
{
	static const char rule[] = "------ ----------- ----------- --------- --------- ----------------\n";
	unsigned long total = 0, calls = 0, errors = 0;
	void *order[SUMMARY_MAX];

	for (size_t i = 0; i < nrows; i++) {
		total += rows[i].usecs;
		calls += rows[i].calls;
		errors += rows[i].errors;
		order[i] = &rows[i];
	}
	sort_ptrs(order, nrows, by_time);
	dprintf(fd, "%% time     seconds  usecs/call     calls    errors syscall\n%s", rule);
	for (size_t i = 0; i < nrows; i++) {
		const struct summary_row *r = order[i];
		summary_line(fd, r->usecs, total, r->calls, r->errors, call_lookup(r->nr)->name);
	}
	dprintf(fd, "%s", rule);
	summary_line(fd, total, total, calls, errors, "total");
}
