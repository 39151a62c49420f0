/*
 * keyboard.c - the PS/2 keyboard behind the i8042 controller (data port
 * 0x60), in scan code set 1, which the controller delivers by default: a
 * key's press sends its code, its release the code with bit 7 set; 0xE0
 * prefixes the extended keys. Shift, Ctrl and Caps Lock are tracked here;
 * Ctrl with a letter gives the control character (Ctrl-C is 3), which the
 * terminal's line discipline then acts on.
 * Invariant: runs in the keyboard's interrupt, interrupts off.
 * Locking: shift, ctrl, caps and extended under the kernel lock
 * (arch/x86_64/klock.h), which trap_dispatch takes for the keyboard's
 * interrupt.
 */
#include "dev/keyboard.h"
#include "dev/tty.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"

#define I8042_DATA 0x60
#define RELEASED 0x80
#define SC_EXTENDED 0xE0
#define SC_LSHIFT 0x2A
#define SC_RSHIFT 0x36
#define SC_CTRL 0x1D
#define SC_CAPS 0x3A

static const char plain[128] = {
	[0x01] = 27, [0x02] = '1', [0x03] = '2', [0x04] = '3', [0x05] = '4', [0x06] = '5',
	[0x07] = '6', [0x08] = '7', [0x09] = '8', [0x0A] = '9', [0x0B] = '0', [0x0C] = '-',
	[0x0D] = '=', [0x0E] = 127, [0x0F] = '\t', [0x10] = 'q', [0x11] = 'w', [0x12] = 'e',
	[0x13] = 'r', [0x14] = 't', [0x15] = 'y', [0x16] = 'u', [0x17] = 'i', [0x18] = 'o',
	[0x19] = 'p', [0x1A] = '[', [0x1B] = ']', [0x1C] = '\r', [0x1E] = 'a', [0x1F] = 's',
	[0x20] = 'd', [0x21] = 'f', [0x22] = 'g', [0x23] = 'h', [0x24] = 'j', [0x25] = 'k',
	[0x26] = 'l', [0x27] = ';', [0x28] = '\'', [0x29] = '`', [0x2B] = '\\', [0x2C] = 'z',
	[0x2D] = 'x', [0x2E] = 'c', [0x2F] = 'v', [0x30] = 'b', [0x31] = 'n', [0x32] = 'm',
	[0x33] = ',', [0x34] = '.', [0x35] = '/', [0x37] = '*', [0x39] = ' ',
};

static const char shifted[128] = {
	[0x02] = '!', [0x03] = '@', [0x04] = '#', [0x05] = '$', [0x06] = '%', [0x07] = '^',
	[0x08] = '&', [0x09] = '*', [0x0A] = '(', [0x0B] = ')', [0x0C] = '_', [0x0D] = '+',
	[0x1A] = '{', [0x1B] = '}', [0x27] = ':', [0x28] = '"', [0x29] = '~', [0x2B] = '|',
	[0x33] = '<', [0x34] = '>', [0x35] = '?',
};

static bool shift, ctrl, caps, extended;

static void keyboard_interrupt(struct regs *r)
{
	(void)r;
	u8 sc = inb(I8042_DATA);
	lapic_eoi();

	if (sc == SC_EXTENDED) {
		extended = true;
		return;
	}
	bool was_extended = extended;
	extended = false;
	bool up = sc & RELEASED;
	sc &= (u8)~RELEASED;
	if (sc == SC_LSHIFT || sc == SC_RSHIFT) {
		shift = !up;
		return;
	}
	if (sc == SC_CTRL) {
		ctrl = !up;
		return;
	}
	if (up || was_extended) /* arrows and the keypad's extras: ignored */
		return;
	if (sc == SC_CAPS) {
		caps = !caps;
		return;
	}
	char c = plain[sc];
	if (!c)
		return;
	bool letter = c >= 'a' && c <= 'z';
	if (letter && (shift != caps))
		c = (char)(c - 'a' + 'A');
	else if (shift && shifted[sc])
		c = shifted[sc];
	if (ctrl && letter)
		c = (char)(c - 'a' + 1);
	else if (ctrl && c == '\\')
		c = 28; /* ^\ */
	tty_receive((u8)c);
}

void keyboard_init(void)
{
	irq_set_handler(VEC_IRQ_BASE + IRQ_KEYBOARD, keyboard_interrupt);
	ioapic_enable_irq(IRQ_KEYBOARD);
}
