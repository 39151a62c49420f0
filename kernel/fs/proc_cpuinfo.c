/*
 * proc_cpuinfo.c - /proc/cpuinfo (proc_sys.h): one block per CPU online
 * (MinOS runs on one), with Linux 6.1's keys in Linux's order
 * (arch/x86/kernel/cpu/proc.c) and values read from CPUID, the TSC's
 * calibrated frequency and the microcode revision MSR. The flags are
 * Linux's names for the CPUID bits, in Linux's order (its capability
 * words, arch/x86/include/asm/cpufeatures.h); the few flags Linux
 * derives itself are given where the rule is plain.
 * Invariant: everything is read once, at boot (proc_cpuinfo_init); a read
 * of the file only formats it.
 * Written once at boot, before other CPUs run tasks (info); read-only after.
 */
#include "fs/proc_sys.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "lib/string.h"

/* Microcode revision (Intel SDM vol. 4, IA32_BIOS_SIGN_ID; AMD's
 * MSR_AMD64_PATCH_LEVEL has the same number). */
#define MSR_UCODE_REV 0x8b
/* Address bits 4-level paging translates (Intel SDM vol. 3A, 4.5). */
#define VIRT_BITS_4LEVEL 48u

/* The CPUID registers each of Linux's capability words comes from, as
 * (leaf, subleaf, register); register 0-3 = EAX, EBX, ECX, EDX. */
enum { EAX, EBX, ECX, EDX };

struct cap_word {
	u32 leaf, sub;
	int reg;
	const char *const *names; /* 32 entries; NULL: Linux shows no name */
};

static const char *const word0[32] = { /* CPUID 1, EDX */
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep",
	"mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi", "mmx",
	"fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
static const char *const word1[32] = { /* CPUID 0x80000001, EDX: AMD's own bits */
	[11] = "syscall", [19] = "mp", [20] = "nx", [22] = "mmxext", [25] = "fxsr_opt",
	[26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm", [30] = "3dnowext", [31] = "3dnow",
};
static const char *const word4[32] = { /* CPUID 1, ECX (bit 27, OSXSAVE, unnamed) */
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3",
	"cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1", "sse4_2",
	"x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c",
	"rdrand", "hypervisor",
};
static const char *const word6[32] = { /* CPUID 0x80000001, ECX */
	"lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a", "misalignsse",
	"3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt", NULL, "lwp", "fma4", "tce", NULL,
	"nodeid_msr", NULL, "tbm", "topoext", "perfctr_core", "perfctr_nb", NULL, "bpext", "ptsc",
	"perfctr_llc", "mwaitx",
};
static const char *const word9[32] = { /* CPUID 7.0, EBX */
	"fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", NULL, "smep", "bmi2", "erms",
	"invpcid", "rtm", "cqm", NULL, "mpx", "rdt_a", "avx512f", "avx512dq", "rdseed", "adx",
	"smap", "avx512ifma", NULL, "clflushopt", "clwb", "intel_pt", "avx512pf", "avx512er",
	"avx512cd", "sha_ni", "avx512bw", "avx512vl",
};
static const char *const word10[32] = { /* CPUID 0xd.1, EAX */
	"xsaveopt", "xsavec", "xgetbv1", "xsaves",
};
static const char *const word12[32] = { /* CPUID 7.1, EAX */
	[4] = "avx_vnni", [5] = "avx512_bf16",
};
static const char *const word13[32] = { /* CPUID 0x80000008, EBX */
	[0] = "clzero", [1] = "irperf", [2] = "xsaveerptr", [4] = "rdpru", [9] = "wbnoinvd",
	[12] = "amd_ibpb", [14] = "amd_ibrs", [15] = "amd_stibp", [24] = "amd_ssbd",
	[25] = "virt_ssbd", [26] = "amd_ssb_no",
};
static const char *const word14[32] = { /* CPUID 6, EAX */
	[0] = "dtherm", [1] = "ida", [2] = "arat", [4] = "pln", [6] = "pts", [7] = "hwp",
	[8] = "hwp_notify", [9] = "hwp_act_window", [10] = "hwp_epp", [11] = "hwp_pkg_req",
};
static const char *const word15[32] = { /* CPUID 0x8000000a, EDX */
	[0] = "npt", [1] = "lbrv", [2] = "svm_lock", [3] = "nrip_save", [4] = "tsc_scale",
	[5] = "vmcb_clean", [6] = "flushbyasid", [7] = "decodeassists", [10] = "pausefilter",
	[12] = "pfthreshold", [13] = "avic", [15] = "v_vmsave_vmload", [16] = "vgif",
};
static const char *const word16[32] = { /* CPUID 7.0, ECX */
	[1] = "avx512vbmi", [2] = "umip", [3] = "pku", [4] = "ospke", [5] = "waitpkg",
	[6] = "avx512_vbmi2", [8] = "gfni", [9] = "vaes", [10] = "vpclmulqdq",
	[11] = "avx512_vnni", [12] = "avx512_bitalg", [13] = "tme", [14] = "avx512_vpopcntdq",
	[16] = "la57", [22] = "rdpid", [24] = "bus_lock_detect", [25] = "cldemote",
	[27] = "movdiri", [28] = "movdir64b", [29] = "enqcmd", [30] = "sgx_lc",
};
static const char *const word17[32] = { /* CPUID 0x80000007, EBX */
	[0] = "overflow_recov", [1] = "succor", [3] = "smca",
};
static const char *const word18[32] = { /* CPUID 7.0, EDX */
	[2] = "avx512_4vnniw", [3] = "avx512_4fmaps", [4] = "fsrm", [8] = "avx512_vp2intersect",
	[10] = "md_clear", [14] = "serialize", [16] = "tsxldtrk", [18] = "pconfig",
	[19] = "arch_lbr", [20] = "ibt", [22] = "amx_bf16", [23] = "avx512_fp16",
	[24] = "amx_tile", [25] = "amx_int8", [28] = "flush_l1d", [29] = "arch_capabilities",
};

/* Linux's own words (3: "other", 8: virtualisation) come between these;
 * show_flags() places them. */
static const struct cap_word words_before3[] = {
	{ 1, 0, EDX, word0 },
	{ 0x80000001, 0, EDX, word1 },
};
static const struct cap_word words_after3[] = {
	{ 1, 0, ECX, word4 },
	{ 0x80000001, 0, ECX, word6 },
};
static const struct cap_word words_after8[] = {
	{ 7, 0, EBX, word9 },         { 0xd, 1, EAX, word10 },      { 7, 1, EAX, word12 },
	{ 0x80000008, 0, EBX, word13 }, { 6, 0, EAX, word14 },      { 0x8000000a, 0, EDX, word15 },
	{ 7, 0, ECX, word16 },        { 0x80000007, 0, EBX, word17 }, { 7, 0, EDX, word18 },
};

/* The power management names, CPUID 0x80000007 EDX (bit 8, the invariant
 * TSC, shows as constant_tsc instead). */
static const char *const power_names[] = {
	"ts", "fid", "vid", "ttp", "tm", "stc", "100mhzsteps", "hwpstate", "", "cpb",
	"eff_freq_ro", "proc_feedback", "acc_power",
};

#define FLAGS_MAX 1536

static struct {
	u32 max_leaf, max_ext;
	bool amd;
	u32 microcode;
	u32 cache_kb, tlb_pages;
	u32 apicid, clflush;
	bool fpu;
	u32 power;
	char flags[FLAGS_MAX];
} info;

static u32 cpuid_reg(u32 leaf, u32 sub, int reg)
{
	u32 r[4] = { 0, 0, 0, 0 };
	bool ext = leaf >= 0x80000000;
	if ((ext && leaf > info.max_ext) || (!ext && leaf > info.max_leaf))
		return 0;
	cpuid(leaf, sub, &r[EAX], &r[EBX], &r[ECX], &r[EDX]);
	return r[reg];
}

/* Bits Linux changes in a word: on AMD, 3DNow! or long mode imply
 * PREFETCHW (3dnowprefetch, word 6 bit 8); LA57 (word 16 bit 16) shows
 * only when 5-level paging is on, and MinOS uses 4 levels. */
#define W6_3DNOWPREFETCH (1u << 8)
#define W1_LM (1u << 29)
#define W1_3DNOW (1u << 31)
#define W16_LA57 (1u << 16)

static u32 linux_view(const struct cap_word *w, u32 bits)
{
	if (w->names == word6 && info.amd &&
	    (cpuid_reg(0x80000001, 0, EDX) & (W1_LM | W1_3DNOW)))
		bits |= W6_3DNOWPREFETCH;
	if (w->names == word16)
		bits &= ~W16_LA57;
	return bits;
}

static void add_word(struct proc_text *t, const struct cap_word *w)
{
	u32 bits = linux_view(w, cpuid_reg(w->leaf, w->sub, w->reg));
	for (int i = 0; i < 32; i++)
		if ((bits & (1u << i)) && w->names[i])
			proc_printf(t, " %s", w->names[i]);
}

/* Linux's synthetic flags of word 3, in bit order, by Linux's rules:
 * the invariant TSC gives constant_tsc and nonstop_tsc; every x86-64 CPU
 * has NOPL and CPUID; AMD from the K8 on has fast REP MOVS/STOS and
 * extended APIC ids; Intel's leaf 0xb gives the topology. */
static void add_linux_word3(struct proc_text *t)
{
	bool invtsc = cpu_features.invariant_tsc;
	if (invtsc)
		proc_printf(t, " constant_tsc");
	if (info.amd ? cpu_features.family >= 0xf : cpu_features.family == 6)
		proc_printf(t, " rep_good");
	proc_printf(t, " nopl");
	if (!info.amd && info.max_leaf >= 0xb && cpuid_reg(0xb, 0, EBX))
		proc_printf(t, " xtopology");
	if (invtsc)
		proc_printf(t, " nonstop_tsc");
	proc_printf(t, " cpuid");
	if (info.amd && cpu_features.family >= 0xf)
		proc_printf(t, " extd_apicid");
}

static void make_flags(void)
{
	struct proc_text t = { info.flags, sizeof(info.flags), 0 };
	for (size_t i = 0; i < ARRAY_SIZE(words_before3); i++)
		add_word(&t, &words_before3[i]);
	add_linux_word3(&t);
	for (size_t i = 0; i < ARRAY_SIZE(words_after3); i++)
		add_word(&t, &words_after3[i]);
	if (info.amd)
		proc_printf(&t, " vmmcall"); /* word 8: AMD's hypercall instruction */
	for (size_t i = 0; i < ARRAY_SIZE(words_after8); i++)
		add_word(&t, &words_after8[i]);
}

/* The largest cache, in KiB: Intel's deterministic cache leaf 4 (Intel
 * SDM vol. 2A, CPUID leaf 4: ways x partitions x line x sets), otherwise
 * AMD's L2 size (leaf 0x80000006, ECX[31:16]). */
static u32 cache_size_kb(void)
{
	if (!info.amd && info.max_leaf >= 4) {
		u32 best = 0;
		for (u32 sub = 0; sub < 16; sub++) {
			u32 a, b, c, d;
			cpuid(4, sub, &a, &b, &c, &d);
			if ((a & 0x1f) == 0)
				break;
			u64 bytes = (u64)((b >> 22) + 1) * (((b >> 12) & 0x3ff) + 1) *
				    ((b & 0xfff) + 1) * ((u64)c + 1);
			if ((a & 0x1f) != 2 && bytes / 1024 > best) /* not an instruction cache */
				best = (u32)(bytes / 1024);
		}
		if (best)
			return best;
	}
	return cpuid_reg(0x80000006, 0, ECX) >> 16;
}

void proc_cpuinfo_init(void)
{
	u32 a, b, c, d;
	cpuid(0, 0, &info.max_leaf, &b, &c, &d);
	cpuid(0x80000000, 0, &info.max_ext, &b, &c, &d);
	if (info.max_ext < 0x80000000)
		info.max_ext = 0;
	bool intel = strcmp(cpu_features.vendor, "GenuineIntel") == 0;
	info.amd = strcmp(cpu_features.vendor, "AuthenticAMD") == 0;
	cpuid(1, 0, &a, &b, &c, &d);
	info.apicid = b >> 24;
	info.clflush = ((b >> 8) & 0xff) * 8;
	info.fpu = d & 1;
	/* The revision register exists on Intel from the P6 and on AMD from
	 * the K8: Intel's sits in the high half, read after a CPUID 1. */
	if (intel && cpu_features.family >= 6) {
		wrmsr(MSR_UCODE_REV, 0);
		cpuid(1, 0, &a, &b, &c, &d);
		info.microcode = (u32)(rdmsr(MSR_UCODE_REV) >> 32);
	} else if (info.amd && cpu_features.family >= 0xf) {
		info.microcode = (u32)rdmsr(MSR_UCODE_REV);
	}
	info.cache_kb = cache_size_kb();
	if (info.amd) { /* L2 TLB entries, 4K pages, data + instruction */
		u32 tlb = cpuid_reg(0x80000006, 0, EBX);
		info.tlb_pages = ((tlb >> 16) & 0xfff) + (tlb & 0xfff);
	}
	info.power = cpuid_reg(0x80000007, 0, EDX);
	make_flags();
}

/* One processor's block. The CPUs are alike (the boot CPU's CPUID
 * answers for all); each has its own number and APIC id. */
static void show_cpu(struct proc_text *t, unsigned cpu, unsigned ncpus)
{
	u32 apicid = cpu ? percpu_blocks[cpu].apic_id : info.apicid;
	u64 khz = tsc_khz();

	proc_printf(t, "processor\t: %u\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n", cpu,
		    cpu_features.vendor, cpu_features.family, cpu_features.model);
	proc_printf(t, "model name\t: %s\nstepping\t: %u\n",
		    cpu_features.brand[0] ? cpu_features.brand : "unknown", cpu_features.stepping);
	if (info.microcode)
		proc_printf(t, "microcode\t: 0x%x\n", info.microcode);
	proc_printf(t, "cpu MHz\t\t: %llu.%03llu\n", (unsigned long long)(khz / 1000),
		    (unsigned long long)(khz % 1000));
	if (info.cache_kb)
		proc_printf(t, "cache size\t: %u KB\n", info.cache_kb);
	proc_printf(t,
		    "physical id\t: 0\nsiblings\t: %u\ncore id\t\t: %u\ncpu cores\t: %u\n"
		    "apicid\t\t: %u\ninitial apicid\t: %u\n",
		    ncpus, cpu, ncpus, apicid, apicid);
	const char *fpu = info.fpu ? "yes" : "no";
	proc_printf(t, "fpu\t\t: %s\nfpu_exception\t: %s\ncpuid level\t: %u\nwp\t\t: yes\n", fpu,
		    fpu, info.max_leaf);
	proc_printf(t, "flags\t\t:%s\n", info.flags);
	/* Linux lists the speculation bugs it found; MinOS does not look. */
	proc_printf(t, "bugs\t\t:\n");
	/* Linux's formula from the TSC: 2 x the clock in MHz, two decimals. */
	proc_printf(t, "bogomips\t: %llu.%02llu\n", (unsigned long long)(khz / 500),
		    (unsigned long long)(khz / 5 % 100));
	if (info.tlb_pages)
		proc_printf(t, "TLB size\t: %u 4K pages\n", info.tlb_pages);
	proc_printf(t, "clflush size\t: %u\ncache_alignment\t: %u\n", info.clflush, info.clflush);
	/* Virtual: what the 4-level page tables MinOS uses can reach, as
	 * Linux reports it without 5-level paging. */
	proc_printf(t, "address sizes\t: %u bits physical, %u bits virtual\n",
		    cpu_features.phys_addr_bits, MIN(cpu_features.virt_addr_bits, VIRT_BITS_4LEVEL));
	proc_printf(t, "power management:");
	for (unsigned i = 0; i < 32; i++) {
		if (!(info.power & (1u << i)))
			continue;
		if (i < ARRAY_SIZE(power_names))
			proc_printf(t, "%s%s", power_names[i][0] ? " " : "", power_names[i]);
		else
			proc_printf(t, " [%u]", i);
	}
	proc_printf(t, "\n\n");
}

/* One block per CPU that runs tasks (docs/smp.md). */
int proc_cpuinfo_show(char *buf, size_t size)
{
	struct proc_text t = { buf, size, 0 };
	unsigned n = smp_cpus_running();
	for (unsigned cpu = 0; cpu < n; cpu++)
		show_cpu(&t, cpu, n);
	return (int)t.len;
}
