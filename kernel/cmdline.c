// SPDX-License-Identifier: MIT
/*
 * Command-line lookup. The line is short (at most BOOTINFO_CMDLINE_MAX,
 * Linux's x86 COMMAND_LINE_SIZE), so every lookup simply scans it.
 *
 * Values are read with Linux's rules: booleans as kstrtobool() and bool
 * module parameters read them, numbers in decimal or 0x hex. A value that
 * is present but unusable is never ignored silently: the typed getters print
 * one warning naming the option, the value and what is used instead.
 */
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "boot/bootinfo.h"

static char cmdline[BOOTINFO_CMDLINE_MAX];

void cmdline_init(const char *s)
{
	strlcpy(cmdline, s, sizeof(cmdline));
}

const char *cmdline_get_all(void)
{
	return cmdline;
}

/*
 * The last "key" or "key=value" word wins, as in Linux, where each one
 * calls the option's handler in turn:
 *   for each word: if it is key or starts with "key=": remember its value
 */
bool cmdline_get(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *value = NULL, *value_end = NULL;

	for (const char *p = cmdline; *p;) {
		const char *end;

		while (*p == ' ')
			p++;
		end = p;
		while (*end && *end != ' ')
			end++;
		if (p < end && !strncmp(p, key, klen) && (p[klen] == '=' || p + klen == end)) {
			value = p + klen + (p[klen] == '=');
			value_end = end;
		}
		p = end;
	}
	if (!value)
		return false;
	if (size) {
		size_t n = (size_t)(value_end - value);

		if (n > size - 1)
			pr_warn("cmdline: the value of %s is %zu bytes; only the first %zu are used\n",
				key, n, size - 1);
		n = MIN(n, size - 1);
		memcpy(buf, value, n);
		buf[n] = '\0';
	}
	return true;
}

bool parse_u64(const char *s, u64 *val)
{
	unsigned int base = 10;
	u64 v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (v > (~0UL - d) / base)
			return false; /* overflow */
		v = v * base + d;
	}
	*val = v;
	return true;
}

/*
 * Linux's kstrtobool() (lib/kstrtox.c, 6.1): only the first character or
 * two count: y Y t T 1 and "on" are true; n N f F 0 and "off" are false.
 */
bool parse_bool(const char *s, bool *val)
{
	switch (s[0]) {
	case 'y':
	case 'Y':
	case 't':
	case 'T':
	case '1':
		*val = true;
		return true;
	case 'n':
	case 'N':
	case 'f':
	case 'F':
	case '0':
		*val = false;
		return true;
	case 'o':
	case 'O':
		if ((s[1] | 0x20) == 'n' || (s[1] | 0x20) == 'f') {
			*val = (s[1] | 0x20) == 'n';
			return true;
		}
		return false;
	}
	return false;
}

bool cmdline_get_u64(const char *key, u64 *val, const char *instead)
{
	char buf[32];

	if (!cmdline_get(key, buf, sizeof(buf)))
		return false;
	if (parse_u64(buf, val))
		return true;
	pr_warn("cmdline: %s=%s is not a number (decimal or 0x hex, 0 to 2^64-1); %s\n", key, buf,
		instead);
	return false;
}

bool cmdline_get_bool(const char *key, bool dflt)
{
	char buf[32];
	bool val;

	if (!cmdline_get(key, buf, sizeof(buf)))
		return dflt;
	if (!buf[0])
		return true; /* "key" alone sets it, as for Linux's bool parameters */
	if (parse_bool(buf, &val))
		return val;
	pr_warn("cmdline: %s=%s is not a boolean (1/0, y/n, on/off); using %s=%d\n", key, buf, key,
		dflt);
	return dflt;
}
