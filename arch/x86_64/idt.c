// SPDX-License-Identifier: MIT
/*
 * IDT setup. Each gate is 16 bytes (Intel SDM vol. 3, 6.14.1):
 *
 *   offset[15:0] | selector | ist | type 0x8e | offset[31:16] | offset[63:32] | 0
 *
 * All 256 vectors use interrupt gates (IF cleared on entry), so handlers
 * never nest: the 32 exceptions and the external interrupts 32-255 (their
 * use: arch/x86_64/irq_vectors.h). The double fault (vector 8) runs on IST1
 * so that it has a good stack even when the kernel stack overflowed into
 * its guard page.
 */
#include "arch/x86_64/idt.h"
#include "arch/x86_64/gdt.h"
#include "lib/types.h"

#define NR_GATES 256
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type;
	u16 offset_mid;
	u32 offset_high;
	u32 zero;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate layout is fixed by the CPU");

extern const u64 isr_stub_table[NR_GATES];

static struct idt_gate idt[NR_GATES];

static void idt_set_gate(int vec, u64 handler, u8 ist)
{
	idt[vec].offset_low = handler & 0xffff;
	idt[vec].selector = GDT_KERNEL_CS;
	idt[vec].ist = ist;
	idt[vec].type = GATE_INTERRUPT;
	idt[vec].offset_mid = (handler >> 16) & 0xffff;
	idt[vec].offset_high = handler >> 32;
	idt[vec].zero = 0;
}

void idt_init(void)
{
	struct {
		u16 limit;
		u64 base;
	} __attribute__((packed)) ptr;

	for (int v = 0; v < NR_GATES; v++)
		idt_set_gate(v, isr_stub_table[v], v == 8 ? IST_DOUBLE_FAULT : 0);

	ptr.limit = sizeof(idt) - 1;
	ptr.base = (u64)idt;
	__asm__ volatile("lidt %0" : : "m"(ptr));
}
