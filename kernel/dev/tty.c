/*
 * tty.c - the terminal on COM1 (tty.h). Input is polled: the UART raises
 * no interrupt, so a waiting reader checks it in a short busy loop and
 * then sleeps until the next timer tick.
 * Invariant: in pipe mode every byte of input reaches read() unchanged,
 * in order, and end of input is reported once per read after it arrives.
 */
#include "dev/tty.h"
#include "dev/serial.h"
#include "dev/vga.h"
#include "fs/file.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "uapi/misc.h"
#include "proc/task.h"
#include "cmdline.h"
#include "errno.h"
#include "lib/string.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/timer.h"

#define LINE_MAX 1024
#define SPIN_NS 2000000 /* poll this long before sleeping till the next tick */

static bool pipe_mode;
static bool input_ended;
static bool escape_pending;

/* tty mode: the line being typed, and the finished line being read. */
static char line[LINE_MAX];
static size_t line_len, line_read;
static bool line_ready;

void tty_init(void)
{
	const char *mode = cmdline_get("console");
	pipe_mode = mode && strcmp(mode, "pipe") == 0;
}

static void put(char c)
{
	if (c == '\n' && !pipe_mode)
		serial_put_raw(SERIAL_COM1, '\r');
	serial_put_raw(SERIAL_COM1, c);
	vga_putc(c);
}

long tty_write(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(buf[i]);
	return (long)n;
}

/* Next input byte, decoding the pipe-mode escapes; -1 if none yet. */
static int next_byte(void)
{
	for (;;) {
		int c = serial_getc(SERIAL_COM1);
		if (c < 0 || !pipe_mode)
			return c;
		if (escape_pending) {
			escape_pending = false;
			if (c == TTY_ESCAPE_EOF) {
				input_ended = true;
				return -1;
			}
			return c; /* 0xFF 0xFF, or an unknown escape: the byte */
		}
		if (c != TTY_ESCAPE)
			return c;
		escape_pending = true;
	}
}

/* Sleeps (interrupts on) until input may have arrived. */
static void wait_for_input(void)
{
	u64 spin_until = rdtsc() + tsc_khz() * SPIN_NS / 1000000;
	while (rdtsc() < spin_until) {
		if (serial_getc_ready())
			return;
		cpu_relax();
	}
	irq_enable();
	cpu_halt();
	irq_disable();
}

static long read_pipe(char *buf, size_t n, bool nonblock)
{
	size_t got = 0;
	while (got < n) {
		int c = next_byte();
		if (c >= 0) {
			buf[got++] = (char)c;
			continue;
		}
		if (got || input_ended)
			break;
		if (nonblock)
			return -EAGAIN;
		wait_for_input();
	}
	return (long)got;
}

/* Canonical input: echo, backspace, a line at a time. */
static long read_line(char *buf, size_t n, bool nonblock)
{
	while (!line_ready) {
		int c = next_byte();
		if (c < 0) {
			if (nonblock)
				return -EAGAIN;
			wait_for_input();
			continue;
		}
		if (c == '\r')
			c = '\n';
		if (c == '\b' || c == 0x7F) {
			if (line_len) {
				line_len--;
				tty_write("\b \b", 3);
			}
			continue;
		}
		if (c == 0x04 /* ^D */ && line_len == 0) {
			line_ready = true; /* an empty read: end of file */
			break;
		}
		if (line_len < LINE_MAX - 1 || c == '\n')
			line[line_len++] = (char)c;
		put((char)c);
		if (c == '\n')
			line_ready = true;
	}
	size_t avail = line_len - line_read;
	size_t take = MIN(avail, n);
	memcpy(buf, line + line_read, take);
	line_read += take;
	if (line_read == line_len) {
		line_len = line_read = 0;
		line_ready = false;
	}
	return (long)take;
}

long tty_read(char *buf, size_t n, bool nonblock)
{
	if (n == 0)
		return 0;
	return pipe_mode ? read_pipe(buf, n, nonblock) : read_line(buf, n, nonblock);
}

/* ---- the terminal as a file ------------------------------------------ */

#define TTY_WRITE_CHUNK 2048 /* Linux's tty_write() chunk */
#define TTY_ROWS 25
#define TTY_COLS 80

static char bounce[TTY_WRITE_CHUNK];
static struct termios termios = {
	.c_iflag = ICRNL,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK,
	.c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4,
		  [VTIME] = 0, [VMIN] = 1 },
};
static struct winsize winsize = { TTY_ROWS, TTY_COLS, 0, 0 };
static int foreground_pgrp = 1;

/* A read returns what one tty_read() gives, as Linux's terminal does. */
static long tty_file_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	(void)pos;
	long got = tty_read(bounce, MIN(count, (u64)sizeof(bounce)), f->flags & O_NONBLOCK);
	if (got <= 0)
		return got;
	u64 left = copy_to_user(buf, bounce, (u64)got);
	return left == (u64)got ? -EFAULT : got - (long)left;
}

/* A chunk that cannot be copied whole is not written; the call returns
 * what the earlier chunks wrote, or -EFAULT (Linux's tty_write()). */
static long tty_file_write(struct file *f, const char __user *buf, u64 count, u64 *pos)
{
	long done = 0;
	(void)f;
	(void)pos;
	while ((u64)done < count) {
		u64 n = MIN(count - (u64)done, (u64)TTY_WRITE_CHUNK);
		if (copy_from_user(bounce, buf + done, n))
			return done ? done : -EFAULT;
		tty_write(bounce, n);
		done += (long)n;
	}
	return done;
}

static long tty_ioctl(struct file *f, u32 cmd, u64 arg)
{
	(void)f;
	switch (cmd) {
	case TCGETS:
		return put_user_bytes((void *)arg, &termios, sizeof(termios));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return get_user_bytes(&termios, (const void *)arg, sizeof(termios));
	case TIOCGWINSZ:
		return put_user_bytes((void *)arg, &winsize, sizeof(winsize));
	case TIOCSWINSZ:
		return get_user_bytes(&winsize, (const void *)arg, sizeof(winsize));
	case TIOCGPGRP:
		return put_user_bytes((void *)arg, &foreground_pgrp, sizeof(foreground_pgrp));
	case TIOCSPGRP:
		return get_user_bytes(&foreground_pgrp, (const void *)arg, sizeof(foreground_pgrp));
	default:
		return -ENOTTY;
	}
}

static int tty_poll(struct file *f)
{
	(void)f;
	int events = POLLOUT | POLLWRNORM;
	if (input_ended || line_ready || serial_getc_ready())
		events |= POLLIN | POLLRDNORM;
	return events;
}

static long no_tty_ioctl(struct file *f, u32 cmd, u64 arg)
{
	(void)f;
	(void)cmd;
	(void)arg;
	return -ENOTTY;
}

const struct file_ops tty_fops = {
	.read = tty_file_read,
	.write = tty_file_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
};

/* Pipe mode's descriptors 0-2: the same data path, a pipe's face. */
static const struct file_ops std_pipe_fops = {
	.read = tty_file_read,
	.write = tty_file_write,
	.ioctl = no_tty_ioctl,
	.poll = tty_poll,
};

int tty_open_std(struct fdtable *t)
{
	static const u32 flags[3] = { O_RDONLY, O_WRONLY, O_WRONLY };
	struct inode *ino = inode_new(pipe_mode ? (S_IFIFO | 0600) : (S_IFCHR | 0620));
	if (!ino)
		return -ENOMEM;
	ino->rdev = pipe_mode ? 0 : (5 << 8) | 1; /* /dev/console is 5:1 */
	inode_get(ino);
	for (int fd = 0; fd < 3; fd++) {
		struct file *f = file_open_inode(ino, flags[fd], pipe_mode ? &std_pipe_fops : &tty_fops);
		if (!f || fd_install(t, f, fd, false) != fd) {
			inode_put(ino);
			return -ENOMEM;
		}
	}
	inode_put(ino);
	return 0;
}
