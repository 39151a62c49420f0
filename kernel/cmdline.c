/*
 * cmdline.c - splits the kernel command line (cmdline.h) once at boot into
 * words kept in a private copy, so lookups never touch the boot loader's
 * memory. Quotes are removed while splitting: `init="/bin/sh -x"` gives the
 * word init=/bin/sh -x.
 * Written once at boot, before other CPUs run tasks; read-only after.
 */
#include "cmdline.h"
#include "bootinfo.h"
#include "errno.h"
#include "lib/string.h"

static char buffer[BOOT_CMDLINE_MAX];
static char original[BOOT_CMDLINE_MAX]; /* unsplit, for /proc/cmdline */
static const char *words[CMDLINE_MAX_WORDS];
static unsigned nwords;    /* kernel words, before "--" */
static unsigned init_first; /* index of the first word after "--" */
static unsigned total;

int cmdline_init(const char *s)
{
	size_t out = 0;
	int err = 0;
	bool seen_dashes = false;

	strlcpy(original, s, sizeof(original));
	nwords = total = init_first = 0;
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		if (total == CMDLINE_MAX_WORDS || out >= sizeof(buffer) - 1) {
			err = -E2BIG;
			break;
		}
		const char *word = &buffer[out];
		bool quoted = false;
		while (*s && (quoted || (*s != ' ' && *s != '\t' && *s != '\n'))) {
			if (*s == '"') {
				quoted = !quoted;
			} else if (out < sizeof(buffer) - 1) {
				buffer[out++] = *s;
			} else {
				err = -E2BIG;
			}
			s++;
		}
		buffer[out++] = 0;
		if (!seen_dashes && strcmp(word, "--") == 0) {
			seen_dashes = true;
			init_first = total;
			continue;
		}
		words[total++] = word;
		if (!seen_dashes)
			nwords = total;
	}
	if (!seen_dashes)
		init_first = total;
	buffer[sizeof(buffer) - 1] = 0;
	return err;
}

const char *cmdline_text(void) { return original; }

const char *cmdline_get(const char *key)
{
	size_t klen = strlen(key);
	const char *found = NULL;

	for (unsigned i = 0; i < nwords; i++) {
		const char *w = words[i];
		if (strncmp(w, key, klen) != 0)
			continue;
		if (w[klen] == '=')
			found = w + klen + 1;
		else if (w[klen] == 0)
			found = "";
	}
	return found;
}

bool cmdline_flag(const char *key) { return cmdline_get(key) != NULL; }

int cmdline_get_u64(const char *key, u64 *out)
{
	const char *v = cmdline_get(key);
	if (!v)
		return -ENOENT;
	return parse_u64(v, strlen(v), 0, out);
}

unsigned cmdline_init_argc(void) { return total - init_first; }

const char *cmdline_init_arg(unsigned i)
{
	return i < total - init_first ? words[init_first + i] : NULL;
}

bool cmdline_list_has(const char *key, const char *item)
{
	const char *v = cmdline_get(key);
	size_t ilen = strlen(item);

	while (v && *v) {
		const char *comma = strchr(v, ',');
		size_t len = comma ? (size_t)(comma - v) : strlen(v);
		if (len == ilen && strncmp(v, item, len) == 0)
			return true;
		v = comma ? comma + 1 : NULL;
	}
	return false;
}
