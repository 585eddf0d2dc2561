/* SPDX-License-Identifier: MIT */
/*
 * <asm/io.h> for modules: virt_to_phys() and phys_to_virt() over the direct
 * map, strata's own (mm/memlayout.h). strata maps no device memory for
 * modules: ioremap() and the port helpers are not provided.
 */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include "mm/memlayout.h"

#endif /* _ASM_IO_H */
