// SPDX-License-Identifier: MIT
/*
 * One CPU's share of the torture test: its worker loop (task context, run
 * by its kworker through schedule_work_on(), or inline on CPU 0), its
 * hardirq share (its timer every tick, and the IPIs the other workers
 * send it), and the rings through which the CPUs hand each other objects
 * to free.
 *
 * The worker, until the run's end or its first error, draws a step from its
 * own generator: allocate into its pool, free from its pool, hand an object
 * from its pool to another CPU's ring, free what others handed it, or deal
 * a burst of objects from one slab round the other CPUs; one step in 64
 * also sends another CPU an IPI. Each tick and each IPI allocates into one
 * of the CPU's few hardirq slots with GFP_ATOMIC, frees one, or hands one
 * to a CPU's ring.
 *
 * Lock order: a ring's lock is a leaf (nothing is allocated or freed under
 * it); it is taken with interrupts off, since the timer and IPIs push too.
 */
#include "tests/torture_internal.h"
#include "arch/x86_64/cpu.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "kernel/tsc.h"
#include "lib/string.h"
#include "lib/xorshift.h"

static bool ring_push(struct torture_ring *q, const struct torture_obj *o)
{
	unsigned long flags;
	bool room;

	spin_lock_irqsave(&q->lock, flags);
	room = q->tail - q->head < TORTURE_RING_SIZE;
	if (room)
		q->slot[q->tail++ % TORTURE_RING_SIZE] = *o;
	spin_unlock_irqrestore(&q->lock, flags);
	return room;
}

static bool ring_pop(struct torture_ring *q, struct torture_obj *o)
{
	unsigned long flags;
	bool any;

	spin_lock_irqsave(&q->lock, flags);
	any = q->head != q->tail;
	if (any)
		*o = q->slot[q->head++ % TORTURE_RING_SIZE];
	spin_unlock_irqrestore(&q->lock, flags);
	return any;
}

/* A random taking-part CPU other than pc's (pc's own with one CPU). */
static struct torture_cpu *other_cpu(struct torture_cpu *pc, u64 r)
{
	struct torture_run *run = pc->run;
	unsigned int i;

	if (run->nr_cpus == 1)
		return pc;
	i = (unsigned int)(r % (run->nr_cpus - 1));
	return &run->pcpu[i >= (unsigned int)(pc - run->pcpu) ? i + 1 : i];
}

/* Hand o to another CPU to free; if its ring is full, free it here. */
static void hand_off(struct torture_cpu *pc, struct torture_counts *c, struct torture_obj *o, u64 r)
{
	if (!ring_push(&other_cpu(pc, r)->ring, o))
		torture_obj_free(pc->run, c, o);
	o->addr = NULL;
}

/* Free the objects others handed pc, until its ring is empty. */
static void free_handed(struct torture_cpu *pc)
{
	struct torture_obj o;

	while (ring_pop(&pc->ring, &o))
		torture_obj_free(pc->run, &pc->c, &o);
}

/* Take pool entry i out of the pool (the last entry moves into its place). */
static struct torture_obj pool_take(struct torture_cpu *pc, unsigned int i)
{
	struct torture_obj o = pc->pool[i];

	pc->pool[i] = pc->pool[--pc->nr_pool];
	return o;
}

/*
 * A burst: 4 to 16 small objects of one cache or size class, allocated back
 * to back (so mostly from one slab, this CPU's) and dealt round the other
 * CPUs, whose next drains free them into that slab at about the same time
 * as this CPU allocates from it: the remote-free path under contention.
 */
static void burst(struct torture_cpu *pc, u64 r)
{
	unsigned int n = 4 + (unsigned int)((r >> 8) % 13);
	u64 which = xorshift64star(&pc->rng);
	struct torture_obj o;

	for (unsigned int i = 0; i < n && torture_obj_alloc_slab(pc, &o, which) > 0; i++)
		hand_off(pc, &pc->c, &o, i);
}

/*
 * One step of the worker, chosen by r (out of 16): 0-7 allocate into the
 * pool, 8-9 free from it here, 10-12 hand from it to another CPU, 13-14
 * free what others handed this one, 15 a burst. A full pool, the budget or
 * a NULL turn an allocation into a release (8-12) instead.
 */
static void worker_step(struct torture_cpu *pc, u64 r)
{
	unsigned int step = r % 16;
	struct torture_obj o;

	if (step < 8) {
		if (pc->nr_pool < TORTURE_POOL_SIZE &&
		    torture_obj_alloc(pc, &pc->pool[pc->nr_pool]) > 0) {
			pc->nr_pool++;
			return;
		}
		step = 8 + (r >> 40) % 5;
	}
	if (step >= 13) {
		if (step == 15)
			burst(pc, r);
		else
			free_handed(pc);
		return;
	}
	if (!pc->nr_pool)
		return;
	o = pool_take(pc, (unsigned int)((r >> 8) % pc->nr_pool));
	if (step < 10)
		torture_obj_free(pc->run, &pc->c, &o);
	else
		hand_off(pc, &pc->c, &o, r >> 32);
}

/*
 * One hardirq-context step on pc's slots (its timer's or an IPI's; both run
 * on pc's CPU with interrupts off, so never at once): allocate into an
 * empty slot with GFP_ATOMIC, free a full one, or hand it to another CPU.
 */
static void irq_step(struct torture_cpu *pc, const char *what)
{
	u64 r = xorshift64star(&pc->tick_rng);
	struct torture_obj *o = &pc->tick_slot[r % TORTURE_TICK_SLOTS];

	if (smp_processor_id() != pc->cpu && torture_error(pc->run))
		pr_err("torture: FAIL: CPU %d's %s ran on CPU %d\n", pc->cpu, what,
		       smp_processor_id());
	if (!o->addr)
		torture_obj_alloc_atomic(pc, o);
	else if ((r >> 8) % 2)
		torture_obj_free(pc->run, &pc->tick_c, o);
	else
		hand_off(pc, &pc->tick_c, o, r >> 16);
}

static bool irqs_stopped(const struct torture_run *run)
{
	return __atomic_load_n(&run->stop_irqs, __ATOMIC_ACQUIRE);
}

/* The timer's share: a step every tick, re-arming itself for the next. */
static void torture_tick(struct timer_list *t)
{
	struct torture_cpu *pc = from_timer(pc, t, timer);

	if (irqs_stopped(pc->run))
		return;
	irq_step(pc, "timer");
	mod_timer(t, jiffies + 1);
}

/* A function-call IPI a worker sent to pc's CPU: a step there, in its hardirq context. */
static void torture_ipi(void *info)
{
	struct torture_cpu *pc = info;

	if (!irqs_stopped(pc->run)) {
		irq_step(pc, "IPI");
		pc->tick_c.ipis++;
	}
	__atomic_fetch_add(&pc->run->ipis_done, 1, __ATOMIC_RELEASE);
}

/*
 * Interrupt another CPU (pc's own with one CPU: then the call runs here
 * with interrupts off) in the middle of whatever it does, so its fast paths
 * meet GFP_ATOMIC work from hardirq context far more often than its timer
 * alone makes them.
 */
static void send_ipi(struct torture_cpu *pc, u64 r)
{
	struct torture_cpu *to = other_cpu(pc, r);

	__atomic_fetch_add(&pc->run->ipis_sent, 1, __ATOMIC_RELAXED);
	if (smp_call_function_single(to->cpu, torture_ipi, to, 0))
		__atomic_fetch_add(&pc->run->ipis_done, 1, __ATOMIC_RELEASE);
}

void torture_wait_ipis(struct torture_run *run)
{
	u64 limit = rdtsc() + 5000 * tsc_khz;
	bool told = false;

	while (__atomic_load_n(&run->ipis_done, __ATOMIC_ACQUIRE) !=
	       __atomic_load_n(&run->ipis_sent, __ATOMIC_RELAXED)) {
		if (!told && rdtsc() > limit && torture_error(run)) {
			pr_err("torture: FAIL: %ld of %ld IPIs not run after 5 s; waiting on\n",
			       run->ipis_sent - run->ipis_done, run->ipis_sent);
			told = true;
		}
		cpu_relax();
	}
}

static struct torture_cpu *work_to_cpu(struct work_struct *w)
{
	return (struct torture_cpu *)((char *)w - __builtin_offsetof(struct torture_cpu, work));
}

void torture_cpu_work(struct work_struct *w)
{
	struct torture_cpu *pc = work_to_cpu(w);
	struct torture_run *run = pc->run;

	if (smp_processor_id() != pc->cpu && torture_error(run))
		pr_err("torture: FAIL: CPU %d's share ran on CPU %d\n", pc->cpu,
		       smp_processor_id());
	while (rdtsc() < run->end_tsc && !__atomic_load_n(&run->errors, __ATOMIC_RELAXED)) {
		u64 r = xorshift64star(&pc->rng);

		worker_step(pc, r);
		if (r >> 58 == 0) /* one step in 64 */
			send_ipi(pc, r >> 20);
	}
	while (pc->nr_pool) {
		struct torture_obj o = pool_take(pc, pc->nr_pool - 1);

		torture_obj_free(run, &pc->c, &o);
	}
}

void torture_cpu_init(struct torture_cpu *pc, struct torture_run *run, int cpu)
{
	memset(pc, 0, sizeof(*pc));
	pc->run = run;
	pc->cpu = cpu;
	/* Each CPU's generators from the seed and its place: a seed replays them. */
	pc->rng = run->cfg.seed ^ (0x9e3779b97f4a7c15ULL * (u64)(pc - run->pcpu + 1));
	pc->tick_rng = pc->rng ^ 0xd1b54a32d192ed03ULL;
	pc->rng |= !pc->rng; /* xorshift stays at 0 forever */
	pc->tick_rng |= !pc->tick_rng;
	spin_lock_init(&pc->ring.lock);
	timer_setup(&pc->timer, torture_tick, 0);
	INIT_WORK(&pc->work, torture_cpu_work);
}

void torture_tick_start(struct torture_cpu *pc)
{
	pc->timer.expires = jiffies + 1;
	add_timer_on(&pc->timer, pc->cpu);
}

void torture_tick_stop(struct torture_cpu *pc)
{
	__atomic_store_n(&pc->run->stop_irqs, true, __ATOMIC_RELEASE);
	del_timer_sync(&pc->timer);
}

/*
 * Run on pc's own CPU once every worker and tick has stopped (nothing is
 * pushed any more): free its tick's slots and what others handed it.
 */
void torture_cpu_drain(struct work_struct *w)
{
	struct torture_cpu *pc = work_to_cpu(w);

	for (unsigned int i = 0; i < TORTURE_TICK_SLOTS; i++)
		if (pc->tick_slot[i].addr)
			torture_obj_free(pc->run, &pc->c, &pc->tick_slot[i]);
	free_handed(pc);
}
