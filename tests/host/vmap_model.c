// SPDX-License-Identifier: MIT
/*
 * Test support for the vmap range allocator: node memory with failure
 * injection, and the brute-force placement model (see vmap_model.h).
 */
#include <stdlib.h>
#include <string.h>

#include "tests/host/vmap_model.h"

long vmap_nodes_live;
long vmap_allocs_before_fail = -1;
bool vmap_alloc_injected;

void *vmap_test_node_alloc(void)
{
	if (vmap_allocs_before_fail == 0) {
		vmap_alloc_injected = true;
		return NULL;
	}
	if (vmap_allocs_before_fail > 0)
		vmap_allocs_before_fail--;
	vmap_nodes_live++;
	return malloc(sizeof(struct vmap_area));
}

void vmap_test_node_free(void *node)
{
	vmap_nodes_live--;
	memset(node, 0x6b, sizeof(struct vmap_area)); /* freed-node poison */
	free(node);
}

struct model_range {
	u64 start, end;
};

static struct model_range *model; /* busy ranges, sorted by start */
static size_t model_n, model_cap;

void vmap_model_reset(void)
{
	free(model);
	model = NULL;
	model_n = model_cap = 0;
}

void vmap_model_insert(u64 start, u64 end)
{
	size_t i = model_n;

	if (model_n == model_cap) {
		model_cap = model_cap ? 2 * model_cap : 1024;
		model = realloc(model, model_cap * sizeof(*model));
	}
	while (i > 0 && model[i - 1].start > start) {
		model[i] = model[i - 1];
		i--;
	}
	model[i] = (struct model_range){start, end};
	model_n++;
}

void vmap_model_remove(u64 start)
{
	size_t i;

	for (i = 0; i < model_n && model[i].start != start; i++)
		;
	memmove(&model[i], &model[i + 1], (model_n - i - 1) * sizeof(*model));
	model_n--;
}

bool vmap_model_predict(const struct vmap_space *s, u64 size, u64 align, u64 *addr)
{
	u64 length = size + align - PAGE_SIZE;

	for (int pass = 0; pass < 2; pass++) {
		u64 gap_start = s->start;

		for (size_t i = 0; i <= model_n; i++) {
			u64 gap_end = i < model_n ? model[i].start : s->end;
			u64 a = ALIGN_UP(gap_start, align);

			if (gap_end > gap_start &&
			    (pass == 0 ? gap_end - gap_start >= length
				       : a < gap_end && gap_end - a >= size)) {
				*addr = a;
				return true;
			}
			if (i < model_n)
				gap_start = model[i].end;
		}
	}
	return false;
}

bool vmap_model_matches(const struct vmap_space *s)
{
	const struct vmap_area *va = vmap_area_first(s);

	for (size_t i = 0; i < model_n; i++, va = vmap_area_next(va))
		if (!va || va->va_start != model[i].start || va->va_end != model[i].end)
			return false;
	return va == NULL;
}
