/*
 * test_checksum.c - host tests for kernel/net/checksum.c: the Internet
 * checksum against RFC 1071's worked example, a textbook IPv4 header, a
 * plain big-endian reference sum over random data of every length up to
 * 300 bytes and every starting alignment, chaining, and the UDP
 * pseudo-header.
 */
#include "unit.h"

#include "net/ip.h"

/* The checksum as RFC 1071 states it, word by word in network order. */
static unsigned ref_checksum(const unsigned char *p, size_t len, unsigned long sum)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (unsigned)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (unsigned)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (~sum) & 0xffff;
}

static unsigned short on_wire(unsigned short c) { return net16(c); }

static void test_rfc1071_example(void)
{
	/* Section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2. */
	static const unsigned char d[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	CHECK_EQ_INT(on_wire(ip_checksum_fold(ip_checksum_add(0, d, sizeof(d)))), 0xffff & ~0xddf2);
}

static void test_ipv4_header(void)
{
	/* 192.168.0.1 -> 192.168.0.199, UDP, length 115, DF: checksum b861. */
	unsigned char h[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
				0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
	unsigned short c = ip_checksum_fold(ip_checksum_add(0, h, sizeof(h)));
	CHECK_EQ_INT(on_wire(c), 0xb861);
	memcpy(h + 10, &c, 2);
	CHECK_EQ_INT(ip_checksum_fold(ip_checksum_add(0, h, sizeof(h))), 0);
	h[15] ^= 1; /* one bit changed: the sum no longer checks */
	CHECK(ip_checksum_fold(ip_checksum_add(0, h, sizeof(h))) != 0);
}

static void test_against_reference(void)
{
	unsigned char buf[301 + 8];
	unsigned seed = 12345;
	for (size_t len = 0; len <= 300; len++) {
		for (size_t off = 0; off < 8; off++) {
			for (size_t i = 0; i < sizeof(buf); i++) {
				seed = seed * 1103515245 + 12345;
				buf[i] = (unsigned char)(seed >> 16);
			}
			unsigned mine = on_wire(ip_checksum_fold(ip_checksum_add(0, buf + off, (u32)len)));
			CHECK_EQ_INT(mine, ref_checksum(buf + off, len, 0));
		}
	}
	/* All ones: the carries must wrap around many times. */
	memset(buf, 0xff, sizeof(buf));
	CHECK_EQ_INT(on_wire(ip_checksum_fold(ip_checksum_add(0, buf, 300))), ref_checksum(buf, 300, 0));
}

static void test_chained(void)
{
	unsigned char buf[200];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 37 + 5);
	for (u32 cut = 0; cut <= sizeof(buf); cut += 2) {
		u32 s = ip_checksum_add(ip_checksum_add(0, buf, cut), buf + cut, (u32)sizeof(buf) - cut);
		CHECK_EQ_INT(on_wire(ip_checksum_fold(s)), ref_checksum(buf, sizeof(buf), 0));
	}
}

static void test_pseudo_header(void)
{
	/* 127.0.0.1:40000 -> 127.0.0.1:7, "hi": the sum over the pseudo-header
	 * (src, dst, 0, 17, length 10) and the datagram. */
	unsigned char dgram[10] = { 0x9c, 0x40, 0x00, 0x07, 0x00, 0x0a, 0x00, 0x00, 'h', 'i' };
	unsigned char pseudo[12] = { 127, 0, 0, 1, 127, 0, 0, 1, 0, 17, 0, 10 };
	unsigned char all[22];
	memcpy(all, pseudo, 12);
	memcpy(all + 12, dgram, 10);
	u32 src = 0, dst = 0;
	memcpy(&src, pseudo, 4);
	memcpy(&dst, pseudo + 4, 4);
	u32 s = ip_checksum_add(ip_pseudo_sum(src, dst, IPPROTO_UDP, 10), dgram, sizeof(dgram));
	CHECK_EQ_INT(on_wire(ip_checksum_fold(s)), ref_checksum(all, sizeof(all), 0));
}

UNIT_TESTS(TEST_ENTRY(test_rfc1071_example), TEST_ENTRY(test_ipv4_header), TEST_ENTRY(test_against_reference),
	   TEST_ENTRY(test_chained), TEST_ENTRY(test_pseudo_header))
