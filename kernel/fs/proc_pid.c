/*
 * proc_pid.c - the text files of /proc/PID (procfs.h): stat, status and
 * statm in Linux 6.1's formats (fs/proc/array.c, task_mmu.c), made afresh
 * at every read from the task's current state, and cmdline and environ,
 * read from the process's own memory between the bounds execve recorded
 * (mm.arg_start...). What MinOS does not keep reads 0, as proc(5) allows.
 * Invariant: a file's inode holds the pid, never a task pointer: a task
 * that is gone reads -ESRCH, a zombie (no memory) reads no cmdline.
 */
#include "fs/procfs.h"
#include "fs/file.h"
#include "mm/mmap.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "proc/task.h"
#include "lib/format.h"
#include "lib/string.h"
#include "errno.h"

#define STAT_TEXT_MAX 1024
#define STATUS_TEXT_MAX 4096
#define RLIM_INFINITY_TEXT "18446744073709551615"

static struct task *file_task(struct file *f)
{
	return task_by_pid((int)(long)f->inode->private);
}

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

/* The sizes Linux's counters keep, in pages, measured from the areas. */
struct mem_pages {
	u64 total, resident, shared, text, data, stack, exe_start, exe_end;
};

static void measure(struct mm *mm, struct mem_pages *m)
{
	memset(m, 0, sizeof(*m));
	if (!mm)
		return;
	for (struct vma *v = mm->vmas; v; v = v->next) {
		u64 pages = (v->end - v->start) / PAGE_SIZE;
		m->total += pages;
		if (!(v->flags & VMA_KERNEL))
			for (u64 va = v->start; (va = vm_next_mapped(&mm->vm, va, v->end)) < v->end;
			     va += PAGE_SIZE) {
				m->resident++;
				m->shared += v->file != NULL;
			}
		if (v->flags & VMA_STACK)
			m->stack += pages;
		else if (v->prot & VMA_WRITE && !(v->flags & VMA_SHARED))
			m->data += pages; /* Linux's VmData: private writable */
		if (mm->exe && (v->file ? v->file : v->image) == mm->exe && (v->prot & VMA_EXEC)) {
			m->text += pages;
			if (!m->exe_start)
				m->exe_start = v->start;
			m->exe_end = v->end;
		}
	}
}

/* Signals as proc(5) shows them: ignored and caught, bit N-1 for N. */
static void sig_sets(const struct task *t, u64 *ignored, u64 *caught)
{
	*ignored = *caught = 0;
	if (!t->sig.action)
		return;
	for (int s = 1; s <= 64; s++) {
		unsigned long h = t->sig.action[s].handler;
		if (h == SIG_IGN)
			*ignored |= 1ULL << (s - 1);
		else if (h != SIG_DFL)
			*caught |= 1ULL << (s - 1);
	}
}

static long stat_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	struct task *t = file_task(f);
	if (!t)
		return -ESRCH;
	char *text = kmalloc(STAT_TEXT_MAX);
	if (!text)
		return -ENOMEM;
	struct mm *mm = t->state == TASK_ZOMBIE ? NULL : t->mm;
	struct mem_pages m;
	u64 ign, cgt;
	measure(mm, &m);
	sig_sets(t, &ign, &cgt);
	/* A leader's times are the process's (live and ended threads), as
	 * /proc/PID/stat's are on Linux; another thread's are its own. */
	u64 utime = t->utime_ticks, stime = t->stime_ticks;
	if (t == t->group_leader)
		task_group_times(t, &utime, &stime);
	/* The 52 fields of proc(5), in order. */
	int len = ksnprintf(
		text, STAT_TEXT_MAX,
		"%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 %llu %llu %llu %llu 20 0 %d 0 %llu %llu %llu "
		RLIM_INFINITY_TEXT " %llu %llu %llu 0 0 %llu %llu %llu %llu 0 0 0 %d %u 0 0 0 0 0 "
		"0 0 %llu %llu %llu %llu %llu %d\n",
		t->pid, t->name, state_letter(t), parent_pid(t), t->pgid, t->sid,
		(unsigned long long)utime, (unsigned long long)stime,
		(unsigned long long)t->group_leader->child_utime_ticks,
		(unsigned long long)t->group_leader->child_stime_ticks, thread_count(t), (unsigned long long)t->start_ticks,
		(unsigned long long)(m.total * PAGE_SIZE), (unsigned long long)m.resident,
		(unsigned long long)(mm ? m.exe_start : 0), (unsigned long long)(mm ? m.exe_end : 0),
		(unsigned long long)(mm ? mm->start_stack : 0),
		/* Linux's obsolete decimal sets: the thread's own, 31 bits */
		(unsigned long long)(t->sig.pending & 0x7fffffff),
		(unsigned long long)(t->sig.blocked & 0x7fffffff), (unsigned long long)(ign & 0x7fffffff),
		(unsigned long long)(cgt & 0x7fffffff),
		t->group_leader != t ? -1 : t->exit_signal, t->cpu, /* 38, 39: the CPU it last ran on */
		(unsigned long long)(mm ? mm->brk_start : 0),
		(unsigned long long)(mm ? mm->arg_start : 0), (unsigned long long)(mm ? mm->arg_end : 0),
		(unsigned long long)(mm ? mm->env_start : 0), (unsigned long long)(mm ? mm->env_end : 0),
		t->state == TASK_ZOMBIE ? t->exit_status : 0);
	long r = procfs_read_text(text, (u64)len, buf, count, pos);
	kfree(text);
	return r;
}

/* statm: size resident shared text lib data dt, in pages. */
static long statm_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	char text[128];
	struct task *t = file_task(f);
	if (!t)
		return -ESRCH;
	struct mem_pages m;
	measure(t->state == TASK_ZOMBIE ? NULL : t->mm, &m);
	int len = ksnprintf(text, sizeof(text), "%llu %llu %llu %llu 0 %llu 0\n",
			    (unsigned long long)m.total, (unsigned long long)m.resident,
			    (unsigned long long)m.shared, (unsigned long long)m.text,
			    (unsigned long long)(m.data + m.stack));
	return procfs_read_text(text, (u64)len, buf, count, pos);
}

#define KB(pages) ((unsigned long long)(pages) * (PAGE_SIZE / 1024))

/* Linux 6.1's /proc/PID/status lines, in its order (fs/proc/array.c). */
static long status_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	struct task *t = file_task(f);
	if (!t)
		return -ESRCH;
	char *text = kmalloc(STATUS_TEXT_MAX);
	if (!text)
		return -ENOMEM;
	struct mm *mm = t->state == TASK_ZOMBIE ? NULL : t->mm;
	int pp = parent_pid(t);
	u64 ign, cgt;
	sig_sets(t, &ign, &cgt);
	int len = ksnprintf(text, STATUS_TEXT_MAX,
			    "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
			    "PPid:\t%d\nTracerPid:\t%d\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
			    "FDSize:\t%u\nGroups:\t \nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\n"
			    "NSsid:\t%d\n",
			    t->name, t->umask, state_text(t), t->tgid, t->pid, pp,
			    t->pt.tracer ? t->pt.tracer->pid : 0,
			    t->files ? (t->files->used <= 64 ? 64 : ALIGN_UP(t->files->used, 64)) : 0,
			    t->tgid, t->pid, t->pgid, t->sid);
	if (mm) {
		struct mem_pages m;
		measure(mm, &m);
		len += ksnprintf(text + len, STATUS_TEXT_MAX - (u64)len,
				 "VmPeak:\t%8llu kB\nVmSize:\t%8llu kB\nVmLck:\t%8llu kB\n"
				 "VmPin:\t%8llu kB\nVmHWM:\t%8llu kB\nVmRSS:\t%8llu kB\n"
				 "RssAnon:\t%8llu kB\nRssFile:\t%8llu kB\nRssShmem:\t%8llu kB\n"
				 "VmData:\t%8llu kB\nVmStk:\t%8llu kB\nVmExe:\t%8llu kB\n"
				 "VmLib:\t%8llu kB\nVmPTE:\t%8llu kB\nVmSwap:\t%8llu kB\n"
				 "HugetlbPages:\t%8llu kB\n",
				 KB(m.total), KB(m.total), 0ULL, 0ULL, KB(m.resident), KB(m.resident),
				 KB(m.resident - m.shared), KB(m.shared), 0ULL, KB(m.data),
				 KB(m.stack), KB(m.text), 0ULL, 0ULL, 0ULL, 0ULL);
	}
	len += ksnprintf(text + len, STATUS_TEXT_MAX - (u64)len,
			 "CoreDumping:\t0\n%sThreads:\t%d\nSigQ:\t%d/%llu\nSigPnd:\t%016llx\n"
			 "ShdPnd:\t%016llx\nSigBlk:\t%016llx\nSigIgn:\t%016llx\n"
			 "SigCgt:\t%016llx\nCapInh:\t0000000000000000\n"
			 "CapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n"
			 "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n"
			 "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n"
			 "Speculation_Store_Bypass:\tnot vulnerable\n"
			 "SpeculationIndirectBranch:\tunknown\n"
			 "Cpus_allowed:\t1\nCpus_allowed_list:\t0\n"
			 "Mems_allowed:\t1\nMems_allowed_list:\t0\n"
			 "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n",
			 mm ? "THP_enabled:\t0\n" : "", thread_count(t), t->sig.queued,
			 (unsigned long long)t->rlim[RLIMIT_NPROC].rlim_cur /* Linux's default RLIMIT_SIGPENDING */,
			 (unsigned long long)t->sig.pending,
			 (unsigned long long)t->group_leader->sig.group.set,
			 (unsigned long long)t->sig.blocked, (unsigned long long)ign,
			 (unsigned long long)cgt);
	long r = procfs_read_text(text, (u64)len, buf, count, pos);
	kfree(text);
	return r;
}

/* The bytes [start, end) of mm at *pos, through a kernel page. */
static long read_user_range(struct mm *mm, u64 start, u64 end, char __user *buf, u64 count,
			    u64 *pos)
{
	if (!mm || start >= end || *pos >= end - start)
		return 0;
	u64 n = MIN(count, end - start - *pos);
	n = MIN(n, PAGE_SIZE);
	char *page = kmalloc(PAGE_SIZE);
	if (!page)
		return -ENOMEM;
	n = mm_access(mm, start + *pos, page, n, 0);
	long r = n && copy_to_user(buf, page, n) ? -EFAULT : (long)n;
	kfree(page);
	if (r > 0)
		*pos += (u64)r;
	return r;
}

/* A process that wrote over its last argument's NUL (setproctitle) shows
 * the text on to the first NUL, into the environment's area (Linux's
 * get_mm_proctitle). */
static u64 cmdline_end(struct mm *mm)
{
	char c = 0;
	if (mm->arg_end <= mm->arg_start || mm_access(mm, mm->arg_end - 1, &c, 1, 0) != 1 || !c)
		return mm->arg_end;
	for (u64 a = mm->arg_end; a < mm->env_end; a++)
		if (mm_access(mm, a, &c, 1, 0) != 1 || !c)
			return a;
	return mm->env_end;
}

static long cmdline_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	struct task *t = file_task(f);
	if (!t)
		return -ESRCH;
	struct mm *mm = t->state == TASK_ZOMBIE ? NULL : t->mm;
	return mm ? read_user_range(mm, mm->arg_start, cmdline_end(mm), buf, count, pos) : 0;
}

static long environ_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	struct task *t = file_task(f);
	if (!t)
		return -ESRCH;
	struct mm *mm = t->state == TASK_ZOMBIE ? NULL : t->mm;
	return mm ? read_user_range(mm, mm->env_start, mm->env_end, buf, count, pos) : 0;
}

const struct file_ops proc_stat_fops = { .read = stat_read,
                                         .write = procfs_no_write,
                                         .seekable = true };
const struct file_ops proc_status_fops = { .read = status_read,
                                           .write = procfs_no_write,
                                           .seekable = true };
const struct file_ops proc_statm_fops = { .read = statm_read,
                                          .write = procfs_no_write,
                                          .seekable = true };
const struct file_ops proc_cmdline_fops = { .read = cmdline_read,
                                            .write = procfs_no_write,
                                            .seekable = true };
const struct file_ops proc_environ_fops = { .read = environ_read,
                                            .write = procfs_no_write,
                                            .seekable = true };
