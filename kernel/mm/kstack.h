/*
 * kstack.h - kernel stacks and their guard pages.
 * Invariant: the page just below every kernel stack is left unmapped, so
 * running off the end faults (a double fault on its own IST stack) instead
 * of overwriting whatever lies below. Static stacks register their guard
 * page here before vm_init(), which unmaps all of them.
 */
#ifndef MINOS_MM_KSTACK_H
#define MINOS_MM_KSTACK_H

#include "types.h"

void kstack_register_guard(void *guard_page);
/* Unmaps every registered guard page; called by vm_init(). */
void kstack_unmap_guards(void);
/* True if addr lies in a guard page (for the crash report). */
bool kstack_is_guard(u64 addr);

#define KSTACK_PAGES 4 /* 16 KiB per task */
/* A task's kernel stack in the stacks region, with unmapped pages below.
 * Returns its top (16-byte aligned), or 0 when memory or slots run out. */
u64 kstack_alloc(void);
void kstack_free(u64 top);

#endif
