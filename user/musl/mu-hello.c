/*
 * mu-hello - the smallest musl program worth running: printf with the
 * arguments and a look at the environment. musl's start-up needs
 * arch_prctl(ARCH_SET_FS) and set_tid_address; stdout's first use makes
 * ioctl(1, TIOCGWINSZ) (ENOTTY is fine) and writev; exit is exit_group.
 * Prints argc, argv[1..] and whether environ holds anything, never
 * argv[0] or the variables (they depend on where and how it is run).
 * Expected: the reference Linux's results.
 */
#include <stdio.h>

extern char **environ;

int main(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=\"%s\"\n", i, argv[i]);
	printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
	printf("environ non-empty: %s\n", environ && environ[0] ? "yes" : "no");
	return 0;
}
