/*
 * sys_select.c - select(2) and pselect6(2): poll(2) over three bit arrays
 * (fd_set) of the descriptors below nfds, for reading, writing and
 * exceptional conditions (POLLPRI). Linux's rules (fs/select.c): nfds < 0
 * is -EINVAL, and nfds beyond the descriptor table is cut down to it; a
 * set bit for a descriptor that is not open is -EBADF; each ready
 * (descriptor, set) pair counts one, and the sets come back holding only
 * those; the time left is written back (both calls, the kernel's
 * interface: C libraries may hide it for pselect). A signal with nothing
 * ready yet ends the wait (-EINTR after a handler; without one the call
 * starts again with the time left) and leaves the sets unchanged.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include "uapi/misc.h"
#include "uapi/eventpoll.h"
#include "uapi/time.h"
#include "errno.h"

#define BITS_PER_WORD 64
#define SET_WORDS (FD_MAX / BITS_PER_WORD)
#define USEC_PER_SEC 1000000
#define NSEC_PER_USEC 1000

/* What makes a descriptor ready in each set (Linux's POLLIN_SET,
 * POLLOUT_SET, POLLEX_SET). */
#define SELECT_IN (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define SELECT_OUT (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define SELECT_EX (POLLPRI)

enum { SET_IN, SET_OUT, SET_EX, SETS };

struct fd_sets {
	u64 bits[SETS][SET_WORDS];
};

static const int set_events[SETS] = { SELECT_IN, SELECT_OUT, SELECT_EX };

/* One look at every descriptor asked about: the ready pairs, written to
 * *got. */
static int select_scan(int n, const struct fd_sets *want, struct fd_sets *got,
		       struct poll_wait *pw)
{
	struct fdtable *files = current_task()->files;
	int ready = 0;

	memset(got, 0, sizeof(*got));
	for (int w = 0; w * BITS_PER_WORD < n; w++) {
		u64 any = want->bits[SET_IN][w] | want->bits[SET_OUT][w] | want->bits[SET_EX][w];
		while (any) {
			int bit = __builtin_ctzll(any);
			any &= any - 1;
			int fd = w * BITS_PER_WORD + bit;
			struct file *f = fd_file(files, fd);
			int events = f ? poll_file(f, pw) : POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
			for (int s = 0; s < SETS; s++) {
				if ((want->bits[s][w] >> bit & 1) && (events & set_events[s])) {
					got->bits[s][w] |= 1ULL << bit;
					ready++;
				}
			}
		}
	}
	return ready;
}

/* The wait select and pselect6 share (Linux's core_sys_select). */
static long do_select(int n, u64 __user *const usets[SETS], struct poll_wait *pw)
{
	struct fd_sets want, got;

	if (n < 0)
		return -EINVAL;
	if (n > FD_MAX)
		n = FD_MAX;
	u64 words = ((u64)n + BITS_PER_WORD - 1) / BITS_PER_WORD;
	memset(&want, 0, sizeof(want));
	for (int s = 0; s < SETS; s++) {
		if (usets[s] && copy_from_user(want.bits[s], usets[s], words * sizeof(u64)))
			return -EFAULT;
		if (n % BITS_PER_WORD) /* bits at nfds and beyond are not looked at */
			want.bits[s][words - 1] &= (1ULL << (n % BITS_PER_WORD)) - 1;
	}
	struct fdtable *files = current_task()->files;
	for (u64 w = 0; w < words; w++) {
		u64 any = want.bits[SET_IN][w] | want.bits[SET_OUT][w] | want.bits[SET_EX][w];
		for (; any; any &= any - 1)
			if (!fd_file(files, (int)(w * BITS_PER_WORD) + __builtin_ctzll(any)))
				return -EBADF;
	}
	long ret;
	for (;;) {
		ret = select_scan(n, &want, &got, pw);
		if (ret || poll_timed_out(pw) || signal_pending())
			break;
		poll_sleep(pw);
	}
	if (!ret && signal_pending())
		return -ERESTARTNOHAND;
	for (int s = 0; s < SETS; s++)
		if (usets[s] && copy_to_user(usets[s], got.bits[s], words * sizeof(u64)))
			return -EFAULT;
	return ret;
}

long sys_select(int n, u64 __user *inp, u64 __user *outp, u64 __user *exp,
		struct timeval __user *utv)
{
	struct poll_wait pw = { POLL_FOREVER, false };
	u64 __user *const usets[SETS] = { inp, outp, exp };

	if (utv) {
		struct timeval tv;
		if (get_user_bytes(&tv, utv, sizeof(tv)))
			return -EFAULT;
		/* tv_usec may hold whole seconds, as Linux accepts; a sum
		 * beyond the range is as good as forever. */
		s64 carry = tv.tv_usec / USEC_PER_SEC;
		s64 sec = carry > 0 && tv.tv_sec > INT64_MAX - carry ? INT64_MAX : tv.tv_sec + carry;
		if (poll_deadline(sec, (tv.tv_usec % USEC_PER_SEC) * NSEC_PER_USEC, &pw.deadline_ns))
			return -EINVAL;
	}
	long ret = do_select(n, usets, &pw);
	return poll_finish(&pw, utv, true, ret);
}

/* pselect6's sixth argument: the mask's address and size, or NULL. */
struct sigset_argpack {
	const u64 __user *mask;
	u64 size;
};

long sys_pselect6(int n, u64 __user *inp, u64 __user *outp, u64 __user *exp,
		  struct timespec __user *uts, const struct sigset_argpack __user *usig)
{
	struct poll_wait pw = { POLL_FOREVER, false };
	struct sigset_argpack sig = { NULL, 0 };
	u64 __user *const usets[SETS] = { inp, outp, exp };

	if (usig && get_user_bytes(&sig, usig, sizeof(sig)))
		return -EFAULT;
	if (uts) {
		struct timespec ts;
		if (get_user_bytes(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (poll_deadline(ts.tv_sec, ts.tv_nsec, &pw.deadline_ns))
			return -EINVAL;
	}
	long ret = poll_sigmask_set(sig.mask, sig.size);
	if (ret)
		return ret;
	ret = do_select(n, usets, &pw);
	return poll_finish(&pw, uts, false, ret);
}
