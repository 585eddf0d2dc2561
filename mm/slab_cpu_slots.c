// SPDX-License-Identifier: MIT
/*
 * Where each cache's per-CPU state lives, and the counts read from it:
 * the table of struct kmem_cache_cpu slots in every CPU's area, and
 * kmem_cache_active_objs() / kmem_cache_cpu_free(), which sum the CPUs'
 * copies. The fast paths that write them are mm/slab_cpu.c.
 *
 * Invariant: a slot belongs to at most one cache (slab_cpu_slot_used), from
 * kmem_cache_create() to kmem_cache_destroy() (mm/slab_cache.c); it is
 * zeroed on every CPU when a cache takes it.
 *
 * Reading another CPU's copy needs no lock: the figures are a snapshot,
 * exact when the cache is quiet (as Linux's /proc/slabinfo is).
 */
#include "mm/slab_internal.h"
#include "kernel/smp.h"
#include "lib/rwonce.h"
#include "lib/string.h"

/*
 * The kmem_cache_cpu of every cache, one slot per cache in each CPU's area
 * (Linux allocates them with alloc_percpu(); strata has no dynamic per-CPU
 * allocator, so caches share this table). A cache's cpu_slab is the
 * address of its slot in the template; this_cpu_ptr() gives this CPU's.
 */
#define SLAB_CPU_SLOTS 256
static DEFINE_PER_CPU(struct kmem_cache_cpu, slab_cpu_slots[SLAB_CPU_SLOTS]);
/* Bit i: slot i belongs to a cache. Guarded by slab_caches_lock. */
static u64 slab_cpu_slot_used[SLAB_CPU_SLOTS / 64];

void slab_cpu_init(void)
{
	memset(slab_cpu_slot_used, 0, sizeof(slab_cpu_slot_used));
}

bool slab_cpu_slot_get(struct kmem_cache *s)
{
	for (unsigned int i = 0; i < SLAB_CPU_SLOTS; i++) {
		if (slab_cpu_slot_used[i / 64] & (1UL << (i % 64)))
			continue;
		slab_cpu_slot_used[i / 64] |= 1UL << (i % 64);
		s->cpu_slab = &slab_cpu_slots[i];
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			memset(per_cpu_ptr(s->cpu_slab, cpu), 0, sizeof(struct kmem_cache_cpu));
		return true;
	}
	return false;
}

void slab_cpu_slot_put(struct kmem_cache *s)
{
	unsigned int i = (unsigned int)(s->cpu_slab - slab_cpu_slots);

	slab_cpu_slot_used[i / 64] &= ~(1UL << (i % 64));
}

unsigned long kmem_cache_active_objs(const struct kmem_cache *s)
{
	long n = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += READ_ONCE(per_cpu_ptr(s->cpu_slab, cpu)->allocated);
	return n > 0 ? (unsigned long)n : 0;
}

/*
 * Free objects in cpu's slab: those on its freelist and those other CPUs
 * freed to the slab since (objects - inuse). A snapshot, exact when the
 * cache is quiet.
 */
static unsigned long cpu_slab_free(const struct kmem_cache *s, unsigned int cpu)
{
	const struct kmem_cache_cpu *c = per_cpu_ptr(s->cpu_slab, cpu);
	const struct page *head = READ_ONCE(c->slab);

	return head ? READ_ONCE(c->nr_free) + s->objects - READ_ONCE(head->inuse) : 0;
}

unsigned long kmem_cache_cpu_free(const struct kmem_cache *s, int cpu)
{
	unsigned long n = 0;

	if (cpu >= 0)
		return (unsigned int)cpu < nr_cpu_ids ? cpu_slab_free(s, (unsigned int)cpu) : 0;
	for (unsigned int i = 0; i < nr_cpu_ids; i++)
		n += cpu_slab_free(s, i);
	return n;
}
