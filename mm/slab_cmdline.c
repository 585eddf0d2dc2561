// SPDX-License-Identifier: MIT
/*
 * The slub_debug= command-line option, with Linux 6.1's syntax and meaning
 * (setup_slub_debug(), parse_slub_debug_flags() and kmem_cache_flags() in
 * mm/slub.c; Documentation/mm/slub.rst):
 *
 *   slub_debug                  every debug flag (F Z P U) for every cache
 *   slub_debug=FLAGS            FLAGS for every cache
 *   slub_debug=FLAGS,a,b*       FLAGS for cache a and the caches named b...;
 *                               empty FLAGS (slub_debug=,a) means all four
 *   slub_debug=BLOCK;BLOCK...   a cache gets the flags of the first block
 *                               whose list names it, else those of the last
 *                               block without a list (none if there is none)
 *
 * Letters: F consistency checks, Z red zones, P poison, U user tracking,
 * - none (clears the letters before it). Linux 6.1 also has T (trace), A
 * (failslab) and O (no debugging where it would raise the slab order);
 * strata has none of them and skips them like unknown letters. Where strata
 * differs on purpose: Linux prints one "slub_debug option 'x' unknown.
 * skipped" per letter, strata one warning naming them all; and strata
 * prints what the option means ("slub_debug: flags ... for ...").
 *
 * The option is read once, at kmem_cache_init(); its value is kept for
 * slub_debug_flags_for(), called by every kmem_cache_create().
 */
#include "mm/slab_internal.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* Every debug flag: what "slub_debug" and an empty FLAGS mean (Linux's DEBUG_DEFAULT_FLAGS). */
#define SLUB_DEBUG_ALL SLAB_DEBUG_FLAGS

slab_flags_t slub_debug_flags;
/* The option's value when one of its blocks lists caches, else "". */
static char slub_debug_string[128];

/* The flag of a slub_debug letter, or 0 ('-' and unknown letters). */
static slab_flags_t letter_flag(char c)
{
	switch (c | 0x20) {
	case 'f':
		return SLAB_CONSISTENCY_CHECKS;
	case 'z':
		return SLAB_RED_ZONE;
	case 'p':
		return SLAB_POISON;
	case 'u':
		return SLAB_STORE_USER;
	default:
		return 0;
	}
}

/* Bytes of s before the first ',' or ';' or its end. */
static size_t entry_len(const char *s)
{
	size_t n = 0;

	while (s[n] && s[n] != ',' && s[n] != ';')
		n++;
	return n;
}

/*
 * One block: its letters (appending unknown ones to skipped, if not NULL),
 * *list the start of its cache list or NULL. Returns the next block or NULL.
 *   skip ';'s; "," first: every flag; else letters up to ',' or ';'
 *   a ',' starts the list, which runs to the next ';'
 */
static const char *parse_block(const char *str, slab_flags_t *flags, const char **list,
			       char *skipped, size_t len)
{
	while (*str == ';')
		str++;
	*flags = *str == ',' ? SLUB_DEBUG_ALL : 0;
	for (; *str && *str != ',' && *str != ';'; str++) {
		size_t n = skipped ? strlen(skipped) : 0;

		if (*str == '-') {
			*flags = 0;
		} else if (letter_flag(*str)) {
			*flags |= letter_flag(*str);
		} else if (skipped && n + 1 < len) {
			skipped[n] = *str;
			skipped[n + 1] = '\0';
		}
	}
	*list = *str == ',' ? str + 1 : NULL;
	while (*str && *str != ';')
		str++;
	while (*str == ';')
		str++;
	return *str ? str : NULL;
}

/* Does the list (entries up to ',', ending at ';' or NUL) name name, exactly or by a "prefix*"? */
static bool list_names(const char *list, const char *name)
{
	while (*list && *list != ';') {
		size_t n = entry_len(list), star = 0;

		while (star < n && list[star] != '*')
			star++;
		if (star < n ? !strncmp(name, list, star)
			     : strlen(name) == n && !strncmp(name, list, n))
			return true;
		list += n + (list[n] == ',');
	}
	return false;
}

slab_flags_t slub_debug_parse(const char *opt, bool *lists, char *skipped, size_t len)
{
	slab_flags_t global = SLUB_DEBUG_ALL, flags;
	bool global_set = false;
	const char *list;

	*lists = false;
	if (skipped)
		skipped[0] = '\0';
	if (!*opt)
		return global;
	for (const char *b = opt; b;) {
		b = parse_block(b, &flags, &list, skipped, len);
		if (list) {
			*lists = true;
		} else {
			global = flags;
			global_set = true;
		}
	}
	/* Lists alone leave the other caches as without the option: no debugging. */
	return global_set ? global : 0;
}

slab_flags_t slub_debug_cache_flags(const char *opt, slab_flags_t global, const char *name)
{
	slab_flags_t flags;
	const char *list;

	for (const char *b = opt; b && *b;) {
		b = parse_block(b, &flags, &list, NULL, 0);
		if (list && list_names(list, name))
			return flags;
	}
	return global;
}

slab_flags_t slub_debug_flags_for(const char *name, slab_flags_t flags)
{
	return flags | slub_debug_cache_flags(slub_debug_string, slub_debug_flags, name);
}

/* Bytes of a cache list up to its block's end. */
static size_t list_len(const char *list)
{
	size_t n = 0;

	while (list[n] && list[n] != ';')
		n++;
	return n;
}

/* "FZPU" or "none" for the debug flags in flags. */
static const char *flag_letters(slab_flags_t flags, char buf[5])
{
	char *p = buf;

	if (flags & SLAB_CONSISTENCY_CHECKS)
		*p++ = 'F';
	if (flags & SLAB_RED_ZONE)
		*p++ = 'Z';
	if (flags & SLAB_POISON)
		*p++ = 'P';
	if (flags & SLAB_STORE_USER)
		*p++ = 'U';
	*p = '\0';
	return p == buf ? "none" : buf;
}

void slub_debug_configure(const char *opt)
{
	char skipped[32], line[200], letters[5];
	slab_flags_t flags;
	const char *list;
	bool lists;
	int n = 0;

	slub_debug_string[0] = '\0';
	slub_debug_flags = 0;
	if (!opt)
		return;
	slub_debug_flags = slub_debug_parse(opt, &lists, skipped, sizeof(skipped));
	if (skipped[0])
		pr_warn("slub_debug=%s: letters \"%s\" skipped: strata knows F, Z, P, U and - "
			"(Linux 6.1 also T, A, O, and reports each unknown letter on a line)\n",
			opt, skipped);
	if (lists)
		strlcpy(slub_debug_string, opt, sizeof(slub_debug_string));
	for (const char *b = lists ? opt : NULL; b && n < (int)sizeof(line);) {
		b = parse_block(b, &flags, &list, NULL, 0);
		if (list)
			n += snprintf(line + n, sizeof(line) - (size_t)n, "%s for %.*s; ",
				      flag_letters(flags, letters), (int)list_len(list), list);
	}
	if (n < (int)sizeof(line))
		snprintf(line + n, sizeof(line) - (size_t)n, "%s for every %scache",
			 flag_letters(slub_debug_flags, letters), lists ? "other " : "");
	pr_info("slub_debug: flags %s\n", line);
}

void slub_debug_setup(void)
{
	char opt[128];

	slub_debug_configure(cmdline_get("slub_debug", opt, sizeof(opt)) ? opt : NULL);
}
