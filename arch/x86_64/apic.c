// SPDX-License-Identifier: MIT
/*
 * The boot CPU's local APIC (Intel SDM vol. 3, chapter 11).
 *
 * Two ways to reach the same registers: x2APIC mode, where register offset
 * r is MSR 0x800 + r / 16 and the ICR is one 64-bit MSR; and xAPIC mode,
 * where they are 32-bit MMIO words in a 4 KiB page, mapped uncached in the
 * fixmap. apic_read()/apic_write() hide the difference.
 *
 * The timer counts down from an initial count at the bus clock divided by
 * 16. Calibration: run it one-shot from 0xffffffff and measure its rate
 * against 10 ms of PIT channel 2 (pit_measure_rate, arch/x86_64/i8253.c).
 * One jiffy is then apic_khz * 1000 / HZ counts. The PIT, not the TSC, is
 * the reference: under QEMU both the PIT and the APIC timer run on the
 * virtual clock, so their ratio holds even where the guest TSC follows an
 * unsteady host TSC (as on this project's shared, virtual machines). Linux
 * 6.1 also measures the APIC timer against a legacy clock
 * (calibrate_APIC_clock()) unless CPUID or the hypervisor tells the rate.
 *
 * Each AP runs apic_init_secondary(): the same mode, the same register
 * setup, its own timer with the boot CPU's calibration (every CPU's bus
 * clock runs alike). The state here (apic_timer, the mode, the xAPIC
 * page's address) is shared: each CPU reaches its own APIC at that address.
 */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/i8253.h"
#include "arch/x86_64/irq_vectors.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "mm/fixmap.h"

#define MSR_IA32_APICBASE 0x1b
#define APICBASE_X2APIC_ENABLE (1UL << 10)
#define APICBASE_ENABLE (1UL << 11)
#define X2APIC_MSR_BASE 0x800
#define X2APIC_SELF_IPI 0x83f

#define CPUID1_EDX_APIC (1U << 9)
#define CPUID1_ECX_X2APIC (1U << 21)

#define APIC_SPIV_ENABLE (1U << 8)
#define APIC_LVT_MASKED (1U << 16)
#define APIC_LVT_TIMER_PERIODIC (1U << 17)
#define APIC_TDR_DIV_16 0x3
#define APIC_ICR_DEST_SELF (1U << 18) /* destination shorthand 01: self */
#define APIC_ICR_BUSY (1U << 12)      /* xAPIC: delivery status */
#define X2APIC_ICR 0x830	      /* the ICR as one 64-bit MSR */

#define CALIBRATE_MS 10

struct apic_timer_info apic_timer;
static bool x2apic;		 /* registers are MSRs (x2APIC mode), else MMIO */
static volatile u32 *xapic_regs; /* the fixmap page in xAPIC mode */
static bool enabled;		 /* apic_init() got the APIC on: EOIs and IPIs go out */

static u32 apic_read(u32 reg)
{
	if (x2apic)
		return (u32)rdmsr(X2APIC_MSR_BASE + reg / 16);
	return xapic_regs[reg / 4];
}

static void apic_write(u32 reg, u32 v)
{
	if (x2apic)
		wrmsr(X2APIC_MSR_BASE + reg / 16, v);
	else
		xapic_regs[reg / 4] = v;
}

bool apic_enabled(void)
{
	return enabled;
}

void apic_eoi(void)
{
	if (enabled)
		apic_write(APIC_EOI, 0);
}

bool apic_vector_in_service(unsigned int vector)
{
	if (!enabled || vector >= 256)
		return false;
	return apic_read(APIC_ISR + (vector / 32) * 0x10) & (1U << (vector % 32));
}

void apic_send_self_ipi(unsigned int vector)
{
	if (!enabled)
		return;
	if (x2apic) {
		wrmsr(X2APIC_SELF_IPI, vector & 0xff);
		return;
	}
	while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
		cpu_relax();
	apic_write(APIC_ICR2, 0);
	apic_write(APIC_ICR, APIC_ICR_DEST_SELF | (vector & 0xff));
}

u32 apic_timer_current_count(void)
{
	return enabled ? apic_read(APIC_TMCCT) : 0;
}

/*
 * Only the boot CPU advances jiffies (Linux's tick_do_timer_cpu); every CPU
 * counts its ticks and runs its own expired timers (kernel/timer.h).
 */
void apic_timer_interrupt(void)
{
	if (smp_processor_id() == 0)
		do_timer(1);
	run_local_timers();
	scheduler_tick();
}

void apic_error_interrupt(void)
{
	u32 esr;

	apic_write(APIC_ESR, 0); /* latch the errors into ESR, then read */
	esr = apic_read(APIC_ESR);
	pr_err("APIC error on CPU%d: ESR %#x\n", smp_processor_id(), esr);
}

static u64 apic_timer_count(void)
{
	return apic_read(APIC_TMCCT);
}

/* Ticks per ms of the timer, running one-shot from 0xffffffff, against the PIT. */
static u64 apic_timer_calibrate(void)
{
	u64 khz;

	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR); /* one-shot, silent */
	apic_write(APIC_TMICT, 0xffffffff);
	khz = pit_measure_rate(apic_timer_count, CALIBRATE_MS);
	apic_write(APIC_TMICT, 0);
	return khz;
}

/*
 * Turn the APIC on in xAPIC mode (registers in the MMIO page, mapped in the
 * fixmap), even where x2APIC mode follows: apic_init() calibrates the timer
 * first, through the page. Under QEMU's -icount (make bench) a read of the
 * timer's current count reads the virtual clock, which QEMU allows only in
 * an I/O access; QEMU 10 treats an rdmsr as none and stops ("Bad icount
 * read"). A firmware that left x2APIC mode on is kept in it (leaving it
 * needs the APIC off first). *x2apic_next: switch after the calibration.
 */
static int apic_map(u64 lapic_phys, bool *x2apic_next)
{
	u32 a, b, c, d;
	u64 base;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_APIC)) {
		pr_err("APIC: CPUID says this CPU has no local APIC: no interrupts\n");
		return -ENODEV;
	}
	base = rdmsr(MSR_IA32_APICBASE);
	*x2apic_next = c & CPUID1_ECX_X2APIC;
	if (base & APICBASE_X2APIC_ENABLE) {
		x2apic = true;
		*x2apic_next = false;
		apic_timer.mode = "x2APIC";
		apic_timer.boot_apic_id = (u32)rdmsr(X2APIC_MSR_BASE + APIC_ID / 16);
		return 0;
	}
	if ((base & ~0xfffUL) != lapic_phys)
		pr_warn("APIC: IA32_APIC_BASE says %#llx, the MADT %#llx: using the MADT's\n",
			(unsigned long long)(base & ~0xfffUL), (unsigned long long)lapic_phys);
	wrmsr(MSR_IA32_APICBASE, base | APICBASE_ENABLE);
	xapic_regs = (volatile u32 *)set_fixmap_nocache(FIX_APIC_BASE, lapic_phys);
	if (!xapic_regs)
		return -ENOMEM;
	apic_timer.mode = "xAPIC";
	apic_timer.boot_apic_id = xapic_regs[APIC_ID / 4] >> 24;
	return 0;
}

/*
 * From xAPIC to x2APIC mode (the SDM allows this step directly; the
 * registers keep their values). The MMIO page is no longer used.
 */
static void apic_enter_x2apic(void)
{
	wrmsr(MSR_IA32_APICBASE,
	      rdmsr(MSR_IA32_APICBASE) | APICBASE_ENABLE | APICBASE_X2APIC_ENABLE);
	x2apic = true;
	apic_timer.mode = "x2APIC";
	apic_timer.boot_apic_id = (u32)rdmsr(X2APIC_MSR_BASE + APIC_ID / 16);
}

/*
 * This CPU's registers: every priority accepted, the APIC on with its
 * spurious vector, LINT0 masked (no ExtINT: the 8259s are unused), errors
 * on ERROR_APIC_VECTOR. Each CPU runs it for its own APIC.
 */
static void apic_setup_local(void)
{
	apic_write(APIC_TASKPRI, 0);
	apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_LVT0, APIC_LVT_MASKED);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
}

/* This CPU's timer, periodic at HZ with the shared calibration (per CPU too). */
static void apic_timer_start_local(void)
{
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, apic_timer.count_per_hz);
}

int apic_init(u64 lapic_phys)
{
	bool x2apic_next;
	int err = apic_map(lapic_phys, &x2apic_next);

	if (err)
		return err;
	apic_setup_local();
	enabled = true;

	apic_timer.apic_khz = apic_timer_calibrate(); /* once: every CPU's bus runs alike */
	if (x2apic_next)
		apic_enter_x2apic();
	apic_timer.count_per_hz = (u32)(apic_timer.apic_khz * 1000 / HZ);
	if (!apic_timer.count_per_hz) {
		pr_err("APIC: the timer did not count during calibration: no timer\n");
		return 0;
	}
	apic_timer_start_local();
	apic_timer.running = true;
	pr_info("APIC: %s, boot CPU APIC ID %u; timer %llu kHz (bus / 16), periodic at HZ=%d: "
		"%u counts per jiffy\n",
		apic_timer.mode, apic_timer.boot_apic_id, (unsigned long long)apic_timer.apic_khz,
		HZ, apic_timer.count_per_hz);
	return 0;
}

void apic_icr_write(u32 low, u32 apicid)
{
	unsigned long flags;

	if (!enabled)
		return;
	if (x2apic) {
		wrmsr(X2APIC_ICR, ((u64)apicid << 32) | low);
		return;
	}
	/* Interrupts off: a handler's IPI between the two writes would change ICR2. */
	local_irq_save(flags);
	while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
		cpu_relax();
	apic_write(APIC_ICR2, apicid << 24);
	apic_write(APIC_ICR, low);
	local_irq_restore(flags);
}

bool apic_icr_busy(void)
{
	return enabled && !x2apic && (apic_read(APIC_ICR) & APIC_ICR_BUSY);
}

bool apic_x2apic_mode(void)
{
	return x2apic;
}

u32 apic_read_id(void)
{
	u32 id = apic_read(APIC_ID);

	return x2apic ? id : id >> 24;
}

u32 apic_esr_read(void)
{
	apic_write(APIC_ESR, 0);
	return apic_read(APIC_ESR);
}

void apic_init_secondary(void)
{
	u64 base = rdmsr(MSR_IA32_APICBASE);

	wrmsr(MSR_IA32_APICBASE, base | APICBASE_ENABLE);
	if (x2apic)
		wrmsr(MSR_IA32_APICBASE, base | APICBASE_ENABLE | APICBASE_X2APIC_ENABLE);
	apic_setup_local();
	if (apic_timer.running)
		apic_timer_start_local();
}
