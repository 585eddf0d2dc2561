// SPDX-License-Identifier: MIT
/*
 * vmap_area: the range logic of the vmap allocator (contract, struct fields
 * and the guard-page rule in mm/vmap_area.h; the red-black tree itself in
 * lib/rbtree.c; the invariant checker in mm/vmap_check.c). vmalloc() sits
 * on top (mm/vmalloc.c) and maps pages into the ranges handed out here.
 *
 * Invariants (all verified by vmap_space_check()):
 *   - free_root holds the free ranges, busy_root the allocated areas, each
 *     sorted by va_start, page aligned, non-empty, inside [start, end);
 *   - together they tile [start, end) exactly: no gap, no overlap;
 *   - no two free ranges touch: a release always merges with its neighbours;
 *   - every free node's subtree_max_size is the largest free size in its
 *     subtree, so the root's value is the largest free range of all;
 *   - nr_busy, nr_free and free_bytes count what the trees hold.
 *
 * No operation changes anything before it has every node it needs: an
 * allocation takes its (at most two) new nodes first, and a release needs
 * none, so a failed node_alloc leaves the space exactly as it was.
 */
#include "mm/vmap_area.h"

#include "lib/errno.h"
#include "lib/string.h"

static struct vmap_area *vmap_entry(const struct rb_node *n)
{
	return rb_entry_safe((struct rb_node *)n, struct vmap_area, rb_node);
}

/* subtree_max_size of a free-tree subtree; 0 for an empty one. */
static u64 vmap_subtree_max(const struct rb_node *n)
{
	return n ? vmap_entry(n)->subtree_max_size : 0;
}

/* The free tree's augment callback: max of own size and children's values. */
static bool vmap_free_augment(struct rb_node *n)
{
	struct vmap_area *va = vmap_entry(n);
	u64 max = vmap_area_size(va);

	max = MAX(max, vmap_subtree_max(n->left));
	max = MAX(max, vmap_subtree_max(n->right));
	if (va->subtree_max_size == max)
		return false;
	va->subtree_max_size = max;
	return true;
}

/* A zeroed node from the user's callback, or NULL. */
static struct vmap_area *vmap_node_get(struct vmap_space *s)
{
	struct vmap_area *va = s->node_alloc();

	if (va)
		memset(va, 0, sizeof(*va));
	return va;
}

/* Link va into tree t by va_start (no two nodes of one tree share it). */
static void vmap_tree_insert(struct rb_tree *t, struct vmap_area *va)
{
	struct rb_node **link = &t->root, *parent = NULL;

	while (*link) {
		parent = *link;
		if (va->va_start < vmap_entry(parent)->va_start)
			link = &parent->left;
		else
			link = &parent->right;
	}
	rb_insert(t, &va->rb_node, parent, link);
}

/* Make [start, end) a free node of s (counters updated by the caller). */
static void vmap_free_insert(struct vmap_space *s, struct vmap_area *va, u64 start, u64 end)
{
	va->va_start = start;
	va->va_end = end;
	va->state = VMAP_AREA_FREE;
	va->subtree_max_size = end - start;
	vmap_tree_insert(&s->free_root, va);
}

int vmap_space_init(struct vmap_space *s, u64 start, u64 end, void *(*node_alloc)(void),
		    void (*node_free)(void *node))
{
	struct vmap_area *va;

	memset(s, 0, sizeof(*s));
	rb_tree_init(&s->free_root, vmap_free_augment);
	rb_tree_init(&s->busy_root, NULL);
	if (start >= end || !IS_ALIGNED(start, PAGE_SIZE) || !IS_ALIGNED(end, PAGE_SIZE) ||
	    !node_alloc || !node_free)
		return -EINVAL;
	s->start = start;
	s->end = end;
	s->node_alloc = node_alloc;
	s->node_free = node_free;
	va = vmap_node_get(s);
	if (!va)
		return -ENOMEM;
	vmap_free_insert(s, va, start, end);
	s->nr_free = 1;
	s->free_bytes = end - start;
	return 0;
}

/* Free every node of t bottom-up in O(n), without rebalancing. */
static void vmap_tree_destroy(struct vmap_space *s, struct rb_tree *t)
{
	struct rb_node *n = t->root, *parent;

	while (n) {
		if (n->left) {
			n = n->left;
		} else if (n->right) {
			n = n->right;
		} else {
			parent = n->parent;
			if (parent && parent->left == n)
				parent->left = NULL;
			else if (parent)
				parent->right = NULL;
			s->node_free(vmap_entry(n));
			n = parent;
		}
	}
	t->root = NULL;
}

void vmap_space_destroy(struct vmap_space *s)
{
	if (!s->node_free)
		return;
	vmap_tree_destroy(s, &s->free_root);
	vmap_tree_destroy(s, &s->busy_root);
	s->nr_busy = s->nr_free = s->free_bytes = 0;
}

/*
 * The lowest free range of the subtree at n that is at least min bytes, or
 * NULL. The augmented values steer: go left while the left subtree has one
 * that big, else take this node if it is that big, else go right (which must
 * have one, or this subtree's value would be smaller). One path: O(height).
 */
static struct vmap_area *vmap_free_descend(struct vmap_space *s, struct rb_node *n, u64 min)
{
	if (vmap_subtree_max(n) < min)
		return NULL;
	while (n) {
		s->search_visits++;
		if (vmap_subtree_max(n->left) >= min)
			n = n->left;
		else if (vmap_area_size(vmap_entry(n)) >= min)
			return vmap_entry(n);
		else
			n = n->right;
	}
	return NULL; /* not reached while the augmented values are right */
}

/*
 * The lowest free range starting at or above lo that is at least min bytes.
 * The ranges at or above lo are exactly the nodes where a search for lo goes
 * left, each with its right subtree, and deeper ones are lower. So: walk
 * down towards lo remembering the deepest such node whose own size or right
 * subtree qualifies; then it is either that node or in its right subtree.
 * Two paths: O(height).
 */
static struct vmap_area *vmap_free_lowest_from(struct vmap_space *s, u64 lo, u64 min)
{
	struct rb_node *n = s->free_root.root, *best = NULL;

	if (lo <= s->start)
		return vmap_free_descend(s, n, min);
	while (n) {
		s->search_visits++;
		if (vmap_entry(n)->va_start >= lo) {
			if (vmap_area_size(vmap_entry(n)) >= min ||
			    vmap_subtree_max(n->right) >= min)
				best = n;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	if (!best)
		return NULL;
	if (vmap_area_size(vmap_entry(best)) >= min)
		return vmap_entry(best);
	return vmap_free_descend(s, best->right, min);
}

/* Does size fit in free range f at a multiple of align? Where, in *addr. */
static bool vmap_fit(const struct vmap_area *f, u64 size, u64 align, u64 *addr)
{
	u64 pad = (align - (f->va_start & (align - 1))) & (align - 1);

	if (pad >= vmap_area_size(f) || vmap_area_size(f) - pad < size)
		return false;
	*addr = f->va_start + pad;
	return true;
}

/*
 * Search for vmap_area_alloc(). Every range starts on a page, so at most
 * align - PAGE_SIZE bytes go to padding: a range of
 *     length = size + align - PAGE_SIZE
 * bytes fits whatever its alignment, and the augmented tree finds the lowest
 * such in one descent. Smaller ranges may fit too, if they happen to start
 * well aligned, but the tree's values cannot tell which (they know sizes,
 * not alignments). They are tried only when no range is long enough:
 *     f = lowest range >= length;  if f: return f
 *     lo = start
 *     while (f = lowest range >= size starting at or above lo):
 *         if size fits in f at align: return f
 *         lo = f.end
 * The fallback costs O(log n) per range tried; with align == PAGE_SIZE it
 * never runs (length == size), so page-aligned requests are O(log n).
 */
static struct vmap_area *vmap_free_find(struct vmap_space *s, u64 size, u64 align, u64 *addr)
{
	u64 slack = align - PAGE_SIZE;
	u64 length = slack > ~(u64)0 - size ? ~(u64)0 : size + slack;
	struct vmap_area *f;
	u64 lo = s->start;

	s->search_visits = 0;
	f = vmap_free_descend(s, s->free_root.root, length);
	if (f) {
		vmap_fit(f, size, align, addr);
		return f;
	}
	while ((f = vmap_free_lowest_from(s, lo, size))) {
		if (vmap_fit(f, size, align, addr))
			return f;
		lo = f->va_end;
	}
	return NULL;
}

/*
 * Carve [addr, addr + size) out of free range f. Four cases, by what is left
 * of f (Linux calls them FL/LE/RE/NE fit types):
 *   nothing left:      f leaves the free tree and becomes the busy node;
 *   a right part left: f shrinks from the left, a new node is the busy one;
 *   a left part left:  f shrinks from the right, likewise;
 *   both parts left:   f keeps the left part, a new free node the right
 *                      part, and another new node is the busy one.
 * So up to two new nodes; both are taken before anything changes.
 */
struct vmap_area *vmap_area_alloc(struct vmap_space *s, u64 size, u64 align)
{
	struct vmap_area *f, *busy = NULL, *right = NULL;
	u64 addr = 0, end;

	if (align < PAGE_SIZE)
		align = PAGE_SIZE;
	if (!size || !IS_ALIGNED(size, PAGE_SIZE) || (align & (align - 1)) || size > s->free_bytes)
		return NULL;
	f = vmap_free_find(s, size, align, &addr);
	if (!f)
		return NULL;
	end = addr + size;

	if (addr != f->va_start || end != f->va_end) {
		busy = vmap_node_get(s);
		if (!busy)
			return NULL;
	}
	if (addr != f->va_start && end != f->va_end) {
		right = vmap_node_get(s);
		if (!right) {
			s->node_free(busy);
			return NULL;
		}
	}

	/* From here on nothing can fail. */
	if (!busy) {
		rb_erase(&s->free_root, &f->rb_node);
		s->nr_free--;
		busy = f;
	} else if (addr == f->va_start) {
		f->va_start = end;
		rb_propagate(&s->free_root, &f->rb_node);
	} else {
		if (right) {
			vmap_free_insert(s, right, end, f->va_end);
			s->nr_free++;
		}
		f->va_end = addr;
		rb_propagate(&s->free_root, &f->rb_node);
	}
	s->free_bytes -= size;

	busy->va_start = addr;
	busy->va_end = end;
	busy->state = VMAP_AREA_BUSY;
	busy->owner = NULL;
	busy->caller = NULL;
	vmap_tree_insert(&s->busy_root, busy);
	s->nr_busy++;
	return busy;
}

/* The last free range starting below addr, or NULL. O(log n). */
static struct vmap_area *vmap_free_before(const struct vmap_space *s, u64 addr)
{
	struct rb_node *n = s->free_root.root, *best = NULL;

	while (n) {
		if (vmap_entry(n)->va_start < addr) {
			best = n;
			n = n->right;
		} else {
			n = n->left;
		}
	}
	return vmap_entry(best);
}

/*
 * Release with merging. The free neighbours, if any, are the last free range
 * below va and the one after it; a neighbour touches va if it ends where va
 * starts (left) or starts where va ends (right):
 *     if left and right touch: left.end = right.end; drop right and va
 *     else if left touches:    left.end = va.end;    drop va
 *     else if right touches:   right.start = va.start; drop va
 *     else:                    va becomes a free node
 * Growing a neighbour in place keeps the order (the gap it grows into was
 * va's), so only its augmented value needs propagating.
 */
int vmap_area_free(struct vmap_space *s, struct vmap_area *va)
{
	struct vmap_area *left, *right;
	struct rb_node *rn;

	if (!va || va->state != VMAP_AREA_BUSY || vmap_area_find(s, va->va_start) != va)
		return -EINVAL;
	rb_erase(&s->busy_root, &va->rb_node);
	s->nr_busy--;
	s->free_bytes += vmap_area_size(va);

	left = vmap_free_before(s, va->va_start);
	rn = left ? rb_next(&left->rb_node) : rb_first(&s->free_root);
	right = vmap_entry(rn);
	if (left && left->va_end != va->va_start)
		left = NULL;
	if (right && right->va_start != va->va_end)
		right = NULL;

	if (left && right) {
		u64 new_end = right->va_end;

		rb_erase(&s->free_root, &right->rb_node);
		s->node_free(right);
		s->nr_free--;
		left->va_end = new_end;
		rb_propagate(&s->free_root, &left->rb_node);
	} else if (left) {
		left->va_end = va->va_end;
		rb_propagate(&s->free_root, &left->rb_node);
	} else if (right) {
		right->va_start = va->va_start;
		rb_propagate(&s->free_root, &right->rb_node);
	} else {
		vmap_free_insert(s, va, va->va_start, va->va_end);
		s->nr_free++;
		return 0;
	}
	s->node_free(va);
	return 0;
}

struct vmap_area *vmap_area_find(const struct vmap_space *s, u64 addr)
{
	struct rb_node *n = s->busy_root.root;

	while (n) {
		struct vmap_area *va = vmap_entry(n);

		if (addr < va->va_start)
			n = n->left;
		else if (addr > va->va_start)
			n = n->right;
		else
			return va;
	}
	return NULL;
}

/* The busy area with the greatest va_start <= addr, if it reaches addr. */
struct vmap_area *vmap_area_find_containing(const struct vmap_space *s, u64 addr)
{
	struct rb_node *n = s->busy_root.root;
	struct vmap_area *best = NULL;

	while (n) {
		struct vmap_area *va = vmap_entry(n);

		if (va->va_start <= addr) {
			best = va;
			n = n->right;
		} else {
			n = n->left;
		}
	}
	return best && addr < best->va_end ? best : NULL;
}

void vmap_space_stats(const struct vmap_space *s, struct vmap_stats *st)
{
	st->nr_busy = s->nr_busy;
	st->nr_free = s->nr_free;
	st->free_bytes = s->free_bytes;
	st->busy_bytes = (s->end - s->start) - s->free_bytes;
	st->largest_free = vmap_subtree_max(s->free_root.root);
}
