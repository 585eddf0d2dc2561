// SPDX-License-Identifier: MIT
/*
 * kmain(): the 64-bit entry, called by boot/head.S on the boot stack with
 * the early page tables. The body is the boot order, one call per step;
 * each step may use only what the steps above it set up.
 */
#include "bench/bench.h"
#include "kernel/cmdline.h"
#include "kernel/lockdep.h"
#include "kernel/ksyms.h"
#include "kernel/module/loader.h"
#include "kernel/might_sleep.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/qemu_exit.h"
#include "kernel/stack_protector.h"
#include "kernel/tsc.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/apic.h"
#include "lib/string.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/i8259.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/io_apic.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/smpboot.h"
#include "boot/multiboot.h"
#include "mm/layout.h"
#include "mm/mmap.h"
#include "mm/kasan.h"
#include "mm/mem_map.h"
#include "mm/memlayout.h"
#include "mm/mm_init.h"
#include "mm/percpu.h"
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

/* Bytes of the command line per log line (printk formats up to 512). */
#define CMDLINE_PIECE 400

/* Loader memory is read through the early alias of the low 4 GiB. */
static const void *early_phys_to_ptr(u64 pa, u64 len)
{
	if (pa >= EARLY_MAP_LIMIT || len > EARLY_MAP_LIMIT - pa)
		return NULL;
	return phys_to_virt(pa);
}

/* The command line in the log, in pieces that fit a printk line. */
static void print_cmdline(const char *line)
{
	size_t len = strlen(line), off = 0;

	pr_info("strata: command line (%zu bytes) \"%.*s\"%s\n", len, CMDLINE_PIECE, line,
		len > CMDLINE_PIECE ? " ..." : "");
	while ((off += CMDLINE_PIECE) < len)
		pr_info("strata: ... command line from byte %zu \"%.*s\"%s\n", off, CMDLINE_PIECE,
			line + off, len - off > CMDLINE_PIECE ? " ..." : "");
}

/* loglevel=N as Linux: messages below N reach the console; 8 or more: all. */
static void apply_loglevel(void)
{
	u64 level;

	if (cmdline_get_u64("loglevel", &level, "keeping the default loglevel=7"))
		console_set_loglevel((int)MIN(level, 8));
}

/*
 * The local APIC and its timer, the IOAPICs, COM1's receive interrupt;
 * then interrupts on. Each step that fails leaves the ones before working:
 * without an APIC there are no interrupts and the console is polled.
 */
static void interrupts_init(void)
{
	int err = apic_init(acpi_madt.lapic_addr);

	if (err)
		return;
	if (!io_apic_init())
		pr_warn("irq: no IOAPIC: COM1 input stays polled\n");
	else if ((err = serial_irq_init()))
		pr_warn("irq: COM1 receive interrupt not routed (%d): input stays polled\n", err);
	local_irq_enable();
	pr_info("irq: interrupts on; COM1 input by %s\n", err ? "polling" : "interrupt (irq 4)");
}

/*
 * The possible CPUs, as Linux counts them: the MADT's enabled and
 * online-capable entries; at least the boot CPU (no MADT: one).
 */
static unsigned int possible_cpus(void)
{
	unsigned int n = 0;

	for (u32 i = 0; i < acpi_madt.nr_cpus; i++)
		n += acpi_madt.cpus[i].enabled || acpi_madt.cpus[i].online_capable;
	return MAX(n, 1U);
}

/*
 * Run the self-tests if the command line asks, then leave QEMU.
 * ktest.run is a boolean (ktest.run=0: none); ktest.filter=GLOB alone also
 * runs them, and torture.seed= or torture.ms= alone the torture suite. A
 * filter that selects nothing fails the run, saying so.
 */
static void run_selftests_if_asked(void)
{
	char filter[128];
	bool filtered = cmdline_get("ktest.filter", filter, sizeof(filter));
	int failed;

	if (!filtered && !cmdline_get("ktest.run", NULL, 0) &&
	    (cmdline_get("torture.seed", NULL, 0) || cmdline_get("torture.ms", NULL, 0))) {
		strlcpy(filter, "torture", sizeof(filter));
		filtered = true;
	}

	if (!cmdline_get_bool("ktest.run", filtered)) {
		if (filtered)
			pr_warn("ktest: ktest.run=0: no tests run; ktest.filter=%s is ignored\n",
				filter);
		return;
	}
	if (filtered && !ktest_nr_selected(filter)) {
		pr_err("ktest: ktest.filter=%s matches no suite or case: nothing to run\n", filter);
		qemu_exit(QEMU_EXIT_FAIL);
	}
	failed = ktest_run_all(filtered ? filter : NULL);
	qemu_exit(failed ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
}

/*
 * bench=1 (or bench, bench=all) runs every benchmark, bench=NAME or
 * bench=PREFIX* some, then leaves QEMU; bench=0 (or bench=off) runs none and
 * the boot goes on. A name that matches nothing fails, listing the names.
 * Only these exact words are booleans: any other value is a name.
 */
static void run_benchmarks_if_asked(void)
{
	char glob[64];

	if (!cmdline_get("bench", glob, sizeof(glob)))
		return;
	if (!strcmp(glob, "0") || !strcmp(glob, "off"))
		return;
	if (!glob[0])
		strlcpy(glob, "all", sizeof(glob));
	if (!bench_count(glob)) {
		bench_print_names(glob);
		qemu_exit(QEMU_EXIT_FAIL);
	}
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
	legacy_pic_init();	/* the 8259s off the exception vectors, masked */
	pr_info("strata: booting on %s, TSC %llu kHz\n", boot_cpu.vendor,
		(unsigned long long)tsc_khz);
	if (tsc_khz == 1)
		pr_warn("strata: the TSC could not be measured against the PIT: timestamps are TSC ticks\n");

	err = bootinfo_parse(magic, info_pa, early_phys_to_ptr, &bootinfo);
	if (err)
		panic("%s: cannot read the boot information (magic %#x): %d", __func__, magic, err);
	cmdline_init(bootinfo.cmdline); /* options for everything below */
	lockdep_init();			/* lockdebug=1: before the first lock */
	apply_loglevel();
	pr_info("strata: loaded by %s via %s\n",
		bootinfo.loader_name[0] ? bootinfo.loader_name : "(unnamed loader)",
		bootinfo.protocol);
	print_cmdline(bootinfo.cmdline);
	if (bootinfo.cmdline_len >= sizeof(bootinfo.cmdline))
		pr_warn("strata: the command line is %u bytes; only the first %zu are kept "
			"(COMMAND_LINE_SIZE is %zu, as on Linux x86): the rest is ignored\n",
			bootinfo.cmdline_len, sizeof(bootinfo.cmdline) - 1,
			sizeof(bootinfo.cmdline));
	acpi_boot_init(&bootinfo, early_phys_to_ptr); /* MADT: CPUs, APICs (early map) */

	if (bootinfo.efi_systab || bootinfo.nr_efi_mmap)
		pr_info("strata: firmware: UEFI (system table at %#llx, %u EFI memory descriptors)\n",
			(unsigned long long)bootinfo.efi_systab, bootinfo.nr_efi_mmap);
	else
		pr_info("strata: firmware: BIOS (the loader passed no EFI tags)\n");

	mm_early_init(&bootinfo);	      /* memory map -> memblock */
	paging_init();			      /* our own tables: direct map, W^X image */
	cpu_setup_smep_smap();		      /* CR4: the kernel stays out of user pages */
	setup_per_cpu_areas(possible_cpus()); /* one area per possible CPU; GS to CPU 0's */
	layout_print();
	kasan_init();		   /* KASAN builds: shadow memory, checks on */
	mem_map_init();		   /* struct pages, zones, memblock -> buddy */
	init_per_zone_wmark_min(); /* min_free_kbytes, zone watermarks, pcp high/batch */
	meminfo_print();
	kmem_cache_init(); /* the cache of caches, kmalloc-8 .. kmalloc-8k */
	slabinfo_print();
	vmalloc_init(); /* the vmalloc region: range allocator, node caches, first tables */
	if (vmalloc_nr_areas())
		vmallocinfo_print();
	module_add_images(&bootinfo); /* the .ko files the loader brought, for insmod */
	ksym_set_module_lookup(module_address_lookup); /* %pS names module code */
	fault_init();		       /* user processes: their exceptions go to mm/fault.c */
	process_init();		       /* ... and the cache of their task_structs */
	interrupts_init();	       /* APIC timer at HZ, COM1 by interrupt, sti */
	smp_init();		       /* INIT-SIPI-SIPI: every other CPU online, idle */
	setup_per_cpu_pageset();       /* pcp high split over the CPUs now online */
	system_state = SYSTEM_RUNNING; /* might_sleep() checks from here on */

	gdbtest_run_if_asked(); /* gdbtest=1: stop for tools/gdb-test, then exit */
	provoke_if_asked();	/* provoke=NAME: prove a detector reports */
	run_selftests_if_asked();
	run_benchmarks_if_asked();
	if (cmdline_get_bool("shell", true))
		shell_run(); /* the serial shell, until `poweroff` */
	pr_info("strata: boot complete. Nothing more to do yet: halting (Ctrl-A X quits QEMU).\n");
	halt_forever();
}
