/* SPDX-License-Identifier: MIT */
/*
 * <linux/mmzone.h> for modules: the zones (ZONE_DMA, ZONE_DMA32,
 * ZONE_NORMAL) and MAX_ORDER, strata's own (mm/mmzone.h, mm/gfp.h).
 * NOTE: strata's MAX_ORDER is the largest order, 10, as Linux 6.4 and later
 * define it; in Linux 6.1 MAX_ORDER is 11, one past the largest order. A
 * loop "order < MAX_ORDER" written for 6.1 stops one order short here.
 */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include "mm/gfp.h"
#include "mm/mmzone.h"

#endif /* _LINUX_MMZONE_H */
