/* SPDX-License-Identifier: MIT */
/*
 * What the torture test's files share: tests/torture.c (a run: set up,
 * spread, drain, check, report), tests/torture_obj.c (objects: allocate,
 * pattern, check, free), tests/torture_cpu.c (one CPU's share, the
 * hand-off rings, the timer tick's share).
 *
 * Ownership: an object (struct torture_obj, a handle passed by value) is
 * owned by exactly one place at a time: a CPU's pool, a ring, or a tick
 * slot. Whoever takes it out of a ring frees it: the freeing CPU checks its
 * pattern. Each CPU writes only its own struct torture_cpu (its timer too,
 * which runs on it), except the rings, which are under their locks.
 */
#ifndef STRATA_TORTURE_INTERNAL_H
#define STRATA_TORTURE_INTERNAL_H

#include "tests/torture.h"
#include "kernel/spinlock.h"
#include "kernel/timer.h"
#include "kernel/workqueue.h"
#include "mm/gfp.h"
#include "mm/slab.h"

/* The kinds of object, one counter column each in the summary. */
enum torture_kind {
	TK_PAGES,    /* alloc_pages(), order 0..MAX_ORDER, any zone */
	TK_KMALLOC,  /* kmalloc()/kzalloc(), every size class and large */
	TK_CACHE,    /* kmem_cache_alloc() from one of the test's caches (constructors) */
	TK_VMALLOC,  /* vmalloc()/vzalloc() */
	TK_VMAP,     /* vmap() of order-0 pages */
	TK_KVMALLOC, /* kvmalloc() */
	NR_TORTURE_KINDS
};

extern const char *const torture_kind_names[NR_TORTURE_KINDS];

#define TORTURE_NR_CACHES 3

/* One live object: what it is, where, and the pattern it must hold. */
struct torture_obj {
	void *addr;	     /* what the allocator returned (vmap: the mapping) */
	struct page **pages; /* TK_VMAP: its pages (kmalloc'd); else NULL */
	u64 serial;	     /* unique in the run: allocating CPU << 48 | its count */
	size_t size;	     /* bytes asked for, all of them patterned */
	u8 kind;	     /* enum torture_kind */
	u8 order;	     /* TK_PAGES: the order; TK_CACHE: the cache's index */
	u8 alloc_cpu;	     /* the CPU that allocated it */
	bool in_irq;	     /* allocated in a timer interrupt (GFP_ATOMIC) */
};

/* A CPU's queue of objects others hand it to free: a ring under a lock. */
#define TORTURE_RING_SIZE 64
struct torture_ring {
	spinlock_t lock;	 /* taken with interrupts off: the tick pushes too */
	unsigned int head, tail; /* slot[head % SIZE] is the oldest; head == tail: empty */
	struct torture_obj slot[TORTURE_RING_SIZE];
};

#define TORTURE_POOL_SIZE 48 /* objects a CPU holds at once in its pool */
#define TORTURE_TICK_SLOTS 4 /* objects its tick holds */

/* The per-CPU counters of the summary. */
struct torture_counts {
	u64 ops[NR_TORTURE_KINDS]; /* objects allocated, per kind */
	u64 irq_ops;		   /* of them in hardirq context: its timer or an IPI */
	u64 ipis;		   /* function-call IPIs this CPU ran for the test */
	u64 remote_frees;	   /* objects this CPU freed that another CPU allocated */
	u64 failures;		   /* allocations that returned NULL */
	u64 serials;		   /* serial numbers handed out: the low bits of the next */
};

struct torture_run;

/* One taking-part CPU's state. */
struct torture_cpu {
	struct torture_run *run;
	int cpu;
	u64 rng;		      /* its xorshift64* state, from the seed and the CPU */
	struct torture_counts c;      /* its worker's counts */
	struct torture_counts tick_c; /* its tick's counts (written in the interrupt) */
	u64 tick_rng;		      /* the tick's own generator */
	struct torture_obj pool[TORTURE_POOL_SIZE];
	unsigned int nr_pool;
	struct torture_obj tick_slot[TORTURE_TICK_SLOTS]; /* addr NULL: empty */
	struct torture_ring ring;
	struct timer_list timer;
	struct work_struct work;
};

/* A whole run. */
struct torture_run {
	struct torture_config cfg;
	u64 end_tsc;		  /* the TSC value at which the CPUs stop */
	unsigned int nr_cpus;	  /* entries of pcpu[] */
	struct torture_cpu *pcpu; /* the taking-part CPUs, pcpu[0] on CPU 0 */
	struct kmem_cache *cache[TORTURE_NR_CACHES];
	long live_bytes;   /* bytes held by every pool and ring (atomic) */
	long budget_bytes; /* allocate only while live_bytes is below */
	long errors;	   /* errors found (atomic): any stops every CPU */
	bool stop_irqs;	   /* timers and IPIs stop working (set before the drain) */
	long ipis_sent;	   /* IPIs the workers sent (atomic) */
	long ipis_done;	   /* of them run to the end (atomic): the drain waits for all */
};

/* tests/torture_pattern.c */
/* The test's caches, each with a constructor; -1 (none left) if one cannot be made. */
int torture_caches_create(struct torture_run *run);
/* Destroy them; a cache still holding objects is an error. */
void torture_caches_destroy(struct torture_run *run);
size_t torture_cache_size(unsigned int cache);
/* Put a cache object back in its constructed state (before freeing it). */
void torture_ctor_restore(struct torture_obj *o);
/* Check that a fresh cache object is in its constructed state (reported, counted). */
bool torture_expect_constructed(struct torture_run *run, const struct torture_obj *o);
/* Write bytes [from, from + len) of o's pattern at `at` (o->addr + from, or another mapping). */
void torture_pattern_fill(u64 seed, const struct torture_obj *o, void *at, size_t from, size_t len);
/*
 * Check bytes [from, from + len) of o, seen at `at`: each must be want, or
 * o's pattern if want < 0. A difference is reported with what (what was
 * checked), the object and both CPUs, and counted; returns true if none.
 */
bool torture_expect_bytes(struct torture_run *run, const struct torture_obj *o, const u8 *at,
			  size_t from, size_t len, int want, const char *what);
/*
 * Count an error of the run; returns true if it is among the first few,
 * which the caller prints (the rest are only counted).
 */
bool torture_error(struct torture_run *run);

/* tests/torture_obj.c */
/*
 * Allocate one object of a random kind and size in task context (pc's
 * generator), check what the allocator promised (zone, zeroes, the
 * constructor's pattern) and write its pattern. Returns 1, 0 if the
 * allocator returned NULL (counted in pc->c.failures), -1 if the object
 * would pass the run's budget (nothing allocated).
 */
int torture_obj_alloc(struct torture_cpu *pc, struct torture_obj *o);
/*
 * A small slab object chosen by r alone (a cache's, or kmalloc of 1-256
 * bytes), GFP_KERNEL, outside the budget: the same r gives the same cache
 * or size, so a burst of them comes mostly from one slab. Returns 1 or 0.
 */
int torture_obj_alloc_slab(struct torture_cpu *pc, struct torture_obj *o, u64 r);
/* The same in hardirq context (timer, IPI): small pages, kmalloc and cache objects, GFP_ATOMIC. */
int torture_obj_alloc_atomic(struct torture_cpu *pc, struct torture_obj *o);
/*
 * Check o's pattern on this CPU, counting into c (a remote free if another
 * CPU allocated it), then free it. A mismatch is reported (the object, its
 * allocating and freeing CPUs) and counted as an error.
 */
void torture_obj_free(struct torture_run *run, struct torture_counts *c, struct torture_obj *o);
/* tests/torture_cpu.c */
/* Prepare pc (run->pcpu[i]) for cpu: generators from the seed, ring, timer, work. */
void torture_cpu_init(struct torture_cpu *pc, struct torture_run *run, int cpu);
/* A CPU's share (work function of pc->work): steps until the run's end, then free its pool. */
void torture_cpu_work(struct work_struct *w);
/* Start and stop pc's timer share (stop: for every CPU, before the drain). */
void torture_tick_start(struct torture_cpu *pc);
void torture_tick_stop(struct torture_cpu *pc);
/* Wait until every IPI the workers sent has run (reported if it takes seconds). */
void torture_wait_ipis(struct torture_run *run);
/* Work function, once all have stopped: free pc's tick slots and its ring, on its CPU. */
void torture_cpu_drain(struct work_struct *w);

#endif /* STRATA_TORTURE_INTERNAL_H */
