/* SPDX-License-Identifier: MIT */
/*
 * The undefined-behaviour sanitizer's kernel side. In the sanitized build
 * (make san: -fsanitize=undefined, see docs/hardening.md) GCC calls the
 * __ubsan_handle_* entry points of kernel/ubsan.c wherever a check fails;
 * they print one "UBSAN: <kind> in <file>:<line>:<col>" report and panic.
 * In the ordinary build nothing calls them.
 */
#ifndef STRATA_UBSAN_H
#define STRATA_UBSAN_H

/*
 * For a function that raises a CPU exception on purpose (a test's NULL read
 * or divide by zero): there the exception is the point, so the sanitizer
 * must not report the same operation first.
 */
#define __no_ubsan __attribute__((no_sanitize("undefined")))

#endif /* STRATA_UBSAN_H */
