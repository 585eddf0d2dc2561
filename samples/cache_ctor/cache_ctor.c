// SPDX-License-Identifier: MIT
/*
 * cache_ctor: a slab cache of the module's own, with a constructor. The
 * constructor runs once per object when the allocator builds a slab, not at
 * every kmem_cache_alloc(): an object freed and allocated again keeps what
 * the code left in it. Each object records the task that allocated it
 * (current's comm and pid: insmod's, since init runs in the insmod process).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/string.h>

#define NOBJS 4

struct session {
	u32 magic;		  /* set by the constructor */
	int uses;		  /* how many allocations this object has served */
	int pid;		  /* who allocated it last */
	char comm[TASK_COMM_LEN]; /* and its name */
	char payload[100];
};

static struct kmem_cache *session_cache;
static unsigned int ctor_calls;

/* Runs once per object, when its slab is created. */
static void session_ctor(void *obj)
{
	struct session *s = obj;

	memset(s, 0, sizeof(*s));
	s->magic = 0x5e551011;
	ctor_calls++;
}

static struct session *session_get(void)
{
	struct session *s = kmem_cache_alloc(session_cache, GFP_KERNEL);

	if (!s)
		return NULL;
	s->uses++;
	s->pid = current->pid;
	strscpy(s->comm, current->comm, sizeof(s->comm));
	return s;
}

static int __init cache_ctor_init(void)
{
	struct session *objs[NOBJS];
	struct session *again;
	int i;

	session_cache = kmem_cache_create("session_cache", sizeof(struct session), 0,
					  SLAB_HWCACHE_ALIGN, session_ctor);
	if (!session_cache)
		return -ENOMEM;
	pr_info("cache %s: object size %u bytes (kmem_cache_size)\n", "session_cache",
		kmem_cache_size(session_cache));

	for (i = 0; i < NOBJS; i++) {
		objs[i] = session_get();
		if (!objs[i]) {
			while (i--)
				kmem_cache_free(session_cache, objs[i]);
			kmem_cache_destroy(session_cache);
			return -ENOMEM;
		}
	}
	pr_info("%d objects allocated, constructor ran %u times (once per object of the new slab)\n",
		NOBJS, ctor_calls);
	pr_info("object 0 at %px: magic %#x, allocated by %s (pid %d), use %d\n", objs[0],
		objs[0]->magic, objs[0]->comm, objs[0]->pid, objs[0]->uses);

	kmem_cache_free(session_cache, objs[0]);
	again = session_get();
	if (again) {
		pr_info("freed and allocated again: %px%s, use %d, constructor calls still %u\n",
			again, again == objs[0] ? " (the same object)" : "", again->uses,
			ctor_calls);
		objs[0] = again;
	} else {
		objs[0] = NULL;
	}
	for (i = 0; i < NOBJS; i++)
		if (objs[i])
			kmem_cache_free(session_cache, objs[i]);
	return 0;
}

static void __exit cache_ctor_exit(void)
{
	kmem_cache_destroy(session_cache);
	pr_info("cache destroyed by %s (pid %d)\n", current->comm, current->pid);
}

module_init(cache_ctor_init);
module_exit(cache_ctor_exit);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("strata");
MODULE_DESCRIPTION("a custom slab cache whose constructor runs once per object");
