// SPDX-License-Identifier: MIT
/*
 * The multiboot1 / multiboot2 boot information parser.
 *
 * Owns the only code that knows either information layout (multiboot
 * specification 0.6.96 section 3.3; multiboot2 specification 2.0 section
 * 3.6). It copies what strata needs into struct bootinfo (boot/bootinfo.h)
 * and nothing after it knows which loader ran; mm/memmap.c interprets the
 * memory map it copies.
 *
 * Safety invariant: loader memory is reached only through phys_to_ptr(pa,
 * len), and every read lies inside a range obtained that way and checked
 * against the sizes the structure itself declares. Fields are read a byte at
 * a time (rd32/rd64), since multiboot1 memory map entries are packed at
 * unaligned offsets. Nothing is written to loader memory.
 */
#include "boot/multiboot.h"

#include "lib/errno.h"
#include "lib/string.h"

/* Multiboot1 information structure: byte offsets of the fields we read. */
#define MB1_FLAGS 0
#define MB1_MEM_LOWER 4 /* KiB of RAM from 0 */
#define MB1_MEM_UPPER 8 /* KiB of RAM from 1 MiB */
#define MB1_CMDLINE 16	/* physical address of a C string */
#define MB1_MODS_COUNT 20
#define MB1_MODS_ADDR 24   /* array of MB1_MOD_SIZE-byte module entries */
#define MB1_MMAP_LENGTH 44 /* bytes in the memory map buffer */
#define MB1_MMAP_ADDR 48
#define MB1_LOADER_NAME 64 /* physical address of a C string */
/*
 * The fixed structure through the VBE fields. The framebuffer fields after
 * them (to 116 bytes, flag bit 12) are not read, and QEMU's -kernel loader
 * provides only these 88 bytes (its MBI_SIZE), so nothing past them is
 * touched or counted in the info hull.
 */
#define MB1_INFO_SIZE 88

/* Multiboot1 flags: which fields above are valid. */
#define MB1_FLAG_MEM (1u << 0)
#define MB1_FLAG_CMDLINE (1u << 2)
#define MB1_FLAG_MODS (1u << 3)
#define MB1_FLAG_MMAP (1u << 6)
#define MB1_FLAG_LOADER_NAME (1u << 9)

/* Module entry: u32 mod_start, mod_end, string, reserved. */
#define MB1_MOD_SIZE 16
/* Memory map entry: u32 size, then size bytes: u64 addr, u64 len, u32 type. */
#define MB1_MMAP_ENTRY_MIN 20

/* Multiboot2: u32 total_size, u32 reserved, then 8-byte aligned tags. */
#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1	/* u32 type, u32 size, C string */
#define MB2_TAG_LOADER_NAME 2	/* u32 type, u32 size, C string */
#define MB2_TAG_MODULE 3	/* + u32 mod_start, u32 mod_end, C string */
#define MB2_TAG_BASIC_MEMINFO 4 /* + u32 mem_lower, u32 mem_upper (KiB) */
#define MB2_TAG_MMAP 6		/* + u32 entry_size, u32 entry_version, entries */
#define MB2_TAG_EFI32 11	/* + u32 EFI system table address */
#define MB2_TAG_EFI64 12	/* + u64 EFI system table address */
#define MB2_TAG_ACPI_OLD 14	/* + a copy of the ACPI 1.0 RSDP */
#define MB2_TAG_ACPI_NEW 15	/* + a copy of the ACPI 2.0+ RSDP */
#define MB2_TAG_EFI_MMAP 17	/* + u32 descr_size, u32 descr_vers, descriptors */
#define MB2_TAG_HDR 8
#define MB2_MMAP_ENTRY_MIN 24 /* u64 addr, u64 len, u32 type, u32 reserved */

/*
 * Sanity bounds on loader-declared sizes, far above what GRUB produces, so
 * that a corrupt size is refused instead of being walked.
 */
#define MB2_INFO_MIN 16 /* fixed part plus the end tag */
#define MB2_INFO_MAX (1 * MiB)
#define MB1_MMAP_MAX (64 * KiB)
#define MB1_MODS_MAX 1024
/* Longest multiboot1 string, NUL included: a file name (PATH_MAX) and a line. */
#define MB_STRING_MAX (4096 + BOOTINFO_CMDLINE_MAX)

static u32 rd32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 rd64(const u8 *p)
{
	return (u64)rd32(p) | (u64)rd32(p + 4) << 32;
}

/* Grow the info hull to cover [start, end). */
static void info_extend(struct bootinfo *bi, u64 start, u64 end)
{
	bi->info.start = MIN(bi->info.start, start);
	bi->info.end = MAX(bi->info.end, end);
}

/* Append one memory map entry, or note that the table overflowed. */
static void mmap_append(struct bootinfo *bi, u64 addr, u64 len, u32 type)
{
	if (bi->nr_mmap == BOOTINFO_MAX_MMAP) {
		bi->mmap_truncated = true;
		return;
	}
	bi->mmap[bi->nr_mmap].addr = addr;
	bi->mmap[bi->nr_mmap].len = len;
	bi->mmap[bi->nr_mmap].type = type;
	bi->nr_mmap++;
}

/*
 * Copy the C string in buf[0..len) into dst[size], truncating to fit.
 * Returns its length including the NUL, or -EINVAL if buf holds no NUL.
 */
static s64 string_copy(const u8 *buf, u64 len, char *dst, u32 size)
{
	for (u64 i = 0; i < len; i++) {
		if (i + 1 < size)
			dst[i] = (char)buf[i];
		if (buf[i] == 0) {
			dst[MIN(i, (u64)size - 1)] = '\0';
			return (s64)(i + 1);
		}
	}
	return -EINVAL;
}

/*
 * Append one module [start, end) and its string str[0, len) (NULL: none);
 * -EINVAL if end < start or the string has no NUL.
 */
static int module_append(struct bootinfo *bi, u32 start, u32 end, const u8 *str, u64 len)
{
	if (end < start)
		return -EINVAL;
	if (bi->nr_modules < BOOTINFO_MAX_MODULES) {
		char *dst = bi->module_string[bi->nr_modules];

		dst[0] = '\0';
		if (str && string_copy(str, len, dst, BOOTINFO_MODULE_STRING_MAX) < 0)
			return -EINVAL;
		bi->modules[bi->nr_modules].start = start;
		bi->modules[bi->nr_modules].end = end;
		bi->nr_modules++;
	} else {
		bi->nr_modules_ignored++;
	}
	return 0;
}

/* The mem_lower / mem_upper fallback: RAM at 0 and at 1 MiB, sizes in KiB. */
static void mmap_from_meminfo(struct bootinfo *bi, u32 lower_kib, u32 upper_kib)
{
	if (lower_kib)
		mmap_append(bi, 0, (u64)lower_kib * KiB, BOOT_MEM_USABLE);
	if (upper_kib)
		mmap_append(bi, 1 * MiB, (u64)upper_kib * KiB, BOOT_MEM_USABLE);
}

/*
 * The length of the first word of the NUL-terminated s and the spaces after
 * it: what to skip to drop the kernel's file name from a command line.
 */
static u64 image_name_len(const u8 *s)
{
	u64 n = 0;

	while (s[n] && s[n] != ' ')
		n++;
	while (s[n] == ' ')
		n++;
	return n;
}

/*
 * Store the command line buf[0..len) (NUL-terminated) in bi, without its
 * first word if drop_name: into bi->cmdline, truncated to fit, with its
 * untruncated length in bi->cmdline_len. Returns 0 or -EINVAL (no NUL).
 */
static int cmdline_store(struct bootinfo *bi, const u8 *buf, u64 len, bool drop_name)
{
	u64 skip = drop_name ? image_name_len(buf) : 0;
	s64 n = string_copy(buf + skip, len - skip, bi->cmdline, sizeof(bi->cmdline));

	if (n < 0)
		return (int)n;
	bi->cmdline_len = (u32)(n - 1);
	return 0;
}

/*
 * Multiboot1 strings have no declared length: map one byte at a time until
 * the NUL, giving up after MB_STRING_MAX. Returns the length including the
 * NUL, -EFAULT or -EINVAL; extends the info hull over the string.
 */
static s64 mb1_strlen(const void *(*p2p)(u64 pa, u64 len), u64 pa, struct bootinfo *bi)
{
	for (u64 i = 0; i < MB_STRING_MAX; i++) {
		const u8 *c = p2p(pa + i, 1);

		if (!c)
			return -EFAULT;
		if (*c == 0) {
			info_extend(bi, pa, pa + i + 1);
			return (s64)(i + 1);
		}
	}
	return -EINVAL;
}

/*
 * A multiboot1 string at pa: its length, then the whole of it mapped at
 * once into *s. Returns its length including the NUL, -EFAULT or -EINVAL.
 */
static s64 mb1_string(const void *(*p2p)(u64 pa, u64 len), u64 pa, const u8 **s,
		      struct bootinfo *bi)
{
	s64 len = mb1_strlen(p2p, pa, bi);

	if (len < 0)
		return len;
	*s = p2p(pa, (u64)len);
	return *s ? len : -EFAULT;
}

/* One multiboot1 module entry: u32 start, end, string (0: none), reserved. */
static int mb1_module(const void *(*p2p)(u64 pa, u64 len), const u8 *mod, struct bootinfo *bi)
{
	const u8 *str = NULL;
	s64 len = 0;

	if (rd32(mod + 8)) {
		len = mb1_string(p2p, rd32(mod + 8), &str, bi);
		if (len < 0)
			return (int)len;
	}
	return module_append(bi, rd32(mod), rd32(mod + 4), str, (u64)len);
}

/*
 * Multiboot1 memory map: entries of (u32 size, size bytes), where size does
 * not count itself, packed back to back over len bytes:
 *   off = 0
 *   while off < len: need 4 bytes for size, size >= 20, and 4 + size bytes
 *                    left; read addr, len, type; off += 4 + size
 */
static int mb1_mmap(const void *(*p2p)(u64 pa, u64 len), u64 pa, u64 len, struct bootinfo *bi)
{
	const u8 *m;
	u64 off = 0;

	if (len == 0)
		return 0;
	if (len > MB1_MMAP_MAX)
		return -EINVAL;
	m = p2p(pa, len);
	if (!m)
		return -EFAULT;
	while (off < len) {
		u32 size;

		if (len - off < 4)
			return -EINVAL;
		size = rd32(m + off);
		if (size < MB1_MMAP_ENTRY_MIN || size > len - off - 4)
			return -EINVAL;
		mmap_append(bi, rd64(m + off + 4), rd64(m + off + 12), rd32(m + off + 20));
		off += 4 + (u64)size;
	}
	info_extend(bi, pa, pa + len);
	return 0;
}

/*
 * Whether a multiboot 1 command line starts with the kernel's file name.
 * QEMU's -kernel puts it there (hw/i386/multiboot.c joins "file args" and
 * names the loader "qemu"); GRUB 2 passes only the arguments, for multiboot
 * 1 and 2 alike (grub-core/loader/multiboot.c skips argv[0]), so its first
 * word is an option and is kept. A first word that is an absolute path is
 * taken as a file name whatever the loader: no option starts with '/'.
 */
static bool mb1_has_image_name(const struct bootinfo *bi, const u8 *cmdline)
{
	return !strcmp(bi->loader_name, "qemu") || cmdline[0] == '/';
}

static int mb1_parse(u64 info_pa, const void *(*p2p)(u64 pa, u64 len), struct bootinfo *bi)
{
	const u8 *info = p2p(info_pa, MB1_INFO_SIZE);
	const u8 *s;
	u32 flags;
	s64 len;
	int ret;

	if (!info)
		return -EFAULT;
	bi->protocol = "multiboot1";
	bi->info.start = info_pa;
	bi->info.end = info_pa + MB1_INFO_SIZE;
	flags = rd32(info + MB1_FLAGS);

	/* The loader's name first: it tells how to read the command line. */
	if (flags & MB1_FLAG_LOADER_NAME) {
		len = mb1_string(p2p, rd32(info + MB1_LOADER_NAME), &s, bi);
		if (len < 0)
			return (int)len;
		string_copy(s, (u64)len, bi->loader_name, sizeof(bi->loader_name));
	}
	if (flags & MB1_FLAG_CMDLINE) {
		len = mb1_string(p2p, rd32(info + MB1_CMDLINE), &s, bi);
		if (len < 0)
			return (int)len;
		cmdline_store(bi, s, (u64)len, mb1_has_image_name(bi, s));
	}
	if (flags & MB1_FLAG_MODS) {
		u32 count = rd32(info + MB1_MODS_COUNT);
		u64 pa = rd32(info + MB1_MODS_ADDR);
		const u8 *mods;

		if (count > MB1_MODS_MAX)
			return -EINVAL;
		if (count) {
			mods = p2p(pa, (u64)count * MB1_MOD_SIZE);
			if (!mods)
				return -EFAULT;
			for (u32 i = 0; i < count; i++) {
				ret = mb1_module(p2p, mods + (u64)i * MB1_MOD_SIZE, bi);
				if (ret)
					return ret;
			}
			info_extend(bi, pa, pa + (u64)count * MB1_MOD_SIZE);
		}
	}
	if (flags & MB1_FLAG_MMAP) {
		ret = mb1_mmap(p2p, rd32(info + MB1_MMAP_ADDR), rd32(info + MB1_MMAP_LENGTH), bi);
		if (ret)
			return ret;
	}
	if (bi->nr_mmap == 0 && (flags & MB1_FLAG_MEM))
		mmap_from_meminfo(bi, rd32(info + MB1_MEM_LOWER), rd32(info + MB1_MEM_UPPER));
	return 0;
}

/* The multiboot2 memory map tag t[0..size), size already >= 16. */
static int mb2_mmap(const u8 *t, u32 size, struct bootinfo *bi)
{
	u32 entry_size = rd32(t + 8);

	if (entry_size < MB2_MMAP_ENTRY_MIN)
		return -EINVAL;
	/* entry_version (t + 12) is 0; later versions only append fields. */
	for (u64 off = 16; size - off >= entry_size; off += entry_size)
		mmap_append(bi, rd64(t + off), rd64(t + off + 8), rd32(t + off + 16));
	return 0;
}

/*
 * Multiboot2: map total_size bytes once, then walk the tags inside them:
 *   off = 8
 *   loop: need 8 bytes for a tag header; 8 <= size <= total - off
 *         end tag -> done; known tag -> check its own minimum size, parse
 *         off += align_up(size, 8), which must stay <= total
 *   running out of bytes before the end tag is malformed.
 */
static int mb2_parse(u64 info_pa, const void *(*p2p)(u64 pa, u64 len), struct bootinfo *bi)
{
	const u8 *hdr, *base;
	u32 total, lower_kib = 0, upper_kib = 0;
	bool have_meminfo = false;
	u64 off = 8;
	int ret = 0;

	if (!IS_ALIGNED(info_pa, 8))
		return -EINVAL;
	hdr = p2p(info_pa, 8);
	if (!hdr)
		return -EFAULT;
	total = rd32(hdr);
	if (total < MB2_INFO_MIN || total > MB2_INFO_MAX)
		return -EINVAL;
	base = p2p(info_pa, total);
	if (!base)
		return -EFAULT;
	bi->protocol = "multiboot2";
	bi->info.start = info_pa;
	bi->info.end = info_pa + total;

	for (;;) {
		const u8 *t = base + off;
		u32 type, size;
		s64 len;

		if (total - off < MB2_TAG_HDR)
			return -EINVAL;
		type = rd32(t);
		size = rd32(t + 4);
		if (size < MB2_TAG_HDR || size > total - off)
			return -EINVAL;

		switch (type) {
		case MB2_TAG_END:
			goto out_done;
		case MB2_TAG_CMDLINE:
			/* GRUB 2 gives only the arguments: nothing to drop. */
			ret = cmdline_store(bi, t + 8, size - 8, false);
			break;
		case MB2_TAG_LOADER_NAME:
			len = string_copy(t + 8, size - 8, bi->loader_name,
					  sizeof(bi->loader_name));
			ret = len < 0 ? (int)len : 0;
			break;
		case MB2_TAG_MODULE:
			if (size < 16)
				return -EINVAL;
			ret = module_append(bi, rd32(t + 8), rd32(t + 12),
					    size > 16 ? t + 16 : NULL, size - 16);
			break;
		case MB2_TAG_BASIC_MEMINFO:
			if (size < 16)
				return -EINVAL;
			have_meminfo = true;
			lower_kib = rd32(t + 8);
			upper_kib = rd32(t + 12);
			break;
		case MB2_TAG_MMAP:
			if (size < 16)
				return -EINVAL;
			ret = mb2_mmap(t, size, bi);
			break;
		case MB2_TAG_EFI32:
			if (size < 12)
				return -EINVAL;
			bi->efi_systab = rd32(t + 8);
			break;
		case MB2_TAG_EFI64:
			if (size < 16)
				return -EINVAL;
			bi->efi_systab = rd64(t + 8);
			break;
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			/* The newer copy wins, whichever order the tags come in. */
			if (type == MB2_TAG_ACPI_OLD && bi->acpi_rsdp_new)
				break;
			bi->acpi_rsdp_new = type == MB2_TAG_ACPI_NEW;
			bi->acpi_rsdp_len = MIN(size - 8, (u32)BOOTINFO_RSDP_MAX);
			memcpy(bi->acpi_rsdp, t + 8, bi->acpi_rsdp_len);
			break;
		case MB2_TAG_EFI_MMAP:
			/* Only counted: the E820-style tag 6 is what strata uses. */
			if (size < 16 || rd32(t + 8) == 0)
				return -EINVAL;
			bi->nr_efi_mmap = (size - 16) / rd32(t + 8);
			break;
		default:
			break; /* tags strata does not use */
		}
		if (ret)
			return ret;
		if (ALIGN_UP((u64)size, 8) > total - off)
			return -EINVAL;
		off += ALIGN_UP((u64)size, 8);
	}
out_done:
	if (bi->nr_mmap == 0 && have_meminfo)
		mmap_from_meminfo(bi, lower_kib, upper_kib);
	return 0;
}

int bootinfo_parse(u32 magic, u64 info_pa, const void *(*phys_to_ptr)(u64 pa, u64 len),
		   struct bootinfo *bi)
{
	memset(bi, 0, sizeof(*bi));
	switch (magic) {
	case MULTIBOOT1_BOOTLOADER_MAGIC:
		return mb1_parse(info_pa, phys_to_ptr, bi);
	case MULTIBOOT2_BOOTLOADER_MAGIC:
		return mb2_parse(info_pa, phys_to_ptr, bi);
	default:
		return -EINVAL;
	}
}
