/*
 * xattr.c - the list of extended attributes an inode keeps (xattr.h).
 * Invariant: a replaced attribute keeps its place in the list, a new one
 * goes first, as in Linux's simple_xattr_set.
 */
#include "fs/xattr.h"
#include "fs/vfs.h"
#include "mm/heap.h"
#include "lib/string.h"
#include "errno.h"

static struct xattr **find(struct inode *ino, const char *name)
{
	struct xattr **p = &ino->xattrs;
	while (*p && strcmp((*p)->name, name) != 0)
		p = &(*p)->next;
	return p;
}

long xattr_get(const struct inode *ino, const char *name, void *value, u64 size)
{
	struct xattr *x = *find((struct inode *)ino, name);
	if (!x)
		return -ENODATA;
	if (size) {
		if (size < x->size)
			return -ERANGE;
		memcpy(value, x->value, x->size);
	}
	return x->size;
}

int xattr_set(struct inode *ino, const char *name, const void *value, u64 size, int flags)
{
	struct xattr **p = find(ino, name);
	struct xattr *old = *p, *x = NULL;
	if (old && (flags & XATTR_CREATE))
		return -EEXIST;
	if (!old && (flags & XATTR_REPLACE || !value))
		return -ENODATA;
	if (value) {
		size_t len = strlen(name) + 1;
		x = kmalloc(sizeof(*x) + len + size);
		if (!x)
			return -ENOMEM;
		memcpy(x->name, name, len);
		x->value = x->name + len;
		x->size = (u32)size;
		memcpy(x->value, value, size);
	}
	if (old) {
		if (x) {
			x->next = old->next;
			*p = x;
		} else {
			*p = old->next;
		}
		kfree(old);
	} else {
		x->next = ino->xattrs;
		ino->xattrs = x;
	}
	return 0;
}

long xattr_list(const struct inode *ino, char *list, u64 size, bool with_trusted)
{
	u64 total = 0;
	for (const struct xattr *x = ino->xattrs; x; x = x->next) {
		if (!with_trusted && strncmp(x->name, "trusted.", 8) == 0)
			continue;
		size_t len = strlen(x->name) + 1;
		if (size) {
			if (total + len > size)
				return -ERANGE;
			memcpy(list + total, x->name, len);
		}
		total += len;
	}
	return (long)total;
}

void xattr_free_all(struct inode *ino)
{
	while (ino->xattrs) {
		struct xattr *x = ino->xattrs;
		ino->xattrs = x->next;
		kfree(x);
	}
}
