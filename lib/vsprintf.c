// SPDX-License-Identifier: MIT
/*
 * vsnprintf(): printf-style formatting into a bounded buffer. printk() and
 * every dump routine sit on top of it.
 *
 * Invariant: nothing is written past buf[size - 1]; the return value is the
 * untruncated length, so callers can detect truncation.
 */
#include "lib/vsprintf.h"
#include "lib/string.h"
#include "lib/err.h"

struct outbuf {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, even past size */
};

struct spec {
	bool left;     /* '-': pad on the right */
	bool alt;      /* '#': 0x prefix for hex */
	bool zero;     /* '0': pad numbers with zeros */
	char sign;     /* '+', ' ' or 0 */
	int width;     /* minimum field width, 0 if none */
	int precision; /* -1 if none */
};

static void out_char(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_string(struct outbuf *o, const char *s, const struct spec *sp)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (sp->precision < 0 || n < sp->precision))
		n++;
	if (!sp->left)
		out_pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		out_char(o, s[i]);
	if (sp->left)
		out_pad(o, ' ', sp->width - n);
}

/*
 * Print an unsigned magnitude with an optional sign or prefix.
 * Layout: [spaces][sign/prefix][zeros][digits][spaces]
 */
static void out_number(struct outbuf *o, u64 v, bool negative, unsigned int base, bool upper,
		       const char *prefix, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	char sign = sp->sign;
	int n = 0, plen = prefix ? 2 : 0;
	int zeros, total;

	if (negative)
		sign = '-';
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->precision == 0 && n == 1 && tmp[0] == '0')
		n = 0;

	zeros = sp->precision > n ? sp->precision - n : 0;
	total = n + zeros + (sign ? 1 : 0) + plen;
	if (sp->zero && !sp->left && sp->precision < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		out_pad(o, ' ', sp->width - total);
	if (sign)
		out_char(o, sign);
	for (int i = 0; prefix && i < plen; i++)
		out_char(o, prefix[i]);
	out_pad(o, '0', zeros);
	while (n--)
		out_char(o, tmp[n]);
	if (sp->left)
		out_pad(o, ' ', sp->width - total);
}

static const char *parse_int(const char *p, int *out)
{
	int v = 0;

	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	*out = v;
	return p;
}

enum length {
	LEN_INT,
	LEN_CHAR,
	LEN_SHORT,
	LEN_LONG /* l, ll, j, and z and t: all 64 bits here */
};

_Static_assert(sizeof(size_t) == sizeof(unsigned long long) && sizeof(long) == sizeof(long long),
	       "%z, %t and %l are fetched as 64-bit long long");

static u64 fetch_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR:
		return (u8)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (u16)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long long);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static s64 fetch_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR:
		return (s8)va_arg(*ap, int);
	case LEN_SHORT:
		return (s16)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long long);
	default:
		return va_arg(*ap, int);
	}
}

/* Linux's special_hex_number(): "0x" and size * 2 zero-padded hex digits. */
static void out_special_hex(struct outbuf *o, u64 v, int size)
{
	struct spec sp = {false, false, true, 0, 2 + 2 * size, -1};

	out_number(o, v, false, 16, false, "0x", &sp);
}

/*
 * The symbol at addr for %pS ("name+0xoff/0xsize", then " [module]" for a
 * module's) or, without the offset part, for %ps ("name [module]"); an
 * address outside any symbol prints as 0x and hex, as Linux does.
 */
static void out_symbol(struct outbuf *o, u64 addr, bool with_offset, const struct spec *sp)
{
	char sym[128];
	char *plus;

	ksym_snprint(sym, sizeof(sym), addr);
	plus = strchr(sym, '+');
	if (!with_offset && plus) {
		const char *rest = strchr(plus, ' '); /* " [module]", or none */
		size_t i = 0;

		while (rest && rest[i]) {
			plus[i] = rest[i];
			i++;
		}
		plus[i] = '\0';
	}
	out_string(o, sym, sp);
}

/*
 * %p and its extensions, as Linux 6.1 reads them: fmt points just past the
 * 'p'; every letter or digit after it belongs to the conversion, so the
 * return value is past them all. Extensions:
 *   %pS, %ps  a code address as a symbol, with or without +offset/size;
 *   %pa, %pap the phys_addr_t that ptr points to, as 0x and 16 digits
 *             (%pad: a dma_addr_t, the same width on x86_64); a NULL,
 *             low or error pointer prints (null) or (efault) instead;
 *   %px       the address itself, 16 hex digits;
 *   %pK       as %p with kptr_restrict=0.
 * NOTE: Linux 6.1 prints plain %p and %pK as a hash of the address, so that
 * logs do not give kernel addresses away; strata, a teaching kernel, prints
 * the address itself, like %px. Other extensions print the address too.
 */
static const char *out_pointer(struct outbuf *o, const char *fmt, void *ptr, const struct spec *sp)
{
	u64 v = (u64)ptr;
	struct spec ps = *sp;

	if (*fmt == 'S' || *fmt == 's') {
		out_symbol(o, v, *fmt == 'S', sp);
	} else if (*fmt == 'a' && !ptr) {
		out_string(o, "(null)", sp);
	} else if (*fmt == 'a' && (v < PAGE_SIZE || IS_ERR_VALUE(v))) {
		out_string(o, "(efault)", sp);
	} else if (*fmt == 'a') {
		out_special_hex(o, *(const phys_addr_t *)ptr, sizeof(phys_addr_t));
	} else {
		/* Linux prints raw pointers as 16 hex digits on 64-bit. */
		ps.zero = true;
		if (ps.width == 0)
			ps.width = 16;
		out_number(o, v, false, 16, false, NULL, &ps);
	}
	while ((*fmt >= 'a' && *fmt <= 'z') || (*fmt >= 'A' && *fmt <= 'Z') ||
	       (*fmt >= '0' && *fmt <= '9'))
		fmt++;
	return fmt;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct outbuf o = {buf, size, 0};
	va_list ap;

	va_copy(ap, ap_in);
	for (const char *p = fmt; *p; p++) {
		struct spec sp = {false, false, false, 0, 0, -1};
		enum length len = LEN_INT;

		if (*p != '%') {
			out_char(&o, *p);
			continue;
		}
		for (p++;; p++) {
			if (*p == '-')
				sp.left = true;
			else if (*p == '#')
				sp.alt = true;
			else if (*p == '0')
				sp.zero = true;
			else if (*p == '+' || (*p == ' ' && sp.sign != '+'))
				sp.sign = *p;
			else
				break;
		}
		if (*p == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			p++;
		} else {
			p = parse_int(p, &sp.width);
		}
		if (*p == '.') {
			p++;
			if (*p == '*') {
				sp.precision = va_arg(ap, int);
				p++;
			} else {
				p = parse_int(p, &sp.precision);
			}
		}
		if (*p == 'h') {
			len = LEN_SHORT;
			if (*++p == 'h') {
				len = LEN_CHAR;
				p++;
			}
		} else if (*p == 'l') {
			len = LEN_LONG;
			if (*++p == 'l')
				p++;
		} else if (*p == 'z' || *p == 't' || *p == 'j') {
			len = LEN_LONG;
			p++;
		}

		switch (*p) {
		case 'd':
		case 'i': {
			s64 v = fetch_signed(&ap, len);

			out_number(&o, v < 0 ? -(u64)v : (u64)v, v < 0, 10, false, NULL, &sp);
			break;
		}
		case 'u':
			out_number(&o, fetch_unsigned(&ap, len), false, 10, false, NULL, &sp);
			break;
		case 'x':
		case 'X':
			out_number(&o, fetch_unsigned(&ap, len), false, 16, *p == 'X',
				   sp.alt ? (*p == 'X' ? "0X" : "0x") : NULL, &sp);
			break;
		case 'o':
			out_number(&o, fetch_unsigned(&ap, len), false, 8, false, NULL, &sp);
			break;
		case 'c': {
			char c[2] = {(char)va_arg(ap, int), '\0'};

			out_string(&o, c, &sp);
			break;
		}
		case 's':
			out_string(&o, va_arg(ap, const char *), &sp);
			break;
		case 'p':
			p = out_pointer(&o, p + 1, va_arg(ap, void *), &sp) - 1;
			break;
		case '%':
			out_char(&o, '%');
			break;
		case '\0':
			p--; /* a lone '%' at the end: stop */
			break;
		default:
			out_char(&o, '%');
			out_char(&o, *p);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	va_end(ap);
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
