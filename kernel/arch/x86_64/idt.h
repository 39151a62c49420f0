/*
 * idt.h - the interrupt descriptor table and the vector numbers MinOS uses.
 * Vectors 0-31 are the CPU's exceptions (Intel SDM vol. 3A, table 6-1);
 * the legacy PIC is remapped to 32-47 and masked; the local APIC timer and
 * its spurious vector sit above that.
 */
#ifndef MINOS_ARCH_IDT_H
#define MINOS_ARCH_IDT_H

#include "arch/x86_64/frame.h"

#define VEC_DIVIDE_ERROR 0
#define VEC_DEBUG 1
#define VEC_NMI 2
#define VEC_BREAKPOINT 3
#define VEC_OVERFLOW 4
#define VEC_BOUND 5
#define VEC_INVALID_OPCODE 6
#define VEC_DEVICE_NOT_AVAILABLE 7
#define VEC_DOUBLE_FAULT 8
#define VEC_INVALID_TSS 10
#define VEC_SEGMENT_NOT_PRESENT 11
#define VEC_STACK_FAULT 12
#define VEC_GENERAL_PROTECTION 13
#define VEC_PAGE_FAULT 14
#define VEC_X87_FPU 16
#define VEC_ALIGNMENT_CHECK 17
#define VEC_MACHINE_CHECK 18
#define VEC_SIMD_FP 19
#define VEC_VIRTUALIZATION 20
#define VEC_CONTROL_PROTECTION 21
#define VEC_EXCEPTIONS 32

#define VEC_PIC_BASE 0x20 /* IRQ 0-15 after remapping */
#define VEC_LAPIC_TIMER 0x30
#define VEC_LAPIC_SPURIOUS 0xFF

typedef void (*irq_handler_t)(struct regs *r);

void idt_init(void);
/* Loads the one IDT, shared by every CPU, on the running CPU. */
void idt_load(void);
/* Route a vector >= 32 to handler (replacing any earlier one). */
void irq_set_handler(unsigned vector, irq_handler_t handler);
const char *exception_name(unsigned vector);
const char *exception_mnemonic(unsigned vector);

#endif
