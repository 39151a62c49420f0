/*
 * vdso.h - putting the vDSO (docs/vdso.md) into a new address space: the
 * clock page (vvar) and, just above it, a copy of the vDSO image, whose
 * ELF header address the program receives as AT_SYSINFO_EHDR.
 */
#ifndef MINOS_TIME_VDSO_H
#define MINOS_TIME_VDSO_H

#include "types.h"

struct mm;

/* Adds both areas to mm at the top of its mmap region and fills the
 * vDSO's pages now. 0 and *ehdr_addr (0 when `vdso=0` turned it off), or
 * -ENOMEM. */
int vdso_map(struct mm *mm, u64 *ehdr_addr);

#endif
