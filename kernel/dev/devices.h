/*
 * devices.h - the character devices in /dev: null, zero, random, urandom
 * (memory devices, Linux's major 1) and tty, console (the terminal, major
 * 5), created at boot with Linux's numbers; also makes /dev and /tmp when
 * the initramfs has none.
 * Invariant: a device inode's fops serve every file opened on it.
 */
#ifndef MINOS_DEV_DEVICES_H
#define MINOS_DEV_DEVICES_H

#include "types.h"

/* st_rdev for small numbers (Linux's new_encode_dev for major and minor
 * below 256). */
#define MKDEV(major, minor) ((u32)(major) << 8 | (u32)(minor))

/* After the initramfs is unpacked; panics only if memory runs out. */
void devices_init(void);

#endif
