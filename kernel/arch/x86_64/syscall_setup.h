/*
 * syscall_setup.h - turning on the SYSCALL instruction: syscall_init()
 * programs this CPU's EFER.SCE, STAR, LSTAR, CSTAR and FMASK
 * (syscall_setup.c), after the GDT and the per-CPU block exist.
 */
#ifndef MINOS_ARCH_SYSCALL_SETUP_H
#define MINOS_ARCH_SYSCALL_SETUP_H

void syscall_init(void);

#endif
