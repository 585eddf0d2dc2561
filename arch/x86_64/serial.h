/* SPDX-License-Identifier: MIT */
/*
 * The 16550 UART on COM1: strata's console. Output is polled; input comes
 * by interrupt (ISA irq 4) once serial_irq_init() has run, polled before.
 */
#ifndef STRATA_SERIAL_H
#define STRATA_SERIAL_H

#include "lib/types.h"

/* Program COM1 for 115200 8N1 with FIFOs. Safe to call more than once. */
void serial_init(void);
/* Send one byte, waiting for the transmitter; "\n" is sent as "\r\n". */
void serial_putc(char c);
void serial_write(const char *s, size_t n);
/* Return the next received byte, or -1 at once if none is waiting. */
int serial_getc_nowait(void);
/*
 * Wait for and return the next received byte: asleep in hlt between
 * interrupts when input is interrupt-driven and the caller has interrupts
 * on, else polling the UART.
 */
int serial_getc(void);
/*
 * Take input by interrupt: request irq 4, route it through the IOAPIC,
 * enable the UART's receive interrupt. Returns 0 or the error of
 * request_irq() / io_apic_route_isa_irq(); input stays polled then.
 */
int serial_irq_init(void);

#endif /* STRATA_SERIAL_H */
