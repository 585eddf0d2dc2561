// SPDX-License-Identifier: MIT
/*
 * Every symbol strata exports to loadable modules, in one list: the only
 * names a module's undefined symbols can resolve to (kernel/module/sym.c
 * reads the __ksymtab records these lines make; tools/kbuild.mk reads this
 * file to check a .ko at build time, as Linux's modpost reads
 * Module.symvers). Each is strata's own implementation of the Linux API of
 * that name: the include/linux/ headers map onto the same declarations.
 *
 * As in Linux 6.1, these are EXPORT_SYMBOL (any license) except where Linux
 * marks one _GPL (__vmalloc_node): a module whose MODULE_LICENSE is not
 * GPL-compatible does not resolve those.
 */
#include "include/linux/export.h"
#include "kernel/backtrace.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/delay.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/gfp.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

/* printing */
EXPORT_SYMBOL(printk);
EXPORT_SYMBOL(vprintk);
EXPORT_SYMBOL(snprintf);
EXPORT_SYMBOL(vsnprintf);
EXPORT_SYMBOL(dump_stack);
EXPORT_SYMBOL(print_hex_dump);
EXPORT_SYMBOL(hex_dump_to_buffer);
EXPORT_SYMBOL(panic);
EXPORT_SYMBOL(warn_report);

/* the running task and time (kernel/task.h, kernel/time.h, kernel/delay.h) */
EXPORT_SYMBOL(get_current);
EXPORT_SYMBOL(jiffies);
EXPORT_SYMBOL(jiffies_64);
EXPORT_SYMBOL(udelay);
EXPORT_SYMBOL(ndelay);
EXPORT_SYMBOL(msleep);
EXPORT_SYMBOL(msleep_interruptible);
EXPORT_SYMBOL(schedule_timeout);

/* strings (the compiler may also call memcpy and memset itself) */
EXPORT_SYMBOL(memcpy);
EXPORT_SYMBOL(memset);
EXPORT_SYMBOL(memmove);
EXPORT_SYMBOL(memcmp);
EXPORT_SYMBOL(strlen);
EXPORT_SYMBOL(strcmp);
EXPORT_SYMBOL(strncmp);
EXPORT_SYMBOL(strchr);
EXPORT_SYMBOL(strlcpy);
EXPORT_SYMBOL(strscpy);

/* the page allocator (data: the inline page helpers use mem_map, max_pfn) */
EXPORT_SYMBOL(alloc_pages);
EXPORT_SYMBOL(__free_pages);
EXPORT_SYMBOL(__get_free_pages);
EXPORT_SYMBOL(get_zeroed_page);
EXPORT_SYMBOL(free_pages);
EXPORT_SYMBOL(alloc_pages_exact);
EXPORT_SYMBOL(free_pages_exact);
EXPORT_SYMBOL(get_order);
EXPORT_SYMBOL(nr_free_pages);
EXPORT_SYMBOL(mem_map);
EXPORT_SYMBOL(max_pfn);

/* the slab allocator */
EXPORT_SYMBOL(kmalloc);
EXPORT_SYMBOL(kzalloc);
EXPORT_SYMBOL(kmalloc_array);
EXPORT_SYMBOL(kcalloc);
EXPORT_SYMBOL(krealloc);
EXPORT_SYMBOL(kfree);
EXPORT_SYMBOL(ksize);
EXPORT_SYMBOL(kstrdup);
EXPORT_SYMBOL(kmem_cache_create);
EXPORT_SYMBOL(kmem_cache_destroy);
EXPORT_SYMBOL(kmem_cache_alloc);
EXPORT_SYMBOL(kmem_cache_zalloc);
EXPORT_SYMBOL(kmem_cache_free);
EXPORT_SYMBOL(kmem_cache_shrink);

/* vmalloc */
EXPORT_SYMBOL(vmalloc);
EXPORT_SYMBOL(vzalloc);
EXPORT_SYMBOL(__vmalloc);
EXPORT_SYMBOL_GPL(__vmalloc_node);
EXPORT_SYMBOL(vfree);
EXPORT_SYMBOL(vmap);
EXPORT_SYMBOL(vunmap);
EXPORT_SYMBOL(vmalloc_to_page);
EXPORT_SYMBOL(vmalloc_to_pfn);
EXPORT_SYMBOL(kvmalloc);
EXPORT_SYMBOL(kvzalloc);
EXPORT_SYMBOL(kvfree);
