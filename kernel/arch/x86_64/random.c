/*
 * random.c - random_bytes() (random.h). RDRAND may fail transiently (CF=0);
 * Intel's guidance is to retry a few times before giving up on it.
 * Locking: fallback_state under the kernel lock (arch/x86_64/klock.h),
 * held by every caller (getrandom, execve's AT_RANDOM and ASLR) or at boot
 * (TCP's keys, tcp_init).
 */
#include "arch/x86_64/random.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "lib/string.h"
#include "mm/uaccess.h"

#define RDRAND_RETRIES 10

static u64 fallback_state;

static bool rdrand64(u64 *out)
{
	for (int i = 0; i < RDRAND_RETRIES; i++) {
		u8 ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok)::"cc");
		if (ok)
			return true;
	}
	return false;
}

/* xorshift64*, reseeded with the TSC on every call. */
static u64 fallback64(void)
{
	fallback_state ^= rdtsc() * 0x9E3779B97F4A7C15ULL;
	fallback_state ^= fallback_state >> 12;
	fallback_state ^= fallback_state << 25;
	fallback_state ^= fallback_state >> 27;
	return fallback_state * 0x2545F4914F6CDD1DULL;
}

void random_bytes(void *buf, size_t n)
{
	u8 *p = buf;
	while (n) {
		u64 v;
		if (!cpu_features.rdrand || !rdrand64(&v))
			v = fallback64();
		size_t k = MIN(n, sizeof(v));
		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
}

u64 random_to_user(void *ubuf, u64 len)
{
	u8 chunk[256];
	u64 done = 0;

	while (done < len) {
		u64 n = MIN(len - done, sizeof(chunk));
		random_bytes(chunk, n);
		u64 left = copy_to_user((u8 *)ubuf + done, chunk, n);
		done += n - left;
		if (left)
			break;
	}
	/* The bytes handed out must not linger on the kernel stack (a real
	 * call: the kernel is built with -fno-builtin). */
	memset(chunk, 0, sizeof(chunk));
	return done;
}
