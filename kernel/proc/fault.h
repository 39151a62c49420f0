/*
 * fault.h - the task side of traps: what a fault at a user address or in
 * ring 3 means for the running task, and the way back to ring 3.
 * fault_init() hands these to trap_dispatch() (arch/x86_64/trap.h).
 */
#ifndef MINOS_PROC_FAULT_H
#define MINOS_PROC_FAULT_H

void fault_init(void);

#endif
