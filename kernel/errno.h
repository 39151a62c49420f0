/*
 * errno.h - the kernel's error numbers: Linux's values (uapi/errno.h).
 * Kernel functions that can fail return the negated value (-ENOMEM), as
 * Linux does.
 */
#ifndef MINOS_ERRNO_H
#define MINOS_ERRNO_H

#include "uapi/errno.h"

#endif
