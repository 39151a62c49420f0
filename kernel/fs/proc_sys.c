/*
 * proc_sys.c - /proc's system-wide files (procfs.h): the ones that
 * describe the machine and the kernel rather than one process. Each is a
 * procfs_text file whose text is made afresh at every read, in the
 * format of Linux 6.1's file of the same name (proc(5)); where MinOS
 * keeps no such count the value reads 0 (docs/procfs-system.md lists
 * them). /proc/cpuinfo lives in proc_cpuinfo.c.
 * Invariant: the files are made once, at boot, and never removed; a show
 * function only reads counters, it takes no lock it could sleep on.
 * Written once at boot, before other CPUs run tasks (boot_id, proc_dir);
 * read-only after. The counters shown are other files', read under the kernel
 * lock (arch/x86_64/klock.h), which every read(2) holds.
 */
#include "fs/procfs.h"
#include "fs/file.h"
#include "fs/proc_sys.h"
#include "fs/vfs.h"
#include "fs/namei.h"
#include "proc/task.h"
#include "proc/sched.h"
#include "mm/pmm.h"
#include "mm/page.h"
#include "mm/kstack.h"
#include "time/clock.h"
#include "time/tick.h"
#include "arch/x86_64/random.h"
#include "arch/x86_64/smp.h"
#include "lib/format.h"
#include "lib/string.h"
#include "cmdline.h"
#include "version.h"
#include "errno.h"
#include "log.h"

/* Linux's clock tick as user space sees it (USER_HZ, sysconf(_SC_CLK_TCK)). */
#define USER_HZ 100
#define KB_PER_PAGE (PAGE_SIZE / 1024)
/* The page size of a large page (x86-64's 2 MiB PD entry), meminfo's
 * Hugepagesize: a property of the CPU, not of a pool MinOS keeps. */
#define HUGE_PAGE_KB 2048

void proc_printf(struct proc_text *t, const char *fmt, ...)
{
	if (t->len + 1 >= t->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	t->len = MIN(t->len + (size_t)n, t->size - 1);
}

/* A whole short file: show()'s result never exceeds what was written. */
__printf(3, 4) static int show_fmt(char *buf, size_t size, const char *fmt, ...)
{
	if (size < 2)
		return 0;
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 ? 0 : (int)MIN((size_t)n, size - 1);
}

static u64 ticks_to_user_hz(u64 ticks) { return ticks * USER_HZ / TICK_HZ; }

/* ---- /proc/meminfo ------------------------------------------------- */

/* One line: Linux pads the name (with its colon) to 16 columns and the
 * number to 8, except HardwareCorrupted, which is longer (one space and
 * 5 columns). */
static void mem_line(struct proc_text *t, const char *name, u64 value, bool kb)
{
	char label[32];
	ksnprintf(label, sizeof(label), "%s:", name);
	if (strlen(label) <= 16)
		proc_printf(t, "%-16s%8llu", label, (unsigned long long)value);
	else
		proc_printf(t, "%s %5llu", label, (unsigned long long)value);
	proc_printf(t, kb ? " kB\n" : "\n");
}

static int live_tasks(void)
{
	int n = 0;
	for (struct task *t = NULL; (t = task_next(t));)
		n += t->state != TASK_ZOMBIE;
	return n;
}

/* Every line of Linux 6.1's x86-64 /proc/meminfo, in its order. */
static int meminfo_show(char *buf, size_t size)
{
	struct proc_text t = { buf, size, 0 };
	u64 total = pmm_total_pages() * KB_PER_PAGE;
	u64 free = pmm_free_pages() * KB_PER_PAGE;
	/* The RAM file system's pages are its files' only copy: counted as
	 * shared memory and page cache (Linux counts tmpfs the same way),
	 * never reclaimable, so nothing is available beyond what is free. */
	u64 files = vfs_file_pages() * KB_PER_PAGE;
	u64 kstacks = (u64)live_tasks() * KSTACK_PAGES * KB_PER_PAGE;
	const struct {
		const char *name;
		u64 value;
	} lines[] = {
		{ "MemTotal", total },     { "MemFree", free },
		{ "MemAvailable", free },  { "Buffers", 0 },
		{ "Cached", files },       { "SwapCached", 0 },
		{ "Active", 0 },           { "Inactive", 0 },
		{ "Active(anon)", 0 },     { "Inactive(anon)", 0 },
		{ "Active(file)", 0 },     { "Inactive(file)", 0 },
		{ "Unevictable", 0 },      { "Mlocked", 0 },
		{ "SwapTotal", 0 },        { "SwapFree", 0 },
		{ "Zswap", 0 },            { "Zswapped", 0 },
		{ "Dirty", 0 },            { "Writeback", 0 },
		{ "AnonPages", 0 },        { "Mapped", 0 },
		{ "Shmem", files },        { "KReclaimable", 0 },
		{ "Slab", 0 },             { "SReclaimable", 0 },
		{ "SUnreclaim", 0 },       { "KernelStack", kstacks },
		{ "PageTables", 0 },       { "SecPageTables", 0 },
		{ "NFS_Unstable", 0 },     { "Bounce", 0 },
		{ "WritebackTmp", 0 },     { "CommitLimit", total / 2 }, /* Linux's formula, no swap */
		{ "Committed_AS", 0 },     { "VmallocTotal", 0 },
		{ "VmallocUsed", 0 },      { "VmallocChunk", 0 },
		{ "Percpu", 0 },           { "HardwareCorrupted", 0 },
		{ "AnonHugePages", 0 },    { "ShmemHugePages", 0 },
		{ "ShmemPmdMapped", 0 },   { "FileHugePages", 0 },
		{ "FilePmdMapped", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		mem_line(&t, lines[i].name, lines[i].value, true);
	/* Counts of huge pages, without a unit. */
	mem_line(&t, "HugePages_Total", 0, false);
	mem_line(&t, "HugePages_Free", 0, false);
	mem_line(&t, "HugePages_Rsvd", 0, false);
	mem_line(&t, "HugePages_Surp", 0, false);
	mem_line(&t, "Hugepagesize", HUGE_PAGE_KB, true);
	mem_line(&t, "Hugetlb", 0, true);
	mem_line(&t, "DirectMap4k", 0, true);
	mem_line(&t, "DirectMap2M", 0, true);
	mem_line(&t, "DirectMap1G", 0, true);
	return (int)t.len;
}

/* ---- /proc/uptime, /proc/loadavg, /proc/stat ----------------------- */

/* Seconds with two decimals, as Linux prints them. */
static void print_centis(struct proc_text *t, u64 centis)
{
	proc_printf(t, "%llu.%02llu", (unsigned long long)(centis / 100),
		    (unsigned long long)(centis % 100));
}

static int uptime_show(char *buf, size_t size)
{
	struct proc_text t = { buf, size, 0 };
	struct timespec up = clock_monotonic();
	struct sched_cpu_time ct;
	sched_cpu_time(&ct);
	print_centis(&t, (u64)up.tv_sec * 100 + (u64)up.tv_nsec / 10000000);
	proc_printf(&t, " ");
	print_centis(&t, ct.idle * 100 / TICK_HZ);
	proc_printf(&t, "\n");
	return (int)t.len;
}

static int runnable_tasks(void)
{
	int n = 0;
	for (struct task *t = NULL; (t = task_next(t));)
		n += t->state == TASK_RUNNABLE;
	return n;
}

static int all_tasks(void)
{
	int n = 0;
	for (struct task *t = NULL; (t = task_next(t));)
		n++;
	return n;
}

/* MinOS keeps no load average: the three averages read 0.00. The total
 * counts every task in the table, zombies included, as Linux's does. */
static int loadavg_show(char *buf, size_t size)
{
	return show_fmt(buf, size, "0.00 0.00 0.00 %d/%d %d\n", runnable_tasks(), all_tasks(),
			 task_last_pid());
}

#define STAT_CPU_FORMAT "%llu 0 %llu %llu 0 0 0 0 0 0\n"

static int stat_show(char *buf, size_t size)
{
	struct proc_text t = { buf, size, 0 };
	struct sched_cpu_time ct;
	sched_cpu_time(&ct);
	unsigned long long user = ticks_to_user_hz(ct.user), sys = ticks_to_user_hz(ct.system),
			   idle = ticks_to_user_hz(ct.idle);
	/* user nice system idle iowait irq softirq steal guest guest_nice */
	proc_printf(&t, "cpu  " STAT_CPU_FORMAT, user, sys, idle);
	for (unsigned c = 0; c < smp_cpus_running(); c++) { /* one line per CPU running tasks */
		struct sched_cpu_time one;
		sched_cpu_time_of(c, &one);
		proc_printf(&t, "cpu%u " STAT_CPU_FORMAT, c,
			    (unsigned long long)ticks_to_user_hz(one.user),
			    (unsigned long long)ticks_to_user_hz(one.system),
			    (unsigned long long)ticks_to_user_hz(one.idle));
	}
	/* MinOS counts its timer's interrupts only: the total, no per-line
	 * columns; no soft interrupts. */
	proc_printf(&t, "intr %llu\n", (unsigned long long)tick_count());
	proc_printf(&t, "ctxt %llu\n", (unsigned long long)ct.switches);
	proc_printf(&t, "btime %ld\n", clock_realtime().tv_sec - clock_monotonic().tv_sec);
	proc_printf(&t, "processes %llu\n", (unsigned long long)task_created_count());
	proc_printf(&t, "procs_running %d\n", runnable_tasks());
	proc_printf(&t, "procs_blocked 0\n");
	proc_printf(&t, "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
	return (int)t.len;
}

/* ---- kernel identity and configuration ----------------------------- */

#define VERSION_TEXT                                                            \
	MINOS_NAME " version " MINOS_UNAME_RELEASE " (minos@" MINOS_NODENAME ") (" \
		   "gcc " __VERSION__ ") " MINOS_UNAME_VERSION "\n"

static int version_show(char *buf, size_t size) { return show_fmt(buf, size, "%s", VERSION_TEXT); }

/* The file system types statfs(2) can answer with (uapi/statfs.h). */
static int filesystems_show(char *buf, size_t size)
{
	return show_fmt(buf, size, "nodev\ttmpfs\nnodev\tproc\nnodev\tsockfs\nnodev\tpipefs\n");
}

/* One tree: the RAM file system at / (with tmpfs's default size, as
 * statfs reports it) and /proc inside it; /dev is a directory of the
 * root, not a mount. */
static int mounts_show(char *buf, size_t size)
{
	u64 half = pmm_total_pages() / 2;
	return show_fmt(buf, size,
			 "rootfs / rootfs rw,size=%lluk,nr_inodes=%llu 0 0\n"
			 "proc /proc proc rw,relatime 0 0\n",
			 (unsigned long long)(half * KB_PER_PAGE), (unsigned long long)half);
}

/* /proc/PID/mounts (and /proc/mounts, a link to self/mounts, as on
 * Linux): every process sees the one tree. */
static long mounts_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	(void)f;
	char text[256];
	int len = mounts_show(text, sizeof(text));
	return procfs_read_text(text, (u64)len, buf, count, pos);
}

const struct file_ops proc_mounts_fops = { .read = mounts_read, .seekable = true };

static int cmdline_show(char *buf, size_t size) { return show_fmt(buf, size, "%s\n", cmdline_text()); }

static int ostype_show(char *buf, size_t size) { return show_fmt(buf, size, MINOS_NAME "\n"); }
static int osrelease_show(char *buf, size_t size) { return show_fmt(buf, size, MINOS_UNAME_RELEASE "\n"); }
static int kversion_show(char *buf, size_t size) { return show_fmt(buf, size, MINOS_UNAME_VERSION "\n"); }
static int hostname_show(char *buf, size_t size) { return show_fmt(buf, size, MINOS_NODENAME "\n"); }
static int domainname_show(char *buf, size_t size) { return show_fmt(buf, size, MINOS_DOMAINNAME "\n"); }
static int pid_max_show(char *buf, size_t size) { return show_fmt(buf, size, "%d\n", PID_MAX); }
static int threads_max_show(char *buf, size_t size) { return show_fmt(buf, size, "%d\n", TASK_MAX); }
/* MinOS's heuristic overcommit is Linux's mode 0 (mm/commit.h). */
static int overcommit_show(char *buf, size_t size) { return show_fmt(buf, size, "0\n"); }

/* A random (version 4) UUID, as Linux's random/uuid prints it. */
static int uuid_text(char *buf, size_t size, const u8 b[16])
{
	return show_fmt(buf, size,
			 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\n", b[0],
			 b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
			 b[14], b[15]);
}

static void uuid_new(u8 b[16])
{
	random_bytes(b, 16);
	b[6] = (u8)((b[6] & 0x0f) | 0x40); /* version 4 (RFC 4122, 4.4) */
	b[8] = (u8)((b[8] & 0x3f) | 0x80); /* the RFC's variant */
}

static u8 boot_id[16]; /* drawn once, at boot */

static int boot_id_show(char *buf, size_t size) { return uuid_text(buf, size, boot_id); }

static int uuid_show(char *buf, size_t size)
{
	u8 b[16];
	uuid_new(b);
	return uuid_text(buf, size, b);
}

/* ---- statfs -------------------------------------------------------- */

static struct inode *proc_dir; /* /proc itself; held from boot */

bool procfs_holds(const struct inode *ino)
{
	if (!ino || !proc_dir)
		return false;
	if (S_ISREG(ino->mode))
		return ino->fops != NULL; /* only /proc generates regular files */
	if (!S_ISDIR(ino->mode))
		return false;
	for (;;) {
		if (ino == proc_dir)
			return true;
		if (!ino->dir.parent || ino->dir.parent == ino)
			return false;
		ino = ino->dir.parent;
	}
}

/* ---- registration -------------------------------------------------- */

#define SMALL 256
#define LARGE 4096

static const struct procfs_text meminfo_text = { meminfo_show, LARGE };
static const struct procfs_text cpuinfo_text = { proc_cpuinfo_show, 2 * LARGE };
static const struct procfs_text uptime_text = { uptime_show, SMALL };
static const struct procfs_text loadavg_text = { loadavg_show, SMALL };
static const struct procfs_text stat_text = { stat_show, 1024 };
static const struct procfs_text version_text = { version_show, SMALL };
static const struct procfs_text filesystems_text = { filesystems_show, SMALL };
static const struct procfs_text cmdline_file_text = { cmdline_show, LARGE };
static const struct procfs_text ostype_text = { ostype_show, SMALL };
static const struct procfs_text osrelease_text = { osrelease_show, SMALL };
static const struct procfs_text kversion_text = { kversion_show, SMALL };
static const struct procfs_text hostname_text = { hostname_show, SMALL };
static const struct procfs_text domainname_text = { domainname_show, SMALL };
static const struct procfs_text pid_max_text = { pid_max_show, SMALL };
static const struct procfs_text threads_max_text = { threads_max_show, SMALL };
static const struct procfs_text boot_id_text = { boot_id_show, SMALL };
static const struct procfs_text uuid_file_text = { uuid_show, SMALL };
static const struct procfs_text overcommit_text = { overcommit_show, SMALL };

static const struct {
	const char *dir, *name;
	const struct procfs_text *text;
} files[] = {
	{ "/proc", "meminfo", &meminfo_text },
	{ "/proc", "cpuinfo", &cpuinfo_text },
	{ "/proc", "uptime", &uptime_text },
	{ "/proc", "loadavg", &loadavg_text },
	{ "/proc", "stat", &stat_text },
	{ "/proc", "version", &version_text },
	{ "/proc", "filesystems", &filesystems_text },
	{ "/proc", "cmdline", &cmdline_file_text },
	{ "/proc/sys/kernel", "ostype", &ostype_text },
	{ "/proc/sys/kernel", "osrelease", &osrelease_text },
	{ "/proc/sys/kernel", "version", &kversion_text },
	{ "/proc/sys/kernel", "hostname", &hostname_text },
	{ "/proc/sys/kernel", "domainname", &domainname_text },
	{ "/proc/sys/kernel", "pid_max", &pid_max_text },
	{ "/proc/sys/kernel", "threads-max", &threads_max_text },
	{ "/proc/sys/kernel/random", "boot_id", &boot_id_text },
	{ "/proc/sys/kernel/random", "uuid", &uuid_file_text },
	{ "/proc/sys/vm", "overcommit_memory", &overcommit_text },
};

void procfs_sys_init(void)
{
	if (vfs_lookup(vfs_root, "/proc", LOOKUP_DIRECTORY, &proc_dir))
		proc_dir = NULL; /* statfs then answers as for the root */
	uuid_new(boot_id);
	proc_cpuinfo_init();
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		int err = procfs_add_text(files[i].dir, files[i].name, files[i].text);
		if (err)
			pr_warn("procfs: cannot make %s/%s: error %d\n", files[i].dir, files[i].name,
				err);
	}
}
