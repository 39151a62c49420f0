/*
 * initramfs.h - the files the boot loader passed as modules: each module is
 * a newc cpio archive; a path is looked up in the last module first, so a
 * later archive (scripts/minos-run --rootfs-extra) can add or replace files.
 * The archives stay where the loader put them (their frames are reserved)
 * and are read through the direct map.
 */
#ifndef MINOS_FS_INITRAMFS_H
#define MINOS_FS_INITRAMFS_H

#include "types.h"
#include "bootinfo.h"

#include "uapi/stat.h"

struct initramfs_file {
	const void *data;
	u64 size;
	u32 mode;
};

void initramfs_init(const struct boot_info *bi);
/* 0, -ENOENT, or -EINVAL if an archive is damaged. */
int initramfs_lookup(const char *path, struct initramfs_file *f);

#endif
