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
 * USER_TOP. The checks follow Linux 6.1's, in its order and with its
 * errors (docs/programs.md, "The ELF loader's rules"): the headers, the
 * interpreter's path and headers are checked before the point of no
 * return and refused with an error; what fails after it (the segments'
 * places and sizes) kills the process with SIGSEGV, its old image gone.
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
#include "proc/signal.h"
#include "uapi/siginfo.h"
#include "uapi/signal.h"
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
#include "cmdline.h"
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

/* An ELF header for x86-64 in the first have bytes. Like Linux, only the
 * magic and the machine are checked: the class, data and version bytes
 * are not looked at. */
static bool elf_header_ok(const void *file, u64 have)
{
	const struct elf64_ehdr *eh = file;
	return have >= sizeof(*eh) && memcmp(eh->e_ident, ELF_MAGIC, 4) == 0 &&
	       eh->e_machine == EM_X86_64;
}

/* The program headers are all in the first have bytes, of the right size,
 * and at most ELF_PHDRS_MAX_BYTES of them (Linux's load_elf_phdrs). */
static bool elf_phdrs_ok(const void *file, u64 have)
{
	const struct elf64_ehdr *eh = file;
	u64 bytes = (u64)eh->e_phnum * sizeof(struct elf64_phdr);
	return eh->e_phentsize == sizeof(struct elf64_phdr) && eh->e_phnum != 0 &&
	       bytes <= ELF_PHDRS_MAX_BYTES && eh->e_phoff <= have && have - eh->e_phoff >= bytes;
}

int elf_check(const void *file, u64 have)
{
	const struct elf64_ehdr *eh = file;

	if (!elf_header_ok(file, have))
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (!elf_phdrs_ok(file, have))
		return -ENOEXEC;
	return 0;
}

/*
 * The checks Linux makes while it maps the segments, after the point of
 * no return: each PT_LOAD with p_filesz <= p_memsz, inside
 * [USER_MIN_ADDR, USER_TOP) once bias is added, clear of the stack's
 * reach; at least one PT_LOAD; the entry point below USER_TOP (a
 * non-canonical RIP must never reach SYSRET). 0 or -EINVAL.
 */
static int elf_segments_ok(const void *file, u64 bias)
{
	const struct elf64_ehdr *eh = file;
	bool has_load = false;

	for (u16 i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = phdr(file, i);
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		u64 vaddr = ph->p_vaddr + bias;
		if (ph->p_filesz > ph->p_memsz)
			return -EINVAL;
		if (vaddr < USER_MIN_ADDR || vaddr >= USER_TOP || USER_TOP - vaddr < ph->p_memsz)
			return -EINVAL;
		if (vaddr < USER_STACK_TOP && vaddr + ph->p_memsz > USER_STACK_TOP - USER_STACK_MAX)
			return -EINVAL; /* would collide with the stack */
		has_load = true;
	}
	if (!has_load || eh->e_entry + bias >= USER_TOP)
		return -EINVAL;
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

/* The rights of the page at va: its area's (segment_area made one). */
static unsigned page_rights(struct mm *mm, u64 va)
{
	struct vma *v = vma_find(mm, va);
	BUG_ON(!v);
	return rights_of(v->prot);
}

/* The file bytes of one segment: each page that lies wholly inside the
 * file's bytes, at a page-aligned offset, is the file's own page, shared
 * (read-only: a write copies it, mm_fault); the pages at the segment's
 * ends are private copies. Bytes the segment places past the end of the
 * file read as zero (on Linux, touching such a page is SIGBUS). The bss
 * beyond is left to demand paging (the zero page), except the part that
 * shares the last file page. */
static int map_segment(struct mm *mm, struct inode *ino, const struct elf64_phdr *ph, u64 bias)
{
	u64 vaddr = ph->p_vaddr + bias;
	u64 file_end = vaddr + ph->p_filesz;
	for (u64 va = ALIGN_DOWN(vaddr, PAGE_SIZE); va < file_end; va += PAGE_SIZE) {
		u64 lo = MAX(va, vaddr), hi = MIN(va + PAGE_SIZE, file_end);
		u64 off = ph->p_offset + (lo - vaddr);
		bool past_eof = off < ph->p_offset || off >= ino->size;
		u64 avail = past_eof ? 0 : MIN(hi - lo, ino->size - off);
		bool mapped = vm_translate(&mm->vm, va, NULL, NULL) == 0;
		if (past_eof && !mapped)
			break; /* the rest is past the end too: zero on demand */
		if (lo == va && avail == PAGE_SIZE && !(off & (PAGE_SIZE - 1)) && !mapped) {
			u64 pa = inode_page(ino, off / PAGE_SIZE);
			if (pa) {
				int err = vm_map(&mm->vm, va, pa, PAGE_SIZE,
						 page_rights(mm, va) & ~VM_WRITE);
				if (err)
					return err;
				page_get(pa);
				continue;
			}
		}
		u8 *mem = private_page(mm, va, page_rights(mm, va));
		if (!mem)
			return -ENOMEM;
		if (avail && inode_read(ino, mem + (lo - va), avail, off) != (long)avail)
			return -EIO;
		memset(mem + (lo - va) + avail, 0, (hi - lo) - avail);
		if (past_eof)
			break;
	}
	/* bss bytes in the page the file's bytes end in (or in a page an
	 * earlier segment mapped) must read zero. */
	u64 zero_lo = file_end, zero_hi = MIN(ALIGN_UP(file_end, PAGE_SIZE), vaddr + ph->p_memsz);
	u64 zero_page = ALIGN_DOWN(zero_lo, PAGE_SIZE);
	if (zero_lo < zero_hi && vm_translate(&mm->vm, zero_page, NULL, NULL) == 0) {
		u8 *mem = private_page(mm, zero_page, page_rights(mm, zero_page));
		if (!mem)
			return -ENOMEM;
		memset(mem + (zero_lo & (PAGE_SIZE - 1)), 0, zero_hi - zero_lo);
	}
	return 0;
}

/*
 * Areas over [start, stop) with the rights prot: new areas where nothing
 * is mapped yet, and the union of the rights where an earlier segment's
 * area is (segments that share a page, or overlap outright: Linux maps
 * the later one over the earlier, in any order; here both keep their
 * bytes where they do not collide, and the later one's where they do).
 */
static int segment_area(struct mm *mm, u64 start, u64 stop, u32 prot)
{
	u64 at = start;
	while (at < stop) {
		struct vma *v = mm->vmas;
		while (v && v->end <= at)
			v = v->next;
		int err;
		u64 end;
		if (v && v->start <= at) {
			end = MIN(v->end, stop);
			err = (v->prot | prot) == v->prot ? 0 : vma_protect(mm, at, end, v->prot | prot);
		} else {
			end = v ? MIN(v->start, stop) : stop;
			err = vma_add(mm, at, end, prot, 0, NULL, 0);
		}
		if (err)
			return err;
		at = end;
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

/* Every PT_LOAD of file (its headers checked by elf_check), at bias:
 * -EINVAL when elf_segments_ok refuses them. */
static int load_segments(struct mm *mm, const void *file, struct inode *ino, u64 bias,
			 struct elf_loaded *out)
{
	const struct elf64_ehdr *eh = file;

	*out = (struct elf_loaded){ .bias = bias, .entry = eh->e_entry + bias,
				    .phnum = eh->e_phnum };
	int err = elf_segments_ok(file, bias);
	if (err)
		return err;
	for (u16 i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = phdr(file, i);
		if (ph->p_type == PT_PHDR)
			out->phdr = ph->p_vaddr + bias;
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		u64 vaddr = ph->p_vaddr + bias;
		err = segment_area(mm, ALIGN_DOWN(vaddr, PAGE_SIZE),
				   ALIGN_UP(vaddr + ph->p_memsz, PAGE_SIZE), segment_prot(ph->p_flags));
		if (!err)
			err = map_segment(mm, ino, ph, bias);
		/* The pages holding file bytes are named after the file in
		 * /proc/PID/maps, the bss beyond them not, as on Linux. */
		if (!err && ph->p_filesz)
			err = vma_set_image(mm, ALIGN_DOWN(vaddr, PAGE_SIZE),
					    ALIGN_UP(vaddr + ph->p_filesz, PAGE_SIZE), ino,
					    ALIGN_DOWN(ph->p_offset, PAGE_SIZE));
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

/* The interpreter a program names, opened before the point of no return. */
struct interp {
	struct inode *ino; /* referenced */
	void *image;       /* its first bytes (read_program); kfree */
	u64 have;
};

static void interp_release(struct interp *in)
{
	kfree(in->image);
	if (in->ino)
		inode_put(in->ino);
}

/*
 * The PT_INTERP path and the file it names, with Linux's answers: a path
 * under 2 bytes or over PATH_MAX is -ENOEXEC, one the file does not hold
 * -EIO, one whose last byte is not NUL -ENOEXEC (the path ends at its first
 * NUL); the file's own lookup errors (-ENOENT, -EACCES...); a file shorter
 * than an ELF header -EIO; no ELF magic, another machine or bad program
 * headers -ELIBBAD. Its type and segments are checked later (load_interp).
 */
static int interp_open(struct task *t, struct inode *ino, const struct elf64_phdr *ph,
		       struct interp *out)
{
	*out = (struct interp){ 0 };
	if (ph->p_filesz < 2 || ph->p_filesz > INTERP_PATH_MAX)
		return -ENOEXEC;
	if (ph->p_offset >= ino->size || ino->size - ph->p_offset < ph->p_filesz)
		return -EIO;
	char *path = kmalloc(ph->p_filesz);
	if (!path)
		return -ENOMEM;
	int err = 0;
	if (inode_read(ino, path, ph->p_filesz, ph->p_offset) != (long)ph->p_filesz)
		err = -EIO;
	else if (path[ph->p_filesz - 1] != 0)
		err = -ENOEXEC;
	u64 size;
	if (!err)
		err = read_program(t, path, &out->ino, &out->image, &size, &out->have);
	kfree(path);
	if (err)
		return err;
	if (out->have < sizeof(struct elf64_ehdr))
		err = -EIO;
	else if (!elf_header_ok(out->image, out->have) || !elf_phdrs_ok(out->image, out->have))
		err = -ELIBBAD;
	if (err) {
		interp_release(out);
		*out = (struct interp){ 0 };
	}
	return err;
}

/* The interpreter's segments, after the point of no return: an ET_DYN one
 * at the top of the mmap region, an ET_EXEC one where it says; any other
 * type, or no PT_LOAD, is -EINVAL. A PT_INTERP of its own is ignored, as
 * on Linux. Its entry starts the program. */
static int load_interp(struct mm *mm, struct interp *in, struct elf_loaded *out)
{
	const struct elf64_ehdr *eh = in->image;
	u64 bias = 0;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -EINVAL;
	if (eh->e_type == ET_DYN) {
		u64 lo, hi;
		elf_span(in->image, &lo, &hi);
		if (lo >= hi)
			return -EINVAL; /* no PT_LOAD */
		u64 at = mm_find_gap(mm, hi - lo);
		if (!at)
			return -ENOMEM;
		bias = at - lo;
	}
	int err = load_segments(mm, in->image, in->ino, bias, out);
	if (err)
		return err;
	/* Linux 6.1's load_elf_interp clears the rest of the page where the
	 * file bytes of its segments end (padzero); in a read-only segment
	 * that write fails and the exec with it (-EFAULT, so SIGSEGV). A real
	 * loader ends in its writable data segment. */
	u64 file_end = 0;
	for (u16 i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = phdr(in->image, i);
		if (ph->p_type == PT_LOAD && ph->p_memsz != 0)
			file_end = MAX(file_end, ph->p_vaddr + bias + ph->p_filesz);
	}
	struct vma *v = vma_find(mm, file_end);
	if ((file_end & (PAGE_SIZE - 1)) && (!v || !(v->prot & VMA_WRITE)))
		return -EFAULT;
	return 0;
}

/* Where a position-independent program goes (Linux's ELF_ET_DYN_BASE
 * without address-space randomization: two thirds of the way up). */
#define ET_DYN_BASE 0x555555554000ULL

/*
 * Address-space randomisation, off unless the kernel command line has
 * `aslr`: then a PIE's base moves up, and the mmap region's top (where
 * the dynamic loader, the vDSO and mmap's areas go) down, by a random
 * number of pages below 2^ASLR_PAGE_BITS (1 TiB), as Linux's
 * mmap_rnd_bits = 28. The stack stays at USER_STACK_TOP.
 */
#define ASLR_PAGE_BITS 28

static u64 aslr_offset(void)
{
	if (!cmdline_flag("aslr"))
		return 0;
	u64 r;
	random_bytes(&r, sizeof(r));
	return (r & ((1ULL << ASLR_PAGE_BITS) - 1)) * PAGE_SIZE;
}

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

#define AUXV_ENTRIES 21

/* CPUID leaf 1's EDX: x86 Linux's AT_HWCAP (ELF_HWCAP, its
 * x86_capability word 0, with nothing cleared on the CPUs we run on). */
static u64 exec_hwcap(void)
{
	u32 a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	return d;
}

/* AT_HWCAP2: bit 1 (HWCAP2_FSGSBASE) only when CR4.FSGSBASE lets ring 3
 * use RDFSBASE and friends; MinOS leaves it off, so 0 (Linux 6.1 turns
 * it on where the CPU has it). Bit 0, RING3MWAIT, is Intel Xeon Phi only. */
#define HWCAP2_FSGSBASE (1ULL << 1)
static u64 exec_hwcap2(void)
{
	return read_cr4() & CR4_FSGSBASE ? HWCAP2_FSGSBASE : 0;
}

/*
 * AT_MINSIGSTKSZ as Linux 6.1 computes it (arch/x86/kernel/signal.c,
 * init_sigframe_size): the largest frame it may build, that of a 32-bit
 * sigframe (732 bytes; Debian's kernel has IA32 emulation), 15 bytes of
 * alignment, the FPU state (the XSAVE area for every feature the CPU has,
 * CPUID 0xD ECX, plus the 4-byte FP_XSTATE_MAGIC2; 512 bytes of FXSAVE
 * without XSAVE) with the 112-byte legacy fsave header before it, 63 bytes
 * to align that, all rounded up to 16. MinOS's own frames are smaller
 * (FXSAVE): this is an upper bound, as the ABI asks.
 */
#define SIGFRAME_IA32_SIZE 732
#define SIGFRAME_PADDING 15
#define FSAVE_HEADER_SIZE 112
#define FXSAVE_SIZE 512
#define FP_XSTATE_MAGIC2_SIZE 4
#define XSAVE_ALIGN_PADDING 63
#define CPUID1_ECX_XSAVE (1u << 26)
static u64 exec_minsigstksz(void)
{
	u32 a, b, c, d, max;
	u64 fpu = FXSAVE_SIZE;
	cpuid(0, 0, &max, &b, &c, &d);
	cpuid(1, 0, &a, &b, &c, &d);
	if (max >= 0xd && (c & CPUID1_ECX_XSAVE)) {
		cpuid(0xd, 0, &a, &b, &c, &d);
		fpu = c + FP_XSTATE_MAGIC2_SIZE;
	}
	fpu += FSAVE_HEADER_SIZE;
	return ALIGN_UP(SIGFRAME_IA32_SIZE + SIGFRAME_PADDING + fpu + XSAVE_ALIGN_PADDING, 16);
}

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

	/* Linux 6.1's order (fs/binfmt_elf.c, create_elf_tables; the first
	 * two are x86's ARCH_DLINFO). */
	u64 auxv[AUXV_ENTRIES][2] = {
		{ AT_SYSINFO_EHDR, vdso },	{ AT_MINSIGSTKSZ, exec_minsigstksz() },
		{ AT_HWCAP, exec_hwcap() },	{ AT_PAGESZ, PAGE_SIZE },
		{ AT_CLKTCK, 100 },		{ AT_PHDR, phdr_addr },
		{ AT_PHENT, sizeof(struct elf64_phdr) }, { AT_PHNUM, phnum },
		{ AT_BASE, interp_base },	{ AT_FLAGS, 0 },
		{ AT_ENTRY, entry },		{ AT_UID, 0 },
		{ AT_EUID, 0 },			{ AT_GID, 0 },
		{ AT_EGID, 0 },			{ AT_SECURE, 0 },
		{ AT_RANDOM, random_at },	{ AT_HWCAP2, exec_hwcap2() },
		{ AT_EXECFN, execfn },		{ AT_PLATFORM, platform },
		{ AT_NULL, 0 },
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
 * The program's inode (referenced) and its first bytes (kfree them):
 * enough for a "#!" line, or the ELF header and every program header
 * when the file holds them (at most ELF_PHDRS_MAX_BYTES). The segments
 * themselves are never read into a buffer: load_segments() maps the
 * file's pages. The path is resolved from t's current directory,
 * following symlinks; a directory, a device or a file with no x bit is
 * -EACCES, as execve(2) says.
 */
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
	if (ino->writecount > 0) { /* open for writing somewhere */
		inode_put(ino);
		return -ETXTBSY;
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
		bool elf = want >= sizeof(*eh) && memcmp(eh->e_ident, ELF_MAGIC, 4) == 0;
		u64 bytes = elf ? (u64)eh->e_phnum * sizeof(struct elf64_phdr) : 0;
		if (pass == 0 && elf && bytes <= ELF_PHDRS_MAX_BYTES && eh->e_phoff < ino->size &&
		    eh->e_phoff + bytes > want && eh->e_phoff + bytes <= ino->size) {
			want = eh->e_phoff + bytes;
			kfree(buf);
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

static bool spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/* The first byte of [p, end) that is not a blank, or NULL. */
static char *next_non_spacetab(char *p, const char *end)
{
	for (; p < end; p++)
		if (!spacetab(*p))
			return p;
	return NULL;
}

/* The first blank or NUL in [p, end), or NULL. */
static char *next_terminator(char *p, const char *end)
{
	for (; p < end; p++)
		if (spacetab(*p) || !*p)
			return p;
	return NULL;
}

/*
 * A "#!" script: the interpreter and at most one argument from the first
 * line, run with the script's path after them. Linux's binfmt_script
 * rules, on the file's first SCRIPT_LINE_MAX bytes (zero-padded): the line
 * ends at the first newline (or NUL); with none there, it is cut at the
 * buffer's end, unless the interpreter's name itself would be cut
 * (-ENOEXEC). Blanks around the name go; the rest of the line, trailing
 * blanks removed, is the one argument. A line of blanks is -ENOEXEC.
 * Returns 1 when the file is not a script.
 */
static int exec_script(struct task *t, const char *path, const u8 *image, u64 size, int argc,
		       const char *const argv[], int envc, const char *const envp[], int depth)
{
	char buf[SCRIPT_LINE_MAX] = { 0 };
	char *buf_end = buf + sizeof(buf) - 1;

	memcpy(buf, image, MIN(size, sizeof(buf)));
	if (buf[0] != '#' || buf[1] != '!')
		return 1;
	char *i_end = NULL;
	for (char *p = buf; p < buf + sizeof(buf) && *p; p++) {
		if (*p == '\n') {
			i_end = p;
			break;
		}
	}
	if (!i_end) {
		i_end = next_non_spacetab(buf + 2, buf_end);
		if (!i_end || !next_terminator(i_end, buf_end))
			return -ENOEXEC; /* all blanks, or the name runs past the buffer */
		i_end = buf_end;
	}
	while (spacetab(i_end[-1]))
		i_end--;
	*i_end = 0;
	char *interp = next_non_spacetab(buf + 2, i_end);
	if (!interp || interp == i_end)
		return -ENOEXEC;
	char *arg = NULL;
	char *sep = next_terminator(interp, i_end);
	if (sep && *sep)
		arg = next_non_spacetab(sep, i_end);
	if (sep)
		*sep = 0;
	/* An empty name (a "#!" with nothing after it and no newline) is the
	 * current directory to Linux's lookup: -EACCES, not -ENOENT. */
	if (!*interp)
		return -EACCES;

	int nargc = argc + 1 + (arg ? 1 : 0);
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

/*
 * Loads the program at path into t. Up to the point of no return (Linux's
 * begin_new_exec) every refusal is an error return and t is untouched:
 * the file's lookup, a script's line, the ELF and program headers, the
 * interpreter's path and headers. After it, a failure (a segment out of
 * place, p_filesz > p_memsz, no PT_LOAD, an interpreter of the wrong type,
 * memory running out) leaves the old image gone all the same: t gets an
 * empty map and a pending SIGSEGV, which ends it before it runs, as on
 * Linux.
 */
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
	if (err != 1) { /* a script: its interpreter ran (or failed) */
		kfree(image);
		inode_put(ino);
		return err;
	}
	err = elf_check(image, have);
	const struct elf64_phdr *iph = err ? NULL : interp_header(image);
	struct interp in = { 0 };
	if (iph)
		err = interp_open(t, ino, iph, &in);
	struct mm *mm = err ? NULL : mm_create();
	if (!mm) {
		interp_release(&in);
		kfree(image);
		inode_put(ino);
		return err ? err : -ENOMEM;
	}

	/* The point of no return: from here on, failing kills (late). */
	const struct elf64_ehdr *eh = image;
	mm->mmap_base -= aslr_offset();
	u64 stack_limit = MIN(t->rlim[RLIMIT_STACK].rlim_cur, USER_STACK_MAX);
	mm->stack_limit = MAX(stack_limit, USER_STACK_SIZE);
	struct elf_loaded prog, interp = { 0 };
	u64 lo, hi;
	elf_span(image, &lo, &hi);
	err = load_segments(mm, image, ino,
			    eh->e_type == ET_DYN ? ET_DYN_BASE + aslr_offset() - lo : 0, &prog);
	bool dynamic = iph != NULL;
	if (!err && dynamic)
		err = load_interp(mm, &in, &interp);
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
	interp_release(&in);
	kfree(image);
	inode_put(ino); /* the mapped pages hold themselves (page_get) */
	bool late = err != 0;
	if (late) {
		mm_destroy(mm);
		/* Only a task replacing itself can be killed; and an empty map
		 * is needed to give up the old one. */
		if (this_cpu()->current != t || !(mm = mm_create()))
			return err;
		prog = (struct elf_loaded){ 0 };
		dynamic = false;
		rsp = 0;
	}
	/* /proc/PID/exe: the program by the path that found it (none if
	 * memory runs short: not a reason to fail). */
	if (vfs_lookup_where(t->cwd ? t->cwd : vfs_root, path, LOOKUP_FOLLOW, &mm->exe,
			     &mm->exe_where))
		mm->exe = NULL;
	/* While the map runs it, the program's file cannot be written
	 * (-ETXTBSY). read_program saw no writer; should the path now name
	 * a file open for writing, the process simply shows no exe. */
	else if (inode_deny_write(mm->exe)) {
		inode_put(mm->exe);
		where_put(&mm->exe_where);
		mm->exe = NULL;
	}

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
	if (late) {
		/* Linux's force_fatal_sig(SIGSEGV) after a failed exec. */
		struct sig_info segv = { .code = SI_KERNEL };
		signal_force(SIGSEGV, &segv);
	}
	return 0;
}

int exec_program(struct task *t, const char *path, int argc, const char *const argv[], int envc,
		 const char *const envp[])
{
	/* An empty argv becomes one empty string, as Linux (5.18 and later)
	 * makes it: no program starts with argc 0. */
	static const char *const empty_argv[] = { "", NULL };
	if (argc == 0) {
		argc = 1;
		argv = empty_argv;
	}
	return exec_at_depth(t, path, argc, argv, envc, envp, 0);
}
