// SPDX-License-Identifier: MIT
/*
 * Module parameters: `insmod NAME count=5 who=you` sets the module's
 * variables that module_param() declared (include/linux/moduleparam.h),
 * after relocation and before its init runs, as Linux's parse_args() does
 * (kernel/params.c, 6.1). Numbers are decimal or 0x hex, with a '-' for
 * the signed types; bool takes kstrtobool's words (1/0, y/n, on/off), and a
 * bare name means true; charp points at the value's text, which the
 * loader keeps as long as the module. An array takes comma-separated
 * values, at most as many as it has elements ("can only take N arguments",
 * Linux's words).
 *
 * As in Linux: an unknown name is warned about and ignored; a value that
 * does not parse or fit fails the load with -EINVAL.
 */
#include "kernel/module/internal.h"
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

/* Store the text v (NULL: the name alone) as a value of type at slot. False if it is none. */
static bool param_set_one(u32 type, void *slot, char *v)
{
	u64 n;
	bool b;

	switch (type) {
	case KPARAM_int:
		if (!v || !parse_ranged(v, INT32_MIN, INT32_MAX, &n))
			return false;
		*(int *)slot = (int)n;
		return true;
	case KPARAM_uint:
		if (!v || !parse_ranged(v, 0, UINT32_MAX, &n))
			return false;
		*(unsigned int *)slot = (unsigned int)n;
		return true;
	case KPARAM_long:
		if (!v || !parse_ranged(v, INT64_MIN, INT64_MAX, &n))
			return false;
		*(long *)slot = (long)n;
		return true;
	case KPARAM_ulong:
		if (!v || !parse_ranged(v, 0, UINT64_MAX, &n))
			return false;
		*(unsigned long *)slot = (unsigned long)n;
		return true;
	case KPARAM_short:
		if (!v || !parse_ranged(v, INT16_MIN, INT16_MAX, &n))
			return false;
		*(short *)slot = (short)n;
		return true;
	case KPARAM_ushort:
		if (!v || !parse_ranged(v, 0, UINT16_MAX, &n))
			return false;
		*(unsigned short *)slot = (unsigned short)n;
		return true;
	case KPARAM_charp:
		if (!v)
			return false;
		*(char **)slot = v;
		return true;
	case KPARAM_bool:
		if (v && !parse_bool(v, &b))
			return false;
		*(bool *)slot = v ? b : true;
		return true;
	default:
		return false;
	}
}

/* Bytes of one element of each type (0: an unknown type). */
static size_t param_size(u32 type)
{
	static const u8 sizes[] = {
		[KPARAM_int] = sizeof(int),	 [KPARAM_uint] = sizeof(unsigned int),
		[KPARAM_long] = sizeof(long),	 [KPARAM_ulong] = sizeof(unsigned long),
		[KPARAM_short] = sizeof(short),	 [KPARAM_ushort] = sizeof(unsigned short),
		[KPARAM_charp] = sizeof(char *), [KPARAM_bool] = sizeof(bool),
	};

	return type < ARRAY_SIZE(sizes) ? sizes[type] : 0;
}

/*
 * An array's value "1,2,3": each element in turn, at most p->max of them,
 * then the count to *p->num. Returns 0, or -EINVAL after one line (too many
 * elements, or one that does not parse: named with the parameter).
 */
static int param_set_array(const char *modname, const struct kernel_param *p, char *v,
			   int (*report)(const char *fmt, ...))
{
	unsigned int n = 0;

	for (char *elem = v; elem; n++) {
		char *comma = strchr(elem, ',');

		if (comma)
			*comma = '\0';
		if (n == p->max) {
			report(KERN_ERR "%s: %s: can only take %u arguments\n", modname, p->name,
			       p->max);
			return -EINVAL;
		}
		if (!param_set_one(p->type, (u8 *)p->arg + n * param_size(p->type), elem)) {
			report(KERN_ERR "%s: `%s' invalid for parameter `%s'\n", modname, elem,
			       p->name);
			return -EINVAL;
		}
		elem = comma ? comma + 1 : NULL;
	}
	if (p->num)
		*p->num = n;
	return 0;
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
		if (p->max && value) {
			int err = param_set_array(modname, p, value, report);

			if (err)
				return err;
		} else if (p->max || !param_set_one(p->type, p->arg, value)) {
			report(KERN_ERR "%s: `%s' invalid for parameter `%s'\n", modname,
			       value ? value : "", word);
			return -EINVAL;
		}
	}
	return 0;
}
