/*
 * initramfs.h - the boot modules become the root file system: each module
 * the boot loader passed is a newc cpio archive, unpacked into the VFS at
 * boot in the order given, so that a later archive (scripts/minos-run
 * --rootfs-extra) adds files or replaces those of an earlier one.
 * The archives' memory stays reserved after unpacking (it is not reused).
 */
#ifndef MINOS_FS_INITRAMFS_H
#define MINOS_FS_INITRAMFS_H

#include "types.h"
#include "bootinfo.h"
#include "fs/vfs.h"

/* Unpacks every module into vfs_root (vfs_init() first). */
void initramfs_init(const struct boot_info *bi);

/*
 * Unpacks one archive into the tree below root: directories, regular
 * files (data copied) and symlinks, with their modes, owners and mtimes;
 * an existing entry of another type (or a file) at the same path is
 * replaced, an existing directory keeps its contents. Other entry types
 * (devices, FIFOs, sockets) are skipped. Returns the number of entries
 * made, or -EINVAL if the archive is damaged (entries before the damage
 * stay).
 */
long initramfs_unpack(struct inode *root, const void *archive, size_t size);

#endif
