// SPDX-License-Identifier: MIT
/*
 * Module parameters: `insmod NAME count=5 who=you` sets the module's
 * variables that module_param() declared (include/linux/moduleparam.h),
 * after relocation and before its init runs, as Linux's parse_args() does
 * (kernel/params.c, 6.1). Numbers are decimal or 0x hex, with a '-' for
 * the signed types; bool takes kstrtobool's words (1/0, y/n, on/off), and a
 * bare name means true; charp points at the value's text, which the
 * loader keeps as long as the module.
 *
 * As in Linux: an unknown name is warned about and ignored; a value that
 * does not parse or fit fails the load with -EINVAL.
 */
#include "kernel/module_internal.h"
#include "include/linux/moduleparam.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Parse a number with an optional '-' into [min, max] (as s64, or u64 if !min). */
static bool parse_ranged(const char *v, s64 min, u64 max, u64 *out)
{
	bool neg = v[0] == '-';
	u64 mag;

	if (!parse_u64(v + neg, &mag))
		return false;
	if (neg) {
		if (!min || mag > (u64)(-(min + 1)) + 1)
			return false;
		*out = (u64)(-(s64)(mag - 1) - 1);
		return true;
	}
	if (mag > max)
		return false;
	*out = mag;
	return true;
}

/* Store the text v into the variable of p. Returns false if v is not a value of its type. */
static bool param_set(const struct kernel_param *p, char *v)
{
	u64 n;
	bool b;

	switch (p->type) {
	case KPARAM_int:
		if (!v || !parse_ranged(v, INT32_MIN, INT32_MAX, &n))
			return false;
		*(int *)p->arg = (int)n;
		return true;
	case KPARAM_uint:
		if (!v || !parse_ranged(v, 0, UINT32_MAX, &n))
			return false;
		*(unsigned int *)p->arg = (unsigned int)n;
		return true;
	case KPARAM_long:
		if (!v || !parse_ranged(v, INT64_MIN, INT64_MAX, &n))
			return false;
		*(long *)p->arg = (long)n;
		return true;
	case KPARAM_ulong:
		if (!v || !parse_ranged(v, 0, UINT64_MAX, &n))
			return false;
		*(unsigned long *)p->arg = (unsigned long)n;
		return true;
	case KPARAM_short:
		if (!v || !parse_ranged(v, INT16_MIN, INT16_MAX, &n))
			return false;
		*(short *)p->arg = (short)n;
		return true;
	case KPARAM_ushort:
		if (!v || !parse_ranged(v, 0, UINT16_MAX, &n))
			return false;
		*(unsigned short *)p->arg = (unsigned short)n;
		return true;
	case KPARAM_charp:
		if (!v)
			return false;
		*(char **)p->arg = v;
		return true;
	case KPARAM_bool:
		if (v && !parse_bool(v, &b))
			return false;
		*(bool *)p->arg = v ? b : true;
		return true;
	default:
		return false;
	}
}

/* Cut the next space-separated word off *s; NULL when none is left. */
static char *next_word(char **s)
{
	char *w = *s;

	while (*w == ' ')
		w++;
	if (!*w)
		return NULL;
	*s = w;
	while (**s && **s != ' ')
		(*s)++;
	if (**s)
		*(*s)++ = '\0';
	return w;
}

int module_parse_params(const char *modname, char *args, const struct kernel_param *params,
			unsigned int nr, int (*report)(const char *fmt, ...))
{
	char *word;

	while ((word = next_word(&args))) {
		char *value = strchr(word, '=');
		const struct kernel_param *p = NULL;

		if (value)
			*value++ = '\0';
		for (unsigned int i = 0; i < nr && !p; i++)
			if (!strcmp(params[i].name, word))
				p = &params[i];
		if (!p) {
			report(KERN_WARNING "%s: unknown parameter '%s' ignored\n", modname, word);
			continue;
		}
		if (!param_set(p, value)) {
			report(KERN_ERR "%s: `%s' invalid for parameter `%s'\n", modname,
			       value ? value : "", word);
			return -EINVAL;
		}
	}
	return 0;
}
