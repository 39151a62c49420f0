/*
 * syscall.c - syscall(nr, ...), the C library's call-by-number. It always
 * passes six arguments, reading more of the va_list than the caller may
 * have given: harmless on x86-64 (they are registers or stack slots) and
 * what every C library does; the kernel ignores the ones a call lacks.
 */
#include <stdarg.h>
#include <unistd.h>

#include "internal.h"

long syscall(long nr, ...)
{
	va_list ap;
	long a[6];

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return __syscall_ret(__syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]));
}
