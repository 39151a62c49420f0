/*
 * idt.c - fills the IDT with one gate per vector, each pointing at its stub
 * in isr.asm. All gates are interrupt gates (IF cleared on entry), DPL 0
 * except #BP and #OF, which ring 3 may raise with int3/into as on Linux,
 * and 0x80, the legacy system-call gate, which has its own stub.
 * Double fault, NMI and machine check run on their own IST stacks, so they
 * work even when the current stack is broken.
 * Written once at boot, before other CPUs run tasks (the gates and
 * irq_handlers[]); read-only after, also by the handlers that take no lock
 * (NMI, TLB and reschedule IPIs).
 */
#include "arch/x86_64/idt.h"
#include "arch/x86_64/gdt.h"

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

_Static_assert(sizeof(struct idt_gate) == 16, "long-mode IDT gates are 16 bytes");

#define GATE_INTERRUPT 0x8E /* present, DPL 0, 64-bit interrupt gate */
#define GATE_DPL3 0x60

/* The legacy system-call gate: Linux's i386 `int 0x80` (int80_entry.asm). */
#define VEC_LEGACY_SYSCALL 0x80

extern const u64 isr_stub_table[256];
extern void int80_entry(void);

static struct idt_gate idt[256] __aligned(16);
irq_handler_t irq_handlers[256];

static void idt_set_gate(unsigned vector, u64 handler, u8 ist, u8 dpl)
{
	idt[vector] = (struct idt_gate){
		.offset_low = handler & 0xFFFF,
		.selector = GDT_KERNEL_CS,
		.ist = ist,
		.type_attr = GATE_INTERRUPT | (u8)(dpl << 5),
		.offset_mid = (handler >> 16) & 0xFFFF,
		.offset_high = handler >> 32,
	};
}

void idt_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		idt_set_gate(v, isr_stub_table[v], 0, 0);
	idt_set_gate(VEC_BREAKPOINT, isr_stub_table[VEC_BREAKPOINT], 0, 3);
	idt_set_gate(VEC_OVERFLOW, isr_stub_table[VEC_OVERFLOW], 0, 3);
	idt_set_gate(VEC_LEGACY_SYSCALL, (u64)int80_entry, 0, 3);
	idt_set_gate(VEC_DOUBLE_FAULT, isr_stub_table[VEC_DOUBLE_FAULT], IST_DOUBLE_FAULT, 0);
	idt_set_gate(VEC_NMI, isr_stub_table[VEC_NMI], IST_NMI, 0);
	idt_set_gate(VEC_MACHINE_CHECK, isr_stub_table[VEC_MACHINE_CHECK], IST_MACHINE_CHECK, 0);
	idt_load();
}

void idt_load(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed ptr = { sizeof(idt) - 1, (u64)idt };
	__asm__ volatile("lidt %0" ::"m"(ptr) : "memory");
}

void irq_set_handler(unsigned vector, irq_handler_t handler)
{
	if (vector >= VEC_EXCEPTIONS && vector < 256)
		irq_handlers[vector] = handler;
}

static const char *const names[VEC_EXCEPTIONS][2] = {
	[0] = { "#DE", "divide error" },
	[1] = { "#DB", "debug" },
	[2] = { "NMI", "non-maskable interrupt" },
	[3] = { "#BP", "breakpoint" },
	[4] = { "#OF", "overflow" },
	[5] = { "#BR", "bound range exceeded" },
	[6] = { "#UD", "invalid opcode" },
	[7] = { "#NM", "device not available" },
	[8] = { "#DF", "double fault" },
	[9] = { "CSO", "coprocessor segment overrun" },
	[10] = { "#TS", "invalid TSS" },
	[11] = { "#NP", "segment not present" },
	[12] = { "#SS", "stack-segment fault" },
	[13] = { "#GP", "general protection fault" },
	[14] = { "#PF", "page fault" },
	[15] = { "#15", "reserved" },
	[16] = { "#MF", "x87 floating-point error" },
	[17] = { "#AC", "alignment check" },
	[18] = { "#MC", "machine check" },
	[19] = { "#XM", "SIMD floating-point exception" },
	[20] = { "#VE", "virtualization exception" },
	[21] = { "#CP", "control protection exception" },
	[22] = { "#22", "reserved" },
	[23] = { "#23", "reserved" },
	[24] = { "#24", "reserved" },
	[25] = { "#25", "reserved" },
	[26] = { "#26", "reserved" },
	[27] = { "#27", "reserved" },
	[28] = { "#HV", "hypervisor injection exception" },
	[29] = { "#VC", "VMM communication exception" },
	[30] = { "#SX", "security exception" },
	[31] = { "#31", "reserved" },
};

const char *exception_name(unsigned vector)
{
	return vector < VEC_EXCEPTIONS ? names[vector][1] : "interrupt";
}

const char *exception_mnemonic(unsigned vector)
{
	return vector < VEC_EXCEPTIONS ? names[vector][0] : "IRQ";
}
