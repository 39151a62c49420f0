/*
 * sys/resource.h - getrlimit(2) and setrlimit(2) with glibc's prototypes
 * (-1 and errno on failure). struct rlimit and the RLIMIT_* numbers are
 * Linux's, from kernel/uapi/misc.h (which also defines struct utsname: do
 * not include this together with the older sys/utsname.h).
 */
#ifndef MINC_SYS_RESOURCE_H
#define MINC_SYS_RESOURCE_H

#include <uapi/misc.h>

int getrlimit(int resource, struct rlimit *rlim);
int setrlimit(int resource, const struct rlimit *rlim);

#endif
