/*
 * cpu.h - what the CPU can do (from CPUID) and the control-register bits
 * MinOS sets: CR0.WP, CR4.PGE/SMEP/SMAP/OSFXSR..., EFER.NXE.
 * Invariant: cpu_init() runs once on the boot CPU before any other arch
 * setup; cpu_features is read-only afterwards.
 */
#ifndef MINOS_ARCH_CPU_H
#define MINOS_ARCH_CPU_H

#include "types.h"

/* Control-register bits, Intel SDM vol. 3A, 2.5 "Control Registers". */
#define CR0_PE (1ULL << 0)
#define CR0_MP (1ULL << 1)
#define CR0_EM (1ULL << 2)
#define CR0_TS (1ULL << 3)
#define CR0_WP (1ULL << 16)
#define CR0_AM (1ULL << 18)
#define CR0_PG (1ULL << 31)
#define CR4_PAE (1ULL << 5)
#define CR4_PGE (1ULL << 7)
#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define CR4_FSGSBASE (1ULL << 16)
#define CR4_SMEP (1ULL << 20)
#define CR4_SMAP (1ULL << 21)

/* RFLAGS bits, Intel SDM vol. 1, 3.4.3. */
#define RFLAGS_CF (1ULL << 0)
#define RFLAGS_PF (1ULL << 2)
#define RFLAGS_AF (1ULL << 4)
#define RFLAGS_ZF (1ULL << 6)
#define RFLAGS_SF (1ULL << 7)
#define RFLAGS_TF (1ULL << 8)
#define RFLAGS_IF (1ULL << 9)
#define RFLAGS_DF (1ULL << 10)
#define RFLAGS_OF (1ULL << 11)
#define RFLAGS_IOPL (3ULL << 12)
#define RFLAGS_NT (1ULL << 14)
#define RFLAGS_RF (1ULL << 16)
#define RFLAGS_VM (1ULL << 17)
#define RFLAGS_AC (1ULL << 18)
#define RFLAGS_ID (1ULL << 21) /* writable only when the CPU has CPUID */

/* The extended CPUID leaves and bits that boot.asm tests before long mode
 * and cpu_init() reads again (Intel SDM vol. 2A, CPUID, table 3-8). */
#define CPUID_EXT_MAX 0x80000000      /* EAX: the highest extended leaf */
#define CPUID_EXT_FEATURES 0x80000001
#define EXT1_EDX_NX (1u << 20)        /* execute-disable bit */
#define EXT1_EDX_LM (1u << 29)        /* 64-bit long mode */

struct cpu_features {
	char vendor[13];
	char brand[49];
	u32 family, model, stepping;
	bool nx, smep, smap, pge, pdpe1gb, apic, x2apic, tsc, invariant_tsc;
	bool fsgsbase, rdrand, rdseed, pcid, umip;
	u32 phys_addr_bits, virt_addr_bits;
};

extern struct cpu_features cpu_features;

void cpu_init(void);
/* An application processor: the boot CPU's CR0 and CR4 features (x87/SSE,
 * WP, PGE, SMEP, SMAP...), as cpu_init() chose them. */
void cpu_init_secondary(void);
/* "nx smep smap ..." for the banner; returns buf. */
char *cpu_feature_string(char *buf, size_t size);

static inline void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

#define DEFINE_CR(n)                                                                 \
	static inline u64 read_cr##n(void)                                           \
	{                                                                            \
		u64 v;                                                               \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                    \
		return v;                                                            \
	}                                                                            \
	static inline void write_cr##n(u64 v) { __asm__ volatile("mov %0, %%cr" #n ::"r"(v) : "memory"); }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

/* SMAP: open and close the window in which the kernel may touch user pages. */
static inline void stac(void) { __asm__ volatile("stac" ::: "memory"); }
static inline void clac(void) { __asm__ volatile("clac" ::: "memory"); }

#endif
