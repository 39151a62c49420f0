/*
 * syscall_setup.h - turning on the SYSCALL instruction: syscall_init()
 * programs this CPU's EFER.SCE, STAR, LSTAR, CSTAR and FMASK
 * (syscall_setup.c), after the GDT and the per-CPU block exist.
 */
#ifndef MINOS_ARCH_SYSCALL_SETUP_H
#define MINOS_ARCH_SYSCALL_SETUP_H

/* The boot CPU: chooses the entry point (syscall=floor) and programs its MSRs. */
void syscall_init(void);
/* Another CPU, after syscall_init() ran on the boot CPU: the same values. */
void syscall_init_cpu(void);

#endif
