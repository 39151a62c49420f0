/*
 * io.h - x86 port I/O and the few single instructions C cannot express.
 * Invariant: every helper is a single instruction with a "memory" clobber
 * where ordering against normal memory accesses matters.
 */
#ifndef MINOS_ARCH_IO_H
#define MINOS_ARCH_IO_H

#include "types.h"

static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port) : "memory"); }
static inline void outw(u16 port, u16 v) { __asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port) : "memory"); }
static inline void outl(u16 port, u32 v) { __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port) : "memory"); }

static inline u8 inb(u16 port)
{
	u8 v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

/* A write to an unused port: about a microsecond, for old devices (PIC). */
static inline void io_wait(void) { outb(0x80, 0); }

static inline void cpu_relax(void) { __asm__ volatile("pause" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void irq_enable(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void cpu_halt(void) { __asm__ volatile("hlt" ::: "memory"); }

static inline u64 read_flags(void)
{
	u64 f;
	__asm__ volatile("pushfq; popq %0" : "=r"(f)::"memory");
	return f;
}

/* Interrupts off; returns RFLAGS as they were, for irq_restore. */
static inline u64 irq_save(void)
{
	u64 flags = read_flags();
	irq_disable();
	return flags;
}

/* Interrupts back on if they were on (RFLAGS.IF, bit 9) at irq_save. */
static inline void irq_restore(u64 flags)
{
	if (flags & (1ULL << 9))
		irq_enable();
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#endif
