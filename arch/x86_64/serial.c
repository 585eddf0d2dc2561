// SPDX-License-Identifier: MIT
/*
 * 16550 UART driver for COM1 (I/O port 0x3f8, ISA irq 4). printk() writes
 * here, polled; the shell reads here. Register offsets are from the 16550
 * datasheet.
 *
 * Input that arrives before anyone reads it is kept, not flushed: bytes
 * typed or piped while the kernel boots wait in the UART, and every time
 * the driver looks at the line status (each byte sent, serial_init()) it
 * moves what has arrived into rx_ring, up to its size; the rest stays in
 * the UART (QEMU holds it back until there is room). Readers take rx_ring
 * first, so bytes come out in the order they arrived.
 *
 * Once serial_irq_init() has routed irq 4, the receive interrupt does the
 * same moving, and serial_getc() idles (kernel/idle.c: runs the CPU's
 * queued work, or sleeps in hlt) until the ring has a byte.
 * Before that (early boot, or no IOAPIC), and whenever the caller has
 * interrupts off, serial_getc() polls. It also looks at the UART before
 * each sleep, so a lost interrupt delays a byte by one tick at most.
 *
 * rx_ring has two producers, the interrupt (on CPU 0, where the IOAPIC
 * sends irq 4) and the transmit path (any CPU that prints), and one
 * consumer; each holds rx_lock with interrupts off, so none sees another
 * half-done, on one CPU or several. rx_lock is a raw arch_spinlock_t, not
 * a spinlock_t, because lock debugging reports through printk and so
 * through here; it is a leaf (nothing is taken under it).
 */
#include "arch/x86_64/serial.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io_apic.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/spinlock.h"
#include "kernel/idle.h"
#include "kernel/irq.h"

#define COM1 0x3f8
#define COM1_IRQ 4
#define UART_DATA 0 /* RX/TX buffer (DLAB=0), divisor low (DLAB=1) */
#define UART_IER 1  /* interrupt enable (DLAB=0), divisor high (DLAB=1) */
#define UART_FCR 2  /* FIFO control */
#define UART_LCR 3  /* line control; bit 7 = DLAB */
#define UART_MCR 4  /* modem control */
#define UART_LSR 5  /* line status */
#define IER_RX_AVAILABLE 0x01
#define MCR_DTR_RTS 0x03
#define MCR_OUT2 0x08 /* gates the UART's interrupt onto the ISA line */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define FCR_ENABLE_TRIGGER_14 0xc1 /* FIFOs on, RX interrupt level 14; nothing cleared */

#define RX_RING_SIZE 512 /* a power of two */

/*
 * Received bytes not read yet: rx_ring[i % RX_RING_SIZE] for i in
 * [rx_tail, rx_head); rx_head - rx_tail <= RX_RING_SIZE.
 */
static u8 rx_ring[RX_RING_SIZE];
static u32 rx_head, rx_tail;
static bool rx_by_irq;		/* irq 4 is routed and handled */
static arch_spinlock_t rx_lock; /* guards rx_ring, rx_head, rx_tail; zero: unlocked */

/*
 * Move what the UART holds into rx_ring while there is room; lsr was just
 * read. Interrupts off, rx_lock held.
 */
static void rx_keep_locked(u8 lsr)
{
	while ((lsr & LSR_DATA_READY) && rx_head - rx_tail < RX_RING_SIZE) {
		rx_ring[rx_head++ % RX_RING_SIZE] = inb(COM1 + UART_DATA);
		lsr = inb(COM1 + UART_LSR);
	}
}

static void rx_keep(u8 lsr)
{
	unsigned long flags;

	local_irq_save(flags);
	arch_spin_lock(&rx_lock);
	rx_keep_locked(lsr);
	arch_spin_unlock(&rx_lock);
	local_irq_restore(flags);
}

/*
 * The receive FIFO is not cleared: what was typed or piped before the
 * kernel started is input too. Switching the FIFOs on empties them (the
 * 16550 and QEMU both do), so what has arrived is kept first. QEMU offers
 * more input only after a read of the data register, so one read follows
 * even when nothing is waiting (an empty read returns a stale byte, which
 * is dropped).
 */
void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80);
	outb(COM1 + UART_DATA, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x03); /* 8 data bits, no parity, 1 stop */
	rx_keep(inb(COM1 + UART_LSR));
	outb(COM1 + UART_FCR, FCR_ENABLE_TRIGGER_14);
	outb(COM1 + UART_MCR, MCR_DTR_RTS);
	if (!(inb(COM1 + UART_LSR) & LSR_DATA_READY))
		(void)inb(COM1 + UART_DATA);
	rx_keep(inb(COM1 + UART_LSR));
}

static void serial_tx(u8 c)
{
	u8 lsr;

	while (!((lsr = inb(COM1 + UART_LSR)) & LSR_THR_EMPTY)) {
		rx_keep(lsr);
		cpu_relax();
	}
	rx_keep(lsr);
	outb(COM1 + UART_DATA, c);
}

void serial_putc(char c)
{
	if (c == '\n')
		serial_tx('\r');
	serial_tx((u8)c);
}

void serial_write(const char *s, size_t n)
{
	while (n--)
		serial_putc(*s++);
}

int serial_getc_nowait(void)
{
	unsigned long flags;
	int c = -1;

	local_irq_save(flags);
	arch_spin_lock(&rx_lock);
	if (rx_head == rx_tail)
		rx_keep_locked(inb(COM1 + UART_LSR));
	if (rx_head != rx_tail)
		c = rx_ring[rx_tail++ % RX_RING_SIZE];
	arch_spin_unlock(&rx_lock);
	local_irq_restore(flags);
	return c;
}

/* The receive interrupt: move what the UART holds into the ring. */
static irqreturn_t serial_rx_interrupt(int irq, void *dev_id)
{
	u32 before = rx_head;

	(void)irq;
	(void)dev_id;
	rx_keep(inb(COM1 + UART_LSR));
	return rx_head != before ? IRQ_HANDLED : IRQ_NONE;
}

int serial_irq_init(void)
{
	int err = request_irq(COM1_IRQ, serial_rx_interrupt, 0, "ttyS0", rx_ring);

	if (err)
		return err;
	err = io_apic_route_isa_irq(COM1_IRQ);
	if (err) {
		free_irq(COM1_IRQ, rx_ring);
		return err;
	}
	outb(COM1 + UART_MCR, MCR_DTR_RTS | MCR_OUT2);
	outb(COM1 + UART_IER, IER_RX_AVAILABLE);
	rx_by_irq = true;
	return 0;
}

int serial_getc(void)
{
	unsigned long flags;
	int c;

	for (;;) {
		local_irq_save(flags);
		c = serial_getc_nowait(); /* the ring, then the UART itself */
		if (c >= 0) {
			local_irq_restore(flags);
			return c;
		}
		if (rx_by_irq && !irqs_disabled_flags(flags)) {
			do_idle_once(); /* queued work, or hlt until an interrupt; IF on again */
			continue;
		}
		local_irq_restore(flags);
		cpu_relax();
	}
}
