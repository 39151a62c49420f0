/*
 * proc_mem.c - /proc/PID/mem (procfs.h): the process's address space as
 * a file whose offset is the address. A read or write goes through
 * ptrace_access_vm(), the path PTRACE_PEEKDATA and POKEDATA take (mm_access
 * underneath, with their force: read-only private pages are written as a
 * debugger writes them), a page at a time through a kernel buffer. As on
 * Linux, an address no area reaches gives -EIO, and a transfer that meets
 * one after some bytes returns those bytes. Everyone is root, so every
 * opener passes Linux's ptrace-attach check.
 */
#include "fs/procfs.h"
#include "fs/file.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "proc/task.h"
#include "proc/ptrace.h"
#include "errno.h"

static long mem_rw(struct file *f, char __user *ubuf, u64 count, u64 *pos, bool write)
{
	struct task *t = task_by_pid((int)(long)f->inode->private);
	if (!t || !t->mm || t->state == TASK_ZOMBIE)
		return 0; /* Linux: the address space is gone, end of file */
	char *page = kmalloc(PAGE_SIZE);
	if (!page)
		return -ENOMEM;
	u64 done = 0, addr = *pos;
	long err = 0;
	while (done < count) {
		u64 n = MIN(count - done, PAGE_SIZE - (addr & (PAGE_SIZE - 1)));
		if (write && copy_from_user(page, ubuf + done, n)) {
			err = -EFAULT;
			break;
		}
		u64 got = ptrace_access_vm(t, addr, page, n, write, true);
		if (!write && got && copy_to_user(ubuf + done, page, got)) {
			err = -EFAULT;
			break;
		}
		done += got;
		addr += got;
		if (got < n) {
			if (!done)
				err = -EIO;
			break;
		}
	}
	kfree(page);
	*pos = addr;
	return done ? (long)done : err;
}

static long mem_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	return mem_rw(f, buf, count, pos, false);
}

static long mem_write(struct file *f, const char __user *buf, u64 count, u64 *pos)
{
	return mem_rw(f, (char __user *)buf, count, pos, true);
}

const struct file_ops proc_mem_fops = { .read = mem_read, .write = mem_write, .seekable = true };
