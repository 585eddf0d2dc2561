// SPDX-License-Identifier: MIT
/*
 * vmap_check: vmap_space_check(), the full invariant check of the vmap range
 * allocator (invariants listed in mm/vmap_area.c, contract in
 * mm/vmap_area.h). Kept apart from the allocator because it is a debugging
 * aid: the host tests run it after every operation, vmalloc's in-kernel
 * suite at the end of each case, and it is handy from GDB.
 *
 * It only reads; O(n) over both trees, recursion depth <= the tree height
 * (the red-black check). It reports the first broken invariant in words plus
 * the address where it broke, formatted here by hand because this file, like
 * the allocator, must build without a C library.
 */
#include "mm/vmap_area.h"

#include "lib/string.h"

/*
 * Write "<prefix><msg> <label> 0x<value>" to why (if any), truncated to
 * why_size bytes; always returns false, so a check can `return` it.
 */
static bool vmap_check_fail(char *why, size_t why_size, const char *prefix, const char *msg,
			    const char *label, u64 value)
{
	const char *parts[] = {prefix, msg, " ", label, " 0x"};
	char hex[17];
	size_t len = 0, i;

	if (!why || !why_size)
		return false;
	why[0] = '\0';
	for (i = 0; i < 16; i++)
		hex[i] = "0123456789abcdef"[(value >> (60 - 4 * i)) & 0xf];
	hex[16] = '\0';
	for (i = 0; i <= ARRAY_SIZE(parts); i++) {
		const char *p = i < ARRAY_SIZE(parts) ? parts[i] : hex;

		if (len + 1 >= why_size)
			break;
		strlcpy(why + len, p, why_size - len);
		len = strlen(why);
	}
	return false;
}

/* The checks every node of either tree must pass. NULL if ok, else why. */
static const char *vmap_check_node(const struct vmap_space *s, const struct vmap_area *va,
				   enum vmap_area_state state, u64 prev_end, bool have_prev)
{
	if (va->state != state)
		return state == VMAP_AREA_FREE ? "free tree: node not FREE"
					       : "busy tree: node not BUSY";
	if (va->va_start >= va->va_end)
		return "empty or inverted range";
	if (!IS_ALIGNED(va->va_start, PAGE_SIZE) || !IS_ALIGNED(va->va_end, PAGE_SIZE))
		return "range not page aligned";
	if (va->va_start < s->start || va->va_end > s->end)
		return "range outside the region";
	if (have_prev && va->va_start < prev_end)
		return "ranges out of order or overlapping";
	if (state == VMAP_AREA_FREE && have_prev && va->va_start == prev_end)
		return "free ranges touch (not merged)";
	return NULL;
}

/* subtree_max_size a free node should hold, from its children's values. */
static u64 vmap_check_expected_max(const struct vmap_area *va)
{
	const struct rb_node *l = va->rb_node.left, *r = va->rb_node.right;
	u64 max = vmap_area_size(va);

	if (l)
		max = MAX(max, rb_entry(l, struct vmap_area, rb_node)->subtree_max_size);
	if (r)
		max = MAX(max, rb_entry(r, struct vmap_area, rb_node)->subtree_max_size);
	return max;
}

/*
 * Walk one tree in order. Each node's own checks, plus for the free tree
 * its subtree_max_size against its children's (each child is checked in
 * its turn, so by induction every value is right). Counts nodes and bytes.
 */
static bool vmap_check_tree(const struct vmap_space *s, const struct rb_tree *t,
			    enum vmap_area_state state, u64 *count, u64 *bytes, char *why,
			    size_t why_size)
{
	const struct rb_node *n;
	u64 prev_end = 0;
	bool have_prev = false;
	const char *msg;

	*count = *bytes = 0;
	for (n = rb_first(t); n; n = rb_next(n)) {
		const struct vmap_area *va = rb_entry(n, struct vmap_area, rb_node);

		msg = vmap_check_node(s, va, state, prev_end, have_prev);
		if (msg)
			return vmap_check_fail(why, why_size, "", msg, "at", va->va_start);
		if (state == VMAP_AREA_FREE && va->subtree_max_size != vmap_check_expected_max(va))
			return vmap_check_fail(why, why_size, "",
					       "free tree: wrong subtree_max_size", "at",
					       va->va_start);
		prev_end = va->va_end;
		have_prev = true;
		(*count)++;
		*bytes += vmap_area_size(va);
	}
	return true;
}

/*
 * Busy and free ranges tile the region: starting at s->start, the next range
 * (from either tree) must begin exactly where the last one ended, and the
 * last must end at s->end. Catches gaps and overlaps between the trees.
 */
static bool vmap_check_tiling(const struct vmap_space *s, char *why, size_t why_size)
{
	const struct vmap_area *f = vmap_free_first(s);
	const struct vmap_area *b = vmap_area_first(s);
	u64 cursor = s->start;

	while (f || b) {
		if (f && f->va_start == cursor) {
			cursor = f->va_end;
			f = vmap_free_next(f);
		} else if (b && b->va_start == cursor) {
			cursor = b->va_end;
			b = vmap_area_next(b);
		} else {
			return vmap_check_fail(why, why_size, "",
					       "busy+free do not tile the region: gap or overlap",
					       "at", cursor);
		}
	}
	if (cursor != s->end)
		return vmap_check_fail(why, why_size, "", "busy+free stop short of the region end",
				       "at", cursor);
	return true;
}

bool vmap_space_check(const struct vmap_space *s, char *why, size_t why_size)
{
	const char *msg = NULL;
	u64 nr_free, free_bytes, nr_busy, busy_bytes;

	if (!rb_check(&s->free_root, &msg))
		return vmap_check_fail(why, why_size, "free tree: ", msg, "root",
				       (u64)(uintptr_t)s->free_root.root);
	if (!rb_check(&s->busy_root, &msg))
		return vmap_check_fail(why, why_size, "busy tree: ", msg, "root",
				       (u64)(uintptr_t)s->busy_root.root);
	if (!vmap_check_tree(s, &s->free_root, VMAP_AREA_FREE, &nr_free, &free_bytes, why,
			     why_size) ||
	    !vmap_check_tree(s, &s->busy_root, VMAP_AREA_BUSY, &nr_busy, &busy_bytes, why,
			     why_size))
		return false;
	if (!vmap_check_tiling(s, why, why_size))
		return false;
	if (nr_free != s->nr_free)
		return vmap_check_fail(why, why_size, "", "nr_free is wrong", "counted", nr_free);
	if (nr_busy != s->nr_busy)
		return vmap_check_fail(why, why_size, "", "nr_busy is wrong", "counted", nr_busy);
	if (free_bytes != s->free_bytes)
		return vmap_check_fail(why, why_size, "", "free_bytes is wrong", "counted",
				       free_bytes);
	if (why && why_size)
		why[0] = '\0';
	return true;
}
