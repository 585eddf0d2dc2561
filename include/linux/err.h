/* SPDX-License-Identifier: MIT */
/* <linux/err.h> for modules: ERR_PTR, PTR_ERR, IS_ERR... strata's own (lib/err.h). */
#ifndef _LINUX_ERR_H
#define _LINUX_ERR_H

#include "errno.h"
#include "lib/err.h"

#endif /* _LINUX_ERR_H */
