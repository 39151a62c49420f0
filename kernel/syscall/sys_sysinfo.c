/*
 * sys_sysinfo.c - sysinfo(2): uptime, memory and process counts.
 * Errors: an info pointer the kernel cannot write is -EFAULT.
 * Invariant: the whole structure is zeroed before it is filled, so no
 * kernel stack bytes reach user space through padding or unused fields.
 * Memory counts are in bytes (mem_unit 1), as Linux reports them on 64-bit
 * machines; MinOS has no swap, shared or buffer memory and no load average
 * (all 0); procs counts the process table's live entries, zombies
 * included.
 */
#include "syscall/syscall.h"
#include "proc/task.h"
#include "time/clock.h"
#include "mm/pmm.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include "uapi/misc.h"

long sys_sysinfo(struct sysinfo __user *info)
{
	struct sysinfo si;
	struct timespec up = clock_monotonic(); /* CLOCK_BOOTTIME: MinOS never suspends */

	memset(&si, 0, sizeof(si));
	/* Linux rounds a started second up. */
	si.uptime = up.tv_sec + (up.tv_nsec ? 1 : 0);
	si.totalram = pmm_total_pages() * PAGE_SIZE;
	si.freeram = pmm_free_pages() * PAGE_SIZE;
	si.procs = 0;
	for (struct task *t = NULL; (t = task_next(t));)
		si.procs++;
	si.mem_unit = 1;
	return put_user_bytes(info, &si, sizeof(si));
}
