/*
 * mu-net-procdev.c - /proc/net/dev reads as Linux writes it: the two header
 * lines byte for byte, then one line per interface with Linux's column
 * widths (net/core/net-procfs.c), each rebuilt from the numbers read and
 * compared with the line itself. Interfaces differ between machines, so
 * only the header and the verdicts are printed, plus the lines of cards
 * other than lo (none on a machine without a card).
 */
#include <stdio.h>
#include <string.h>

int main(void)
{
	FILE *f = fopen("/proc/net/dev", "r");
	if (!f) {
		perror("open /proc/net/dev");
		return 1;
	}
	char line[512];
	int n = 0, bad = 0;
	while (fgets(line, sizeof(line), f)) {
		if (n++ < 2) {
			fputs(line, stdout); /* the header, as is */
			continue;
		}
		char name[32];
		unsigned long long v[16];
		int got = sscanf(line, " %31[^:]:%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu "
				 "%llu %llu %llu %llu %llu", name, &v[0], &v[1], &v[2], &v[3], &v[4],
				 &v[5], &v[6], &v[7], &v[8], &v[9], &v[10], &v[11], &v[12], &v[13],
				 &v[14], &v[15]);
		char again[512];
		snprintf(again, sizeof(again),
			 "%6s:%8llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu %8llu %7llu %4llu "
			 "%4llu %4llu %5llu %7llu %10llu\n", name, v[0], v[1], v[2], v[3], v[4], v[5],
			 v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
		if (got != 17 || strcmp(line, again) != 0) {
			bad++;
			printf("line %d is not in Linux's format: %s", n, line);
		} else if (strcmp(name, "lo") != 0) {
			printf("interface %s\n", name);
		}
	}
	fclose(f);
	printf("header lines: %d\n", n < 2 ? n : 2);
	printf("interface lines in Linux's format: %s\n", bad ? "no" : "yes");
	return 0;
}
