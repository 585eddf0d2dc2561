// SPDX-License-Identifier: MIT
/*
 * Shell commands that look at memory: meminfo, layout, pt. They only read;
 * the allocation commands are in cmd_pages.c, cmd_slab.c and cmd_vmalloc.c.
 */
#include "shell/shell_internal.h"
#include "kernel/process.h"
#include "lib/string.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"
#include "mm/layout.h"
#include "mm/memlayout.h"
#include "mm/mm_stats.h"
#include "mm/page_info.h"
#include "mm/pgtable.h"
#include "mm/vmalloc.h"

/*
 * The buddy allocator's meminfo (mm/page_info.c), then the mm_stats
 * counters: the ones each ktest suite must leave as it found them.
 */
int cmd_meminfo(int argc, char **argv)
{
	struct mm_stats s;

	(void)argc;
	(void)argv;
	meminfo_print();
	mm_stats_read(&s);
	for (int i = 0; i < NR_MM_STATS; i++)
		shell_printf("%-24s %llu\n", mm_stat_names[i], (unsigned long long)s.v[i]);
	return 0;
}

int cmd_layout(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	layout_print();
	return 0;
}

static const char *const level_names[PT_LEVELS] = {"pgd", "pud", "pmd", "pte"};

/* Write the set flag bits of entry e, as Linux names them, into buf. */
static void pte_flags_string(pte_t e, enum pt_level level, char *buf, size_t size)
{
	static const struct {
		u64 bit;
		const char *name;
	} flags[] = {
		{_PAGE_PRESENT, "P"}, {_PAGE_RW, "RW"},	  {_PAGE_USER, "USER"},
		{_PAGE_PWT, "PWT"},   {_PAGE_PCD, "PCD"}, {_PAGE_ACCESSED, "A"},
		{_PAGE_DIRTY, "D"},   {_PAGE_PSE, "PSE"}, {_PAGE_GLOBAL, "G"},
		{_PAGE_NX, "NX"},
	};
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < ARRAY_SIZE(flags) && n < size; i++) {
		const char *name = flags[i].name;

		if (!(e & flags[i].bit))
			continue;
		if (flags[i].bit == _PAGE_PSE && level == PT_PTE)
			name = "PAT"; /* bit 7 of a 4 KiB entry selects the PAT entry */
		n += snprintf(buf + n, size - n, "%s%s", n ? " " : "", name);
	}
}

/* "4 KiB", "2 MiB" or "1 GiB" for a page size pt_walk() found. */
static const char *page_size_name(u64 size)
{
	return size == PUD_SIZE ? "1 GiB" : size == PMD_SIZE ? "2 MiB" : "4 KiB";
}

/* "PID:ADDR": the walk of a process's tables; 0, or -errno after one line. */
static int pt_walk_process(char *arg, u64 *va, struct pt_walk *w, int *pid)
{
	char *colon = strchr(arg, ':');
	u64 v;

	*colon = '\0';
	if (!shell_arg_u64("pt", arg, &v) || !shell_arg_u64("pt", colon + 1, va))
		return -EINVAL;
	*pid = (int)MIN(v, (u64)0x7fffffff);
	if (process_pt_walk(*pid, *va, w)) {
		shell_printf("pt: no process %d with an address space (see ps)\n", *pid);
		return -ESRCH;
	}
	return 0;
}

int cmd_pt(int argc, char **argv)
{
	struct pt_walk w;
	char region[96];
	int pid = -1;
	u64 va;

	(void)argc;
	if (strchr(argv[1], ':')) {
		int err = pt_walk_process(argv[1], &va, &w, &pid);

		if (err)
			return err;
	} else if (!shell_arg_u64(argv[0], argv[1], &va)) {
		return -EINVAL;
	}
	if (pt_sign_extend(va) != va) {
		shell_printf("pt: %016llx is not canonical (bits 63..48 must copy bit 47), "
			     "so no page table can map it\n",
			     (unsigned long long)va);
		return -EINVAL;
	}
	if (pid >= 0) {
		shell_printf("pt %d:%016llx (process %d's tables)\n", pid, (unsigned long long)va,
			     pid);
	} else {
		layout_describe(va, region, sizeof(region));
		shell_printf("pt %016llx (%s)\n", (unsigned long long)va, region);
		pt_walk(kernel_pgd, va, &w);
	}
	for (int level = 0; level < w.levels; level++) {
		char flags[64];

		pte_flags_string(w.entry[level], level, flags, sizeof(flags));
		shell_printf("  %s[%3u] in table at phys %#llx: %016llx  %s\n", level_names[level],
			     pt_index(va, level), (unsigned long long)w.table[level],
			     (unsigned long long)w.entry[level],
			     w.entry[level] & _PAGE_PRESENT ? flags : "not present");
	}
	if (!w.mapped) {
		shell_printf("  not mapped: the walk stops at the %s entry\n",
			     level_names[w.levels - 1]);
		return 0;
	}
	shell_printf("  mapped by a %s page at phys %#llx: %016llx -> phys %#llx\n",
		     page_size_name(w.page_size), (unsigned long long)(w.phys & ~(w.page_size - 1)),
		     (unsigned long long)va, (unsigned long long)w.phys);
	return 0;
}

/* Linux's /proc/vmallocinfo lines (mm/vmallocinfo.c), or a note if there are none. */
int cmd_vmallocinfo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	vmallocinfo_print();
	if (!vmalloc_nr_areas())
		shell_printf("no vmalloc or vmap areas are live\n");
	return 0;
}
