/*
 * sys_process_vm.c - process_vm_readv(2) and process_vm_writev(2): bytes
 * between the caller's iovecs and another process's, with Linux's rules:
 * flags must be 0, at most UIO_MAXIOV iovecs each side (-EINVAL), a local
 * iovec outside the user half is -EFAULT before anything moves, nothing
 * to move is 0 (even for a pid that does not exist), then -ESRCH for no
 * such process. The remote side needs the mapping's rights (no forcing,
 * unlike ptrace's PEEK and POKE) and is walked page by page: the first
 * page that cannot be reached, or a local fault, ends the transfer, and
 * the bytes moved before it are the result (-EFAULT when none were).
 * Every MinOS task is root, so no permission check refuses.
 */
#include "syscall/syscall.h"
#include "proc/ptrace.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "mm/heap.h"
#include "mm/page.h"
#include "uapi/misc.h"
#include "lib/string.h"
#include "errno.h"

/* A process_vm iovec array from user memory, checked as Linux's
 * import_iovec does: -EINVAL for too many or a negative length. */
static long copy_iovecs(const struct iovec __user *uv, u64 count, struct iovec **out, u64 *total)
{
	if (count > UIO_MAXIOV)
		return -EINVAL;
	struct iovec *v = kmalloc(count * sizeof(*v) + 1);
	if (!v)
		return -ENOMEM;
	if (get_user_bytes(v, uv, count * sizeof(*v))) {
		kfree(v);
		return -EFAULT;
	}
	*total = 0;
	for (u64 i = 0; i < count; i++) {
		if ((s64)v[i].iov_len < 0) {
			kfree(v);
			return -EINVAL;
		}
		*total += v[i].iov_len;
	}
	*out = v;
	return 0;
}

/* Local side of a transfer: the next n bytes between buf and the caller's
 * iovecs (*li, *loff: where the last one stopped). Returns the bytes done. */
static u64 local_copy(struct iovec *lv, u64 lcnt, u64 *li, u64 *loff, u8 *buf, u64 n, bool to_user)
{
	u64 done = 0;
	while (done < n && *li < lcnt) {
		struct iovec *v = &lv[*li];
		u64 k = MIN(n - done, v->iov_len - *loff);
		u8 *p = (u8 *)v->iov_base + *loff;
		u64 left = to_user ? copy_to_user(p, buf + done, k) : copy_from_user(buf + done, p, k);
		done += k - left;
		*loff += k - left;
		if (left)
			break;
		if (*loff == v->iov_len) {
			(*li)++;
			*loff = 0;
		}
	}
	return done;
}

static long process_vm_rw(int pid, const struct iovec __user *ulv, u64 lcnt,
			  const struct iovec __user *urv, u64 rcnt, u64 flags, bool write)
{
	struct iovec *lv = NULL, *rv = NULL;
	u64 ltotal, rtotal;
	long err;

	if (flags)
		return -EINVAL;
	if ((err = copy_iovecs(ulv, lcnt, &lv, &ltotal)))
		return err;
	for (u64 i = 0; i < lcnt; i++) {
		if (!access_ok((u64)lv[i].iov_base, lv[i].iov_len)) {
			kfree(lv);
			return -EFAULT;
		}
	}
	if (ltotal == 0) {
		kfree(lv);
		return 0;
	}
	if ((err = copy_iovecs(urv, rcnt, &rv, &rtotal))) {
		kfree(lv);
		return err;
	}
	struct task *t = task_by_pid(pid);
	u8 *buf = kmalloc(PAGE_SIZE);
	u64 copied = 0, li = 0, loff = 0;
	err = !buf ? -ENOMEM : rtotal == 0 ? 0 : (!t || !t->mm || t->state == TASK_ZOMBIE) ? -ESRCH : 0;
	for (u64 ri = 0; !err && rtotal && ri < rcnt && copied < ltotal; ri++) {
		u64 addr = (u64)rv[ri].iov_base, len = rv[ri].iov_len;
		while (!err && len && copied < ltotal) {
			/* One remote page at a time: a page that cannot be
			 * reached ends the transfer, as Linux's does. */
			u64 n = MIN(MIN(len, PAGE_SIZE - (addr & (PAGE_SIZE - 1))), ltotal - copied);
			u64 got;
			if (write) {
				got = local_copy(lv, lcnt, &li, &loff, buf, n, false);
				if (ptrace_access_vm(t, addr, buf, got, true, false) != got) {
					err = -EFAULT;
					break;
				}
			} else {
				if (ptrace_access_vm(t, addr, buf, n, false, false) != n) {
					err = -EFAULT;
					break;
				}
				got = local_copy(lv, lcnt, &li, &loff, buf, n, true);
			}
			copied += got;
			if (got < n)
				err = -EFAULT;
			addr += n;
			len -= n;
		}
	}
	kfree(buf);
	kfree(lv);
	kfree(rv);
	return copied ? (long)copied : err;
}

long sys_process_vm_readv(int pid, const struct iovec __user *lvec, u64 liovcnt,
			  const struct iovec __user *rvec, u64 riovcnt, u64 flags)
{
	return process_vm_rw(pid, lvec, liovcnt, rvec, riovcnt, flags, false);
}

long sys_process_vm_writev(int pid, const struct iovec __user *lvec, u64 liovcnt,
			   const struct iovec __user *rvec, u64 riovcnt, u64 flags)
{
	return process_vm_rw(pid, lvec, liovcnt, rvec, riovcnt, flags, true);
}
