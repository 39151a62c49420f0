/*
 * eventpoll.c - epoll instances (eventpoll.h). An instance keeps its items
 * in a list that stands for Linux's ready list: one look polls every item
 * in list order, and an item reported goes to the end, so a caller taking
 * fewer events than are ready gets the others next time (as Linux's
 * level-triggered round robin). Edge-triggered (EPOLLET) items remember
 * their file's poll_source.seq when last looked at and are looked at
 * again only after it moves (a new event), or after EPOLL_CTL_ADD/MOD; a
 * file without a poll_source counts as always having a new event.
 * EPOLLONESHOT items lose their events once reported, until EPOLL_CTL_MOD.
 * Invariants: every instance is on `instances`; items only name files
 * that are open (eventpoll_file_released); polling instances inside
 * instances never goes deeper than EP_MAX_NESTS.
 * Locking: instances, anon_inode and nest_depth under the kernel lock
 * (arch/x86_64/klock.h).
 */
#include "fs/eventpoll.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "uapi/misc.h"
#include "errno.h"

/* The bits that are no event (Linux's EP_PRIVATE_BITS): what a one-shot
 * item keeps once reported. */
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
/* Linux's alloc_anon_inode(): S_IRUSR | S_IWUSR, and no file type. */
#define ANON_INODE_MODE 0600

struct ep_item {
	struct ep_item *next;
	struct file *file; /* not referenced (eventpoll.h) */
	int fd;
	u32 events;        /* asked for, with POLLERR | POLLHUP, and flags */
	u64 data;
	u64 seen_seq;      /* EPOLLET: the source's seq when last looked at */
	bool armed;        /* EPOLLET: look whatever the seq (after ADD, MOD) */
};

struct eventpoll {
	struct eventpoll *next; /* on `instances` */
	struct ep_item *items;
	/* For an instance that watches this one: seq moves when an item's
	 * source does, or the set changes (ep_seq_refresh). */
	struct poll_source poll;
	u64 changes;
};

static struct eventpoll *instances;
static struct inode *anon_inode; /* shared by every instance, as Linux's */
static int nest_depth;           /* instances being polled inside instances */

static const struct file_ops eventpoll_fops;

struct eventpoll *eventpoll_of(struct file *f)
{
	return f && f->ops == &eventpoll_fops ? f->private : NULL;
}

/* The events item reports now (0: none), without changing it. */
static u32 item_ready(const struct ep_item *it, struct poll_wait *pw)
{
	if (it->events & EPOLLET) {
		struct poll_source *ps = poll_file_source(it->file);
		if (ps && !it->armed && ps->seq == it->seen_seq)
			return 0;
	}
	return (u32)poll_file(it->file, pw) & it->events;
}

/* The item has been looked at by epoll_wait: an edge-triggered one waits
 * for the next event; reported, a one-shot one is disarmed. */
static void item_consume(struct ep_item *it, bool reported)
{
	if (it->events & EPOLLET) {
		struct poll_source *ps = poll_file_source(it->file);
		it->seen_seq = ps ? ps->seq : 0;
		it->armed = false;
	}
	if (reported && (it->events & EPOLLONESHOT))
		it->events &= EP_PRIVATE_BITS;
}

long eventpoll_collect(struct eventpoll *ep, struct epoll_event __user *uev, int max,
		       struct poll_wait *pw)
{
	struct ep_item *reported = NULL, **reported_tail = &reported;
	struct ep_item **link = &ep->items;
	long n = 0;

	while (*link && n < max) {
		struct ep_item *it = *link;
		u32 events = item_ready(it, pw);
		if (!events) {
			item_consume(it, false);
			link = &it->next;
			continue;
		}
		struct epoll_event e = { events, it->data };
		if (put_user_bytes(&uev[n], &e, sizeof(e))) {
			if (n == 0)
				n = -EFAULT;
			break;
		}
		item_consume(it, true);
		n++;
		*link = it->next; /* to the end, after those not reported */
		it->next = NULL;
		*reported_tail = it;
		reported_tail = &it->next;
	}
	while (*link)
		link = &(*link)->next;
	*link = reported;
	return n;
}

/* The instance as seen by one that watches it: readable when one of its
 * items would be reported (Linux's ep_eventpoll_poll). */
static int eventpoll_poll(struct file *f)
{
	struct eventpoll *ep = f->private;
	struct poll_wait pw = { POLL_NOW, false };
	int events = 0;

	if (nest_depth > EP_MAX_NESTS)
		return 0;
	nest_depth++;
	for (struct ep_item *it = ep->items; it; it = it->next) {
		if (item_ready(it, &pw)) {
			events = POLLIN | POLLRDNORM;
			break;
		}
	}
	nest_depth--;
	return events;
}

/* Its seq: the sum of its items' (monotonic, as removed items' seqs are
 * kept in changes). An item without a source makes the instance one too
 * (NULL), so its watchers look again at every tick. */
static struct poll_source *eventpoll_poll_source(struct file *f)
{
	struct eventpoll *ep = f->private;
	u64 seq = ep->changes;

	if (nest_depth > EP_MAX_NESTS)
		return &ep->poll;
	nest_depth++;
	struct poll_source *self = &ep->poll;
	for (struct ep_item *it = ep->items; it; it = it->next) {
		struct poll_source *ps = poll_file_source(it->file);
		if (!ps && it->file->ops && it->file->ops->poll) {
			self = NULL;
			break;
		}
		seq += ps ? ps->seq : 0;
	}
	nest_depth--;
	if (self)
		ep->poll.seq = seq;
	return self;
}

static void item_free(struct eventpoll *ep, struct ep_item *it)
{
	struct poll_source *ps = poll_file_source(it->file);
	ep->changes += (ps ? ps->seq : 0) + 1;
	kfree(it);
}

static void eventpoll_release(struct file *f)
{
	struct eventpoll *ep = f->private;

	for (struct eventpoll **link = &instances; *link; link = &(*link)->next) {
		if (*link == ep) {
			*link = ep->next;
			break;
		}
	}
	while (ep->items) {
		struct ep_item *it = ep->items;
		ep->items = it->next;
		kfree(it);
	}
	kfree(ep);
}

static const struct file_ops eventpoll_fops = {
	.poll = eventpoll_poll,
	.poll_source = eventpoll_poll_source,
	.release = eventpoll_release,
	.seekable = false,
};

struct file *eventpoll_create(void)
{
	if (!anon_inode) {
		anon_inode = inode_new(ANON_INODE_MODE);
		if (!anon_inode)
			return NULL;
		anon_inode->nlink = 1;
		inode_get(anon_inode); /* kept for good */
	}
	struct eventpoll *ep = kzalloc(sizeof(*ep));
	if (!ep)
		return NULL;
	struct file *f = file_open_inode(anon_inode, O_RDWR, &eventpoll_fops);
	if (!f) {
		kfree(ep);
		return NULL;
	}
	f->private = ep;
	ep->next = instances;
	instances = ep;
	return f;
}

static struct ep_item *item_find(struct eventpoll *ep, struct file *f, int fd)
{
	for (struct ep_item *it = ep->items; it; it = it->next)
		if (it->file == f && it->fd == fd)
			return it;
	return NULL;
}

/* Would watching `to` from `into` make a loop, or a chain of instances
 * deeper than EP_MAX_NESTS below it? (Linux's ep_loop_check.) */
static bool makes_loop(struct eventpoll *into, struct eventpoll *to, int depth)
{
	for (struct ep_item *it = to->items; it; it = it->next) {
		struct eventpoll *sub = eventpoll_of(it->file);
		if (!sub)
			continue;
		if (sub == into || depth > EP_MAX_NESTS || makes_loop(into, sub, depth + 1))
			return true;
	}
	return false;
}

/* Something changed that a task waiting on this instance (in epoll_wait
 * or watching it) must look at. */
static void ep_changed(struct eventpoll *ep)
{
	ep->changes++;
	poll_notify(&ep->poll);
}

int eventpoll_ctl(struct eventpoll *ep, int op, struct file *tf, int fd,
		  const struct epoll_event *ev)
{
	if (op == EPOLL_CTL_ADD) {
		struct eventpoll *sub = eventpoll_of(tf);
		if (sub && (sub == ep || makes_loop(ep, sub, 0)))
			return -ELOOP;
	}
	struct ep_item *it = item_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		if (it)
			return -EEXIST;
		it = kzalloc(sizeof(*it));
		if (!it)
			return -ENOMEM;
		*it = (struct ep_item){ .file = tf, .fd = fd, .events = ev->events | POLLERR | POLLHUP,
					.data = ev->data, .armed = true };
		struct ep_item **link = &ep->items;
		while (*link)
			link = &(*link)->next;
		*link = it;
		ep_changed(ep);
		return 0;
	case EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		for (struct ep_item **l = &ep->items; *l; l = &(*l)->next) {
			if (*l == it) {
				*l = it->next;
				break;
			}
		}
		item_free(ep, it);
		ep_changed(ep);
		return 0;
	case EPOLL_CTL_MOD:
		if (!it)
			return -ENOENT;
		if (it->events & EPOLLEXCLUSIVE)
			return -EINVAL;
		it->events = ev->events | POLLERR | POLLHUP;
		it->data = ev->data;
		it->armed = true;
		ep_changed(ep);
		return 0;
	default:
		return -EINVAL;
	}
}

void eventpoll_file_released(struct file *f)
{
	for (struct eventpoll *ep = instances; ep; ep = ep->next) {
		struct ep_item **link = &ep->items;
		while (*link) {
			struct ep_item *it = *link;
			if (it->file != f) {
				link = &it->next;
				continue;
			}
			*link = it->next;
			item_free(ep, it);
			ep->changes++;
		}
	}
}
