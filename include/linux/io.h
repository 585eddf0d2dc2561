/* SPDX-License-Identifier: MIT */
/* <linux/io.h> for modules: what <asm/io.h> has (virt_to_phys, phys_to_virt). */
#ifndef _LINUX_IO_H
#define _LINUX_IO_H

#include "../asm/io.h"

#endif /* _LINUX_IO_H */
