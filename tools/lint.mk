# SPDX-License-Identifier: MIT
#
# Static analysis (docs/hardening.md), included by the top Makefile:
#
#   make lint                    the layer check, cppcheck and clang-tidy over
#                                the kernel sources
#   make compile_commands.json   the kernel's real compile commands, for
#                                clang-tidy and editors (generated from SRCS and
#                                CFLAGS, so it never goes stale)
#
# clang-tidy's checks are in .clang-tidy; cppcheck's options are below, its
# suppressions (deliberate bugs only) in tools/cppcheck.supp.
# Both must be silent: a warning is fixed in the code, or the one line that
# silences it (NOLINT / cppcheck-suppress) says why.

CLANG_TIDY ?= clang-tidy
CPPCHECK ?= cppcheck
LINT_SRCS := $(filter %.c,$(SRCS))

compile_commands.json: Makefile tools/lint.mk
	@echo "  GEN     $@"
	$(Q){ echo '['; sep=' '; for f in $(LINT_SRCS); do \
		printf '%s{ "directory": "%s", "file": "%s",\n   "command": "%s -c %s -o %s" }\n' \
			"$$sep" "$(CURDIR)" "$$f" "$(CC) $(CFLAGS)" "$$f" "$(B)/$${f%.c}.o"; \
		sep=','; done; echo ']'; } > $@

# cppcheck: everything but style (clang-tidy and review cover style), with
# the kernel's include path; freestanding, so no system headers.
CPPCHECK_FLAGS := --enable=warning,performance,portability --std=c11 --language=c \
	--platform=unix64 --inline-suppr --error-exitcode=1 --quiet \
	--suppress=missingIncludeSystem --suppressions-list=tools/cppcheck.supp \
	-I. -D__x86_64__ -D__GNUC__

.PHONY: lint lint-layers lint-tidy lint-cppcheck
lint: format-check lint-layers lint-cppcheck lint-tidy

# Includes point down the layer diagram (the ranks are in the script).
lint-layers:
	$(Q)tools/check-layers.sh

lint-cppcheck:
	@tools/deps.sh lint
	@echo "  CPPCHECK $(words $(LINT_SRCS)) files"
	$(Q)$(CPPCHECK) $(CPPCHECK_FLAGS) $(LINT_SRCS)

# clang reads GCC's kernel flags; the GCC-only warning options it does not
# know are not an error for it. Two files at a time (~40 s for the tree on
# one core); "N warnings generated" counts warnings in system headers that
# clang-tidy already filtered, so it is dropped.
lint-tidy: compile_commands.json
	@echo "  CLANG-TIDY $(words $(LINT_SRCS)) files"
	$(Q)printf '%s\n' $(LINT_SRCS) | xargs -P 2 -n 8 $(CLANG_TIDY) --quiet -p . \
		--extra-arg=-Wno-unknown-warning-option > $(B)/clang-tidy.log 2>&1; \
		status=$$?; grep -v 'warnings\? generated\.$$' $(B)/clang-tidy.log; exit $$status
