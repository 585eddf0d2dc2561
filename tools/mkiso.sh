#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mkiso.sh KERNEL CMDLINE OUT.iso [MODULE.ko ...]: wrap a multiboot2 kernel
# ELF in a GRUB rescue ISO that boots under both BIOS (i386-pc) and UEFI
# (x86_64-efi); each MODULE.ko becomes a module2 line (/boot/modules/NAME.ko),
# which the kernel's insmod finds by NAME.
# GRUB talks on COM1 at 115200, waits for nothing and boots at once, so the
# serial log tools/ktest reads stays short. Quiet unless something fails.
set -eu

if [ $# -lt 3 ]; then
	echo "usage: $0 KERNEL CMDLINE OUT.iso [MODULE.ko ...]" >&2
	exit 2
fi
kernel=$1
cmdline=$2
out=$3
shift 3

[ -f "$kernel" ] || { echo "mkiso.sh: no kernel at $kernel" >&2; exit 1; }
for dir in /usr/lib/grub/i386-pc /usr/lib/grub/x86_64-efi; do
	[ -d "$dir" ] || {
		echo "mkiso.sh: missing $dir; apt-get install grub-pc-bin grub-efi-amd64-bin" >&2
		exit 1
	}
done

case $cmdline in
*"
"*)
	echo "mkiso.sh: the command line holds a newline; GRUB cannot pass one" >&2
	exit 1
	;;
esac
# grub.cfg is a script: ; $ { } | & < > and spaces mean something there.
# Each word of the command line goes in single quotes, where GRUB's shell
# takes every character literally, and a single quote is written '\''
# (close, an escaped quote, reopen), as in a POSIX shell. Quoting word by
# word, not the whole line: GRUB joins the words with one space, and would
# wrap a word holding spaces in double quotes. GRUB 2.06 itself passes \
# ' and " to the kernel with a backslash before each (its loader command
# line is escaped so); every other character arrives as given.
quoted=
set -f # split into words, but expand no * or ?
for word in $cmdline; do
	quoted="$quoted '$(printf '%s' "$word" | sed "s/'/'\\\\''/g")'"
done
set +f

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/iso/boot/grub"
cp "$kernel" "$tmp/iso/boot/strata.elf"
modlines=
if [ $# -gt 0 ]; then
	mkdir -p "$tmp/iso/boot/modules"
	for m in "$@"; do
		[ -f "$m" ] || { echo "mkiso.sh: no module at $m" >&2; exit 1; }
		cp "$m" "$tmp/iso/boot/modules/"
		# GRUB passes a module only the words after its path: repeat the
		# name there, as QEMU's -initrd string starts with the file name.
		modlines="$modlines	module2 /boot/modules/$(basename "$m") $(basename "$m")
"
	done
fi
cat > "$tmp/iso/boot/grub/grub.cfg" <<CFG
set timeout=0
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
menuentry "strata" {
	multiboot2 /boot/strata.elf$quoted
${modlines}	boot
}
CFG

if ! grub-mkrescue -o "$out" "$tmp/iso" > "$tmp/log" 2>&1; then
	cat "$tmp/log" >&2
	echo "mkiso.sh: grub-mkrescue failed (needs xorriso and mtools)" >&2
	exit 1
fi
