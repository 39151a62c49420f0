/*
 * clear - clears the terminal: moves the cursor home (ESC [ H) and erases
 * the whole screen (ESC [ 2 J), the ECMA-48 sequences that xterm, the
 * Linux console and MinOS's terminal understand. Exits 0, or 1 if the
 * write fails.
 */
#include <unistd.h>

static const char clear_seq[] = "\033[H\033[2J";

int main(void)
{
	ssize_t len = sizeof(clear_seq) - 1;

	return write(STDOUT_FILENO, clear_seq, (size_t)len) == len ? 0 : 1;
}
