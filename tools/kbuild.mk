# SPDX-License-Identifier: MIT
#
# Building loadable modules out of the tree, the way Linux's kbuild does:
#
#   make -C <strata> M=<dir> modules      build <dir>/<name>.ko for each obj-m
#   make -C <strata> M=<dir> clean        remove what that made
#
# The top Makefile hands every M= build to this file. It reads the folder's
# Kbuild, or else its Makefile, with KERNELRELEASE set (so a book-style
# Makefile takes its `obj-m += ...` branch), and takes from it: obj-m
# (name.o: one module each), <name>-objs or <name>-y (its objects; else
# name.o alone), ccflags-y (and the older EXTRA_CFLAGS). Then, per module:
#   1. each object from its .c, with Linux's module flags and warnings (not
#      strata's -Werror set): -DMODULE -DKBUILD_MODNAME, -mcmodel=kernel,
#      no red zone, no SSE/MMX; -nostdinc as Linux (only the compiler's own
#      headers and strata's: include/linux/ first, then the tree); a linux/
#      or asm/ header strata does not have is refused with one line naming it;
#   2. <name>.mod.c: name= and vermagic= in .modinfo (Linux's modpost writes
#      the same file);
#   3. ld -r of the objects and <name>.mod.o into <name>.ko, an ELF64
#      relocatable the loader (kernel/module/*.c) places and relocates;
#   4. every undefined symbol checked against kernel/module/exports.c, as modpost
#      does against Module.symvers: an unknown one is an error, a warning with
#      KBUILD_MODPOST_WARN=1 (then insmod reports it, as Linux's loader does).
#
# Differences from Linux's kbuild (docs/modules.md): no Kconfig, so obj-y and
# obj-$(CONFIG_...) are not read; no subdirectories; C sources only; no
# modversions (CRCs): the vermagic string alone stands for the ABI.

srctree := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
M := $(abspath $(M))
CROSS ?=
CC := $(CROSS)gcc
LD := $(CROSS)ld
NM := $(CROSS)nm
# V=1 prints every command.
Q := $(if $(V),,@)

export KERNELRELEASE := 6.1.0-strata

kbuild-file := $(firstword $(wildcard $(M)/Kbuild) $(M)/Makefile)
ifeq ($(wildcard $(kbuild-file)),)
$(error M=$(M): no Kbuild or Makefile there)
endif
obj-m :=
ccflags-y :=
EXTRA_CFLAGS :=
# The folder's own rules must not become the default goal: ours is named below.
.DEFAULT_GOAL := __kbuild_modules
include $(kbuild-file)
.DEFAULT_GOAL := __kbuild_modules

mod-names := $(patsubst %.o,%,$(filter %.o,$(obj-m)))
mod-objs = $(or $(strip $($(1)-objs) $($(1)-y)),$(1).o)
all-objs := $(sort $(foreach m,$(mod-names),$(call mod-objs,$(m))))

# Linux 6.1's KBUILD_CFLAGS (top Makefile, arch/x86/Makefile) for a module:
# its warnings, and the code model and register limits a kernel needs; and,
# as Linux does, <linux/compiler_types.h> ahead of every source (noinline,
# __user... without an include).
MOD_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie -fno-strict-aliasing \
	-fno-common -fno-stack-protector -fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-fno-delete-null-pointer-checks -mcmodel=kernel -mno-red-zone -mno-sse -mno-mmx \
	-mno-sse2 -mno-3dnow -mno-avx -Wall -Wundef -Werror=strict-prototypes -Wno-trigraphs \
	-Werror=implicit-function-declaration -Werror=implicit-int -Werror=return-type \
	-Wno-format-security -Wno-pointer-sign -Wno-maybe-uninitialized -Wvla \
	-D__KERNEL__ -DMODULE -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-I$(srctree)/include -I$(srctree) -include $(srctree)/include/linux/compiler_types.h

.PHONY: __kbuild_modules __kbuild_clean
__kbuild_modules: $(patsubst %,$(M)/%.ko,$(mod-names))
	@true

$(if $(mod-names),,$(warning M=$(M): obj-m names no module in $(kbuild-file)))

# Step 1. An #include of a linux/ or asm/ header strata lacks: one line.
# (-M -MG lists a missing header by the name it was included as.)
$(M)/%.o: $(M)/%.c $(kbuild-file)
	@echo "  CC [M]  $<"
	$(Q)missing=$$($(CC) $(MOD_CFLAGS) $(ccflags-y) $(EXTRA_CFLAGS) -M -MG $< | \
		tr ' \\' '\n\n' | grep -E '^(linux|asm|uapi|generated)/' | head -n 1); \
	if [ -n "$$missing" ]; then \
		echo "$<: <$$missing> is not provided by strata (docs/modules.md lists the headers)" >&2; \
		exit 1; \
	fi
	$(Q)$(CC) $(MOD_CFLAGS) $(ccflags-y) $(EXTRA_CFLAGS) -DKBUILD_MODNAME='"$(modname-$*)"' \
		-DKBUILD_BASENAME='"$(notdir $*)"' -MD -MP -c $< -o $@

# KBUILD_MODNAME of each object: the module it belongs to.
$(foreach m,$(mod-names),$(foreach o,$(call mod-objs,$(m)),\
	$(eval modname-$(patsubst %.o,%,$(o)) := $(m))))

# Step 2.
$(M)/%.mod.c: $(kbuild-file) $(srctree)/include/linux/vermagic.h
	@echo "  MODINFO $@"
	$(Q)printf '%s\n' '#include "linux/vermagic.h"' \
		'static const char __modinfo_name[] __attribute__((section(".modinfo"), used, aligned(1))) = "name=$*";' \
		'static const char __modinfo_vermagic[] __attribute__((section(".modinfo"), used, aligned(1))) = "vermagic=" VERMAGIC_STRING;' \
		> $@

# Steps 3 and 4.
EXPORTED = $(shell sed -n 's/^EXPORT_SYMBOL\(_GPL\)\{0,1\}(\([A-Za-z0-9_]*\));$$/\2/p' \
	$(srctree)/kernel/module/exports.c)
.SECONDEXPANSION:
$(M)/%.ko: $$(addprefix $(M)/,$$(call mod-objs,$$*)) $(M)/%.mod.o $(srctree)/kernel/module/exports.c
	@echo "  LD [M]  $@"
	$(Q)$(LD) -r -o $@ $(filter %.o,$^)
	$(Q)bad=0; for s in $$($(NM) -u $@ | awk '{print $$2}'); do \
		case " $(EXPORTED) " in *" $$s "*) ;; *) \
		echo "$(if $(KBUILD_MODPOST_WARN),WARNING,ERROR): modpost: \"$$s\" [$@] undefined!" >&2; \
		bad=1;; esac; \
	done; \
	if [ $$bad = 1 ] && [ -z "$(KBUILD_MODPOST_WARN)" ]; then rm -f $@; exit 1; fi

$(M)/%.mod.o: $(M)/%.mod.c
	$(Q)$(CC) $(MOD_CFLAGS) -c $< -o $@

__kbuild_clean:
	@echo "  CLEAN   $(M)"
	$(Q)rm -f $(patsubst %,$(M)/%.ko,$(mod-names)) $(patsubst %,$(M)/%.mod.c,$(mod-names)) \
		$(patsubst %,$(M)/%.mod.o,$(mod-names)) $(addprefix $(M)/,$(all-objs)) \
		$(patsubst %.o,$(M)/%.d,$(all-objs)) $(M)/Module.symvers $(M)/modules.order

# Header dependencies of the objects (-MD), as kbuild's .cmd files.
-include $(patsubst %.o,$(M)/%.d,$(all-objs))

# Objects and .mod.c stay, as in Linux (clean removes them).
.SECONDARY:
.SUFFIXES:
.DELETE_ON_ERROR:
