// SPDX-License-Identifier: MIT
/*
 * 16550 UART driver for COM1 (I/O port 0x3f8), polled. printk() writes here;
 * the shell reads here. Register offsets are from the 16550 datasheet.
 *
 * Input that arrives before anyone reads it is kept, not flushed: bytes
 * typed or piped while the kernel boots wait in the UART, and every time
 * the driver looks at the line status (each byte sent, serial_init()) it
 * moves what has arrived into rx_ring, up to its size; the rest stays in
 * the UART (QEMU holds it back until there is room). Readers take rx_ring
 * first, so bytes come out in the order they arrived.
 */
#include "arch/x86_64/serial.h"
#include "arch/x86_64/cpu.h"

#define COM1 0x3f8
#define UART_DATA 0 /* RX/TX buffer (DLAB=0), divisor low (DLAB=1) */
#define UART_IER 1  /* interrupt enable (DLAB=0), divisor high (DLAB=1) */
#define UART_FCR 2  /* FIFO control */
#define UART_LCR 3  /* line control; bit 7 = DLAB */
#define UART_MCR 4  /* modem control */
#define UART_LSR 5  /* line status */
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

/* Move what the UART holds into rx_ring while there is room; lsr was just read. */
static void rx_keep(u8 lsr)
{
	while ((lsr & LSR_DATA_READY) && rx_head - rx_tail < RX_RING_SIZE) {
		rx_ring[rx_head++ % RX_RING_SIZE] = inb(COM1 + UART_DATA);
		lsr = inb(COM1 + UART_LSR);
	}
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
	outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
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
	if (rx_head == rx_tail)
		rx_keep(inb(COM1 + UART_LSR));
	if (rx_head == rx_tail)
		return -1;
	return rx_ring[rx_tail++ % RX_RING_SIZE];
}

int serial_getc(void)
{
	int c;

	while ((c = serial_getc_nowait()) < 0)
		cpu_relax();
	return c;
}
