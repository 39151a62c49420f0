/*
 * sys/utsname.h - uname(2). The layout is Linux's struct new_utsname
 * (include/uapi/linux/utsname.h): six NUL-terminated char[65] fields,
 * 390 bytes, no padding.
 */
#ifndef MINC_SYS_UTSNAME_H
#define MINC_SYS_UTSNAME_H

/* struct utsname: shared with the kernel. */
#include <uapi/misc.h>

_Static_assert(sizeof(struct utsname) == 390, "Linux's new_utsname size");

int uname(struct utsname *buf);

#endif
