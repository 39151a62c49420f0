/*
 * uapi/if.h - the network interface requests of ioctl(2) on a socket
 * (SIOCGIF*), struct ifreq and struct ifconf, with Linux's values and
 * x86-64 layouts (include/uapi/linux/if.h, linux/sockios.h,
 * linux/if_arp.h).
 */
#ifndef MINOS_UAPI_IF_H
#define MINOS_UAPI_IF_H

#include "uapi/socket.h"

#define IFNAMSIZ 16

/* Interface flags (the same values as kernel/net/netif.h's). */
#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40
#define IFF_MULTICAST 0x1000

struct ifreq {
	char ifr_name[IFNAMSIZ];
	union {
		struct sockaddr ifr_addr; /* also netmask and broadcast */
		struct sockaddr ifr_hwaddr;
		short ifr_flags;
		int ifr_ifindex;
		int ifr_mtu;
		char ifr_newname[IFNAMSIZ];
		char *ifr_data; /* SIOCMINOS_GIFSTATS: where the counters go */
		char ifr_pad[24]; /* the union's size: struct ifmap's */
	};
};

struct ifconf {
	int ifc_len; /* bytes in the buffer; on return, bytes used */
	union {
		char *ifc_buf;
		struct ifreq *ifc_req;
	};
};

#define SIOCGIFNAME 0x8910
#define SIOCGIFCONF 0x8912
#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCGIFADDR 0x8915
#define SIOCGIFBRDADDR 0x8919
#define SIOCGIFNETMASK 0x891b
#define SIOCGIFMTU 0x8921
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFINDEX 0x8933

/* MinOS's own request, the first of Linux's per-device private range
 * (SIOCDEVPRIVATE, 0x89F0): the interface's counters, written to
 * ifr_data. Linux has no such request (it shows them in /proc/net/dev);
 * there the call fails (EOPNOTSUPP on lo). */
#define SIOCMINOS_GIFSTATS 0x89F0
struct minos_ifstats {
	unsigned long long rx_packets, rx_bytes, rx_dropped, rx_errors;
	unsigned long long tx_packets, tx_bytes, tx_dropped, tx_errors;
};

/* The hardware address family in SIOCGIFHWADDR's answer. */
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772

#endif
