/* SPDX-License-Identifier: MIT */
/*
 * What the host test (tests/host/test_vmap_area.c) and the fuzz target
 * (tests/fuzz/fuzz_vmap.c) of the vmap range allocator share:
 *
 *  - node memory for a struct vmap_space: malloc, with a count of live
 *    nodes and failure injection;
 *  - a brute-force model of the busy areas (a sorted array; the free ranges
 *    are its gaps), which predicts where vmap_area_alloc() must place a
 *    request by the rule documented in mm/vmap_area.h.
 */
#ifndef STRATA_VMAP_MODEL_H
#define STRATA_VMAP_MODEL_H

#include "lib/types.h"
#include "mm/vmap_area.h"

extern long vmap_nodes_live;	     /* vmap_test_node_alloc() minus vmap_test_node_free() */
extern long vmap_allocs_before_fail; /* succeed this many times, then fail; < 0: never */
extern bool vmap_alloc_injected;     /* a vmap_test_node_alloc() failed on purpose */

/* The node callbacks to give vmap_space_init(). */
void *vmap_test_node_alloc(void);
void vmap_test_node_free(void *node);

/* Forget every busy range. */
void vmap_model_reset(void);
/* Record the busy range [start, end); remove the one starting at start. */
void vmap_model_insert(u64 start, u64 end);
void vmap_model_remove(u64 start);
/*
 * Where vmap_area_alloc(s, size, align) must put its area (align at least
 * PAGE_SIZE, a power of two): the first aligned address of the lowest gap at
 * least size + align - PAGE_SIZE long; failing that, the lowest gap where an
 * aligned start still fits. Returns false if nothing fits.
 */
bool vmap_model_predict(const struct vmap_space *s, u64 size, u64 align, u64 *addr);
/* Does the space hold exactly the model's busy areas, in order? */
bool vmap_model_matches(const struct vmap_space *s);

#endif /* STRATA_VMAP_MODEL_H */
