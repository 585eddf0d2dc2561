/* SPDX-License-Identifier: MIT */
/*
 * <linux/slab.h> for modules: kmalloc, kfree, ksize and the kmem_cache API
 * are strata's own (mm/slab.h), with Linux's names and meanings.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include "gfp.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#endif /* _LINUX_SLAB_H */
