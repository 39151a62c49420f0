/*
 * minos_vdso.h - the vDSO's exported functions, by name and version:
 * libminc parses the image named by AT_SYSINFO_EHDR once at start-up
 * (lib/vdso.c), and the C library's own clock calls (time.h, sys/time.h)
 * already use it (docs/vdso.md).
 */
#ifndef MINC_MINOS_VDSO_H
#define MINC_MINOS_VDSO_H

/* The address of name@version ("__vdso_clock_gettime", "LINUX_2.6"), or
 * NULL when the kernel gave no vDSO or it does not export that symbol. */
void *vdso_sym(const char *name, const char *version);

#endif
