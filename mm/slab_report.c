// SPDX-License-Identifier: MIT
/*
 * The slab allocator's reports, in the shape of Linux 6.1's (mm/slub.c:
 * slab_bug(), print_trailer(), check_bytes_and_report(), slab_fix()):
 *
 *   =============================================================================
 *   BUG <cache>: <what>, e.g. "Poison overwritten"
 *   -----------------------------------------------------------------------------
 *   0x<first bad>-0x<last bad> @offset=<in the slab>. First byte 0x42 instead of 0x6b
 *   Allocated in <caller> / Freed in <caller>         (SLAB_STORE_USER caches)
 *   Slab pfn 0x<pfn> objects=<n> used=<n> fp=0x<first free> flags=0x<page flags>
 *   Object 0x<object> @offset=<in the slab> fp=0x<decoded free pointer>
 *   Redzone / Object / Redzone / Padding: hex dumps of the object's slot
 *   Call Trace: ...
 *   FIX <cache>: Restoring Poison 0x<first>-0x<last>=0x6b
 *
 * Where strata differs on purpose: the BUG line has no "(Tainted: ...)"
 * (strata keeps no taint), pointers are printed plainly (Linux hashes %p
 * unless booted with no_hash_pointers), the track has no age, CPU or pid,
 * and a report about a misuse names its caller ("caller: ..."). Every report
 * counts in s->reports. The checks that call these live in mm/slab_debug.c
 * and mm/slab.c.
 */
#include <stdarg.h>
#include "mm/slab_internal.h"
#include "kernel/backtrace.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* The header of every report: Linux's slab_bug(). */
static void slab_bug(struct kmem_cache *s, const char *msg)
{
	s->reports++;
	pr_err("=============================================================================\n");
	pr_err("BUG %s: %s\n", s->name, msg);
	pr_err("-----------------------------------------------------------------------------\n");
}

/* "FIX <cache>: what was done about it", Linux's slab_fix(). */
void slab_fix(struct kmem_cache *s, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("FIX %s: %s\n", s->name, msg);
}

/* len bytes at addr, 16 a line: "<text><address>: xx xx ..  <ascii>" (print_hex_dump()). */
static void print_section(const char *text, const u8 *addr, size_t len)
{
	for (size_t off = 0; off < len; off += 16) {
		char line[128];
		int n = snprintf(line, sizeof(line), "%s%p: ", text, addr + off);

		for (size_t i = off; i < off + 16 && i < len; i++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, "%02x ", addr[i]);
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%*s",
			      (int)(off + 16 > len ? 3 * (off + 16 - len) + 1 : 1), "");
		for (size_t i = off; i < off + 16 && i < len; i++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, "%c",
				      addr[i] >= 0x20 && addr[i] < 0x7f ? addr[i] : '.');
		pr_err("%s\n", line);
	}
}

/* The slab line: Linux's print_slab_info(). */
static void print_slab_info(const struct page *head)
{
	pr_err("Slab pfn %#llx objects=%u used=%u fp=0x%p flags=%#x\n",
	       (unsigned long long)page_to_pfn(head), head->objects, head->inuse, head->freelist,
	       head->flags);
}

/*
 * Everything about object p of the slab at head: its callers, the slab,
 * the object, its slot's bytes (Linux's print_trailer(), without the stack).
 */
static void print_trailer(struct kmem_cache *s, struct page *head, u8 *p)
{
	u8 *slab = page_address(head);
	size_t off = s->inuse + ((s->flags & SLAB_STORE_USER) ? sizeof(struct slab_track) : 0);
	size_t slot_end = s->size - s->red_left_pad;

	if ((s->flags & SLAB_STORE_USER) && object_track(s, p)->alloc_caller)
		pr_err("Allocated in %pS\n", (void *)object_track(s, p)->alloc_caller);
	if ((s->flags & SLAB_STORE_USER) && object_track(s, p)->free_caller)
		pr_err("Freed in %pS\n", (void *)object_track(s, p)->free_caller);
	print_slab_info(head);
	pr_err("Object 0x%p @offset=%lu fp=0x%p\n", p, (unsigned long)(p - slab),
	       freeptr_get(s, p));
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p >= slab + 16)
		print_section("Bytes b4 ", p - 16, 16);
	print_section("Object   ", p, MIN(s->object_size, (unsigned int)PAGE_SIZE));
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p + s->object_size, s->offset - s->object_size);
	if (off < slot_end)
		print_section("Padding  ", p + off, slot_end - off);
}

/* The slab head holding obj if obj is an object start of cache s, else NULL. */
static struct page *object_slab(struct kmem_cache *s, const void *obj)
{
	struct page *head = obj ? slab_of(obj) : NULL;

	return head && head->slab_cache == s && slab_object_valid(s, head, obj) ? head : NULL;
}

void slab_report(struct kmem_cache *s, const void *obj, u64 caller, const char *fmt, ...)
{
	struct page *head = object_slab(s, obj);
	char msg[240];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	slab_bug(s, msg);
	if (head)
		print_trailer(s, head, (u8 *)obj);
	if (caller)
		pr_err("caller: %pS\n", (void *)caller);
	dump_stack();
}

/*
 * Linux's check_bytes_and_report():
 *   fault = first of len bytes at start != value; none: intact, return true
 *   end = just after the last byte != value
 *   report "<what> overwritten", fault..end-1 and the first byte, the object
 *   restore fault..end-1 to value (FIX line); return false
 * obj is the object the bytes belong to, or NULL for a slab's padding.
 */
bool slab_check_bytes(struct kmem_cache *s, u8 *obj, const char *what, u8 *start, size_t len,
		      u8 value)
{
	u8 *fault = start, *end = start + len;
	struct page *head;
	char msg[64];

	while (fault < end && *fault == value)
		fault++;
	if (fault == end)
		return true;
	head = slab_of(start);
	while (end[-1] == value)
		end--;
	snprintf(msg, sizeof(msg), "%s overwritten", what);
	slab_bug(s, msg);
	pr_err("0x%p-0x%p @offset=%lu. First byte 0x%x instead of 0x%x\n", fault, end - 1,
	       (unsigned long)(fault - (u8 *)page_address(head)), *fault, value);
	if (obj) {
		print_trailer(s, head, obj);
	} else {
		print_slab_info(head);
		print_section("Padding  ", start, len);
	}
	dump_stack();
	slab_fix(s, "Restoring %s 0x%p-0x%p=0x%x", what, fault, end - 1, value);
	__memset(fault, value, (size_t)(end - fault));
	return false;
}

bool slab_describe_object(u64 addr, u64 *object, char *buf, size_t size)
{
	struct page *head = slab_of((const void *)addr);
	struct kmem_cache *s;
	u8 *first, *obj;
	u64 idx;
	long off;
	int n;

	if (!head)
		return false;
	s = head->slab_cache;
	first = slab_first_object(s, head);
	idx = addr < (u64)first ? 0 : (addr - (u64)first) / s->size;
	if (idx >= s->objects)
		idx = s->objects - 1;
	obj = first + idx * s->size;
	*object = (u64)obj;
	off = (long)(addr - (u64)obj);
	if (off < 0)
		n = snprintf(buf, size, "The buggy address is %ld bytes to the left of", -off);
	else if ((u64)off >= s->object_size)
		n = snprintf(buf, size, "The buggy address is %ld bytes to the right of",
			     off - (long)s->object_size);
	else
		n = snprintf(buf, size, "The buggy address is %ld bytes inside", off);
	n += snprintf(buf + n, size - (size_t)n, " the %u-byte object at %p of cache %s",
		      s->object_size, obj, s->name);
	if (s->flags & SLAB_STORE_USER)
		snprintf(buf + n, size - (size_t)n, "\nallocated by %pS, freed by %pS",
			 (void *)object_track(s, obj)->alloc_caller,
			 (void *)object_track(s, obj)->free_caller);
	return true;
}
