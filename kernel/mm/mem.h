/*
 * mem.h - brings up memory management from the boot loader's memory map:
 * the physical allocator, the kernel's page tables and the heap, in that
 * order (each needs the one before).
 */
#ifndef MINOS_MM_MEM_H
#define MINOS_MM_MEM_H

#include "bootinfo.h"

void mem_init(const struct boot_info *bi);

#endif
