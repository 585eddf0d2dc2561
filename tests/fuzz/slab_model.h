/* SPDX-License-Identifier: MIT */
/*
 * The model of the slab fuzz target (tests/fuzz/fuzz_slab.c), in
 * tests/fuzz/slab_model.c: the simulated machine, the live objects (up to
 * SLOTS), the test caches and the reports the operations must cause.
 *
 * check_all() runs after every operation: kmem_cache_validate() of every
 * cache and buddy_check_invariants(); slab_objects matches the model; the
 * slab reports are exactly those expected, and a "BUG" line appears only
 * when bug_expected says an operation provoked one. model_take() checks a
 * new object: it lies in RAM, is aligned as promised, overlaps no live one,
 * and is zero when asked; then it fills it with a pattern that
 * check_intact() finds unchanged until the object is freed.
 */
#ifndef STRATA_TESTS_FUZZ_SLAB_MODEL_H
#define STRATA_TESTS_FUZZ_SLAB_MODEL_H

#include "lib/types.h"
#include "mm/page_info.h"
#include "mm/slab.h"

#define RAM_START (16UL * MiB)
#define RAM_BYTES (8UL * MiB)
#define SLOTS 64
#define CACHES 4

/* One live object of the model. */
struct slot {
	u8 *p;	     /* the object; NULL when the slot is empty */
	size_t size; /* bytes written with the pattern: the size asked for */
	int cache;   /* index in caches[], or -1 for kmalloc */
	bool large;  /* a large kmalloc: pages from the buddy, not a slab object */
	u8 tag;	     /* every byte of the first size bytes holds it */
};

extern struct slot slot[SLOTS];
extern struct kmem_cache *caches[CACHES]; /* the test caches; NULL if not created */
extern u64 reports; /* slab reports expected: the caches' ->reports summed, with the destroyed */
extern u64 destroyed_reports;		    /* ->reports of destroyed caches */
extern unsigned long objects_base;	    /* slab_objects after kmem_cache_init() */
extern bool bug_expected;		    /* this operation provokes a "BUG" line on purpose */
extern struct buddy_snapshot init_snapshot; /* the buddy after kmem_cache_init() */

/* Boot the simulated machine and the slab layer afresh: one input, one run. */
void machine_reset(void);
/* Every check above, naming the operation after which it failed; clears the log. */
void check_all(const char *after);
/* Could GFP_KERNEL get a block of this order from the buddy (any zone)? */
bool buddy_has_block(unsigned int order);
/* May an allocation from s fail: no free object and no block for a new slab? */
bool cache_may_fail(const struct kmem_cache *s);
/* May a kmalloc of size fail? Too big, or no memory for its class or pages. */
bool kmalloc_may_fail(size_t size);
/* The alignment kmalloc memory at p has (by its size class, not the size asked). */
size_t kmalloc_align(const void *p);
/* The object of s still holds its pattern (when: the operation about to touch it). */
void check_intact(const struct slot *s, const char *when);
/* Record a new object in slot i, checking where it lies, and fill it. */
void model_take(int i, u8 *p, size_t size, int cache, size_t align, bool zeroed);
/* Check the object of s is intact, free it the way it was allocated, empty s. */
void model_free(struct slot *s, const char *when);

#endif /* STRATA_TESTS_FUZZ_SLAB_MODEL_H */
