/*
 * cpu.c - reads CPUID once and turns on the protections the CPU offers:
 * CR0.WP (the kernel honours read-only pages), EFER.NXE (set in boot.asm),
 * CR4.SMEP (no executing user pages in ring 0), CR4.SMAP (no touching user
 * pages in ring 0 outside stac/clac), CR4.PGE (global kernel pages), and
 * x87/SSE for user programs (CR0.MP, CR4.OSFXSR, CR4.OSXMMEXCPT), and
 * CR0.AM, so a program that sets EFLAGS.AC gets #AC (SIGBUS) for unaligned
 * accesses, as on Linux (the check applies only in ring 3).
 * Invariant: a bit is set only when CPUID reports the feature (and the
 * command line does not turn it off, so cpu_init() runs after cmdline_init()).
 * Written once at boot, before other CPUs run tasks (cpu_features, boot_cr0,
 * boot_cr4); read-only after, when each AP copies them (cpu_init_secondary).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/msr.h"
#include "lib/string.h"
#include "lib/format.h"
#include "cmdline.h"

struct cpu_features cpu_features;
/* What cpu_init() wrote, for cpu_init_secondary() on the other CPUs. */
static u64 boot_cr0, boot_cr4;

/* CPUID bit positions, Intel SDM vol. 2A, table 3-8 and 3-10. */
#define ID1_EDX_TSC (1u << 4)
#define ID1_EDX_APIC (1u << 9)
#define ID1_EDX_PGE (1u << 13)
#define ID1_ECX_X2APIC (1u << 21)
#define ID1_ECX_RDRAND (1u << 30)
#define ID1_ECX_PCID (1u << 17)
#define ID7_EBX_FSGSBASE (1u << 0)
#define ID7_EBX_SMEP (1u << 7)
#define ID7_EBX_RDSEED (1u << 18)
#define ID7_EBX_SMAP (1u << 20)
#define ID7_ECX_UMIP (1u << 2)
#define EXT1_EDX_PDPE1GB (1u << 26)
#define EXT7_EDX_INVTSC (1u << 8)

void cpu_init(void)
{
	struct cpu_features *f = &cpu_features;
	u32 a, b, c, d, max, ext_max;

	cpuid(0, 0, &max, &b, &c, &d);
	memcpy(f->vendor + 0, &b, 4);
	memcpy(f->vendor + 4, &d, 4);
	memcpy(f->vendor + 8, &c, 4);
	f->vendor[12] = 0;

	cpuid(1, 0, &a, &b, &c, &d);
	f->family = (a >> 8) & 0xf;
	f->model = (a >> 4) & 0xf;
	if (f->family == 0xf)
		f->family += (a >> 20) & 0xff;
	if (f->family == 0x6 || f->family >= 0xf)
		f->model |= ((a >> 16) & 0xf) << 4;
	f->stepping = a & 0xf;
	f->tsc = d & ID1_EDX_TSC;
	f->apic = d & ID1_EDX_APIC;
	f->pge = d & ID1_EDX_PGE;
	f->x2apic = c & ID1_ECX_X2APIC;
	f->rdrand = c & ID1_ECX_RDRAND;
	f->pcid = c & ID1_ECX_PCID;

	if (max >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		f->fsgsbase = b & ID7_EBX_FSGSBASE;
		f->smep = b & ID7_EBX_SMEP;
		f->smap = b & ID7_EBX_SMAP;
		f->rdseed = b & ID7_EBX_RDSEED;
		f->umip = c & ID7_ECX_UMIP;
	}

	cpuid(CPUID_EXT_MAX, 0, &ext_max, &b, &c, &d);
	if (ext_max >= CPUID_EXT_FEATURES) {
		cpuid(CPUID_EXT_FEATURES, 0, &a, &b, &c, &d);
		f->nx = d & EXT1_EDX_NX;
		f->pdpe1gb = d & EXT1_EDX_PDPE1GB;
	}
	if (ext_max >= 0x80000004) {
		u32 *w = (u32 *)f->brand;
		for (u32 leaf = 0; leaf < 3; leaf++)
			cpuid(0x80000002 + leaf, 0, &w[leaf * 4], &w[leaf * 4 + 1], &w[leaf * 4 + 2],
			      &w[leaf * 4 + 3]);
		f->brand[48] = 0;
	}
	if (ext_max >= 0x80000007) {
		cpuid(0x80000007, 0, &a, &b, &c, &d);
		f->invariant_tsc = d & EXT7_EDX_INVTSC;
	}
	f->phys_addr_bits = 36;
	f->virt_addr_bits = 48;
	if (ext_max >= 0x80000008) {
		cpuid(0x80000008, 0, &a, &b, &c, &d);
		f->phys_addr_bits = a & 0xff;
		f->virt_addr_bits = (a >> 8) & 0xff;
	}

	/* As on Linux, `nosmep` and `nosmap` turn the protections off: some
	 * hypervisors report SMAP but cannot run STAC/CLAC (docs/boot.md). */
	if (cmdline_flag("nosmep"))
		f->smep = false;
	if (cmdline_flag("nosmap"))
		f->smap = false;

	/* x87 and SSE for user programs (every x86-64 CPU has SSE2, and the
	 * ABI assumes it). The kernel itself is built without SSE, so it never
	 * disturbs a program's FPU/SSE registers. */
	write_cr0((read_cr0() | CR0_WP | CR0_MP | CR0_AM) & ~(CR0_EM | CR0_TS));
	__asm__ volatile("fninit");
	u64 cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (f->pge)
		cr4 |= CR4_PGE;
	if (f->smep)
		cr4 |= CR4_SMEP;
	if (f->smap)
		cr4 |= CR4_SMAP;
	write_cr4(cr4);
	/* With SMAP on, AC must start clear or the protection is off. */
	if (f->smap)
		clac();
	boot_cr0 = read_cr0();
	boot_cr4 = cr4;
}

void cpu_init_secondary(void)
{
	write_cr0(boot_cr0);
	__asm__ volatile("fninit");
	write_cr4(boot_cr4);
	if (cpu_features.smap)
		clac();
}

char *cpu_feature_string(char *buf, size_t size)
{
	static const struct {
		const char *name;
		size_t offset;
	} names[] = {
		{ "nx", offsetof(struct cpu_features, nx) },
		{ "smep", offsetof(struct cpu_features, smep) },
		{ "smap", offsetof(struct cpu_features, smap) },
		{ "pge", offsetof(struct cpu_features, pge) },
		{ "pdpe1gb", offsetof(struct cpu_features, pdpe1gb) },
		{ "apic", offsetof(struct cpu_features, apic) },
		{ "x2apic", offsetof(struct cpu_features, x2apic) },
		{ "invtsc", offsetof(struct cpu_features, invariant_tsc) },
		{ "fsgsbase", offsetof(struct cpu_features, fsgsbase) },
		{ "rdrand", offsetof(struct cpu_features, rdrand) },
		{ "rdseed", offsetof(struct cpu_features, rdseed) },
		{ "pcid", offsetof(struct cpu_features, pcid) },
		{ "umip", offsetof(struct cpu_features, umip) },
	};
	size_t used = 0;

	buf[0] = 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!*((const bool *)((const char *)&cpu_features + names[i].offset)))
			continue;
		int n = ksnprintf(buf + used, size - used, "%s%s", used ? " " : "", names[i].name);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	return buf;
}
