/*
 * hello.c - /bin/hello: "Hello, World!" through libminc's printf, the C
 * twin of hello-asm. Exits 0.
 */
#include <stdio.h>

int main(void)
{
	printf("Hello, World!\n");
	return 0;
}
