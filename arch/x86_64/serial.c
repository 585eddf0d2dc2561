// SPDX-License-Identifier: MIT
/*
 * 16550 UART driver for COM1 (I/O port 0x3f8, ISA irq 4). printk() writes
 * here, polled; the shell reads here. Register offsets are from the 16550
 * datasheet.
 *
 * Input, once serial_irq_init() has routed irq 4: the receive interrupt
 * moves every waiting byte into rx_ring, and serial_getc() sleeps in hlt
 * until the ring has one. Before that (early boot, or no IOAPIC) and
 * whenever the caller has interrupts off, serial_getc() polls the UART.
 * It also checks the UART before each sleep, so a lost interrupt delays a
 * byte by one tick at most.
 *
 * rx_ring is a single-producer (the handler), single-consumer (the shell)
 * ring; the consumer takes from it with interrupts off, so on one CPU
 * neither side sees the other half-done.
 */
#include "arch/x86_64/serial.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io_apic.h"
#include "arch/x86_64/irqflags.h"
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

#define RX_RING_SIZE 256 /* a power of two */

static struct {
	u8 buf[RX_RING_SIZE];
	volatile u32 head; /* next write (the handler); head - tail bytes waiting */
	volatile u32 tail; /* next read (serial_getc) */
	u64 dropped;	   /* bytes lost to a full ring */
} rx_ring;
static bool rx_by_irq; /* irq 4 is routed and handled */

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80);
	outb(COM1 + UART_DATA, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x03); /* 8 data bits, no parity, 1 stop */
	outb(COM1 + UART_FCR, 0xc7); /* enable and clear FIFOs */
	outb(COM1 + UART_MCR, MCR_DTR_RTS);
}

static void serial_tx(u8 c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
		cpu_relax();
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
	if (!(inb(COM1 + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + UART_DATA);
}

/* The receive interrupt: drain the UART's FIFO into the ring. */
static irqreturn_t serial_rx_interrupt(int irq, void *dev_id)
{
	irqreturn_t ret = IRQ_NONE;
	int c;

	(void)irq;
	(void)dev_id;
	while ((c = serial_getc_nowait()) >= 0) {
		ret = IRQ_HANDLED;
		if (rx_ring.head - rx_ring.tail == RX_RING_SIZE) {
			rx_ring.dropped++;
			continue;
		}
		rx_ring.buf[rx_ring.head % RX_RING_SIZE] = (u8)c;
		rx_ring.head++;
	}
	return ret;
}

int serial_irq_init(void)
{
	int err = request_irq(COM1_IRQ, serial_rx_interrupt, 0, "ttyS0", &rx_ring);

	if (err)
		return err;
	err = io_apic_route_isa_irq(COM1_IRQ);
	if (err) {
		free_irq(COM1_IRQ, &rx_ring);
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
		if (rx_ring.head != rx_ring.tail) {
			c = rx_ring.buf[rx_ring.tail % RX_RING_SIZE];
			rx_ring.tail++;
			local_irq_restore(flags);
			return c;
		}
		/*
		 * The UART itself, with interrupts off: before the interrupt is
		 * routed this is the only way in; after, it is a safety net, so
		 * a lost interrupt costs one timer tick, never a hung shell.
		 */
		c = serial_getc_nowait();
		if (c >= 0) {
			local_irq_restore(flags);
			return c;
		}
		if (rx_by_irq && !irqs_disabled_flags(flags)) {
			safe_halt(); /* the next interrupt wakes us, IF on again */
			continue;
		}
		local_irq_restore(flags);
		cpu_relax();
	}
}
