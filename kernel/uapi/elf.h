/*
 * uapi/elf.h - the ELF64 structures and constants read by the kernel's
 * program loader and by the programs that parse the vDSO (libminc's
 * lookup, the vDSO tests): System V gABI "Object Files" and "Dynamic
 * Linking", the AMD64 supplement, and GNU's symbol versions and
 * DT_GNU_HASH. Invariant: the layouts are the file format's, byte for
 * byte (the asserts below); <stdint.h> is all it needs.
 */
#ifndef MINOS_UAPI_ELF_H
#define MINOS_UAPI_ELF_H

#include <stdint.h>

#define ELF_MAGIC "\x7f" "ELF"
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_X86_64 62

#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_PHDR 6
#define PF_X 1
#define PF_W 2
#define PF_R 4

#define DT_NULL 0
#define DT_HASH 4
#define DT_STRTAB 5
#define DT_SYMTAB 6
#define DT_SONAME 14
#define DT_GNU_HASH 0x6ffffef5
#define DT_VERSYM 0x6ffffff0
#define DT_VERDEF 0x6ffffffc

#define STT_NOTYPE 0
#define STT_FUNC 2
#define STB_GLOBAL 1
#define STB_WEAK 2
#define SHN_UNDEF 0
#define VER_FLG_BASE 0x1
#define VERSYM_HIDDEN 0x8000 /* in a DT_VERSYM entry: not the default version */

struct elf64_ehdr {
	unsigned char e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct elf64_dyn {
	int64_t d_tag;
	uint64_t d_val;
};

struct elf64_sym {
	uint32_t st_name;
	unsigned char st_info, st_other;
	uint16_t st_shndx;
	uint64_t st_value, st_size;
};

struct elf64_verdef {
	uint16_t vd_version, vd_flags, vd_ndx, vd_cnt;
	uint32_t vd_hash, vd_aux, vd_next;
};

struct elf64_verdaux {
	uint32_t vda_name, vda_next;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header");
_Static_assert(sizeof(struct elf64_dyn) == 16, "ELF64 dynamic entry");
_Static_assert(sizeof(struct elf64_sym) == 24, "ELF64 symbol");
_Static_assert(sizeof(struct elf64_verdef) == 20, "ELF version definition");

#endif
