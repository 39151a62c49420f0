/*
 * rtc.h - the battery-backed real-time clock of the PC (MC146818-style CMOS
 * clock), read once at boot for the wall-clock time.
 */
#ifndef MINOS_DEV_RTC_H
#define MINOS_DEV_RTC_H

#include "types.h"

/* Seconds since 1970-01-01 00:00:00 UTC (the CMOS clock keeps UTC under
 * QEMU), or -1 if the clock gives nonsense. */
s64 rtc_read_unix_time(void);

#endif
