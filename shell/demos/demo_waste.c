// SPDX-License-Identifier: MIT
/*
 * Demos of kmalloc's sizes (mm/kmalloc.c), run by `demo NAME` (cmd_demo.c):
 *
 *   maxsize          kmalloc(0), then growing by powers of two until it fails
 *   wastage          kmalloc(n) against ksize(): actual, waste, waste % of n, and
 *                    plot data, up to the 4 MiB ceiling
 *   waste-by-caller  the waste of several call sites, accounted here
 *
 * kmalloc counts its waste per size class only (the `waste` command);
 * per-caller accounting would cost every kmalloc a lookup, so
 * waste-by-caller allocates from its own named call sites and adds up
 * what each got, as Linux's alloc_traces would show per caller.
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/slab.h"

/* "kmalloc-64" or "order-2 buddy block (kmalloc-large)" for a request of size. */
static void source_of(size_t size, char *buf, size_t len)
{
	struct kmem_cache *s = kmalloc_slab(size);

	if (s)
		snprintf(buf, len, "%s", s->name);
	else
		snprintf(buf, len, "order-%u buddy block (kmalloc-large)", get_order(size));
}

int demo_maxsize(int argc, char **argv)
{
	size_t largest = 0, size;
	void *zero = kmalloc(0, GFP_KERNEL);

	(void)argc;
	(void)argv;
	shell_printf("kmalloc(0) = %p: ZERO_SIZE_PTR, as in Linux: not NULL (no failure) but no "
		     "memory: ksize %zu,\nany access through it faults (the first page is not "
		     "mapped); kfree() takes it like NULL.\n",
		     zero, ksize(zero));
	kfree(zero);
	shell_printf("kmalloc(8 << k, GFP_KERNEL) for k = 0, 1, 2, ... until it fails; each "
		     "freed at once:\n");
	for (size = 8; size <= 2 * KMALLOC_MAX_SIZE; size <<= 1) {
		/* Quiet below the ceiling; above it the warning is the point. */
		void *p = kmalloc(size, GFP_KERNEL | (size <= KMALLOC_MAX_SIZE ? __GFP_NOWARN : 0));
		char from[48];

		if (!p) {
			shell_printf("  %8zu bytes: FAILED\n", size);
			break;
		}
		source_of(size, from, sizeof(from));
		shell_printf("  %8zu bytes: ok at %p from %s\n", size, p, from);
		largest = size;
		kfree(p);
	}
	shell_printf("Largest that worked: %zu bytes (%zu KiB).\n", largest, largest >> 10);
	if (largest != KMALLOC_MAX_SIZE) {
		shell_printf("Why: below the %lu-byte ceiling: no free buddy block of order %u "
			     "is left (little RAM, or fragmented)\n",
			     KMALLOC_MAX_SIZE, get_order(largest * 2));
		return 0;
	}
	shell_printf("Why: KMALLOC_MAX_SIZE = %lu, one block of the buddy's largest order, %u.\n"
		     "  strata counts orders 0..MAX_ORDER inclusive, MAX_ORDER = %u (Linux 6.4+'s "
		     "convention):\n  KMALLOC_MAX_SIZE = PAGE_SIZE << MAX_ORDER.\n",
		     KMALLOC_MAX_SIZE, MAX_ORDER, MAX_ORDER);
	shell_printf(
		"  Linux 6.1 has MAX_ORDER = 11, exclusive (the largest order is 10), and "
		"KMALLOC_MAX_SIZE =\n  1 << KMALLOC_SHIFT_MAX, KMALLOC_SHIFT_MAX = MAX_ORDER + "
		"PAGE_SHIFT - 1 = 22: the same 4 MiB.\n");
	shell_printf("Above %u bytes kmalloc takes whole buddy blocks; past the ceiling it returns "
		     "NULL with one\nWARNING and a backtrace, as Linux 6.1 does "
		     "(WARN_ON_ONCE_GFP(order >= MAX_ORDER) in\n__alloc_pages()): once per boot, "
		     "so a second run of this demo prints none, and none\nwith __GFP_NOWARN. "
		     "Bigger buffers need vmalloc.\n",
		     KMALLOC_MAX_CACHE_SIZE);
	return 0;
}

/* kmalloc(n), ksize, kfree: the bytes kmalloc really gave for n, or 0 if it failed. */
static size_t actual_size(size_t n)
{
	void *p = kmalloc(n, GFP_KERNEL | __GFP_NOWARN);
	size_t got = p ? ksize(p) : 0;

	kfree(p);
	return got;
}

/* The next size of the plot: dense in the slab classes, 16 per octave above 16 KiB, 4 MiB last. */
static size_t next_plot_size(size_t n)
{
	if (n < 256)
		return n + 8;
	if (n < 1024)
		return n + 64;
	if (n < 16384)
		return n + 256;
	return n < KMALLOC_MAX_SIZE ? n + (1UL << (63 - __builtin_clzl(n) - 4)) : SIZE_MAX;
}

int demo_wastage(int argc, char **argv)
{
	static const size_t ns[] = {1,
				    8,
				    9,
				    24,
				    33,
				    65,
				    96,
				    100,
				    129,
				    193,
				    200,
				    257,
				    500,
				    513,
				    1000,
				    1025,
				    1500,
				    2049,
				    3000,
				    4097,
				    5000,
				    8193,
				    10000,
				    16385,
				    65537,
				    100000,
				    131073,
				    1048577,
				    2097153,
				    3000000,
				    KMALLOC_MAX_SIZE,
				    KMALLOC_MAX_SIZE + 1};
	u64 asked = 0, given = 0;
	unsigned int points = 0, failed = 0;

	(void)argc;
	(void)argv;
	shell_printf("kmalloc(n) hands out ksize(n) bytes: the size class, or whole pages above "
		     "%u (up to %lu);\nwaste%% = waste / n, as the book's slab4 module "
		     "computes it.\n",
		     KMALLOC_MAX_CACHE_SIZE, KMALLOC_MAX_SIZE);
	shell_printf("  %8s %8s %8s %7s  %s\n", "n", "ksize", "waste", "waste%", "from");
	for (unsigned int i = 0; i < ARRAY_SIZE(ns); i++) {
		size_t got = actual_size(ns[i]);
		char from[48];

		if (!got) {
			shell_printf("  %8zu: could not allocate (%s)\n", ns[i],
				     ns[i] > KMALLOC_MAX_SIZE ? "above KMALLOC_MAX_SIZE"
							      : "no free block that large");
			continue;
		}
		source_of(ns[i], from, sizeof(from));
		shell_printf("  %8zu %8zu %8zu %6zu%%  %s\n", ns[i], got, got - ns[i],
			     (got - ns[i]) * 100 / ns[i], from);
	}
	shell_printf("Plot data, n = 8 .. %lu (every 8 to 256, every 64 to 1024, every 256 to "
		     "16384, then 16 sizes per\npower of two): 'wastage-data n ksize waste'\n",
		     KMALLOC_MAX_SIZE);
	for (size_t n = 8; n <= KMALLOC_MAX_SIZE; n = next_plot_size(n)) {
		size_t got = actual_size(n);

		if (!got) {
			shell_printf("# %zu: could not allocate, skipped\n", n);
			failed++;
			continue;
		}
		shell_printf("wastage-data %zu %zu %zu\n", n, got, got - n);
		asked += n;
		given += got;
		points++;
	}
	shell_printf("Over those %u sizes (%u could not be allocated): %llu bytes asked, %llu "
		     "handed out, %llu%% wasted;\nthe worst is just past a power of two (n = 2^k "
		     "+ 1), near 100%% for the page-backed sizes.\n",
		     points, failed, (unsigned long long)asked, (unsigned long long)given,
		     (unsigned long long)(asked ? (given - asked) * 100 / asked : 0));
	return 0;
}

/* One call site of waste-by-caller: what it allocates, and what it got. */
struct call_site {
	const char *what;	 /* what a driver would be allocating */
	u64 caller;		 /* an address inside the site function, for %pS */
	u64 calls, asked, given; /* allocations, bytes asked, ksize() bytes got */
};

enum {
	SITE_NAMES,
	SITE_PACKETS,
	SITE_INODES,
	SITE_TABLES,
	SITE_NODES,
	NR_SITES
};

static struct call_site sites[NR_SITES];
/* The allocations of the demo, freed at its end. */
static void *site_objs[64];
static unsigned int nr_site_objs;
/* A kmalloc of a site failed: the sites allocate no more. */
static bool sites_out_of_memory;

/* The address in the calling function just after this call: a call site, like Linux's _THIS_IP_. */
static __attribute__((noinline)) u64 this_ip(void)
{
	return (u64)__builtin_return_address(0);
}

/* kmalloc for a site at address ip: record the site and the bytes. */
static void *site_kmalloc(struct call_site *site, size_t size, u64 ip)
{
	void *p = NULL;

	if (!sites_out_of_memory && nr_site_objs < ARRAY_SIZE(site_objs)) {
		p = kmalloc(size, GFP_KERNEL);
		sites_out_of_memory = !p;
	}
	if (!p)
		return NULL;
	site->caller = ip;
	site->calls++;
	site->asked += size;
	site->given += ksize(p);
	site_objs[nr_site_objs++] = p;
	return p;
}

/* The sites: small functions, as real call sites are. */
static __attribute__((noinline)) void site_dup_names(void)
{
	static const char *const names[] = {"eth0", "loopback", "wlp3s0",    "virtio-net-pci-0",
					    "br0",  "docker0",	"enp0s31f6", "tun"};

	sites[SITE_NAMES].what = "strings (kstrdup-like)";
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		char *p = site_kmalloc(&sites[SITE_NAMES], strlen(names[i]) + 1, this_ip());

		if (p)
			strlcpy(p, names[i], strlen(names[i]) + 1);
	}
}

static __attribute__((noinline)) void site_rx_packets(void)
{
	sites[SITE_PACKETS].what = "1514-byte Ethernet frames";
	for (int i = 0; i < 8; i++)
		site_kmalloc(&sites[SITE_PACKETS], 1514, this_ip());
}

static __attribute__((noinline)) void site_inodes(void)
{
	sites[SITE_INODES].what = "600-byte inode-like structs";
	for (int i = 0; i < 6; i++)
		site_kmalloc(&sites[SITE_INODES], 600, this_ip());
}

static __attribute__((noinline)) void site_hash_tables(void)
{
	sites[SITE_TABLES].what = "4100-byte tables (4 KiB + a header)";
	for (int i = 0; i < 2; i++)
		site_kmalloc(&sites[SITE_TABLES], 4100, this_ip());
}

static __attribute__((noinline)) void site_list_nodes(void)
{
	sites[SITE_NODES].what = "64-byte list nodes";
	for (int i = 0; i < 16; i++)
		site_kmalloc(&sites[SITE_NODES], 64, this_ip());
}

int demo_waste_by_caller(int argc, char **argv)
{
	unsigned int order[NR_SITES] = {0}; /* filled by the insertion sort below */
	u64 asked = 0, given = 0;

	(void)argc;
	(void)argv;
	memset(sites, 0, sizeof(sites));
	nr_site_objs = 0;
	sites_out_of_memory = false;
	shell_printf("kmalloc accounts waste per size class ('waste'), not per caller: that "
		     "would cost every\nkmalloc a lookup. So five call sites here allocate as "
		     "drivers would, and the demo adds up\nwhat each asked for and got "
		     "(ksize), as Linux's /sys/kernel/debug/slab/*/alloc_traces would:\n");
	site_dup_names();
	site_rx_packets();
	site_inodes();
	site_hash_tables();
	site_list_nodes();
	if (sites_out_of_memory) {
		shell_printf("   kmalloc #%u:\n", nr_site_objs + 1);
		demo_out_of_memory();
		goto out_free;
	}
	/* Worst first: a small insertion sort of the site numbers by waste. */
	for (unsigned int i = 0; i < NR_SITES; i++) {
		unsigned int j = i;

		for (; j > 0 && sites[order[j - 1]].given - sites[order[j - 1]].asked <
					sites[i].given - sites[i].asked;
		     j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	shell_printf("  %-28s %5s %8s %8s %8s %6s  %s\n", "call site", "calls", "asked", "got",
		     "waste", "waste%", "allocating");
	for (unsigned int i = 0; i < NR_SITES; i++) {
		const struct call_site *c = &sites[order[i]];
		char where[64];

		snprintf(where, sizeof(where), "%pS", (void *)c->caller);
		shell_printf(
			"  %-28s %5llu %8llu %8llu %8llu %5llu%%  %s\n", where,
			(unsigned long long)c->calls, (unsigned long long)c->asked,
			(unsigned long long)c->given, (unsigned long long)(c->given - c->asked),
			(unsigned long long)(c->given ? (c->given - c->asked) * 100 / c->given : 0),
			c->what);
		asked += c->asked;
		given += c->given;
	}
	shell_printf("  %-28s %5u %8llu %8llu %8llu %5llu%%\n", "total", nr_site_objs,
		     (unsigned long long)asked, (unsigned long long)given,
		     (unsigned long long)(given - asked),
		     (unsigned long long)(given ? (given - asked) * 100 / given : 0));
	shell_printf("The fix for the worst: a kmem_cache of the exact size, or a size that fits "
		     "its class.\n");
out_free:
	for (unsigned int i = 0; i < nr_site_objs; i++)
		kfree(site_objs[i]);
	nr_site_objs = 0;
	return sites_out_of_memory ? -ENOMEM : 0;
}
