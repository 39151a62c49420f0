/*
 * vga.c - writes text into the VGA text buffer at physical 0xB8000 (read
 * through the direct map) and moves the hardware cursor. Scrolls by one
 * line when the screen is full. Invariant: row/col always point inside the
 * 80x25 screen.
 * Locking: screen, row, col and color under the kernel lock
 * (arch/x86_64/klock.h), held by every kprintf and terminal write, but by a
 * crash report (other CPUs stopped first) and the trace lab's hook on a
 * lock-free call (syscall/dispatch.c).
 */
#include "dev/vga.h"
#include "arch/x86_64/io.h"
#include "mm/vm.h"

#define VGA_COLS 80
#define VGA_ROWS 25
#define CRTC_INDEX 0x3D4
#define CRTC_DATA 0x3D5
#define CRTC_CURSOR_HIGH 0x0E
#define CRTC_CURSOR_LOW 0x0F

static volatile u16 *screen;
static unsigned row, col;
static u8 color = VGA_COLOR_NORMAL;

static void vga_move_cursor(void)
{
	unsigned pos = row * VGA_COLS + col;
	outb(CRTC_INDEX, CRTC_CURSOR_HIGH);
	outb(CRTC_DATA, (u8)(pos >> 8));
	outb(CRTC_INDEX, CRTC_CURSOR_LOW);
	outb(CRTC_DATA, (u8)pos);
}

static u16 blank(void) { return (u16)(color << 8) | ' '; }

void vga_init(void)
{
	screen = phys_to_virt(VGA_TEXT_PHYS);
	for (unsigned i = 0; i < VGA_COLS * VGA_ROWS; i++)
		screen[i] = blank();
	row = col = 0;
	vga_move_cursor();
}

void vga_set_color(u8 attr) { color = attr; }

static void vga_newline(void)
{
	col = 0;
	if (++row < VGA_ROWS)
		return;
	for (unsigned i = 0; i < VGA_COLS * (VGA_ROWS - 1); i++)
		screen[i] = screen[i + VGA_COLS];
	for (unsigned i = 0; i < VGA_COLS; i++)
		screen[VGA_COLS * (VGA_ROWS - 1) + i] = blank();
	row = VGA_ROWS - 1;
}

void vga_putc(char c)
{
	if (!screen)
		return;
	switch (c) {
	case '\n':
		vga_newline();
		break;
	case '\r':
		col = 0;
		break;
	case '\b':
		if (col > 0)
			screen[row * VGA_COLS + --col] = blank();
		break;
	case '\t':
		do
			vga_putc(' ');
		while (col % 8);
		return;
	default:
		screen[row * VGA_COLS + col] = (u16)(color << 8) | (u8)c;
		if (++col == VGA_COLS)
			vga_newline();
	}
	vga_move_cursor();
}
