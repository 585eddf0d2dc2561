/* SPDX-License-Identifier: MIT */
/*
 * The 16550 UART on COM1: strata's console, polled (no interrupts).
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
/* Wait for and return the next received byte. */
int serial_getc(void);

#endif /* STRATA_SERIAL_H */
