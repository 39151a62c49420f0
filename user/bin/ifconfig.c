/*
 * ifconfig - shows the network interfaces in the layout of net-tools'
 * ifconfig: flags and MTU, IPv4 address, netmask and broadcast address,
 * hardware address, and (MinOS's SIOCMINOS_GIFSTATS) the counters.
 *   ifconfig            every interface, by index
 *   ifconfig NAME       that one
 *   ifconfig NAME up|down
 * Exits 0, or 1 when an interface does not exist or a request fails.
 */
#include <errno.h>
#include <minos_net.h>
#include <stdio.h>
#include <stdlib.h>

static int fd;

static int req(unsigned long cmd, const char *name, struct ifreq *r)
{
	memset(r, 0, sizeof(*r));
	strlcpy(r->ifr_name, name, IFNAMSIZ);
	return net_ioctl(fd, cmd, r);
}

static unsigned req_addr(unsigned long cmd, const char *name)
{
	struct ifreq r;
	if (req(cmd, name, &r) < 0)
		return 0;
	return ((struct sockaddr_in *)&r.ifr_addr)->sin_addr.s_addr;
}

static void print_flags(unsigned flags)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = { { IFF_UP, "UP" }, { IFF_BROADCAST, "BROADCAST" }, { IFF_LOOPBACK, "LOOPBACK" },
		      { IFF_RUNNING, "RUNNING" }, { IFF_MULTICAST, "MULTICAST" } };
	const char *sep = "";
	printf("flags=%u<", flags);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (flags & names[i].bit) {
			printf("%s%s", sep, names[i].name);
			sep = ",";
		}
	}
	printf(">");
}

static int show(const char *name)
{
	struct ifreq r;
	if (req(SIOCGIFFLAGS, name, &r) < 0) {
		dprintf(2, "ifconfig: %s: %s\n", name, strerror(errno));
		return 1;
	}
	unsigned flags = (unsigned short)r.ifr_flags;
	printf("%s: ", name);
	print_flags(flags);
	if (req(SIOCGIFMTU, name, &r) == 0)
		printf("  mtu %d", r.ifr_mtu);
	printf("\n");
	char a[16], m[16], b[16];
	unsigned addr = req_addr(SIOCGIFADDR, name);
	if (addr) {
		printf("        inet %s  netmask %s", net_format_ip(addr, a),
		       net_format_ip(req_addr(SIOCGIFNETMASK, name), m));
		if (flags & IFF_BROADCAST)
			printf("  broadcast %s", net_format_ip(req_addr(SIOCGIFBRDADDR, name), b));
		printf("\n");
	}
	if (req(SIOCGIFHWADDR, name, &r) == 0) {
		const unsigned char *mac = (const unsigned char *)r.ifr_hwaddr.sa_data;
		if (r.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK)
			printf("        loop  (Local Loopback)\n");
		else
			printf("        ether %02x:%02x:%02x:%02x:%02x:%02x  (Ethernet)\n", mac[0], mac[1], mac[2],
			       mac[3], mac[4], mac[5]);
	}
	struct minos_ifstats st;
	req(SIOCMINOS_GIFSTATS, name, &r);
	r.ifr_data = (char *)&st;
	if (net_ioctl(fd, SIOCMINOS_GIFSTATS, &r) == 0) {
		printf("        RX packets %llu  bytes %llu  errors %llu  dropped %llu\n", st.rx_packets, st.rx_bytes,
		       st.rx_errors, st.rx_dropped);
		printf("        TX packets %llu  bytes %llu  errors %llu  dropped %llu\n", st.tx_packets, st.tx_bytes,
		       st.tx_errors, st.tx_dropped);
	}
	return 0;
}

static int set_up(const char *name, bool up)
{
	struct ifreq r;
	if (req(SIOCGIFFLAGS, name, &r) < 0) {
		dprintf(2, "ifconfig: %s: %s\n", name, strerror(errno));
		return 1;
	}
	r.ifr_flags = (short)(up ? (r.ifr_flags | IFF_UP) : (r.ifr_flags & ~IFF_UP));
	if (net_ioctl(fd, SIOCSIFFLAGS, &r) < 0) {
		dprintf(2, "ifconfig: SIOCSIFFLAGS: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	fd = net_socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("ifconfig: socket");
		return 1;
	}
	if (argc == 2)
		return show(argv[1]);
	if (argc == 3 && (strcmp(argv[2], "up") == 0 || strcmp(argv[2], "down") == 0))
		return set_up(argv[1], argv[2][0] == 'u');
	if (argc != 1) {
		dprintf(2, "usage: ifconfig [NAME [up|down]]\n");
		return 1;
	}
	/* Every interface, by index; the indexes may have gaps. */
	int misses = 0, shown = 0;
	for (int index = 1; misses < 8; index++) {
		struct ifreq r;
		memset(&r, 0, sizeof(r));
		r.ifr_ifindex = index;
		if (net_ioctl(fd, SIOCGIFNAME, &r) < 0) {
			misses++;
			continue;
		}
		misses = 0;
		if (shown++)
			printf("\n");
		show(r.ifr_name);
	}
	return 0;
}
