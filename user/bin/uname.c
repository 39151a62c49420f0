/*
 * uname - prints what uname(2) reports, in coreutils' order whatever the
 * order of the options: -s kernel name (the default), -n node name, -r
 * release, -v version, -m machine, -p processor and -i hardware platform
 * (both "unknown", as coreutils on Linux), -o operating system ("GNU/Linux"
 * on Linux as coreutils says, else the kernel name), -a all but -p and -i
 * when unknown (always, so far). Exits 0, or 1 after an error.
 */
#include <errno.h>
#include <minos_util.h>
#include <string.h>
#include <sys/utsname.h>

enum {
	F_SYSNAME = 1 << 0,
	F_NODENAME = 1 << 1,
	F_RELEASE = 1 << 2,
	F_VERSION = 1 << 3,
	F_MACHINE = 1 << 4,
	F_PROCESSOR = 1 << 5,
	F_PLATFORM = 1 << 6,
	F_OS = 1 << 7,
	F_ALL = 1 << 8, /* -a: leaves out the unknown -p and -i */
};

static int printed;

static void field(const char *s)
{
	if (printed++)
		out_char(' ');
	out_str(s);
}

int main(int argc, char **argv)
{
	struct utsname u;
	unsigned int flags = 0;
	int opt;

	prog_name = "uname";
	while ((opt = getopt(argc, argv, "asnrvmpio")) != -1) {
		switch (opt) {
		case 'a': flags |= F_ALL | F_SYSNAME | F_NODENAME | F_RELEASE |
				  F_VERSION | F_MACHINE | F_OS; break;
		case 's': flags |= F_SYSNAME; break;
		case 'n': flags |= F_NODENAME; break;
		case 'r': flags |= F_RELEASE; break;
		case 'v': flags |= F_VERSION; break;
		case 'm': flags |= F_MACHINE; break;
		case 'p': flags |= F_PROCESSOR; break;
		case 'i': flags |= F_PLATFORM; break;
		case 'o': flags |= F_OS; break;
		default: try_help(1);
		}
	}
	if (optind < argc) {
		warn_err(0, "extra operand '%s'", argv[optind]);
		try_help(1);
	}
	if (!flags)
		flags = F_SYSNAME;
	if (uname(&u) < 0)
		die(1, errno, "cannot get system name");
	if (flags & F_SYSNAME)
		field(u.sysname);
	if (flags & F_NODENAME)
		field(u.nodename);
	if (flags & F_RELEASE)
		field(u.release);
	if (flags & F_VERSION)
		field(u.version);
	if (flags & F_MACHINE)
		field(u.machine);
	/* Both are always unknown: -a leaves them out even if asked for. */
	if ((flags & F_PROCESSOR) && !(flags & F_ALL))
		field("unknown");
	if ((flags & F_PLATFORM) && !(flags & F_ALL))
		field("unknown");
	if (flags & F_OS)
		field(strcmp(u.sysname, "Linux") == 0 ? "GNU/Linux" : u.sysname);
	out_char('\n');
	if (out_flush() < 0)
		die(1, errno, "write error");
	return 0;
}
