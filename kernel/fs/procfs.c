/*
 * procfs.c - /proc (procfs.h). The directories are ordinary RAM file
 * system directories made and removed with the processes; each `stat` is
 * a regular file whose read operation formats the process's current state.
 * Invariant: /proc/PID exists exactly while the group leader PID is in
 * the process table (zombies included, as on Linux); /proc/PID/task/TID
 * while thread TID lives (a leader's: while it is in the table). Other subsystems add their own
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

/* Copies the part of text at *pos to the reader. */
static long read_text(const char *text, int len, char __user *buf, u64 count, u64 *pos)
{
	if (*pos >= (u64)len)
		return 0;
	u64 n = MIN(count, (u64)len - *pos);
	if (copy_to_user(buf, text + *pos, n))
		return -EFAULT;
	*pos += n;
	return (long)n;
}

static int parent_pid(const struct task *t)
{
	const struct task *l = t->group_leader;
	return l->parent && l->parent != l ? l->parent->pid : 0;
}

static int thread_count(const struct task *t)
{
	int n = 0;
	for (struct task *o = NULL; (o = thread_next(t, o));)
		n += o->state != TASK_ZOMBIE;
	return n;
}

static long stat_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	char text[256];
	int pid = (int)(long)f->inode->private;
	struct task *t = task_by_pid(pid);
	if (!t)
		return -ESRCH;
	/* Fields 1-22 of proc(5): times in clock ticks, the rest 0; 38 the
	 * exit signal, 39 the CPU it last ran on. */
	int len = ksnprintf(text, sizeof(text),
			    "%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 0 0 0 0 20 0 %d 0 %lu 0 0"
			    " 0 0 0 0 0 0 0 0 0 0 0 0 0 %d %u\n", t->pid,
			    t->name, state_letter(t), parent_pid(t), t->pgid, t->sid, thread_count(t),
			    t->start_ticks, t->group_leader != t ? -1 : t->exit_signal, t->cpu);
	return read_text(text, len, buf, count, pos);
}

static const char *state_text(const struct task *t)
{
	switch (t->state) {
	case TASK_RUNNABLE:
		return "R (running)";
	case TASK_SLEEPING:
		return "S (sleeping)";
	case TASK_ZOMBIE:
		return "Z (zombie)";
	case TASK_STOPPED:
		return "T (stopped)";
	case TASK_TRACED:
		return "t (tracing stop)";
	default:
		return "? (unknown)";
	}
}

/* The first lines of Linux's /proc/PID/status (fs/proc/array.c). */
static long status_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	char text[512];
	int pid = (int)(long)f->inode->private;
	struct task *t = task_by_pid(pid);
	if (!t)
		return -ESRCH;
	int len = ksnprintf(text, sizeof(text),
			    "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
			    "PPid:\t%d\nTracerPid:\t%d\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
			    "Threads:\t%d\nSigBlk:\t%016lx\n",
			    t->name, t->umask, state_text(t), t->tgid, t->pid, parent_pid(t),
			    t->pt.tracer ? t->pt.tracer->pid : 0, thread_count(t), t->sig.blocked);
	return read_text(text, len, buf, count, pos);
}

#define MAPS_TEXT_MAX (64 * 1024) /* about 800 areas */

static long maps_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	int pid = (int)(long)f->inode->private;
	struct task *t = task_by_pid(pid);
	if (!t)
		return -ESRCH;
	char *text = kmalloc(MAPS_TEXT_MAX);
	if (!text)
		return -ENOMEM;
	long len = proc_maps_text(t, text, MAPS_TEXT_MAX);
	long r = read_text(text, (int)len, buf, count, pos);
	kfree(text);
	return r;
}

static const struct file_ops stat_fops = { .read = stat_read, .seekable = true };
static const struct file_ops maps_fops = { .read = maps_read, .seekable = true };
static const struct file_ops status_fops = { .read = status_read, .seekable = true };

/* The /proc/self symlink, its target rewritten in place (room for any
 * pid) whenever a lookup meets it. */
static struct inode *self_link;
#define SELF_TARGET_ROOM "/proc/4294967295"

void procfs_init(void)
{
	int err = vfs_mkdir(vfs_root, "/proc", 0555);
	if (err && err != -EEXIST)
		pr_warn("procfs: cannot make /proc: error %d\n", err);
	if (vfs_symlink(SELF_TARGET_ROOM, vfs_root, "/proc/self") == 0 &&
	    vfs_lookup(vfs_root, "/proc/self", 0, &self_link) == 0)
		inode_put(self_link); /* the directory keeps it */
	else
		self_link = NULL;
	procfs_sys_init();
}

void procfs_refresh_link(struct inode *ino)
{
	struct task *t = current_task();
	if (ino != self_link || !ino->link.target)
		return;
	ksnprintf(ino->link.target, sizeof(SELF_TARGET_ROOM), "/proc/%d", t ? t->tgid : 0);
	ino->size = strlen(ino->link.target);
}

static void add_file(struct inode *dir, const char *name, const struct file_ops *fops, int pid)
{
	struct inode *ino = inode_new(S_IFREG | 0444);
	if (!ino)
		return;
	ino->fops = fops;
	ino->private = (void *)(long)pid;
	inode_get(ino);
	dir_link(dir, name, strlen(name), ino);
	inode_put(ino);
}

/* Makes the directory path with stat and status for pid in it. */
static void add_dir(const char *path, int pid, bool task_dir)
{
	struct inode *dir;
	if (vfs_mkdir(vfs_root, path, 0555) ||
	    vfs_lookup(vfs_root, path, LOOKUP_DIRECTORY, &dir))
		return; /* no /proc entry: ps will not list it */
	add_file(dir, "stat", &stat_fops, pid);
	add_file(dir, "status", &status_fops, pid);
	add_file(dir, "maps", &maps_fops, pid);
	if (task_dir)
		vfs_mkdir(dir, "task", 0555);
	inode_put(dir);
}

void procfs_add(struct task *t)
{
	char path[48];
	if (t->group_leader == t) {
		ksnprintf(path, sizeof(path), "/proc/%d", t->pid);
		add_dir(path, t->pid, true);
	}
	ksnprintf(path, sizeof(path), "/proc/%d/task/%d", t->tgid, t->pid);
	add_dir(path, t->pid, false);
}

static void remove_dir(const char *path)
{
	char leaf[64];
	ksnprintf(leaf, sizeof(leaf), "%s/stat", path);
	vfs_unlink(vfs_root, leaf);
	ksnprintf(leaf, sizeof(leaf), "%s/status", path);
	vfs_unlink(vfs_root, leaf);
	ksnprintf(leaf, sizeof(leaf), "%s/maps", path);
	vfs_unlink(vfs_root, leaf);
	vfs_rmdir(vfs_root, path);
}

void procfs_remove(int tgid, int pid)
{
	char path[48];
	ksnprintf(path, sizeof(path), "/proc/%d/task/%d", tgid, pid);
	remove_dir(path);
	if (tgid != pid)
		return;
	ksnprintf(path, sizeof(path), "/proc/%d/task", tgid);
	vfs_rmdir(vfs_root, path);
	ksnprintf(path, sizeof(path), "/proc/%d", tgid);
	remove_dir(path);
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
