/* SPDX-License-Identifier: MIT */
/*
 * printk(): the kernel log, with Linux's log levels and message prefixes.
 *
 * Every message goes into a ring buffer (log_buf, read by `dmesg` and by the
 * GDB command strata-dmesg) and, if its level is below the console log
 * level, to the serial console, each line stamped "[seconds.micros]" from
 * the TSC.
 */
#ifndef STRATA_PRINTK_H
#define STRATA_PRINTK_H

#include <stdarg.h>
#include "lib/types.h"

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"

#define LOGLEVEL_DEFAULT 6	   /* level of a message without a prefix */
#define CONSOLE_LOGLEVEL_DEFAULT 7 /* console shows levels 0..6 */

#define pr_emerg(fmt, ...) printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG fmt, ##__VA_ARGS__)

#define LOG_BUF_SIZE (64UL * 1024)

/*
 * The ring buffer. log_buf[i % LOG_BUF_SIZE] for i in
 * [max(0, log_next - LOG_BUF_SIZE), log_next) is the log text.
 */
extern char log_buf[LOG_BUF_SIZE];
extern u64 log_next;

/* Log a message; an optional KERN_* prefix gives its level. Any context. */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);
/* Log text exactly as given: no level, no timestamp (KTAP output, the shell). */
int printk_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Set the console log level: messages with level < this are shown. */
void console_set_loglevel(int level);
/*
 * Copy the log to the console (the `dmesg` command): all of it, or once the
 * ring has wrapped, from the first whole line it still holds.
 */
void log_buf_dump(void);
/*
 * Where a dump of the ring buf[size] holding text [0, next) starts: 0 until
 * it wraps, then just after the first '\n' still in it (a stream position,
 * read as buf[i % size]).
 */
u64 log_first_line(const char *buf, u64 size, u64 next);
/* Microseconds since boot from the TSC, 0 before tsc_calibrate(). */
u64 uptime_us(void);

#endif /* STRATA_PRINTK_H */
