/*
 * pic.h - the legacy 8259A pair: remapped away from the exception vectors
 * and fully masked, since MinOS takes its interrupts from the local APIC.
 */
#ifndef MINOS_ARCH_PIC_H
#define MINOS_ARCH_PIC_H

#include "types.h"

void pic_disable(void);
/* A masked PIC can still deliver IRQ 7/15 as spurious interrupts. */
bool pic_is_spurious(unsigned vector);

#endif
