/*
 * init.c - /bin/init, the placeholder first program MinOS runs in ring 3:
 * greets, prints what uname(2) reports in `uname -a` order, and exits 0.
 * It must work with nothing but write, uname and exit_group implemented.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(void)
{
	struct utsname u;

	printf("MinOS init: hello from ring 3\n");
	if (uname(&u) < 0) {
		printf("init: uname: %s\n", strerror(errno));
		return 0;
	}
	printf("%s %s %s %s %s\n", u.sysname, u.nodename, u.release, u.version,
	       u.machine);
	return 0;
}
