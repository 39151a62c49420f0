/*
 * fault.c - the deliberate crashes of fault.h. Each kind lives in its own
 * non-inlined function so that the backtrace names it.
 */
#include "test/fault.h"
#include "log.h"
#include "panic.h"
#include "lib/string.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/smp.h"
#include "proc/spinlock.h"
#include "proc/sched.h"

#define NOINLINE __attribute__((noinline))

/* An address the compiler cannot see through (so it does not reject or
 * drop an access it can prove is bad). */
static volatile u64 *opaque_address(u64 addr)
{
	__asm__("" : "+r"(addr));
	return (volatile u64 *)addr;
}

static NOINLINE void fault_page(void)
{
	/* Nothing is mapped at 0 once the boot identity map is gone. */
	*opaque_address(16) = 0xdead;
}

static NOINLINE void fault_gp(void)
{
	/* The first non-canonical address: a #GP, not a page fault. */
	*opaque_address(1ULL << 47) = 0xdead;
}

static NOINLINE void fault_ud(void) { __asm__ volatile("ud2"); }

static NOINLINE void fault_divide(void)
{
	__asm__ volatile("xor %%edx, %%edx\n\txor %%ecx, %%ecx\n\tmov $1, %%eax\n\tdiv %%ecx" ::
				 : "rax", "rcx", "rdx");
}

static NOINLINE void fault_breakpoint(void) { __asm__ volatile("int3"); }

static NOINLINE void fault_panic(void) { panic("fault_inject: a deliberate panic"); }

/* The lock checker (proc/spinlock.h): two locks taken against the order,
 * and a sleep with one held; each must panic at once. */
static struct spinlock test_inner = SPINLOCK_INIT(LOCK_ORDER_SCHED, "an inner lock");
static struct spinlock test_outer = SPINLOCK_INIT(LOCK_ORDER_TABLE, "an outer lock");

static NOINLINE void fault_lock_order(void)
{
	u64 f1 = spin_lock_irqsave(&test_inner);
	u64 f2 = spin_lock_irqsave(&test_outer); /* the checker panics here */
	spin_unlock_irqrestore(&test_outer, f2);
	spin_unlock_irqrestore(&test_inner, f1);
}

static NOINLINE void fault_lock_sleep(void)
{
	u64 f = spin_lock_irqsave(&test_outer);
	schedule(); /* the checker panics before switching */
	spin_unlock_irqrestore(&test_outer, f);
}

/* The last CPU to come up panics (in its NMI handler), so the report must
 * name that CPU and stop the boot CPU, which waits here to be stopped. */
#define AP_PANIC_WAIT_MS 5000

static NOINLINE void fault_ap_panic(void)
{
	if (!smp_nmi_call(smp_cpus_online() - 1, fault_panic)) {
		pr_err("fault: ap-panic needs a second CPU online\n");
		return;
	}
	u64 end = rdtsc() + tsc_khz() * AP_PANIC_WAIT_MS;
	while (rdtsc() < end)
		cpu_relax();
	pr_err("fault: the other CPU did not panic\n");
}

/* Unbounded recursion runs into the boot stack's guard page; the page fault
 * cannot be delivered on that stack, so the CPU raises a double fault,
 * which runs on its own IST stack. */
static NOINLINE u64 fault_stack(u64 depth)
{
	volatile u8 pad[512];
	pad[0] = (u8)depth;
	if (depth == ~0ULL) /* never: keeps the compiler from calling it infinite */
		return 0;
	return fault_stack(depth + 1) + pad[0];
}

/* An empty IDT: the breakpoint cannot be delivered, nor the resulting
 * double fault: the CPU shuts down (a triple fault). */
static NOINLINE void fault_triple(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed empty = { 0, 0 };
	__asm__ volatile("lidt %0\n\tint3" ::"m"(empty));
}

void fault_inject(const char *kind)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} kinds[] = {
		{ "page", fault_page },	      { "gp", fault_gp },
		{ "ud", fault_ud },	      { "divide", fault_divide },
		{ "breakpoint", fault_breakpoint }, { "panic", fault_panic },
		{ "triple", fault_triple },   { "ap-panic", fault_ap_panic },
		{ "lock-order", fault_lock_order }, { "lock-sleep", fault_lock_sleep },
	};

	pr_notice("fault: crashing on purpose (fault=%s)\n", kind);
	if (strcmp(kind, "stack") == 0) {
		fault_stack(0);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (strcmp(kind, kinds[i].name) == 0)
			kinds[i].fn();
	pr_err("fault: unknown kind \"%s\"\n", kind);
}
