/* version.h - the kernel's name and version, as uname(2) will report them. */
#ifndef MINOS_VERSION_H
#define MINOS_VERSION_H

#define MINOS_NAME "MinOS"
#define MINOS_VERSION "0.1.0"
#define MINOS_MACHINE "x86_64"
/* What uname(2) reports as the release: a Linux-style version first, since
 * C libraries check it (glibc refuses kernels older than 3.2). */
#define MINOS_UNAME_RELEASE "6.1.0-minos-" MINOS_VERSION
/* The rest of uname(2), also read in /proc/sys/kernel/ (MinOS has no
 * sethostname, so the names are fixed). */
#define MINOS_UNAME_VERSION "#1 " MINOS_NAME " " MINOS_VERSION
#define MINOS_NODENAME "minos"
#define MINOS_DOMAINNAME "(none)"

#endif
