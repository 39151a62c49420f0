/*
 * uapi/socket.h - the socket ABI shared by every address family: families,
 * types, socket-level options, message flags and the structures that cross
 * the system-call boundary, with Linux's x86-64 values and layouts
 * (include/linux/socket.h, include/uapi/asm-generic/socket.h,
 * include/uapi/linux/un.h, include/uapi/linux/net.h).
 */
#ifndef MINOS_UAPI_SOCKET_H
#define MINOS_UAPI_SOCKET_H

typedef unsigned short sa_family_t;
typedef unsigned int socklen_t;

#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define AF_NETLINK 16
#define AF_PACKET 17
#define AF_MAX 46

/* The type argument of socket(2): a type, or'ed with creation flags. */
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK 00004000 /* = O_NONBLOCK */
#define SOCK_CLOEXEC 02000000  /* = O_CLOEXEC */

/* shutdown(2) */
#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

#define SOMAXCONN 4096 /* Linux 6.1's net.core.somaxconn default */

/* Socket-level options (level SOL_SOCKET). */
#define SOL_SOCKET 1
#define SO_DEBUG 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_DONTROUTE 5
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_OOBINLINE 10
#define SO_NO_CHECK 11
#define SO_PRIORITY 12
#define SO_LINGER 13
#define SO_BSDCOMPAT 14
#define SO_REUSEPORT 15
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_RCVLOWAT 18
#define SO_SNDLOWAT 19
#define SO_RCVTIMEO_OLD 20
#define SO_SNDTIMEO_OLD 21
#define SO_ACCEPTCONN 30
#define SO_PEERSEC 31
#define SO_SNDBUFFORCE 32
#define SO_RCVBUFFORCE 33
#define SO_PROTOCOL 38
#define SO_DOMAIN 39

/* Message flags (send, recv and msghdr.msg_flags). */
#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_MORE 0x8000
#define MSG_CMSG_CLOEXEC 0x40000000

/* Control messages (level SOL_SOCKET). */
#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2
#define SCM_MAX_FD 253 /* descriptors in one SCM_RIGHTS message */

struct sockaddr {
	sa_family_t sa_family;
	char sa_data[14];
};

/* Big enough for any family's address (128 bytes, as Linux's). */
struct sockaddr_storage {
	sa_family_t ss_family;
	char ss_data[126];
};

#define UNIX_PATH_MAX 108
struct sockaddr_un {
	sa_family_t sun_family;
	char sun_path[UNIX_PATH_MAX];
};

struct iovec;

struct msghdr {
	void *msg_name;
	unsigned int msg_namelen;
	struct iovec *msg_iov;
	unsigned long msg_iovlen;
	void *msg_control;
	unsigned long msg_controllen;
	unsigned int msg_flags;
};

struct cmsghdr {
	unsigned long cmsg_len; /* header and data, unpadded */
	int cmsg_level;
	int cmsg_type;
};

/* Each control message starts on an 8-byte boundary. */
#define CMSG_ALIGN(len) (((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))
#define CMSG_SPACE(len) (sizeof(struct cmsghdr) + CMSG_ALIGN(len))
#define CMSG_LEN(len) (sizeof(struct cmsghdr) + (len))

struct ucred {
	int pid;
	unsigned int uid, gid;
};

struct linger {
	int l_onoff;
	int l_linger;
};

#endif
