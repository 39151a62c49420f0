/*
 * exec.c - the program loader (exec.h).
 *
 * Programs are ELF64 for x86-64: ET_EXEC at their link addresses, or
 * ET_DYN (position-independent) at ET_DYN_BASE; a program that names a
 * loader (PT_INTERP, a dynamically linked one) gets that loader too, as
 * an ET_DYN object at the top of the mmap region, and starts there with
 * AT_BASE, AT_ENTRY and AT_PHDR telling it where everything is.
 * Each PT_LOAD segment becomes an area of the new memory map (mmap.h)
 * with the segment's rights (R always, W and X as flagged, NX otherwise):
 * the file's own pages where they line up (shared, copy-on-write if
 * writable), copies at the segment's ends, its bss on demand. The stack is an area
 * that grows down on demand up to RLIMIT_STACK; the heap (brk) starts on
 * the page after the last segment. Everything lies between USER_MIN_ADDR and
 * USER_TOP; a file that says otherwise, or whose sizes do not add up, is
 * refused with -ENOEXEC before anything is allocated.
 *
 * The start-up stack follows the System V AMD64 ABI, section "Process
 * Initialization", as Linux builds it: from RSP upward argc, argv[], NULL,
 * envp[], NULL, auxv pairs ending with AT_NULL; above them the strings and
 * the 16 AT_RANDOM bytes. RSP is 16-byte aligned at argc, and every other
 * register, RDX included, starts at 0.
 *
 * Every program also gets the vDSO (time/vdso.h): the clock page and the
 * vDSO's pages at the top of the mmap region, its ELF header's address in
 * auxv as AT_SYSINFO_EHDR (first, where Linux puts it; left out, as on
 * Linux, when `vdso=0` turned the vDSO off).
 */
#include "proc/exec.h"
#include "proc/futex.h"
#include "uapi/elf.h"
#include "uapi/auxvec.h"
#include "fs/vfs.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/pageref.h"
#include "mm/uaccess.h"
#include "mm/mmap.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/msr.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/random.h"
#include "time/vdso.h"
#include "lib/string.h"
#include "errno.h"
#include "log.h"
#include "panic.h"

#define RFLAGS_USER_START 0x202 /* IF and the always-one bit 1 */
#define EXEC_STACK_ROOM (16 * PAGE_SIZE) /* stack area below the start-up stack */

static const struct elf64_phdr *phdr(const void *file, u16 i)
{
	const struct elf64_ehdr *eh = file;
	return (const struct elf64_phdr *)((const u8 *)file + eh->e_phoff) + i;
}

int elf_check(const void *file, u64 size)
{
	const struct elf64_ehdr *eh = file;
	bool has_load = false;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELF_MAGIC, 4) != 0)
		return -ENOEXEC;
	if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_ident[6] != EV_CURRENT || eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	bool fixed = eh->e_type == ET_EXEC; /* ET_DYN loads at a base of ours */
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > 64 || eh->e_phoff > size ||
	    size - eh->e_phoff < (u64)eh->e_phnum * sizeof(struct elf64_phdr))
		return -ENOEXEC;
	if ((eh->e_phoff & 7) != 0)
		return -ENOEXEC;

	for (u16 i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = phdr(file, i);
		if (ph->p_type == PT_INTERP &&
		    (ph->p_filesz < 2 || ph->p_filesz > INTERP_PATH_MAX || ph->p_offset > size ||
		     size - ph->p_offset < ph->p_filesz))
			return -ENOEXEC;
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		if (ph->p_filesz > ph->p_memsz || ph->p_offset > size ||
		    size - ph->p_offset < ph->p_filesz)
			return -ENOEXEC;
		if ((fixed && ph->p_vaddr < USER_MIN_ADDR) || ph->p_vaddr >= USER_TOP ||
		    USER_TOP - ph->p_vaddr < ph->p_memsz)
			return -ENOEXEC;
		if (fixed && ph->p_vaddr < USER_STACK_TOP &&
		    ph->p_vaddr + ph->p_memsz > USER_STACK_TOP - USER_STACK_MAX)
			return -ENOEXEC; /* would collide with the stack */
		has_load = true;
	}
	if (!has_load || (fixed && eh->e_entry < USER_MIN_ADDR) || eh->e_entry >= USER_TOP)
		return -ENOEXEC;
	return 0;
}

/* The page-aligned span [lo, hi) the PT_LOAD segments cover, before any
 * base is added. */
static void elf_span(const void *file, u64 *lo, u64 *hi)
{
	const struct elf64_ehdr *eh = file;
	*lo = ~0ULL;
	*hi = 0;
	for (u16 i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = phdr(file, i);
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		*lo = MIN(*lo, ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE));
		*hi = MAX(*hi, ALIGN_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE));
	}
}

static u32 segment_prot(u32 p_flags)
{
	return (p_flags & PF_R ? VMA_READ : 0) | (p_flags & PF_W ? VMA_WRITE : 0) |
	       (p_flags & PF_X ? VMA_EXEC : 0);
}

static unsigned rights_of(u32 prot)
{
	return VM_USER | (prot & VMA_WRITE ? VM_WRITE : 0) | (prot & VMA_EXEC ? VM_EXEC : 0);
}

/* Maps zeroed pages over [start, end) now (the loader fills them at once
 * rather than on demand); pages already there are kept. */
static int map_zeroed(struct mm *mm, u64 start, u64 end, unsigned rights)
{
	for (u64 va = ALIGN_DOWN(start, PAGE_SIZE); va < end; va += PAGE_SIZE) {
		if (vm_translate(&mm->vm, va, NULL, NULL) == 0) {
			vm_protect(&mm->vm, va, PAGE_SIZE, rights);
			continue;
		}
		u64 pa = pmm_alloc_user_page();
		if (!pa)
			return -ENOMEM;
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
		int err = vm_map(&mm->vm, va, pa, PAGE_SIZE, rights);
		if (err) {
			pmm_free_page(pa);
			return err;
		}
	}
	return 0;
}

/* Copies kernel bytes into a map that is not (necessarily) the current
 * one, page by page through the direct map. */
static void copy_into(struct mm *mm, u64 va, const void *src, u64 len)
{
	const u8 *s = src;
	while (len) {
		u64 pa;
		BUG_ON(vm_translate(&mm->vm, va, &pa, NULL));
		u64 chunk = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		memcpy(phys_to_virt(pa), s, chunk);
		va += chunk;
		s += chunk;
		len -= chunk;
	}
}

/*
 * One area per PT_LOAD segment, mapped now (map_segment). Segments normally start on a
 * page of their own; if one shares its first page with the segment before
 * it, the earlier area keeps that page and takes the union of the rights.
 */
static int exec_at_depth(struct task *t, const char *path, int argc, const char *const argv[],
			 int envc, const char *const envp[], int depth);

/* The page at va as a private page of this map, mapped with rights:
 * a fresh zeroed page where none is, a copy where the page is shared (a
 * file's page mapped by an earlier segment). Its address in the direct
 * map, or NULL when memory runs out. */
static u8 *private_page(struct mm *mm, u64 va, unsigned rights)
{
	u64 old = 0;
	if (vm_translate(&mm->vm, va, &old, NULL) == 0 && page_owners(old) == 1) {
		vm_protect(&mm->vm, va, PAGE_SIZE, rights);
		return phys_to_virt(old);
	}
	u64 pa = pmm_alloc_user_page();
	if (!pa)
		return NULL;
	if (old)
		memcpy(phys_to_virt(pa), phys_to_virt(old), PAGE_SIZE);
	else
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	vm_unmap(&mm->vm, va, PAGE_SIZE);
	if (vm_map(&mm->vm, va, pa, PAGE_SIZE, rights)) {
		pmm_free_page(pa);
		return NULL;
	}
	if (old)
		page_put(old);
	return phys_to_virt(pa);
}

/* The file bytes of one segment: each page that lies wholly inside the
 * file's bytes, at a page-aligned offset, is the file's own page, shared
 * (read-only: a write copies it, mm_fault); the pages at the segment's
 * ends are private copies. The bss beyond is left to demand paging (the
 * zero page), except the part that shares the last file page. */
static int map_segment(struct mm *mm, struct inode *ino, const struct elf64_phdr *ph,
		       u64 bias, unsigned rights)
{
	u64 vaddr = ph->p_vaddr + bias;
	u64 file_end = vaddr + ph->p_filesz;
	for (u64 va = ALIGN_DOWN(vaddr, PAGE_SIZE); va < file_end; va += PAGE_SIZE) {
		u64 lo = MAX(va, vaddr), hi = MIN(va + PAGE_SIZE, file_end);
		u64 off = ph->p_offset + (lo - vaddr);
		if (lo == va && hi == va + PAGE_SIZE && !(off & (PAGE_SIZE - 1)) &&
		    vm_translate(&mm->vm, va, NULL, NULL) != 0) {
			u64 pa = inode_page(ino, off / PAGE_SIZE);
			if (pa) {
				int err = vm_map(&mm->vm, va, pa, PAGE_SIZE, rights & ~VM_WRITE);
				if (err)
					return err;
				page_get(pa);
				continue;
			}
		}
		u8 *mem = private_page(mm, va, rights);
		if (!mem)
			return -ENOMEM;
		if (inode_read(ino, mem + (lo - va), hi - lo, off) != (long)(hi - lo))
			return -EIO;
	}
	/* bss bytes in the page the file's bytes end in (or in a page an
	 * earlier segment mapped) must read zero. */
	u64 zero_lo = file_end, zero_hi = MIN(ALIGN_UP(file_end, PAGE_SIZE), vaddr + ph->p_memsz);
	if (zero_lo < zero_hi && vm_translate(&mm->vm, ALIGN_DOWN(zero_lo, PAGE_SIZE), NULL, NULL) == 0) {
		u8 *mem = private_page(mm, ALIGN_DOWN(zero_lo, PAGE_SIZE), rights);
		if (!mem)
			return -ENOMEM;
		memset(mem + (zero_lo & (PAGE_SIZE - 1)), 0, zero_hi - zero_lo);
	}
	return 0;
}

/* What loading one ELF file gave. */
struct elf_loaded {
	u64 bias;  /* added to every address of the file: 0 for ET_EXEC */
	u64 entry; /* e_entry + bias */
	u64 phdr;  /* where the program headers are in memory, or 0 */
	u16 phnum;
	u64 end;   /* the end of the highest segment below the stack */
};

static int load_segments(struct mm *mm, const void *file, struct inode *ino, u64 bias,
			 struct elf_loaded *out)
{
	const struct elf64_ehdr *eh = file;
	struct vma *prev = NULL;

	*out = (struct elf_loaded){ .bias = bias, .entry = eh->e_entry + bias,
				    .phnum = eh->e_phnum };
	for (u16 i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = phdr(file, i);
		if (ph->p_type == PT_PHDR)
			out->phdr = ph->p_vaddr + bias;
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		u64 vaddr = ph->p_vaddr + bias;
		u32 prot = segment_prot(ph->p_flags);
		u64 start = ALIGN_DOWN(vaddr, PAGE_SIZE);
		u64 stop = ALIGN_UP(vaddr + ph->p_memsz, PAGE_SIZE);
		if (prev && start < prev->end) {
			if (start < prev->start)
				return -ENOEXEC; /* segments out of order */
			prev->prot |= prot;
			start = prev->end;
		}
		if (start < stop) {
			int err = vma_add(mm, start, stop, prot, 0, NULL, 0);
			if (err)
				return err == -EEXIST || err == -EINVAL ? -ENOEXEC : err;
			prev = vma_find(mm, start);
		}
		int err = map_segment(mm, ino, ph, bias, rights_of(prev->prot));
		if (err)
			return err;
		/* The program headers are in memory if a segment holds them. */
		if (!out->phdr && eh->e_phoff >= ph->p_offset &&
		    eh->e_phoff - ph->p_offset < ph->p_filesz)
			out->phdr = vaddr + (eh->e_phoff - ph->p_offset);
		if (vaddr < USER_STACK_TOP) /* the heap follows what lies below the stack */
			out->end = MAX(out->end, vaddr + ph->p_memsz);
	}
	return 0;
}

/* The PT_INTERP segment, or NULL for a static program. */
static const struct elf64_phdr *interp_header(const void *file)
{
	const struct elf64_ehdr *eh = file;
	for (u16 i = 0; i < eh->e_phnum; i++)
		if (phdr(file, i)->p_type == PT_INTERP)
			return phdr(file, i);
	return NULL;
}

static int read_program(struct task *t, const char *path, struct inode **out, void **data,
			u64 *size, u64 *have);

/* The dynamic loader a program names (PT_INTERP), loaded at the top of
 * the mmap region as an ET_DYN object: its entry starts the program. */
static int load_interp(struct task *t, struct mm *mm, struct inode *ino,
		       const struct elf64_phdr *ph, struct elf_loaded *out)
{
	char *path = kmalloc(ph->p_filesz + 1);
	if (!path)
		return -ENOMEM;
	int err = 0;
	if (inode_read(ino, path, ph->p_filesz, ph->p_offset) != (long)ph->p_filesz)
		err = -EIO;
	path[ph->p_filesz] = 0;
	if (!err && strlen(path) != ph->p_filesz - 1)
		err = -ENOEXEC; /* not one NUL-terminated string */
	struct inode *iino = NULL;
	void *image = NULL;
	u64 size, have;
	if (!err)
		err = read_program(t, path, &iino, &image, &size, &have);
	kfree(path);
	if (err)
		return err;
	const struct elf64_ehdr *eh = image;
	err = elf_check(image, size);
	if (!err && (eh->e_type != ET_DYN || interp_header(image)))
		err = -ENOEXEC; /* a loader must be position-independent, and alone */
	if (!err) {
		u64 lo, hi;
		elf_span(image, &lo, &hi);
		u64 at = mm_find_gap(mm, hi - lo);
		err = at ? load_segments(mm, image, iino, at - lo, out) : -ENOMEM;
	}
	kfree(image);
	inode_put(iino);
	return err;
}

/* Where a position-independent program goes (Linux's ELF_ET_DYN_BASE
 * without address-space randomization: two thirds of the way up). */
#define ET_DYN_BASE 0x555555554000ULL

/* Builds the start-up stack in a kernel buffer laid out exactly as it
 * will sit at the top of the user stack, then copies it in one go. */
struct stack_builder {
	u8 *buf;  /* mirrors [USER_STACK_TOP - size, USER_STACK_TOP) */
	u64 size;
	u64 top;  /* next free byte, growing down (user address) */
};

static u64 push_bytes(struct stack_builder *b, const void *src, u64 len)
{
	b->top -= len;
	memcpy(b->buf + (b->top - (USER_STACK_TOP - b->size)), src, len);
	return b->top;
}

static u64 push_string(struct stack_builder *b, const char *s)
{
	return push_bytes(b, s, strlen(s) + 1);
}

#define AUXV_ENTRIES 19

/* Bytes the start-up stack needs: strings, random bytes, the vectors and
 * 16 bytes of alignment slack. */
static u64 stack_bytes(u64 strings, int argc, int envc)
{
	return strings + 16 + 16 + (3 + (u64)argc + (u64)envc + 2 * AUXV_ENTRIES) * 8;
}

static int build_stack(struct mm *mm, const char *path, int argc, const char *const argv[],
		       int envc, const char *const envp[], u64 strings, u64 entry, u64 phdr_addr,
		       u16 phnum, u64 interp_base, u64 vdso, u64 *rsp_out)
{
	u64 size = ALIGN_UP(stack_bytes(strings, argc, envc), 16);
	u64 *at = kmalloc(((u64)argc + (u64)envc + 1) * sizeof(u64));
	struct stack_builder b = { kzalloc(size), size, USER_STACK_TOP };
	u8 random[16];

	if (!b.buf || !at) {
		kfree(b.buf);
		kfree(at);
		return -ENOMEM;
	}
	u64 *argv_at = at, *envp_at = at + argc;
	u64 execfn = push_string(&b, path);
	u64 platform = push_string(&b, "x86_64");
	for (int i = envc - 1; i >= 0; i--)
		envp_at[i] = push_string(&b, envp[i]);
	for (int i = argc - 1; i >= 0; i--)
		argv_at[i] = push_string(&b, argv[i]);
	/* /proc/PID/cmdline and environ read these strings back. */
	mm->env_end = platform;
	mm->env_start = mm->arg_end = envc ? envp_at[0] : platform;
	mm->arg_start = argc ? argv_at[0] : mm->arg_end;
	random_bytes(random, sizeof(random));
	u64 random_at = push_bytes(&b, random, sizeof(random));

	u64 auxv[AUXV_ENTRIES][2] = {
		{ AT_SYSINFO_EHDR, vdso },
		{ AT_PHDR, phdr_addr },	{ AT_PHENT, sizeof(struct elf64_phdr) },
		{ AT_PHNUM, phnum },	{ AT_PAGESZ, PAGE_SIZE },
		{ AT_BASE, interp_base }, { AT_FLAGS, 0 },
		{ AT_ENTRY, entry },	{ AT_UID, 0 },
		{ AT_EUID, 0 },		{ AT_GID, 0 },
		{ AT_EGID, 0 },		{ AT_SECURE, 0 },
		{ AT_CLKTCK, 100 },	{ AT_HWCAP, 0 },
		{ AT_RANDOM, random_at }, { AT_PLATFORM, platform },
		{ AT_EXECFN, execfn },	{ AT_NULL, 0 },
	};
	u64 naux = vdso ? AUXV_ENTRIES : AUXV_ENTRIES - 1; /* the first is the vDSO's */
	/* The vectors: argc, argv, NULL, envp, NULL, auxv. RSP (at argc) must
	 * end 16-byte aligned, so the padding goes above the vectors. */
	u64 words = 1 + (u64)argc + 1 + (u64)envc + 1 + naux * 2;
	u64 sp = ALIGN_DOWN(b.top - words * 8, 16);
	BUG_ON(sp < USER_STACK_TOP - b.size);
	u64 *v = (u64 *)(b.buf + (sp - (USER_STACK_TOP - b.size)));
	*v++ = (u64)argc;
	for (int i = 0; i < argc; i++)
		*v++ = argv_at[i];
	*v++ = 0;
	for (int i = 0; i < envc; i++)
		*v++ = envp_at[i];
	*v++ = 0;
	memcpy(v, auxv[AUXV_ENTRIES - naux], naux * sizeof(auxv[0]));

	int err = map_zeroed(mm, ALIGN_DOWN(sp, PAGE_SIZE), USER_STACK_TOP, VM_USER | VM_WRITE);
	if (!err)
		copy_into(mm, sp, b.buf + (sp - (USER_STACK_TOP - b.size)), USER_STACK_TOP - sp);
	kfree(b.buf);
	kfree(at);
	*rsp_out = mm->start_stack = sp;
	return err;
}

/*
 * The program's bytes, read from the file system into a kernel buffer
 * (kfree it). The path is resolved from t's current directory, following
 * symlinks; a directory, a device or a file with no x bit is -EACCES, as
 * execve(2) says.
 */
/* The program's inode (referenced) and its first bytes: enough for a
 * "#!" line, or the ELF header and every program header. The segments
 * themselves are never read into a buffer: load_segments() maps the
 * file's pages. */
static int read_program(struct task *t, const char *path, struct inode **out, void **data,
			u64 *size, u64 *have)
{
	struct inode *ino;
	int err = vfs_lookup(t->cwd ? t->cwd : vfs_root, path, LOOKUP_FOLLOW, &ino);
	if (err)
		return err;
	if (!S_ISREG(ino->mode) || !(ino->mode & 0111)) {
		inode_put(ino);
		return -EACCES;
	}
	u64 want = MIN(ino->size, PAGE_SIZE);
	for (int pass = 0; pass < 2; pass++) {
		u8 *buf = kmalloc(MAX(want, 1));
		if (!buf) {
			inode_put(ino);
			return -ENOMEM;
		}
		if (inode_read(ino, buf, want, 0) != (long)want) {
			kfree(buf);
			inode_put(ino);
			return -EIO;
		}
		/* Program headers past the first page: read up to their end. */
		const struct elf64_ehdr *eh = (const void *)buf;
		u64 need = want >= sizeof(*eh) && memcmp(eh->e_ident, ELF_MAGIC, 4) == 0
				   ? eh->e_phoff + (u64)eh->e_phnum * sizeof(struct elf64_phdr)
				   : 0;
		if (pass == 0 && need > want && eh->e_phoff < ino->size && eh->e_phnum <= 64 &&
		    need <= ino->size) {
			kfree(buf);
			want = need;
			continue;
		}
		*out = ino;
		*data = buf;
		*size = ino->size;
		*have = want;
		return 0;
	}
	return -EIO; /* not reached */
}

/* A "#!" script: the interpreter (and at most one argument) from the first
 * line, run with the script's path after them (binfmt_script's rules).
 * Returns 1 when the file is not a script. */
static int exec_script(struct task *t, const char *path, const u8 *image, u64 size, int argc,
		       const char *const argv[], int envc, const char *const envp[], int depth)
{
	char line[SCRIPT_LINE_MAX];
	u64 n = 0;

	if (size < 2 || image[0] != '#' || image[1] != '!')
		return 1;
	for (u64 i = 2; i < size && image[i] != '\n'; i++) {
		if (n == sizeof(line) - 1)
			return -ENOEXEC; /* an over-long line: refused, as Linux does */
		line[n++] = (char)image[i];
	}
	line[n] = 0;
	char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	char *interp = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	char *arg = NULL;
	if (*p) {
		*p++ = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		/* The rest of the line, trailing blanks removed, is one argument. */
		char *end = p + strlen(p);
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = 0;
		if (*p)
			arg = p;
	}
	if (!*interp)
		return -ENOEXEC;

	int nargc = argc + 1 + (arg ? 1 : 0) + (argc ? 0 : 1);
	const char **nargv = kmalloc(((u64)nargc + 1) * sizeof(char *));
	if (!nargv)
		return -ENOMEM;
	int k = 0;
	nargv[k++] = interp;
	if (arg)
		nargv[k++] = arg;
	nargv[k++] = path;
	for (int i = 1; i < argc; i++)
		nargv[k++] = argv[i];
	nargv[k] = NULL;
	int err = exec_at_depth(t, interp, k, nargv, envc, envp, depth + 1);
	kfree(nargv);
	return err;
}

static int exec_at_depth(struct task *t, const char *path, int argc, const char *const argv[],
			 int envc, const char *const envp[], int depth)
{
	void *image;
	u64 size, rsp = 0, vdso;
	u64 strings = strlen(path) + 1 + sizeof("x86_64");

	if (depth > EXEC_SCRIPT_DEPTH)
		return -ELOOP;
	if ((u64)argc + (u64)envc > EXEC_ARG_MAX)
		return -E2BIG;
	for (int i = 0; i < argc; i++)
		strings += strlen(argv[i]) + 1;
	for (int i = 0; i < envc; i++)
		strings += strlen(envp[i]) + 1;
	if (strings > EXEC_STRINGS_MAX)
		return -E2BIG;

	struct inode *ino;
	u64 have;
	int err = read_program(t, path, &ino, &image, &size, &have);
	if (err)
		return err;
	err = exec_script(t, path, image, have, argc, argv, envc, envp, depth);
	if (err == 1) /* not a script; the headers are all in the buffer */
		err = elf_check(image, size);
	struct mm *mm = err ? NULL : mm_create();
	if (!mm) {
		kfree(image);
		inode_put(ino);
		return err ? err : -ENOMEM;
	}

	const struct elf64_ehdr *eh = image;
	u64 stack_limit = MIN(t->rlim[RLIMIT_STACK].rlim_cur, USER_STACK_MAX);
	mm->stack_limit = MAX(stack_limit, USER_STACK_SIZE);
	struct elf_loaded prog, interp = { 0 };
	u64 lo, hi;
	elf_span(image, &lo, &hi);
	err = load_segments(mm, image, ino, eh->e_type == ET_DYN ? ET_DYN_BASE - lo : 0, &prog);
	const struct elf64_phdr *iph = interp_header(image);
	bool dynamic = iph != NULL;
	if (!err && iph)
		err = load_interp(t, mm, ino, iph, &interp);
	/* The stack: an area that grows down on demand, with room below the
	 * start-up stack (build_stack maps the pages that one fills; the
	 * rest come on first touch). */
	u64 stack_size = MAX(USER_STACK_SIZE,
			     ALIGN_UP(stack_bytes(strings, argc, envc), PAGE_SIZE) + EXEC_STACK_ROOM);
	if (!err)
		err = vma_add(mm, USER_STACK_TOP - stack_size, USER_STACK_TOP, VMA_READ | VMA_WRITE,
			      VMA_STACK, NULL, 0);
	if (!err)
		err = vdso_map(mm, &vdso);
	if (!err)
		err = build_stack(mm, path, argc, argv, envc, envp, strings, prog.entry, prog.phdr,
				  prog.phnum, dynamic ? interp.bias : 0, vdso, &rsp);
	kfree(image);
	inode_put(ino); /* the mapped pages hold themselves (page_get) */
	if (err) {
		mm_destroy(mm);
		return err;
	}
	/* /proc/PID/exe: the program by the path that found it (none if
	 * memory runs short: not a reason to fail). */
	if (vfs_lookup_where(t->cwd ? t->cwd : vfs_root, path, LOOKUP_FOLLOW, &mm->exe,
			     &mm->exe_where))
		mm->exe = NULL;

	/* Commit: nothing below can fail. */
	futex_exit_robust(t); /* the old image's robust locks, as Linux's exec_mm_release */
	if (t->mm) {
		if (this_cpu()->current == t)
			vm_space_activate(vm_kernel_space());
		mm_put(t->mm); /* a vfork parent or other threads may still use it */
	}
	t->mm = mm;
	if (this_cpu()->current == t)
		mm_activate(mm);
	mm->brk_start = mm->brk = ALIGN_UP(prog.end, PAGE_SIZE);
	t->fs_base = 0;
	t->gs_base = 0;
	task_fpu_reset(t);
	if (this_cpu()->current == t) {
		/* The new program starts with no TLS bases and a clean FPU. */
		wrmsr(MSR_FS_BASE, 0);
		wrmsr(MSR_KERNEL_GS_BASE, 0);
		__asm__ volatile("fxrstor64 %0" ::"m"(t->fpu));
	}
	const char *base = strrchr(path, '/');
	strlcpy(t->name, base ? base + 1 : path, sizeof(t->name));

	struct regs *r = (struct regs *)(t->kstack_top - sizeof(struct regs));
	memset(r, 0, sizeof(*r));
	r->rip = dynamic ? interp.entry : prog.entry; /* the loader starts a dynamic program */
	r->cs = GDT_USER_CS;
	r->rflags = RFLAGS_USER_START;
	r->rsp = rsp;
	r->ss = GDT_USER_DS;
	t->regs = r;
	return 0;
}

int exec_program(struct task *t, const char *path, int argc, const char *const argv[], int envc,
		 const char *const envp[])
{
	return exec_at_depth(t, path, argc, argv, envc, envp, 0);
}
