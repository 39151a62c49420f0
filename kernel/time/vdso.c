/*
 * vdso.c - the kernel side of the vDSO (vdso.h, docs/vdso.md): the image
 * built from kernel/vdso/ and embedded by vdso_image.asm, put into every
 * new process by execve, with the clock page (time/clock.c) just below.
 * Invariants: the image is position-independent and has no relocations
 * (the build refuses one that has), so its bytes run as they are at any
 * page. Its pages are filled once, on the first execve, and shared by
 * every process (an ordinary read-and-execute area holding one reference
 * per mapping, mm/pageref.h: munmap drops it, a debugger's forced write
 * copies the page); the clock page is the kernel's, shared by all and
 * never writable from ring 3 (a VMA_KERNEL area).
 * `vdso=0` on the command line leaves both out, as Linux's option does.
 * Locking: image_pages under the kernel lock (arch/x86_64/klock.h), filled by
 * the first execve; read-only after.
 */
#include "time/vdso.h"
#include "time/clock.h"
#include "time/vvar.h"
#include "mm/mmap.h"
#include "mm/pmm.h"
#include "mm/pageref.h"
#include "lib/string.h"
#include "cmdline.h"
#include "errno.h"

extern const u8 vdso_image_start[], vdso_image_end[];

static u64 vdso_pages(void)
{
	return ALIGN_UP((u64)(vdso_image_end - vdso_image_start), PAGE_SIZE) / PAGE_SIZE;
}

#define VDSO_PAGES_MAX 4
static u64 image_pages[VDSO_PAGES_MAX]; /* filled once; the kernel's hold */

/* The image in pages of its own, the last page's tail zeroed. */
static int vdso_image_pages(void)
{
	u64 size = (u64)(vdso_image_end - vdso_image_start);

	if (image_pages[0])
		return 0;
	if (vdso_pages() > VDSO_PAGES_MAX)
		return -ENOMEM;
	for (u64 i = 0; i < vdso_pages(); i++) {
		u64 pa = pmm_alloc_page();
		if (!pa) {
			while (i--)
				pmm_free_page(image_pages[i]);
			image_pages[0] = 0;
			return -ENOMEM;
		}
		u8 *page = phys_to_virt(pa);
		u64 len = MIN(PAGE_SIZE, size - i * PAGE_SIZE);
		memcpy(page, vdso_image_start + i * PAGE_SIZE, len);
		memset(page + len, 0, PAGE_SIZE - len);
		image_pages[i] = pa;
	}
	return 0;
}

/* The vDSO's pages at [start, start + vdso_pages()): the shared image,
 * read and execute only. */
static int vdso_fill(struct mm *mm, u64 start)
{
	int err = vdso_image_pages();
	for (u64 i = 0; !err && i < vdso_pages(); i++) {
		err = vm_map(&mm->vm, start + i * PAGE_SIZE, image_pages[i], PAGE_SIZE,
			     VM_USER | VM_EXEC);
		if (!err)
			page_get(image_pages[i]);
	}
	return err;
}

int vdso_map(struct mm *mm, u64 *ehdr_addr)
{
	u64 vvar_size = VVAR_PAGES * PAGE_SIZE;
	u64 vdso_size = vdso_pages() * PAGE_SIZE;
	const char *opt = cmdline_get("vdso");

	*ehdr_addr = 0;
	if (opt && strcmp(opt, "0") == 0)
		return 0;
	u64 base = mm_find_gap(mm, vvar_size + vdso_size);
	if (!base)
		return -ENOMEM;
	int err = vma_add(mm, base, base + vvar_size, VMA_READ, VMA_KERNEL, NULL,
			  clock_vvar_phys());
	if (!err)
		err = vma_add(mm, base + vvar_size, base + vvar_size + vdso_size,
			      VMA_READ | VMA_EXEC, 0, NULL, 0);
	if (!err)
		err = vdso_fill(mm, base + vvar_size);
	if (err)
		return err; /* the caller destroys mm, and with it what was added */
	*ehdr_addr = base + vvar_size;
	return 0;
}
