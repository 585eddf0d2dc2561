/* SPDX-License-Identifier: MIT */
/*
 * The ticket lock's instructions (Linux's x86 arch_spinlock_t before 4.2,
 * when the queued lock replaced it). Two 16-bit counters in one word:
 *
 *   take:    my = tail++ (one locked xadd); wait until head == my
 *   release: head++ (only the holder writes head: no lock prefix)
 *   free:    head == tail; contended: tail - head > 1
 *   trylock: if free, tail++ by one cmpxchg of the whole word
 *
 * Tickets are served in the order drawn, so the lock is fair. The counters
 * wrap at 65536, which is harmless while fewer CPUs than that wait.
 * kernel/spinlock.h builds spinlock_t and its API on these.
 */
#ifndef STRATA_ARCH_SPINLOCK_H
#define STRATA_ARCH_SPINLOCK_H

#include "arch/x86_64/barrier.h"
#include "arch/x86_64/cmpxchg.h"
#include "arch/x86_64/cpu.h"
#include "lib/rwonce.h"
#include "lib/types.h"

typedef struct {
	union {
		u32 head_tail;
		struct {
			u16 head; /* the ticket being served (the low half) */
			u16 tail; /* the next ticket to hand out */
		} tickets;
	};
} arch_spinlock_t;

static inline void arch_spin_lock(arch_spinlock_t *lock)
{
	u16 mine = xadd(&lock->tickets.tail, (u16)1);

	while (READ_ONCE(lock->tickets.head) != mine)
		cpu_relax();
	barrier(); /* x86 loads are acquires; the compiler must not hoist either */
}

static inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	barrier(); /* x86 stores are releases: the section's stores land first */
	WRITE_ONCE(lock->tickets.head, (u16)(lock->tickets.head + 1));
}

static inline bool arch_spin_trylock(arch_spinlock_t *lock)
{
	arch_spinlock_t old, new;

	old.head_tail = READ_ONCE(lock->head_tail);
	if (old.tickets.head != old.tickets.tail)
		return false;
	new = old;
	new.tickets.tail++;
	return cmpxchg(&lock->head_tail, old.head_tail, new.head_tail) == old.head_tail;
}

static inline bool arch_spin_is_locked(const arch_spinlock_t *lock)
{
	arch_spinlock_t t = {.head_tail = READ_ONCE(lock->head_tail)};

	return t.tickets.head != t.tickets.tail;
}

static inline bool arch_spin_is_contended(const arch_spinlock_t *lock)
{
	arch_spinlock_t t = {.head_tail = READ_ONCE(lock->head_tail)};

	return (u16)(t.tickets.tail - t.tickets.head) > 1;
}

#endif /* STRATA_ARCH_SPINLOCK_H */
