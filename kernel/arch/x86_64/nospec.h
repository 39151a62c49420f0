/*
 * nospec.h - nospec_index_mask(): clamping a table index so that even a
 * mispredicted bounds check cannot read past the table (bounds-check
 * bypass, Spectre variant 1, CVE-2017-5753; Linux's array_index_nospec()).
 * Invariant: the mask is computed without a conditional branch, so the CPU
 * has no prediction to get wrong; callers check the bound first as usual.
 */
#ifndef MINOS_ARCH_NOSPEC_H
#define MINOS_ARCH_NOSPEC_H

#include "types.h"

/* ~0 when index < size, else 0: `cmp` sets the carry flag exactly when
 * index < size (unsigned), and `sbb` of a register with itself turns the
 * carry into all ones or zero. Use as `i &= nospec_index_mask(i, size)`
 * after `if (i < size)`: a speculative run with an out-of-range i then
 * reads element 0, inside the table. */
static inline u64 nospec_index_mask(u64 index, u64 size)
{
	u64 mask;
	__asm__("cmp %2, %1\n\tsbb %0, %0" : "=r"(mask) : "r"(index), "r"(size) : "cc");
	return mask;
}

#endif
