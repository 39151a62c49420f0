/*
 * ksyms.c - looks addresses up in the linked-in symbol table (ksyms.h) by
 * binary search. Symbols with a size bound their range exactly; one without
 * a size (assembly labels) covers up to the next symbol.
 */
#include "ksyms.h"
#include "lib/format.h"
#include "lib/string.h"

#ifdef MINOS_HOST_TEST
static const struct ksym *ksym_table;
static u32 ksym_count;
static const char *ksym_names;

void ksyms_use_table(const struct ksym *table, u32 count, const char *names)
{
	ksym_table = table;
	ksym_count = count;
	ksym_names = names;
}
#else
/* Generated into build/ksyms.c (scripts/gen-ksyms). */
extern const struct ksym ksym_table[];
extern const u32 ksym_count;
extern const char ksym_names[];
#endif

const char *ksym_lookup(u64 addr, u64 *offset)
{
	u32 lo = 0, hi = ksym_count;

	/* Find the last symbol whose address is <= addr. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		if (ksym_table[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct ksym *s = &ksym_table[lo - 1];
	if (s->size ? addr - s->addr >= s->size
		    : (lo < ksym_count && addr >= ksym_table[lo].addr))
		return NULL;
	*offset = addr - s->addr;
	return ksym_names + s->name;
}

u64 ksym_address(const char *name)
{
	for (u32 i = 0; i < ksym_count; i++)
		if (strcmp(ksym_names + ksym_table[i].name, name) == 0)
			return ksym_table[i].addr;
	return 0;
}

void ksym_format(u64 addr, char *buf, size_t size)
{
	u64 off;
	const char *name = ksym_lookup(addr, &off);

	if (name)
		ksnprintf(buf, size, "%s+0x%llx", name, (unsigned long long)off);
	else
		ksnprintf(buf, size, "?");
}
