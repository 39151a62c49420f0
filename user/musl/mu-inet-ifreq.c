/*
 * mu-inet-ifreq - the interface requests ifconfig makes, on lo: flags,
 * address, netmask, broadcast, MTU, index, hardware address, name by
 * index, the list of configured interfaces (SIOCGIFCONF), an unknown
 * name; then lo taken down (127.0.0.1 unreachable) and up again.
 * Expected: the reference Linux's results.
 */
#include <net/if.h>
#include <sys/ioctl.h>

#include "mu-inet.h"

static int fd;

static int req(unsigned long cmd, const char *name, struct ifreq *r)
{
	memset(r, 0, sizeof(*r));
	strncpy(r->ifr_name, name, IFNAMSIZ - 1);
	return ioctl(fd, cmd, r);
}

static void show_ifaddr(const char *what, unsigned long cmd, const char *name)
{
	struct ifreq r;
	int ret = req(cmd, name, &r);
	if (ret < 0) {
		show(what, ret);
		return;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)&r.ifr_addr;
	char ip[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
	printf("%s: family %d %s\n", what, a->sin_family, ip);
}

static void show_flags(const char *what)
{
	struct ifreq r;
	int ret = req(SIOCGIFFLAGS, "lo", &r);
	if (ret < 0)
		show(what, ret);
	else
		printf("%s: %#x\n", what, (unsigned short)r.ifr_flags);
}

int main(void)
{
	struct ifreq r;
	sock_test_start();
	fd = udp_socket();
	show_flags("lo flags");
	show_ifaddr("lo address", SIOCGIFADDR, "lo");
	show_ifaddr("lo netmask", SIOCGIFNETMASK, "lo");
	show_ifaddr("lo broadcast", SIOCGIFBRDADDR, "lo");
	show("lo mtu", req(SIOCGIFMTU, "lo", &r));
	printf("mtu: %d\n", r.ifr_mtu);
	show("lo index", req(SIOCGIFINDEX, "lo", &r));
	printf("index: %d\n", r.ifr_ifindex);
	show("lo hwaddr", req(SIOCGIFHWADDR, "lo", &r));
	printf("hwaddr family %d, all zero: %d\n", r.ifr_hwaddr.sa_family,
	       memcmp(r.ifr_hwaddr.sa_data, "\0\0\0\0\0\0", 6) == 0);
	memset(&r, 0, sizeof(r));
	r.ifr_ifindex = 1;
	show("name of index 1", ioctl(fd, SIOCGIFNAME, &r));
	printf("name: %s\n", r.ifr_name);
	r.ifr_ifindex = 999;
	show("name of index 999", ioctl(fd, SIOCGIFNAME, &r));
	show("flags of nope0", req(SIOCGIFFLAGS, "nope0", &r));
	show("address of nope0", req(SIOCGIFADDR, "nope0", &r));

	/* SIOCGIFCONF: the room needed, then the list (lo comes first). */
	struct ifconf c;
	memset(&c, 0, sizeof(c));
	show("SIOCGIFCONF, no buffer", ioctl(fd, SIOCGIFCONF, &c));
	printf("room for at least one: %d, a multiple of struct ifreq: %d\n", c.ifc_len >= (int)sizeof(r),
	       c.ifc_len % (int)sizeof(r) == 0);
	struct ifreq list[8];
	c.ifc_len = sizeof(list);
	c.ifc_req = list;
	show("SIOCGIFCONF", ioctl(fd, SIOCGIFCONF, &c));
	struct sockaddr_in *a = (struct sockaddr_in *)&list[0].ifr_addr;
	printf("first: %s %s\n", list[0].ifr_name, inet_ntoa(a->sin_addr));
	c.ifc_len = sizeof(r) - 1;
	show("SIOCGIFCONF, buffer too short for one", ioctl(fd, SIOCGIFCONF, &c));
	printf("ifc_len: %d\n", c.ifc_len);

	/* lo down, then up again (every later test needs it). */
	req(SIOCGIFFLAGS, "lo", &r);
	r.ifr_flags &= ~IFF_UP;
	show("lo down", ioctl(fd, SIOCSIFFLAGS, &r));
	show_flags("lo flags down");
	int u = udp_socket();
	int s0 = udp_bound("127.0.0.1", 7700);
	show("sendto 127.0.0.1 with lo down", sendto(u, "x", 1, 0, SIN("127.0.0.1", 7700), sizeof(struct sockaddr_in)));
	char b0[8];
	show("received with lo down", recv(s0, b0, sizeof(b0), MSG_DONTWAIT));
	close(s0);
	close(u);
	req(SIOCGIFFLAGS, "lo", &r);
	r.ifr_flags |= IFF_UP;
	show("lo up", ioctl(fd, SIOCSIFFLAGS, &r));
	show_flags("lo flags up");
	int s1 = udp_bound("127.0.0.1", 7701);
	u = udp_socket();
	show("sendto 127.0.0.1 with lo up again", sendto(u, "y", 1, 0, SIN("127.0.0.1", 7701), sizeof(struct sockaddr_in)));
	char b[8];
	show("received", recv(s1, b, sizeof(b), MSG_DONTWAIT));
	close(u);
	close(s1);
	close(fd);
	return sock_test_exit();
}
