/*
 * syscall_setup.c - programs the MSRs behind the SYSCALL instruction
 * (Intel SDM vol. 2B, SYSCALL; vol. 4, IA32_STAR/LSTAR/FMASK):
 *
 *   EFER.SCE   enables SYSCALL/SYSRET.
 *   STAR       [47:32] = 0x10: SYSCALL loads CS = 0x10, SS = 0x18;
 *              [63:48] = 0x23: 64-bit SYSRET loads CS = 0x23 + 16 = 0x33,
 *              SS = 0x23 + 8 = 0x2b. gdt.h ties these to the GDT with
 *              _Static_asserts, so the two cannot drift apart.
 *   LSTAR      the 64-bit entry point, syscall_entry (syscall_entry.asm);
 *              with the boot option syscall=floor, syscall_floor_entry
 *              (syscall_floor.asm), which returns at once: benchmarks only.
 *   CSTAR      the compatibility-mode entry (AMD only). No 32-bit user
 *              code segment exists, so it cannot be reached; it points at
 *              the same stub rather than at address 0.
 *   FMASK      RFLAGS bits cleared on entry; Linux's set:
 *              IF  no interrupt before the stub has a kernel stack;
 *              TF  no single-step trap inside the kernel;
 *              DF  the kernel's string instructions need it clear (ABI);
 *              AC  with SMAP, AC set would let the kernel touch user pages;
 *              NT, IOPL, RF, ID and the arithmetic flags: the kernel starts
 *              from a known RFLAGS whatever the user left there.
 *              The user's RFLAGS is restored from R11 on the way out.
 * Written once at boot, before other CPUs run tasks (lstar_target); read-only
 * after, when each AP programs its own MSRs (syscall_init_cpu).
 */
#include "arch/x86_64/syscall_setup.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/cpu.h"
#include "cmdline.h"
#include "log.h"
#include "lib/string.h"

extern void syscall_entry(void);
extern void syscall_floor_entry(void);

#define FMASK_CLEAR                                                                        \
	(RFLAGS_CF | (1ULL << 2) /* PF */ | (1ULL << 4) /* AF */ | (1ULL << 6) /* ZF */ |  \
	 (1ULL << 7) /* SF */ | RFLAGS_TF | RFLAGS_IF | RFLAGS_DF | (1ULL << 11) /* OF */ | \
	 RFLAGS_IOPL | RFLAGS_NT | RFLAGS_RF | RFLAGS_AC | RFLAGS_ID)

_Static_assert(FMASK_CLEAR == 0x257FD5, "FMASK: Linux's value");

/* The 64-bit entry: syscall_entry, or the floor stub that measures the
 * bare SYSCALL + SYSRET cost when the command line says syscall=floor. */
static u64 syscall_lstar_target(void)
{
	const char *mode = cmdline_get("syscall");

	if (mode && strcmp(mode, "floor") == 0) {
		pr_warn("syscall: floor mode: every system call returns at once, "
			"without effect (benchmarks only)\n");
		return (u64)syscall_floor_entry;
	}
	if (mode)
		pr_warn("syscall: unknown mode \"%s\" ignored\n", mode);
	return (u64)syscall_entry;
}

/* Chosen once on the boot CPU; every CPU's LSTAR holds the same. */
static u64 lstar_target;

void syscall_init(void)
{
	lstar_target = syscall_lstar_target();
	syscall_init_cpu();
}

void syscall_init_cpu(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((u64)STAR_USER_BASE << 48) | ((u64)STAR_KERNEL_BASE << 32));
	wrmsr(MSR_LSTAR, lstar_target);
	wrmsr(MSR_CSTAR, (u64)syscall_entry);
	wrmsr(MSR_FMASK, FMASK_CLEAR);
}
