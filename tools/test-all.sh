#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Everything `make test` runs. Every step runs even if an earlier one
# failed; each appends "name passed failed" to the results file, and the
# last line printed is the total "N passed, N failed". Exit status non-zero
# if anything failed.
#
# The steps: host unit tests; the boot matrix (every suite in each
# configuration below); the page-poison and slub_debug boots; the sanitized
# (make san) and KASAN (make kasan) kernels running every suite; one boot per
# deliberate bug of tests/provoke.c, proving each detector reports; the GDB
# commands; a typed shell session and the memmap picture; the shell with
# memory exhausted (tools/exhaust-sweep).
# docs/hardening.md explains the choice of the matrix.
#
# Boots are independent, so they run $JOBS at a time (default 2: the
# machines have 2 cores); each step's output is printed whole when it ends.
set -u
B=build
JOBS=${JOBS:-2}
results=$B/test-results.txt
: > "$results"
KTEST="tools/ktest --quiet --results $results"
SAN_KERNEL=$B/san/strata.elf
KASAN_KERNEL=$B/kasan/strata.elf

# task TITLE COMMAND...: run COMMAND in the background, at most $JOBS at
# once, and print TITLE and its output when it is done.
task() {
	local title=$1 out
	shift
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n
	done
	out=$(mktemp "$B/task.XXXXXX")
	(
		"$@" > "$out" 2>&1
		printf '== %s\n%s\n' "$title" "$(cat "$out")"
		rm -f "$out"
	) &
}

# record NAME COMMAND...: run COMMAND and append "NAME 1 0" if it
# succeeded, "NAME 0 1" if not: one check's line in the results.
record() {
	local name=$1
	shift
	if "$@"; then
		echo "$name 1 0" >> "$results"
	else
		echo "$name 0 1" >> "$results"
	fi
}

# boot NAME BOOT MACHINE MEMORY [tools/ktest options]: one matrix cell.
boot() {
	local name=$1 how=$2 machine=$3 mem=$4
	shift 4
	task "boot: $name: $how, -machine $machine, -m $mem" \
		$KTEST --boot "$how" --qemu-args "-machine $machine" --memory "$mem" \
		--name "$name" --log "$B/ktest-$name.log" "$@"
}

# The -kernel boot, then Linux's kunit.py re-reading its log.
boot_and_kunit_parse() {
	$KTEST --boot kernel --qemu-args "-machine pc" --memory 256M --name boot-kernel \
		--log "$B/ktest-boot-kernel.log" $BIOS
	record kunit-parse tools/kunit-parse-check "$B/ktest-boot-kernel.log"
}

# The typed shell session, then the memmap picture of its dump and of a recorded one.
shell_and_memmap() {
	tools/shell-test --results "$results" --log "$B/shell-test.log"
	tools/memmap-svg --check --no-png tests/data/memmap-32M.log -o "$B/memmap-recorded.svg" \
		--results "$results" --name memmap-svg:recorded
	tools/memmap-svg --check --no-png "$B/shell-test.log" -o "$B/memmap-session.svg" \
		--results "$results" --name memmap-svg:session
}

# What a boot must show about its firmware. A UEFI boot must see the UEFI
# memory map: EFI tags from GRUB and a fragmented map (10 or more entries,
# where SeaBIOS gives 6 or 7).
BIOS="--expect-log firmware:.BIOS"
UEFI="--expect-log firmware:.UEFI --expect-log RAM.map.\(multiboot2,.[1-9][0-9]+.entries"

for t in $B/host/test_*; do
	[ -x "$t" ] || continue
	task "host: $t" $KTEST --host "$t" --name "host:$(basename "$t")" \
		--log "$B/ktest-host-$(basename "$t").log"
done

task "boot: boot-kernel: kernel, -machine pc, -m 256M; then kunit.py parse" boot_and_kunit_parse

# The fuzz targets (tests/fuzz/): the committed corpus plus seeded inputs.
task "fuzz: tests/fuzz/corpus/* and 1000 seeded inputs per target" \
	tools/fuzz-run --quick --results "$results" $B/fuzz/fuzz_*

# Static analysis: cppcheck is quick, so make test runs it; clang-tidy
# (about 40 s of CPU) runs in `make lint` only.
task "lint: cppcheck over the kernel sources (make lint-cppcheck)" \
	record lint:cppcheck make --no-print-directory lint-cppcheck

# The tree stays in the committed .clang-format style (make format fixes it).
task "lint: clang-format --dry-run over every .c and .h (make format-check)" \
	record lint:format make --no-print-directory format-check

#    name         boot    machine memory  checks
boot boot-32M     kernel  pc      32M     $BIOS
boot boot-128M    kernel  q35     128M    $BIOS
boot boot-8G-q35  kernel  q35     8G      $BIOS
boot boot-iso     iso     pc      256M    $BIOS
boot boot-iso-1G  iso     pc      1G      $BIOS
boot boot-4G-q35  iso     q35     4G      $BIOS
boot uefi-1G      uefi    pc      1G      $UEFI
boot uefi-4G-q35  uefi    q35     4G      $UEFI
boot uefi-8G      uefi    pc      8G      $UEFI

# Debug options on: the buddy with page poisoning, the slab with slub_debug.
boot boot-page-poison kernel pc   256M    --cmdline "page_poison=1 ktest.filter=buddy"
boot boot-slub-debug kernel pc    256M    --cmdline "slub_debug=FPZ ktest.filter=slab*"

# The sanitized kernel: every suite, once by -kernel and once under UEFI.
boot san-kernel   kernel  pc      256M    --kernel $SAN_KERNEL
boot san-uefi-4G  uefi    q35     4G      --kernel $SAN_KERNEL $UEFI

# The KASAN kernel (make kasan): every suite, each case failing on any KASAN
# report it did not provoke; the kasan suite provokes and checks them.
boot kasan-kernel kernel  pc      256M    --kernel $KASAN_KERNEL

# Each deliberate bug must panic with its report. The table is read from
# tests/provoke.c, one { "name", function, "expected text" } per line.
provocations=$(sed -n 's/^[[:space:]]*{ *"\([a-z_]*\)", *[a-z_]*, *"\(.*\)" *},$/\1 \2/p' tests/provoke.c)
if [ -z "$provocations" ]; then
	echo "no provocations found in tests/provoke.c"
	echo "provoke:table 0 1" >> "$results"
fi
while read -r name expect; do
	[ -n "$name" ] || continue
	# Every report ends in a backtrace; an uncaught fault also opens with
	# its decode (a #PF) or names the double fault.
	case $name in
	fault_stack_overflow) opener="double fault with RSP" ;;
	fault_*) opener="BUG: unable to handle page fault for address" ;;
	*) opener="" ;;
	esac
	task "detector: provoke=$name -> \"$expect\"" \
		$KTEST --kernel $SAN_KERNEL --cmdline "provoke=$name" --expect-panic "$expect" \
		--expect-log "Call Trace:" --expect-log "$opener" \
		--name "provoke:$name" --log "$B/ktest-provoke-$name.log"
done <<< "$provocations"

# The 32-bit entry refuses a CPU without long mode, says why on COM1 and halts.
no_long_mode() {
	local log=$B/ktest-no-long-mode.log
	timeout 20 qemu-system-x86_64 -accel tcg -cpu qemu32 -m 64M -display none -no-reboot \
		-serial file:"$log" -kernel "$B/strata.elf" > /dev/null 2>&1
	grep -q "strata: cannot boot: this CPU has no long mode" "$log" ||
		{ echo "expected the no-long-mode message in $log"; return 1; }
}
task "boot: a 32-bit CPU (-cpu qemu32) is refused with a message" record no-long-mode no_long_mode

task "gdb: strata-* GDB commands against the kernel's own report (tools/gdb-test)" \
	tools/gdb-test --quiet --results "$results"
task "shell: a session typed on the serial console; memmap-svg on its dump" shell_and_memmap
task "shell: memory exhausted from the shell, then every command, demo, suite and benchmark" \
	tools/exhaust-sweep --results "$results"
task "shell: the same exhaustion sweep on the KASAN kernel (a bad free or use on a failure path)" \
	tools/exhaust-sweep --kernel $KASAN_KERNEL --name exhaust-sweep:kasan \
	--log "$B/exhaust-sweep-kasan.log" --results "$results"

wait
echo "== summary"
tools/ktest --summarize "$results"
