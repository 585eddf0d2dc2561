/* SPDX-License-Identifier: MIT */
/*
 * Loadable modules: the loader's public face (kernel/module/loader.c and the
 * other files of kernel/module/; docs/modules.md tells the whole story).
 *
 * A module reaches the kernel as a multiboot module (`make run
 * MODULES=a.ko`): module_add_images() records each one's name and string at
 * boot. module_load() (insmod) checks, places, links and starts it;
 * module_unload() (rmmod) stops and frees it, listing what it left
 * allocated. Context: task (the shell or the boot thread); the list is
 * guarded by module_list_lock, never held while a module's code runs.
 */
#ifndef STRATA_MODULE_H
#define STRATA_MODULE_H

#include "boot/bootinfo.h"
#include "lib/types.h"

enum module_state {
	MODULE_STATE_LIVE,   /* init returned 0; exit runs at rmmod */
	MODULE_STATE_COMING, /* init is running */
	MODULE_STATE_GOING,  /* exit is running, or init failed: being freed */
	MODULE_STATE_FAILED, /* init or exit faulted: only rmmod remains (no exit) */
};

/* Record the multiboot modules (name = file name without .ko). Boot, after vmalloc_init(). */
void module_add_images(const struct bootinfo *bi);

/*
 * The name of each function below may also be given as a file name, as to
 * Linux's tools: "slab1", "slab1.ko" and "dir/slab1.ko" are all "slab1".
 *
 * insmod: load the image called name with parameters args ("a=1 b=x", may
 * be NULL; the image's own multiboot string comes first). Returns 0, or
 * -Exxx after one line saying why: -ENOENT (no such image, or an unknown
 * symbol), -EEXIST (loaded already), -ENOEXEC (not a valid module,
 * version magic, relocation), -ENOMEM, -EINVAL (a parameter), or what init
 * returned. On any failure nothing stays allocated.
 */
int module_load(const char *name, const char *args);

/*
 * rmmod: run exit (not for a FAILED module), report every allocation the
 * module left, free it. -ENOENT if no module of that name is loaded.
 */
int module_unload(const char *name);

/* lsmod: one line per module: name, size, state, address. */
void module_list_print(void);
/* modinfo: the image's .modinfo, one tag a line, and its parameters. -ENOENT if none. */
int module_info_print(const char *name);

/*
 * For %pS: if addr is in a loaded module's text, write "sym+0xoff/0xsize
 * [module]" to buf and return true.
 */
bool module_address_lookup(u64 addr, char *buf, size_t size);

#endif /* STRATA_MODULE_H */
