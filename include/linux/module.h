/* SPDX-License-Identifier: MIT */
/*
 * <linux/module.h> for modules built with `make -C <strata> M=<dir> modules`.
 *
 * module_init(fn) / module_exit(fn) make init_module / cleanup_module
 * aliases of fn, as Linux does for a loadable module: the loader
 * (kernel/module/loader.c) finds them by those names. MODULE_LICENSE, _AUTHOR,
 * _DESCRIPTION, _VERSION and _ALIAS each put one "key=value" string in the
 * .modinfo section, which `modinfo NAME` prints and the loader reads (the
 * license decides whether EXPORT_SYMBOL_GPL symbols resolve). The build
 * adds name= and vermagic=.
 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include "errno.h"
#include "export.h"
#include "init.h"
#include "kernel.h"
#include "moduleparam.h"

/*
 * strata has no struct module visible to module code: THIS_MODULE is the
 * NULL that built-in code uses in Linux (it only matters for the owner
 * fields of interfaces strata does not have).
 */
struct module;
#define THIS_MODULE ((struct module *)0)

#define MODULE_INFO(tag, info) __MODULE_INFO(tag, info)
#define MODULE_LICENSE(_license) MODULE_INFO(license, _license)
#define MODULE_AUTHOR(_author) MODULE_INFO(author, _author)
#define MODULE_DESCRIPTION(_description) MODULE_INFO(description, _description)
#define MODULE_VERSION(_version) MODULE_INFO(version, _version)
#define MODULE_ALIAS(_alias) MODULE_INFO(alias, _alias)

/* The inline functions check the types: int fn(void) and void fn(void). */
#define module_init(initfn)                       \
	static inline initcall_t __inittest(void) \
	{                                         \
		return initfn;                    \
	}                                         \
	int init_module(void) __attribute__((alias(#initfn)))

#define module_exit(exitfn)                       \
	static inline exitcall_t __exittest(void) \
	{                                         \
		return exitfn;                    \
	}                                         \
	void cleanup_module(void) __attribute__((alias(#exitfn)))

#endif /* _LINUX_MODULE_H */
