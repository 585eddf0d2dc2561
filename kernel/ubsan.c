// SPDX-License-Identifier: MIT
/*
 * UBSan runtime: the __ubsan_handle_* functions GCC calls from code built
 * with -fsanitize=undefined when a check fails (the sanitized build, make
 * san; docs/hardening.md).
 *
 * Each handler prints one report and panics:
 *
 *   UBSAN: shift-out-of-bounds in tests/provoke.c:52:16
 *   shift exponent 40 is too large for 32-bit type 'int'
 *   Kernel panic - not syncing: ubsan: undefined behaviour, see the report above
 *   Call Trace: ...
 *
 * Panicking on the first report, instead of counting and going on as Linux
 * does by default, makes a report impossible to miss in a test run: the run
 * fails at the line that broke, with its backtrace.
 *
 * The ABI (names, argument lists, data layouts) is the compiler's, shared by
 * GCC and LLVM's compiler-rt: every handler gets a pointer to static data
 * that starts with the source location, plus the operands as "value
 * handles": an integer no wider than a pointer is passed in the handle
 * itself, a wider one by address. This file is built without the
 * sanitizers (see the Makefile), but printk() and what it calls are not: a
 * report raised while reporting is dropped (ubsan_in_report).
 */
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/vsprintf.h"

/* Where the check is: file, 1-based line and column. */
struct source_location {
	const char *file;
	u32 line;
	u32 column;
};

/* The type of an operand, as the compiler describes it. */
struct type_descriptor {
	u16 kind;    /* TYPE_KIND_* */
	u16 info;    /* integer: bit 0 = signed, bits 1.. = log2(width in bits) */
	char name[]; /* "'int'", quotes included */
};

#define TYPE_KIND_INTEGER 0

struct type_mismatch_data_v1 {
	struct source_location loc;
	const struct type_descriptor *type;
	u8 log_alignment;   /* the type requires 1 << log_alignment bytes */
	u8 type_check_kind; /* index into type_check_kinds[] */
};

/* add, sub, mul, negate, divrem, load_invalid_value, vla_bound. */
struct overflow_data {
	struct source_location loc;
	const struct type_descriptor *type;
};

struct shift_out_of_bounds_data {
	struct source_location loc;
	const struct type_descriptor *lhs_type;
	const struct type_descriptor *rhs_type;
};

struct out_of_bounds_data {
	struct source_location loc;
	const struct type_descriptor *array_type;
	const struct type_descriptor *index_type;
};

struct location_data { /* unreachable, pointer_overflow */
	struct source_location loc;
};

struct nonnull_arg_data {
	struct source_location loc;
	struct source_location attr_loc; /* the nonnull attribute */
	int arg_index;			 /* 1-based */
};

struct nonnull_return_data {
	struct source_location attr_loc;
};

struct invalid_builtin_data {
	struct source_location loc;
	u8 kind; /* 0: __builtin_ctz*, 1: __builtin_clz* */
};

/* What the access was, for type_mismatch (compiler-rt's TypeCheckKind). */
static const char *const type_check_kinds[] = {
	"load of",
	"store to",
	"reference binding to",
	"member access within",
	"member call on",
	"constructor call on",
	"downcast of",
	"downcast of",
	"upcast of",
	"cast to virtual base of",
	"_Nonnull binding to",
	"dynamic operation on",
};

/*
 * The compiler's entry points. Only the compiler calls them, so they are
 * declared here rather than in a header.
 */
void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data_v1 *d, u64 ptr);
void __ubsan_handle_add_overflow(struct overflow_data *d, u64 lhs, u64 rhs);
void __ubsan_handle_sub_overflow(struct overflow_data *d, u64 lhs, u64 rhs);
void __ubsan_handle_mul_overflow(struct overflow_data *d, u64 lhs, u64 rhs);
void __ubsan_handle_negate_overflow(struct overflow_data *d, u64 old);
void __ubsan_handle_divrem_overflow(struct overflow_data *d, u64 lhs, u64 rhs);
void __ubsan_handle_shift_out_of_bounds(struct shift_out_of_bounds_data *d, u64 lhs, u64 rhs);
void __ubsan_handle_out_of_bounds(struct out_of_bounds_data *d, u64 index);
void __ubsan_handle_builtin_unreachable(struct location_data *d);
void __ubsan_handle_load_invalid_value(struct overflow_data *d, u64 val);
void __ubsan_handle_pointer_overflow(struct location_data *d, u64 base, u64 result);
void __ubsan_handle_nonnull_arg(struct nonnull_arg_data *d);
void __ubsan_handle_nonnull_return_v1(struct nonnull_return_data *d, struct source_location *loc);
void __ubsan_handle_invalid_builtin(struct invalid_builtin_data *d);
void __ubsan_handle_vla_bound_not_positive(struct overflow_data *d, u64 bound);

static bool ubsan_in_report; /* a report is being printed */

static bool type_is_int(const struct type_descriptor *t)
{
	return t->kind == TYPE_KIND_INTEGER;
}

static bool type_is_signed(const struct type_descriptor *t)
{
	return type_is_int(t) && (t->info & 1);
}

static unsigned int type_bits(const struct type_descriptor *t)
{
	return type_is_int(t) ? 1u << (t->info >> 1) : 0;
}

/* True if the handle holds a negative signed integer no wider than 64 bits. */
static bool value_is_negative(const struct type_descriptor *t, u64 v)
{
	unsigned int bits = type_bits(t);

	return type_is_signed(t) && bits <= 64 && (v >> (bits - 1)) & 1;
}

/*
 * Format value handle v of type t into buf: decimal for integers up to 64
 * bits (sign-extended from the type's width), hex of the low 64 bits for a
 * wider integer (passed by address), the raw handle otherwise.
 */
static const char *value_format(const struct type_descriptor *t, u64 v, char *buf, size_t n)
{
	unsigned int bits = type_bits(t);

	if (bits > 64) {
		snprintf(buf, n, "0x%llx (low 64 of %u bits)", *(unsigned long long *)v, bits);
	} else if (type_is_signed(t)) {
		unsigned int shift = 64 - bits;

		snprintf(buf, n, "%lld", (long long)((s64)(v << shift) >> shift));
	} else if (bits) {
		snprintf(buf, n, "%llu", (unsigned long long)v);
	} else {
		snprintf(buf, n, "(value handle %#llx)", (unsigned long long)v);
	}
	return buf;
}

/* Print the report's first line; false if a report is already running. */
static bool report_begin(const struct source_location *loc, const char *kind)
{
	if (ubsan_in_report)
		return false;
	ubsan_in_report = true;
	pr_emerg("================================================================\n");
	pr_emerg("UBSAN: %s in %s:%u:%u\n", kind, loc->file, loc->line, loc->column);
	return true;
}

/* End the report: the panic adds the backtrace and fails the run. */
static void __attribute__((noreturn)) report_end(void)
{
	panic("ubsan: undefined behaviour, see the report above");
}

void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data_v1 *d, u64 ptr)
{
	u64 align = 1ULL << d->log_alignment;
	const char *what = d->type_check_kind < ARRAY_SIZE(type_check_kinds)
				   ? type_check_kinds[d->type_check_kind]
				   : "access to";

	if (!ptr) {
		if (!report_begin(&d->loc, "null-pointer-dereference"))
			return;
		pr_emerg("%s null pointer of type %s\n", what, d->type->name);
	} else if (d->log_alignment && (ptr & (align - 1))) {
		if (!report_begin(&d->loc, "misaligned-access"))
			return;
		pr_emerg(
			"%s misaligned address %#llx for type %s, which requires %llu byte alignment\n",
			what, (unsigned long long)ptr, d->type->name, (unsigned long long)align);
	} else {
		if (!report_begin(&d->loc, "object-size-mismatch"))
			return;
		pr_emerg("%s address %#llx with insufficient space for an object of type %s\n",
			 what, (unsigned long long)ptr, d->type->name);
	}
	report_end();
}

/* The three binary overflows differ only in the operator. */
static void report_overflow(struct overflow_data *d, u64 lhs, u64 rhs, char op)
{
	char a[48], b[48];

	if (!report_begin(&d->loc, type_is_signed(d->type) ? "signed-integer-overflow"
							   : "unsigned-integer-overflow"))
		return;
	pr_emerg("%s %c %s cannot be represented in type %s\n",
		 value_format(d->type, lhs, a, sizeof(a)), op,
		 value_format(d->type, rhs, b, sizeof(b)), d->type->name);
	report_end();
}

void __ubsan_handle_add_overflow(struct overflow_data *d, u64 lhs, u64 rhs)
{
	report_overflow(d, lhs, rhs, '+');
}

void __ubsan_handle_sub_overflow(struct overflow_data *d, u64 lhs, u64 rhs)
{
	report_overflow(d, lhs, rhs, '-');
}

void __ubsan_handle_mul_overflow(struct overflow_data *d, u64 lhs, u64 rhs)
{
	report_overflow(d, lhs, rhs, '*');
}

void __ubsan_handle_negate_overflow(struct overflow_data *d, u64 old)
{
	char a[48];

	if (!report_begin(&d->loc, "negation-overflow"))
		return;
	pr_emerg("negation of %s cannot be represented in type %s\n",
		 value_format(d->type, old, a, sizeof(a)), d->type->name);
	report_end();
}

void __ubsan_handle_divrem_overflow(struct overflow_data *d, u64 lhs, u64 rhs)
{
	char a[48];

	if (value_is_negative(d->type, rhs)) {
		if (!report_begin(&d->loc, "division-overflow"))
			return;
		pr_emerg("division of %s by -1 cannot be represented in type %s\n",
			 value_format(d->type, lhs, a, sizeof(a)), d->type->name);
	} else {
		if (!report_begin(&d->loc, "division-by-zero"))
			return;
		pr_emerg("division of %s by zero\n", value_format(d->type, lhs, a, sizeof(a)));
	}
	report_end();
}

/*
 * Which shift rule broke, in the order C11 6.5.7 states them:
 *   rhs < 0 or rhs >= width(lhs)     -> the exponent
 *   lhs < 0 (left shift)             -> the base
 *   else lhs << rhs overflows        -> the result
 */
void __ubsan_handle_shift_out_of_bounds(struct shift_out_of_bounds_data *d, u64 lhs, u64 rhs)
{
	char a[48], b[48];

	if (!report_begin(&d->loc, "shift-out-of-bounds"))
		return;
	value_format(d->lhs_type, lhs, a, sizeof(a));
	value_format(d->rhs_type, rhs, b, sizeof(b));
	if (value_is_negative(d->rhs_type, rhs))
		pr_emerg("shift exponent %s is negative\n", b);
	else if (type_bits(d->rhs_type) <= 64 && rhs >= type_bits(d->lhs_type))
		pr_emerg("shift exponent %s is too large for %u-bit type %s\n", b,
			 type_bits(d->lhs_type), d->lhs_type->name);
	else if (value_is_negative(d->lhs_type, lhs))
		pr_emerg("left shift of negative value %s\n", a);
	else
		pr_emerg("left shift of %s by %s places cannot be represented in type %s\n", a, b,
			 d->lhs_type->name);
	report_end();
}

void __ubsan_handle_out_of_bounds(struct out_of_bounds_data *d, u64 index)
{
	char a[48];

	if (!report_begin(&d->loc, "array-index-out-of-bounds"))
		return;
	pr_emerg("index %s is out of range for type %s\n",
		 value_format(d->index_type, index, a, sizeof(a)), d->array_type->name);
	report_end();
}

void __ubsan_handle_builtin_unreachable(struct location_data *d)
{
	/* Not recoverable: execution must not go on past this point. */
	if (report_begin(&d->loc, "unreachable"))
		pr_emerg("execution reached an unreachable program point\n");
	report_end();
}

void __ubsan_handle_load_invalid_value(struct overflow_data *d, u64 val)
{
	char a[48];

	if (!report_begin(&d->loc, "invalid-load"))
		return;
	pr_emerg("load of value %s is not a valid value for type %s\n",
		 value_format(d->type, val, a, sizeof(a)), d->type->name);
	report_end();
}

void __ubsan_handle_pointer_overflow(struct location_data *d, u64 base, u64 result)
{
	if (!report_begin(&d->loc, "pointer-overflow"))
		return;
	if (!base && !result)
		pr_emerg("applying zero offset to null pointer\n");
	else if (!base)
		pr_emerg("applying non-zero offset %#llx to null pointer\n",
			 (unsigned long long)result);
	else if (!result)
		pr_emerg(
			"applying non-zero offset to non-null pointer %#llx produced null pointer\n",
			(unsigned long long)base);
	else
		pr_emerg("pointer index expression with base %#llx overflowed to %#llx\n",
			 (unsigned long long)base, (unsigned long long)result);
	report_end();
}

void __ubsan_handle_nonnull_arg(struct nonnull_arg_data *d)
{
	if (!report_begin(&d->loc, "nonnull-argument"))
		return;
	pr_emerg("null pointer passed as argument %d, which is declared to never be null\n",
		 d->arg_index);
	if (d->attr_loc.file)
		pr_emerg("nonnull attribute specified at %s:%u:%u\n", d->attr_loc.file,
			 d->attr_loc.line, d->attr_loc.column);
	report_end();
}

void __ubsan_handle_nonnull_return_v1(struct nonnull_return_data *d, struct source_location *loc)
{
	if (!report_begin(loc, "nonnull-return"))
		return;
	pr_emerg("null pointer returned from function declared to never return null\n");
	if (d->attr_loc.file)
		pr_emerg("returns_nonnull attribute specified at %s:%u:%u\n", d->attr_loc.file,
			 d->attr_loc.line, d->attr_loc.column);
	report_end();
}

void __ubsan_handle_invalid_builtin(struct invalid_builtin_data *d)
{
	if (!report_begin(&d->loc, "invalid-builtin-use"))
		return;
	pr_emerg("passing zero to %s, which is not a valid argument\n",
		 d->kind ? "__builtin_clz()" : "__builtin_ctz()");
	report_end();
}

void __ubsan_handle_vla_bound_not_positive(struct overflow_data *d, u64 bound)
{
	char a[48];

	if (!report_begin(&d->loc, "vla-bound-not-positive"))
		return;
	pr_emerg("variable length array bound evaluates to non-positive value %s\n",
		 value_format(d->type, bound, a, sizeof(a)));
	report_end();
}
