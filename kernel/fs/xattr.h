/*
 * xattr.h - the extended attributes a file keeps, as Linux 6.1's tmpfs
 * keeps them (simple_xattr): a list of (full name, value) pairs on the
 * inode, newest first, each name at most XATTR_NAME_MAX bytes and each
 * value at most XATTR_SIZE_MAX. Which names may be stored is the system
 * calls' business (sys_xattr.c); this file only keeps them.
 * Invariant: the list is freed with the inode (inode_free_data).
 */
#ifndef MINOS_FS_XATTR_H
#define MINOS_FS_XATTR_H

#include "types.h"

#define XATTR_NAME_MAX 255
#define XATTR_SIZE_MAX 65536
#define XATTR_LIST_MAX 65536
#define XATTR_CREATE 0x1
#define XATTR_REPLACE 0x2

struct inode;

struct xattr {
	struct xattr *next;
	u32 size;    /* of the value */
	char *value; /* size bytes, after the name in the same allocation */
	char name[]; /* NUL-terminated, prefix included ("security.x") */
};

/* The value of name: its size, copied into value when size is enough
 * (-ERANGE otherwise; a size of 0 only asks the size); -ENODATA if none. */
long xattr_get(const struct inode *ino, const char *name, void *value, u64 size);
/* Stores name = value (size bytes), or removes it when value is NULL:
 * XATTR_CREATE on an existing name is -EEXIST, XATTR_REPLACE (and a
 * removal) of a missing one -ENODATA; -ENOMEM. */
int xattr_set(struct inode *ino, const char *name, const void *value, u64 size, int flags);
/* The names, each NUL-terminated, newest first, leaving out trusted.*
 * unless with_trusted: their total size; copied into list when size is
 * enough (-ERANGE otherwise; 0 only asks the size). */
long xattr_list(const struct inode *ino, char *list, u64 size, bool with_trusted);
void xattr_free_all(struct inode *ino);

#endif
