// SPDX-License-Identifier: MIT
/*
 * glob_match(), with the meaning of Linux 6.1's lib/glob.c: the pattern
 * must match the whole string; '?' matches any one character and '*' any
 * run, '/' and a leading '.' included; "[...]" is a class of characters
 * and ranges a-b, complemented by a leading '!' (not '^'), whose first
 * member may be ']'; '\' makes the next character literal; a '[' with no
 * closing ']' is a literal '['. A class never matches the end of the
 * string.
 *
 * Algorithm, one pass with one backtrack point:
 *   walk pattern and string together, one token against one character;
 *   at '*': remember where it is and where the string is, match it empty;
 *   on a mismatch: if a '*' was seen, let it take one more character and
 *       go on from just after it; else (or at the string's end) fail.
 * Remembering only the last '*' is enough: it can absorb anything an
 * earlier one could. Time is at most strlen(pat) * strlen(str); no
 * recursion, so any pattern is safe on a small stack.
 */
#include "lib/glob.h"

/*
 * Match c against the class whose body starts at *pat (just after '[').
 * Well-formed (a ']' closes it): set *pat just past the ']', *hit to
 * whether c is in the class, and return true. Else return false: the '['
 * is a literal.
 */
static bool class_match(const char **pat, unsigned char c, bool *hit)
{
	const char *p = *pat;
	bool negate = *p == '!';
	bool in = false;

	p += negate;
	do {
		unsigned char lo = (unsigned char)*p++;
		unsigned char hi = lo;

		if (!lo)
			return false;
		if (p[0] == '-' && p[1] != ']') {
			hi = (unsigned char)p[1];
			if (!hi)
				return false;
			p += 2;
		}
		in |= lo <= c && c <= hi;
	} while (*p != ']');
	*pat = p + 1;
	*hit = in != negate;
	return true;
}

bool glob_match(const char *pat, const char *str)
{
	const char *star_pat = NULL; /* just after the last '*' */
	const char *star_str = NULL; /* where that '*''s match ends */

	for (;;) {
		unsigned char c = (unsigned char)*str;
		unsigned char d = (unsigned char)*pat;
		const char *after = pat + 1;
		bool hit;

		if (d == '*') {
			if (!*after)
				return true; /* a trailing '*' matches the rest */
			star_pat = pat = after;
			star_str = str;
			continue;
		}
		if (d == '?') {
			if (c) {
				pat = after;
				str++;
				continue;
			}
		} else if (d == '[' && class_match(&after, c, &hit)) {
			if (c && hit) {
				pat = after;
				str++;
				continue;
			}
		} else {
			if (d == '\\') {
				d = (unsigned char)*after;
				after += d != 0;
			}
			if (c == d) {
				if (!c)
					return true;
				pat = after;
				str++;
				continue;
			}
		}
		/* A mismatch: let the last '*' take one more character. */
		if (!star_pat || !c)
			return false;
		pat = star_pat;
		str = ++star_str;
	}
}
