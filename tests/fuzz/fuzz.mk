# SPDX-License-Identifier: MIT
#
# Fuzz targets for the allocator cores, the boot parsers, the module
# loader's ELF code and the program loader's checks (tests/fuzz/).
# Included by the top Makefile:
#
#   make fuzz              build every target, fuzz each for FUZZ_SECONDS (60)
#   make fuzz FUZZ=buddy   only the targets matching these names
#   make fuzz-build        build only (make test uses this, then replays the
#                          committed corpus: tools/fuzz-run --quick)
#
# Engine: clang's libFuzzer (coverage-guided) when $(FUZZ_CC) can link
# -fsanitize=fuzzer; otherwise tests/fuzz/driver.c (corpus replay + seeded
# random inputs) built with whichever of $(FUZZ_CC) or $(HOSTCC) exists.
# Force one with FUZZ_ENGINE=libfuzzer|driver. Both run under ASan and
# UBSan with no recovery. Binaries: build/fuzz/fuzz_<target>.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ ?=
FUZZ_BUILD := build/fuzz
FUZZ_TARGETS := bootinfo memmap buddy slab vmap module acpi elf
FUZZ_BINS := $(patsubst %,$(FUZZ_BUILD)/fuzz_%,$(FUZZ_TARGETS))

# Probed once, and only when a fuzz rule runs (a lazily-set simple variable).
FUZZ_PROBE = printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }\n' | \
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -x c - -o $(FUZZ_BUILD)/probe \
	>/dev/null 2>&1 && echo libfuzzer || echo driver
FUZZ_ENGINE ?= $(eval FUZZ_ENGINE := $(shell mkdir -p $(FUZZ_BUILD) && $(FUZZ_PROBE)))$(FUZZ_ENGINE)
FUZZ_HOSTCC = $(if $(shell command -v $(FUZZ_CC)),$(FUZZ_CC),$(HOSTCC))

# Written out twice: a comma inside $(if ...) would split its arguments.
FUZZ_SAN_LIBFUZZER := -fsanitize=fuzzer-no-link,address,undefined
FUZZ_LINK_LIBFUZZER := -fsanitize=fuzzer,address,undefined
FUZZ_SAN_DRIVER := -fsanitize=address,undefined
FUZZ_SAN = $(if $(filter libfuzzer,$(FUZZ_ENGINE)),$(FUZZ_SAN_LIBFUZZER),$(FUZZ_SAN_DRIVER))
FUZZ_CFLAGS = -std=gnu11 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Werror -I. -MD -MP \
	-DSTRATA_HOST_TEST $(FUZZ_SAN) -fno-sanitize-recover=all
FUZZ_LDFLAGS = $(if $(filter libfuzzer,$(FUZZ_ENGINE)),$(FUZZ_LINK_LIBFUZZER),$(FUZZ_SAN_DRIVER))

FUZZ_SUPPORT := tests/host/host_support.c lib/strlcpy.c
FUZZ_BOOTINFO_SRCS := tests/fuzz/fuzz_bootinfo.c tests/host/phys_grant.c boot/multiboot.c \
	mm/memmap.c
FUZZ_MEMMAP_SRCS := tests/fuzz/fuzz_memmap.c mm/memmap.c
FUZZ_ACPI_SRCS := tests/fuzz/fuzz_acpi.c arch/x86_64/acpi_tables.c
FUZZ_BUDDY_SRCS := tests/fuzz/fuzz_buddy.c tests/host/sim_machine.c tests/host/kernel_shim.c \
	mm/page_alloc.c tests/host/pcp_shim.c mm/page_debug.c mm/page_info.c mm/memblock.c mm/memmap.c lib/vsprintf.c
FUZZ_SLAB_SRCS := tests/fuzz/fuzz_slab.c tests/fuzz/slab_model.c tests/host/sim_machine.c \
	tests/host/kernel_shim.c mm/slab.c mm/slab_cpu.c mm/slab_cpu_slots.c mm/slab_deactivate.c \
	mm/slab_cache.c mm/slab_debug.c mm/slab_report.c \
	mm/slab_cmdline.c mm/kmalloc.c \
	mm/page_alloc.c tests/host/pcp_shim.c mm/page_debug.c mm/page_info.c mm/memblock.c mm/memmap.c lib/vsprintf.c
FUZZ_MODULE_SRCS := tests/fuzz/fuzz_module.c kernel/module/elf.c kernel/module/reloc.c \
	tests/host/kernel_shim.c lib/vsprintf.c
FUZZ_ELF_SRCS := tests/fuzz/fuzz_elf.c kernel/elf_check.c
FUZZ_VMAP_SRCS := tests/fuzz/fuzz_vmap.c tests/host/vmap_model.c mm/vmap_area.c mm/vmap_check.c \
	lib/rbtree.c

fuzz_objs = $(patsubst %.c,$(FUZZ_BUILD)/obj/%.o,$(1) $(FUZZ_SUPPORT)) \
	$(if $(filter driver,$(FUZZ_ENGINE)),$(FUZZ_BUILD)/obj/tests/fuzz/driver.o)

# Objects depend on the engine's name, so switching engines rebuilds them.
$(FUZZ_BUILD)/engine: FORCE
	@mkdir -p $(@D)
	@[ "$$(cat $@ 2>/dev/null)" = "$(FUZZ_ENGINE)" ] || echo $(FUZZ_ENGINE) > $@

$(FUZZ_BUILD)/obj/%.o: %.c $(FUZZ_BUILD)/engine tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_HOSTCC) $(FUZZ_CFLAGS) -c $< -o $@

# The allocator cores' reports go through the kernel's formatter (host.mk).
$(FUZZ_BUILD)/obj/mm/page_alloc.o $(FUZZ_BUILD)/obj/mm/page_debug.o \
$(FUZZ_BUILD)/obj/mm/page_info.o $(FUZZ_BUILD)/obj/lib/vsprintf.o \
$(FUZZ_BUILD)/obj/mm/slab.o $(FUZZ_BUILD)/obj/mm/slab_cpu.o $(FUZZ_BUILD)/obj/mm/slab_cache.o $(FUZZ_BUILD)/obj/mm/slab_debug.o \
$(FUZZ_BUILD)/obj/mm/slab_report.o $(FUZZ_BUILD)/obj/mm/slab_cmdline.o \
$(FUZZ_BUILD)/obj/mm/kmalloc.o $(FUZZ_BUILD)/obj/kernel/module/elf.o \
$(FUZZ_BUILD)/obj/kernel/module/reloc.o: \
	FUZZ_CFLAGS += -Dvsnprintf=kernel_vsnprintf -Dsnprintf=kernel_snprintf

# page_poison_check() compares every byte of a block: tracing each comparison
# for libFuzzer would take most of the run, and finds nothing there.
$(FUZZ_BUILD)/obj/mm/page_debug.o: FUZZ_CFLAGS += \
	$(if $(filter libfuzzer,$(FUZZ_ENGINE)),-fno-sanitize-coverage=trace-cmp)

# Secondary expansion: the object list depends on the engine, known late.
.SECONDEXPANSION:
$(FUZZ_BUILD)/fuzz_bootinfo: $$(call fuzz_objs,$$(FUZZ_BOOTINFO_SRCS))
$(FUZZ_BUILD)/fuzz_memmap: $$(call fuzz_objs,$$(FUZZ_MEMMAP_SRCS))
$(FUZZ_BUILD)/fuzz_acpi: $$(call fuzz_objs,$$(FUZZ_ACPI_SRCS))
$(FUZZ_BUILD)/fuzz_buddy: $$(call fuzz_objs,$$(FUZZ_BUDDY_SRCS))
$(FUZZ_BUILD)/fuzz_slab: $$(call fuzz_objs,$$(FUZZ_SLAB_SRCS))
$(FUZZ_BUILD)/fuzz_vmap: $$(call fuzz_objs,$$(FUZZ_VMAP_SRCS))
$(FUZZ_BUILD)/fuzz_module: $$(call fuzz_objs,$$(FUZZ_MODULE_SRCS))
$(FUZZ_BUILD)/fuzz_elf: $$(call fuzz_objs,$$(FUZZ_ELF_SRCS))

$(FUZZ_BINS):
	@echo "  FUZZLD  $@ ($(FUZZ_ENGINE))"
	$(Q)$(FUZZ_HOSTCC) $(FUZZ_LDFLAGS) -o $@ $^

.PHONY: fuzz fuzz-build FORCE
FORCE:
fuzz-build: $(FUZZ_BINS)

fuzz:
	@tools/deps.sh fuzz || echo "fuzz: without libFuzzer, the fallback driver (tests/fuzz/driver.c) runs"
	$(Q)$(MAKE) --no-print-directory fuzz-build
	tools/fuzz-run --seconds $(FUZZ_SECONDS) \
		$(if $(FUZZ),$(patsubst %,$(FUZZ_BUILD)/fuzz_%,$(FUZZ)),$(FUZZ_BINS))

# make test replays the corpus (tools/test-all.sh), so it needs the binaries.
test: fuzz-build

-include $(shell find $(FUZZ_BUILD)/obj -name '*.d' 2>/dev/null)
