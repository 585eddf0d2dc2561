// SPDX-License-Identifier: MIT
/*
 * The line editor behind the shell prompt. It reads bytes from the serial
 * port (arch/x86_64/serial.c, by interrupt) and does its own echo: the UART
 * echoes nothing, and QEMU's stdio in raw mode sends CR for Enter.
 *
 * The cursor always sits at the end of the line, so every edit is an
 * append or an erase from the end ("\b \b" per character): that works on
 * any terminal without knowing its size or its cursor-movement codes.
 *
 * Keys: printable ASCII is inserted; Backspace (^H) and DEL erase one;
 * Ctrl-U erases the line; Ctrl-C drops it (prints ^C); Enter (CR, LF or
 * CRLF) ends it; the arrows up and down (ESC [ A/B, or ESC O A/B) walk the
 * history. Every other escape sequence is read to its end and ignored,
 * including the control strings terminals send or echo (OSC "ESC ] ...",
 * DCS "ESC P ...", APC "ESC _ ...", PM "ESC ^ ...", SOS "ESC X ..."), which
 * end at BEL or ST ("ESC \"); every other byte is ignored.
 *
 * Invariant: what the terminal shows after the prompt is exactly
 * ed->buf[0 .. ed->len).
 */
#include "shell/readline.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "arch/x86_64/serial.h"
#include "kernel/printk.h"

#define BEL 0x07 /* ends an OSC string (xterm's habit) */
#define CTRL_C 0x03
#define CTRL_H 0x08 /* backspace on most terminals */
#define CTRL_U 0x15
#define ESC 0x1b
#define DEL 0x7f /* backspace on the others */

/* Where the editor is inside an escape sequence. */
enum esc_state {
	ESC_NONE,	/* not in a sequence */
	ESC_START,	/* ESC seen */
	ESC_CSI,	/* ESC [ seen: parameter bytes until a final byte 0x40..0x7e */
	ESC_SS3,	/* ESC O seen: one final byte follows */
	ESC_STRING,	/* in a control string (ESC ] P _ ^ X): bytes until BEL or ST */
	ESC_STRING_ESC, /* ESC seen inside a control string: '\\' completes ST */
};

/* What a key did to the line. */
enum key_result {
	KEY_EDIT,
	KEY_ENTER,
	KEY_DROP
};

/* The line being edited. */
struct line_edit {
	char buf[READLINE_MAX + 1]; /* the line, not NUL-terminated while editing */
	size_t len;		    /* characters in buf, <= READLINE_MAX */
	bool too_long;	       /* a character was refused for lack of room: Enter drops the line */
	unsigned int hist_pos; /* 0: editing the draft; k: showing the k-th newest history line */
	char draft[READLINE_MAX + 1]; /* the line typed before browsing, NUL-terminated */
	enum esc_state esc;	      /* progress through an escape sequence */
};

/*
 * The history ring: history_added lines were ever added; the k-th newest
 * (k = 1 .. history_len()) is history[(history_added - k) % READLINE_HISTORY].
 */
static char history[READLINE_HISTORY][READLINE_MAX + 1];
static unsigned int history_added;

/* The previous byte was CR: a LF right after it is the same Enter. */
static bool last_was_cr;

/* Lines available for recall. */
static unsigned int history_len(void)
{
	return MIN(history_added, (unsigned int)READLINE_HISTORY);
}

/* The k-th newest line, 1 <= k <= history_len(). */
static const char *history_entry(unsigned int k)
{
	return history[(history_added - k) % READLINE_HISTORY];
}

/* Remember a line, unless it is empty or repeats the newest entry. */
static void history_add(const char *line)
{
	if (!*line || (history_added && !strcmp(line, history_entry(1))))
		return;
	strlcpy(history[history_added % READLINE_HISTORY], line, READLINE_MAX + 1);
	history_added++;
}

/* Show one typed character. */
static void echo_char(char c)
{
	console_write(&c, 1);
}

/* Erase the last n characters shown. */
static void erase_chars(size_t n)
{
	while (n--)
		console_write("\b \b", 3);
}

/* Show text instead of the current line. */
static void line_replace(struct line_edit *ed, const char *text)
{
	erase_chars(ed->len);
	ed->len = strlcpy(ed->buf, text, sizeof(ed->buf));
	ed->too_long = false;
	console_write(ed->buf, ed->len);
}

/* Up (older = true) or down one history line; the bell at either end. */
static void history_step(struct line_edit *ed, bool older)
{
	unsigned int k = ed->hist_pos;

	if (older ? k == history_len() : k == 0) {
		console_write("\a", 1);
		return;
	}
	if (k == 0) {
		memcpy(ed->draft, ed->buf, ed->len);
		ed->draft[ed->len] = '\0';
	}
	k = older ? k + 1 : k - 1;
	ed->hist_pos = k;
	line_replace(ed, k ? history_entry(k) : ed->draft);
}

/* The bytes after ESC that open a control string: OSC, DCS, APC, PM, SOS. */
static bool esc_opens_string(int c)
{
	return c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X';
}

/*
 * Feed one byte to the escape-sequence parser. Returns true if the byte
 * belonged to a sequence; false if it is an ordinary key (also when it cuts
 * a sequence short: a control byte inside one ends it and counts as itself,
 * so Enter or Ctrl-C always work, even after an unterminated string).
 */
static bool esc_feed(struct line_edit *ed, int c)
{
	switch (ed->esc) {
	case ESC_NONE:
		if (c != ESC)
			return false;
		ed->esc = ESC_START;
		return true;
	case ESC_STRING_ESC:
		/* ST ends the string; anything else is read as the byte after an ESC. */
		if (c == '\\') {
			ed->esc = ESC_NONE;
			return true;
		}
		__attribute__((fallthrough));
	case ESC_START:
		if (c < 0x20 && c != ESC) {
			ed->esc = ESC_NONE;
			return false;
		}
		/* ESC [ and ESC O start the sequences we parse; ESC x (Alt-x) is dropped. */
		ed->esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : c == ESC ? ESC_START : ESC_NONE;
		if (esc_opens_string(c))
			ed->esc = ESC_STRING;
		return true;
	case ESC_STRING:
		if (c == BEL || c == ESC) {
			ed->esc = c == ESC ? ESC_STRING_ESC : ESC_NONE;
			return true;
		}
		if (c < 0x20) {
			ed->esc = ESC_NONE;
			return false;
		}
		return true; /* the string's text, or a byte of a UTF-8 title */
	case ESC_CSI:
	case ESC_SS3:
		if (c < 0x20 || c >= 0x7f) {
			ed->esc = ESC_NONE;
			return false;
		}
		if (ed->esc == ESC_CSI && c < 0x40)
			return true; /* a parameter or intermediate byte */
		ed->esc = ESC_NONE;
		if (c == 'A' || c == 'B')
			history_step(ed, c == 'A');
		return true;
	}
	return false;
}

/* Apply one received byte to the line, echoing the change. */
static enum key_result key_feed(struct line_edit *ed, int c)
{
	if (esc_feed(ed, c))
		return KEY_EDIT;
	switch (c) {
	case '\r':
	case '\n':
		return KEY_ENTER;
	case CTRL_C:
		console_write("^C", 2);
		return KEY_DROP;
	case CTRL_U:
		ed->hist_pos = 0;
		line_replace(ed, "");
		return KEY_EDIT;
	case CTRL_H:
	case DEL:
		if (ed->len) {
			ed->len--;
			ed->hist_pos = 0; /* an edited recalled line becomes the draft */
			erase_chars(1);
		}
		return KEY_EDIT;
	}
	if (c < 0x20 || c >= 0x7f)
		return KEY_EDIT; /* Tab, other controls, non-ASCII: ignored */
	if (ed->len == READLINE_MAX) {
		ed->too_long = true;
		console_write("\a", 1);
		return KEY_EDIT;
	}
	ed->buf[ed->len++] = (char)c;
	ed->hist_pos = 0;
	echo_char((char)c);
	return KEY_EDIT;
}

size_t readline(const char *prompt, char *line)
{
	/* static: 0.5 KiB is a lot for the boot stack, and there is one console. */
	static struct line_edit ed;
	enum key_result r = KEY_EDIT;

	memset(&ed, 0, sizeof(ed));
	console_write(prompt, strlen(prompt));
	while (r == KEY_EDIT) {
		int c = serial_getc();
		bool lf_of_crlf = c == '\n' && last_was_cr;

		last_was_cr = c == '\r';
		if (!lf_of_crlf)
			r = key_feed(&ed, c);
	}
	console_write("\n", 1);
	if (r == KEY_ENTER && ed.too_long) {
		char msg[80];
		int n = snprintf(msg, sizeof(msg),
				 "error: line too long (the limit is %d characters); ignored\n",
				 READLINE_MAX);

		console_write(msg, (size_t)n);
		r = KEY_DROP;
	}
	if (r == KEY_DROP)
		ed.len = 0;
	memcpy(line, ed.buf, ed.len);
	line[ed.len] = '\0';
	history_add(line);
	return ed.len;
}
