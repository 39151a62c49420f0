/*
 * clock.h - what the rest of the kernel needs of the clock page (vvar.h)
 * besides the clocks themselves (declared in arch/x86_64/timer.h): where
 * it is, so that time/vdso.c can map it into every process read-only.
 */
#ifndef MINOS_TIME_CLOCK_H
#define MINOS_TIME_CLOCK_H

#include "types.h"

/* Physical address of the clock page (VVAR_PAGES pages, page-aligned). */
u64 clock_vvar_phys(void);

#endif
