/*
 * smp.h - bringing up the other processors (application processors, APs)
 * and stopping them on a crash. docs/smp.md draws the sequence.
 * Invariants: smp_init() runs once on the boot CPU, after the local APIC
 * and the TSC are calibrated and before anything else could run on an AP;
 * today an AP only brings up its own CPU state and parks with interrupts
 * off: it never enters the scheduler, the allocators or the file system.
 */
#ifndef MINOS_ARCH_SMP_H
#define MINOS_ARCH_SMP_H

#include "types.h"

/* The real-mode trampoline's page and the page tables an AP switches to
 * long mode with (identity map of the first 2 MiB, plus the kernel half).
 * All lie in the first MiB, which the page allocator never hands out
 * (mm/mem.c), and below 4 GiB, as a 32-bit CR3 load needs. The SIPI's
 * vector is the trampoline's page number: the AP starts at CS:IP =
 * (vector << 8):0000 (Intel SDM vol. 3A, 9.4.4.1, "Typical BSP
 * Initialization Sequence"). */
#define AP_TRAMPOLINE_PHYS 0x8000
#define AP_PML4_PHYS 0x9000
#define AP_PDPT_PHYS 0xA000
#define AP_PD_PHYS 0xB000
#define AP_PARAMS_OFFSET 0xF00 /* struct ap_boot_params within the page */
#define AP_SIPI_VECTOR (AP_TRAMPOLINE_PHYS >> 12)

/* What the boot CPU leaves for the AP it is starting, at
 * AP_TRAMPOLINE_PHYS + AP_PARAMS_OFFSET (ap_trampoline.asm reads it). */
struct ap_boot_params {
	u32 cr3;       /* AP_PML4_PHYS */
	u32 efer;      /* EFER bits to set before paging: LME, and NXE if the boot CPU has it */
	u64 entry;     /* ap_main, in the kernel image */
	u64 stack_top; /* the AP's kernel stack */
	u64 cpu;       /* its index in percpu_blocks, ap_main's argument */
};

/* What an AP's registers held just before it marked itself online, for
 * the self-tests (test/test_smp.c) to hold against the boot CPU's. */
struct smp_cpu_state {
	u64 cr0, cr4, efer, star, lstar, fmask, gs_base, rsp;
	u16 tr;
};

/* Reads ACPI's MADT and starts every other enabled CPU; logs how many
 * CPUs are online and names any that did not answer. */
/* run_tasks is what each AP runs once it is up (the scheduler's entry for
 * an AP: it never returns); when it is NULL, or the command line says
 * smp=park, the APs park. */
void smp_init(void (*run_tasks)(void));
/* CPUs online, the boot CPU included (1 before smp_init). */
unsigned smp_cpus_online(void);
/* CPUs that run tasks: all online ones, or only the boot CPU with smp=park. */
unsigned smp_cpus_running(void);
/* AP cpu's state (1 <= cpu < smp_cpus_online()), else NULL. */
const struct smp_cpu_state *smp_cpu_state(unsigned cpu);
/* For the crash report: asks every other online CPU to halt for good (an
 * NMI) and waits briefly; returns how many confirmed. */
unsigned smp_stop_others(void);
/* The NMI handler's question: was this NMI sent by smp.c? A crash's stop
 * request keeps the interrupted frame r for the report and never returns;
 * a call (smp_nmi_call) runs and returns true; false for any other NMI. */
struct regs;
bool smp_nmi_handle(const struct regs *r);
/* What CPU cpu was doing when a crash stopped it: its frame at the NMI and
 * its CR3, or NULL if it did not stop (or is the crashing CPU). */
const struct regs *smp_stopped_regs(unsigned cpu, u64 *cr3);
/* Makes CPU cpu (1 <= cpu < smp_cpus_online()) run fn in its NMI handler,
 * interrupts off, whatever it is doing: for the fault injection of the
 * self-tests (fault=ap-panic) until there are proper cross-CPU calls.
 * false if there is no such CPU. */
bool smp_nmi_call(unsigned cpu, void (*fn)(void));

#endif
