// SPDX-License-Identifier: MIT
/*
 * rbtree: a red-black tree with parent pointers and an optional augmented
 * value per node (contract in lib/rbtree.h). Its first user is the vmap range
 * allocator in mm/vmap_area.c, which keeps two of these trees.
 *
 * Red-black rules (checked by rb_check()):
 *   1. every node is red or black; NULL children count as black leaves;
 *   2. the root is black;
 *   3. a red node has no red child;
 *   4. every path from a node down to a NULL leaf passes the same number of
 *      black nodes (its "black height").
 * Hence the longest root-to-leaf path is at most twice the shortest, and the
 * height of a tree of n nodes is at most 2*log2(n + 1).
 *
 * Augmented values: the invariant is "for every node, augment(node) would
 * return false", i.e. each node's summary matches its subtree. Three kinds of
 * change can break it, and each is repaired where it happens:
 *   - a rotation moves two nodes: recompute the lower one, then the upper
 *     (the subtree as a whole keeps the same members, so ancestors are fine);
 *   - a node linked in or spliced out changes the members of every subtree
 *     on its path to the root: recompute that path, bottom-up;
 *   - the user changes a node in place: rb_propagate() recomputes upward
 *     and stops at the first ancestor whose value did not change.
 */
#include "lib/rbtree.h"

/* rb_check() gives up below this depth (a sane tree of 2^63 nodes is 126). */
#define RB_CHECK_MAX_DEPTH 128

static bool rb_is_red(const struct rb_node *n)
{
	return n && n->red;
}

/* Make new take old's place under parent (or as the root). */
static void rb_replace_child(struct rb_tree *t, struct rb_node *parent, struct rb_node *old,
			     struct rb_node *new)
{
	if (!parent)
		t->root = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
}

/*
 * Rotate left around x: its right child y takes x's place, x becomes y's
 * left child, y's old left subtree becomes x's right subtree.
 *
 *       x                y
 *      / \              / \
 *     a   y    -->     x   c
 *        / \          / \
 *       b   c        a   b
 */
static void rb_rotate_left(struct rb_tree *t, struct rb_node *x)
{
	struct rb_node *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	y->parent = x->parent;
	rb_replace_child(t, x->parent, x, y);
	y->left = x;
	x->parent = y;
	if (t->augment) {
		t->augment(x); /* x is now below y: recompute it first */
		t->augment(y);
	}
}

/* The mirror image of rb_rotate_left(). */
static void rb_rotate_right(struct rb_tree *t, struct rb_node *x)
{
	struct rb_node *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	y->parent = x->parent;
	rb_replace_child(t, x->parent, x, y);
	y->right = x;
	x->parent = y;
	if (t->augment) {
		t->augment(x);
		t->augment(y);
	}
}

/* Recompute every augmented value from node up to the root, no early stop. */
static void rb_augment_path(struct rb_tree *t, struct rb_node *node)
{
	if (!t->augment)
		return;
	for (; node; node = node->parent)
		t->augment(node);
}

void rb_tree_init(struct rb_tree *t, bool (*augment)(struct rb_node *node))
{
	t->root = NULL;
	t->augment = augment;
}

void rb_propagate(struct rb_tree *t, struct rb_node *node)
{
	if (!t->augment)
		return;
	/* Ancestors only depend on node through its value: stop when it holds. */
	for (; node; node = node->parent)
		if (!t->augment(node))
			break;
}

/*
 * Insert. The new node is linked as a red leaf, which can only break rule 3
 * (red parent). Walk up while the parent p is red (so p is not the root and
 * the grandparent g exists and is black):
 *   uncle u red:   recolour p, u black and g red; continue from g.
 *   uncle u black: if node is an "inner" grandchild, rotate it to the outside
 *                  around p; then rotate g towards u, p (now on top) black,
 *                  g red. Done: the subtree's top is black again.
 * Finally paint the root black (rule 2).
 */
void rb_insert(struct rb_tree *t, struct rb_node *node, struct rb_node *parent,
	       struct rb_node **link)
{
	node->parent = parent;
	node->left = NULL;
	node->right = NULL;
	node->red = true;
	*link = node;
	/* New members below every ancestor: fix the values before rotating. */
	rb_augment_path(t, node);

	while (rb_is_red(node->parent)) {
		struct rb_node *p = node->parent;
		struct rb_node *g = p->parent;
		struct rb_node *u = g->left == p ? g->right : g->left;

		if (rb_is_red(u)) {
			p->red = false;
			u->red = false;
			g->red = true;
			node = g;
			continue;
		}
		if (p == g->left) {
			if (node == p->right) {
				rb_rotate_left(t, p);
				p = node; /* the old child is now on top */
			}
			rb_rotate_right(t, g);
		} else {
			if (node == p->left) {
				rb_rotate_right(t, p);
				p = node;
			}
			rb_rotate_left(t, g);
		}
		p->red = false;
		g->red = true;
		break;
	}
	t->root->red = false;
}

/*
 * After a black node was removed, the subtree at x (possibly NULL, child of
 * parent) is one black short. Walk up while x is black and not the root,
 * with sibling w:
 *   w red:                rotate parent towards x, swap colours; now w is
 *                         black (case below).
 *   w black, both its children black: paint w red (w's side loses one too);
 *                         the deficit moves up to parent.
 *   w black, far child black, near child red: rotate w away so the red
 *                         child becomes a black w with a red far child.
 *   w black, far child red: rotate parent towards x, w takes parent's colour,
 *                         parent and the far child black. Done.
 * Finally paint x black (a red x absorbs the deficit).
 */
static void rb_erase_fixup(struct rb_tree *t, struct rb_node *x, struct rb_node *parent)
{
	while (x != t->root && !rb_is_red(x)) {
		struct rb_node *w;

		if (x == parent->left) {
			w = parent->right;
			if (rb_is_red(w)) {
				w->red = false;
				parent->red = true;
				rb_rotate_left(t, parent);
				w = parent->right;
			}
			if (!rb_is_red(w->left) && !rb_is_red(w->right)) {
				w->red = true;
				x = parent;
				parent = x->parent;
				continue;
			}
			if (!rb_is_red(w->right)) {
				w->left->red = false;
				w->red = true;
				rb_rotate_right(t, w);
				w = parent->right;
			}
			w->red = parent->red;
			parent->red = false;
			w->right->red = false;
			rb_rotate_left(t, parent);
		} else {
			w = parent->left;
			if (rb_is_red(w)) {
				w->red = false;
				parent->red = true;
				rb_rotate_right(t, parent);
				w = parent->left;
			}
			if (!rb_is_red(w->left) && !rb_is_red(w->right)) {
				w->red = true;
				x = parent;
				parent = x->parent;
				continue;
			}
			if (!rb_is_red(w->left)) {
				w->right->red = false;
				w->red = true;
				rb_rotate_left(t, w);
				w = parent->left;
			}
			w->red = parent->red;
			parent->red = false;
			w->left->red = false;
			rb_rotate_right(t, parent);
		}
		x = t->root;
	}
	if (x)
		x->red = false;
}

/*
 * Erase. A node with at most one child is spliced out (its child takes its
 * place). A node z with two children is replaced by its successor y (the
 * leftmost node of z's right subtree, which has no left child): y is spliced
 * out of its old spot and put in z's place with z's colour, so the colour
 * actually removed from the tree is y's. If that colour was black, one path
 * is now a black node short: rb_erase_fixup() repairs it.
 * The augmented values are recomputed from the lowest changed node to the
 * root before any rotation (a moved y must be recomputed even if the value it
 * carries from its old spot happens to look right, so no early stop).
 */
void rb_erase(struct rb_tree *t, struct rb_node *z)
{
	struct rb_node *child, *parent;
	bool removed_red;

	if (!z->left || !z->right) {
		child = z->left ? z->left : z->right;
		parent = z->parent;
		removed_red = z->red;
		rb_replace_child(t, parent, z, child);
		if (child)
			child->parent = parent;
	} else {
		struct rb_node *y = z->right;

		while (y->left)
			y = y->left;
		removed_red = y->red;
		child = y->right;
		if (y->parent == z) {
			parent = y; /* y keeps its right subtree */
		} else {
			parent = y->parent;
			parent->left = child;
			if (child)
				child->parent = parent;
			y->right = z->right;
			z->right->parent = y;
		}
		y->left = z->left;
		z->left->parent = y;
		rb_replace_child(t, z->parent, z, y);
		y->parent = z->parent;
		y->red = z->red;
	}
	rb_augment_path(t, parent);
	if (!removed_red)
		rb_erase_fixup(t, child, parent);
	z->parent = z->left = z->right = NULL;
}

struct rb_node *rb_first(const struct rb_tree *t)
{
	struct rb_node *n = t->root;

	if (!n)
		return NULL;
	while (n->left)
		n = n->left;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *n;

	if (node->right) {
		n = node->right;
		while (n->left)
			n = n->left;
		return n;
	}
	/* Climb until we come up from a left child. */
	while (node->parent && node == node->parent->right)
		node = node->parent;
	return node->parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *n;

	if (node->left) {
		n = node->left;
		while (n->right)
			n = n->right;
		return n;
	}
	while (node->parent && node == node->parent->left)
		node = node->parent;
	return node->parent;
}

/* Black height of the subtree at n (NULL leaves count 1), or -1 on error. */
static int rb_check_subtree(const struct rb_node *n, const struct rb_node *parent, int depth,
			    const char **why)
{
	int lh, rh;

	if (!n)
		return 1;
	if (depth > RB_CHECK_MAX_DEPTH) {
		*why = "deeper than any balanced tree can be";
		return -1;
	}
	if (n->parent != parent) {
		*why = "parent link does not match child link";
		return -1;
	}
	if (n->red && (rb_is_red(n->left) || rb_is_red(n->right))) {
		*why = "red node with a red child";
		return -1;
	}
	lh = rb_check_subtree(n->left, n, depth + 1, why);
	if (lh < 0)
		return -1;
	rh = rb_check_subtree(n->right, n, depth + 1, why);
	if (rh < 0)
		return -1;
	if (lh != rh) {
		*why = "black heights of two subtrees differ";
		return -1;
	}
	return lh + (n->red ? 0 : 1);
}

bool rb_check(const struct rb_tree *t, const char **why)
{
	if (rb_is_red(t->root)) {
		*why = "red root";
		return false;
	}
	return rb_check_subtree(t->root, NULL, 0, why) >= 0;
}
