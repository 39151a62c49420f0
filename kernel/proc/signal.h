/*
 * signal.h - signals, kernel side: what each signal does to a task
 * (handler, mask) and how one is sent. Numbers and structures are Linux's
 * (uapi/signal.h).
 *
 * A signal whose action is the default and whose default is to terminate
 * ends the task at once; an ignored one is dropped; one with a handler
 * installed is kept pending (delivering to user handlers needs signal
 * frames, which MinOS does not build yet). Faults (SIGSEGV, SIGILL...)
 * always terminate, as Linux does when it cannot deliver them.
 */
#ifndef MINOS_PROC_SIGNAL_H
#define MINOS_PROC_SIGNAL_H

#include "types.h"
#include "uapi/signal.h"

struct task;

const char *signal_name(int sig);
/* Sends sig to the current task: returns false when it was ignored. */
bool signal_send_current(int sig);

#endif
