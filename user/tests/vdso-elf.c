/*
 * vdso-elf - the vDSO the kernel names in AT_SYSINFO_EHDR is a well-formed
 * ELF shared object that a C library can use: the ELF header, one
 * read+execute PT_LOAD, the dynamic section and its tables, and the four
 * functions __vdso_clock_gettime, __vdso_gettimeofday, __vdso_time and
 * __vdso_getcpu found with version LINUX_2.6 through both hash tables
 * (DT_HASH, as musl looks, and DT_GNU_HASH, as glibc does); a bogus name
 * and a wrong version are found by neither. This file parses the image
 * itself, independently of libminc's lookup. Expected: a run on the reference
 * Linux, whose vDSO exports the same names.
 */
#include <stdint.h>
#include <sys/auxv.h>
#include <uapi/elf.h>

#include "check.h"

/* The ELF64 layouts and constants: kernel/uapi/elf.h. */

static uintptr_t bias;
static const struct elf64_phdr *load;
static const char *strtab;
static const struct elf64_sym *symtab;
static const uint32_t *sysv_hash, *gnu_hash;
static const uint16_t *versym;
static const struct elf64_verdef *verdef;
static const char *soname;

static uint32_t sysv_hash_of(const char *s)
{
	uint32_t h = 0;

	for (; *s; s++) {
		h = (h << 4) + (unsigned char)*s;
		uint32_t g = h & 0xf0000000u;
		if (g)
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}

static uint32_t gnu_hash_of(const char *s)
{
	uint32_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* The name of version definition d: its first auxiliary entry's. */
static const char *verdef_name(const struct elf64_verdef *d)
{
	const struct elf64_verdaux *aux =
		(const struct elf64_verdaux *)((const char *)d + d->vd_aux);
	return strtab + aux->vda_name;
}

/* The version name of symbol i, or NULL (none, or the base version). */
static const char *version_of(uint32_t i)
{
	if (!versym || !verdef)
		return NULL;
	uint16_t ndx = versym[i] & 0x7fff;
	for (const struct elf64_verdef *d = verdef;;
	     d = (const struct elf64_verdef *)((const char *)d + d->vd_next)) {
		if (!(d->vd_flags & VER_FLG_BASE) && d->vd_ndx == ndx)
			return verdef_name(d);
		if (!d->vd_next)
			return NULL;
	}
}

static int matches(uint32_t i, const char *name, const char *version)
{
	const char *v = version_of(i);

	return strcmp(strtab + symtab[i].st_name, name) == 0 && v && strcmp(v, version) == 0;
}

/* Index of name@version through DT_HASH, or 0. */
static uint32_t find_sysv(const char *name, const char *version)
{
	uint32_t nbucket = sysv_hash[0];
	const uint32_t *bucket = sysv_hash + 2, *chain = bucket + nbucket;

	for (uint32_t i = bucket[sysv_hash_of(name) % nbucket]; i; i = chain[i])
		if (matches(i, name, version))
			return i;
	return 0;
}

/* Index of name@version through DT_GNU_HASH (its Bloom filter first), or 0. */
static uint32_t find_gnu(const char *name, const char *version)
{
	uint32_t nbuckets = gnu_hash[0], symoffset = gnu_hash[1];
	uint32_t bloom_size = gnu_hash[2], bloom_shift = gnu_hash[3];
	const uint64_t *bloom = (const uint64_t *)(gnu_hash + 4);
	const uint32_t *buckets = (const uint32_t *)(bloom + bloom_size);
	const uint32_t *chain = buckets + nbuckets;
	uint32_t h = gnu_hash_of(name);
	uint64_t word = bloom[(h / 64) % bloom_size];
	uint64_t mask = (1ull << (h % 64)) | (1ull << ((h >> bloom_shift) % 64));

	if ((word & mask) != mask)
		return 0;
	uint32_t i = buckets[h % nbuckets];
	if (i < symoffset)
		return 0;
	for (;; i++) {
		uint32_t h2 = chain[i - symoffset];
		if ((h | 1) == (h2 | 1) && matches(i, name, version))
			return i;
		if (h2 & 1)
			return 0;
	}
}

static int parse(uintptr_t base)
{
	const struct elf64_ehdr *eh = (const struct elf64_ehdr *)base;
	const struct elf64_dyn *dyn = NULL;
	int loads = 0;

	check("ELF magic, 64-bit, little-endian",
	      memcmp(eh->e_ident, "\177ELF", 4) == 0 && eh->e_ident[4] == 2 && eh->e_ident[5] == 1);
	check("a shared object (ET_DYN) for x86-64", eh->e_type == ET_DYN && eh->e_machine == EM_X86_64);
	check("program headers of 56 bytes", eh->e_phentsize == sizeof(struct elf64_phdr));
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = (const struct elf64_phdr *)(base + eh->e_phoff) + i;
		if (ph->p_type == PT_LOAD) {
			loads++;
			load = ph;
		} else if (ph->p_type == PT_DYNAMIC) {
			dyn = (const struct elf64_dyn *)(base + ph->p_offset);
		}
	}
	check("one PT_LOAD", loads == 1);
	check("a PT_DYNAMIC", dyn != NULL);
	if (loads != 1 || !dyn)
		return -1;
	check("the PT_LOAD starts at file offset 0, with the ELF header", load->p_offset == 0);
	check("the PT_LOAD is readable and executable, not writable",
	      (load->p_flags & (PF_R | PF_X | PF_W)) == (PF_R | PF_X));
	bias = base - load->p_vaddr;

	uint64_t soname_at = 0;
	int has_soname = 0;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		uintptr_t p = bias + dyn->d_val;
		switch (dyn->d_tag) {
		case DT_STRTAB: strtab = (const char *)p; break;
		case DT_SYMTAB: symtab = (const struct elf64_sym *)p; break;
		case DT_HASH: sysv_hash = (const uint32_t *)p; break;
		case DT_GNU_HASH: gnu_hash = (const uint32_t *)p; break;
		case DT_VERSYM: versym = (const uint16_t *)p; break;
		case DT_VERDEF: verdef = (const struct elf64_verdef *)p; break;
		case DT_SONAME: soname_at = dyn->d_val; has_soname = 1; break;
		}
	}
	check("DT_STRTAB and DT_SYMTAB", strtab && symtab);
	check("DT_HASH", sysv_hash != NULL);
	check("DT_GNU_HASH", gnu_hash != NULL);
	check("DT_VERSYM and DT_VERDEF", versym && verdef);
	if (!strtab || !symtab || !sysv_hash || !gnu_hash || !versym || !verdef)
		return -1;
	soname = has_soname ? strtab + soname_at : NULL;
	check("DT_SONAME is linux-vdso.so.1", soname && strcmp(soname, "linux-vdso.so.1") == 0);
	check("the base version is named after the soname",
	      (verdef->vd_flags & VER_FLG_BASE) && verdef->vd_ndx == 1 &&
		      strcmp(verdef_name(verdef), "linux-vdso.so.1") == 0);
	return 0;
}

static void check_symbol(const char *name)
{
	char what[128];
	uint32_t a = find_sysv(name, "LINUX_2.6"), b = find_gnu(name, "LINUX_2.6");

	snprintf(what, sizeof(what), "%s@LINUX_2.6 through DT_HASH", name);
	check(what, a != 0);
	snprintf(what, sizeof(what), "%s@LINUX_2.6 through DT_GNU_HASH", name);
	check(what, b != 0);
	if (!a)
		return;
	const struct elf64_sym *s = &symtab[a];
	snprintf(what, sizeof(what), "%s: both tables give the same symbol", name);
	check(what, a == b);
	snprintf(what, sizeof(what), "%s: a global function, defined", name);
	check(what, (s->st_info & 0xf) == STT_FUNC && (s->st_info >> 4) == STB_GLOBAL &&
			    s->st_shndx != SHN_UNDEF);
	snprintf(what, sizeof(what), "%s: inside the executable segment", name);
	check(what, s->st_value >= load->p_vaddr &&
			    s->st_value + s->st_size <= load->p_vaddr + load->p_memsz);
}

int main(void)
{
	static const char *const names[] = {
		"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time", "__vdso_getcpu",
	};
	uintptr_t base = getauxval(AT_SYSINFO_EHDR);

	check("AT_SYSINFO_EHDR is given", base != 0);
	if (!base || parse(base))
		return check_exit();
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		check_symbol(names[i]);
	check("__vdso_bogus is found by neither table",
	      !find_sysv("__vdso_bogus", "LINUX_2.6") && !find_gnu("__vdso_bogus", "LINUX_2.6"));
	check("__vdso_clock_gettime@LINUX_2.5 is found by neither table",
	      !find_sysv("__vdso_clock_gettime", "LINUX_2.5") &&
		      !find_gnu("__vdso_clock_gettime", "LINUX_2.5"));
	return check_exit();
}
