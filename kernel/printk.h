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
#include "lib/hexdump.h"
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
/* No level: the message gets MESSAGE_LOGLEVEL_DEFAULT. */
#define KERN_DEFAULT ""
/*
 * This message continues the line the previous one left open (it did not
 * end in '\n'), at that line's level. Without KERN_CONT, a message after an
 * open line starts a new one, as in Linux. NOTE: Linux 6.1 shows a line on
 * the console once it is complete; strata shows each part as it comes.
 */
#define KERN_CONT KERN_SOH "c"

/* The level of a message without one (Linux's CONFIG_MESSAGE_LOGLEVEL_DEFAULT). */
#define MESSAGE_LOGLEVEL_DEFAULT 4
#define CONSOLE_LOGLEVEL_DEFAULT 7 /* console shows levels 0..6 */

/*
 * Every pr_*() but pr_cont() passes its format through pr_fmt(). A file
 * that wants its messages prefixed defines pr_fmt before it includes this
 * header, as in Linux; module code usually writes
 *   #define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
 * (the module build defines KBUILD_MODNAME as the module's name).
 */
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/* A printk that prints nothing but still has its format checked. */
#define no_printk(fmt, ...)                         \
	({                                          \
		if (0)                              \
			printk(fmt, ##__VA_ARGS__); \
		0;                                  \
	})

#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)
/*
 * pr_debug() and pr_devel() print only in a file compiled with DEBUG
 * defined, as in Linux without CONFIG_DYNAMIC_DEBUG (strata has no dynamic
 * debug); KERN_DEBUG lines reach the console only with loglevel=8.
 */
#ifdef DEBUG
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif
#define pr_devel pr_debug

/*
 * printk() the first time this line runs, never again (the flag is per
 * call site); true, as Linux 6.1's printk_once() returns.
 */
#define printk_once(fmt, ...)                       \
	({                                          \
		static bool __printed_once;         \
		if (!__printed_once) {              \
			__printed_once = true;      \
			printk(fmt, ##__VA_ARGS__); \
		}                                   \
		true;                               \
	})
#define pr_err_once(fmt, ...) printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...) printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_once(fmt, ...) printk_once(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...) printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)

#define LOG_BUF_SIZE (64UL * 1024)

/*
 * The ring buffer. log_buf[i % LOG_BUF_SIZE] for i in
 * [max(0, log_next - LOG_BUF_SIZE), log_next) is the log text.
 */
extern char log_buf[LOG_BUF_SIZE];
extern u64 log_next;

/*
 * Log a message; a KERN_* prefix at the start of the formatted text (the
 * format's or an argument's, as print_hex_dump passes it) gives its level,
 * KERN_CONT continues the open line. Any context.
 */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);
/* Log text exactly as given: no level, no timestamp (KTAP output, the shell). */
int printk_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Set the console log level: messages with level < this are shown. */
void console_set_loglevel(int level);
/*
 * Write n bytes to the console, not to the log, under the printk lock, so
 * one writer's bytes never interleave with another's: the shell's prompt on
 * one CPU, a process's write() on another. Any context.
 */
void console_write(const char *s, size_t n);
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
/*
 * Print buf[0, len) to the log at level (a KERN_* string), one row of
 * rowsize bytes a line as hex_dump_to_buffer() formats it (lib/hexdump.h),
 * each row after prefix_str and, by prefix_type, its address or offset
 * (DUMP_PREFIX_*). Any context. kernel/hexdump.c.
 */
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii);
/*
 * The debug-level dumps: print_hex_dump() at KERN_DEBUG in a file compiled
 * with DEBUG, else nothing (as pr_debug()). print_hex_dump_bytes() is the
 * short form: 16-byte rows of single bytes, with ASCII.
 */
#ifdef DEBUG
#define print_hex_dump_debug(prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii) \
	print_hex_dump(KERN_DEBUG, prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii)
#else
static inline void print_hex_dump_debug(const char *prefix_str, int prefix_type, int rowsize,
					int groupsize, const void *buf, size_t len, bool ascii)
{
	(void)prefix_str, (void)prefix_type, (void)rowsize, (void)groupsize;
	(void)buf, (void)len, (void)ascii;
}
#endif
#define print_hex_dump_bytes(prefix_str, prefix_type, buf, len) \
	print_hex_dump_debug(prefix_str, prefix_type, 16, 1, buf, len, true)

/* Microseconds since boot from the TSC, 0 before tsc_calibrate(). */
u64 uptime_us(void);

#endif /* STRATA_PRINTK_H */
