/*
 * proc_maps.c - the text of /proc/PID/maps (procfs.c): one line per area
 * of the process's memory map, in Linux's format (fs/proc/task_mmu.c):
 *
 *   start-end perms offset major:minor inode  [padding to column 73] name
 *
 * perms are r, w, x and p (private) or s (shared); the offset is the file
 * offset of a file area, else 0; the name is [heap] for the brk area,
 * [stack], [vvar] for the clock page and [vdso] for the area just above
 * it. A line without a name ends after the inode number and one space,
 * as Linux's does. Not yet: a file area's path, device and inode number
 * (MinOS's RAM file system keeps no path for an inode; they read 00:00 0,
 * and exec'd programs' segments are anonymous areas here).
 */
#include "fs/procfs.h"
#include "mm/mmap.h"
#include "proc/task.h"
#include "lib/format.h"
#include "lib/string.h"

#define NAME_COLUMN 73 /* Linux: 25 + 6 * sizeof(void *) - 1 + 1 */

static const char *area_name(const struct vma *v, const struct vma *prev)
{
	if (v->flags & VMA_KERNEL)
		return "[vvar]";
	if (prev && (prev->flags & VMA_KERNEL) && prev->end == v->start && !v->file &&
	    v->prot == (VMA_READ | VMA_EXEC))
		return "[vdso]";
	if (v->flags & VMA_HEAP)
		return "[heap]";
	if (v->flags & VMA_STACK)
		return "[stack]";
	return NULL;
}

long proc_maps_text(struct task *t, char *buf, u64 size)
{
	u64 len = 0;
	const struct vma *prev = NULL;

	if (!t->mm)
		return 0;
	for (const struct vma *v = t->mm->vmas; v; prev = v, v = v->next) {
		char line[160];
		int n = ksnprintf(line, sizeof(line), "%08llx-%08llx %c%c%c%c %08llx 00:00 0 ",
				  (unsigned long long)v->start, (unsigned long long)v->end,
				  v->prot & VMA_READ ? 'r' : '-', v->prot & VMA_WRITE ? 'w' : '-',
				  v->prot & VMA_EXEC ? 'x' : '-', v->flags & VMA_SHARED ? 's' : 'p',
				  (unsigned long long)(v->file ? v->offset : 0));
		const char *name = area_name(v, prev);
		if (name) {
			/* The prefix's trailing space becomes part of the padding. */
			n--;
			while (n < NAME_COLUMN - 1 && n < (int)sizeof(line) - 1)
				line[n++] = ' ';
			n += ksnprintf(line + n, sizeof(line) - (u64)n, " %s", name);
		}
		if (n < (int)sizeof(line) - 1)
			line[n++] = '\n';
		if (len + (u64)n > size)
			break; /* the buffer is full: the rest is cut, as a short read */
		memcpy(buf + len, line, (u64)n);
		len += (u64)n;
	}
	return (long)len;
}
