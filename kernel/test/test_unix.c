/*
 * test_unix.c - self-tests of the socket layer and AF_UNIX on the running
 * kernel: the system calls are called directly, from the boot context
 * posing as a task (a descriptor table of its own, a user page for the
 * buffers),
 * through pairs, names, connections left unaccepted, data left unread,
 * descriptors in flight and a socket that holds itself; afterwards inodes,
 * open files, heap blocks and free pages must be back where they were.
 * Invariant: nothing here may block (there is no other task to wake it):
 * every socket is non-blocking.
 */
#include "test/ktest.h"
#include "test/counts.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "fs/namei.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "proc/task.h"
#include "arch/x86_64/percpu.h"
#include "uapi/socket.h"
#include "lib/string.h"
#include "errno.h"

#define TEST_USER_PAGE 0x0000000000400000ULL
#define KT_SOCK_PATH "/tmp/kt-unix.sock"

/* The handlers (sys_socket.c), with their own parameter types. */
long sys_socket(int family, int type, int protocol);
long sys_socketpair(int family, int type, int protocol, int *sv);
long sys_bind(int fd, const void *uaddr, int len);
long sys_listen(int fd, int backlog);
long sys_connect(int fd, const void *uaddr, int len);
long sys_accept4(int fd, void *uaddr, int *ulen, int flags);
long sys_sendto(int fd, const void *buf, u64 len, int flags, const void *uaddr, int alen);
long sys_recvfrom(int fd, void *buf, u64 len, int flags, void *uaddr, int *alen);
long sys_sendmsg(int fd, const struct msghdr *um, int flags);

/* The user page's layout. */
struct upage {
	int sv[2];
	char data[64];
	struct sockaddr_un addr;
	struct msghdr mh;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(2 * sizeof(int))];
		struct cmsghdr h;
	} ctl;
};

/* The page as the kernel writes it (k, its direct-map alias: SMAP keeps
 * the kernel out of user addresses) and as the calls are given it (u). */
static struct upage *k, *u;

/* Sends one byte with descriptors a and b (SCM_RIGHTS). */
static long send_two_fds(int s, int a, int b)
{
	k->iov = (struct iovec){ u->data, 1 };
	k->mh = (struct msghdr){ .msg_iov = &u->iov, .msg_iovlen = 1, .msg_control = u->ctl.buf,
				 .msg_controllen = sizeof(u->ctl.buf) };
	k->ctl.h = (struct cmsghdr){ .cmsg_len = CMSG_LEN(2 * sizeof(int)), .cmsg_level = SOL_SOCKET,
				     .cmsg_type = SCM_RIGHTS };
	int fds[2] = { a, b };
	memcpy(k->ctl.buf + sizeof(struct cmsghdr), fds, sizeof(fds));
	return sys_sendmsg(s, &u->mh, MSG_DONTWAIT);
}

static void socket_workout(struct fdtable *t)
{
	const int nb = SOCK_NONBLOCK;

	/* A stream pair: data both ways, some left unread at close. */
	KT_CHECK_EQ(sys_socketpair(AF_UNIX, SOCK_STREAM | nb, 0, u->sv), 0);
	int a = k->sv[0], b = k->sv[1];
	memcpy(k->data, "hello", 5);
	KT_CHECK_EQ(sys_sendto(a, u->data, 5, 0, NULL, 0), 5);
	KT_CHECK_EQ(sys_recvfrom(b, u->data, 3, 0, NULL, NULL), 3);
	KT_CHECK_EQ(sys_recvfrom(b, u->data, 8, 0, NULL, NULL), 2);
	KT_CHECK_EQ(sys_recvfrom(b, u->data, 8, 0, NULL, NULL), -EAGAIN);
	KT_CHECK_EQ(sys_sendto(b, u->data, 5, 0, NULL, 0), 5);
	KT_CHECK_EQ(fd_close(t, a), 0); /* with b's 5 bytes unread */
	KT_CHECK_EQ(sys_recvfrom(b, u->data, 8, 0, NULL, NULL), -ECONNRESET);
	KT_CHECK_EQ(sys_recvfrom(b, u->data, 8, 0, NULL, NULL), 0); /* then EOF */
	KT_CHECK_EQ(fd_close(t, b), 0);

	/* A datagram pair with messages left in both queues. */
	KT_CHECK_EQ(sys_socketpair(AF_UNIX, SOCK_DGRAM | nb, 0, u->sv), 0);
	a = k->sv[0];
	b = k->sv[1];
	KT_CHECK_EQ(sys_sendto(a, u->data, 7, 0, NULL, 0), 7);
	KT_CHECK_EQ(sys_sendto(b, u->data, 0, 0, NULL, 0), 0);
	KT_CHECK_EQ(fd_close(t, a), 0);
	KT_CHECK_EQ(fd_close(t, b), 0);

	/* A path name; two connections, one accepted, one left pending;
	 * data written by a client before anyone accepted. */
	int l = (int)sys_socket(AF_UNIX, SOCK_STREAM | nb, 0);
	KT_CHECK(l >= 0);
	k->addr = (struct sockaddr_un){ .sun_family = AF_UNIX, .sun_path = KT_SOCK_PATH };
	KT_CHECK_EQ(sys_bind(l, &u->addr, sizeof(u->addr)), 0);
	KT_CHECK_EQ(sys_listen(l, 4), 0);
	int c1 = (int)sys_socket(AF_UNIX, SOCK_STREAM | nb, 0);
	int c2 = (int)sys_socket(AF_UNIX, SOCK_STREAM | nb, 0);
	KT_CHECK_EQ(sys_connect(c1, &u->addr, sizeof(u->addr)), 0);
	KT_CHECK_EQ(sys_connect(c2, &u->addr, sizeof(u->addr)), 0);
	KT_CHECK_EQ(sys_sendto(c2, u->data, 4, 0, NULL, 0), 4);
	int n = (int)sys_accept4(l, NULL, NULL, nb);
	KT_CHECK(n >= 0);
	KT_CHECK_EQ(sys_sendto(n, u->data, 6, 0, NULL, 0), 6);
	KT_CHECK_EQ(fd_close(t, l), 0); /* c2's connection dies unaccepted */
	KT_CHECK_EQ(sys_recvfrom(c2, u->data, 8, 0, NULL, NULL), -ECONNRESET);
	KT_CHECK_EQ(fd_close(t, c1), 0);
	KT_CHECK_EQ(fd_close(t, c2), 0);
	KT_CHECK_EQ(fd_close(t, n), 0);
	KT_CHECK_EQ(vfs_unlink(vfs_root, KT_SOCK_PATH), 0);

	/* Descriptors in flight: both ends of a pair in one end's queue, and
	 * a receiving end holding itself (garbage once closed). */
	KT_CHECK_EQ(sys_socketpair(AF_UNIX, SOCK_DGRAM | nb, 0, u->sv), 0);
	a = k->sv[0];
	b = k->sv[1];
	KT_CHECK_EQ(send_two_fds(a, a, b), 1);
	KT_CHECK_EQ(fd_close(t, a), 0);
	KT_CHECK_EQ(fd_close(t, b), 0);
	KT_CHECK_EQ(sys_socketpair(AF_UNIX, SOCK_STREAM | nb, 0, u->sv), 0);
	a = k->sv[0];
	b = k->sv[1];
	int extra = (int)sys_socket(AF_UNIX, SOCK_SEQPACKET | nb, 0);
	KT_CHECK_EQ(send_two_fds(a, b, extra), 1);
	KT_CHECK_EQ(fd_close(t, extra), 0);
	KT_CHECK_EQ(fd_close(t, b), 0);
	KT_CHECK_EQ(fd_close(t, a), 0);

	/* Abstract and automatic names. */
	int d = (int)sys_socket(AF_UNIX, SOCK_DGRAM | nb, 0);
	k->addr = (struct sockaddr_un){ .sun_family = AF_UNIX, .sun_path = "\0kt" };
	KT_CHECK_EQ(sys_bind(d, &u->addr, 5), 0);
	int e = (int)sys_socket(AF_UNIX, SOCK_DGRAM | nb, 0);
	KT_CHECK_EQ(sys_bind(e, &u->addr, 2), 0);
	KT_CHECK_EQ(sys_sendto(e, u->data, 3, 0, &u->addr, 5), 3);
	KT_CHECK_EQ(sys_bind((int)sys_socket(AF_UNIX, SOCK_DGRAM, 0), &u->addr, 5), -EADDRINUSE);
	for (int i = 0; i < FD_MAX; i++)
		if (t->fd[i])
			fd_close(t, i);
}

/* The task the calls see as their caller: self-tests run before any. */
static struct task kt_task;

KTEST(unix_sockets_leave_nothing)
{
	struct vm_space *kspace = vm_kernel_space();
	struct task *me = &kt_task, *was = this_cpu()->current;
	u64 pa = pmm_alloc_page();
	KT_CHECK(pa != 0);
	KT_CHECK_EQ(vm_map(kspace, TEST_USER_PAGE, pa, PAGE_SIZE, VM_USER | VM_WRITE), 0);
	struct kt_counts c;
	kt_counts_take(&c); /* after the mapping: its page tables stay */
	struct fdtable *t = fdtable_new();
	KT_CHECK(t != NULL);
	me->files = t;
	me->umask = 022;
	this_cpu()->current = me;

	k = phys_to_virt(pa);
	u = (struct upage *)TEST_USER_PAGE;
	socket_workout(t);

	this_cpu()->current = was;
	me->files = NULL;
	fdtable_free(t);
	kt_counts_check(&c);
	KT_CHECK_EQ(vm_unmap(kspace, TEST_USER_PAGE, PAGE_SIZE), 0);
	pmm_free_page(pa);
}
