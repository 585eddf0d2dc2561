// SPDX-License-Identifier: MIT
/*
 * Command-line lookup. The line is short (at most BOOTINFO_CMDLINE_MAX),
 * so every lookup simply scans it.
 */
#include "kernel/cmdline.h"
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

bool cmdline_get(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);

	for (const char *p = cmdline; *p;) {
		const char *end;

		while (*p == ' ')
			p++;
		end = p;
		while (*end && *end != ' ')
			end++;
		if (!strncmp(p, key, klen) && (p[klen] == '=' || p + klen == end)) {
			const char *v = p + klen + (p[klen] == '=');
			size_t n = (size_t)(end - v);

			if (size) {
				n = n < size - 1 ? n : size - 1;
				memcpy(buf, v, n);
				buf[n] = '\0';
			}
			return true;
		}
		p = end;
	}
	return false;
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

bool cmdline_get_u64(const char *key, u64 *val)
{
	char buf[32];

	return cmdline_get(key, buf, sizeof(buf)) && parse_u64(buf, val);
}
