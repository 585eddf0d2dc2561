/* SPDX-License-Identifier: MIT */
/*
 * <linux/moduleparam.h>: module_param() and MODULE_PARM_DESC().
 *
 * module_param(name, type, perm) records one struct kernel_param in the
 * module's __param section (as Linux does) and a "parmtype=name:type" line
 * in .modinfo; the loader (kernel/module/param.c) sets the variable from
 * `insmod NAME name=value` before the module's init runs. The record is
 * strata's own (Linux's holds a pointer to a kernel_param_ops with set/get
 * callbacks; strata's holds the type and the loader parses it).
 * Types: int, uint, long, ulong, short, ushort, charp, bool, and arrays of
 * them (module_param_array). perm is kept for modinfo: strata has no sysfs.
 */
#ifndef _LINUX_MODULEPARAM_H
#define _LINUX_MODULEPARAM_H

#include "types.h"

/* What the variable is: how the loader parses and stores its value. */
enum kernel_param_type {
	KPARAM_int = 1,
	KPARAM_uint,
	KPARAM_long,
	KPARAM_ulong,
	KPARAM_short,
	KPARAM_ushort,
	KPARAM_charp,
	KPARAM_bool,
};

/* One parameter, in the __param section: this layout is shared with the loader. */
struct kernel_param {
	const char *name;  /* as typed at insmod: name=value */
	void *arg;	   /* the variable, or an array's first element */
	u32 type;	   /* enum kernel_param_type (of each element) */
	u16 perm;	   /* the sysfs permissions Linux would use (not used here) */
	u16 max;	   /* 0: a single variable; else an array of max elements */
	unsigned int *num; /* an array: where to store how many were given, or NULL */
};

/* The C type behind each parameter type, for the compile-time check. */
#define __param_ctype_int int
#define __param_ctype_uint unsigned int
#define __param_ctype_long long
#define __param_ctype_ulong unsigned long
#define __param_ctype_short short
#define __param_ctype_ushort unsigned short
#define __param_ctype_charp char *
#define __param_ctype_bool bool

#define __MODPARAM_ID2(a, b) a##b
#define __MODPARAM_ID(a, b) __MODPARAM_ID2(a, b)
/* One "tag=info" string in .modinfo, as Linux's __MODULE_INFO. */
#define __MODULE_INFO(tag, info)                                   \
	static const char __MODPARAM_ID(__modinfo_, __COUNTER__)[] \
		__attribute__((section(".modinfo"), used, aligned(1))) = #tag "=" info

/*
 * The variable value is set by the parameter called name. The inline
 * function fails to compile if value is not of type's C type.
 */
#define module_param_named(name, value, type, perm)                       \
	static inline __param_ctype_##type *__param_check_##name(void)    \
	{                                                                 \
		return &(value);                                          \
	}                                                                 \
	static const struct kernel_param __param_##name                   \
		__attribute__((section("__param"), used, aligned(8))) = { \
			#name, &(value), KPARAM_##type, (perm), 0, NULL}; \
	__MODULE_INFO(parmtype, #name ":" #type)

#define module_param(name, type, perm) module_param_named(name, name, type, perm)

/*
 * An array: name=1,2,3 sets the first elements of array (at most all of
 * them; more is refused) and stores their count in *nump unless nump is NULL.
 */
#define module_param_array_named(name, array, type, nump, perm)           \
	static inline __param_ctype_##type *__param_check_##name(void)    \
	{                                                                 \
		return &(array)[0];                                       \
	}                                                                 \
	static const struct kernel_param __param_##name                   \
		__attribute__((section("__param"), used, aligned(8))) = { \
			#name,                                            \
			&(array)[0],                                      \
			KPARAM_##type,                                    \
			(perm),                                           \
			(u16)(sizeof(array) / sizeof((array)[0])),        \
			(nump)};                                          \
	__MODULE_INFO(parmtype, #name ":array of " #type)

#define module_param_array(name, type, nump, perm) \
	module_param_array_named(name, name, type, nump, perm)

/* A description of a parameter, for modinfo. */
#define MODULE_PARM_DESC(_parm, desc) __MODULE_INFO(parm, #_parm ":" desc)

#endif /* _LINUX_MODULEPARAM_H */
