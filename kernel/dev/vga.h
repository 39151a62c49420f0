/*
 * vga.h - the 80x25 VGA text console, a second view of the kernel log for
 * `make run-gui` and real screens.
 */
#ifndef MINOS_DEV_VGA_H
#define MINOS_DEV_VGA_H

#include "types.h"

void vga_init(void);
void vga_putc(char c);
void vga_set_color(u8 attr);

/* The text buffer's physical address (boot.asm writes there too). */
#define VGA_TEXT_PHYS 0xB8000

#define VGA_COLOR_NORMAL 0x07 /* light grey on black */
#define VGA_COLOR_ERROR 0x4F  /* white on red */

#endif
