# SPDX-License-Identifier: MIT
#
# strata: build the kernel, boot it, test it.
#
#   make            build/strata.elf (+ build/strata.sym, build/strata.map), build/user/*
#   make run        boot in QEMU, serial console on this terminal (Ctrl-A X quits)
#   make iso        build/strata.iso: GRUB (BIOS and UEFI), multiboot2 (+ MODULES)
#   make san        build/san/strata.elf: the same kernel with UBSan and the stack protector
#   make kasan      build/kasan/strata.elf: the same kernel with KASAN (shadow memory checks)
#   make clang      build/clang/strata.elf: the same kernel built by clang (or: make CC=clang)
#   make test       host unit tests + every boot configuration; ends "N passed, N failed"
#   make memmap     boot, dump every frame's owner, draw build/memmap.svg (MEM=32M for detail)
#   make bench      allocator benchmarks on 1, 2 and 4 CPUs beside Linux 6.1 (guest
#                   instructions per op); BENCH=glob picks some, SMP=1|2|4 (or 1,4) the CPUs,
#                   BENCH_QEMU=path another QEMU (default: QEMU 10, tools/bench-qemu.sh)
#   make format     clang-format the tree;  make format-check  fails on a diff
#   make debug      boot in QEMU paused, GDB stub on 127.0.0.1:GDBPORT
#   make gdb        GDB with the kernel's symbols, attached, stopped in kmain
#   make clean
#   make M=DIR modules   build DIR's loadable modules (DIR/NAME.ko); M=DIR clean
#
# Variables: CROSS=x86_64-elf- (cross toolchain prefix), ACCEL=tcg|kvm (KVM
# only when asked: see README), MEM=256M, QEMU_ARGS="...", CMDLINE="...",
# MODULES="a.ko b.ko" (multiboot modules for insmod, docs/modules.md),
# PROGRAMS="build/user/heap" (user programs for the shell's run, docs/user.md;
# by default every program of user/ that is not built in, PROGRAMS= none),
# GDBPORT=N (default 12000 + uid % 20000, so users of one machine differ),
# GDB_ARGS="-batch -ex 'strata-layout'" (extra GDB arguments).

# M=<dir>: the loadable modules of that folder (tools/kbuild.mk), as Linux's
# `make -C <kernel> M=<dir> modules` and `... M=<dir> clean`.
ifneq ($(M),)
.PHONY: modules clean
modules clean:
	@$(MAKE) --no-print-directory -f tools/kbuild.mk M=$(M) __kbuild_$@
else

CROSS ?=
CC := $(CROSS)gcc
LD := $(CROSS)ld
NM := $(CROSS)nm
OBJCOPY := $(CROSS)objcopy
ACCEL ?= tcg
MEM ?= 256M
CMDLINE ?=
QEMU_ARGS ?=
GDB ?= gdb
GDBPORT ?= $(shell echo $$((12000 + $$(id -u) % 20000)))
GDB_ARGS ?=

B := build

# A cross toolchain that is not installed: say so once, before any recipe.
ifneq ($(CROSS),)
ifeq ($(shell command -v $(CC)),)
$(error CROSS=$(CROSS): $(CC) is not on PATH; install an x86_64-elf gcc and binutils, or leave CROSS unset to use the host's gcc)
endif
endif

# `make -j2 clean all`: clean must end before anything is built into
# $(B), so with clean among other goals this make runs one goal at a time.
ifneq ($(and $(filter clean,$(MAKECMDGOALS)),$(filter-out clean,$(MAKECMDGOALS))),)
.NOTPARALLEL:
endif

# V=1 prints every command.
Q := $(if $(V),,@)

CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone \
	-mgeneral-regs-only -fno-omit-frame-pointer -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-builtin-printf \
	-Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wshadow -I. -MD -MP
ASFLAGS := -g -I. -MD -MP -D__ASSEMBLER__
LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack -T linker.ld

# Every kernel source, one list per layer, in link order: boot first (the
# multiboot headers lead the image), then each layer above the one it uses.
# Includes are written from the top of the tree ("mm/slab.h") and point down:
# boot -> arch -> lib -> kernel -> mm -> (shell, bench, tests) -> init.
BOOT_SRCS := boot/header.S boot/head.S boot/multiboot.c
ARCH_SRCS := arch/x86_64/cpu.c arch/x86_64/gdt.c arch/x86_64/idt.c arch/x86_64/isr.S \
	arch/x86_64/setjmp.S arch/x86_64/serial.c arch/x86_64/traps.c arch/x86_64/irq.c \
	arch/x86_64/i8259.c arch/x86_64/i8253.c arch/x86_64/acpi_tables.c arch/x86_64/acpi.c arch/x86_64/apic.c \
	arch/x86_64/io_apic.c arch/x86_64/trampoline.S arch/x86_64/realmode.c arch/x86_64/smpboot.c
LIB_SRCS := lib/string.c lib/strlcpy.c lib/vsprintf.c lib/hexdump.c lib/rbtree.c lib/glob.c
KERNEL_SRCS := kernel/backtrace.c kernel/cmdline.c kernel/delay.c kernel/hexdump.c kernel/ksyms.c \
	kernel/panic.c kernel/printk.c kernel/qemu_exit.c kernel/stack_protector.c kernel/task.c \
	kernel/tsc.c kernel/ubsan.c kernel/irq.c kernel/time.c kernel/smp.c kernel/spinlock.c \
	kernel/lockdep.c kernel/smp_call.c kernel/might_sleep.c kernel/timer.c kernel/sched.c kernel/workqueue.c \
	kernel/idle.c
MM_SRCS := mm/memmap.c mm/memblock.c mm/mm_init.c mm/pgtable.c mm/tlb.c mm/paging.c mm/layout.c mm/percpu.c \
	mm/mem_map.c mm/page_alloc.c mm/page_pcp.c mm/watermark.c mm/page_debug.c mm/page_info.c mm/frame_owner.c \
	mm/mm_stats.c mm/slab.c mm/slab_cpu.c mm/slab_cpu_slots.c mm/slab_deactivate.c mm/slab_cache.c \
	mm/slab_debug.c mm/slab_report.c mm/slab_cmdline.c \
	mm/kmalloc.c mm/slabinfo.c \
	mm/vmap_area.c mm/vmap_check.c mm/vmalloc.c mm/vfree.c mm/vmap_purge.c mm/vmalloc_fault.c mm/vmallocinfo.c \
	mm/kvmalloc.c mm/fixmap.c
# The module loader and the exports it links against: clients of mm/.
MODULE_SRCS := kernel/module/exports.c kernel/module/loader.c kernel/module/image.c kernel/module/elf.c \
	kernel/module/reloc.c kernel/module/sym.c kernel/module/param.c mm/module_alloc.c \
	mm/slab_leaks.c
SHELL_SRCS := shell/shell.c shell/readline.c shell/commands.c shell/mine.c shell/cmd_sys.c \
	shell/cmd_mm.c shell/cmd_pages.c shell/cmd_slab.c shell/cmd_vmalloc.c shell/cmd_memmap.c \
	shell/cmd_demo.c shell/cmd_module.c shell/cmd_user.c shell/cmd_proc.c shell/demos/demo_pages.c shell/demos/demo_slab.c \
	shell/demos/demo_waste.c shell/demos/demo_vm.c shell/demos/demo_vmalloc.c shell/demos/demo_smp.c \
	shell/demos/demo_user.c
# User processes and the system calls: clients of mm/ (docs/user.md).
USER_SRCS := arch/x86_64/entry_64.S arch/x86_64/syscall.c arch/x86_64/uaccess.S \
	arch/x86_64/extable.c kernel/process.c kernel/exec.c kernel/binfmt_elf.c kernel/elf_check.c \
	kernel/programs.c kernel/syscall.c kernel/syscall_names.c kernel/sys_io.c kernel/sys_mm.c \
	kernel/sys_proc.c kernel/sys_rusage.c mm/mmap.c mm/overcommit.c mm/memory.c mm/fault.c mm/oom_kill.c mm/proc_maps.c user/programs.S
BENCH_SRCS := bench/bench.c bench/bench_mm.c bench/bench_smp.c
# The in-kernel tests: linked in, never included by the layers below.
TEST_SRCS := tests/ktest.c tests/suites.c tests/provoke.c tests/gdbtest.c tests/gdbtest_process.c \
	tests/test_kernel.c tests/test_irq.c tests/test_smp.c tests/test_smp_cpus.c tests/test_timer.c tests/test_workqueue.c tests/test_percpu.c tests/test_spinlock.c tests/test_paging.c tests/test_buddy.c tests/test_pcp.c tests/test_slab.c \
	tests/test_kmalloc.c tests/test_slab_debug.c tests/test_slab_smp.c tests/test_vmalloc.c \
	tests/test_vmalloc_debug.c tests/test_uaccess.c tests/test_vmap_lazy.c tests/test_contexts.c tests/test_kasan.c tests/test_exhaustion.c \
	tests/test_exhaustion_layers.c tests/ktest_resource.c tests/test_ktest.c \
	tests/test_buddy_misuse.c tests/test_alloc_failure.c \
	tests/torture.c tests/torture_cpu.c tests/torture_obj.c tests/torture_pattern.c \
	tests/test_torture.c tests/test_user.c tests/test_user_flood.c tests/test_user_mm.c \
	tests/test_sched.c
INIT_SRCS := init/main.c
SRCS := $(BOOT_SRCS) $(ARCH_SRCS) $(LIB_SRCS) $(KERNEL_SRCS) $(MM_SRCS) $(MODULE_SRCS) $(USER_SRCS) \
	$(SHELL_SRCS) $(BENCH_SRCS) $(TEST_SRCS) $(INIT_SRCS)

# The sanitized build (docs/hardening.md): `make san` builds the same sources
# into $(B)/san by running this Makefile again with SAN=1. The handlers
# (kernel/ubsan.c) and the canary's owner (kernel/stack_protector.c) are
# never instrumented: a check inside its own report would recurse.
SAN ?=
SAN_CFLAGS := -fsanitize=undefined -fstack-protector-strong -mstack-protector-guard=global
ifeq ($(SAN),1)
CFLAGS := $(filter-out -fno-stack-protector,$(CFLAGS)) $(SAN_CFLAGS)
endif

# The KASAN build (docs/hardening.md): `make kasan` builds the same sources
# with -fsanitize=kernel-address into $(B)/kasan. Shadow offset as Linux's
# x86_64; outline checks (calls to __asan_*), no stack or global red zones.
# mm/kasan*.c manage the shadow and check whole ranges for memcpy/memset/
# memmove, whose plain versions in lib/string.c write poison where KASAN
# forbids it: none of them is instrumented.
KASAN ?=
KASAN_CFLAGS := -DCONFIG_KASAN -fsanitize=kernel-address -fasan-shadow-offset=0xdffffc0000000000 \
	--param asan-instrumentation-with-call-threshold=0 --param asan-stack=0 \
	--param asan-globals=0
ifeq ($(KASAN),1)
SRCS += mm/kasan.c mm/kasan_report.c
CFLAGS += $(KASAN_CFLAGS)
endif

# The sanitizers' own runtime is never instrumented: a check inside its own
# report would recurse (mm/kasan.c checks memcpy's whole range instead).
RUNTIME_OBJS := $(B)/kernel/ubsan.o $(B)/kernel/stack_protector.o $(B)/mm/kasan.o \
	$(B)/mm/kasan_report.o $(B)/lib/string.o
$(RUNTIME_OBJS): CFLAGS := $(filter-out $(SAN_CFLAGS) $(KASAN_CFLAGS),$(CFLAGS)) \
	-fno-stack-protector $(if $(KASAN),-DCONFIG_KASAN)
# The slab allocator reads and writes free objects and red zones, which
# KASAN marks inaccessible (Linux builds mm/slub.c without KASAN too); so do
# the slab tests that corrupt free objects on purpose to test slub_debug, and
# the vmalloc test that writes whole pages of areas to check their rounding.
NOKASAN_OBJS := $(B)/mm/slab.o $(B)/mm/slab_cpu.o $(B)/mm/slab_deactivate.o $(B)/mm/slab_cache.o $(B)/mm/slab_debug.o $(B)/mm/slab_report.o \
	$(B)/mm/page_debug.o $(B)/mm/slab_leaks.o $(B)/tests/test_slab.o $(B)/tests/test_slab_debug.o \
	$(B)/tests/test_vmalloc.o
$(NOKASAN_OBJS): CFLAGS := $(filter-out $(KASAN_CFLAGS),$(CFLAGS)) $(if $(KASAN),-DCONFIG_KASAN)

OBJS := $(patsubst %,$(B)/%.o,$(basename $(SRCS)))
KERNEL := $(B)/strata.elf

.DELETE_ON_ERROR:
.PHONY: all san kasan clang run debug gdb iso test bench clean format format-check deps-run deps-test host-tests
all: $(KERNEL) user

# Objects depend on the compiler and its flags too: $(B)/compiler holds the
# last ones and changes only when they do, so `make CC=clang` after `make`
# rebuilds everything instead of linking gcc's objects.
$(B)/compiler: FORCE
	@mkdir -p $(B)
	@echo '$(CC) $(CFLAGS)' | cmp -s - $@ || echo '$(CC) $(CFLAGS)' > $@
$(OBJS) $(B)/ksyms.o $(B)/ksyms0.o: $(B)/compiler

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(B)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@

$(B)/%.o: $(B)/%.S
	@echo "  AS      $<"
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@

# Two links: the first gives the addresses of the text symbols, which do not
# move in the second (the table lives after .text). See kernel/ksyms.h.
$(B)/ksyms0.S: tools/gen-ksyms.sh
	@mkdir -p $(B)
	$(Q)tools/gen-ksyms.sh > $@

$(B)/strata.pass1.elf: $(OBJS) $(B)/ksyms0.o linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -o $@ $(OBJS) $(B)/ksyms0.o

$(B)/ksyms.S: $(B)/strata.pass1.elf tools/gen-ksyms.sh
	$(Q)NM=$(NM) tools/gen-ksyms.sh $< > $@

$(KERNEL): $(OBJS) $(B)/ksyms.o linker.ld tools/check-image.sh
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -Map=$(B)/strata.map -o $@ $(OBJS) $(B)/ksyms.o
	$(Q)$(NM) -n $@ > $(B)/strata.sym
	$(Q)tools/check-image.sh $@

san:
	$(Q)$(MAKE) --no-print-directory B=$(B)/san SAN=1 $(B)/san/strata.elf

kasan:
	$(Q)$(MAKE) --no-print-directory B=$(B)/kasan KASAN=1 $(B)/kasan/strata.elf

# The same kernel built by clang (a supported compiler: make test boots it).
# `make CC=clang` builds it into $(B) instead.
clang:
	@tools/deps.sh clang
	$(Q)$(MAKE) --no-print-directory B=$(B)/clang CC=clang $(B)/clang/strata.elf

# CMDLINE reaches the recipes through the environment, unexpanded, so the
# kernel gets it exactly as typed (with $, quotes or ;).
export STRATA_CMDLINE := $(value CMDLINE)

# MODULES="a.ko b.ko": loadable modules the kernel gets as multiboot modules,
# for the shell's insmod: QEMU's -initrd takes them comma-separated (paths
# without spaces), the ISO as module2 lines. PROGRAMS="build/user/heap":
# user programs for the shell's run, passed the same way (after MODULES);
# by default every program of user/ that is not built into the image
# (USER_MODULES), so the shell's run and the user demos find them;
# PROGRAMS= brings none.
include user/user.mk
MODULES ?=
PROGRAMS ?= $(USER_MODULES)
comma := ,
empty :=
space := $(empty) $(empty)
BOOT_MODULES = $(strip $(MODULES) $(PROGRAMS))
QEMU_MODULES = $(if $(BOOT_MODULES),-initrd $(subst $(space),$(comma),$(BOOT_MODULES)))

# The ISO holds CMDLINE in its grub.cfg, so it depends on the last CMDLINE
# too: $(B)/iso-cmdline holds it and changes only when CMDLINE does.
iso: $(B)/strata.iso
$(B)/strata.iso: $(KERNEL) tools/mkiso.sh $(B)/iso-cmdline $(BOOT_MODULES)
	@tools/deps.sh iso
	tools/mkiso.sh $(KERNEL) "$$STRATA_CMDLINE" $@ $(BOOT_MODULES)

$(B)/iso-cmdline: FORCE
	@mkdir -p $(B)
	@printf '%s\n' "$$STRATA_CMDLINE" | cmp -s - $@ || printf '%s\n' "$$STRATA_CMDLINE" > $@

# QEMU as `make run`, `make debug` and `make memmap` start it: tools/qemu-cmd
# (the same command line the test tools build, tools/strata_qemu.py).
QEMU_BOOT = tools/qemu-cmd --accel $(ACCEL) --memory $(MEM) --kernel $(KERNEL) \
	--qemu-args "$(QEMU_ARGS) $(QEMU_MODULES)"

run: $(KERNEL) $(BOOT_MODULES)
	@tools/deps.sh run
	$(QEMU_BOOT) --serial mon:stdio --cmdline "$$STRATA_CMDLINE"

# The stub listens on localhost only: whoever connects controls the machine.
debug: $(KERNEL) $(BOOT_MODULES)
	@tools/deps.sh debug
	@echo "debug: QEMU is paused before the first instruction; GDB stub on 127.0.0.1:$(GDBPORT)."
	@echo "debug: in another terminal: make gdb$(if $(filter command line environment,$(origin GDBPORT)), GDBPORT=$(GDBPORT))   (Ctrl-A X quits QEMU)"
	$(QEMU_BOOT) --serial mon:stdio --cmdline "$$STRATA_CMDLINE" --paused --gdb $(GDBPORT)

# tools/gdb/strata-gdb.py loads the strata-* commands; strata-attach connects
# and runs to kmain (see tools/gdb/strata/attach.py for the traps it avoids).
# GDB_ARGS is passed unexpanded, so 'strata-pt $$rsp' needs no doubled $.
gdb: $(KERNEL)
	@tools/deps.sh debug
	$(GDB) -q -x tools/gdb/strata-gdb.py -ex 'strata-attach 127.0.0.1:$(GDBPORT)' \
		$(value GDB_ARGS) $(KERNEL)

include tests/host/host.mk
include tests/fuzz/fuzz.mk
include tools/lint.mk

test: $(KERNEL) user san kasan clang $(HOST_TESTS)
	@tools/deps.sh test
	USER_MODULES="$(USER_MODULES)" tools/test-all.sh

# The memory picture: boot, run the shell's `memmap`, power off, and draw
# the serial log as build/memmap.svg (+ .png with rsvg-convert or convert).
.PHONY: memmap
memmap: $(KERNEL) $(BOOT_MODULES)
	@tools/deps.sh run
	timeout 300 $(QEMU_BOOT) --cmdline "shell.run=memmap,poweroff $$STRATA_CMDLINE" \
		< /dev/null > $(B)/memmap.log
	tools/memmap-svg $(B)/memmap.log -o $(B)/memmap.svg

# Benchmarks under TCG with instruction counting (bench/, tools/bench); the
# multi-CPU guests need QEMU 8 or later (tools/bench-qemu.sh gets Debian's 10).
bench: $(KERNEL)
	@tools/deps.sh run
	tools/bench --kernel $(KERNEL) $(if $(BENCH),--only "$(BENCH)") $(if $(SMP),--smp $(SMP)) \
		$(if $(BENCH_QEMU),--qemu "$(BENCH_QEMU)") --accel $(ACCEL)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	@clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h') && echo "  FORMAT   clean"

clean:
	rm -rf $(B)

-include $(OBJS:.o=.d) $(B)/ksyms.d $(B)/ksyms0.d

endif # M=
