/*
 * initramfs.c - the boot modules as one read-only tree of files
 * (initramfs.h).
 */
#include "fs/initramfs.h"
#include "fs/cpio.h"
#include "mm/vm.h"
#include "errno.h"
#include "log.h"

static struct {
	const void *base;
	u64 size;
} archives[BOOT_MODULES_MAX];
static unsigned narchives;

void initramfs_init(const struct boot_info *bi)
{
	for (unsigned i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		archives[narchives].base = phys_to_virt(m->start);
		archives[narchives].size = m->end - m->start;
		narchives++;
		pr_info("initramfs: module %u \"%s\": %llu KiB at 0x%llx\n", i, m->name,
			(unsigned long long)((m->end - m->start) >> 10), (unsigned long long)m->start);
	}
	if (!narchives)
		pr_warn("initramfs: the boot loader passed no archive; no programs to run\n");
}

int initramfs_lookup(const char *path, struct initramfs_file *f)
{
	for (unsigned i = narchives; i-- > 0;) {
		struct cpio_entry e;
		int err = cpio_find(archives[i].base, archives[i].size, path, &e);
		if (err == -ENOENT)
			continue;
		if (err)
			return err;
		f->data = e.data;
		f->size = e.size;
		f->mode = e.mode;
		return 0;
	}
	return -ENOENT;
}
