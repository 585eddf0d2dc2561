#!/bin/sh
# SPDX-License-Identifier: MIT
#
# check-layers.sh: fail when an #include points up the layer diagram.
#
#   rank 0  lib/                 what every layer uses: types, string, rbtree
#   rank 1  boot/                the entry and the boot-info parser
#   rank 2  arch/ kernel/        the core; they use each other, as in Linux
#                                (a trap report prints, printk writes to the
#                                serial port)
#   rank 3  mm/                  memory
#   rank 4  the module loader    kernel/module/,
#                                mm/module_alloc.*, mm/slab_leaks.c: a
#                                client of mm (the Makefile's MODULE_SRCS)
#           user processes       kernel/process*, kernel/exec.c,
#                                kernel/binfmt_elf.*, kernel/elf_check.c, kernel/programs.*,
#                                kernel/syscall*, kernel/sys_*.c, mm/fault.c,
#                                mm/oom_kill.c:
#                                clients of mm too (USER_SRCS)
#   rank 5  shell/ bench/ tests/ clients of mm's public headers
#   rank 6  init/                kmain(): calls every layer
#
# A file may include headers of its own rank or below; the shell and the
# benchmarks, clients of mm, include its public headers only (no other
# directory's *_internal.h; tests may, to check the insides). When a lower
# layer must report about a higher one, the higher registers a hook (the
# fault describer mm/layout.c gives arch/x86_64/traps.c; the module
# loader's symbol lookup, which kmain gives kernel/ksyms.c). The exceptions,
# listed in allowed() below: boot's assembly takes its addresses from
# mm/memlayout.h, the single source of truth for virtual addresses (linker.ld
# uses the same numbers); the local APIC and IOAPIC drivers map their
# registers with mm's fixmap (Linux keeps the fixmap in arch/x86), which
# they may since interrupts_init() runs after mm is up; likewise the AP
# bring-up (Linux's arch/x86 realmode and smpboot): its trampoline page from
# memblock, mapped with mm's page-table API and flushed on every CPU, its
# stacks from vmalloc.
#
# Usage: tools/check-layers.sh [FILE...]   (default: every tracked source)
# Prints one line per bad include; exits 1 if there is any.

cd "$(dirname "$0")/.." || exit 2

layer() { # PATH: the layer a file belongs to
	case $1 in
	kernel/module/* | mm/module_alloc.* | mm/slab_leaks.c) echo module ;;
	kernel/process* | kernel/exec.c | kernel/binfmt_elf.* | kernel/elf_check.c | kernel/programs.* | \
		kernel/syscall* | kernel/sys_*.c | mm/fault.c | mm/oom_kill.c) echo user ;;
	*) echo "${1%%/*}" ;;
	esac
}

rank() { # LAYER
	case $1 in
	lib) echo 0 ;;
	boot) echo 1 ;;
	arch | kernel) echo 2 ;;
	mm) echo 3 ;;
	module | user) echo 4 ;;
	shell | bench | tests) echo 5 ;;
	init) echo 6 ;;
	*) echo "" ;;
	esac
}

allowed() { # FILE HEADER: a deliberate exception to the ranks
	case "$1:$2" in
	boot/*.S:mm/memlayout.h) return 0 ;;
	arch/x86_64/apic.c:mm/fixmap.h | arch/x86_64/io_apic.c:mm/fixmap.h) return 0 ;;
	arch/x86_64/realmode.c:mm/memblock.h | arch/x86_64/realmode.c:mm/memlayout.h) return 0 ;;
	arch/x86_64/realmode.c:mm/pgtable.h | arch/x86_64/realmode.c:mm/tlbflush.h) return 0 ;;
	arch/x86_64/smpboot.c:mm/vmalloc.h) return 0 ;;
	esac
	return 1
}

sources() {
	if [ $# -gt 0 ]; then
		printf '%s\n' "$@"
	else
		git ls-files 'boot/*' 'arch/*' 'lib/*' 'kernel/*' 'mm/*' 'shell/*' 'bench/*' \
			'tests/*' 'init/*' | grep -E '\.(c|h|S)$'
	fi
}

# One line per upward include: each file's #include "dir/..." as LINE:HEADER.
upward=$(sources "$@" | while read -r f; do
	here=$(layer "$f")
	from=$(rank "$here")
	[ -n "$from" ] || continue
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]*/' "$f" |
		sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/' |
		while IFS=: read -r line header; do
			there=$(layer "$header")
			to=$(rank "$there")
			if [ -n "$to" ] && [ "$to" -gt "$from" ] && ! allowed "$f" "$header"; then
				echo "check-layers: $f:$line includes $header:" \
					"$here (rank $from) must not include $there (rank $to)"
			fi
			case "$here:$header" in
			shell:shell/* | bench:bench/*) ;;
			shell:*_internal.h | bench:*_internal.h)
				echo "check-layers: $f:$line includes $header:" \
					"$here uses public headers only"
				;;
			esac
		done
done)

if [ -n "$upward" ]; then
	echo "$upward"
	exit 1
fi
echo "  LAYERS   includes point down"
