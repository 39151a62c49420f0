/*
 * sleep - waits for the sum of its operands, each a number of seconds
 * with an optional fraction ("0.5") and an optional unit: s (seconds), m
 * (minutes), h (hours), d (days). Waits with nanosleep(2), resuming after
 * an interruption. Exits 0, or 1 after a usage error.
 */
#include <errno.h>
#include <minos_util.h>
#include <stdbool.h>
#include <time.h>

#define NSEC_PER_SEC 1000000000L
/* Longer waits are cut to this (about 31,700 years), which keeps every
 * product and sum below within a long. */
#define MAX_SECONDS 1000000000000L

/* Adds operand s to *t; false if it is not a valid interval. */
static bool add_interval(const char *s, struct timespec *t)
{
	long sec = 0, nsec = 0, scale = NSEC_PER_SEC / 10, mult = 1;
	bool digits = false;

	for (; *s >= '0' && *s <= '9'; s++, digits = true)
		sec = sec >= MAX_SECONDS ? MAX_SECONDS : sec * 10 + (*s - '0');
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, digits = true) {
			nsec += (*s - '0') * scale;
			scale /= 10;
		}
	}
	if (!digits)
		return false;
	switch (*s) {
	case '\0': case 's': break;
	case 'm': mult = 60; break;
	case 'h': mult = 60 * 60; break;
	case 'd': mult = 24 * 60 * 60; break;
	default: return false;
	}
	if (*s && s[1])
		return false;
	nsec *= mult; /* < 86400e9: fits */
	t->tv_sec += sec * mult + nsec / NSEC_PER_SEC;
	t->tv_nsec += nsec % NSEC_PER_SEC;
	if (t->tv_nsec >= NSEC_PER_SEC) {
		t->tv_sec++;
		t->tv_nsec -= NSEC_PER_SEC;
	}
	if (t->tv_sec > MAX_SECONDS)
		t->tv_sec = MAX_SECONDS;
	return true;
}

int main(int argc, char **argv)
{
	struct timespec t = { 0, 0 };
	bool bad = false;
	int opt;

	prog_name = "sleep";
	while ((opt = getopt(argc, argv, "")) != -1)
		try_help(1);
	if (optind == argc) {
		warn_err(0, "missing operand");
		try_help(1);
	}
	for (int i = optind; i < argc; i++) {
		if (!add_interval(argv[i], &t)) {
			warn_err(0, "invalid time interval '%s'", argv[i]);
			bad = true;
		}
	}
	if (bad)
		try_help(1);
	while (nanosleep(&t, &t) < 0) {
		if (errno != EINTR)
			die(1, errno, "cannot read realtime clock");
	}
	return 0;
}
