// SPDX-License-Identifier: MIT
/*
 * printk and the kernel log buffer. A message is formatted into a line
 * buffer, then copied to the ring and the console one character at a time
 * with interrupts off and the printk lock held, so neither a handler's
 * printk nor another CPU's can land inside another message.
 *
 * The printk lock is a CPU number (printk_cpu), not a spinlock_t: the CPU
 * that holds it may take it again without waiting, as Linux 6.1's
 * printk_cpu_sync_get_irqsave() does, because a report raised while it
 * prints (a fault in a %p argument's symbol lookup, lock debugging's
 * reports, a panic) prints too. It is a leaf: nothing else is taken under
 * it. The console is polled (arch/x86_64/serial.c waits for the UART by
 * reading its status), so printing with interrupts off and any lock held
 * is safe, only slow.
 */
#include "kernel/printk.h"
#include "lib/vsprintf.h"
#include "kernel/tsc.h"
#include "arch/x86_64/cmpxchg.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/serial.h"
#include "kernel/smp.h"

char log_buf[LOG_BUF_SIZE];
u64 log_next;

static int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
static bool at_line_start = true; /* the next character starts a line */
/* The level of the line a printk() left open (no '\n' yet), or -1 if none is. */
static int open_level = -1;

/* The CPU holding the printk lock, or -1; cmpxchg to take, a store to drop. */
static int printk_cpu = -1;

/*
 * Interrupts off, then the printk lock; true if this call took it, false
 * if this CPU already held it (a nested report). Pass both to printk_unlock().
 */
static bool printk_lock(unsigned long *flags)
{
	int me = smp_processor_id();

	local_irq_save(*flags);
	for (;;) {
		int old = -1;

		if (try_cmpxchg(&printk_cpu, &old, me))
			return true;
		if (old == me)
			return false;
		cpu_relax();
	}
}

static void printk_unlock(bool took, unsigned long flags)
{
	if (took)
		__atomic_store_n(&printk_cpu, -1, __ATOMIC_RELEASE);
	local_irq_restore(flags);
}

void console_set_loglevel(int level)
{
	console_loglevel = level;
}

u64 uptime_us(void)
{
	return tsc_to_us(tsc_since_boot());
}

static void log_emit(const char *s, size_t n, bool to_console)
{
	for (size_t i = 0; i < n; i++) {
		log_buf[log_next % LOG_BUF_SIZE] = s[i];
		log_next++;
	}
	if (to_console)
		serial_write(s, n);
}

/* Emit text, stamping each line that starts here with the uptime. */
static void log_emit_stamped(const char *s, size_t n, bool to_console)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		if (at_line_start) {
			char stamp[24];
			u64 us = uptime_us();
			int len = snprintf(stamp, sizeof(stamp), "[%5llu.%06llu] ",
					   (unsigned long long)(us / 1000000),
					   (unsigned long long)(us % 1000000));

			log_emit(stamp, (size_t)len, to_console);
			at_line_start = false;
		}
		if (s[i] == '\n') {
			log_emit(s + start, i + 1 - start, to_console);
			start = i + 1;
			at_line_start = true;
		}
	}
	if (start < n) {
		if (at_line_start)
			return log_emit_stamped(s + start, n - start, to_console);
		log_emit(s + start, n - start, to_console);
	}
}

/*
 * Read the KERN_* prefixes at the start of text: a level digit sets *level,
 * 'c' (KERN_CONT) sets *cont. Returns the text after them.
 */
static const char *printk_parse_prefix(const char *text, int *level, bool *cont)
{
	for (; text[0] == KERN_SOH[0]; text += 2) {
		if (text[1] >= '0' && text[1] <= '7')
			*level = text[1] - '0';
		else if (text[1] == 'c')
			*cont = true;
		else
			break;
	}
	return text;
}

/*
 * The rule for lines, as in Linux:
 *   KERN_CONT and a line is open   append to it, at its level
 *   otherwise                      end the open line (if any) with '\n',
 *                                  start a new one at the message's level
 *   the text does not end in '\n'  the line stays open
 */
int vprintk(const char *fmt, va_list ap)
{
	char line[512];
	const char *text;
	int level = -1;
	bool cont = false, took;
	unsigned long flags;
	int n;

	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	text = printk_parse_prefix(line, &level, &cont);
	n -= (int)(text - line);
	took = printk_lock(&flags);
	if (cont && open_level >= 0) {
		level = open_level;
	} else {
		if (open_level >= 0)
			log_emit_stamped("\n", 1, open_level < console_loglevel);
		open_level = -1;
		if (level < 0)
			level = MESSAGE_LOGLEVEL_DEFAULT;
	}
	log_emit_stamped(text, (size_t)n, level < console_loglevel);
	if (n > 0)
		open_level = text[n - 1] == '\n' ? -1 : level;
	printk_unlock(took, flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int printk_raw(const char *fmt, ...)
{
	char line[512];
	unsigned long flags;
	va_list ap;
	bool took;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	took = printk_lock(&flags);
	log_emit(line, (size_t)n, true);
	open_level = -1; /* raw text is no printk() line to continue */
	if (n > 0)
		at_line_start = line[n - 1] == '\n';
	printk_unlock(took, flags);
	return n;
}

u64 log_first_line(const char *buf, u64 size, u64 next)
{
	u64 first;

	if (next <= size)
		return 0;
	/* Wrapped: the oldest byte is likely mid-line; start after its end. */
	for (first = next - size; first < next; first++)
		if (buf[first % size] == '\n')
			return first + 1;
	return next - size; /* one line longer than the ring: all of it */
}

void console_write(const char *s, size_t n)
{
	unsigned long flags;
	bool took = printk_lock(&flags);

	serial_write(s, n);
	printk_unlock(took, flags);
}

void log_buf_dump(void)
{
	unsigned long flags;
	bool took = printk_lock(&flags); /* the ring stays still while it is copied out */

	for (u64 i = log_first_line(log_buf, LOG_BUF_SIZE, log_next); i < log_next; i++)
		serial_putc(log_buf[i % LOG_BUF_SIZE]);
	printk_unlock(took, flags);
}
