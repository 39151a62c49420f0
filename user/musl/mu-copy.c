/*
 * mu-copy - musl's stdio on files: writes a file of known bytes with
 * fwrite and a few lines with fprintf, copies it with fread/fwrite through
 * a small buffer, reads both back (fgets, fread, fseek/ftell) and compares,
 * then removes everything. Works in /tmp/mu-copy.PID (the pid is never
 * printed). Expected: the reference Linux's results.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DATA_SIZE 50000
#define LINES 20

static unsigned char data[DATA_SIZE];
static unsigned char back[DATA_SIZE + 100];
static int failures;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
	if (!ok)
		failures++;
}

static int write_source(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return 0;
	for (int i = 0; i < LINES; i++)
		fprintf(f, "line %d of %d: %s\n", i + 1, LINES, i % 2 ? "odd" : "even");
	for (size_t off = 0; off < DATA_SIZE; off += 777) {
		size_t n = DATA_SIZE - off < 777 ? DATA_SIZE - off : 777;
		if (fwrite(data + off, 1, n, f) != n)
			return 0;
	}
	return fclose(f) == 0;
}

static long copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	FILE *out = fopen(to, "wb");
	char buf[1000];
	long total = 0;
	size_t n;

	if (!in || !out)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (fwrite(buf, 1, n, out) != n)
			return -1;
		total += (long)n;
	}
	if (ferror(in))
		return -1;
	fclose(in);
	return fclose(out) == 0 ? total : -1;
}

static void check_copy(const char *path, long header)
{
	FILE *f = fopen(path, "r");
	char line[100], want[100];
	int lines_ok = 1;

	if (!f) {
		check("fopen the copy", 0);
		return;
	}
	for (int i = 0; i < LINES; i++) {
		snprintf(want, sizeof(want), "line %d of %d: %s\n", i + 1, LINES,
			 i % 2 ? "odd" : "even");
		if (!fgets(line, sizeof(line), f) || strcmp(line, want))
			lines_ok = 0;
	}
	check("fgets gives the 20 lines", lines_ok);
	check("ftell after them is the header size", ftell(f) == header);
	size_t n = fread(back, 1, sizeof(back), f);
	printf("fread of the rest: %zu bytes\n", n);
	check("they equal the data", n == DATA_SIZE && !memcmp(back, data, DATA_SIZE));
	check("feof", feof(f) != 0);
	check("fseek(f, -10, SEEK_END)", fseek(f, -10, SEEK_END) == 0);
	check("fread the last 10 bytes", fread(back, 1, 10, f) == 10 &&
	      !memcmp(back, data + DATA_SIZE - 10, 10));
	fclose(f);
}

int main(void)
{
	char dir[64], src[80], dst[80];
	long header = 0;

	for (size_t i = 0; i < DATA_SIZE; i++)
		data[i] = (unsigned char)(i * 13 + i / 255);
	for (int i = 0; i < LINES; i++)
		header += snprintf(NULL, 0, "line %d of %d: %s\n", i + 1, LINES,
				   i % 2 ? "odd" : "even");

	mkdir("/tmp", 01777); /* Linux has it; a bare MinOS root may not */
	snprintf(dir, sizeof(dir), "/tmp/mu-copy.%d", (int)getpid());
	snprintf(src, sizeof(src), "%s/src", dir);
	snprintf(dst, sizeof(dst), "%s/dst", dir);
	if (mkdir(dir, 0755) != 0) {
		printf("mkdir scratch directory: FAIL (%s)\n", strerror(errno));
		return 1;
	}
	check("fopen/fprintf/fwrite/fclose the source", write_source(src));
	long copied = copy_file(src, dst);
	printf("bytes copied with fread/fwrite: %ld\n", copied);
	check("that is the header and the data", copied == header + DATA_SIZE);
	check_copy(dst, header);
	check("fopen(missing, \"r\") fails with ENOENT",
	      fopen("/tmp/mu-copy-missing/x", "r") == NULL && errno == ENOENT);
	check("remove(src)", remove(src) == 0);
	check("remove(dst)", remove(dst) == 0);
	check("rmdir the scratch directory", rmdir(dir) == 0);
	if (failures)
		printf("%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}
