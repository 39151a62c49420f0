/*
 * sys/ioctl.h - ioctl(2) with glibc's prototype; the terminal requests
 * (TIOCGWINSZ, ...) and their structures are Linux's, from
 * kernel/uapi/misc.h (which also defines struct utsname: do not include
 * this together with the older sys/utsname.h).
 */
#ifndef MINC_SYS_IOCTL_H
#define MINC_SYS_IOCTL_H

#include <uapi/misc.h>

/* The third argument, a pointer or an integer, as the request needs. */
int ioctl(int fd, unsigned long request, ...);

#endif
