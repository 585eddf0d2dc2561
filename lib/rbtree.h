/* SPDX-License-Identifier: MIT */
/*
 * rbtree: an intrusive red-black tree with an optional augmented value per
 * node (lib/rbtree.c). The user embeds struct rb_node in its own struct, keeps
 * the ordering itself (it walks the tree with its own key to find where a new
 * node links in), and may hand the tree an `augment` callback that recomputes
 * a per-node summary of the node's subtree (for the vmap allocator: the
 * largest free range below). The tree calls it whenever a node's subtree
 * changes shape, so the summary is right for every node after every call.
 *
 * Why balanced: with tens of thousands of vmalloc areas, an unbalanced tree
 * fed ascending addresses (the common case: allocations go bottom-up) would
 * degrade into a list. Red-black rules keep every path within twice the
 * shortest, so the height stays below 2*log2(n + 1).
 *
 * Context: no locking here; the user serialises all calls on one tree.
 */
#ifndef STRATA_RBTREE_H
#define STRATA_RBTREE_H

#include "lib/compiler.h"
#include "lib/types.h"

struct rb_node {
	struct rb_node *parent; /* NULL for the root */
	struct rb_node *left;	/* subtree of smaller keys, or NULL */
	struct rb_node *right;	/* subtree of larger keys, or NULL */
	bool red;		/* colour: red == true, black == false */
};

struct rb_tree {
	struct rb_node *root; /* NULL when empty */
	/*
	 * Recompute node's augmented value from the node itself and the
	 * (already correct) values of its children; return true if it changed.
	 * NULL for a plain tree without augmented values.
	 */
	bool (*augment)(struct rb_node *node);
};

/* The struct that embeds `ptr` (a struct rb_node *) as `member`. */
#define rb_entry(ptr, type, member) container_of(ptr, type, member)

/* Like rb_entry() but NULL stays NULL. */
#define rb_entry_safe(ptr, type, member)                                          \
	({                                                                        \
		struct rb_node *rb_entry_p_ = (ptr);                              \
		rb_entry_p_ ? rb_entry(rb_entry_p_, type, member) : (type *)NULL; \
	})

/* An empty tree; augment may be NULL. */
void rb_tree_init(struct rb_tree *t, bool (*augment)(struct rb_node *node));

/*
 * Link node into t at *link, a NULL child pointer of parent (or &t->root
 * when the tree is empty, parent NULL) that the caller found by walking down
 * with its key, then restore the augmented values and the red-black rules.
 * O(log n). The node's own key fields must be set before the call.
 */
void rb_insert(struct rb_tree *t, struct rb_node *node, struct rb_node *parent,
	       struct rb_node **link);

/* Unlink node from t and rebalance. O(log n). node is left unlinked. */
void rb_erase(struct rb_tree *t, struct rb_node *node);

/*
 * The caller changed node's contribution to the augmented value (not its
 * position in the order): recompute it and its ancestors. O(log n).
 */
void rb_propagate(struct rb_tree *t, struct rb_node *node);

/* In-order navigation; NULL at the ends. O(log n) each, O(1) amortised. */
struct rb_node *rb_first(const struct rb_tree *t);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/*
 * Verify the structure: parent links match child links, the root is black,
 * no red node has a red child, every root-to-leaf path has the same number
 * of black nodes, and the height bound holds. Does not look at keys or
 * augmented values (the user checks those in order). Returns true if all
 * hold, else false with *why set to a static description.
 * Recursive, depth <= the tree height.
 */
bool rb_check(const struct rb_tree *t, const char **why);

#endif /* STRATA_RBTREE_H */
