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

struct ifreq {
	char ifr_name[IFNAMSIZ];
	union {
		struct sockaddr ifr_addr; /* also netmask, broadcast, hwaddr */
		short ifr_flags;
		int ifr_ifindex;
		int ifr_mtu;
		char ifr_newname[IFNAMSIZ];
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

/* The hardware address family in SIOCGIFHWADDR's answer. */
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772

#endif
