/*
 * uapi/in.h - the IPv4 socket ABI: struct sockaddr_in, the protocol numbers
 * and the IPPROTO_IP and SOL_RAW options MinOS knows, with Linux's values
 * and layouts (include/uapi/linux/in.h, include/uapi/linux/icmp.h).
 * Addresses and ports are in network byte order, as on the wire.
 */
#ifndef MINOS_UAPI_IN_H
#define MINOS_UAPI_IN_H

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_RAW 255

struct in_addr {
	unsigned int s_addr;
};

struct sockaddr_in {
	unsigned short sin_family; /* AF_INET */
	unsigned short sin_port;
	struct in_addr sin_addr;
	unsigned char sin_zero[8];
};

/* Options at level IPPROTO_IP. */
#define IP_TOS 1
#define IP_TTL 2
#define IP_HDRINCL 3
#define IP_RECVERR 11

/* Level SOL_RAW, option ICMP_FILTER: a bit set for each ICMP type a raw
 * ICMP socket does not want (include/uapi/linux/icmp.h). */
#define SOL_RAW 255
#define ICMP_FILTER 1

#endif
