/*
 * vdso.c - finds the vDSO's clock functions for libminc (time.c). On the
 * first clock call (or vdso_sym()) it reads the ELF image the kernel
 * names in AT_SYSINFO_EHDR, once: its program headers (the load bias, PT_DYNAMIC), the
 * dynamic section (symbols, strings, DT_HASH or DT_GNU_HASH for the
 * symbol count, versions), and keeps each function exported under
 * version LINUX_2.6 (docs/vdso.md); vdso_sym() (minos_vdso.h) looks up
 * any other name in the same parse. Invariant: it never fails; a missing
 * or unusable vDSO leaves a pointer NULL, and time.c makes the system call.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <minos_vdso.h>
#include <sys/auxv.h>

#include <uapi/elf.h>

#include "internal.h"

/* The ELF64 layouts and constants: kernel/uapi/elf.h. */


/* What one parse of the image found. */
struct vdso_image {
	uintptr_t bias; /* run-time address - link-time address */
	const struct elf64_sym *syms;
	const char *strings;
	const uint16_t *versym; /* NULL: no version information */
	const struct elf64_verdef *verdef;
	uint32_t nsyms;
};

/* The number of symbols, from DT_GNU_HASH: one past the highest index
 * a chain reaches (the last entry of a chain has its low bit set). */
static uint32_t gnu_hash_count(const uint32_t *h)
{
	uint32_t nbuckets = h[0], symoffset = h[1], bloom_size = h[2];
	const uint32_t *buckets = h + 4 + bloom_size * 2; /* 64-bit bloom words */
	const uint32_t *chain = buckets + nbuckets;
	uint32_t last = 0;

	for (uint32_t b = 0; b < nbuckets; b++)
		if (buckets[b] > last)
			last = buckets[b];
	if (last < symoffset)
		return symoffset;
	while (!(chain[last - symoffset] & 1))
		last++;
	return last + 1;
}

static int vdso_parse(uintptr_t base, struct vdso_image *im)
{
	const struct elf64_ehdr *eh = (const struct elf64_ehdr *)base;
	const struct elf64_dyn *dyn = NULL;
	const uint32_t *hash = NULL, *gnu_hash = NULL;
	int have_load = 0;

	if (memcmp(eh->e_ident, "\177ELF", 4) != 0 || eh->e_ident[4] != 2 ||
	    eh->e_phentsize != sizeof(struct elf64_phdr))
		return -1;
	memset(im, 0, sizeof(*im));
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph =
			(const struct elf64_phdr *)(base + eh->e_phoff) + i;
		if (ph->p_type == PT_LOAD && !have_load) {
			im->bias = base + ph->p_offset - ph->p_vaddr;
			have_load = 1;
		} else if (ph->p_type == PT_DYNAMIC) {
			dyn = (const struct elf64_dyn *)(base + ph->p_offset);
		}
	}
	if (!have_load || !dyn)
		return -1;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		uintptr_t p = im->bias + dyn->d_val;
		switch (dyn->d_tag) {
		case DT_STRTAB: im->strings = (const char *)p; break;
		case DT_SYMTAB: im->syms = (const struct elf64_sym *)p; break;
		case DT_HASH: hash = (const uint32_t *)p; break;
		case DT_GNU_HASH: gnu_hash = (const uint32_t *)p; break;
		case DT_VERSYM: im->versym = (const uint16_t *)p; break;
		case DT_VERDEF: im->verdef = (const struct elf64_verdef *)p; break;
		}
	}
	if (!im->strings || !im->syms || !(hash || gnu_hash))
		return -1;
	im->nsyms = hash ? hash[1] : gnu_hash_count(gnu_hash); /* DT_HASH: nchain */
	if (!im->verdef)
		im->versym = NULL;
	return 0;
}

/* Whether version index ndx names `version` (not the base definition). */
static int vdso_version_is(const struct vdso_image *im, uint16_t ndx, const char *version)
{
	const struct elf64_verdef *d = im->verdef;

	ndx &= ~VERSYM_HIDDEN;
	for (;;) {
		if (!(d->vd_flags & VER_FLG_BASE) && d->vd_ndx == ndx) {
			const struct elf64_verdaux *a =
				(const struct elf64_verdaux *)((const char *)d + d->vd_aux);
			return strcmp(im->strings + a->vda_name, version) == 0;
		}
		if (!d->vd_next)
			return 0;
		d = (const struct elf64_verdef *)((const char *)d + d->vd_next);
	}
}

static void *vdso_lookup(const struct vdso_image *im, const char *name, const char *version)
{
	for (uint32_t i = 1; i < im->nsyms; i++) {
		const struct elf64_sym *s = &im->syms[i];
		unsigned type = s->st_info & 0xf, bind = s->st_info >> 4;
		if ((type != STT_FUNC && type != STT_NOTYPE) ||
		    (bind != STB_GLOBAL && bind != STB_WEAK) || s->st_shndx == SHN_UNDEF)
			continue;
		if (strcmp(im->strings + s->st_name, name) != 0)
			continue;
		if (im->versym && !vdso_version_is(im, im->versym[i], version))
			continue;
		return (void *)(im->bias + s->st_value);
	}
	return NULL;
}

static struct vdso_image image;
static bool parsed, image_ok;

/* Reads the image the first time anything asks for it. */
static void vdso_parse_once(void)
{
	if (parsed)
		return;
	parsed = true;
	int saved_errno = errno; /* getauxval sets it when the entry is absent */
	uintptr_t base = getauxval(AT_SYSINFO_EHDR);
	errno = saved_errno;
	image_ok = base && vdso_parse(base, &image) == 0;
}

void *vdso_sym(const char *name, const char *version)
{
	vdso_parse_once();
	return image_ok ? vdso_lookup(&image, name, version) : NULL;
}

const struct minc_vdso *__minc_vdso(void)
{
	static struct minc_vdso v;
	static bool found;

	if (!found) {
		found = true;
		v.clock_gettime = vdso_sym("__vdso_clock_gettime", "LINUX_2.6");
		v.gettimeofday = vdso_sym("__vdso_gettimeofday", "LINUX_2.6");
		v.time = vdso_sym("__vdso_time", "LINUX_2.6");
	}
	return &v;
}
