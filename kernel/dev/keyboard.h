/*
 * keyboard.h - the PS/2 keyboard: key presses become characters of the
 * terminal's input (dev/tty.h), as typed on a US layout.
 */
#ifndef MINOS_DEV_KEYBOARD_H
#define MINOS_DEV_KEYBOARD_H

void keyboard_init(void);

#endif
