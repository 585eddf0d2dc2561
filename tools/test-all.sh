#!/bin/sh
# SPDX-License-Identifier: MIT
# Everything `make test` runs, in order. Every step runs even if an earlier
# one failed; each appends "name passed failed" to the results file, and the
# last line printed is the total "N passed, N failed". Exit status non-zero
# if anything failed.
#
# The steps: host unit tests; the boot matrix (every suite in each
# configuration below); the sanitized kernel (make san) running every suite;
# and one boot per deliberate bug of tests/provoke.c, proving each detector
# reports. docs/hardening.md explains the choice of the matrix.
set -u
B=build
results=$B/test-results.txt
: > "$results"
KTEST="tools/ktest --quiet --results $results"
SAN_KERNEL=$B/san/strata.elf

step() {
	echo "== $1"
}

# boot NAME BOOT MACHINE MEMORY [tools/ktest options]: one matrix cell.
boot() {
	name=$1 how=$2 machine=$3 mem=$4
	shift 4
	step "boot: $name: $how, -machine $machine, -m $mem"
	$KTEST --boot "$how" --qemu-args "-machine $machine" --memory "$mem" \
		--name "$name" --log "$B/ktest-$name.log" "$@"
}

# What a boot must show about its firmware. A UEFI boot must see the UEFI
# memory map: EFI tags from GRUB and a fragmented map (10 or more entries,
# where SeaBIOS gives 6 or 7).
BIOS="--expect-log firmware:.BIOS"
UEFI="--expect-log firmware:.UEFI --expect-log RAM.map.\(multiboot2,.[1-9][0-9]+.entries"

for t in $B/host/test_*; do
	[ -x "$t" ] || continue
	step "host: $t"
	$KTEST --host "$t" --name "host:$(basename "$t")"
done

#    name         boot    machine memory  checks
boot boot-kernel  kernel  pc      256M    $BIOS
step "KTAP check: Linux's kunit.py parse of the -kernel log"
if tools/kunit-parse-check $B/ktest-boot-kernel.log; then
	echo "kunit-parse 1 0" >> "$results"
else
	echo "kunit-parse 0 1" >> "$results"
fi
boot boot-32M     kernel  pc      32M     $BIOS
boot boot-128M    kernel  q35     128M    $BIOS
boot boot-8G-q35  kernel  q35     8G      $BIOS
boot boot-iso     iso     pc      256M    $BIOS
boot boot-iso-1G  iso     pc      1G      $BIOS
boot boot-4G-q35  iso     q35     4G      $BIOS
boot uefi-1G      uefi    pc      1G      $UEFI
boot uefi-4G-q35  uefi    q35     4G      $UEFI
boot uefi-8G      uefi    pc      8G      $UEFI

step "boot: -kernel, page_poison=1 (buddy suite with poisoning on)"
$KTEST --boot kernel --cmdline "page_poison=1 ktest.filter=buddy" --name boot-page-poison --log $B/ktest-poison.log

step "boot: -kernel, slub_debug=FPZ (slab suites with debugging on in every cache)"
$KTEST --boot kernel --cmdline "slub_debug=FPZ ktest.filter=slab*" --name boot-slub-debug --log $B/ktest-slub-debug.log

# The sanitized kernel: every suite, once by -kernel and once under UEFI.
boot san-kernel   kernel  pc      256M    --kernel $SAN_KERNEL
boot san-uefi-4G  uefi    q35     4G      --kernel $SAN_KERNEL $UEFI

# The KASAN kernel (make kasan): every suite, each case failing on any KASAN
# report it did not provoke; the kasan suite provokes and checks them.
boot kasan-kernel kernel  pc      256M    --kernel $B/kasan/strata.elf

# Each deliberate bug must panic with its report. The table is read from
# tests/provoke.c, one { "name", function, "expected text" } per line.
sed -n 's/^[[:space:]]*{ *"\([a-z_]*\)", *[a-z_]*, *"\(.*\)" *},$/\1 \2/p' tests/provoke.c |
	while read -r name expect; do
		step "detector: provoke=$name -> \"$expect\""
		$KTEST --kernel $SAN_KERNEL --cmdline "provoke=$name" --expect-panic "$expect" \
			--name "provoke:$name" --log "$B/ktest-provoke-$name.log"
	done
if ! grep -q '^provoke:' "$results"; then
	echo "no provocations found in tests/provoke.c"
	echo "provoke:table 0 1" >> "$results"
fi

step "gdb: strata-* GDB commands against the kernel's own report (tools/gdb-test)"
tools/gdb-test --quiet --results "$results"

step "shell: a session typed on the serial console"
tools/shell-test --results "$results" --log $B/shell-test.log

step "memmap-svg: the picture's frame counts against the kernel's (recorded 32M dump, this session's)"
tools/memmap-svg --check --no-png tests/data/memmap-32M.log -o $B/memmap-recorded.svg \
	--results "$results" --name memmap-svg:recorded
tools/memmap-svg --check --no-png $B/shell-test.log -o $B/memmap-session.svg \
	--results "$results" --name memmap-svg:session

echo "== summary"
tools/ktest --summarize "$results"
