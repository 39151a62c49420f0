/*
 * cpio.h - reading the "newc" cpio archive format (the one Linux uses for
 * its initramfs; `cpio -H newc` writes it): a 110-byte ASCII header per
 * entry ("070701" and thirteen 8-digit hex fields), the name, the data,
 * each padded to 4 bytes, and a last entry named TRAILER!!!.
 * Invariant: the reader trusts no field; every length is checked against
 * the archive's size before it is used.
 */
#ifndef MINOS_FS_CPIO_H
#define MINOS_FS_CPIO_H

#include "types.h"

struct cpio_entry {
	const char *name; /* NUL-terminated, as stored (may start with "./") */
	const void *data;
	u64 size;
	u32 mode; /* type and permission bits, as in st_mode */
	u32 uid, gid, nlink, mtime;
};

/* Reads the entry at *offset and advances it. Returns 0, 1 at the trailer
 * (end of archive), or -EINVAL for a malformed archive. */
int cpio_next(const void *archive, size_t size, size_t *offset, struct cpio_entry *e);

/* The path without its leading "/" and "./" parts: "/a/b", "./a/b" and
 * "a/b" name the same entry. */
const char *cpio_strip_prefix(const char *path);

/* Finds path ("/bin/init", "bin/init" and "./bin/init" are the same).
 * Returns 0, -ENOENT, or -EINVAL for a malformed archive. */
int cpio_find(const void *archive, size_t size, const char *path, struct cpio_entry *e);

#endif
