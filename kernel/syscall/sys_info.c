/*
 * sys_info.c - uname(2). struct utsname is Linux's new_utsname: six
 * 65-byte strings. The release looks like a Linux version number because
 * C libraries compare it with the oldest kernel they support (glibc's
 * static start-up refuses to run on a "kernel too old").
 */
#include "syscall/syscall.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include "version.h"
#include "uapi/misc.h"

long sys_uname(struct utsname __user *buf)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, MINOS_NAME, UTS_LEN);
	strlcpy(u.nodename, MINOS_NODENAME, UTS_LEN);
	strlcpy(u.release, MINOS_UNAME_RELEASE, UTS_LEN);
	strlcpy(u.version, MINOS_UNAME_VERSION, UTS_LEN);
	strlcpy(u.machine, MINOS_MACHINE, UTS_LEN);
	strlcpy(u.domainname, MINOS_DOMAINNAME, UTS_LEN);
	return put_user_bytes(buf, &u, sizeof(u));
}
