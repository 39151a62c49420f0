/*
 * tty.h - the terminal programs read and write (file descriptors 0, 1, 2):
 * COM1 and the VGA screen.
 *
 * Two modes, chosen with console= on the command line:
 *  - tty (default): a person types. Input is echoed and given to read()
 *    a line at a time; backspace edits the line; output "\n" is sent as
 *    "\r\n" (as a terminal's ONLCR does).
 *  - pipe: another program feeds COM1 (scripts/minos-run when its input is
 *    not a terminal). Nothing is echoed or translated, so a program sees
 *    exactly what it would read from a pipe on Linux. Because a serial line
 *    cannot signal end of input, the feeder escapes its bytes: 0xFF 0xFF
 *    stands for one 0xFF byte, and 0xFF 0x45 ('E') marks the end of input,
 *    after which read() returns 0.
 */
#ifndef MINOS_DEV_TTY_H
#define MINOS_DEV_TTY_H

#include "types.h"

#define TTY_ESCAPE 0xFF
#define TTY_ESCAPE_EOF 0x45

struct fdtable;
struct file_ops;

void tty_init(void);
/* A byte of input (from the UART or the keyboard), interrupts off. */
void tty_receive(u8 c);
/* Kernel buffers. A read waits for at least one byte, or returns 0 at end
 * of input, or -EAGAIN when nonblock and nothing is there. */
long tty_write(const char *buf, size_t n);
long tty_read(char *buf, size_t n, bool nonblock);

/* The terminal as a file (/dev/tty, /dev/console): read, write, the
 * terminal ioctls (TCGETS, TCSETS*, TIOCGWINSZ, TIOCSWINSZ, TIOCGPGRP,
 * TIOCSPGRP), poll. */
extern const struct file_ops tty_fops;

/* Opens descriptors 0 (read), 1 and 2 (write) on the terminal. In pipe
 * mode they behave like the ends of pipes, as a program started with
 * its input and output redirected to pipes would see them on Linux:
 * fstat reports a FIFO, terminal ioctls fail with -ENOTTY, lseek with
 * -ESPIPE. */
int tty_open_std(struct fdtable *t);

/* The leader of session sid ended: if the terminal controls that session,
 * its foreground group gets SIGHUP and SIGCONT, and the terminal controls
 * no session until a TIOCSCTTY (Linux's disassociate_ctty). */
void tty_session_leader_exit(int sid);

#endif
