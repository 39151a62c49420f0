/*
 * tty.c - the terminal on COM1 and the keyboard (tty.h), with a line
 * discipline.
 *
 * Input arrives by interrupt (the UART's "data ready", the keyboard) and
 * goes through tty_receive():
 *  - pipe mode: bytes are unescaped and queued unchanged; 0xFF 0x45 marks
 *    the end of input;
 *  - canonical mode (ICANON, the default): the line being typed is edited
 *    (erase with DEL or backspace, ^U kills the line) and echoed (ECHO);
 *    Enter or ^D completes it; ^C, ^\ and ^Z send SIGINT, SIGQUIT and
 *    SIGTSTP to the foreground process group (ISIG) and drop the line;
 *  - non-canonical mode: bytes are queued as they come (echoed if ECHO).
 * A reader sleeps until its data (a whole line, in canonical mode) is
 * there, or a signal interrupts it.
 * Job control (outside pipe mode): the terminal is the controlling
 * terminal of one session (init's at boot; TIOCSCTTY, TIOCNOTTY), and has
 * a foreground process group in it. A member of a background group that
 * reads it gets SIGTTIN (-EIO when it ignores or blocks SIGTTIN, or its
 * group is orphaned); one that sets the foreground group gets SIGTTOU
 * unless it ignores or blocks it; with TOSTOP, writes too.
 * Readiness (fs/poll.h): every change that wakes readers (a line, a
 * byte, ^D, the end of input) is notified on tty_input_source, from the
 * interrupt that brought it; writing never blocks (always POLLOUT).
 * Invariants: tty_receive() runs with interrupts off; in pipe mode every
 * byte of input reaches read() unchanged and in order, and end of input
 * is reported to every read after it arrives.
 * Locking: the input queue, the line, termios, the job-control ids, readers
 * and bounce under the kernel lock (arch/x86_64/klock.h): system calls hold
 * it, and trap_dispatch takes it for the COM1 and keyboard interrupts that
 * feed tty_receive().
 */
#include "dev/tty.h"
#include "dev/console.h"
#include "dev/serial.h"
#include "fs/file.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "uapi/misc.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "proc/wait.h"
#include "fs/poll.h"
#include "cmdline.h"
#include "errno.h"
#include "lib/string.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "time/tick.h"

#define LINE_MAX 1024
#define QUEUE_SIZE 8192

static bool pipe_mode;
static bool input_ended;   /* pipe mode: the end-of-input escape arrived */
static bool escape_pending;
static u32 eof_marks;      /* canonical: ^D on an empty line, one per read */

/* Bytes ready for read(): raw input, or completed lines; in canonical
 * mode line_lens[] says where each completed line ends. */
static u8 queue[QUEUE_SIZE];
static u32 q_head, q_count;
#define MAX_LINES 64
static u32 line_lens[MAX_LINES];
static u32 lines_head, q_lines;
/* canonical: the line being typed */
static char line[LINE_MAX];
static u32 line_len;
static struct wait_queue readers;
static struct poll_source tty_input_source;

/* Input is there for readers: they, and poll's waiters, are woken. */
static void input_arrived(void)
{
	wake_up(&readers);
	poll_notify(&tty_input_source);
}

static struct termios termios = {
	.c_iflag = ICRNL,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK,
	.c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4,
		  [VTIME] = 0, [VMIN] = 1, [VSUSP] = 26 },
};
static int foreground_pgrp = 1;
static int tty_session = 1; /* the session it controls (init's); 0: none */

static void put(char c) { console_tty_putc(c, !pipe_mode && (termios.c_oflag & ONLCR)); }

long tty_write(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(buf[i]);
	return (long)n;
}

static void echo(char c)
{
	if (!(termios.c_lflag & ECHO))
		return;
	if ((u8)c < 0x20 && c != '\n' && c != '\t') {
		put('^'); /* control characters echo as ^X */
		put((char)(c + '@'));
	} else {
		put(c);
	}
}

static void enqueue(u8 c)
{
	if (q_count == QUEUE_SIZE)
		return; /* full: the byte is lost, as on a real terminal */
	queue[(q_head + q_count) % QUEUE_SIZE] = c;
	q_count++;
}

/* Moves the typed line to the read queue (canonical mode). */
static void complete_line(void)
{
	if (q_lines == MAX_LINES || QUEUE_SIZE - q_count < line_len) {
		line_len = 0; /* no room: the line is lost */
		return;
	}
	for (u32 i = 0; i < line_len; i++)
		enqueue((u8)line[i]);
	line_lens[(lines_head + q_lines) % MAX_LINES] = line_len;
	q_lines++;
	line_len = 0;
	input_arrived();
}

static void signal_foreground(int sig)
{
	for (struct task *t = NULL; (t = task_next(t));)
		if (t->pgid == foreground_pgrp && t == t->group_leader) {
			struct sig_info info = { .code = SI_KERNEL };
			signal_send_process(t, sig, &info);
		}
}

/* The signal a character stands for under ISIG, or 0. */
static int isig_signal(u8 c)
{
	const u8 *cc = termios.c_cc;
	if (!(termios.c_lflag & ISIG) || c == 0) /* _POSIX_VDISABLE */
		return 0;
	if (c == cc[VINTR])
		return SIGINT;
	if (c == cc[VQUIT])
		return SIGQUIT;
	if (c == cc[VSUSP])
		return SIGTSTP;
	return 0;
}

static void signal_group(int pgid, int sig)
{
	for (struct task *t = NULL; (t = task_next(t));)
		if (t->pgid == pgid && t == t->group_leader) {
			struct sig_info info = { .code = SI_KERNEL };
			signal_send_process(t, sig, &info);
		}
}

/* Linux's tty_check_change()/__tty_check_change(): may the current task,
 * in a background group of the terminal's session, go on with what needs
 * the foreground? 0 when it may; else the group is sent sig and the call
 * is restarted once the group is continued (-ERESTARTSYS), or it fails
 * with -EIO. Ignoring or blocking sig lets it go on, except for SIGTTIN
 * (a background read then fails). */
static long job_control_check(int sig)
{
	struct task *t = current_task();

	if (pipe_mode || !t || t->sid != tty_session || t->pgid == foreground_pgrp)
		return 0;
	if (t->sig.action[sig].handler == SIG_IGN || (t->sig.blocked & SIG_BIT(sig)))
		return sig == SIGTTIN ? -EIO : 0;
	if (pgrp_orphaned(t->pgid))
		return -EIO;
	signal_group(t->pgid, sig);
	return -ERESTARTSYS;
}

/* Canonical input: one character of the line being typed. */
static void receive_canonical(u8 c)
{
	const u8 *cc = termios.c_cc;

	int sig = isig_signal(c);
	if (sig) {
		echo((char)c);
		put('\n');
		line_len = 0;
		signal_foreground(sig);
		return;
	}
	if (c == cc[VERASE] || c == '\b') {
		if (line_len) {
			line_len--;
			if (termios.c_lflag & ECHO)
				tty_write("\b \b", 3);
		}
		return;
	}
	if (c == cc[VKILL]) {
		while (line_len) {
			line_len--;
			if (termios.c_lflag & ECHO)
				tty_write("\b \b", 3);
		}
		return;
	}
	if (c == cc[VEOF]) {
		if (line_len == 0) {
			eof_marks++;
			input_arrived();
		} else {
			complete_line(); /* the line so far, without a newline */
		}
		return;
	}
	if (line_len < LINE_MAX - 1 || c == '\n')
		line[line_len++] = (char)c;
	echo((char)c);
	if (c == '\n')
		complete_line();
}

void tty_receive(u8 c)
{
	if (pipe_mode) {
		if (escape_pending) {
			escape_pending = false;
			if (c == TTY_ESCAPE_EOF) {
				input_ended = true;
				input_arrived();
				return;
			}
		} else if (c == TTY_ESCAPE) {
			escape_pending = true;
			return;
		}
		enqueue(c);
		input_arrived();
		return;
	}
	if (c == '\r' && (termios.c_iflag & ICRNL))
		c = '\n';
	if (termios.c_lflag & ICANON) {
		receive_canonical(c);
		return;
	}
	int sig = isig_signal(c);
	if (sig) {
		signal_foreground(sig);
		return;
	}
	echo((char)c);
	enqueue(c);
	input_arrived();
}

/* The UART's receive interrupt, and a poll every tick in case no
 * interrupt line is routed: both drain what has arrived. */
static void serial_drain(void)
{
	int c;
	while ((c = serial_getc(SERIAL_COM1)) >= 0)
		tty_receive((u8)c);
}

static void serial_interrupt(struct regs *r)
{
	(void)r;
	serial_drain();
	lapic_eoi();
}

void tty_init(void)
{
	const char *mode = cmdline_get("console");
	pipe_mode = mode && strcmp(mode, "pipe") == 0;
	irq_set_handler(VEC_IRQ_BASE + IRQ_COM1, serial_interrupt);
	serial_enable_rx_interrupt(SERIAL_COM1);
	ioapic_enable_irq(IRQ_COM1);
	tick_subscribe(TICK_TERMINAL, serial_drain);
	serial_drain();
}

static bool input_ready(void)
{
	if (pipe_mode)
		return q_count || input_ended;
	if (termios.c_lflag & ICANON)
		return q_lines || eof_marks;
	return q_count;
}

long tty_read(char *buf, size_t n, bool nonblock)
{
	if (n == 0)
		return 0;
	long err = job_control_check(SIGTTIN);
	if (err)
		return err;
	while (!input_ready()) {
		if (nonblock)
			return -EAGAIN;
		if (signal_pending())
			return -ERESTARTSYS;
		wait_sleep(&readers);
	}
	/* Pipe mode: the feeder wrote its data in one go, but a serial line
	 * brings it a byte at a time. Collect the burst until a tick passes
	 * with nothing new, so a read sees what one write sent, as a program
	 * reading a pipe on Linux would. */
	if (pipe_mode) {
		u32 seen = q_count;
		while (q_count < n && !input_ended && !signal_pending()) {
			wait_sleep(&tick_queue);
			if (q_count == seen)
				break;
			seen = q_count;
		}
	}
	bool canonical = !pipe_mode && (termios.c_lflag & ICANON);
	if (canonical && q_lines == 0) {
		eof_marks--;
		return 0; /* ^D on an empty line */
	}
	size_t limit = canonical ? MIN(n, (size_t)line_lens[lines_head]) : n;
	size_t got = 0;
	while (got < limit && q_count) {
		buf[got++] = (char)queue[q_head];
		q_head = (q_head + 1) % QUEUE_SIZE;
		q_count--;
	}
	if (canonical) { /* one line per read, as Linux's n_tty */
		line_lens[lines_head] -= (u32)got;
		if (line_lens[lines_head] == 0) {
			lines_head = (lines_head + 1) % MAX_LINES;
			q_lines--;
		}
	}
	return (long)got;
}

/* ---- the terminal as a file ------------------------------------------ */

#define TTY_WRITE_CHUNK 2048 /* Linux's tty_write() chunk */
#define TTY_ROWS 25
#define TTY_COLS 80

static char bounce[TTY_WRITE_CHUNK];
static struct winsize winsize = { TTY_ROWS, TTY_COLS, 0, 0 };

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
	if (termios.c_lflag & TOSTOP) {
		long err = job_control_check(SIGTTOU);
		if (err)
			return err;
	}
	while ((u64)done < count) {
		u64 n = MIN(count - (u64)done, (u64)TTY_WRITE_CHUNK);
		if (copy_from_user(bounce, buf + done, n))
			return done ? done : -EFAULT;
		tty_write(bounce, n);
		done += (long)n;
	}
	return done;
}

/* Is the terminal the controlling terminal of t's session? */
static bool controls(const struct task *t) { return t && tty_session && t->sid == tty_session; }

/* tcsetpgrp(3): a group of the caller's session, set from the foreground
 * or by a background member that ignores or blocks SIGTTOU. */
static long set_foreground(const int __user *arg)
{
	struct task *self = current_task();
	int pgrp;

	if (!controls(self))
		return -ENOTTY;
	long err = job_control_check(SIGTTOU);
	if (err)
		return err;
	if (get_user_bytes(&pgrp, arg, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	bool found = false;
	for (struct task *t = NULL; (t = task_next(t));)
		found |= t->pgid == pgrp && t->state != TASK_ZOMBIE;
	if (!found)
		return -ESRCH;
	for (struct task *t = NULL; (t = task_next(t));)
		if (t->pgid == pgrp && t->sid != self->sid)
			return -EPERM;
	foreground_pgrp = pgrp;
	return 0;
}

/* TIOCSCTTY: a session leader without a controlling terminal makes this
 * its own; taking it from another session needs arg 1 (and root, which
 * every task is). */
static long set_controlling(int steal)
{
	struct task *t = current_task();

	if (controls(t) && t->pid == t->sid)
		return 0;
	if (t->pid != t->sid)
		return -EPERM;
	if (tty_session && steal != 1) {
		bool alive = false;
		for (struct task *o = NULL; (o = task_next(o));)
			alive |= o->sid == tty_session && o->state != TASK_ZOMBIE;
		if (alive)
			return -EPERM;
	}
	tty_session = t->sid;
	foreground_pgrp = t->pgid;
	return 0;
}

static void tty_hang_up_session(void)
{
	if (!tty_session)
		return;
	if (foreground_pgrp) {
		signal_group(foreground_pgrp, SIGHUP);
		signal_group(foreground_pgrp, SIGCONT);
	}
	tty_session = 0;
}

void tty_session_leader_exit(int sid)
{
	if (tty_session == sid)
		tty_hang_up_session();
}

static long tty_ioctl(struct file *f, u32 cmd, u64 arg)
{
	(void)f;
	switch (cmd) {
	case TCGETS:
		return put_user_bytes((void *)arg, &termios, sizeof(termios));
	case TCSETS:
	case TCSETSW:
	case TCSETSF: {
		long err = get_user_bytes(&termios, (const void *)arg, sizeof(termios));
		poll_notify(&tty_input_source); /* ICANON decides what is ready */
		return err;
	}
	case TIOCGWINSZ:
		return put_user_bytes((void *)arg, &winsize, sizeof(winsize));
	case TIOCSWINSZ:
		return get_user_bytes(&winsize, (const void *)arg, sizeof(winsize));
	case TIOCGPGRP:
		if (!controls(current_task()))
			return -ENOTTY;
		return put_user_bytes((void *)arg, &foreground_pgrp, sizeof(foreground_pgrp));
	case TIOCSPGRP:
		return set_foreground((const int __user *)arg);
	case TIOCSCTTY:
		return set_controlling((int)arg);
	case TIOCNOTTY:
		if (!controls(current_task()))
			return -ENOTTY;
		if (current_task()->pid == tty_session)
			tty_hang_up_session();
		return 0;
	default:
		return -ENOTTY;
	}
}

static int tty_poll(struct file *f)
{
	(void)f;
	int events = POLLOUT | POLLWRNORM;
	if (input_ready())
		events |= POLLIN | POLLRDNORM;
	return events;
}

static struct poll_source *tty_poll_source(struct file *f)
{
	(void)f;
	return &tty_input_source;
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
	.poll_source = tty_poll_source,
};

/* Pipe mode's descriptors 0-2: the same data path, a pipe's face. */
static const struct file_ops std_pipe_fops = {
	.read = tty_file_read,
	.write = tty_file_write,
	.ioctl = no_tty_ioctl,
	.poll = tty_poll,
	.poll_source = tty_poll_source,
};

int tty_open_std(struct fdtable *t)
{
	static const u32 flags[3] = { O_RDONLY, O_WRONLY, O_WRONLY };
	struct inode *ino = inode_new(pipe_mode ? (S_IFIFO | 0600) : (S_IFCHR | 0620));
	if (!ino)
		return -ENOMEM;
	ino->rdev = pipe_mode ? 0 : (5 << 8) | 1; /* /dev/console is 5:1 */
	/* open("/proc/self/fd/1") opens the same terminal again. */
	ino->fops = pipe_mode ? &std_pipe_fops : &tty_fops;
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
