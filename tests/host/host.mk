# SPDX-License-Identifier: MIT
#
# Host unit tests: pure-logic kernel files built for the host with ASan and
# UBSan and run as ordinary programs that print KTAP (see tests/host/htest.h).
#
# Usable two ways:
#   make -f tests/host/host.mk [build/host/test_memmap ...]   (standalone;
#       the default goal builds every test)
#   include tests/host/host.mk                                (from the top
#       Makefile; this file then leaves the includer's default goal alone)
# Either way `host-test` builds and runs them all and fails if any fails.
#
# Each test binary links its test file, host_support.c, lib/strlcpy.c and an
# explicit list of the kernel sources it tests; the allocator tests also link
# sim_machine.c (the simulated RAM) and kernel_shim.c (printk, panic, ...).
# Objects and -MD dependency files go to build/host/<source path>.o / .d.

ifndef STRATA_HOST_MK_INCLUDED
STRATA_HOST_MK_INCLUDED := 1

# True when this file is the top-level makefile (make -f tests/host/host.mk).
host_mk_standalone := $(filter $(firstword $(MAKEFILE_LIST)),$(lastword $(MAKEFILE_LIST)))
host_mk_saved_goal := $(.DEFAULT_GOAL)

HOSTCC ?= gcc
HOST_BUILD := build/host
HOST_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined \
	-fno-omit-frame-pointer -Wall -Wextra -Werror -I. -MD -MP
HOST_LDFLAGS := -fsanitize=address,undefined

HOST_TESTS := build/host/test_memmap build/host/test_multiboot build/host/test_multiboot2 \
	build/host/test_memblock \
	build/host/test_vsprintf build/host/test_buddy build/host/test_vmap_area \
	build/host/test_vmap_area_stress build/host/test_slab build/host/test_cmdline \
	build/host/test_module build/host/test_acpi build/host/test_glob build/host/test_elf

HOST_SUPPORT_SRCS := tests/host/host_support.c lib/strlcpy.c
TEST_MEMMAP_SRCS := tests/host/test_memmap.c mm/memmap.c
TEST_MULTIBOOT_SRCS := tests/host/test_multiboot.c tests/host/multiboot_image.c \
	tests/host/phys_grant.c boot/multiboot.c
TEST_MULTIBOOT2_SRCS := tests/host/test_multiboot2.c tests/host/multiboot_image.c \
	tests/host/phys_grant.c boot/multiboot.c
TEST_ACPI_SRCS := tests/host/test_acpi.c arch/x86_64/acpi_tables.c
TEST_MEMBLOCK_SRCS := tests/host/test_memblock.c mm/memblock.c mm/memmap.c
TEST_VSPRINTF_SRCS := tests/host/test_vsprintf.c lib/vsprintf.c lib/hexdump.c kernel/hexdump.c
TEST_CMDLINE_SRCS := tests/host/test_cmdline.c kernel/cmdline.c tests/host/kernel_shim.c \
	lib/vsprintf.c
TEST_MODULE_SRCS := tests/host/test_module.c kernel/module/elf.c kernel/module/reloc.c \
	kernel/module/param.c kernel/cmdline.c tests/host/kernel_shim.c lib/vsprintf.c
TEST_GLOB_SRCS := tests/host/test_glob.c lib/glob.c
TEST_ELF_SRCS := tests/host/test_elf.c kernel/elf_check.c
TEST_BUDDY_SRCS := tests/host/test_buddy.c tests/host/sim_machine.c tests/host/kernel_shim.c \
	mm/page_alloc.c tests/host/pcp_shim.c mm/page_debug.c mm/page_info.c mm/memblock.c mm/memmap.c lib/vsprintf.c
TEST_VMAP_AREA_SRCS := tests/host/test_vmap_area.c tests/host/vmap_model.c mm/vmap_area.c \
	mm/vmap_check.c lib/rbtree.c
TEST_VMAP_AREA_STRESS_SRCS := tests/host/test_vmap_area_stress.c tests/host/vmap_model.c \
	mm/vmap_area.c mm/vmap_check.c lib/rbtree.c
TEST_SLAB_SRCS := tests/host/test_slab.c tests/host/sim_machine.c tests/host/kernel_shim.c \
	mm/slab.c mm/slab_cpu.c mm/slab_cpu_slots.c mm/slab_deactivate.c mm/slab_cache.c \
	mm/slab_debug.c mm/slab_report.c mm/slab_cmdline.c mm/kmalloc.c \
	mm/slabinfo.c mm/page_alloc.c tests/host/pcp_shim.c mm/page_debug.c mm/page_info.c mm/memblock.c mm/memmap.c lib/vsprintf.c

host_objs = $(patsubst %.c,$(HOST_BUILD)/%.o,$(1) $(HOST_SUPPORT_SRCS))

HOST_OBJS := $(sort $(call host_objs,$(TEST_MEMMAP_SRCS) \
	$(TEST_MULTIBOOT_SRCS) $(TEST_MULTIBOOT2_SRCS) $(TEST_ACPI_SRCS) $(TEST_MEMBLOCK_SRCS) $(TEST_VSPRINTF_SRCS) \
	$(TEST_BUDDY_SRCS) $(TEST_VMAP_AREA_SRCS) $(TEST_VMAP_AREA_STRESS_SRCS) $(TEST_SLAB_SRCS) \
	$(TEST_CMDLINE_SRCS) $(TEST_MODULE_SRCS) $(TEST_GLOB_SRCS) $(TEST_ELF_SRCS)))

$(HOST_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(HOST_BUILD)/test_memmap: $(call host_objs,$(TEST_MEMMAP_SRCS))
$(HOST_BUILD)/test_multiboot: $(call host_objs,$(TEST_MULTIBOOT_SRCS))
$(HOST_BUILD)/test_multiboot2: $(call host_objs,$(TEST_MULTIBOOT2_SRCS))
$(HOST_BUILD)/test_acpi: $(call host_objs,$(TEST_ACPI_SRCS))
$(HOST_BUILD)/test_memblock: $(call host_objs,$(TEST_MEMBLOCK_SRCS))
$(HOST_BUILD)/test_vsprintf: $(call host_objs,$(TEST_VSPRINTF_SRCS))
$(HOST_BUILD)/test_cmdline: $(call host_objs,$(TEST_CMDLINE_SRCS))
$(HOST_BUILD)/test_module: $(call host_objs,$(TEST_MODULE_SRCS))
$(HOST_BUILD)/test_glob: $(call host_objs,$(TEST_GLOB_SRCS))
$(HOST_BUILD)/test_elf: $(call host_objs,$(TEST_ELF_SRCS))
$(HOST_BUILD)/test_buddy: $(call host_objs,$(TEST_BUDDY_SRCS))
$(HOST_BUILD)/test_slab: $(call host_objs,$(TEST_SLAB_SRCS))

# Allocator cores on the host: the direct map is a variable (mm/memlayout.h)
# and their reports go through the kernel's formatter (for %pS).
HOST_KERNEL_CFLAGS := -DSTRATA_HOST_TEST -Dvsnprintf=kernel_vsnprintf -Dsnprintf=kernel_snprintf
$(HOST_BUILD)/mm/page_alloc.o $(HOST_BUILD)/mm/page_debug.o $(HOST_BUILD)/mm/page_info.o \
$(HOST_BUILD)/tests/host/test_buddy.o $(HOST_BUILD)/tests/host/sim_machine.o: \
	HOST_CFLAGS += $(HOST_KERNEL_CFLAGS)
$(HOST_BUILD)/test_vmap_area: $(call host_objs,$(TEST_VMAP_AREA_SRCS))
$(HOST_BUILD)/test_vmap_area_stress: $(call host_objs,$(TEST_VMAP_AREA_STRESS_SRCS))
$(HOST_BUILD)/mm/slab.o $(HOST_BUILD)/mm/slab_cpu.o $(HOST_BUILD)/mm/slab_cpu_slots.o \
$(HOST_BUILD)/mm/slab_deactivate.o $(HOST_BUILD)/mm/slab_cache.o $(HOST_BUILD)/mm/slab_debug.o $(HOST_BUILD)/mm/kmalloc.o \
$(HOST_BUILD)/mm/slabinfo.o $(HOST_BUILD)/mm/slab_cmdline.o $(HOST_BUILD)/mm/slab_report.o \
$(HOST_BUILD)/tests/host/test_slab.o: HOST_CFLAGS += $(HOST_KERNEL_CFLAGS)
# The loader's reasons are formatted by the kernel's snprintf (%p, %#llx).
$(HOST_BUILD)/kernel/module/elf.o $(HOST_BUILD)/kernel/module/reloc.o \
$(HOST_BUILD)/kernel/module/param.o: HOST_CFLAGS += $(HOST_KERNEL_CFLAGS)

# The shim provides kernel/spinlock.h's host form too.
$(HOST_BUILD)/tests/host/kernel_shim.o: HOST_CFLAGS += -DSTRATA_HOST_TEST
$(HOST_BUILD)/tests/host/pcp_shim.o: HOST_CFLAGS += -DSTRATA_HOST_TEST

# The kernel's formatter under other names, so it does not replace libc's.
$(HOST_BUILD)/lib/vsprintf.o: HOST_CFLAGS += -Dvsnprintf=kernel_vsnprintf \
	-Dsnprintf=kernel_snprintf

$(HOST_TESTS):
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_LDFLAGS) -o $@ $^

.PHONY: host-tests host-test host-clean
host-tests: $(HOST_TESTS)

# Run every suite even if one fails; fail at the end if any did.
host-test: $(HOST_TESTS)
	@status=0; for t in $(HOST_TESTS); do ./$$t || status=1; done; exit $$status

host-clean:
	rm -rf $(HOST_BUILD)

-include $(HOST_OBJS:.o=.d)

ifneq ($(host_mk_standalone),)
.DEFAULT_GOAL := host-tests
else
.DEFAULT_GOAL := $(host_mk_saved_goal)
endif

endif # STRATA_HOST_MK_INCLUDED
