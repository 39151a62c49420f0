/*
 * tcp_seg.h - the TCP segment on the wire (RFC 9293 3.1) and sequence
 * number arithmetic (RFC 9293 3.4): the header, its flags and options.
 * Invariant: sequence numbers are compared only through the SEQ_* macros,
 * which stay right across the 2^32 wraparound for distances below 2^31.
 */
#ifndef MINOS_NET_TCP_SEG_H
#define MINOS_NET_TCP_SEG_H

#include "types.h"

struct tcp_hdr {
	u16 sport, dport; /* network byte order */
	u32 seq, ack;     /* network byte order */
	u8 off;           /* data offset in 32-bit words, high nibble */
	u8 flags;
	u16 win;
	u16 csum;
	u16 urg;
} __packed;

#define TCP_HLEN 20        /* without options */
#define TCP_HLEN_MAX 60    /* data offset 15 */

/* The control bits (RFC 9293 3.1). */
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20

/* Options (RFC 9293 3.2). */
#define TCP_OPT_END 0
#define TCP_OPT_NOP 1
#define TCP_OPT_MSS 2
#define TCP_OPT_MSS_LEN 4

/* RFC 9293 3.7.1: the MSS assumed when the peer sends no option. */
#define TCP_MSS_DEFAULT 536

#define SEQ_LT(a, b) ((s32)((u32)(a) - (u32)(b)) < 0)
#define SEQ_LEQ(a, b) ((s32)((u32)(a) - (u32)(b)) <= 0)
#define SEQ_GT(a, b) ((s32)((u32)(a) - (u32)(b)) > 0)
#define SEQ_GEQ(a, b) ((s32)((u32)(a) - (u32)(b)) >= 0)

#endif
