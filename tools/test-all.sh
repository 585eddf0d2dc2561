#!/bin/sh
# SPDX-License-Identifier: MIT
# Everything `make test` runs, in order. Every step runs even if an earlier
# one failed; each appends "name passed failed" to the results file, and the
# last line printed is the total "N passed, N failed". Exit status non-zero
# if anything failed.
set -u
B=build
results=$B/test-results.txt
: > "$results"
KTEST="tools/ktest --quiet --results $results"

step() {
	echo "== $1"
}

for t in $B/host/test_*; do
	[ -x "$t" ] || continue
	step "host: $t"
	$KTEST --host "$t" --name "host:$(basename "$t")"
done

step "boot: QEMU -kernel (multiboot 1), 256M"
$KTEST --boot kernel --name boot-kernel --log $B/ktest-kernel.log

step "KTAP check: Linux's kunit.py parse of the -kernel log"
if tools/kunit-parse-check $B/ktest-kernel.log; then
	echo "kunit-parse 1 0" >> "$results"
else
	echo "kunit-parse 0 1" >> "$results"
fi

step "boot: -kernel, page_poison=1 (buddy suite with poisoning on)"
$KTEST --boot kernel --cmdline "page_poison=1 ktest.filter=buddy" --name boot-page-poison --log $B/ktest-poison.log

step "boot: -kernel, slub_debug=FPZ (slab suites with debugging on in every cache)"
$KTEST --boot kernel --cmdline "slub_debug=FPZ ktest.filter=slab*" --name boot-slub-debug --log $B/ktest-slub-debug.log

step "boot: GRUB ISO (multiboot 2), 256M"
$KTEST --boot iso --name boot-iso --log $B/ktest-iso.log

step "boot: -kernel, 32M"
$KTEST --boot kernel --memory 32M --name boot-32M --log $B/ktest-32M.log

step "boot: GRUB ISO, 4G (RAM above the PCI hole), q35"
$KTEST --boot iso --memory 4G --qemu-args "-machine q35" --name boot-4G-q35 --log $B/ktest-4G.log

echo "== summary"
tools/ktest --summarize "$results"
