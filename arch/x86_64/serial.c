// SPDX-License-Identifier: MIT
/*
 * 16550 UART driver for COM1 (I/O port 0x3f8), polled. printk() writes here;
 * the shell reads here. Register offsets are from the 16550 datasheet.
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

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80);
	outb(COM1 + UART_DATA, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x03); /* 8 data bits, no parity, 1 stop */
	outb(COM1 + UART_FCR, 0xc7); /* enable and clear FIFOs */
	outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
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

int serial_getc(void)
{
	int c;

	while ((c = serial_getc_nowait()) < 0)
		cpu_relax();
	return c;
}
