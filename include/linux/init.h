/* SPDX-License-Identifier: MIT */
/*
 * <linux/init.h> for modules: the section markers of init and exit code.
 *
 * Linux places __init code in .init.text and frees it once the module's
 * init has run; strata keeps it (the loader places every allocated section
 * alike), so these markers are empty and a module that marks its functions
 * compiles and behaves the same. module_init()/module_exit() are in
 * <linux/module.h>, as in Linux when MODULE is defined.
 */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

/* The types of a module's init and exit functions. */
typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

#define __init
#define __exit
#define __initdata
#define __exitdata
#define __initconst

#endif /* _LINUX_INIT_H */
