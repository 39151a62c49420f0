/*
 * mu-proc-mem - /proc/PID/mem: a process reads and writes its own memory
 * at the offset = address (a variable, read-only data written as a
 * debugger writes it, the vDSO's first bytes), gets EIO at an address
 * nothing maps and a short count across the end of a mapping, and reads
 * a child's copy of a variable the parent changed after fork. Compared
 * with the reference Linux: only values and errors are printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile long value = 1234;
static const char rodata[16] = "read-only text";

static void say(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, strerror(errno));
	else
		printf("%s: %ld\n", what, r);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	int fd = open("/proc/self/mem", O_RDWR);
	say("open /proc/self/mem", fd >= 0 ? 0 : -1);
	long got = 0;
	say("pread value", pread(fd, &got, sizeof(got), (off_t)(unsigned long)&value));
	printf("value read: %ld\n", got);
	long nv = 98765;
	say("pwrite value", pwrite(fd, &nv, sizeof(nv), (off_t)(unsigned long)&value));
	printf("value now: %ld\n", value);

	say("pwrite read-only data", pwrite(fd, "RE", 2, (off_t)(unsigned long)rodata));
	printf("read-only data now: %s\n", rodata);

	unsigned long vdso = getauxval(AT_SYSINFO_EHDR);
	char head[4] = { 0 };
	say("lseek to the vDSO", lseek(fd, (off_t)vdso, SEEK_SET) == (off_t)vdso ? 0 : -1);
	say("read the vDSO", read(fd, head, 4));
	printf("vDSO starts with ELF: %s\n", memcmp(head, "\177ELF", 4) == 0 ? "yes" : "no");
	say("position after", lseek(fd, 0, SEEK_CUR) == (off_t)vdso + 4 ? 0 : -1);

	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(m, 'x', 8192);
	munmap(m + 4096, 4096);
	char buf[64];
	say("pread across the end of a mapping",
	    pread(fd, buf, 64, (off_t)(unsigned long)(m + 4096 - 10)));
	say("pread an unmapped page", pread(fd, buf, 8, (off_t)(unsigned long)(m + 4096)));
	say("pread address 0", pread(fd, buf, 8, 0));
	say("pwrite an unmapped page", pwrite(fd, buf, 8, (off_t)(unsigned long)(m + 4096)));
	say("pread zero bytes", pread(fd, buf, 0, (off_t)(unsigned long)m));
	close(fd);

	/* A child's memory, through /proc/CHILD/mem: its own copy. */
	int ready[2];
	pipe(ready);
	pid_t c = fork();
	if (c == 0) {
		value = 555;
		write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	char r;
	read(ready[0], &r, 1);
	value = 777;
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)c);
	int cfd = open(path, O_RDONLY);
	say("open the child's mem", cfd >= 0 ? 0 : -1);
	got = 0;
	say("pread the child's value", pread(cfd, &got, sizeof(got), (off_t)(unsigned long)&value));
	printf("child's value: %ld, ours: %ld\n", got, value);
	say("write without O_RDWR", pwrite(cfd, &nv, sizeof(nv), (off_t)(unsigned long)&value));
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	say("pread after the child is reaped",
	    pread(cfd, &got, sizeof(got), (off_t)(unsigned long)&value));
	close(cfd);
	return 0;
}
