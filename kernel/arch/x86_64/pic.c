/*
 * pic.c - remaps the two 8259A PICs to vectors 32-47 and masks every line.
 * Remapping matters even when masked: a spurious IRQ 7 would otherwise land
 * on vector 15 and look like a CPU exception. Port and command values are
 * from the Intel 8259A datasheet (ICW1-ICW4, OCW1).
 */
#include "arch/x86_64/pic.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/io.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define ICW1_INIT_ICW4 0x11 /* initialise, cascade mode, ICW4 follows */
#define ICW4_8086 0x01
#define PIC_EOI 0x20

void pic_disable(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	io_wait();
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	io_wait();
	outb(PIC1_DATA, VEC_PIC_BASE); /* ICW2: vector offsets */
	io_wait();
	outb(PIC2_DATA, VEC_PIC_BASE + 8);
	io_wait();
	outb(PIC1_DATA, 1 << 2); /* ICW3: slave on IRQ 2 */
	io_wait();
	outb(PIC2_DATA, 2); /* ICW3: slave identity */
	io_wait();
	outb(PIC1_DATA, ICW4_8086);
	io_wait();
	outb(PIC2_DATA, ICW4_8086);
	io_wait();
	outb(PIC1_DATA, 0xFF); /* OCW1: mask all */
	outb(PIC2_DATA, 0xFF);
}

bool pic_is_spurious(unsigned vector)
{
	if (vector == VEC_PIC_BASE + 7)
		return true;
	if (vector == VEC_PIC_BASE + 15) {
		/* The master saw a real IRQ 2 from the slave and wants its EOI. */
		outb(PIC1_CMD, PIC_EOI);
		return true;
	}
	return false;
}
