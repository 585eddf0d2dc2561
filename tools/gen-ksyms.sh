#!/bin/sh
# SPDX-License-Identifier: MIT
# Write the kernel symbol table (kernel/ksyms.c reads it) as assembly.
# Usage: tools/gen-ksyms.sh [ELF] > ksyms.S   (no ELF: an empty table)
set -eu
NM=${NM:-nm}
{
	if [ $# -ge 1 ]; then
		"$NM" -n --defined-only "$1" | awk '$2 ~ /^[tTwW]$/ && $3 !~ /^(\.|__kernel_start|__text_end)/ { print $1, $3 }'
	fi
} | awk '
{ addr[NR] = $1; name[NR] = $2 }
END {
	print "\t.section .ksyms, \"a\""
	print "\t.balign 8"
	print "\t.globl ksyms_count, ksyms_addr, ksyms_name_off, ksyms_names"
	print "ksyms_count:\n\t.quad " NR
	print "ksyms_addr:"
	for (i = 1; i <= NR; i++) print "\t.quad 0x" addr[i]
	print "ksyms_name_off:"
	off = 0
	for (i = 1; i <= NR; i++) { print "\t.long " off; off += length(name[i]) + 1 }
	print "ksyms_names:"
	for (i = 1; i <= NR; i++) print "\t.asciz \"" name[i] "\""
}'
