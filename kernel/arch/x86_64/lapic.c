/*
 * lapic.c - the local APIC (xAPIC, memory-mapped) and its timer, which
 * raises MinOS's periodic interrupt; the handler is the tick's (time/tick.c).
 * Register offsets and bits: Intel SDM vol. 3A, chapter 11 ("Advanced
 * Programmable Interrupt Controller"). The timer's rate is unknown until
 * measured, so lapic_timer_init() counts how far it (and the TSC) move
 * during CALIBRATE_MS of PIT channel 2. Each local APIC is per CPU behind
 * the one mapping; an AP that runs tasks starts its own timer with the
 * boot CPU's calibration (lapic_timer_start_ap).
 * Written once at boot, before other CPUs run tasks (the mapping, tsc_per_ms,
 * counts_per_tick); read-only after. Per-CPU: each CPU programs only its own
 * local APIC's registers.
 */
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/cpu.h"
#include "log.h"
#include "panic.h"
#include "mm/vm.h"

#define APIC_BASE_ENABLE (1ULL << 11)
#define APIC_BASE_ADDR_MASK 0x000FFFFFFFFFF000ULL

#define LAPIC_ID 0x020
#define LAPIC_TPR 0x080
#define LAPIC_EOI 0x0B0
#define LAPIC_SVR 0x0F0
#define LAPIC_ICR_LOW 0x300
#define LAPIC_ICR_HIGH 0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE 0x3E0

#define SVR_ENABLE (1u << 8)
#define ICR_SEND_PENDING (1u << 12) /* delivery status */
#define ICR_DEST_SHIFT 24
#define IPI_SEND_SPINS 1000000 /* pause loops before giving up on a send */
#define LVT_MASKED (1u << 16)
#define LVT_PERIODIC (1u << 17)
#define DIVIDE_BY_16 0x3

/* PIT (Intel 8254): channel 2 is gated by port 0x61 and its output is
 * readable there, so it can time an interval without interrupts. */
#define PIT_HZ 1193182u
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PIT_CH2_ONESHOT 0xB0 /* channel 2, lobyte/hibyte, mode 0 */
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20
/* The calibration window: 2 ms is 2386 PIT periods, so missing one period
 * at either end errs by 0.04% (the clock would drift 35 s a day); every
 * boot waits this long, and a boot to the first program should take a few
 * milliseconds in all. */
#define CALIBRATE_MS 2

static volatile u32 *lapic;
static u64 tsc_per_ms;
static u32 counts_per_tick; /* the boot CPU's calibration, for the APs */

static u32 lapic_read(u32 reg) { return lapic[reg / 4]; }
static void lapic_write(u32 reg, u32 v) { lapic[reg / 4] = v; }

void lapic_eoi(void) { lapic_write(LAPIC_EOI, 0); }

static void spurious_interrupt(struct regs *r)
{
	(void)r; /* no EOI for the spurious vector (SDM 3A, 11.9) */
}

/* Busy-waits CALIBRATE_MS on PIT channel 2; returns the lapic and TSC deltas. */
static void calibrate(u32 *lapic_delta, u64 *tsc_delta)
{
	u32 count = PIT_HZ * CALIBRATE_MS / 1000;
	u8 b = inb(PORT_B);

	outb(PORT_B, (b & ~PORT_B_SPEAKER) & ~PORT_B_GATE2);
	outb(PIT_MODE, PIT_CH2_ONESHOT);
	outb(PIT_CH2, count & 0xFF);
	outb(PIT_CH2, count >> 8);

	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VEC_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_INITIAL, 0xFFFFFFFF);
	u64 t0 = rdtsc();
	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2); /* start */
	while (!(inb(PORT_B) & PORT_B_OUT2))
		cpu_relax();
	*tsc_delta = rdtsc() - t0;
	*lapic_delta = 0xFFFFFFFF - lapic_read(LAPIC_TIMER_CURRENT);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	outb(PORT_B, b);
}

void lapic_timer_init(unsigned hz)
{
	if (!cpu_features.apic)
		panic("timer: this CPU has no local APIC");

	u64 base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	lapic = vm_map_mmio(base & APIC_BASE_ADDR_MASK, PAGE_SIZE);
	if (!lapic)
		panic("timer: cannot map the local APIC");

	irq_set_handler(VEC_LAPIC_SPURIOUS, spurious_interrupt);
	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_LAPIC_SPURIOUS);

	u32 lapic_delta;
	u64 tsc_delta;
	calibrate(&lapic_delta, &tsc_delta);
	tsc_per_ms = tsc_delta / CALIBRATE_MS;
	u32 per_tick = lapic_delta * (1000 / hz) / CALIBRATE_MS;
	if (per_tick == 0)
		panic("timer: the local APIC timer did not count during calibration");

	counts_per_tick = per_tick;
	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VEC_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_INITIAL, per_tick);
	pr_info("timer: local APIC %u at %u Hz (%u counts a tick), TSC %lu.%03lu MHz\n",
		lapic_read(LAPIC_ID) >> 24, hz, per_tick, tsc_per_ms / 1000,
		tsc_per_ms % 1000);
}

u64 tsc_khz(void) { return tsc_per_ms; }

u32 lapic_id(void) { return lapic ? lapic_read(LAPIC_ID) >> 24 : 0; }

void lapic_init_ap(void)
{
	/* The same physical page as the boot CPU's: each CPU sees its own
	 * APIC there, so the one mapping serves all. */
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VEC_LAPIC_TIMER);
	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_LAPIC_SPURIOUS);
}

void lapic_timer_start_ap(void)
{
	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VEC_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_INITIAL, counts_per_tick);
}

bool lapic_send_ipi(u32 dest, u32 icr_low)
{
	lapic_write(LAPIC_ICR_HIGH, dest << ICR_DEST_SHIFT);
	lapic_write(LAPIC_ICR_LOW, icr_low); /* writing the low half sends */
	for (unsigned i = 0; i < IPI_SEND_SPINS; i++) {
		if (!(lapic_read(LAPIC_ICR_LOW) & ICR_SEND_PENDING))
			return true;
		cpu_relax();
	}
	return false;
}
