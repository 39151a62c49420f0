/*
 * mu-tls - thread-local storage in a static musl program: musl finds the
 * PT_TLS segment through AT_PHDR/AT_PHNUM/AT_PHENT in the auxiliary vector,
 * copies the initialized part, zeroes the rest and points FS at the thread
 * block with arch_prctl(ARCH_SET_FS). Checks initialized, zero and
 * over-aligned __thread variables, reads and writes through %fs, and
 * errno (itself thread-local in musl). Expected: the reference Linux's
 * results.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

__thread int t_init = 42;
__thread long t_zero;
__thread char t_text[32] = "thread-local text";
__thread _Alignas(64) unsigned char t_aligned[64] = { 1, 2, 3 };
static __thread unsigned long t_counter = 1000;
__thread long t_big_zero[512];

static int failures;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
	if (!ok)
		failures++;
}

static void bump(void)
{
	t_counter += 7;
}

int main(void)
{
	int zeros = 1;
	uintptr_t self;

	printf("t_init = %d\n", t_init);
	printf("t_zero = %ld\n", t_zero);
	printf("t_text = \"%s\"\n", t_text);
	printf("t_aligned[0..3] = %d %d %d %d\n", t_aligned[0], t_aligned[1], t_aligned[2],
	       t_aligned[3]);
	printf("t_counter = %lu\n", t_counter);
	for (int i = 0; i < 512; i++)
		zeros &= t_big_zero[i] == 0;
	check("t_big_zero[512] is all zero", zeros);
	check("t_aligned is 64-byte aligned", ((uintptr_t)t_aligned & 63) == 0);

	/* The x86-64 TLS ABI: %fs:0 holds the thread pointer itself. */
	__asm__ volatile("mov %%fs:0, %0" : "=r"(self));
	check("%fs:0 points to itself", self != 0 && *(uintptr_t *)self == self);
	check("the variables lie below the thread pointer",
	      (uintptr_t)&t_init < self && (uintptr_t)&t_zero < self);

	t_init = -5;
	t_zero = 123456789;
	strcpy(t_text, "changed");
	t_aligned[63] = 99;
	for (int i = 0; i < 10; i++)
		bump();
	t_big_zero[511] = 77;
	printf("after writing: t_init = %d, t_zero = %ld, t_text = \"%s\", "
	       "t_aligned[63] = %d, t_counter = %lu, t_big_zero[511] = %ld\n",
	       t_init, t_zero, t_text, t_aligned[63], t_counter, t_big_zero[511]);

	errno = 0;
	int fd = open("/no/such/file", O_RDONLY);
	printf("open(\"/no/such/file\"): %d, errno %d (%s)\n", fd, errno, strerror(errno));
	return failures ? 1 : 0;
}
