/* SPDX-License-Identifier: MIT */
/* What modtest's two files share. */
#ifndef MODTEST_H
#define MODTEST_H

/* Allocate from each allocator and free it all again; leak each if leak. */
int modtest_allocate(bool leak);

#endif
