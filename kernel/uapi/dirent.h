/*
 * uapi/dirent.h - the record getdents64(2) writes (Linux's struct
 * linux_dirent64, include/linux/dirent.h) and its d_type values.
 * Records are padded to a multiple of 8 bytes.
 */
#ifndef MINOS_UAPI_DIRENT_H
#define MINOS_UAPI_DIRENT_H

struct linux_dirent64 {
	unsigned long d_ino;
	long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[]; /* NUL-terminated */
};

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12

#endif
