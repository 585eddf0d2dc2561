// SPDX-License-Identifier: MIT
/*
 * Finding a program by name (kernel/programs.h): the table the image holds
 * (user/programs.S), then the boot modules, whose images the module code
 * records at boot and which stay where the loader put them, so a process
 * may read its pages at any time.
 */
#include "kernel/programs.h"
#include "kernel/module/internal.h"
#include "kernel/printk.h"
#include "lib/string.h"

extern const struct user_program user_programs[];

const u8 *program_find(const char *name, size_t *size)
{
	const struct module_image *im;

	for (const struct user_program *p = user_programs; p->name; p++) {
		if (!strcmp(p->name, name)) {
			*size = (size_t)(p->end - p->start);
			return p->start;
		}
	}
	im = module_image_find(name);
	if (!im)
		return NULL;
	*size = im->size;
	return im->data;
}

void program_list_print(void)
{
	for (const struct user_program *p = user_programs; p->name; p++)
		printk_raw("  %-10s %6zu bytes (built in)\n", p->name, (size_t)(p->end - p->start));
}
