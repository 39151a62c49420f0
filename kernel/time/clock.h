/*
 * clock.h - the clocks of clock_gettime(2), kernel side: CLOCK_REALTIME
 * (the CMOS clock read at boot, advanced by the TSC) and CLOCK_MONOTONIC
 * (time since boot), and the clock page they are read from (vvar.h).
 * Invariant: no clock is valid before clock_init(); CLOCK_MONOTONIC never
 * goes backwards.
 */
#ifndef MINOS_TIME_CLOCK_H
#define MINOS_TIME_CLOCK_H

#include "types.h"
#include "uapi/time.h"

void clock_init(void);
struct timespec clock_realtime(void);
struct timespec clock_monotonic(void);
/* The coarse clocks: the same readings rounded down to the last tick
 * (the vDSO's CLOCK_*_COARSE, computed the same way). */
struct timespec clock_realtime_coarse(void);
struct timespec clock_monotonic_coarse(void);

/* Physical address of the clock page (VVAR_PAGES pages, page-aligned). */
u64 clock_vvar_phys(void);
/* The vDSO's getcpu may read the CPU through RDTSCP (percpu.c set
 * IA32_TSC_AUX on every CPU that runs tasks). */
void clock_vvar_set_getcpu_rdtscp(void);

#endif
