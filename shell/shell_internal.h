/* SPDX-License-Identifier: MIT */
/*
 * What the shell's files share: the command table (commands.c), the output
 * and argument helpers (shell.c), the registry of the shell's allocations
 * (mine.c), and the commands, one group per file (cmd_mm.c, cmd_pages.c,
 * cmd_slab.c, cmd_memmap.c, cmd_demo.c with the demos in demo_*.c,
 * cmd_sys.c).
 *
 * Adding a command: write `int cmd_NAME(int argc, char **argv)` in the file
 * of its group, declare it below, add one row to shell_commands[]. The
 * dispatcher has already checked the argument count against the row, so a
 * command only validates the values (shell_arg_u64 for numbers).
 */
#ifndef STRATA_SHELL_INTERNAL_H
#define STRATA_SHELL_INTERNAL_H

#include "lib/types.h"
#include "mm/gfp.h"

/* Most words on a line, the command name included. */
#define SHELL_MAX_ARGS 8

/* One row of the command table. */
struct shell_cmd {
	const char *name;
	const char *usage;     /* the arguments as help shows them: "ADDR", "[GLOB]", "" */
	unsigned int min_args; /* required arguments, the name not counted */
	unsigned int max_args; /* allowed arguments, <= SHELL_MAX_ARGS - 1 */
	const char *help;      /* one line */
	/*
	 * argv[0] is the name, argv[1 .. argc) the arguments. Returns 0, or
	 * -Exxx after printing one line that says what was wrong.
	 */
	int (*run)(int argc, char **argv);
};

/* The commands in the order `help` lists them (commands.c). */
extern const struct shell_cmd shell_commands[];
extern const unsigned int nr_shell_commands;

/* The row for name, or NULL. */
const struct shell_cmd *shell_find_command(const char *name);

/* printf to the console only: shell output is not kernel log material. */
void shell_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Parse arg (decimal, or hex with 0x) into *val. On bad input print one line
 * "cmd: 'arg' is not a number ..." or "... does not fit in 64 bits" and
 * return false.
 */
bool shell_arg_u64(const char *cmd, const char *arg, u64 *val);

/*
 * The registry of the shell's own allocations (mine.c). The free-style
 * commands accept only what mine_find() finds, so a typed address can never
 * reach an allocator's free unless the shell handed it out.
 */
enum mine_kind {
	MINE_PAGES,   /* alloc: alloc_pages(); amount is the order */
	MINE_KMALLOC, /* kmalloc: amount is the bytes asked for */
	MINE_OBJECT,  /* cache alloc: an object of cache; amount is its object size */
	MINE_VMALLOC, /* vmalloc: vmalloc(); amount is the bytes asked for */
	NR_MINE_KINDS
};

struct kmem_cache;

struct mine_entry {
	u64 addr;		  /* what the command printed; 0: the slot is free */
	u64 amount;		  /* the order (MINE_PAGES), bytes (MINE_KMALLOC, MINE_OBJECT) */
	struct kmem_cache *cache; /* MINE_OBJECT: the cache it came from, else NULL */
	enum mine_kind kind;
	unsigned int id; /* "#N" in `mine`, never reused */
	char cmd[40];	 /* the line that made it, truncated */
};

/* True, after one line saying so, if no slot is left: check before allocating. */
bool mine_full(const char *cmd);
/* Record an allocation the command argv made; returns its id (0 if full). */
unsigned int mine_record(enum mine_kind kind, u64 addr, u64 amount, int argc, char **argv);
/* The same for an object of a cache (MINE_OBJECT). */
unsigned int mine_record_object(struct kmem_cache *cache, u64 addr, int argc, char **argv);
/* The entry at addr whatever its kind, or NULL (to say what an address is). */
struct mine_entry *mine_find_any(u64 addr);
/* The entry of that kind at addr, or NULL. */
struct mine_entry *mine_find(enum mine_kind kind, u64 addr);
/*
 * True, after one line naming the right command, if addr is in the registry
 * as another kind than want: a free command checks this before mine_find().
 */
bool mine_wrong_kind(const char *cmd, u64 addr, enum mine_kind want);
/* Drop an entry after its memory was freed. */
void mine_forget(struct mine_entry *e);

/* Print one zone's /proc/buddyinfo line after prefix (cmd_pages.c). */
void shell_buddyinfo_line(const char *prefix, int zone);

/*
 * The commands. Each returns 0, or -Exxx after its one line of error; what
 * each does is the help text of its row in shell_commands[].
 */
/* commands.c */
int cmd_help(int argc, char **argv);
/* cmd_mm.c: memory */
int cmd_meminfo(int argc, char **argv);
int cmd_layout(int argc, char **argv);
int cmd_vmallocinfo(int argc, char **argv);
int cmd_pt(int argc, char **argv);
/* cmd_pages.c: the page allocator by hand */
int cmd_buddyinfo(int argc, char **argv);
int cmd_zoneinfo(int argc, char **argv);
int cmd_min_free_kbytes(int argc, char **argv);
int cmd_page(int argc, char **argv);
int cmd_alloc(int argc, char **argv);
int cmd_free(int argc, char **argv);
/* mine.c */
int cmd_mine(int argc, char **argv);
/* cmd_slab.c: the slab allocator by hand */
int cmd_slabinfo(int argc, char **argv);
int cmd_waste(int argc, char **argv);
int cmd_shrink(int argc, char **argv);
int cmd_kmalloc(int argc, char **argv);
int cmd_kfree(int argc, char **argv);
int cmd_cache(int argc, char **argv);
int cmd_bench(int argc, char **argv);
/* cmd_memmap.c */
int cmd_memmap(int argc, char **argv);
/* cmd_demo.c: guided demonstrations */
int cmd_demo(int argc, char **argv);
/*
 * A demo's allocation failed: print so, in the steps' "   -> ..." style.
 * The demo then frees what it took and returns -ENOMEM.
 */
void demo_out_of_memory(void);
/* demo_pages.c, demo_vm.c: the demos; argv[0] is the demo's name */
int demo_lowlevel(int argc, char **argv);
int demo_exact(int argc, char **argv);
int demo_buddy(int argc, char **argv);
int demo_exhaust(int argc, char **argv);
int demo_doublefree(int argc, char **argv);
int demo_vas(int argc, char **argv);
/*
 * Hold free blocks, largest orders first, until fewer than keep + a block
 * are left or GFP_KERNEL fails (keep 0: until it fails), counting them per
 * order; demo_release_pages() frees the list (demo_pages.c).
 */
struct demo_held_block;
struct demo_held_block *demo_hold_pages(u64 keep, u64 counts[MAX_ORDER + 1]);
void demo_release_pages(struct demo_held_block *stack);
/* demo_slab.c, demo_waste.c: the slab allocator's demos */
int demo_slab1(int argc, char **argv);
int demo_maxsize(int argc, char **argv);
int demo_wastage(int argc, char **argv);
int demo_waste_by_caller(int argc, char **argv);
int demo_custom_cache(int argc, char **argv);
int demo_poison(int argc, char **argv);
int demo_caches(int argc, char **argv);
/* The slab halves of `demo exhaust` and `demo doublefree` (demo_slab.c); 0 or -ENOMEM. */
void demo_exhaust_kmalloc(void);
int demo_doublefree_kfree(void);
/* Hex and ASCII of len bytes at p, 16 a line, each line prefixed by indent. */
void shell_hexdump(const char *indent, const void *p, size_t len);
int demo_phys(int argc, char **argv);
/* demo_user.c: user processes (each needs its program of user/) */
int demo_uservas(int argc, char **argv);
int demo_paging(int argc, char **argv);
int demo_oom(int argc, char **argv);
/* cmd_sys.c: the machine and the kernel */
int cmd_test(int argc, char **argv);
int cmd_torture(int argc, char **argv);
int cmd_dmesg(int argc, char **argv);
int cmd_interrupts(int argc, char **argv);
int cmd_cpus(int argc, char **argv);
int cmd_uptime(int argc, char **argv);
int cmd_clear(int argc, char **argv);
int cmd_poweroff(int argc, char **argv);
/* cmd_module.c: loadable modules */
int cmd_run(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_kill(int argc, char **argv);
int cmd_sched(int argc, char **argv);
/* cmd_proc.c: a live process's maps and status */
int cmd_maps(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_oom_score_adj(int argc, char **argv);
int cmd_overcommit(int argc, char **argv);
int cmd_insmod(int argc, char **argv);
int cmd_rmmod(int argc, char **argv);
int cmd_lsmod(int argc, char **argv);
int cmd_modinfo(int argc, char **argv);
/* cmd_vmalloc.c: vmalloc by hand */
int cmd_vmalloc(int argc, char **argv);
int cmd_vfree(int argc, char **argv);
int cmd_vmalloc_purge(int argc, char **argv);
/* demo_vmalloc.c: the vmalloc demos */
int demo_vmalloc(int argc, char **argv);
int demo_guard(int argc, char **argv);
/* demo_smp.c: interrupt context and other CPUs */
int demo_atomic(int argc, char **argv);
int demo_shootdown(int argc, char **argv);

#endif /* STRATA_SHELL_INTERNAL_H */
