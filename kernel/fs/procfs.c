/*
 * procfs.c - /proc (procfs.h). The directories are ordinary RAM file
 * system directories made and removed with the processes; each `stat` is
 * a regular file whose read operation formats the process's current state.
 * Invariant: /proc/PID exists exactly while pid PID is in the process
 * table (zombies included, as on Linux). Other subsystems add their own
 * text files (procfs_add_text), such as the network's /proc/net/dev.
 */
#include "fs/procfs.h"
#include "fs/vfs.h"
#include "fs/namei.h"
#include "fs/file.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "mm/heap.h"
#include "lib/format.h"
#include "lib/string.h"
#include "errno.h"
#include "log.h"

static char state_letter(const struct task *t)
{
	switch (t->state) {
	case TASK_RUNNABLE:
		return 'R';
	case TASK_SLEEPING:
		return 'S';
	case TASK_ZOMBIE:
		return 'Z';
	case TASK_STOPPED:
		return 'T';
	case TASK_TRACED:
		return 't'; /* tracing stop */
	default:
		return '?';
	}
}

static long stat_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	char text[256];
	int pid = (int)(long)f->inode->private;
	struct task *t = task_by_pid(pid);
	if (!t)
		return -ESRCH;
	int ppid = t->parent && t->parent != t ? t->parent->pid : 0;
	/* Fields 1-22 of proc(5): times in clock ticks, the rest 0. */
	int len = ksnprintf(text, sizeof(text),
			    "%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 %lu 0 0\n", t->pid,
			    t->name, state_letter(t), ppid, t->pgid, t->sid, t->start_ticks);
	if (*pos >= (u64)len)
		return 0;
	u64 n = MIN(count, (u64)len - *pos);
	if (copy_to_user(buf, text + *pos, n))
		return -EFAULT;
	*pos += n;
	return (long)n;
}

static const struct file_ops stat_fops = { .read = stat_read, .seekable = true };

static void pid_path(char *buf, size_t size, int pid, const char *leaf)
{
	ksnprintf(buf, size, "/proc/%d%s%s", pid, leaf ? "/" : "", leaf ? leaf : "");
}

void procfs_init(void)
{
	int err = vfs_mkdir(vfs_root, "/proc", 0555);
	if (err && err != -EEXIST)
		pr_warn("procfs: cannot make /proc: error %d\n", err);
}

void procfs_add(struct task *t)
{
	char path[32];
	struct inode *dir;

	pid_path(path, sizeof(path), t->pid, NULL);
	if (vfs_mkdir(vfs_root, path, 0555) ||
	    vfs_lookup(vfs_root, path, LOOKUP_DIRECTORY, &dir))
		return; /* no /proc entry: ps will not list it */
	struct inode *stat = inode_new(S_IFREG | 0444);
	if (stat) {
		stat->fops = &stat_fops;
		stat->private = (void *)(long)t->pid;
		inode_get(stat);
		dir_link(dir, "stat", 4, stat);
		inode_put(stat);
	}
	inode_put(dir);
}

void procfs_remove(int pid)
{
	char path[32];
	pid_path(path, sizeof(path), pid, "stat");
	vfs_unlink(vfs_root, path);
	pid_path(path, sizeof(path), pid, NULL);
	vfs_rmdir(vfs_root, path);
}

static long text_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	const struct procfs_text *t = f->inode->private;
	char *text = kmalloc(t->max);
	if (!text)
		return -ENOMEM;
	int len = t->show(text, t->max);
	long ret = 0;
	if (len > 0 && *pos < (u64)len) {
		u64 n = MIN(count, (u64)len - *pos);
		ret = copy_to_user(buf, text + *pos, n) ? -EFAULT : (long)n;
		if (ret > 0)
			*pos += n;
	}
	kfree(text);
	return ret;
}

static const struct file_ops text_fops = { .read = text_read, .seekable = true };

int procfs_add_text(const char *dir, const char *name, const struct procfs_text *t)
{
	struct inode *d;
	int err = vfs_mkdir(vfs_root, dir, 0555);
	if (err && err != -EEXIST)
		return err;
	err = vfs_lookup(vfs_root, dir, LOOKUP_DIRECTORY, &d);
	if (err)
		return err;
	struct inode *ino = inode_new(S_IFREG | 0444);
	if (!ino) {
		inode_put(d);
		return -ENOMEM;
	}
	ino->fops = &text_fops;
	ino->private = (void *)t;
	inode_get(ino);
	err = dir_link(d, name, strlen(name), ino);
	inode_put(ino);
	inode_put(d);
	return err;
}
