// SPDX-License-Identifier: MIT
/*
 * The shell's registry of its own allocations ("mine"): every allocation a
 * command makes is recorded here with its address, kind, size and the line
 * that made it, and the free-style commands accept only an address found
 * here, of their own kind. So nothing typed can free memory the kernel owns
 * or free the same block twice: the allocator never sees a bad free from
 * the shell.
 *
 * A fixed table of MINE_MAX slots; a free slot has addr 0 (no allocator
 * hands out address 0).
 */
#include "shell/shell_internal.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/slab.h"

#define MINE_MAX 64

static struct mine_entry mine_table[MINE_MAX];
static unsigned int mine_next_id = 1; /* ids only grow, so a reused slot gets a new one */

static const char *const mine_kind_names[NR_MINE_KINDS] = {
	[MINE_PAGES] = "pages",
	[MINE_KMALLOC] = "kmalloc",
	[MINE_OBJECT] = "object",
	[MINE_VMALLOC] = "vmalloc",
};

bool mine_full(const char *cmd)
{
	for (unsigned int i = 0; i < MINE_MAX; i++)
		if (!mine_table[i].addr)
			return false;
	shell_printf("%s: the shell already holds %u allocations (the most it tracks); "
		     "free some first ('mine' lists them)\n",
		     cmd, MINE_MAX);
	return true;
}

unsigned int mine_record(enum mine_kind kind, u64 addr, u64 amount, int argc, char **argv)
{
	for (unsigned int i = 0; i < MINE_MAX; i++) {
		struct mine_entry *e = &mine_table[i];
		size_t n = 0;

		if (e->addr)
			continue;
		e->addr = addr;
		e->kind = kind;
		e->amount = amount;
		e->id = mine_next_id++;
		e->cmd[0] = '\0';
		for (int a = 0; a < argc && n < sizeof(e->cmd); a++)
			n += snprintf(e->cmd + n, sizeof(e->cmd) - n, "%s%s", a ? " " : "",
				      argv[a]);
		return e->id;
	}
	return 0;
}

unsigned int mine_record_object(struct kmem_cache *cache, u64 addr, int argc, char **argv)
{
	unsigned int id = mine_record(MINE_OBJECT, addr, cache->object_size, argc, argv);
	struct mine_entry *e = mine_find(MINE_OBJECT, addr);

	if (e)
		e->cache = cache;
	return id;
}

struct mine_entry *mine_find_any(u64 addr)
{
	for (unsigned int i = 0; i < MINE_MAX; i++)
		if (mine_table[i].addr == addr && addr)
			return &mine_table[i];
	return NULL;
}

struct mine_entry *mine_find(enum mine_kind kind, u64 addr)
{
	for (unsigned int i = 0; i < MINE_MAX; i++)
		if (mine_table[i].addr == addr && addr && mine_table[i].kind == kind)
			return &mine_table[i];
	return NULL;
}

bool mine_wrong_kind(const char *cmd, u64 addr, enum mine_kind want)
{
	static const char *const hint[NR_MINE_KINDS] = {
		[MINE_PAGES] = "a page block: 'free' gives it back",
		[MINE_KMALLOC] = "a kmalloc: 'kfree' gives it back",
		[MINE_OBJECT] = "a cache object: 'cache free NAME ADDR' gives it back",
		[MINE_VMALLOC] = "a vmalloc area: 'vfree' gives it back",
	};
	struct mine_entry *e = mine_find_any(addr);

	if (!e || e->kind == want)
		return false;
	shell_printf("%s: %#llx is %s (mine #%u); nothing freed\n", cmd, (unsigned long long)addr,
		     hint[e->kind], e->id);
	return true;
}

void mine_forget(struct mine_entry *e)
{
	memset(e, 0, sizeof(*e));
}

/* "order 3   32K", "40 B of kmalloc-64", "100 B of NAME"; no side effect (ksize would unpoison under KASAN). */
static void mine_size_string(const struct mine_entry *e, char *buf, size_t size)
{
	if (e->kind == MINE_PAGES)
		snprintf(buf, size, "order %-2llu %4lluK", (unsigned long long)e->amount,
			 (unsigned long long)((PAGE_SIZE << e->amount) >> 10));
	else if (e->kind == MINE_KMALLOC && kmalloc_slab(e->amount))
		snprintf(buf, size, "%llu B in %s", (unsigned long long)e->amount,
			 kmalloc_slab(e->amount)->name);
	else if (e->kind == MINE_KMALLOC)
		snprintf(buf, size, "%llu B, order %u", (unsigned long long)e->amount,
			 get_order(e->amount));
	else if (e->kind == MINE_VMALLOC)
		snprintf(buf, size, "%llu B", (unsigned long long)e->amount);
	else
		snprintf(buf, size, "%llu B of %s", (unsigned long long)e->amount, e->cache->name);
}

int cmd_mine(int argc, char **argv)
{
	unsigned int n = 0;
	char size[48];

	(void)argc;
	(void)argv;
	for (unsigned int i = 0; i < MINE_MAX; i++) {
		const struct mine_entry *e = &mine_table[i];

		if (!e->addr)
			continue;
		if (!n++)
			shell_printf("  %-4s %-18s %-7s %-22s %s\n", "id", "address", "kind",
				     "size", "made by");
		mine_size_string(e, size, sizeof(size));
		shell_printf("  #%-3u %#-18llx %-7s %-22s %s\n", e->id, (unsigned long long)e->addr,
			     mine_kind_names[e->kind], size, e->cmd);
	}
	if (!n)
		shell_printf("mine: the shell holds no allocations\n");
	else
		shell_printf("mine: %u allocation%s; 'free ADDR', 'kfree ADDR', 'vfree ADDR' or "
			     "'cache free NAME ADDR' gives one back\n",
			     n, n == 1 ? "" : "s");
	return 0;
}
