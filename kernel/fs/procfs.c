/*
 * procfs.c - /proc's tree (procfs.h): /proc itself, the /proc/self link,
 * the directories /proc/PID and /proc/PID/task/TID made and removed with
 * the tasks, and the files other subsystems add (procfs_add_text, such as
 * the network's /proc/net/dev). The per-process files are elsewhere:
 * proc_pid.c (stat, status, statm, cmdline, environ), proc_maps.c,
 * proc_mem.c, proc_fd.c (fd/, fdinfo/, exe, cwd, root).
 *
 * Invariants: /proc/PID exists exactly while the group leader PID is in
 * the process table (zombies included, as on Linux); /proc/PID/task/TID
 * while thread TID lives (a leader's: while it is in the table). Their
 * files are made at the first lookup or listing inside them (the
 * populate operation), so a fork costs one directory. Every
 * directory here is read-only to system calls (proc_dir_iops): only this
 * file adds and removes names, with dir_link and dir_unlink.
 * Locking: the tree under the kernel lock (arch/x86_64/klock.h); proc_root
 * and self_link are written once at boot, read-only after.
 */
#include "fs/procfs.h"
#include "fs/proc_sys.h"
#include "fs/vfs.h"
#include "fs/namei.h"
#include "fs/file.h"
#include "fs/regfile.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "mm/heap.h"
#include "lib/format.h"
#include "lib/string.h"
#include "errno.h"
#include "log.h"

/* Every directory of /proc whose entries are RAM entries: names cannot be
 * made, removed or renamed by system calls (Linux's errors: namei.c). */
const struct inode_ops proc_dir_iops = { .readonly = true };

static struct inode *proc_root;

/* A new entry name in dir: an inode of mode with its operations. */
static struct inode *add_inode(struct inode *dir, const char *name, u32 mode)
{
	struct inode *ino = inode_new(mode);
	if (!ino)
		return NULL;
	inode_get(ino);
	if (S_ISDIR(mode))
		ino->size = 2 * VFS_DIRENT_SIZE;
	if (dir_link(dir, name, strlen(name), ino)) {
		inode_put(ino); /* frees it */
		return NULL;
	}
	inode_put(ino); /* the directory keeps it */
	return ino;
}

struct inode *procfs_mkdir(struct inode *dir, const char *name, u32 mode,
			   const struct inode_ops *iops, u64 key)
{
	struct inode *d = add_inode(dir, name, S_IFDIR | mode);
	if (d) {
		d->iops = iops ? iops : &proc_dir_iops;
		d->gen_key = key;
	}
	return d;
}

static void add_file(struct inode *dir, const char *name, u32 mode,
		     const struct file_ops *fops, int pid)
{
	struct inode *ino = add_inode(dir, name, S_IFREG | mode);
	if (ino) {
		ino->fops = fops;
		ino->private = (void *)(long)pid;
	}
}

static void add_link(struct inode *dir, const char *name, const struct inode_ops *iops, int pid)
{
	struct inode *ino = add_inode(dir, name, S_IFLNK | 0777);
	if (ino) {
		ino->iops = iops;
		ino->gen_key = (u64)(u32)pid;
	}
}

/* The /proc/self symlink, its target rewritten in place (room for any
 * pid) whenever a lookup meets it. */
static struct inode *self_link;
#define SELF_TARGET_ROOM "/proc/4294967295"

void procfs_init(void)
{
	proc_root = add_inode(vfs_root, "proc", S_IFDIR | 0555);
	if (!proc_root) {
		pr_warn("procfs: cannot make /proc\n");
		return;
	}
	if (vfs_symlink(SELF_TARGET_ROOM, vfs_root, "/proc/self") == 0 &&
	    vfs_lookup(vfs_root, "/proc/self", 0, &self_link) == 0)
		inode_put(self_link); /* the directory keeps it */
	else
		self_link = NULL;
	if (vfs_symlink("self/mounts", vfs_root, "/proc/mounts"))
		pr_warn("procfs: cannot make /proc/mounts\n");
	proc_root->iops = &proc_dir_iops; /* read-only from now on */
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

/* What /proc/PID and /proc/PID/task/TID hold, with Linux's modes. */
static void add_entries(struct inode *dir, int pid)
{
	add_file(dir, "stat", 0444, &proc_stat_fops, pid);
	add_file(dir, "status", 0444, &proc_status_fops, pid);
	add_file(dir, "statm", 0444, &proc_statm_fops, pid);
	add_file(dir, "maps", 0444, &proc_maps_fops, pid);
	add_file(dir, "cmdline", 0444, &proc_cmdline_fops, pid);
	add_file(dir, "environ", 0400, &proc_environ_fops, pid);
	add_file(dir, "mem", 0600, &proc_mem_fops, pid);
	add_file(dir, "mounts", 0444, &proc_mounts_fops, pid);
	add_link(dir, "exe", &proc_exe_iops, pid);
	add_link(dir, "cwd", &proc_cwd_iops, pid);
	add_link(dir, "root", &proc_root_iops, pid);
	procfs_mkdir(dir, "fd", 0500, &proc_fd_iops, (u64)(u32)pid);
	procfs_mkdir(dir, "fdinfo", 0555, &proc_fdinfo_iops, (u64)(u32)pid);
}

static struct inode *child_dir(struct inode *dir, const char *name)
{
	struct inode *ino;
	if (!dir || dir_lookup(dir, name, strlen(name), &ino) || !S_ISDIR(ino->mode))
		return NULL;
	return ino;
}

/*
 * /proc/PID and /proc/PID/task/TID are made empty with their task, and
 * filled on first use (a lookup or a listing inside them): a fork that
 * nobody looks at pays for one directory, not for the twenty-odd entries
 * Linux generates on demand. PROC_FILLED in gen_key marks a filled one.
 */
#define PROC_FILLED (1ULL << 32)

static void pid_dir_fill(struct inode *dir);
static void task_dir_fill(struct inode *dir);
static void tid_dir_fill(struct inode *dir);
static const struct inode_ops pid_dir_iops = { .populate = pid_dir_fill, .readonly = true };
static const struct inode_ops task_dir_iops = { .populate = task_dir_fill, .readonly = true };
static const struct inode_ops tid_dir_iops = { .populate = tid_dir_fill, .readonly = true };

/* Marks dir filled; true if it was not yet. */
static bool first_fill(struct inode *dir)
{
	if (dir->gen_key & PROC_FILLED)
		return false;
	dir->gen_key |= PROC_FILLED;
	return true;
}

static void pid_dir_fill(struct inode *dir)
{
	if (!first_fill(dir))
		return;
	int pid = (int)(u32)dir->gen_key;
	add_entries(dir, pid);
	procfs_mkdir(dir, "task", 0555, &task_dir_iops, (u64)(u32)pid);
}

static void tid_dir_fill(struct inode *dir)
{
	if (first_fill(dir))
		add_entries(dir, (int)(u32)dir->gen_key);
}

static void add_tid_dir(struct inode *tasks, int tid)
{
	char name[16];
	ksnprintf(name, sizeof(name), "%d", tid);
	procfs_mkdir(tasks, name, 0555, &tid_dir_iops, (u64)(u32)tid);
}

/* task/: one directory for each thread in the table, the leader's too. */
static void task_dir_fill(struct inode *dir)
{
	if (!first_fill(dir))
		return;
	struct task *leader = task_by_pid((int)(u32)dir->gen_key);
	for (struct task *o = NULL; leader && (o = thread_next(leader, o));)
		add_tid_dir(dir, o->pid);
}

void procfs_add(struct task *t)
{
	char name[16];
	if (!proc_root)
		return; /* no /proc entry: ps will not list it */
	ksnprintf(name, sizeof(name), "%d", t->tgid);
	if (t->group_leader == t) {
		procfs_mkdir(proc_root, name, 0555, &pid_dir_iops, (u64)(u32)t->pid);
		return;
	}
	/* A new thread: its directory now only if task/ was filled already;
	 * else filling it will find the thread. */
	struct inode *tasks = child_dir(child_dir(proc_root, name), "task");
	if (tasks && (tasks->gen_key & PROC_FILLED))
		add_tid_dir(tasks, t->pid);
}

/* Removes dir's entry name and everything under it. */
static void remove_tree(struct inode *dir, const char *name)
{
	struct inode *ino;
	if (!dir || dir_lookup(dir, name, strlen(name), &ino))
		return;
	if (S_ISDIR(ino->mode))
		while (ino->dir.entries)
			remove_tree(ino, ino->dir.entries->name);
	dir_unlink(dir, name, strlen(name));
}

void procfs_remove(int tgid, int pid)
{
	char name[16];
	ksnprintf(name, sizeof(name), "%d", tgid);
	struct inode *dir = child_dir(proc_root, name);
	if (tgid == pid) {
		remove_tree(proc_root, name);
		return;
	}
	ksnprintf(name, sizeof(name), "%d", pid);
	remove_tree(child_dir(dir, "task"), name);
}

long procfs_no_write(struct file *f, const char __user *buf, u64 count, u64 *pos)
{
	(void)f, (void)buf, (void)count, (void)pos;
	return -EINVAL;
}

static long text_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	const struct procfs_text *t = f->inode->private;
	char *text = kmalloc(t->max);
	if (!text)
		return -ENOMEM;
	int len = t->show(text, t->max);
	long ret = len > 0 ? procfs_read_text(text, (u64)len, buf, count, pos) : 0;
	kfree(text);
	return ret;
}

static const struct file_ops text_fops = { .read = text_read, .seekable = true };

int procfs_add_text(const char *dir, const char *name, const struct procfs_text *t)
{
	if (!proc_root || strncmp(dir, "/proc", 5) != 0 || (dir[5] && dir[5] != '/'))
		return -ENOENT;
	/* Down from /proc, making each missing directory. */
	struct inode *d = proc_root;
	for (const char *p = dir + 5; *p && d;) {
		while (*p == '/')
			p++;
		size_t n = 0;
		while (p[n] && p[n] != '/')
			n++;
		char part[NAME_MAX + 1];
		if (!n)
			break;
		if (n > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(part, p, n);
		part[n] = 0;
		struct inode *next = child_dir(d, part);
		d = next ? next : procfs_mkdir(d, part, 0555, NULL, 0);
		p += n;
	}
	if (!d)
		return -ENOMEM;
	struct inode *ino = add_inode(d, name, S_IFREG | 0444);
	if (!ino)
		return -ENOMEM;
	ino->fops = &text_fops;
	ino->private = (void *)t;
	return 0;
}

long procfs_read_text(const char *text, u64 len, char __user *buf, u64 count, u64 *pos)
{
	if (*pos >= len)
		return 0;
	u64 n = MIN(count, len - *pos);
	if (copy_to_user(buf, text + *pos, n))
		return -EFAULT;
	*pos += n;
	return (long)n;
}
