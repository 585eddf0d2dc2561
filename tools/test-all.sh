#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Everything `make test` runs. Every step runs even if an earlier one
# failed; each appends "name passed failed" to the results file, and the
# last line printed is the total "N passed, N failed". Exit status non-zero
# if anything failed.
#
# The steps: host unit tests; the boot matrix (every suite in each
# configuration below); crowded low memory, no NX, 2 MiB of RAM and a case
# that aborts holding memory; the page-poison and slub_debug boots; the
# sanitized (make san), KASAN (make kasan) and clang-built (make clang)
# kernels running every suite; one boot per deliberate bug of
# tests/provoke.c, proving each detector reports; every benchmark on two
# CPUs (a figure each, untimed: docs/benchmarks.md); the GDB commands; a typed
# shell session and the memmap picture; the shell with memory exhausted
# (tools/exhaust-sweep); the loadable modules of tests/modules/ built and
# loaded (tools/module-test), and the example modules of samples/
# (tools/samples-test).
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
# once, and print TITLE and its output when it is done. A command that fails
# without printing its "N passed, N failed" line (a usage error, a crash of
# the tool) recorded nothing, so it counts one failure here.
task() {
	local title=$1 out
	shift
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n
	done
	out=$(mktemp "$B/task.XXXXXX")
	(
		if ! "$@" > "$out" 2>&1 && ! grep -Eq '^[0-9]+ passed, [0-9]+ failed' "$out"; then
			echo "task-error:$(printf '%s' "$title" | tr -c 'A-Za-z0-9:=._-' _ | cut -c1-60) 0 1" \
				>> "$results"
		fi
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

# The -kernel boot (four CPUs), then Linux's kunit.py re-reading its log.
boot_and_kunit_parse() {
	$KTEST --boot kernel --qemu-args "-machine pc -smp 4" --memory 256M --name boot-kernel \
		--log "$B/ktest-boot-kernel.log" $BIOS --expect-log "$(smp 4)"
	record kunit-parse tools/kunit-parse-check "$B/ktest-boot-kernel.log"
}

# The typed shell session, then the memmap picture of its dump and of a recorded one.
shell_and_memmap() {
	tools/shell-test --qemu-args "-smp 2" --results "$results" --log "$B/shell-test.log"
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
# Every boot reads the MADT and takes COM1 input by interrupt; GRUB passes
# the RSDP in a multiboot2 tag (2.0+ under UEFI), QEMU -kernel does not.
IRQ="--expect-log ACPI:.IOAPIC.id --expect-log COM1.input.by.interrupt"
RSDP_TAG="--expect-log RSDP.from.the.multiboot2.ACPI"
RSDP_BIOS="--expect-log RSDP.at.0x[0-9a-f]+.\(found.by.the.BIOS.area.search\)"

# SMP: a boot with -smp N must end its bring-up with Linux's line; the
# others boot one CPU and say so. smpboot.no_sipi=1 leaves CPU 1 silent: it
# is reported and the CPUs after it still come up. Every suite passes on
# several SMP boots (-smp 4 pc -kernel, -smp 2 ISO, -smp 8 q35 UEFI, ...);
# the debug-option boots, the clang kernel, the typed shell session, the
# first exhaustion sweep and the module sessions run with -smp 2 too.
smp() {
	printf 'smp: Brought up 1 node, %s CPU' "$1"
}
# Characters that mean something in grub.cfg; the kernel must see them as
# given (but \ ' and ", which GRUB passes escaped; tools/ktest knows).
GRUB_QUOTING="mkiso.quoting=poweroff;echo\$HOME}{|&<>*'q'\"d\"\\b"

for t in $B/host/test_*; do
	[ -x "$t" ] || continue
	task "host: $t" $KTEST --host "$t" --name "host:$(basename "$t")" \
		--log "$B/ktest-host-$(basename "$t").log"
done

task "boot: boot-kernel: kernel, -machine pc -smp 4, -m 256M; then kunit.py parse" boot_and_kunit_parse

# The fuzz targets (tests/fuzz/): the committed corpus plus seeded inputs.
task "fuzz: tests/fuzz/corpus/* and 1000 seeded inputs per target" \
	tools/fuzz-run --quick --results "$results" $B/fuzz/fuzz_*

# Static analysis: cppcheck and the layer check are quick, so make test
# runs them; clang-tidy (about 40 s of CPU) runs in `make lint` only.
task "lint: cppcheck over the kernel sources (make lint-cppcheck)" \
	record lint:cppcheck make --no-print-directory lint-cppcheck

# The tree stays in the committed .clang-format style (make format fixes it).
task "lint: clang-format --dry-run over every .c and .h (make format-check)" \
	record lint:format make --no-print-directory format-check

task "lint: every #include points down the layer diagram (tools/check-layers.sh)" \
	record lint:layers tools/check-layers.sh

# The longest command line, after a long kernel path: QEMU's multiboot 1
# puts the path first, and the arguments must survive it whole. The line
# (with the "ktest.run=1 " ktest adds) is COMMAND_LINE_SIZE - 1 = 2047 bytes
# and its last word must arrive; one byte more would be cut with a warning.
DEEP_DIR=$B/deep/$(printf 'directory-%03d/' $(seq 1 30))
mkdir -p "$DEEP_DIR" && cp $B/strata.elf "$DEEP_DIR"
LONG_LINE="pad=$(printf '%*s' 2022 '' | tr ' ' x) line.end"
# A line 116 bytes too long: the options up front still count (ktest.seed=-5
# must warn), the warning says what was cut.
CUT_LINE="ktest.filter=buddy ktest.seed=-5 pad=$(printf '%*s' 2100 '' | tr ' ' x)"

#    name         boot    machine memory  checks
boot boot-32M     kernel  pc      32M     $BIOS $IRQ $RSDP_BIOS --kernel "$DEEP_DIR/strata.elf" \
	--cmdline "$LONG_LINE" --expect-log 'command line \(2047 bytes\)' \
	--expect-log 'line\.end"'
boot boot-128M    kernel  q35     128M    $BIOS $IRQ $RSDP_BIOS --expect-log "$(smp 1)"

boot boot-8G-q35  kernel  q35     8G      $BIOS $IRQ
boot boot-iso     iso     "pc -smp 2" 256M $BIOS $IRQ $RSDP_TAG --expect-log "$(smp 2)"
boot boot-iso-1G  iso     pc      1G      $BIOS $IRQ --expect-cmdline --cmdline "$GRUB_QUOTING"
boot boot-4G-q35  iso     "q35 -smp 3" 4G $BIOS $IRQ $RSDP_TAG --cmdline smpboot.no_sipi=1 \
	--expect-log "CPU 1 \(APIC ID 1\) did not come online within" --expect-log "$(smp 2)"
boot uefi-1G      uefi    "pc -smp 4" 1G  $UEFI $IRQ --expect-log "$(smp 4)"
boot uefi-4G-q35  uefi    "q35 -smp 8" 4G $UEFI $IRQ --expect-log RSDP.from.the.multiboot2.ACPI.2.0 \
	--expect-log "$(smp 8)"
boot uefi-8G      uefi    pc      8G      $UEFI $IRQ

# No ACPI tables at all: the legacy interrupt defaults, one CPU, and a line
# saying why; the suites (the irq suite too) pass all the same.
task "boot: boot-no-acpi: kernel, -machine pc -no-acpi, -m 64M" \
	$KTEST --boot kernel --qemu-args "-machine pc -no-acpi" --memory 64M --name boot-no-acpi \
	--log "$B/ktest-boot-no-acpi.log" --expect-log "ACPI: no RSDP" \
	--expect-log "smp: one CPU: without ACPI tables" --expect-log COM1.input.by.interrupt \
	--expect-log "$(smp 1)"

# Low memory crowded by boot modules (ten 3 MiB -initrd files fill ZONE_DMA):
# the cases of a zone with no free page skip, saying so. A CPU without NX:
# the W^X cases skip, saying so.
MODULES=$(for i in 0 1 2 3 4 5 6 7 8 9; do
	truncate -s 3M "$B/initrd-$i.bin" && echo "$B/initrd-$i.bin"
done | paste -sd, -)
task "boot: boot-crowded-low: kernel, -machine pc, ten 3 MiB -initrd modules, -m 64M" \
	$KTEST --qemu-args "-machine pc -initrd $MODULES" --memory 64M --name boot-crowded-low \
	--log "$B/ktest-boot-crowded-low.log" \
	--expect-log "ok [0-9]+ dma_blocks_lie_below_16_mib # SKIP no free page in ZONE_DMA"
boot boot-no-nx   kernel  "pc -cpu qemu64,-nx" 64M \
	--expect-log "ok [0-9]+ data_exec_faults # SKIP this CPU has no NX" \
	--expect-log "x86/cpu: SMEP not supported by this CPU, SMAP not supported by this CPU" \
	--expect-log "ok [0-9]+ smap_stops_a_kernel_read # SKIP this CPU lacks it" \
	--expect-log "^    ok [0-9]+ test_hello\s*\$"

# 2 MiB of RAM: most cases cannot allocate and fail, but none may crash,
# and every suite must still leave no trace (each baseline ok).
small_memory() {
	local log=$B/ktest-boot-2M.log suites
	tools/ktest --quiet --memory 2M --name boot-2M --log "$log" > /dev/null
	suites=$(grep -c "^    # Subtest:" "$log")
	grep -q "^# Totals:" "$log" && ! grep -q "Kernel panic" "$log" && [ "$suites" -gt 0 ] &&
		[ "$(grep -c "^    ok [0-9]* baseline\s*$" "$log")" -eq "$suites" ] ||
		{ echo "expected every suite to end with 'ok N baseline' and no panic in $log"; return 1; }
}
task "boot: -m 2M: cases fail for want of memory; no crash, every baseline ok" \
	record boot-2M small_memory

# ktest.selftest_leak=1: the ktest suite's selftest_leak case aborts on
# purpose holding memory of every kind; it must fail and the suite's baseline
# right after it pass (the framework freed what the case held).
selftest_leak() {
	local log=$B/ktest-selftest-leak.log
	tools/ktest --quiet --memory 64M --cmdline "ktest.filter=ktest ktest.selftest_leak=1" \
		--name selftest-leak --log "$log" > /dev/null
	grep -q "^    not ok [0-9]* selftest_leak\s*$" "$log" &&
		grep -q "^    ok [0-9]* baseline\s*$" "$log" &&
		grep -q "^# Totals: pass:[0-9]* fail:1 " "$log" ||
		{ echo "expected selftest_leak alone to fail and the baseline to pass in $log"; return 1; }
}
task "boot: ktest.selftest_leak=1: a case aborts holding memory; its baseline passes" \
	record selftest-leak selftest_leak

# Debug options on: the buddy with page poisoning (on two CPUs, so the
# per-CPU lists are in play), the slab with slub_debug.
boot boot-page-poison kernel "pc -smp 2" 256M --cmdline "page_poison=1 $CUT_LINE" \
	--expect-log 'command line is 2163 bytes; only the first 2047 are kept' \
	--expect-log 'ktest.seed=-5 is not a number .*; each case uses a random seed' \
	--expect-log "$(smp 2)"
boot boot-slub-debug kernel "pc -smp 2" 256M --cmdline "slub_debug=FPZ ktest.filter=slab*" \
	--expect-log "slub_debug: flags FZP for every cache" --expect-log "$(smp 2)"

# The sanitized kernel: every suite, once by -kernel and once under UEFI.
# The first with lock debugging: a lock misused by any case fails it; it
# also brings the user programs that are not built in as multiboot modules
# (USER_MODULES from make test), so the user and sched suites run every case on two
# CPUs: each must pass, not skip.
USER_INITRD=$(echo "${USER_MODULES:-$B/user/echo $B/user/echo-pie $B/user/heap $B/user/hostile $B/user/spin $B/user/oom $B/user/uservas $B/user/rss}" | tr ' ' ,)
USER_CASES=()
for c in echo heap hostile two_cpus kill oom getrusage status_running populate populate_oom \
	populate_never stack_program stack_overflow mmap_lock share_one_cpu yield sleep_and_kill \
	every_cpu fpu; do
	USER_CASES+=(--expect-log "^    ok [0-9]+ test_$c\\s*\$")
done
boot san-kernel   kernel  "pc -smp 2 -initrd $USER_INITRD" 256M --kernel $SAN_KERNEL \
	--cmdline lockdebug=1 --expect-log "lockdebug: spinlock checks on" --expect-log "$(smp 2)" \
	"${USER_CASES[@]}"
boot san-uefi-4G  uefi    q35     4G      --kernel $SAN_KERNEL $UEFI

# The KASAN kernel (make kasan): every suite, each case failing on any KASAN
# report it did not provoke; the kasan suite provokes and checks them.
boot kasan-kernel kernel  "pc -smp 2" 256M --kernel $KASAN_KERNEL --expect-log "$(smp 2)" \
	--cmdline torture.ms=1000 --expect-log "torture: PASS: seed 0x[0-9a-f]+, 2 CPUs"

# The torture test (docs/concurrency.md, "Proof under load") on four CPUs
# that really run at once: multi-threaded TCG gives each its own host thread.
boot torture-smp4 kernel  "pc -smp 4" 256M --accel tcg,thread=multi \
	--cmdline "ktest.filter=torture torture.ms=4000" \
	--expect-log "torture: PASS: seed 0x[0-9a-f]+, 4 CPUs"

# The kernel built by clang (make clang), a supported compiler: every suite.
boot clang-kernel kernel  "pc -smp 2" 256M --kernel $B/clang/strata.elf $BIOS --expect-log "$(smp 2)"

# Each deliberate bug must panic with its report. The table is read from
# tests/provoke.c: the provocations[] array, lines joined, each entry
# { "name", function, "expected text" }. Every entry must parse (one that
# spans lines or is written another way must not be skipped unseen).
table=$(sed -n '/provocations\[\] = {/,/^};/p' tests/provoke.c | tr '\n\t' '  ')
provocations=$(printf '%s\n' "$table" | grep -o '{ *"[a-z_]*", *[a-z_]*, *"[^"]*" *}' |
	sed 's/^{ *"\([a-z_]*\)", *[a-z_]*, *"\(.*\)" *}$/\1 \2/')
entries=$(printf '%s\n' "$table" | grep -o '{ *"' | wc -l)
parsed=$(printf '%s' "$provocations" | grep -c .)
if [ "$parsed" -eq 0 ] || [ "$parsed" -ne "$entries" ]; then
	echo "provoke: $entries entries in tests/provoke.c's table, $parsed of them parsed"
	echo "provoke:table 0 1" >> "$results"
fi
while read -r name expect; do
	[ -n "$name" ] || continue
	# The lock detectors report only under lockdebug=1.
	debug=
	[[ $name == lock_* ]] && debug=lockdebug=1
	# Every report ends in a backtrace; an uncaught fault also opens with
	# its decode (a #PF) or names the double fault.
	case $name in
	fault_stack_overflow) opener="double fault with RSP" ;;
	fault_* | vmalloc_oob) opener="BUG: unable to handle page fault for address" ;;
	ubsan_*) opener="UBSAN: [a-z-]+ in tests/provoke\.c:[0-9]+:[0-9]+" ;;
	stack_smash) opener="Kernel panic - not syncing: stack-protector" ;;
	lock_recursion) opener="BUG: spinlock recursion on CPU#0" ;;
	lock_unlock_unheld) opener="BUG: spinlock already unlocked on CPU#0" ;;
	lock_wrong_cpu) opener="BUG: spinlock wrong CPU on CPU#0" ;;
	lock_irq_unsafe) opener="inconsistent \\{HARDIRQ-ON-W\\} -> \\{IN-HARDIRQ-W\\} usage" ;;
	lock_held_at_prompt) opener="WARNING: lock held when returning to the shell prompt!" ;;
	*)
		echo "provoke=$name: no report opener known in tools/test-all.sh"
		echo "provoke:$name 0 1" >> "$results"
		continue
		;;
	esac
	task "detector: provoke=$name -> \"$expect\"" \
		$KTEST --kernel $SAN_KERNEL --cmdline "$debug provoke=$name" --expect-panic "$expect" \
		--expect-log "Call Trace:" --expect-log "$opener" \
		--name "provoke:$name" --log "$B/ktest-provoke-$name.log"
done <<< "$provocations"

# qemu_expect NAME STATUS APPEND QEMU_ARGS REGEX...: boot the kernel with
# command line APPEND (no ktest.run=1) and extra QEMU_ARGS, stdin from
# $QEMU_STDIN (default /dev/null) on the serial port ($QEMU_SERIAL, default
# -serial stdio); QEMU must exit with STATUS and the log match every grep -E
# REGEX, while a REGEX starting with '!' must not match. The log is
# build/qemu-NAME.log.
qemu_expect() {
	local name=$1 want=$2 append=$3 args=$4 log=$B/qemu-$1.log status re
	shift 4
	# shellcheck disable=SC2086
	timeout 60 qemu-system-x86_64 -accel tcg -cpu max -m 128M -display none -no-reboot \
		${QEMU_SERIAL:--serial stdio -monitor none} -kernel "$B/strata.elf" \
		-append "$append" $args < "${QEMU_STDIN:-/dev/null}" > "$log" 2>&1
	status=$?
	[ "$status" = "$want" ] || { echo "$name: QEMU exited $status, expected $want ($log)"; return 1; }
	for re in "$@"; do
		case $re in
		!*) ! grep -qaE -- "${re#!}" "$log" || { echo "$name: $log matches ${re#!}"; return 1; } ;;
		*) grep -qaE -- "$re" "$log" || { echo "$name: $log lacks $re"; return 1; } ;;
		esac
	done
}

# Options that mean "off" or are invalid: off runs nothing, invalid says so once.
EXIT="-device isa-debug-exit,iobase=0xf4,iosize=0x04"
task "boot: ktest.run=0, bench=0: neither runs; loglevel=x warns; nosmep nosmap" record options:off \
	qemu_expect options-off 0 "ktest.run=0 ktest.filter=buddy bench=0 loglevel=x nosmep nosmap shell.run=run+hello,poweroff" \
	"$EXIT" 'strata> poweroff' '!KTAP version' '!bench_mode' \
	'x86/cpu: SMEP off \(nosmep\), SMAP off \(nosmap\)' 'hello \(pid [0-9]+\) exited with 0' \
	'ktest.run=0: no tests run; ktest.filter=buddy is ignored' \
	'loglevel=x is not a number .*; keeping the default loglevel=7'
task "boot: bench=nosuch fails, naming the benchmarks" record options:bench-unknown \
	qemu_expect options-bench 35 "bench=nosuch" "$EXIT" \
	"no benchmark matches 'nosuch'; the names are: page_pair_o0 .*vmalloc_batch_4k"
# The benchmarks on two CPUs, concurrent lines included: each must print a
# figure. Not timed: the system QEMU cannot run two CPUs under -icount, so
# its figures are TSC ticks, unchecked (make bench measures, on QEMU 10).
# One host thread takes the virtual CPUs in turn (thread=single): with a
# thread each, every vfree's TLB shootdown waits for the other thread to
# be scheduled by a loaded host, and the boot took 50 s instead of 3.
bench_smp2() {
	local log=$B/qemu-bench-smp2.log status
	# shellcheck disable=SC2086
	timeout 120 qemu-system-x86_64 -accel tcg,thread=single -cpu max -smp 2 -m 256M \
		-display none -no-reboot -serial "file:$log" -monitor none $EXIT \
		-kernel "$B/strata.elf" -append "bench=1 loglevel=1" < /dev/null > /dev/null 2>&1
	status=$?
	[ "$status" = 33 ] || { echo "bench-smp2: QEMU exited $status, expected 33 ($log)"; return 1; }
	tools/bench --check "$log" --smp 2
}
task "boot: bench=1 on -smp 2: every benchmark prints a figure on 2 CPUs" record bench:smp2 \
	bench_smp2
task "boot: torture.seed= and torture.ms= alone run the torture suite, then leave QEMU" \
	record options:torture qemu_expect options-torture 33 "torture.seed=0x77 torture.ms=200" \
	"$EXIT" 'torture: seed 0x77 cpus 1 duration 200 ms' 'torture: PASS: seed 0x77' \
	'^ok 1 torture' '!# Subtest: buddy'
task "boot: ktest.filter=nosuch fails, saying it matches nothing" record options:filter-none \
	qemu_expect options-filter 35 "ktest.filter=nosuch" "$EXIT" \
	'ktest.filter=nosuch matches no suite or case' '!KTAP version'

# A CPU without NX: the boot says W^X is not enforced, and executing data
# (provoke=fault_exec_data) blames the CPU, not the build.
task "boot: -cpu qemu64,-nx says NX is missing; provoke=fault_exec_data blames the CPU" \
	record no-nx:provoke qemu_expect no-nx-provoke 35 "provoke=fault_exec_data" \
	"$EXIT -cpu qemu64,-nx" 'Notice: NX \(Execute Disable\) protection missing in CPU' \
	'fault_exec_data: no report: the detector did not fire \(this CPU has no NX'

# poweroff without ACPI: isa-debug-exit when present (status 1), else a
# keyboard-controller reset, which -no-reboot turns into QEMU's exit.
task "boot: poweroff on -machine isapc leaves through isa-debug-exit" record poweroff:isapc \
	qemu_expect poweroff-isapc 1 "shell.run=poweroff" "$EXIT -machine isapc" \
	'poweroff: no ACPI power-off on this machine.*trying isa-debug-exit' '!keyboard controller'
task "boot: poweroff on -machine pc,acpi=off falls back to a reset" record poweroff:acpi-off \
	qemu_expect poweroff-acpi-off 0 "shell.run=poweroff" "-machine pc,acpi=off" \
	'no isa-debug-exit device either; resetting through the keyboard controller' \
	'!no way to power off'

# Input piped in before the prompt (as into make run, whose serial port is
# mon:stdio) is kept, not flushed, and runs at the first prompt.
piped_session() {
	printf 'meminfo\rpoweroff\r' > "$B/piped-input.txt"
	QEMU_SERIAL="-serial mon:stdio" QEMU_STDIN=$B/piped-input.txt \
		qemu_expect piped-input 0 "" "" 'strata> meminfo' 'strata> poweroff'
}
task "shell: commands piped in before the prompt run" record shell:piped-input piped_session

# The 32-bit entry refuses a CPU without long mode, says why on COM1 and halts.
no_long_mode() {
	local log=$B/ktest-no-long-mode.log
	timeout 20 tools/qemu-cmd --cpu qemu32 --memory 64M --serial file:"$log" > /dev/null 2>&1
	grep -q "strata: cannot boot: this CPU has no long mode" "$log" ||
		{ echo "expected the no-long-mode message in $log"; return 1; }
}
task "boot: a 32-bit CPU (-cpu qemu32) is refused with a message" record no-long-mode no_long_mode

# An idle shell sleeps in hlt between interrupts: QEMU, left at the prompt,
# must use under a quarter of a core over 4 s (it uses about 2%; a polling
# shell takes all the host gives it). A loaded host only lowers the figure.
idle_halts() {
	local log=$B/idle-halts.log pid t0 t1 used
	( eval "exec $(tools/qemu-cmd --print --memory 64M --serial file:"$log")" ) \
		< /dev/null > /dev/null 2>&1 &
	pid=$!
	sleep 4
	t0=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2> /dev/null)
	sleep 4
	t1=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2> /dev/null)
	kill "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	grep -q "COM1 input by interrupt" "$log" ||
		{ echo "idle-halts: the boot did not take COM1 by interrupt (see $log)"; return 1; }
	[ -n "$t0" ] && [ -n "$t1" ] ||
		{ echo "idle-halts: QEMU ended early (see $log)"; return 1; }
	used=$(( (t1 - t0) * 100 / $(getconf CLK_TCK) ))
	echo "idle-halts: QEMU used ${used}0 ms of CPU in 4 s at the shell prompt"
	[ "$used" -lt 100 ]
}
task "shell: an idle shell halts (QEMU's CPU time at the prompt)" record idle-halts idle_halts

task "gdb: strata-* GDB commands against the kernel's own report, -smp 2 (tools/gdb-test)" \
	tools/gdb-test --qemu-args "-smp 2" --quiet --results "$results"
task "shell: a session typed on the serial console; memmap-svg on its dump" shell_and_memmap
task "shell: memory exhausted from the shell (-smp 2), then every command, demo, suite and benchmark" \
	tools/exhaust-sweep --qemu-args "-smp 2" --results "$results"
task "shell: the same exhaustion sweep on the KASAN kernel (a bad free or use on a failure path)" \
	tools/exhaust-sweep --kernel $KASAN_KERNEL --name exhaust-sweep:kasan \
	--log "$B/exhaust-sweep-kasan.log" --results "$results"
# The module pipeline, then (with the module it built) the exhaustion sweep
# again with insmod and rmmod of a real module.
modules_and_sweep() {
	tools/module-test --results "$results"
	tools/exhaust-sweep --module tests/modules/modtest/modtest.ko --name exhaust-sweep:module \
		--log "$B/exhaust-sweep-module.log" --results "$results"
}
task "modules: tests/modules/ built (KDIR= and M=), an insmod/rmmod session (tools/module-test); insmod under exhaustion" \
	modules_and_sweep
task "samples: samples/ built with their own Makefiles, each loaded and its output checked (tools/samples-test)" \
	tools/samples-test --results "$results"

wait
echo "== summary"
tools/ktest --summarize "$results"
