/* SPDX-License-Identifier: MIT */
/*
 * struct rw_semaphore with Linux's API (include/linux/rwsem.h, 6.1): many
 * readers or one writer. Its one user is a process's mm->mmap_lock
 * (mm/mmap.h).
 *
 *   down_read / up_read      shared: readers exclude only a writer
 *   down_write / up_write    exclusive
 *
 * count encodes the state: 0 free, n > 0 held by n readers, -1 held by a
 * writer. Taking it is one cmpxchg on count.
 *
 * Like Linux's, it is a sleeping lock as far as its holder is concerned:
 * taking it does not count in preempt_count, so a holder may allocate with
 * GFP_KERNEL; and taking it is allowed only where sleeping is
 * (might_sleep()). Where strata differs: Linux puts a waiter to sleep on
 * the semaphore's wait list; strata's waiter spins (interrupts on) until
 * the count lets it in. That is safe because of one rule every holder
 * keeps: it never sleeps, waits or yields the CPU while holding the lock
 * (the OOM killer's wait happens after the fault released it), and no
 * kernel code is preempted, so a holder always runs on to its up_*().
 * Writers are not favoured: a stream of readers can delay a writer (Linux
 * hands the lock over in arrival order).
 */
#ifndef STRATA_RWSEM_H
#define STRATA_RWSEM_H

#include "arch/x86_64/atomic.h"
#include "arch/x86_64/cpu.h"
#include "kernel/might_sleep.h"

struct rw_semaphore {
	atomic_t count; /* 0 free, n > 0 readers, -1 a writer */
};

#define RWSEM_WRITER_LOCKED (-1)

static inline void init_rwsem(struct rw_semaphore *sem)
{
	atomic_set(&sem->count, 0);
}

/* Take sem shared. Task context (it may wait). */
static inline void down_read(struct rw_semaphore *sem)
{
	int c;

	might_sleep();
	for (;;) {
		c = atomic_read(&sem->count);
		if (c >= 0 && atomic_try_cmpxchg(&sem->count, &c, c + 1))
			return;
		cpu_relax();
	}
}

static inline void up_read(struct rw_semaphore *sem)
{
	atomic_dec(&sem->count);
}

/* Take sem exclusive. Task context (it may wait). */
static inline void down_write(struct rw_semaphore *sem)
{
	int free = 0;

	might_sleep();
	while (!atomic_try_cmpxchg(&sem->count, &free, RWSEM_WRITER_LOCKED)) {
		free = 0;
		cpu_relax();
	}
}

static inline void up_write(struct rw_semaphore *sem)
{
	atomic_xchg(&sem->count, 0); /* a full barrier: the holder's stores come first */
}

/* Is sem held for writing (for assertions)? */
static inline bool rwsem_is_write_locked(struct rw_semaphore *sem)
{
	return atomic_read(&sem->count) == RWSEM_WRITER_LOCKED;
}

#endif /* STRATA_RWSEM_H */
