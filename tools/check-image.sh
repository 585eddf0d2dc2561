#!/bin/sh
# SPDX-License-Identifier: MIT
# Check that the kernel ELF can be loaded by QEMU's multiboot 1 "a.out
# kludge" (boot/header.S): QEMU copies the file from the header onward as a
# flat image, so every loadable segment's file offset must sit at the same
# distance from the first one as its physical address does.
set -eu
first=1
bad=0
readelf -lW "$1" | awk '$1 == "LOAD" { print $2, $4, $5 }' > "$1.segments"
while read -r off pa filesz; do
	if [ $first = 1 ]; then
		off0=$((off))
		pa0=$((pa))
		first=0
	elif [ $((filesz)) -gt 0 ] && [ $((off - off0)) -ne $((pa - pa0)) ]; then
		echo "check-image: segment at phys $pa is at file offset $off, expected $((off0 + pa - pa0))"
		bad=1
	fi
done < "$1.segments"
rm -f "$1.segments"
[ $first = 0 ] || { echo "check-image: no LOAD segments"; exit 1; }
exit $bad
