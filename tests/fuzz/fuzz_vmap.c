// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the vmap range allocator (mm/vmap_area.c, lib/rbtree.c,
 * mm/vmap_check.c) over a 1 MiB region, small enough that it fills up.
 *
 * Input: byte 0 picks how many node allocations succeed before one fails
 * (0: never fails); then each byte is an operation with operands after it:
 * vmap_area_alloc (size, alignment, sometimes invalid), vmap_area_free of a
 * live area (found by address first, as vfree does), a free of a node that
 * is not busy (a free-tree node), and lookups at any address.
 *
 * The live areas (up to 64 slots) are checked after every operation, with
 * vmap_space_check(): every allocation lands exactly where the documented
 * placement rule says (tests/host/vmap_model.c, shared with the host test), NULL
 * comes back only when nothing fits or a node allocation failed, and then
 * nothing changed; lookups agree with the model; counters and the number of
 * live nodes match. At the end everything is freed and one free range
 * covering the region must remain.
 */
#include "lib/errno.h"
#include "mm/vmap_area.h"
#include "tests/fuzz/fuzz.h"
#include "tests/host/vmap_model.h"

#define BASE (1ULL << 40)
#define REGION (256 * PAGE_SIZE)
#define SLOTS 64
#define MAX_OPS 4000

static struct vmap_space space;
static struct {
	u64 start, end; /* the area; start 0 when the slot is empty */
} slot[SLOTS];

static void check_all(const char *after)
{
	char why[200];
	u64 busy = 0, n = 0;

	FUZZ_CHECK(vmap_space_check(&space, why, sizeof(why)), "after %s: %s", after, why);
	FUZZ_CHECK((u64)vmap_nodes_live == space.nr_busy + space.nr_free,
		   "after %s: %ld nodes live, %llu busy + %llu free", after, vmap_nodes_live,
		   (unsigned long long)space.nr_busy, (unsigned long long)space.nr_free);
	for (int i = 0; i < SLOTS; i++) {
		if (!slot[i].start)
			continue;
		struct vmap_area *va = vmap_area_find(&space, slot[i].start);

		FUZZ_CHECK(va && va->va_end == slot[i].end, "after %s: area %#llx lost", after,
			   (unsigned long long)slot[i].start);
		busy += slot[i].end - slot[i].start;
		n++;
	}
	FUZZ_CHECK(space.nr_busy == n && space.free_bytes == REGION - busy,
		   "after %s: %llu busy areas, %llu free bytes; model %llu, %llu", after,
		   (unsigned long long)space.nr_busy, (unsigned long long)space.free_bytes,
		   (unsigned long long)n, (unsigned long long)(REGION - busy));
}

/* The slot whose area holds addr, or -1. */
static int slot_find(u64 addr)
{
	for (int i = 0; i < SLOTS; i++)
		if (slot[i].start && slot[i].start <= addr && addr < slot[i].end)
			return i;
	return -1;
}

static void op_alloc(struct fuzz_input *in, int i)
{
	u8 s = fuzz_u8(in), a = fuzz_u8(in);
	/* Mostly small sizes and page-multiple alignments; now and then big
	 * sizes, sub-page alignments (meaning PAGE_SIZE), and invalid values. */
	u64 size = (s & 0x80 ? s % 64 : s % 8 + 1) * PAGE_SIZE + (s == 0xff);
	u64 align = (a & 0x80) ? a % 8 * 0x800 : PAGE_SIZE << (a % 6);
	u64 eff = MAX(align, PAGE_SIZE);
	bool valid = size && IS_ALIGNED(size, PAGE_SIZE) && !(eff & (eff - 1));
	u64 want;
	struct vmap_area *va;

	if (!valid || !vmap_model_predict(&space, size, eff, &want))
		want = 0;
	vmap_alloc_injected = false;
	va = vmap_area_alloc(&space, size, align);
	if (!va) {
		FUZZ_CHECK(!want || vmap_alloc_injected,
			   "alloc(%#llx, align %#llx) failed, model places it at %#llx",
			   (unsigned long long)size, (unsigned long long)align,
			   (unsigned long long)want);
		return;
	}
	FUZZ_CHECK(valid, "alloc(%#llx, align %#llx) accepted", (unsigned long long)size,
		   (unsigned long long)align);
	FUZZ_CHECK(va->va_start == want && va->va_end == want + size && !va->owner && !va->caller,
		   "alloc(%#llx, align %#llx) at %#llx, model says %#llx", (unsigned long long)size,
		   (unsigned long long)align, (unsigned long long)va->va_start,
		   (unsigned long long)want);
	slot[i].start = va->va_start;
	slot[i].end = va->va_end;
	vmap_model_insert(va->va_start, va->va_end);
}

static void op_free(int i)
{
	struct vmap_area *va = vmap_area_find(&space, slot[i].start);

	FUZZ_CHECK(va != NULL, "area %#llx not found", (unsigned long long)slot[i].start);
	FUZZ_CHECK(vmap_area_free(&space, va) == 0, "free of a live area refused");
	vmap_model_remove(slot[i].start);
	slot[i].start = 0;
}

/* Freeing a node that is not busy (a free range) is refused. */
static void op_bad_free(void)
{
	struct vmap_area *va = vmap_free_first(&space);

	if (va)
		FUZZ_CHECK(vmap_area_free(&space, va) == -EINVAL, "free of a free range accepted");
	FUZZ_CHECK(vmap_area_free(&space, NULL) == -EINVAL, "free of NULL accepted");
}

static void op_lookup(struct fuzz_input *in)
{
	u64 addr = BASE - PAGE_SIZE + fuzz_u32(in) % (REGION + 2 * PAGE_SIZE);
	struct vmap_area *va = vmap_area_find_containing(&space, addr);
	int i = slot_find(addr);

	FUZZ_CHECK(i < 0 ? !va : va && va->va_start == slot[i].start,
		   "find_containing(%#llx) disagrees with the model", (unsigned long long)addr);
	va = vmap_area_find(&space, addr);
	FUZZ_CHECK(va ? i >= 0 && slot[i].start == addr : i < 0 || slot[i].start != addr,
		   "find(%#llx) disagrees with the model", (unsigned long long)addr);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = {data, size};
	u8 fail_after = fuzz_u8(&in);

	memset(slot, 0, sizeof(slot));
	vmap_model_reset();
	vmap_nodes_live = 0;
	vmap_allocs_before_fail = -1;
	FUZZ_CHECK(vmap_space_init(&space, BASE, BASE + REGION, vmap_test_node_alloc,
				   vmap_test_node_free) == 0,
		   "init");
	vmap_allocs_before_fail = fail_after ? fail_after : -1;
	check_all("init");
	for (int ops = 0; in.left && ops < MAX_OPS; ops++) {
		u8 op = fuzz_u8(&in);
		int i = fuzz_u8(&in) % SLOTS;

		switch (op % 6) {
		case 0:
		case 1:
		case 2:
			if (slot[i].start)
				op_free(i);
			else
				op_alloc(&in, i);
			break;
		case 3:
			op_bad_free();
			break;
		case 4:
			op_lookup(&in);
			break;
		default:
			if (slot[i].start)
				op_free(i);
			break;
		}
		check_all("an operation");
	}
	for (int i = 0; i < SLOTS; i++)
		if (slot[i].start)
			op_free(i);
	check_all("freeing everything");
	FUZZ_CHECK(space.nr_free == 1 && space.nr_busy == 0 && space.free_bytes == REGION,
		   "not back to one free range");
	vmap_space_destroy(&space);
	FUZZ_CHECK(vmap_nodes_live == 0, "%ld nodes leaked", vmap_nodes_live);
	return 0;
}
