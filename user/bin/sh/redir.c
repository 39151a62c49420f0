/*
 * redir.c - redirections and here-documents. A command's redirections are
 * undone afterwards unless it runs in a process of its own: each saved
 * descriptor is copied high (close-on-exec) and put back in reverse order.
 * The frames form a stack so that an error that returns to the prompt can
 * undo them all.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <minos_files.h>
#include <minos_proc.h>
#include <minos_util.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

struct redir_save *redir_stack; /* the innermost command's saved descriptors */

void redir_push(struct redir_save *s)
{
	memset(s, 0, sizeof(*s));
	s->prev = redir_stack;
	redir_stack = s;
}

void redir_pop(struct redir_save *s)
{
	for (int i = s->n - 1; i >= 0; i--) {
		if (s->v[i].copy >= 0) {
			dup2(s->v[i].copy, s->v[i].fd);
			close(s->v[i].copy);
		} else {
			close(s->v[i].fd);
		}
	}
	mem_free(s->v);
	redir_stack = s->prev;
}

static void save_fd(struct redir_save *s, int fd)
{
	for (int i = 0; i < s->n; i++) {
		if (s->v[i].fd == fd)
			return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->v = mem_realloc(s->v, (size_t)s->cap * sizeof(*s->v));
	}
	s->v[s->n].fd = fd;
	s->v[s->n].copy = fcntl(fd, F_DUPFD_CLOEXEC, SH_FD_MIN);
	s->n++;
}

/* A pipe whose read end yields the here-document. */
static int heredoc_fd(struct redir *r)
{
	char *body = r->here_quoted ? mem_strdup(r->here) : expand_str(r->here, EXP_HERE);
	size_t len = strlen(body);
	int p[2];

	if (pipe(p) < 0) {
		sh_warn("pipe: %s", strerror(errno));
		mem_free(body);
		return -1;
	}
	if (len > HERE_PIPE_MAX) {
		/* Too big to sit in the pipe: a child writes it (and is
		 * reaped with the background jobs). */
		pid_t pid = fork();
		if (pid == 0) {
			close(p[0]);
			_exit(write_all(p[1], body, len) < 0);
		}
	} else {
		write_all(p[1], body, len); /* fits: never blocks */
	}
	close(p[1]);
	mem_free(body);
	return p[0];
}

/* Applies the list left to right, saving into s (NULL: for good).
 * Returns 0, or -1 after reporting the one that failed. */
int apply_redirs(struct redir *r, struct redir_save *s)
{
	for (; r; r = r->next) {
		int fd = r->fd, nfd, flags;
		char *word;

		if (s)
			save_fd(s, fd);
		if (r->op == R_HERE || r->op == R_HERETAB) {
			nfd = heredoc_fd(r);
			if (nfd < 0)
				return -1;
		} else {
			word = expand_str(r->word, EXP_TILDE);
			if (r->op == R_DUPIN || r->op == R_DUPOUT) {
				char *end;
				long from = strtol(word, &end, 10);
				if (!strcmp(word, "-")) {
					close(fd);
				} else if (!*word || *end || from < 0 || from > INT_MAX) {
					sh_warn("%s: bad fd number", word);
					mem_free(word);
					return -1;
				} else if ((from == fd && fcntl(fd, F_GETFD) < 0) ||
					   (from != fd && dup2((int)from, fd) < 0)) {
					sh_warn("%ld: %s", from, strerror(errno));
					mem_free(word);
					return -1;
				}
				mem_free(word);
				continue;
			}
			flags = r->op == R_IN ? O_RDONLY :
				r->op == R_RDWR ? O_RDWR | O_CREAT :
				r->op == R_APPEND ? O_WRONLY | O_CREAT | O_APPEND :
				O_WRONLY | O_CREAT | O_TRUNC;
			nfd = open(word, flags, 0666);
			if (nfd < 0) {
				sh_warn("%s: %s", word, strerror(errno));
				mem_free(word);
				return -1;
			}
			mem_free(word);
		}
		if (nfd != fd) {
			if (dup2(nfd, fd) < 0) {
				sh_warn("%d: %s", fd, strerror(errno));
				close(nfd);
				return -1;
			}
			close(nfd);
		}
	}
	return 0;
}
