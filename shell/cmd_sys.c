// SPDX-License-Identifier: MIT
/*
 * Shell commands about the machine and the kernel itself: test, torture,
 * dmesg, interrupts, cpus, uptime, clear, poweroff.
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/smpboot.h"
#include "kernel/cpumask.h"
#include "kernel/irq.h"
#include "kernel/smp.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/workqueue.h"
#include "kernel/qemu_exit.h"
#include "mm/vmstat.h"
#include "tests/ktest.h"
#include "tests/torture.h"
#include "arch/x86_64/cpu.h"
#include "kernel/cmdline.h"
#include "lib/string.h"

/*
 * The suites print KTAP as at boot. Each suite ends with its "baseline"
 * case, which compares the memory counters with their values before the
 * suite: what the shell holds ('mine') stays held through it and moves no
 * counter (slab pages count with the free pages, see mm/mm_stats.h).
 */
int cmd_test(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	int failed;

	if (!ktest_nr_selected(filter)) {
		shell_printf("test: no suite or case matches '%s'\n", filter ? filter : "*");
		return -ENOENT;
	}
	failed = ktest_run_all(filter);
	if (failed)
		shell_printf("test: %d case%s failed; the KTAP above says which\n", failed,
			     failed == 1 ? "" : "s");
	else
		shell_printf("test: all passed\n");
	return 0;
}

#define TORTURE_SHELL_MS 1000 /* the shell's default length */

/* One KEY=N argument of torture into cfg; false (after one line saying why) if it is not one. */
static bool torture_parse_arg(const char *arg, struct torture_config *cfg)
{
	const char *eq = strchr(arg, '=');
	u64 v;

	if (!eq || !parse_u64(eq + 1, &v)) {
		shell_printf("torture: '%s' is not KEY=NUMBER (seed=, cpus= or ms=)\n", arg);
		return false;
	}
	if (!strncmp(arg, "seed=", 5)) {
		cfg->seed = v ? v : 1;
	} else if (!strncmp(arg, "cpus=", 5)) {
		if (v < 1 || v > num_online_cpus()) {
			shell_printf("torture: cpus=%llu: %u CPU(s) online, so 1 to %u\n",
				     (unsigned long long)v, num_online_cpus(), num_online_cpus());
			return false;
		}
		cfg->cpus = (unsigned int)v;
	} else if (!strncmp(arg, "ms=", 3)) {
		if (v < 1 || v > TORTURE_MAX_MS) {
			shell_printf("torture: ms=%llu: between 1 and %u\n", (unsigned long long)v,
				     TORTURE_MAX_MS);
			return false;
		}
		cfg->ms = (unsigned int)v;
	} else {
		shell_printf("torture: unknown option '%s' (seed=, cpus= or ms=)\n", arg);
		return false;
	}
	return true;
}

/*
 * The multi-CPU torture test (tests/torture.h): seed (default from the
 * TSC, printed so a run replays), how many online CPUs, how long.
 */
int cmd_torture(int argc, char **argv)
{
	struct torture_config cfg = {.seed = rdtsc() | 1, .cpus = 0, .ms = TORTURE_SHELL_MS};

	for (int i = 1; i < argc; i++)
		if (!torture_parse_arg(argv[i], &cfg))
			return -EINVAL;
	if (!torture_run(&cfg, NULL))
		shell_printf("torture: FAILED; replay with: torture seed=%#llx cpus=%u ms=%u\n",
			     (unsigned long long)cfg.seed, cfg.cpus ? cfg.cpus : num_online_cpus(),
			     cfg.ms);
	return 0;
}

int cmd_dmesg(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_buf_dump();
	return 0;
}

int cmd_interrupts(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	show_interrupts();
	return 0;
}

/*
 * Each possible CPU: its APIC ID, online or not, its kernel stack, its
 * interrupt counts (timer, the IPIs: reschedule, function calls and the
 * shootdowns among them, device lines), the work items its worker ran and
 * the pages it allocated and freed (Linux's PGALLOC and PGFREE events).
 */
int cmd_cpus(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_printf("%-4s %7s  %-7s  %-33s %10s %8s %8s %8s %8s %8s %10s %10s\n", "CPU", "APIC ID",
		     "state", "kernel stack", "LOC", "RES", "CAL", "TLB", "work", "lines",
		     "pgalloc", "pgfree");
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct irq_cpustat *st = &per_cpu(irq_stat, cpu);
		void *stack = per_cpu(cpu_stack, cpu);
		char where[40] = "boot stack (image)";
		u64 lines = 0;

		for (unsigned int irq = 0; irq < NR_IRQS; irq++)
			lines += kstat_irqs_cpu(irq, cpu);
		if (stack)
			snprintf(where, sizeof(where), "%p-%p", stack,
				 (char *)stack + THREAD_SIZE - 1);
		else if (cpu)
			snprintf(where, sizeof(where), "-");
		shell_printf(
			"%-4u %7u  %-7s  %-33s %10llu %8llu %8llu %8llu %8llu %8llu %10lu %10lu\n",
			cpu, per_cpu(x86_cpu_to_apicid, cpu),
			cpu_online(cpu) ? "online" : "offline", where,
			(unsigned long long)st->apic_timer_irqs,
			(unsigned long long)st->irq_resched_count,
			(unsigned long long)st->irq_call_count,
			(unsigned long long)st->irq_tlb_count,
			(unsigned long long)work_done_count((int)cpu), (unsigned long long)lines,
			cpu_vm_events(PGALLOC, cpu), cpu_vm_events(PGFREE, cpu));
	}
	shell_printf("%u of %u possible CPUs online\n", num_online_cpus(), nr_cpu_ids);
	return 0;
}

/* Two clocks that must agree: the tick count and the TSC (printk's clock). */
int cmd_uptime(int argc, char **argv)
{
	u64 j = jiffies_64, us = uptime_us();

	(void)argc;
	(void)argv;
	shell_printf("up %llu.%03llu s: jiffies %llu at HZ=%d (jiffies_to_msecs: %u ms); the TSC "
		     "says %llu.%03llu s\n",
		     (unsigned long long)(j / HZ), (unsigned long long)(j % HZ * 1000 / HZ),
		     (unsigned long long)j, HZ, jiffies_to_msecs((unsigned long)j),
		     (unsigned long long)(us / 1000000), (unsigned long long)(us % 1000000 / 1000));
	return 0;
}

int cmd_clear(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_printf("\033[2J\033[H"); /* ANSI: erase the screen, cursor home */
	return 0;
}

int cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_printf("Powering off.\n");
	machine_poweroff();
}
