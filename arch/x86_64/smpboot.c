// SPDX-License-Identifier: MIT
/*
 * Starting the application processors (APs), one at a time, as Linux's
 * do_boot_cpu() and wakeup_secondary_cpu_via_init() (arch/x86/kernel/
 * smpboot.c, 6.1):
 *
 *   boot CPU: vmalloc the AP's kernel stack and double-fault stack (each
 *             with an unmapped guard page below it: Linux's VMAP_STACK),
 *             write them and start_secondary into the trampoline's data
 *   boot CPU: INIT (assert, 10 ms, de-assert), then SIPI twice, 200 us
 *             apart, with the trampoline's page number as the vector
 *   AP:       trampoline.S: 16 -> 32 -> 64 bit on the kernel's page tables
 *   AP:       start_secondary(): its own GDT and TSS (IST1 on its
 *             double-fault stack), GS base on its per-CPU area, the IDT,
 *             its local APIC and timer; marks itself online; enters its
 *             idle loop (kernel/idle.c): runs queued work, else halts,
 *             woken by its timer and by IPIs
 *   boot CPU: waits for the online bit, at most SMPBOOT_TIMEOUT_MS by the
 *             calibrated TSC; without it: report, INIT (the AP waits for a
 *             SIPI again), free the stacks, next CPU
 *
 * Invariants: smpboot_cpu and the trampoline's data belong to the one AP
 * being started.
 */
#include "arch/x86_64/smpboot.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/barrier.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/irq_vectors.h"
#include "arch/x86_64/realmode.h"
#include "kernel/cmdline.h"
#include "kernel/cpumask.h"
#include "kernel/idle.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/task.h"
#include "kernel/tsc.h"
#include "lib/errno.h"
#include "mm/vmalloc.h"

#define INIT_DELAY_US 10000 /* Linux's init_udelay for CPUs older than its list */
#define SIPI_DELAY_US 200
#define DF_STACK_SIZE 8192 /* as the boot CPU's (linker.ld) */
#define ESR_ACCEPT_ERRORS 0xef

DEFINE_PER_CPU(u32, x86_cpu_to_apicid);
DEFINE_PER_CPU(void *, cpu_stack);

/* What start_secondary() needs, written by the boot CPU before the SIPI. */
static volatile unsigned int smpboot_cpu;
static volatile u64 smpboot_df_stack_top;
static u64 smpboot_cr4;

/* Wait us microseconds by the TSC. */
static void udelay(u64 us)
{
	u64 start = tsc_since_boot();

	while (tsc_to_us(tsc_since_boot() - start) < us)
		cpu_relax();
}

static void __attribute__((noreturn)) start_secondary(void)
{
	unsigned int cpu = smpboot_cpu;

	gdt_init_cpu(cpu, smpboot_df_stack_top);   /* zeroes the GS base ... */
	wrmsr(MSR_GS_BASE, __per_cpu_offset[cpu]); /* ... so this comes after */
	idt_load();
	write_cr4(smpboot_cr4);
	apic_init_secondary();
	set_cpu_online(cpu, true);
	cpu_startup_entry();
}

void arch_send_call_function_single_ipi(int cpu)
{
	apic_icr_write(APIC_DM_FIXED | CALL_FUNCTION_SINGLE_VECTOR,
		       per_cpu(x86_cpu_to_apicid, cpu));
}

void arch_send_call_function_ipi(int cpu)
{
	apic_icr_write(APIC_DM_FIXED | CALL_FUNCTION_VECTOR, per_cpu(x86_cpu_to_apicid, cpu));
}

void smp_send_reschedule(int cpu)
{
	apic_icr_write(APIC_DM_FIXED | RESCHEDULE_VECTOR, per_cpu(x86_cpu_to_apicid, cpu));
}

/* INIT, then (unless told not to) two SIPIs; false after a delivery error. */
static bool wakeup_secondary_cpu_via_init(u32 apicid, u64 start_phys, bool sipi)
{
	u32 esr = 0;

	apic_esr_read();
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apicid);
	udelay(INIT_DELAY_US);
	if (!apic_x2apic_mode()) /* x2APIC has no INIT de-assert */
		apic_icr_write(APIC_INT_LEVELTRIG | APIC_DM_INIT, apicid);
	for (int i = 0; sipi && i < 2 && !esr; i++) {
		apic_esr_read();
		apic_icr_write(APIC_DM_STARTUP | (u32)(start_phys >> PAGE_SHIFT), apicid);
		udelay(SIPI_DELAY_US);
		while (apic_icr_busy())
			cpu_relax();
		esr = apic_esr_read() & ESR_ACCEPT_ERRORS;
	}
	if (esr)
		pr_err("smpboot: APIC delivery error (ESR %#x) starting APIC ID %u\n", esr, apicid);
	return !esr;
}

/* Wait for cpu's online bit; *us: the time since start (TSC ticks). */
static bool wait_online(unsigned int cpu, u64 start, u64 *us)
{
	while (!cpu_online(cpu)) {
		*us = tsc_to_us(tsc_since_boot() - start);
		if (*us > SMPBOOT_TIMEOUT_MS * 1000ULL)
			return false;
		cpu_relax();
	}
	*us = tsc_to_us(tsc_since_boot() - start);
	return true;
}

static int do_boot_cpu(unsigned int cpu, u32 apicid, struct trampoline_data *data, bool sipi)
{
	void *stack = vmalloc(THREAD_SIZE), *df_stack = vmalloc(DF_STACK_SIZE);
	u64 us = 0, start = tsc_since_boot();

	if (!stack || !df_stack) {
		pr_err("smpboot: no memory for CPU %u's stacks: left offline\n", cpu);
		vfree(stack);
		vfree(df_stack);
		return -ENOMEM;
	}
	per_cpu(x86_cpu_to_apicid, cpu) = apicid;
	idle_task_init((int)cpu); /* its current from its first instruction: "swapper/cpu" */
	smpboot_cpu = cpu;
	smpboot_df_stack_top = (u64)df_stack + DF_STACK_SIZE;
	data->stack = (u64)stack + THREAD_SIZE;
	data->entry = (u64)start_secondary;
	smp_mb();
	if (wakeup_secondary_cpu_via_init(apicid, realmode_phys(), sipi) &&
	    wait_online(cpu, start, &us)) {
		per_cpu(cpu_stack, cpu) = stack;
		pr_info("smpboot: CPU %u (APIC ID %u) online %llu us after its INIT, stack %p-%p\n",
			cpu, apicid, (unsigned long long)us, stack,
			(char *)stack + THREAD_SIZE - 1);
		return 0;
	}
	pr_err("smpboot: CPU %u (APIC ID %u) did not come online within %d ms: left offline, "
	       "the others go on\n",
	       cpu, apicid, SMPBOOT_TIMEOUT_MS);
	/* Back to waiting for a SIPI, so it can no longer touch the stacks. */
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apicid);
	udelay(INIT_DELAY_US);
	vfree(stack);
	vfree(df_stack);
	return -ETIMEDOUT;
}

/* Start each possible AP in MADT order; CPU numbers follow that order. */
static void boot_secondary_cpus(struct trampoline_data *data)
{
	unsigned int cpu = 1;
	u64 no_sipi = 0;
	bool skip = cmdline_get_u64("smpboot.no_sipi", &no_sipi, "sending every CPU its SIPI");

	for (u32 i = 0; i < acpi_madt.nr_cpus && cpu < nr_cpu_ids; i++) {
		const struct acpi_cpu *c = &acpi_madt.cpus[i];

		if (!(c->enabled || c->online_capable) || c->apic_id == apic_timer.boot_apic_id)
			continue;
		do_boot_cpu(cpu, c->apic_id, data, !(skip && no_sipi == cpu));
		cpu++;
	}
}

void smp_init(void)
{
	struct trampoline_data *data;
	unsigned int n;
	int err;

	per_cpu(x86_cpu_to_apicid, 0) = apic_timer.boot_apic_id;
	pr_info("smp: Bringing up secondary CPUs ...\n");
	if (nr_cpu_ids > 1 && !apic_enabled()) {
		pr_warn("smp: no local APIC: the other %u CPUs cannot be started\n",
			nr_cpu_ids - 1);
	} else if (nr_cpu_ids > 1) {
		err = realmode_map(&data);
		if (err) {
			pr_err("smp: cannot set up the AP trampoline (%d): one CPU\n", err);
		} else {
			pr_info("smpboot: trampoline at %#llx (SIPI vector %#llx), identity-mapped "
				"while the APs start\n",
				(unsigned long long)realmode_phys(),
				(unsigned long long)(realmode_phys() >> PAGE_SHIFT));
			smpboot_cr4 = read_cr4();
			boot_secondary_cpus(data);
			realmode_unmap();
		}
	}
	n = num_online_cpus();
	pr_info("smp: Brought up 1 node, %u CPU%s\n", n, n > 1 ? "s" : "");
}
