/*
 * io-copy-file - the everyday copy loop: writes a 100 KiB file of a known
 * pattern (in uneven 1000-byte pieces), copies it with read/write in 4 KiB
 * chunks, and compares the copy with the pattern. On a regular file each
 * read returns the full chunk until the end, so the counts of calls are
 * part of the result. Expected: the reference Linux's results. Works in
 * /tmp/io-copy-file.PID.
 */
#include "fs-test.h"

#define FILE_SIZE (100 * 1024)
#define PIECE 1000
#define CHUNK 4096

static unsigned char pattern[FILE_SIZE];
static unsigned char copy[FILE_SIZE + 1];

int main(void)
{
	unsigned char chunk[CHUNK];
	long reads = 0, writes = 0, copied = 0, n;
	unsigned long sum = 0;
	int src, dst;

	scratch_enter("io-copy-file");
	for (size_t i = 0; i < FILE_SIZE; i++)
		pattern[i] = (unsigned char)(i * 7 + i / 251);
	for (size_t i = 0; i < FILE_SIZE; i++)
		sum = sum * 31 + pattern[i];

	src = open("src", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	check("open(\"src\", O_WRONLY|O_CREAT|O_TRUNC)", src >= 0);
	for (long off = 0; off < FILE_SIZE; off += PIECE) {
		long len = FILE_SIZE - off < PIECE ? FILE_SIZE - off : PIECE;
		if (write(src, pattern + off, (size_t)len) != len) {
			check("writing the pattern", 0);
			break;
		}
	}
	CHECK_CALL("size of src", lseek(src, 0, SEEK_END), FILE_SIZE);
	close(src);

	src = open("src", O_RDONLY);
	dst = open("dst", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	check("open both", src >= 0 && dst >= 0);
	while ((n = read(src, chunk, sizeof(chunk))) > 0) {
		reads++;
		if (n != CHUNK && copied + n != FILE_SIZE) {
			printf("short read of %ld at %ld: FAIL\n", n, copied);
			check_failures++;
		}
		if (write(dst, chunk, (size_t)n) != n) {
			check("write to dst", 0);
			break;
		}
		writes++;
		copied += n;
	}
	reads++; /* the one that returned 0 (or failed) */
	check_result("the last read", rv(n), 0);
	check_result("read calls", reads, FILE_SIZE / CHUNK + 1);
	check_result("write calls", writes, FILE_SIZE / CHUNK);
	check_result("bytes copied", copied, FILE_SIZE);
	close(src);
	CHECK_CALL("close(dst)", close(dst), 0);

	dst = open("dst", O_RDONLY);
	n = 0;
	for (long got; (got = read(dst, copy + n, sizeof(copy) - (size_t)n)) > 0;)
		n += got;
	close(dst);
	check_result("bytes in dst", n, FILE_SIZE);
	check("dst equals the pattern", !memcmp(copy, pattern, FILE_SIZE));
	unsigned long dsum = 0;
	for (size_t i = 0; i < FILE_SIZE; i++)
		dsum = dsum * 31 + copy[i];
	printf("checksum of dst: %016lx\n", dsum);
	check("it matches the pattern's", dsum == sum);
	scratch_leave();
	return check_exit();
}
