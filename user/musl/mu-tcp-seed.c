/*
 * mu-tcp-seed - the textbook's TCP server and client, both in NASM
 * (user/tests/tcp-seed-server.asm and tcp-seed-client.asm), run side by
 * side over lo: the server listens on 0.0.0.0:8080 and writes its HTTP
 * reply to the first connection; the client connects to 127.0.0.1:8080
 * (trying again while refused: the server may not listen yet) and prints
 * what it reads. Then each one's exit status. Expected: the reference
 * Linux's output.
 */
#include "mu-sock.h"

static pid_t run(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)path, NULL };
		execv(path, argv);
		_exit(127);
	}
	return pid;
}

static void report(const char *who, pid_t pid)
{
	int status;
	if (waitpid(pid, &status, 0) != pid)
		printf("%s: not waited for: FAIL\n", who);
	else if (WIFEXITED(status))
		printf("%s: exit %d\n", who, WEXITSTATUS(status));
	else
		printf("%s: signal %d\n", who, WTERMSIG(status));
}

int main(void)
{
	sock_test_start();
	fflush(stdout);
	pid_t server = run("/bin/tcp-seed-server");
	pid_t client = run("/bin/tcp-seed-client");
	report("client", client);
	report("server", server);
	return 0;
}
