// SPDX-License-Identifier: MIT
/*
 * The module images: the .ko files the boot loader brought as multiboot
 * modules (make run MODULES=..., module2 lines in the ISO), recorded at boot
 * by module_add_images() with their names and options, and `modinfo`, which
 * reads an image's .modinfo without loading it (as Linux's modinfo reads
 * the file). The images stay where the loader put them: memblock keeps
 * their frames reserved (mm/mm_init.c), and they are read through the
 * direct map. kernel/module/loader.c loads them.
 */
#include "kernel/module/loader.h"
#include "kernel/module/internal.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/memlayout.h"

static struct module_image images[BOOTINFO_MAX_MODULES];
static unsigned int nr_images; /* images[0, nr_images) are recorded */

void module_name_of(const char *s, size_t len, char *name, size_t size)
{
	const char *end = s + len, *base = s;

	for (const char *p = s; p < end; p++)
		if (*p == '/')
			base = p + 1;
	if (end - base > 3 && !strncmp(end - 3, ".ko", 3))
		end -= 3;
	snprintf(name, size, "%.*s", (int)(end - base), base);
}

/* A multiboot string "dir/name.ko args" -> name, args. */
static void image_set_name(struct module_image *im, const char *s)
{
	const char *args = strchr(s, ' ');

	if (!args)
		args = s + strlen(s);
	module_name_of(s, (size_t)(args - s), im->name, sizeof(im->name));
	while (*args == ' ')
		args++;
	strlcpy(im->args, args, sizeof(im->args));
}

void module_add_images(const struct bootinfo *bi)
{
	for (u32 i = 0; i < bi->nr_modules; i++) {
		struct module_image *im = &images[nr_images];

		image_set_name(im, bi->module_string[i]);
		if (!im->name[0])
			snprintf(im->name, sizeof(im->name), "module%u", i);
		im->data = phys_to_virt(bi->modules[i].start);
		im->size = bi->modules[i].end - bi->modules[i].start;
		pr_info("module: image %s (%zu bytes)%s%s\n", im->name, im->size,
			im->args[0] ? ", options " : "", im->args);
		nr_images++;
	}
}

const struct module_image *module_image_find(const char *name)
{
	for (unsigned int i = 0; i < nr_images; i++)
		if (!strcmp(images[i].name, name))
			return &images[i];
	return NULL;
}

int module_info_print(const char *file)
{
	char name[MODULE_NAME_LEN];
	const struct module_image *im;
	const struct elf64_shdr *s;
	struct module_elf elf;
	char why[160];

	module_name_of(file, strlen(file), name, sizeof(name));
	im = module_image_find(name);
	if (!im) {
		pr_err("modinfo: ERROR: Module %s not found.\n", name);
		return -ENOENT;
	}
	if (module_elf_check(im->data, im->size, &elf, why, sizeof(why))) {
		pr_err("modinfo: %s: not a loadable module: %s\n", name, why);
		return -ENOEXEC;
	}
	printk_raw("%-12s %s.ko (%zu bytes, multiboot module)\n", "filename:", name, im->size);
	if (!elf.modinfo)
		return 0;
	s = &elf.sechdrs[elf.modinfo];
	for (const char *p = (const char *)elf.image + s->sh_offset;
	     p < (const char *)elf.image + s->sh_offset + s->sh_size; p += strlen(p) + 1) {
		const char *eq = strchr(p, '=');

		if (eq)
			printk_raw("%.*s:%*s%s\n", (int)(eq - p), p, (int)(12 - (eq - p)), "",
				   eq + 1);
	}
	return 0;
}
