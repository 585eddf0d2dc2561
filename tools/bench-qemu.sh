#!/bin/sh
# SPDX-License-Identifier: MIT
#
# bench-qemu.sh [PREFIX]: the QEMU that `make bench` needs for its multi-CPU
# lines, and nothing else. Prints the path of a qemu-system-x86_64 to run
# (stdout, one line) or, with exit status 1, why there is none and the exact
# command that would get it (stderr).
#
# Why: Debian 12's QEMU 7.2 cannot run a guest of several CPUs under
# -icount (the first busy virtual CPU takes the whole instruction budget, so
# a CPU waiting for another spins for ever; fixed in QEMU 8.0), and it
# computes the flags of cmpxchg16b wrongly. Debian's own QEMU 10
# (qemu-system-x86 from bookworm-backports) has neither problem and prints
# the same single-CPU figures as 7.2, digit for digit.
#
# How, the first time (root only): the four packages qemu-system-x86,
# qemu-system-common, qemu-system-data and seabios are downloaded from
# bookworm-backports through an apt state of their own under PREFIX/.apt
# (the system's sources and package lists stay as they were and nothing
# from backports is installed), the libraries they need are installed from
# the system's usual bookworm sources (a system with QEMU 7.2 has them
# already), and the four are unpacked with dpkg -x into PREFIX. The
# system's qemu-system-x86_64 is not touched. Later runs only check and
# print. Remove with rm -rf PREFIX.
#
# What runs is PREFIX/bin/qemu-system-x86_64, a small wrapper around the
# unpacked binary: the Debian build looks for its firmware and modules
# under /usr (the system QEMU's), so the wrapper points it at its own
# (-L twice: QEMU's ROMs, then SeaBIOS; QEMU_MODULE_DIR) and adds -audio
# none, since probing audio back-ends would load the system QEMU's modules,
# which a QEMU of another build refuses.
#
# PREFIX: the argument, else $STRATA_BENCH_QEMU_PREFIX, else
# /opt/strata-qemu10 (one copy for every clone on the machine; not in the
# repository). Needs Debian 12 (bookworm) on amd64 and its archive.
set -eu

prefix=${1:-${STRATA_BENCH_QEMU_PREFIX:-/opt/strata-qemu10}}
case $prefix in
/?*) prefix=${prefix%/} ;;
*) prefix=$(pwd)/$prefix ;;
esac
case $prefix in
/ | /usr | /usr/local | /opt | /home)
	echo "bench-qemu.sh: $prefix is not a folder of its own; name one such as /opt/strata-qemu10" >&2
	exit 2
	;;
esac
apt_state=$prefix/.apt
stamp=$apt_state/version
binary=$prefix/usr/bin/qemu-system-x86_64
wrapper=$prefix/bin/qemu-system-x86_64
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")

note() { echo "bench-qemu.sh: $*" >&2; }
fail_with_log() {
	tail -n 15 "$apt_state/log" >&2
	note "failed; the whole log: $apt_state/log"
	exit 1
}

install_qemu() {
	rm -rf "$apt_state"
	mkdir -p "$apt_state/lists/partial" "$apt_state/cache/archives/partial" \
		"$apt_state/parts" "$apt_state/debs"
	# The mirror the system already takes bookworm from (deb822 or one-line).
	mirror=$(awk '/^URIs:/ { u = $2 } /^Suites:/ && / bookworm( |$)/ && u { print u; exit }' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null || true)
	if [ -z "$mirror" ]; then
		mirror=$(awk '$1 == "deb" && / bookworm( |$)/ {
			for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
	fi
	if [ -z "$mirror" ]; then
		note "the apt sources have no bookworm entry to take the Debian mirror from"
		exit 1
	fi
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm-backports main" \
		>"$apt_state/sources.list"
	set -- -o "Dir::Etc::SourceList=$apt_state/sources.list" \
		-o "Dir::Etc::SourceParts=$apt_state/parts" \
		-o "Dir::State::Lists=$apt_state/lists" -o "Dir::Cache=$apt_state/cache" \
		-o APT::Sandbox::User=root
	note "reading bookworm-backports' package list into $apt_state"
	apt-get "$@" update >"$apt_state/log" 2>&1 || fail_with_log
	note "downloading qemu-system-x86, -common, -data and seabios from bookworm-backports"
	(cd "$apt_state/debs" && apt-get "$@" download qemu-system-x86/bookworm-backports \
		qemu-system-common/bookworm-backports qemu-system-data/bookworm-backports \
		seabios/bookworm-backports) >>"$apt_state/log" 2>&1 || fail_with_log
	# Their run-time libraries come from the system's own sources.
	needs=$(for deb in "$apt_state"/debs/qemu-system-x86_*.deb "$apt_state"/debs/qemu-system-common_*.deb; do
		dpkg-deb -f "$deb" Depends | tr ',' '\n'
	done | sed 's/^ *//; /^$/d; /^qemu-system-/d; /^seabios/d' | sort -u | paste -sd, -)
	note "installing the libraries they need from the system's sources"
	if ! DEBIAN_FRONTEND=noninteractive apt-get satisfy -y --no-install-recommends "$needs" \
		>>"$apt_state/log" 2>&1; then
		apt-get update >>"$apt_state/log" 2>&1 || true
		DEBIAN_FRONTEND=noninteractive apt-get satisfy -y --no-install-recommends "$needs" \
			>>"$apt_state/log" 2>&1 || fail_with_log
	fi
	rm -rf "${prefix:?}/usr" "${prefix:?}/etc" "${prefix:?}/bin"
	for deb in "$apt_state"/debs/*.deb; do
		dpkg -x "$deb" "$prefix"
	done
	dpkg-deb -f "$apt_state"/debs/qemu-system-x86_*.deb Version >"$stamp"
	rm -rf "$apt_state/debs" "$apt_state/lists" "$apt_state/cache"
	note "qemu-system-x86 $(cat "$stamp") unpacked under $prefix"
}

write_wrapper() {
	mkdir -p "$prefix/bin"
	cat >"$wrapper.new" <<EOF
#!/bin/sh
# Debian's qemu-system-x86 $(cat "$stamp") from bookworm-backports, unpacked by
# strata's tools/bench-qemu.sh: its own firmware and modules, no audio probing.
QEMU_MODULE_DIR='$prefix/usr/lib/x86_64-linux-gnu/qemu'
export QEMU_MODULE_DIR
audio='-audio none'
for arg in "\$@"; do
	case \$arg in -audio* | --audio*) audio= ;; esac
done
# shellcheck disable=SC2086
exec '$binary' -L '$prefix/usr/share/qemu' -L '$prefix/usr/share/seabios' \$audio "\$@"
EOF
	chmod 755 "$wrapper.new"
	mv "$wrapper.new" "$wrapper"
}

if ! [ -s "$stamp" ] || ! [ -x "$binary" ]; then
	if [ "$(id -u)" != 0 ]; then
		note "QEMU 10 is not unpacked under $prefix; as root, run once: sudo sh $self $prefix"
		exit 1
	fi
	install_qemu
fi
if ! [ -x "$wrapper" ] || ! grep -qF "$(cat "$stamp")" "$wrapper"; then
	write_wrapper
fi
if ! "$wrapper" --version >/dev/null 2>&1; then
	note "$wrapper does not start: $("$wrapper" --version 2>&1 | head -n 1)"
	exit 1
fi
echo "$wrapper"
