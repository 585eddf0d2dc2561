/* SPDX-License-Identifier: MIT */
/*
 * Host-test view of tests/host/kernel_shim.c: what the kernel code under
 * test printed, and how to clear it.
 */
#ifndef STRATA_KERNEL_SHIM_H
#define STRATA_KERNEL_SHIM_H

#include <stdbool.h>
#include <stddef.h>

extern char shim_log[];
void shim_log_clear(void);
bool shim_log_contains(const char *needle);

#endif /* STRATA_KERNEL_SHIM_H */
