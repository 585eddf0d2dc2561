// SPDX-License-Identifier: MIT
/*
 * Symbol lookup over the generated table. Layout (build/ksyms.S):
 *
 *   ksyms_count            number of symbols
 *   ksyms_addr[count]      addresses, ascending
 *   ksyms_name_off[count]  offset of each name in ksyms_names
 *   ksyms_names            NUL-terminated names
 */
#include "kernel/ksyms.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

extern const u64 ksyms_count;
extern const u64 ksyms_addr[];
extern const u32 ksyms_name_off[];
extern const char ksyms_names[];
extern char __kernel_start[], __text_end[];

const char *ksym_lookup(u64 addr, u64 *offset, u64 *size)
{
	u64 lo = 0, hi = ksyms_count;

	if (addr < (u64)__kernel_start || addr >= (u64)__text_end || !ksyms_count ||
	    addr < ksyms_addr[0])
		return NULL;
	/* Binary search for the last symbol at or below addr. */
	while (hi - lo > 1) {
		u64 mid = lo + (hi - lo) / 2;

		if (ksyms_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksyms_addr[lo];
	*size = (lo + 1 < ksyms_count ? ksyms_addr[lo + 1] : (u64)__text_end) - ksyms_addr[lo];
	return ksyms_names + ksyms_name_off[lo];
}

u64 ksym_address(const char *name)
{
	for (u64 i = 0; i < ksyms_count; i++)
		if (!strcmp(ksyms_names + ksyms_name_off[i], name))
			return ksyms_addr[i];
	return 0;
}

/* The module loader's lookup of module text, once it registers it; NULL before. */
static bool (*module_lookup)(u64 addr, char *buf, size_t size);

void ksym_set_module_lookup(bool (*lookup)(u64 addr, char *buf, size_t size))
{
	module_lookup = lookup;
}

int ksym_snprint(char *buf, size_t size, u64 addr)
{
	u64 off, sz;
	const char *name = ksym_lookup(addr, &off, &sz);

	if (!name && module_lookup && module_lookup(addr, buf, size))
		return (int)strlen(buf);
	if (!name)
		return snprintf(buf, size, "0x%llx", (unsigned long long)addr);
	return snprintf(buf, size, "%s+0x%llx/0x%llx", name, (unsigned long long)off,
			(unsigned long long)sz);
}
