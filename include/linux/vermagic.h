/* SPDX-License-Identifier: MIT */
/*
 * The version magic: the string every .ko carries as "vermagic=" in
 * .modinfo (written there by tools/kbuild.mk) and that the loader compares
 * with its own, as Linux does, refusing a module built for another kernel.
 * Linux's is the release and the build options that change the module ABI
 * ("6.1.0 SMP preempt mod_unload modversions "); strata's names strata and
 * the one option it has, unloading.
 */
#ifndef _LINUX_VERMAGIC_H
#define _LINUX_VERMAGIC_H

#define VERMAGIC_STRING "6.1.0-strata mod_unload "

#endif /* _LINUX_VERMAGIC_H */
