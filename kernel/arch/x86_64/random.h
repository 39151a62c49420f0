/*
 * random.h - random bytes for the kernel (AT_RANDOM, and later getrandom):
 * RDRAND when the CPU has it, otherwise a generator seeded from the TSC.
 * Not for cryptography without RDRAND.
 */
#ifndef MINOS_ARCH_RANDOM_H
#define MINOS_ARCH_RANDOM_H

#include "types.h"

void random_bytes(void *buf, size_t n);
/* Fills a user buffer; returns how many bytes reached it (fewer when it
 * runs into memory that cannot be written). */
u64 random_to_user(void *ubuf, u64 len);

#endif
