// SPDX-License-Identifier: MIT
/*
 * Zone watermarks, derived as Linux 6.1 derives them (mm/page_alloc.c:
 * calculate_min_free_kbytes, __setup_per_zone_wmarks):
 *
 *   min_free_kbytes = int_sqrt(lowmem_kbytes * 16), clamped to 128..262144
 *                     (and, strata's addition, at most lowmem_kbytes / 8)
 *   per zone:  min  = min_free_kbytes in pages * managed / all managed
 *              step = max(min / 4, managed * watermark_scale_factor / 10000)
 *              low  = min + step,  high = low + step
 *
 * alloc_pages() checks them (zone_watermark_ok, mm/mmzone.h): GFP_KERNEL
 * stops at min, GFP_ATOMIC at 3/8 of min. Linux wakes kswapd below low and
 * lets it reclaim up to high; strata has no reclaim, so low and high only
 * set the per-CPU lists' high mark (mm/page_pcp.c) and are shown by
 * zoneinfo. Linux also keeps lowmem_reserve (pages a lower zone keeps back
 * from allocations that could have used a higher one); strata does not.
 *
 * Invariant: min <= low <= high for every zone, rewritten only here under
 * zone->lock; readers take a racy snapshot, as Linux's do.
 */
#include "mm/mmzone.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/errno.h"

/* Linux 6.1's initial values (mm/page_alloc.c). */
int min_free_kbytes = 1024;
int watermark_scale_factor = 10;
/* What a user set (sysctl.vm.min_free_kbytes= or the shell), -1 if nothing. */
static int user_min_free_kbytes = -1;

/* floor(sqrt(x)), bit by bit (Linux's int_sqrt gives the same). */
static u64 int_sqrt(u64 x)
{
	u64 root = 0;

	for (u64 bit = 1UL << 62; bit; bit >>= 2) {
		if (x >= root + bit) {
			x -= root + bit;
			root = (root >> 1) + bit;
		} else {
			root >>= 1;
		}
	}
	return root;
}

/* 6.1's nr_free_buffer_pages(): managed pages above each zone's high watermark. */
static u64 nr_free_buffer_pages(void)
{
	u64 pages = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (zones[z].managed_pages > zones[z].watermark[WMARK_HIGH])
			pages += zones[z].managed_pages - zones[z].watermark[WMARK_HIGH];
	return pages;
}

static void calculate_min_free_kbytes(void)
{
	u64 lowmem_kbytes = nr_free_buffer_pages() * (PAGE_SIZE >> 10);
	int kbytes = (int)int_sqrt(lowmem_kbytes * 16);

	if (kbytes > user_min_free_kbytes)
		min_free_kbytes = MAX(128, MIN(kbytes, 262144));
	else
		pr_warn("min_free_kbytes is not updated to %d because user defined value %d is "
			"preferred\n",
			kbytes, user_min_free_kbytes);
	/*
	 * strata's addition: Linux's 128 kB floor is more than an eighth of a
	 * guest with under 1 MiB to manage (make test boots one with 2 MiB of
	 * RAM), where it would refuse every GFP_KERNEL allocation.
	 */
	if ((u64)min_free_kbytes * 8 > lowmem_kbytes) {
		pr_info("min_free_kbytes: %d kB is more than an eighth of the %llu kB managed; "
			"using %llu kB\n",
			min_free_kbytes, (unsigned long long)lowmem_kbytes,
			(unsigned long long)(lowmem_kbytes / 8));
		min_free_kbytes = (int)(lowmem_kbytes / 8);
	}
}

void setup_per_zone_wmarks(void)
{
	u64 pages_min = (u64)min_free_kbytes >> (PAGE_SHIFT - 10), lowmem_pages = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		lowmem_pages += zones[z].managed_pages;
	for (int z = 0; z < MAX_NR_ZONES && lowmem_pages; z++) {
		struct zone *zone = &zones[z];
		u64 min = pages_min * zone->managed_pages / lowmem_pages;
		u64 step = MAX(min >> 2, zone->managed_pages * (u64)watermark_scale_factor / 10000);
		unsigned long flags;

		spin_lock_irqsave(&zone->lock, flags);
		zone->watermark[WMARK_MIN] = min;
		zone->watermark[WMARK_LOW] = min + step;
		zone->watermark[WMARK_HIGH] = min + 2 * step;
		spin_unlock_irqrestore(&zone->lock, flags);
	}
	for (int z = 0; z < MAX_NR_ZONES; z++)
		zone_pcp_update(&zones[z]);
}

int min_free_kbytes_set(int kbytes)
{
	if (kbytes < 0 || (u64)kbytes > totalram_pages * (PAGE_SIZE >> 10))
		return -EINVAL;
	min_free_kbytes = kbytes;
	user_min_free_kbytes = kbytes;
	setup_per_zone_wmarks();
	return 0;
}

/*
 * Linux runs init_per_zone_wmark_min() as a postcore initcall and applies
 * sysctl.vm.min_free_kbytes= from the command line later (do_sysctl_args),
 * so a value given there replaces the computed one; strata does the same.
 */
void init_per_zone_wmark_min(void)
{
	u64 kbytes;

	calculate_min_free_kbytes();
	setup_per_zone_wmarks();
	if (!cmdline_get_u64("sysctl.vm.min_free_kbytes", &kbytes, "keeping the computed value"))
		return;
	if (kbytes > 0x7fffffffU || min_free_kbytes_set((int)kbytes))
		pr_warn("sysctl.vm.min_free_kbytes=%llu is above MemTotal (%llu kB): keeping %d\n",
			(unsigned long long)kbytes,
			(unsigned long long)(totalram_pages * (PAGE_SIZE >> 10)), min_free_kbytes);
}
