/*
 * errno.h - the kernel's error numbers: Linux's values (uapi/errno.h).
 * Kernel functions that can fail return the negated value (-ENOMEM), as
 * Linux does.
 */
#ifndef MINOS_ERRNO_H
#define MINOS_ERRNO_H

#include "uapi/errno.h"

/*
 * What a blocking call returns when a signal interrupts it; never seen by
 * a program. On the way back to ring 3 (signal_deliver) each becomes
 * -EINTR or a restart of the call, by Linux's rules
 * (include/linux/errno.h): ERESTARTSYS restarts unless a handler without
 * SA_RESTART runs; ERESTARTNOINTR always restarts; ERESTARTNOHAND restarts
 * only when no handler runs; ERESTART_RESTARTBLOCK is -EINTR after a
 * handler, else the call resumes through restart_syscall(2).
 */
#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ERESTART_RESTARTBLOCK 516

#endif
