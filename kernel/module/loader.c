// SPDX-License-Identifier: MIT
/*
 * The module loader: loading, starting, stopping and freeing modules, and
 * the list of those loaded. The mechanisms are in the other
 * files of kernel/module/ (internal.h lists them); the
 * module's memory comes from module_alloc() (mm/module_alloc.c).
 *
 * insmod, as Linux's load_module() (kernel/module/main.c, 6.1):
 *   find the image; refuse a name already loaded (-EEXIST)
 *   check the ELF (elf.c) and the version magic
 *   lay the sections out; module_alloc() the whole; copy, zero .bss
 *   resolve symbols (report every unknown one); relocate
 *   set the parameters (the image's multiboot string, then insmod's)
 *   text RX, rodata RO, data RW+NX (TLB flushed per page)
 *   run init under catch_fault(): 0 -> LIVE; < 0 -> unload, report;
 *       a fault -> report with a backtrace naming module code, FAILED
 * Every failure undoes what was done (goto out_*), so nothing stays
 * allocated. rmmod runs exit (not for a FAILED module), lists what the
 * module left allocated (beyond Linux, which leaks it silently), frees it.
 *
 * Locking: module_list_lock guards module_list's links (Linux's
 * module_mutex, a sleeping lock strata does not have); it is held only
 * for a walk or a link change, never while init or exit runs. The symbol
 * lookup (sym.c) walks the list without it: %pS may be printed
 * anywhere, in a fault report too, and modules come and go only from the
 * shell, which runs on CPU 0 (a lookup on another CPU may race an rmmod:
 * Linux reads its list under RCU instead). Context: insmod and rmmod,
 * task only.
 */
#include "kernel/module/loader.h"
#include "kernel/module/internal.h"
#include "include/linux/moduleparam.h"
#include "include/linux/vermagic.h"
#include "arch/x86_64/traps.h"
#include "kernel/backtrace.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/module_alloc.h"
#include "mm/slab.h"

struct module *module_list;
static DEFINE_SPINLOCK(module_list_lock);

static const char *const state_names[] = {
	[MODULE_STATE_LIVE] = "live",
	[MODULE_STATE_COMING] = "coming",
	[MODULE_STATE_GOING] = "going",
	[MODULE_STATE_FAILED] = "failed",
};

static struct module *module_find(const char *name)
{
	struct module *m;

	spin_lock(&module_list_lock);
	for (m = module_list; m; m = m->next)
		if (!strcmp(m->name, name))
			break;
	spin_unlock(&module_list_lock);
	return m;
}

/* Linux's license_is_gpl_compatible() (include/linux/license.h, 6.1). */
static bool license_gpl_compatible(const char *license)
{
	static const char *const gpl[] = {
		"GPL",		"GPL v2",	"GPL and additional rights",
		"Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL"};

	for (unsigned int i = 0; license && i < ARRAY_SIZE(gpl); i++)
		if (!strcmp(license, gpl[i]))
			return true;
	return false;
}

/* Free everything of mod (unlinked already or never linked). */
static void module_free(struct module *mod)
{
	module_memfree(mod->base);
	kfree(mod->syms);
	kfree(mod->strtab);
	kfree(mod->args);
	kfree(mod);
}

static void module_unlink(struct module *mod)
{
	struct module **pp = &module_list;

	spin_lock(&module_list_lock);
	while (*pp != mod)
		pp = &(*pp)->next;
	*pp = mod->next;
	spin_unlock(&module_list_lock);
}

/* Copy the placed sections into mod->base (zeroed already: .bss stays zero). */
static void module_copy_sections(struct module *mod, const struct module_elf *elf, u64 *sec_addr)
{
	for (unsigned int i = 0; i < elf->nr_sections; i++) {
		const struct elf64_shdr *s = &elf->sechdrs[i];

		sec_addr[i] = 0;
		if (mod->layout.offset[i] == MODULE_NOT_PLACED)
			continue;
		sec_addr[i] = (u64)mod->base + mod->layout.offset[i];
		if (s->sh_type != SHT_NOBITS)
			memcpy((void *)sec_addr[i], elf->image + s->sh_offset, s->sh_size);
	}
}

/* The address of a defined function symbol called name, or 0. */
static u64 module_entry(const struct module_elf *elf, const u64 *sym_value, const char *name)
{
	for (unsigned int i = 0; i < elf->nr_syms; i++)
		if (ELF64_ST_TYPE(elf->syms[i].st_info) == STT_FUNC &&
		    elf->syms[i].st_shndx != SHN_UNDEF &&
		    !strcmp(elf->strtab + elf->syms[i].st_name, name))
			return sym_value[i];
	return 0;
}

/* Parameters: the image's own options, then insmod's (a later value wins). */
static int module_set_params(struct module *mod, const struct module_elf *elf,
			     const struct module_image *im, const char *args, const u64 *sec_addr)
{
	const struct kernel_param *params = (const struct kernel_param *)sec_addr[elf->params];
	unsigned int nr =
		elf->params ? (unsigned int)(elf->sechdrs[elf->params].sh_size / sizeof(*params))
			    : 0;
	size_t len = strlen(im->args) + 1 + (args ? strlen(args) : 0) + 1;

	mod->args = kmalloc(len, GFP_KERNEL);
	if (!mod->args)
		return -ENOMEM;
	snprintf(mod->args, len, "%s %s", im->args, args ? args : "");
	return module_parse_params(mod->name, mod->args, params, nr, printk);
}

/* Text RX, rodata RO, the rest stays RW + NX (module_alloc's PAGE_KERNEL). */
static void module_protect(struct module *mod)
{
	unsigned long base = (unsigned long)mod->base;
	const struct module_layout *l = &mod->layout;

	set_memory_ro(base, (int)(l->text_size >> PAGE_SHIFT));
	set_memory_x(base, (int)(l->text_size >> PAGE_SHIFT));
	set_memory_ro(base + l->text_size, (int)((l->ro_end - l->text_size) >> PAGE_SHIFT));
}

/* Check, place, link and set up the image: a COMING module, or NULL with *err. */
static struct module *module_prepare(const struct module_image *im, const char *args, int *err)
{
	struct module_elf elf;
	struct module *mod;
	const char *magic;
	char why[160];
	u64 *sym_value = NULL, sec_addr[MODULE_MAX_SECTIONS];

	*err = module_elf_check(im->data, im->size, &elf, why, sizeof(why));
	if (*err) {
		pr_err("%s: not a loadable module: %s\n", im->name, why);
		return NULL;
	}
	magic = module_get_modinfo(&elf, "vermagic", 0);
	if (!magic || strcmp(magic, VERMAGIC_STRING) != 0) {
		pr_err("%s: version magic '%s' should be '%s'\n", im->name, magic ? magic : "",
		       VERMAGIC_STRING);
		*err = -ENOEXEC;
		return NULL;
	}
	mod = kzalloc(sizeof(*mod), GFP_KERNEL);
	if (!mod)
		goto out_nomem;
	strlcpy(mod->name, im->name, sizeof(mod->name));
	*err = module_layout(&elf, &mod->layout, why, sizeof(why));
	if (*err) {
		pr_err("%s: not a loadable module: %s\n", im->name, why);
		goto out_free;
	}
	mod->base = module_alloc(mod->layout.size);
	sym_value = kmalloc_array(elf.nr_syms, sizeof(u64), GFP_KERNEL);
	if (!mod->base || !sym_value)
		goto out_nomem;
	module_copy_sections(mod, &elf, sec_addr);
	*err = module_resolve_symbols(
		mod->name, &elf, &mod->layout, (u64)mod->base,
		license_gpl_compatible(module_get_modinfo(&elf, "license", 0)), sym_value);
	if (*err)
		goto out_free;
	*err = module_relocate(&elf, sec_addr, sym_value, why, sizeof(why));
	if (*err) {
		pr_err("%s: %s\n", mod->name, why);
		goto out_free;
	}
	mod->init = (int (*)(void))module_entry(&elf, sym_value, "init_module");
	mod->exit = (void (*)(void))module_entry(&elf, sym_value, "cleanup_module");
	*err = module_keep_symbols(mod, &elf, sym_value);
	if (!*err)
		*err = module_set_params(mod, &elf, im, args, sec_addr);
	if (*err == -ENOMEM)
		goto out_nomem;
	if (*err)
		goto out_free; /* a bad parameter, reported */
	kfree(sym_value);
	module_protect(mod);
	mod->state = MODULE_STATE_COMING;
	return mod;

out_nomem:
	pr_err("%s: out of memory while loading\n", im->name);
	*err = -ENOMEM;
out_free:
	kfree(sym_value);
	if (mod)
		module_free(mod);
	return NULL;
}

/* Calls through catch_fault(): one module function, its result. */
struct module_call {
	struct module *mod;
	int ret;
};

static void call_init(void *arg)
{
	struct module_call *c = arg;

	c->ret = c->mod->init();
}

static void call_exit(void *arg)
{
	struct module_call *c = arg;

	c->mod->exit();
}

/* Run fn under catch_fault(); on a fault, report it with a backtrace. False if it faulted. */
static bool module_call(struct module *mod, void (*fn)(void *), struct module_call *c,
			const char *what)
{
	struct fault_info info;

	c->mod = mod;
	c->ret = 0;
	if (!catch_fault(fn, c, &info))
		return true;
	pr_emerg("%s: fault in %s: %s\n", mod->name, what, info.what);
	backtrace_print_saved(info.rip, info.trace, FAULT_TRACE_MAX);
	return false;
}

/* What a leaving module left allocated; then free it. */
static void module_release(struct module *mod)
{
	unsigned long leaks = mm_report_module_allocations(
		(u64)mod->base, (u64)mod->base + mod->layout.text_size, mod->name);

	if (leaks)
		pr_warn("%s: %lu allocation%s not freed (listed above)\n", mod->name, leaks,
			leaks == 1 ? "" : "s");
	module_unlink(mod);
	module_free(mod);
}

int module_load(const char *file, const char *args)
{
	char name[MODULE_NAME_LEN];
	const struct module_image *im;
	struct module_call c;
	struct module *mod;
	int err;

	module_name_of(file, strlen(file), name, sizeof(name));
	im = module_image_find(name);
	if (!im) {
		pr_err("insmod: %s: no such module image (boot with MODULES=\"%s.ko ...\")\n", name,
		       name);
		return -ENOENT;
	}
	if (module_find(name)) {
		pr_err("insmod: %s: already loaded (-EEXIST)\n", name);
		return -EEXIST;
	}
	mod = module_prepare(im, args, &err);
	if (!mod)
		return err;
	spin_lock(&module_list_lock);
	mod->next = module_list;
	module_list = mod; /* listed while init runs, so %pS names its code */
	spin_unlock(&module_list_lock);
	if (!mod->init)
		c.ret = 0;
	else if (!module_call(mod, call_init, &c, "init")) {
		mod->state = MODULE_STATE_FAILED;
		pr_err("%s: marked failed: its memory stays until rmmod, exit will not run\n",
		       mod->name);
		return -EFAULT;
	}
	if (c.ret < 0) {
		pr_err("%s: init failed with error %d: unloading\n", mod->name, c.ret);
		mod->state = MODULE_STATE_GOING;
		module_release(mod);
		return c.ret;
	}
	if (c.ret > 0)
		pr_warn("%s: '%s'->init suspiciously returned %d, it should follow 0/-E convention\n",
			mod->name, "init_module", c.ret);
	mod->state = MODULE_STATE_LIVE;
	return 0;
}

int module_unload(const char *file)
{
	char name[MODULE_NAME_LEN];
	struct module *mod;
	struct module_call c;

	module_name_of(file, strlen(file), name, sizeof(name));
	mod = module_find(name);
	if (!mod) {
		pr_err("rmmod: ERROR: Module %s is not currently loaded\n", name);
		return -ENOENT;
	}
	if (mod->state == MODULE_STATE_LIVE && !mod->exit) {
		pr_err("rmmod: %s has no exit function: it cannot be unloaded (-EBUSY)\n", name);
		return -EBUSY;
	}
	if (mod->state == MODULE_STATE_LIVE) {
		mod->state = MODULE_STATE_GOING;
		if (!module_call(mod, call_exit, &c, "exit"))
			pr_err("%s: exit faulted: freeing the module anyway\n", mod->name);
	}
	module_release(mod);
	return 0;
}

void module_list_print(void)
{
	printk_raw("Module                  Size  State   Address\n");
	spin_lock(&module_list_lock);
	for (const struct module *m = module_list; m; m = m->next)
		printk_raw("%-20s %7llu  %-7s 0x%016llx\n", m->name,
			   (unsigned long long)m->layout.size, state_names[m->state],
			   (unsigned long long)(u64)m->base);
	spin_unlock(&module_list_lock);
}
