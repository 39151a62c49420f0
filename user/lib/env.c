/*
 * env.c - getenv, setenv and unsetenv on environ. Invariant: environ is
 * always a NULL-terminated array of "name=value" strings; after the first
 * addition it is own_env, an array in sbrk memory with room for env_cap
 * pointers. Nothing taken from sbrk is given back (see minos_proc.h).
 */
#include <errno.h>
#include <minos_proc.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define ENV_ALIGN 16     /* what malloc would promise */
#define ENV_MIN_CAP 16   /* first own array: room for this many entries */

static char **own_env;
static size_t env_cap;

/* n bytes from sbrk, aligned, or NULL with ENOMEM. */
static void *env_alloc(size_t n)
{
	uintptr_t brk0 = (uintptr_t)sbrk(0);
	size_t pad = (ENV_ALIGN - brk0 % ENV_ALIGN) % ENV_ALIGN;
	char *p = sbrk((long)(pad + n));

	if (p == (void *)-1)
		return NULL; /* sbrk set ENOMEM */
	return p + pad;
}

/* The length of a usable name, or 0 with EINVAL. */
static size_t name_len(const char *name)
{
	if (!name || !*name || strchr(name, '=')) {
		errno = EINVAL;
		return 0;
	}
	return strlen(name);
}

static char **env_find(const char *name, size_t len)
{
	for (char **e = environ; e && *e; e++) {
		if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
			return e;
	}
	return NULL;
}

char *getenv(const char *name)
{
	size_t len;
	char **e;

	if (!name || !*name || strchr(name, '='))
		return NULL;
	len = strlen(name);
	e = env_find(name, len);
	return e ? *e + len + 1 : NULL;
}

int setenv(const char *name, const char *value, int overwrite)
{
	size_t len = name_len(name);
	size_t vlen, n = 0;
	char **e;
	char *s;

	if (!len)
		return -1;
	e = env_find(name, len);
	if (e && !overwrite)
		return 0;
	vlen = strlen(value);
	s = env_alloc(len + 1 + vlen + 1);
	if (!s)
		return -1;
	memcpy(s, name, len);
	s[len] = '=';
	memcpy(s + len + 1, value, vlen + 1);
	if (e) {
		*e = s;
		return 0;
	}
	while (environ && environ[n])
		n++;
	if (environ != own_env || n + 2 > env_cap) {
		size_t cap = (n + 2) * 2 > ENV_MIN_CAP ? (n + 2) * 2 : ENV_MIN_CAP;
		char **ne = env_alloc(cap * sizeof(char *));
		if (!ne)
			return -1;
		if (n)
			memcpy(ne, environ, n * sizeof(char *));
		own_env = ne;
		env_cap = cap;
		environ = ne;
	}
	environ[n] = s;
	environ[n + 1] = NULL;
	return 0;
}

int unsetenv(const char *name)
{
	size_t len = name_len(name);
	char **e;

	if (!len)
		return -1;
	/* Every entry of that name goes, should there be several. */
	while ((e = env_find(name, len)) != NULL) {
		do
			e[0] = e[1];
		while (*e++);
	}
	return 0;
}
