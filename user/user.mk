# SPDX-License-Identifier: MIT
#
# The user programs of user/: static Linux x86_64 executables built with
# Debian's musl (musl-gcc, package musl-tools), so no libc is written here.
# Each becomes $(B)/user/NAME; echo-pie is echo.c again as a static PIE
# (ET_DYN without an interpreter). USER_BUILTIN are linked into the kernel
# image by user/programs.S, so every boot path has them without any loader
# configuration (hello shows printf, fault the kills); the others reach the
# kernel as multiboot modules, the way MODULES= brings .ko files:
#   make run PROGRAMS="build/user/heap build/user/echo"
# (USER_MODULES: the list the user suite's boot in tools/test-all.sh passes).

USER_PROGS := hello echo echo-pie heap fault hostile spin oom uservas rss
USER_BUILTIN := hello fault
USER_BINS := $(patsubst %,$(B)/user/%,$(USER_PROGS))
USER_MODULES := $(patsubst %,$(B)/user/%,$(filter-out $(USER_BUILTIN),$(USER_PROGS)))
USER_CFLAGS := -O2 -Wall -Wextra -Werror -s
# The built-in programs are linked without ld's separate-code padding (their
# text shares pages with the ELF headers and read-only data): every byte of
# theirs is taken from the 2 MiB boot's memory, and this halves them.
$(patsubst %,$(B)/user/%,$(USER_BUILTIN)): USER_CFLAGS += -Wl,-z,noseparate-code

$(B)/user/%: user/%.c user/user.mk
	@tools/deps.sh user
	@mkdir -p $(dir $@)
	@echo "  MUSL    $<"
	$(Q)musl-gcc -static $(USER_CFLAGS) -o $@ $(filter %.c,$^)

# A static PIE by hand: Debian's musl-gcc specs know -static but not
# -static-pie, so the start files are named here: rcrt1.o relocates the
# program itself before main; --no-dynamic-linker leaves out PT_INTERP.
MUSL_LIB := /usr/lib/x86_64-linux-musl
$(B)/user/echo-pie: user/echo.c user/user.mk
	@tools/deps.sh user
	@mkdir -p $(dir $@)
	@echo "  MUSL    $< (static PIE)"
	$(Q)musl-gcc $(USER_CFLAGS) -fPIE -nostartfiles -nostdlib \
		-Wl,-static,-pie,--no-dynamic-linker,-z,text -o $@ $(MUSL_LIB)/rcrt1.o \
		$(MUSL_LIB)/crti.o $(filter %.c,$^) -L$(MUSL_LIB) -lc $$(musl-gcc -print-libgcc-file-name) \
		$(MUSL_LIB)/crtn.o

.PHONY: user
user: $(USER_BINS)

# The image's copy: .incbin finds the binaries through -I.
$(B)/user/programs.o: $(patsubst %,$(B)/user/%,$(USER_BUILTIN))
$(B)/user/programs.o: ASFLAGS += -I$(B)/user -Wa,-I$(B)/user
