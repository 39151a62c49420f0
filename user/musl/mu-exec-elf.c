/*
 * mu-exec-elf - the program loader against crafted files: ELF headers and
 * program headers that are wrong in one way each, interpreters (PT_INTERP)
 * that are missing or broken, and "#!" scripts (missing interpreter,
 * nesting up to the limit, long lines, blanks, no newline). Each file is
 * written into /tmp/mu-exec-elf.PID/ with mode 0755 (unless the case is
 * about the mode), a child execve's it, and one line says what happened:
 * "-ENOEXEC" (execve failed with that errno), "exit 42" (the crafted
 * program ran: 42 from a program, 43 from an interpreter) or "signal 11"
 * (the exec passed the point of no return and failed, or the program
 * faulted). A script's interpreter is this program itself with "--args"
 * as its first argument: it prints the arguments it got and exits 44
 * (45 when it is run with an empty argv).
 * Expected: the reference Linux's answers, line for line (the errno a
 * case gets is Linux's order of checks, so most cases break one rule only).
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXEC_BASE 0x400000UL   /* where the crafted ET_EXEC programs load */
#define INTERP_BASE 0x800000UL /* an ET_EXEC interpreter */
#define CODE_OFF 0x300         /* the code in every crafted file */
#define INTERP_OFF 0x200       /* the PT_INTERP string */
#define FILE_SIZE 0x1000 /* whole pages (interp_cases: "ends inside a page") */
#define PROGRAM_EXIT 42
#define INTERP_EXIT 43
#define ARGS_EXIT 44

extern char **environ;
static char dir[64];
static char self[256]; /* this program's path: the scripts' interpreter */

static const char *err_name(int e)
{
	static char other[32];
	switch (e) {
	case ENOENT: return "ENOENT";
	case EIO: return "EIO";
	case E2BIG: return "E2BIG";
	case ENOEXEC: return "ENOEXEC";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case ETXTBSY: return "ETXTBSY";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ELOOP: return "ELOOP";
	case ELIBBAD: return "ELIBBAD";
	case EPERM: return "EPERM";
	}
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

/* --- building files --- */

static unsigned char img[0x3000];

static Elf64_Ehdr *eh(void) { return (Elf64_Ehdr *)img; }
static Elf64_Phdr *ph(int i) { return (Elf64_Phdr *)(img + sizeof(Elf64_Ehdr)) + i; }

/*
 * A minimal valid program: one PT_LOAD (R+X) mapping the whole file at
 * base, the code at CODE_OFF doing exit_group(code). type ET_DYN gives a
 * position-independent one (base 0). Returns the file's size.
 */
static size_t elf_build(int type, unsigned long base, int code)
{
	static const unsigned char exit_code[] = {
		0xbf, 0, 0, 0, 0,             /* mov edi, code */
		0xb8, 0xe7, 0, 0, 0,          /* mov eax, 231 (exit_group) */
		0x0f, 0x05,                   /* syscall */
		0xeb, 0xfe,                   /* jmp . */
	};
	memset(img, 0, sizeof(img));
	memcpy(eh()->e_ident, ELFMAG, SELFMAG);
	eh()->e_ident[EI_CLASS] = ELFCLASS64;
	eh()->e_ident[EI_DATA] = ELFDATA2LSB;
	eh()->e_ident[EI_VERSION] = EV_CURRENT;
	eh()->e_type = type;
	eh()->e_machine = EM_X86_64;
	eh()->e_version = EV_CURRENT;
	eh()->e_entry = base + CODE_OFF;
	eh()->e_phoff = sizeof(Elf64_Ehdr);
	eh()->e_ehsize = sizeof(Elf64_Ehdr);
	eh()->e_phentsize = sizeof(Elf64_Phdr);
	eh()->e_phnum = 1;
	*ph(0) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0,
			       .p_vaddr = base, .p_paddr = base, .p_filesz = FILE_SIZE,
			       .p_memsz = FILE_SIZE, .p_align = 0x1000 };
	memcpy(img + CODE_OFF, exit_code, sizeof(exit_code));
	img[CODE_OFF + 1] = (unsigned char)code;
	return FILE_SIZE;
}

/* Adds a PT_INTERP naming path (NUL included) as the first header. */
static void elf_interp(const char *path)
{
	int n = eh()->e_phnum++;
	memmove(ph(1), ph(0), n * sizeof(Elf64_Phdr));
	size_t len = strlen(path) + 1;
	memcpy(img + INTERP_OFF, path, len);
	*ph(0) = (Elf64_Phdr){ .p_type = PT_INTERP, .p_flags = PF_R, .p_offset = INTERP_OFF,
			       .p_filesz = len, .p_memsz = len, .p_align = 1 };
}

static void path_of(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

static void write_file(const char *name, const void *data, size_t len, mode_t mode)
{
	char path[384];
	path_of(path, sizeof(path), name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || close(fd) != 0 ||
	    chmod(path, mode) != 0) {
		printf("%s: cannot write the file: FAIL\n", name);
		exit(1);
	}
}

static void write_text(const char *name, const char *text, mode_t mode)
{
	write_file(name, text, strlen(text), mode);
}

/* --- running them --- */

/* execve's the file in a child with argv {path, extra}; one line of result. */
static void run(const char *name, const char *extra)
{
	char path[384];
	path_of(path, sizeof(path), name);
	char *argv[] = { path, (char *)extra, NULL };
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execve(path, argv, environ);
		printf("%s: -%s\n", name, err_name(errno));
		fflush(stdout);
		_exit(100);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("%s: fork or wait failed: FAIL\n", name);
		return;
	}
	if (WIFSIGNALED(status))
		printf("%s: signal %d\n", name, WTERMSIG(status));
	else if (WEXITSTATUS(status) != 100)
		printf("%s: exit %d\n", name, WEXITSTATUS(status));
}

/* One crafted program, written and run. */
static void try_elf(const char *name, size_t size)
{
	write_file(name, img, size, 0755);
	run(name, NULL);
}

/* The interpreter mode: the arguments a script's interpreter got, with
 * the test directory (it holds the pid) shown as DIR. */
static int print_args(int argc, char **argv)
{
	printf("  argc %d\n", argc);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *slash = strrchr(a, '/');
		if (strncmp(a, "/tmp/mu-exec-elf.", 17) == 0 && slash)
			printf("  argv[%d] DIR/%s\n", i, slash + 1);
		else if (strlen(a) > 60)
			printf("  argv[%d] (%zu bytes) %.20s...\n", i, strlen(a), a);
		else {
			printf("  argv[%d] \"", i);
			for (; *a; a++)
				printf(*a >= 32 && *a < 127 ? "%c" : "\\x%02x", (unsigned char)*a);
			printf("\"\n");
		}
	}
	fflush(stdout);
	return ARGS_EXIT;
}

/* --- the cases --- */

static void elf_cases(void)
{
	size_t n;

	try_elf("static-ok", elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT));
	try_elf("pie-ok", elf_build(ET_DYN, 0, PROGRAM_EXIT));

	write_file("empty", "", 0, 0755);
	run("empty", NULL);
	char path[384];
	path_of(path, sizeof(path), "a-directory");
	mkdir(path, 0755);
	run("a-directory", NULL);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	write_file("no-x-bit", img, n, 0644);
	run("no-x-bit", NULL);
	write_file("short-magic", img, 3, 0755);
	run("short-magic", NULL);
	write_file("header-only-half", img, 40, 0755);
	run("header-only-half", NULL);

	n = elf_build(ET_REL, EXEC_BASE, PROGRAM_EXIT);
	try_elf("type-rel", n);
	n = elf_build(ET_CORE, EXEC_BASE, PROGRAM_EXIT);
	try_elf("type-core", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_machine = EM_386;
	try_elf("machine-386", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_ident[EI_CLASS] = ELFCLASS32;
	try_elf("class-32", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_ident[EI_CLASS] = ELFCLASSNONE;
	try_elf("class-none", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_ident[EI_DATA] = ELFDATA2MSB;
	try_elf("big-endian", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_ident[EI_VERSION] = 0;
	eh()->e_version = 0;
	try_elf("version-0", n);

	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phentsize = 32;
	try_elf("phentsize-32", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phentsize = 64;
	try_elf("phentsize-64", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 0;
	try_elf("phnum-0", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phoff = n - 20;
	try_elf("phdrs-truncated", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phoff = 1UL << 40;
	try_elf("phoff-huge", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 2000; /* 112000 bytes of headers */
	try_elf("phnum-2000", n);

	/* Many headers, past the first page: Linux 6.1 takes at most a page
	 * of them (73), the PT_LOAD first and PT_NULL ones after it. */
	static const int many[] = { 73, 74 };
	for (int i = 0; i < 2; i++) {
		char name[32];
		elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
		memcpy(img + 0x1000, ph(0), sizeof(Elf64_Phdr));
		eh()->e_phoff = 0x1000;
		eh()->e_phnum = many[i];
		snprintf(name, sizeof(name), "phnum-%d", many[i]);
		try_elf(name, 0x1000 + many[i] * sizeof(Elf64_Phdr));
	}

	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	ph(0)->p_type = PT_NOTE;
	try_elf("no-pt-load", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_entry = 0x500000;
	try_elf("entry-unmapped", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 2;
	*ph(1) = *ph(0);
	try_elf("overlap-same", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 2;
	*ph(1) = *ph(0);
	ph(1)->p_offset = 0x200;
	ph(1)->p_vaddr = EXEC_BASE + 0x200;
	ph(1)->p_filesz = ph(1)->p_memsz = 0x200;
	try_elf("overlap-part", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 2;
	*ph(1) = *ph(0);
	ph(0)->p_vaddr = 0x600000;
	ph(0)->p_flags = PF_R;
	try_elf("load-descending", n);
	n = elf_build(ET_DYN, 0, PROGRAM_EXIT);
	eh()->e_phnum = 2;
	*ph(1) = *ph(0);
	ph(1)->p_vaddr = 0x200000;
	ph(1)->p_flags = PF_R;
	try_elf("pie-two-loads", n);

	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 2;
	*ph(1) = *ph(0);
	ph(1)->p_vaddr = 0x800000000000UL;
	try_elf("load-above-user", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 2;
	*ph(1) = *ph(0);
	ph(1)->p_vaddr = 0x7ffffffff000UL;
	ph(1)->p_memsz = 0x2000;
	try_elf("load-straddles-top", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 2;
	*ph(1) = *ph(0);
	ph(1)->p_vaddr = 0xfffffffffffff000UL;
	ph(1)->p_memsz = 0x2000;
	try_elf("load-wraps", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	ph(0)->p_memsz = 0x100;
	try_elf("filesz-gt-memsz", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 2;
	*ph(1) = *ph(0);
	ph(1)->p_vaddr = 0x600000;
	ph(1)->p_flags = PF_R;
	ph(1)->p_offset = 0x100000;
	ph(1)->p_filesz = ph(1)->p_memsz = 0x1000;
	try_elf("offset-past-eof", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 2;
	*ph(1) = *ph(0);
	ph(1)->p_vaddr = 0x600000;
	ph(1)->p_flags = PF_R;
	ph(1)->p_offset = 0x1000;
	ph(1)->p_filesz = 0x2000;
	ph(1)->p_memsz = 0x3000;
	try_elf("filesz-past-eof", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 2;
	*ph(1) = *ph(0);
	ph(1)->p_vaddr = 0x600000;
	ph(1)->p_flags = PF_R;
	ph(1)->p_offset = 1UL << 62;
	try_elf("offset-huge", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	eh()->e_phnum = 2;
	*ph(1) = *ph(0);
	ph(1)->p_vaddr = 0x600000;
	ph(1)->p_flags = PF_R | PF_W;
	ph(1)->p_filesz = 0;
	ph(1)->p_memsz = 0x5000;
	try_elf("bss-only", n);
}

/* A program whose PT_INTERP names the file written by the caller as
 * name-ld (or path itself when it starts with '/'). */
static void try_interp(const char *name, const char *interp)
{
	char path[384], prog[128];
	if (interp[0] == '/')
		snprintf(path, sizeof(path), "%s", interp);
	else
		path_of(path, sizeof(path), interp);
	size_t n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	elf_interp(path);
	snprintf(prog, sizeof(prog), "%s", name);
	try_elf(prog, n);
}

/* An interpreter: a PIE that exits INTERP_EXIT, tweaked by the caller
 * between elf_build and this. */
static void save_interp(const char *name, size_t n, mode_t mode)
{
	write_file(name, img, n, mode);
}

static void interp_cases(void)
{
	size_t n;
	char big[5000];

	n = elf_build(ET_DYN, 0, INTERP_EXIT);
	save_interp("ld-ok", n, 0755);
	try_interp("interp-ok", "ld-ok");
	try_interp("interp-missing", "ld-none");
	n = elf_build(ET_DYN, 0, INTERP_EXIT);
	save_interp("ld-no-x", n, 0644);
	try_interp("interp-no-x-bit", "ld-no-x");
	try_interp("interp-directory", "/tmp");

	n = elf_build(ET_DYN, 0, INTERP_EXIT);
	elf_interp("/no/such/loader");
	save_interp("ld-dynamic", n, 0755);
	try_interp("interp-is-dynamic", "ld-dynamic");
	n = elf_build(ET_EXEC, INTERP_BASE, INTERP_EXIT);
	save_interp("ld-exec", n, 0755);
	try_interp("interp-is-exec", "ld-exec");
	n = elf_build(ET_REL, 0, INTERP_EXIT);
	save_interp("ld-rel", n, 0755);
	try_interp("interp-is-rel", "ld-rel");
	n = elf_build(ET_DYN, 0, INTERP_EXIT);
	eh()->e_machine = EM_386;
	save_interp("ld-386", n, 0755);
	try_interp("interp-machine-386", "ld-386");
	n = elf_build(ET_DYN, 0, INTERP_EXIT);
	eh()->e_phentsize = 32;
	save_interp("ld-phentsize", n, 0755);
	try_interp("interp-phentsize", "ld-phentsize");
	n = elf_build(ET_DYN, 0, INTERP_EXIT);
	ph(0)->p_type = PT_NOTE;
	save_interp("ld-no-load", n, 0755);
	try_interp("interp-no-pt-load", "ld-no-load");
	n = elf_build(ET_DYN, 0, INTERP_EXIT);
	ph(0)->p_memsz = 0x100;
	save_interp("ld-filesz", n, 0755);
	try_interp("interp-filesz-gt-memsz", "ld-filesz");

	/* An interpreter whose file bytes end inside a page: Linux 6.1 clears
	 * the rest of that page (padzero), which fails where the page is
	 * read-only. */
	n = elf_build(ET_DYN, 0, INTERP_EXIT);
	ph(0)->p_filesz = ph(0)->p_memsz = 0x400;
	save_interp("ld-ro-part-page", n, 0755);
	try_interp("interp-ends-mid-page-ro", "ld-ro-part-page");
	n = elf_build(ET_DYN, 0, INTERP_EXIT);
	ph(0)->p_filesz = ph(0)->p_memsz = 0x400;
	ph(0)->p_flags |= PF_W;
	save_interp("ld-rw-part-page", n, 0755);
	try_interp("interp-ends-mid-page-rw", "ld-rw-part-page");

	memset(big, 'x', 100);
	big[100] = 0;
	write_text("ld-text-long", big, 0755);
	try_interp("interp-text-100-bytes", "ld-text-long");
	write_text("ld-text-short", "#!/bin/sh\n", 0755);
	try_interp("interp-text-10-bytes", "ld-text-short");
	write_file("ld-empty", "", 0, 0755);
	try_interp("interp-empty", "ld-empty");

	/* The PT_INTERP string itself. */
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	elf_interp("/x");
	ph(0)->p_offset = 0x1000;
	try_elf("interp-path-past-eof", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	elf_interp("/x");
	ph(0)->p_filesz = 1;
	try_elf("interp-path-1-byte", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	char ld[128];
	path_of(ld, sizeof(ld), "ld-ok");
	elf_interp(ld);
	ph(0)->p_filesz--; /* the NUL left out */
	try_elf("interp-path-no-nul", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	elf_interp(ld);
	ph(0)->p_filesz += 8; /* NULs inside the string */
	try_elf("interp-path-inner-nul", n);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	elf_interp("/x");
	ph(0)->p_offset = 0x1000;
	ph(0)->p_filesz = 4097;
	memset(img + 0x1000, '/', 4096);
	img[0x1000 + 4096] = 0;
	try_elf("interp-path-4097", 0x1000 + 4097);
	n = elf_build(ET_EXEC, EXEC_BASE, PROGRAM_EXIT);
	elf_interp("/x");
	ph(0)->p_offset = 0x1000;
	ph(0)->p_filesz = 4096;
	memset(img + 0x1000, '/', 4095);
	img[0x1000 + 4095] = 0;
	try_elf("interp-path-4096", 0x1000 + 4096);
}

/* Scripts whose interpreter is this program (print_args). */
static void script_cases(void)
{
	char text[1024];

	snprintf(text, sizeof(text), "#!%s --args\necho not run\n", self);
	write_text("sh-ok", text, 0755);
	run("sh-ok", "extra");
	snprintf(text, sizeof(text), "#! \t%s  --args a  b\tc \t\nrest\n", self);
	write_text("sh-arg-spaces", text, 0755);
	run("sh-arg-spaces", NULL);
	snprintf(text, sizeof(text), "#!%s --args\r\n", self);
	write_text("sh-crlf", text, 0755);
	run("sh-crlf", NULL);
	snprintf(text, sizeof(text), "#!%s --args no-newline", self);
	write_text("sh-no-newline", text, 0755);
	run("sh-no-newline", NULL);
	snprintf(text, sizeof(text), "#!%s --args ", self);
	memset(text + strlen(text), 'y', 300);
	text[strlen(self) + 10 + 300] = 0;
	strcat(text, "\n");
	write_text("sh-long-arg", text, 0755);
	run("sh-long-arg", NULL);
	snprintf(text, sizeof(text), "#!/");
	memset(text + 3, 'z', 300);
	strcpy(text + 303, " --args\n");
	write_text("sh-long-interp", text, 0755);
	run("sh-long-interp", NULL);
	write_text("sh-empty-line", "#!\n", 0755);
	run("sh-empty-line", NULL);
	write_text("sh-blank-line", "#!  \t \n", 0755);
	run("sh-blank-line", NULL);
	write_text("sh-only-hash-bang", "#!", 0755);
	run("sh-only-hash-bang", NULL);
	write_text("sh-missing", "#!/no/such/interpreter\n", 0755);
	run("sh-missing", NULL);
	write_text("sh-interp-dir", "#!/tmp\n", 0755);
	run("sh-interp-dir", NULL);
	snprintf(text, sizeof(text), "#!%s/type-rel\n", dir);
	write_text("sh-interp-not-exec", text, 0755);
	run("sh-interp-not-exec", NULL);
	snprintf(text, sizeof(text), "#!%s/static-ok\n", dir);
	write_text("sh-interp-elf", text, 0755);
	run("sh-interp-elf", NULL);
	snprintf(text, sizeof(text), "#!%s --args\n", self);
	write_text("sh-no-x-bit", text, 0644);
	run("sh-no-x-bit", NULL);

	/* Scripts run by scripts: chain-K starts a chain of K scripts, the
	 * last one naming this program. */
	for (int k = 1; k <= 7; k++) {
		char name[32], next[160];
		snprintf(name, sizeof(name), "chain-%d", k);
		if (k == 1)
			snprintf(next, sizeof(next), "%s --args", self);
		else
			snprintf(next, sizeof(next), "%s/chain-%d", dir, k - 1);
		snprintf(text, sizeof(text), "#!%s\n", next);
		write_text(name, text, 0755);
	}
	for (int k = 1; k <= 7; k++) {
		char name[32];
		snprintf(name, sizeof(name), "chain-%d", k);
		run(name, "extra");
	}
}

/* execve with an empty argv: Linux (since 5.18) passes one empty string
 * instead; a script's interpreter then gets no argv[0] to drop. */
static void empty_argv_cases(void)
{
	char text[300];
	const char *names[] = { "empty-argv-self", "empty-argv-script" };
	snprintf(text, sizeof(text), "#!%s --args\n", self);
	write_text("empty-argv-script", text, 0755);
	for (int i = 0; i < 2; i++) {
		char path[384];
		char *argv[] = { NULL };
		if (i == 0)
			snprintf(path, sizeof(path), "%s", self);
		else
			path_of(path, sizeof(path), names[i]);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			execve(path, argv, environ);
			printf("%s: -%s\n", names[i], err_name(errno));
			_exit(100);
		}
		int status;
		waitpid(pid, &status, 0);
		if (WIFSIGNALED(status))
			printf("%s: signal %d\n", names[i], WTERMSIG(status));
		else if (WEXITSTATUS(status) != 100)
			printf("%s: exit %d\n", names[i], WEXITSTATUS(status));
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && strncmp(argv[1], "--args", 6) == 0)
		return print_args(argc, argv);
	if (argc == 0 || argv[0][0] == 0) { /* empty_argv_cases */
		printf("  argc %d, argv[0] %s\n", argc,
		       argc == 0 ? "NULL" : argv[0][0] ? "a path" : "empty");
		return ARGS_EXIT + 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(dir, sizeof(dir), "/tmp/mu-exec-elf.%d", (int)getpid());
	if (mkdir(dir, 0755) != 0) {
		printf("mkdir: FAIL\n");
		return 1;
	}
	printf("-- ELF files\n");
	elf_cases();
	printf("-- interpreters (PT_INTERP)\n");
	interp_cases();
	printf("-- scripts\n");
	script_cases();
	printf("-- an empty argv\n");
	empty_argv_cases();

	/* Remove every file written: names first, then the files (removing
	 * while reading the directory may skip entries). */
	static char names[128][256];
	int count = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL && count < 128)
		if (e->d_name[0] != '.')
			snprintf(names[count++], sizeof(names[0]), "%s", e->d_name);
	if (d)
		closedir(d);
	for (int i = 0; i < count; i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%.255s", dir, names[i]);
		if (unlink(path) != 0 && rmdir(path) != 0)
			printf("cannot remove %s: FAIL\n", names[i]);
	}
	if (rmdir(dir) != 0)
		printf("cannot remove the directory: FAIL\n");
	return 0;
}
