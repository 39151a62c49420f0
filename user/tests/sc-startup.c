/*
 * sc-startup - the process start-up stack (System V AMD64 ABI, "Process
 * Initialization", as Linux builds it): argc and argv as given (only
 * argv[1..] are printed: argv[0] is the program's path, which a run
 * elsewhere may change), argv and envp NULL-terminated, and the auxiliary
 * vector entries a static C library needs: AT_PHDR/AT_PHENT/AT_PHNUM
 * describing the program's own headers, AT_PAGESZ 4096, AT_ENTRY =
 * _start, AT_RANDOM pointing at 16 readable bytes, AT_UID/EUID/GID/EGID,
 * AT_SECURE 0.
 * Expected result: the same on the reference Linux (tests/user.tests
 * "linux") and MinOS.
 */
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

#include "check.h"

struct phdr {
	unsigned int p_type, p_flags;
	unsigned long p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

#define PT_LOAD 1

extern void _start(void);

/* The raw auxiliary vector, found after envp's NULL. */
static unsigned long *auxv_of(char **envp)
{
	while (*envp)
		envp++;
	return (unsigned long *)(envp + 1);
}

static int auxv_has(unsigned long *auxv, unsigned long type)
{
	for (; auxv[0] != AT_NULL; auxv += 2)
		if (auxv[0] == type)
			return 1;
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	printf("argc: %d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]: %s\n", i, argv[i]);
	check("argv[argc] is NULL", argv[argc] == NULL);
	check("argv[0] is a path", argv[0] != NULL && strchr(argv[0], '/') != NULL);

	unsigned long *auxv = auxv_of(envp);
	const struct phdr *ph = (const struct phdr *)getauxval(AT_PHDR);
	unsigned long phnum = getauxval(AT_PHNUM);
	int has_load = 0;
	for (unsigned long i = 0; ph && i < phnum; i++)
		has_load |= ph[i].p_type == PT_LOAD;
	check("AT_PHDR points at program headers with a PT_LOAD", ph && has_load);
	check("AT_PHENT is 56", getauxval(AT_PHENT) == 56);
	check("AT_PAGESZ is 4096", getauxval(AT_PAGESZ) == 4096);
	check("AT_ENTRY is _start", getauxval(AT_ENTRY) == (unsigned long)_start);
	const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
	unsigned sum = 0;
	for (int i = 0; random && i < 16; i++)
		sum |= random[i];
	check("AT_RANDOM gives 16 readable bytes", random != NULL && sum != 0);
	check("AT_UID, AT_EUID, AT_GID, AT_EGID present",
	      auxv_has(auxv, AT_UID) && auxv_has(auxv, AT_EUID) && auxv_has(auxv, AT_GID) &&
		      auxv_has(auxv, AT_EGID));
	check("AT_SECURE is 0", auxv_has(auxv, AT_SECURE) && getauxval(AT_SECURE) == 0);
	check("AT_BASE is 0 (static)", getauxval(AT_BASE) == 0);
	const char *platform = (const char *)getauxval(AT_PLATFORM);
	check("AT_PLATFORM is x86_64", platform && strcmp(platform, "x86_64") == 0);
	return check_exit();
}
