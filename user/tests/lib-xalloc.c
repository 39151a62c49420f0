/*
 * lib-xalloc - libminc's allocator for programs (minos_util.h): a sort
 * (sort_ptrs, which takes and releases a mark) as the very first use of
 * xalloc leaves the allocator working; xalloc_release gives back exactly
 * what came after its mark; a release of a mark taken before any
 * allocation keeps everything. Expected: the reference Linux's results
 * (the same library on either kernel must behave the same).
 */
#include <minos_util.h>
#include <string.h>

#include "check.h"

static int by_string(const void *a, const void *b)
{
	return strcmp(a, b);
}

int main(void)
{
	void *first_mark = xalloc_mark(); /* before any allocation */
	void *v[] = { "pear", "apple", "fig" };
	sort_ptrs(v, 3, by_string);
	check("a sort as the first use of the allocator sorts",
	      !strcmp(v[0], "apple") && !strcmp(v[1], "fig") && !strcmp(v[2], "pear"));

	char *p = xalloc(64);
	check("xalloc after that sort gives memory", p != NULL);
	memset(p, 'x', 64);
	check("the memory is writable", p[63] == 'x');

	void *mark = xalloc_mark();
	char *q = xalloc(100);
	xalloc_release(mark);
	char *r = xalloc(100);
	check("xalloc_release gives back what came after its mark", q == r);

	xalloc_release(first_mark);
	char *s = xalloc(16);
	check("releasing a mark taken before any allocation keeps everything",
	      s != NULL && s != p && s != r);
	return check_exit();
}
