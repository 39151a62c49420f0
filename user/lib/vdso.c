/*
 * vdso.c - finds the vDSO's clock functions for libminc (time.c). At
 * start-up __minc_vdso_init() reads the ELF image the kernel names in
 * AT_SYSINFO_EHDR: its program headers (the load bias, PT_DYNAMIC), the
 * dynamic section (symbols, strings, DT_HASH or DT_GNU_HASH for the
 * symbol count, versions), and keeps each function exported under
 * version LINUX_2.6 (docs/vdso.md); vdso_sym() (minos_vdso.h) looks up
 * any other name in the same parse. Invariant: it never fails; a missing
 * or unusable vDSO leaves a pointer NULL, and time.c makes the system call.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <minos_vdso.h>
#include <sys/auxv.h>

#include "internal.h"

/* ELF64 (System V gABI, "Object Files" and "Dynamic Linking"; the
 * GNU symbol-versioning and DT_GNU_HASH extensions). */
#define ELF_PT_LOAD 1
#define ELF_PT_DYNAMIC 2
#define ELF_DT_NULL 0
#define ELF_DT_HASH 4
#define ELF_DT_STRTAB 5
#define ELF_DT_SYMTAB 6
#define ELF_DT_GNU_HASH 0x6ffffef5
#define ELF_DT_VERSYM 0x6ffffff0
#define ELF_DT_VERDEF 0x6ffffffc
#define ELF_STT_NOTYPE 0
#define ELF_STT_FUNC 2
#define ELF_STB_GLOBAL 1
#define ELF_STB_WEAK 2
#define ELF_SHN_UNDEF 0
#define ELF_VER_FLG_BASE 0x1
#define ELF_VERSYM_HIDDEN 0x8000

struct elf_ehdr {
	unsigned char e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
struct elf_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};
struct elf_dyn {
	int64_t d_tag;
	uint64_t d_val;
};
struct elf_sym {
	uint32_t st_name;
	unsigned char st_info, st_other;
	uint16_t st_shndx;
	uint64_t st_value, st_size;
};
struct elf_verdef {
	uint16_t vd_version, vd_flags, vd_ndx, vd_cnt;
	uint32_t vd_hash, vd_aux, vd_next;
};
struct elf_verdaux {
	uint32_t vda_name, vda_next;
};


/* What one parse of the image found. */
struct vdso_image {
	uintptr_t bias; /* run-time address - link-time address */
	const struct elf_sym *syms;
	const char *strings;
	const uint16_t *versym; /* NULL: no version information */
	const struct elf_verdef *verdef;
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
	const struct elf_ehdr *eh = (const struct elf_ehdr *)base;
	const struct elf_dyn *dyn = NULL;
	const uint32_t *hash = NULL, *gnu_hash = NULL;
	int have_load = 0;

	if (memcmp(eh->e_ident, "\177ELF", 4) != 0 || eh->e_ident[4] != 2 ||
	    eh->e_phentsize != sizeof(struct elf_phdr))
		return -1;
	memset(im, 0, sizeof(*im));
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf_phdr *ph =
			(const struct elf_phdr *)(base + eh->e_phoff) + i;
		if (ph->p_type == ELF_PT_LOAD && !have_load) {
			im->bias = base + ph->p_offset - ph->p_vaddr;
			have_load = 1;
		} else if (ph->p_type == ELF_PT_DYNAMIC) {
			dyn = (const struct elf_dyn *)(base + ph->p_offset);
		}
	}
	if (!have_load || !dyn)
		return -1;
	for (; dyn->d_tag != ELF_DT_NULL; dyn++) {
		uintptr_t p = im->bias + dyn->d_val;
		switch (dyn->d_tag) {
		case ELF_DT_STRTAB: im->strings = (const char *)p; break;
		case ELF_DT_SYMTAB: im->syms = (const struct elf_sym *)p; break;
		case ELF_DT_HASH: hash = (const uint32_t *)p; break;
		case ELF_DT_GNU_HASH: gnu_hash = (const uint32_t *)p; break;
		case ELF_DT_VERSYM: im->versym = (const uint16_t *)p; break;
		case ELF_DT_VERDEF: im->verdef = (const struct elf_verdef *)p; break;
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
	const struct elf_verdef *d = im->verdef;

	ndx &= ~ELF_VERSYM_HIDDEN;
	for (;;) {
		if (!(d->vd_flags & ELF_VER_FLG_BASE) && d->vd_ndx == ndx) {
			const struct elf_verdaux *a =
				(const struct elf_verdaux *)((const char *)d + d->vd_aux);
			return strcmp(im->strings + a->vda_name, version) == 0;
		}
		if (!d->vd_next)
			return 0;
		d = (const struct elf_verdef *)((const char *)d + d->vd_next);
	}
}

static void *vdso_lookup(const struct vdso_image *im, const char *name, const char *version)
{
	for (uint32_t i = 1; i < im->nsyms; i++) {
		const struct elf_sym *s = &im->syms[i];
		unsigned type = s->st_info & 0xf, bind = s->st_info >> 4;
		if ((type != ELF_STT_FUNC && type != ELF_STT_NOTYPE) ||
		    (bind != ELF_STB_GLOBAL && bind != ELF_STB_WEAK) || s->st_shndx == ELF_SHN_UNDEF)
			continue;
		if (strcmp(im->strings + s->st_name, name) != 0)
			continue;
		if (im->versym && !vdso_version_is(im, im->versym[i], version))
			continue;
		return (void *)(im->bias + s->st_value);
	}
	return NULL;
}

struct minc_vdso __minc_vdso;
static struct vdso_image image;
static int image_ok;

void *vdso_sym(const char *name, const char *version)
{
	return image_ok ? vdso_lookup(&image, name, version) : NULL;
}

void __minc_vdso_init(void)
{
	int saved_errno = errno; /* getauxval sets it when the entry is absent */
	uintptr_t base = getauxval(AT_SYSINFO_EHDR);

	errno = saved_errno;
	image_ok = base && vdso_parse(base, &image) == 0;
	__minc_vdso.clock_gettime = vdso_sym("__vdso_clock_gettime", "LINUX_2.6");
	__minc_vdso.gettimeofday = vdso_sym("__vdso_gettimeofday", "LINUX_2.6");
	__minc_vdso.time = vdso_sym("__vdso_time", "LINUX_2.6");
}
