/*
 * checksum.c - the Internet checksum (RFC 1071) for IPv4 headers, ICMP,
 * UDP and TCP, and the TCP/UDP pseudo-header's part (ip.h). Pure C: the
 * host unit tests (tests/test_checksum.c) run it too.
 */
#include "net/ip.h"
#include "lib/string.h"

/* Sums 16-bit words as they lie in memory: the one's-complement sum is
 * the same in either byte order (RFC 1071 section 2(B)), so the result,
 * stored back the same way, is right on the wire. An odd last byte is
 * padded with zero. Chained sums need even lengths but for the last. */
u32 ip_checksum_add(u32 sum, const void *data, u32 len)
{
	const u8 *p = data;
	u64 acc = sum;
	/* 32 bits at a time: a sum of 32-bit words folds to the same
	 * one's-complement sum as their 16-bit halves (2^16 = 1 modulo
	 * 2^16 - 1, RFC 1071 section 2). */
	while (len >= 4) {
		u32 w;
		__builtin_memcpy(&w, p, 4); /* one load, any alignment */
		acc += w;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		u16 w;
		__builtin_memcpy(&w, p, 2);
		acc += w;
		p += 2;
		len -= 2;
	}
	if (len)
		acc += *p; /* little-endian: the byte is the word's first */
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (u32)acc;
}

/* The value for the checksum field: the folded sum, inverted. Over data
 * that holds a right checksum it gives 0. */
u16 ip_checksum_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)~sum;
}

u32 ip_pseudo_sum(u32 src, u32 dst, u8 proto, u16 len)
{
	u32 words[3] = { src, dst, net32(((u32)proto << 16) | len) };
	return ip_checksum_add(0, words, sizeof(words));
}
