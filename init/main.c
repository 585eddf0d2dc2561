// SPDX-License-Identifier: MIT
/*
 * kmain(): the 64-bit entry, called by boot/head.S on the boot stack with
 * the early page tables. The body is the boot order, one call per step;
 * each step may use only what the steps above it set up.
 */
#include "bench/bench.h"
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/qemu_exit.h"
#include "kernel/stack_protector.h"
#include "kernel/tsc.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/serial.h"
#include "boot/multiboot.h"
#include "mm/layout.h"
#include "mm/kasan.h"
#include "mm/mem_map.h"
#include "mm/memlayout.h"
#include "mm/mm_init.h"
#include "mm/page_info.h"
#include "mm/paging.h"
#include "tests/gdbtest.h"
#include "shell/shell.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "tests/ktest.h"
#include "tests/provoke.h"

void kmain(u32 magic, u32 info_pa);

static struct bootinfo bootinfo;

/* Loader memory is read through the early alias of the low 4 GiB. */
static const void *early_phys_to_ptr(u64 pa, u64 len)
{
	if (pa >= EARLY_MAP_LIMIT || len > EARLY_MAP_LIMIT - pa)
		return NULL;
	return phys_to_virt(pa);
}

static void apply_loglevel(void)
{
	u64 level;

	if (cmdline_get_u64("loglevel", &level) && level <= 8)
		console_set_loglevel((int)level);
}

/* The shell runs unless the command line says shell=0. */
static bool shell_wanted(void)
{
	u64 on;

	return !cmdline_get_u64("shell", &on) || on;
}

/* Run the self-tests if the command line asks, then leave QEMU. */
static void run_selftests_if_asked(void)
{
	char filter[128];
	bool filtered = cmdline_get("ktest.filter", filter, sizeof(filter));
	int failed;

	if (!filtered && !cmdline_get("ktest.run", NULL, 0))
		return;
	failed = ktest_run_all(filtered ? filter : NULL);
	qemu_exit(failed ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
}

/* Run the benchmarks if the command line says bench=1 or bench=NAME, then leave QEMU. */
static void run_benchmarks_if_asked(void)
{
	char glob[64];

	if (!cmdline_get("bench", glob, sizeof(glob)))
		return;
	bench_run(glob);
	qemu_exit(QEMU_EXIT_PASS);
}

void kmain(u32 magic, u32 info_pa)
{
	int err;

	stack_protector_init(); /* the canary, before any protected frame returns */
	serial_init();		/* the console, so every later step can report */
	cpu_features_init();	/* CPUID: NX, 1 GiB pages */
	tsc_calibrate();	/* printk timestamps */
	paging_enable_nx();	/* EFER.NXE before any NX entry exists */
	gdt_init();		/* our GDT and the TSS with the #DF stack */
	idt_init();		/* exceptions are reported from here on */
	layout_init();		/* ... naming the region of a faulting address */
	pr_info("strata: booting on %s, TSC %llu kHz\n", boot_cpu.vendor,
		(unsigned long long)tsc_khz);

	err = bootinfo_parse(magic, info_pa, early_phys_to_ptr, &bootinfo);
	if (err)
		panic("%s: cannot read the boot information (magic %#x): %d", __func__, magic, err);
	cmdline_init(bootinfo.cmdline); /* options for everything below */
	apply_loglevel();
	pr_info("strata: loaded by %s via %s, command line \"%s\"\n",
		bootinfo.loader_name[0] ? bootinfo.loader_name : "(unnamed loader)",
		bootinfo.protocol, bootinfo.cmdline);

	if (bootinfo.efi_systab || bootinfo.nr_efi_mmap)
		pr_info("strata: firmware: UEFI (system table at %#llx, %u EFI memory descriptors)\n",
			(unsigned long long)bootinfo.efi_systab, bootinfo.nr_efi_mmap);
	else
		pr_info("strata: firmware: BIOS (the loader passed no EFI tags)\n");

	mm_early_init(&bootinfo); /* memory map -> memblock */
	paging_init();		  /* our own tables: direct map, W^X image */
	layout_print();
	kasan_init();	/* KASAN builds: shadow memory, checks on */
	mem_map_init(); /* struct pages, zones, memblock -> buddy */
	meminfo_print();
	kmem_cache_init(); /* the cache of caches, kmalloc-8 .. kmalloc-8192 */
	slabinfo_print();
	vmalloc_init(); /* the vmalloc region: range allocator, node caches, first tables */
	if (vmalloc_nr_areas())
		vmallocinfo_print();

	gdbtest_run_if_asked(); /* gdbtest=1: stop for tools/gdb-test, then exit */
	provoke_if_asked();	/* provoke=NAME: prove a detector reports */
	run_selftests_if_asked();
	run_benchmarks_if_asked();
	if (shell_wanted())
		shell_run(); /* the serial shell, until `poweroff` */
	pr_info("strata: boot complete. Nothing more to do yet: halting (Ctrl-A X quits QEMU).\n");
	halt_forever();
}
