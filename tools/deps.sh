#!/bin/sh
# SPDX-License-Identifier: MIT
# Make sure the host has what a make target needs; install it with apt when
# running as root, otherwise print the exact command and fail.
# Usage: tools/deps.sh run|iso|test|debug|clang|fuzz|lint|user
set -eu

need=""
# want PACKAGE TEST...: add PACKAGE unless the shell test succeeds.
want() {
	pkg=$1
	shift
	if ! "$@" >/dev/null 2>&1; then
		need="$need $pkg"
	fi
}

want qemu-system-x86 command -v qemu-system-x86_64
want python3 command -v python3 # tools/qemu-cmd starts QEMU
case "${1:-run}" in
iso | test)
	want grub-common command -v grub-mkrescue
	want grub-pc-bin test -d /usr/lib/grub/i386-pc
	want grub-efi-amd64-bin test -d /usr/lib/grub/x86_64-efi
	want xorriso command -v xorriso
	want mtools command -v mformat
	;;
esac
case "${1:-run}" in
test)
	want python3 command -v python3
	want linux-source-6.1 test -f /usr/src/linux-source-6.1.tar.xz
	want gdb command -v gdb
	want ovmf test -f /usr/share/OVMF/OVMF_CODE_4M.fd
	want clang-format command -v clang-format
	;;
debug)
	want gdb command -v gdb
	want python3 command -v python3
	;;
esac

# make fuzz: clang with libFuzzer (without them fuzz.mk falls back to
# tests/fuzz/driver.c); make lint: the two analysers.
case "${1:-run}" in
clang)
	want clang command -v clang
	;;
fuzz)
	want clang command -v clang
	want libclang-rt-14-dev sh -c 'ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a'
	;;
user)
	want musl-tools command -v musl-gcc # user/: static programs
	;;
lint)
	want cppcheck command -v cppcheck
	want clang-tidy command -v clang-tidy
	;;
esac

[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing:$need"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086 # word splitting of the package list is intended
	apt-get install -y -q --no-install-recommends $need >/dev/null
	exit 0
fi
echo "deps: missing:$need" >&2
echo "deps: install them with:  sudo apt-get install$need" >&2
exit 1
