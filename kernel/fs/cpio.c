/*
 * cpio.c - the newc cpio reader (cpio.h). The format is described in the
 * cpio(5) manual page ("New ASCII Format") and in Linux's
 * Documentation/driver-api/early-userspace/buffer-format.rst.
 */
#include "fs/cpio.h"
#include "errno.h"
#include "lib/string.h"

#define CPIO_HEADER_SIZE 110
#define CPIO_FIELD_LEN 8
#define CPIO_TRAILER "TRAILER!!!"

enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
};

/* A field is exactly eight hexadecimal digits (cpio(5)): no "0x", no sign. */
static int field(const char *hdr, int index, u32 *out)
{
	const char *f = hdr + 6 + index * CPIO_FIELD_LEN;
	u32 v = 0;

	for (int i = 0; i < CPIO_FIELD_LEN; i++) {
		char c = f[i];
		int digit = c >= '0' && c <= '9' ? c - '0'
			  : c >= 'a' && c <= 'f' ? c - 'a' + 10
			  : c >= 'A' && c <= 'F' ? c - 'A' + 10
			  : -1;
		if (digit < 0)
			return -EINVAL;
		v = v << 4 | (u32)digit;
	}
	*out = v;
	return 0;
}

int cpio_next(const void *archive, size_t size, size_t *offset, struct cpio_entry *e)
{
	const char *base = archive;
	size_t off = *offset;
	u32 f[13];

	if (off > size || size - off < CPIO_HEADER_SIZE)
		return -EINVAL;
	const char *hdr = base + off;
	if (memcmp(hdr, "070701", 6) != 0 && memcmp(hdr, "070702", 6) != 0)
		return -EINVAL;
	for (int i = 0; i < 13; i++)
		if (field(hdr, i, &f[i]))
			return -EINVAL;

	u64 name_off = off + CPIO_HEADER_SIZE;
	u64 namesize = f[F_NAMESIZE];
	if (namesize == 0 || namesize > size - name_off)
		return -EINVAL;
	const char *name = base + name_off;
	if (name[namesize - 1] != 0)
		return -EINVAL;
	u64 data_off = ALIGN_UP(name_off + namesize, 4);
	if (data_off > size || f[F_FILESIZE] > size - data_off)
		return -EINVAL;

	e->name = name;
	e->data = base + data_off;
	e->size = f[F_FILESIZE];
	e->mode = f[F_MODE];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
	*offset = ALIGN_UP(data_off + e->size, 4);
	return strcmp(name, CPIO_TRAILER) == 0 ? 1 : 0;
}

const char *cpio_strip_prefix(const char *p)
{
	for (;;) {
		if (p[0] == '/')
			p++;
		else if (p[0] == '.' && p[1] == '/')
			p += 2;
		else
			return p;
	}
}

int cpio_find(const void *archive, size_t size, const char *path, struct cpio_entry *e)
{
	size_t off = 0;
	const char *want = cpio_strip_prefix(path);

	for (;;) {
		int r = cpio_next(archive, size, &off, e);
		if (r < 0)
			return r;
		if (r == 1)
			return -ENOENT;
		if (strcmp(cpio_strip_prefix(e->name), want) == 0)
			return 0;
	}
}
