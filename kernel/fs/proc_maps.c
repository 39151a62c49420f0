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
 * as Linux's does. A file area shows the file's device (00:01, MinOS's
 * one file system), inode number and path: the program's by the path
 * execve found it (mm.exe_where), any other file's by a search of the
 * tree (procfs_path_search), as the RAM file system keeps no path for an
 * inode. execve's own segments are anonymous areas (the loader maps the
 * file's pages itself, exec.c) that remember the file they were filled
 * from (vma.image): they show its path, inode and offsets as Linux's do.
 * Not yet: a file removed since shows no name, where Linux shows
 * "PATH (deleted)".
 */
#include "fs/procfs.h"
#include "mm/mmap.h"
#include "proc/task.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "mm/heap.h"
#include "lib/format.h"
#include "lib/string.h"
#include "errno.h"

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

/* A file area's path into buf, or "" when none is known. */
static void file_name(struct mm *mm, struct inode *file, char *buf, size_t size)
{
	long n = file == mm->exe ? where_path(file, &mm->exe_where, buf, size) : -ENOENT;
	if (n < 0)
		n = procfs_path_search(file, buf, size);
	if (n < 0)
		buf[0] = 0; /* not found: a removed file, shown without a name */
}

#define LINE_MAX (PATH_MAX + 128)

long proc_maps_text(struct task *t, char *buf, u64 size)
{
	u64 len = 0;
	const struct vma *prev = NULL;

	if (!t->mm)
		return 0;
	char *line = kmalloc(LINE_MAX), *path = kmalloc(PATH_MAX);
	if (!line || !path) {
		kfree(line);
		kfree(path);
		return 0;
	}
	for (const struct vma *v = t->mm->vmas; v; prev = v, v = v->next) {
		/* A file area, or a segment execve filled from a file. */
		struct inode *from = v->file ? v->file : v->image;
		int n = ksnprintf(line, LINE_MAX, "%08llx-%08llx %c%c%c%c %08llx %s %llu ",
				  (unsigned long long)v->start, (unsigned long long)v->end,
				  v->prot & VMA_READ ? 'r' : '-', v->prot & VMA_WRITE ? 'w' : '-',
				  v->prot & VMA_EXEC ? 'x' : '-', v->flags & VMA_SHARED ? 's' : 'p',
				  (unsigned long long)(from ? v->offset : 0), from ? "00:01" : "00:00",
				  (unsigned long long)(from ? from->ino : 0));
		const char *name = area_name(v, prev);
		if (from) {
			file_name(t->mm, from, path, PATH_MAX);
			name = path[0] ? path : NULL;
		}
		if (name) {
			/* The prefix's trailing space becomes part of the padding. */
			n--;
			while (n < NAME_COLUMN - 1 && n < LINE_MAX - 1)
				line[n++] = ' ';
			n += ksnprintf(line + n, LINE_MAX - (u64)n, " %s", name);
		}
		if (n < LINE_MAX - 1)
			line[n++] = '\n';
		if (len + (u64)n > size)
			break; /* the buffer is full: the rest is cut, as a short read */
		memcpy(buf + len, line, (u64)n);
		len += (u64)n;
	}
	kfree(line);
	kfree(path);
	return (long)len;
}

#define MAPS_TEXT_MAX (64 * 1024) /* about 800 areas */

static long maps_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	struct task *t = task_by_pid((int)(long)f->inode->private);
	if (!t)
		return -ESRCH;
	char *text = kmalloc(MAPS_TEXT_MAX);
	if (!text)
		return -ENOMEM;
	long len = t->state == TASK_ZOMBIE ? 0 : proc_maps_text(t, text, MAPS_TEXT_MAX);
	long r = procfs_read_text(text, (u64)len, buf, count, pos);
	kfree(text);
	return r;
}

const struct file_ops proc_maps_fops = { .read = maps_read,
                                         .write = procfs_no_write,
                                         .seekable = true };
