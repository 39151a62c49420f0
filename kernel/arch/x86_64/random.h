/*
 * random.h - random bytes for the kernel (AT_RANDOM, and later getrandom):
 * RDRAND when the CPU has it, otherwise a generator seeded from the TSC.
 * Not for cryptography without RDRAND.
 */
#ifndef MINOS_ARCH_RANDOM_H
#define MINOS_ARCH_RANDOM_H

#include "types.h"

void random_bytes(void *buf, size_t n);

#endif
