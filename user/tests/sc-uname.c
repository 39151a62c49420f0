/*
 * sc-uname - uname(2) fills all six fields of Linux's struct utsname
 * (65 bytes each), each non-empty and NUL-terminated, the same through the
 * raw call and the wrapper. Prints machine ("x86_64") but not sysname or
 * release, which differ between Linux and MinOS. Expected: uname(2) and a
 * run on the reference Linux.
 */
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include "check.h"

int main(void)
{
	struct utsname u, raw;
	static const struct {
		const char *name;
		size_t offset;
	} fields[] = {
		{ "sysname", __builtin_offsetof(struct utsname, sysname) },
		{ "nodename", __builtin_offsetof(struct utsname, nodename) },
		{ "release", __builtin_offsetof(struct utsname, release) },
		{ "version", __builtin_offsetof(struct utsname, version) },
		{ "machine", __builtin_offsetof(struct utsname, machine) },
		{ "domainname", __builtin_offsetof(struct utsname, domainname) },
	};
	char what[64];

	memset(&u, 0xff, sizeof(u)); /* no NUL anywhere unless uname puts one */
	check("uname returns 0", uname(&u) == 0);
	for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *f = (const char *)&u + fields[i].offset;
		size_t len = strnlen(f, UTS_LEN);

		snprintf(what, sizeof(what), "%s NUL-terminated", fields[i].name);
		check(what, len < UTS_LEN);
		snprintf(what, sizeof(what), "%s non-empty", fields[i].name);
		check(what, len > 0);
	}
	printf("machine: %.*s\n", UTS_LEN, u.machine);

	memset(&raw, 0, sizeof(raw));
	check_result("raw uname", __syscall1(__NR_uname, (long)&raw), 0);
	int same = 1;
	for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		same &= strncmp((const char *)&u + fields[i].offset,
				(const char *)&raw + fields[i].offset,
				UTS_LEN) == 0;
	check("raw uname and wrapper agree", same);
	return check_exit();
}
