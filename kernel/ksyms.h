/*
 * ksyms.h - the kernel's own symbol table, linked into the image so that a
 * crash report can name functions. scripts/gen-ksyms builds it from the
 * first link's `nm` output; the second link places it at the end of rodata.
 * Invariant: entries are sorted by address.
 */
#ifndef MINOS_KSYMS_H
#define MINOS_KSYMS_H

#include "types.h"

struct ksym {
	u64 addr;
	u32 name; /* offset into ksym_names */
	u32 size; /* bytes, 0 if unknown */
};

/* Finds the symbol containing addr; returns its name and sets *offset, or
 * returns NULL when addr is outside every known symbol. */
const char *ksym_lookup(u64 addr, u64 *offset);
/* The address of a symbol by name, 0 if absent. */
u64 ksym_address(const char *name);
/* Writes "name+0xoff" (or "?") into buf. */
void ksym_format(u64 addr, char *buf, size_t size);

#ifdef MINOS_HOST_TEST
/* Host unit tests supply their own table. */
void ksyms_use_table(const struct ksym *table, u32 count, const char *names);
#endif

#endif
