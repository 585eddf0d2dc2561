/* SPDX-License-Identifier: MIT */
/*
 * The stack protector's canary. With -fstack-protector-strong (the
 * sanitized build, make san) GCC puts __stack_chk_guard between a function's
 * arrays and its saved frame pointer and return address, and calls
 * __stack_chk_fail() if the copy differs on return. See kernel/stack_protector.c.
 */
#ifndef STRATA_STACK_PROTECTOR_H
#define STRATA_STACK_PROTECTOR_H

/*
 * Choose the canary: RDRAND if the CPU has it, else the TSC. Call first in
 * kmain(): a protected function that is running while the canary changes
 * would fail its check on return. kmain() itself never returns.
 */
void stack_protector_init(void);

#endif /* STRATA_STACK_PROTECTOR_H */
