/*
 * rubric_text.c
 *		The 实施细则 reader (see rubric_text.h).
 *
 * Line by line:
 *	- page headers (类别, 细则, "…考核实施细则", 附件N) and blank lines are skipped;
 *	- a run of short unnumbered lines closed by a points marker is a category
 *	  heading ("综合\n工作\n\n（70分）"); so is one short line ending in a marker;
 *	- a numbered line (1. 1、 一、 （一） (1)) opens an item; the numbering
 *	  style gives its level, so 一、 items may hold （一） items; unnumbered
 *	  lines continue the open item.
 * When an item closes, its points markers decide its shape: one marker is a
 * leaf; several are parts plus a stated total, which comes last ("…（4分）…
 * （2分）。（30 分）") or first ("一、党建工作（15 分）。…，3 分；…，3 分"); a
 * total that does not match its parts is kept as stated, for check_rubric
 * to report.  Nothing is fixed silently: text it cannot read is an error
 * with the line.  No recursion; every loop is bounded by the input.
 */
#include "rubric_text.h"

#include "arena.h"
#include "kpi_nls.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAX_LEVELS 8
#define HEADING_MAX 12			/* code points of one heading fragment */


typedef struct marker
{
	int64_t		value;			/* hundredths */
	size_t		start,
				end;			/* byte offsets in the item text */
	bool		bracketed;
	bool		bare;			/* "（3）": a number without 分 */
	bool		at_end;			/* only punctuation follows it */
	int			line;
} marker;

typedef struct item
{
	int			node;			/* index in out */
	int			level;
	int			number;
	int			line;
	bool		has_children;
	const char *line_text;		/* the item's first line, for errors */
	size_t		line_len;
	size_t		text_start;		/* item text: buf[text_start..text_end) */
	size_t		text_end;		/* SIZE_MAX while text still comes in */
} item;

typedef struct parser
{
	kpi_arena	arena;
	kpi_rubric *out;
	size_t		cap;
	kpi_rubric_error *err;
	void		(*tick) (void *);
	void	   *tick_arg;
	/* item text, with the line each byte came from */
	char	   *buf;
	int		   *buf_line;
	size_t		buf_len,
				buf_cap;
	/* open items, outermost first; styles[level] is that level's numbering */
	item		stack[MAX_LEVELS];
	int			depth;
	int			styles[MAX_LEVELS];
	int			nstyles;
	int			last_number[MAX_LEVELS];
	int			category;		/* node index of the open category, -1 */
	int			categories;
	int			top_items;		/* items with no category */
	/* a short line ending in points while an item is open: a heading if
	 * item 1 follows, else more text of the item */
	const char *cand;
	size_t		cand_len;
	size_t		cand_title_len;
	int			cand_line;
	int64_t		cand_value;
	/* pending heading fragments */
	const char *pending[16];
	size_t		pending_len[16];
	int			pending_line[16];
	int			npending;
} parser;

enum
{
	STYLE_NONE = 0, STYLE_CN_COMMA, STYLE_CN_PAREN, STYLE_ARABIC, STYLE_ARABIC_PAREN
};

/* ---- memory ---- */

static void *
alloc(parser *p, size_t size)
{
	return kpi_arena_alloc(&p->arena, size);
}

/* ---- UTF-8 ---- */

/* Decode one code point; an invalid byte reads as U+FFFD of length 1. */
static size_t
u8(const char *s, const char *end, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		n = (size_t) (end - s);

	if (n >= 1 && u[0] < 0x80)
		return *cp = u[0], 1;
	if (n >= 2 && (u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80)
		return *cp = ((uint32_t) (u[0] & 0x1F) << 6) | (u[1] & 0x3F), 2;
	if (n >= 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80)
		return *cp = ((uint32_t) (u[0] & 0x0F) << 12) | ((uint32_t) (u[1] & 0x3F) << 6) | (u[2] & 0x3F), 3;
	if (n >= 4 && (u[0] & 0xF8) == 0xF0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80 && (u[3] & 0xC0) == 0x80)
		return *cp = ((uint32_t) (u[0] & 0x07) << 18) | ((uint32_t) (u[1] & 0x3F) << 12) |
			((uint32_t) (u[2] & 0x3F) << 6) | (u[3] & 0x3F), 4;
	*cp = 0xFFFD;
	return 1;
}

/* Full-width forms read as ASCII: （ -> (, ５ -> 5, ． -> . */
static uint32_t
fold(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFF01 + 0x21;
	if (cp == 0x3000 || cp == 0xA0)
		return ' ';
	return cp;
}

static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\v' || cp == '\f';
}

/* Punctuation that separates clauses: ， 。 ； 、 ： and their ASCII forms */
static bool
is_clause_punct(uint32_t cp)
{
	return cp == ',' || cp == ';' || cp == ':' || cp == '.' || cp == 0x3002 || cp == 0x3001;
}

static int
cn_digit(uint32_t cp)
{
	switch (cp)
	{
		case 0x4E00: return 1;	/* 一 */
		case 0x4E8C: return 2;	/* 二 */
		case 0x4E09: return 3;	/* 三 */
		case 0x56DB: return 4;	/* 四 */
		case 0x4E94: return 5;	/* 五 */
		case 0x516D: return 6;	/* 六 */
		case 0x4E03: return 7;	/* 七 */
		case 0x516B: return 8;	/* 八 */
		case 0x4E5D: return 9;	/* 九 */
		case 0x5341: return 10; /* 十 */
	}
	return 0;
}

/* ---- errors ---- */

/* message: a literal (xgettext keyword fail:5) or a translated format filled in */
static int
fail(parser *p, int line, const char *text, size_t len, const char *message)
{
	size_t		n = len < sizeof(p->err->text) - 1 ? len : sizeof(p->err->text) - 1;

	/* do not cut a UTF-8 sequence in half */
	while (n > 0 && n < len && ((unsigned char) text[n] & 0xC0) == 0x80)
		n--;
	p->err->line = line;
	memcpy(p->err->text, text ? text : "", text ? n : 0);
	p->err->text[text ? n : 0] = '\0';
	snprintf(p->err->message, sizeof(p->err->message), "%s", kpi_tr(p->arena.a, message));
	return -1;
}

/* ---- output ---- */

static char *
copy_str(parser *p, const char *s, size_t len)
{
	char	   *c = alloc(p, len + 1);

	if (c)
	{
		memcpy(c, s, len);
		c[len] = '\0';
	}
	return c;
}

/*
 * Clean title text: markers already cut out by the caller; whitespace runs
 * collapse to one space (none next to CJK text), ends trimmed of spaces
 * and clause punctuation.
 */
static char *
clean_title(parser *p, const char *s, size_t len)
{
	char	   *out = alloc(p, len + 1);
	size_t		n = 0;
	const char *end = s + len;
	bool		space = false;
	bool		last_punct = false;

	if (out == NULL)
		return NULL;
	while (s < end)
	{
		uint32_t	cp;
		size_t		l = u8(s, end, &cp);

		if (is_space(fold(cp)))
			space = n > 0;
		else if (is_clause_punct(fold(cp)) && n > 0 && last_punct)
			;					/* "，；" left where a marker was cut: keep the first */
		else
		{
			if (space && cp < 0x80 && n > 0 && (unsigned char) out[n - 1] < 0x80)
				out[n++] = ' ';
			space = false;
			memcpy(out + n, s, l);
			n += l;
		}
		if (!is_space(fold(cp)))
			last_punct = is_clause_punct(fold(cp));
		s += l;
	}
	out[n] = '\0';
	/* trim leading and trailing clause punctuation */
	for (;;)
	{
		uint32_t	cp;
		size_t		l;

		if (n == 0)
			break;
		l = u8(out, out + n, &cp);
		if (!is_clause_punct(fold(cp)) && !is_space(fold(cp)))
			break;
		memmove(out, out + l, n - l + 1);
		n -= l;
	}
	while (n > 0)
	{
		size_t		k = n - 1;
		uint32_t	cp;

		while (k > 0 && ((unsigned char) out[k] & 0xC0) == 0x80)
			k--;
		u8(out + k, out + n, &cp);
		if (!is_clause_punct(fold(cp)) && !is_space(fold(cp)))
			break;
		n = k;
		out[n] = '\0';
	}
	return out;
}

static int
add_node(parser *p, const char *parent_code, const char *code, char *title, int64_t points,
		 int position, int line)
{
	kpi_rubric_node *n;

	if (p->out->n == p->cap)
	{
		size_t		cap = p->cap ? p->cap * 2 : 64;
		kpi_rubric_node *nodes = alloc(p, cap * sizeof(kpi_rubric_node));

		if (nodes == NULL)
			return -1;
		if (p->out->n)
			memcpy(nodes, p->out->nodes, p->out->n * sizeof(kpi_rubric_node));
		p->out->nodes = nodes;
		p->cap = cap;
	}
	n = &p->out->nodes[p->out->n];
	n->code = copy_str(p, code, strlen(code));
	n->parent_code = parent_code ? copy_str(p, parent_code, strlen(parent_code)) : NULL;
	n->title = title;
	n->max_points = points;
	n->position = position;
	n->line = line;
	if (n->code == NULL || (parent_code && n->parent_code == NULL) || title == NULL)
		return -1;
	return (int) p->out->n++;
}

/* ---- points markers ---- */

/*
 * A decimal number at s (ASCII or full-width digits, one '.'): hundredths.
 * Returns bytes read, 0 if no number; *too_fine when more than 2 decimals.
 */
static size_t
read_number(const char *s, const char *end, int64_t *value, bool *too_fine)
{
	const char *q = s;
	int64_t		v = 0;
	int			decimals = -1;
	bool		any = false;

	*too_fine = false;
	while (q < end)
	{
		uint32_t	cp;
		size_t		l = u8(q, end, &cp);

		cp = fold(cp);
		if (cp >= '0' && cp <= '9')
		{
			any = true;
			if (decimals >= 2)
			{
				if (cp != '0')
					*too_fine = true;
			}
			else if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, (int64_t) (cp - '0'), &v))
				return 0;		/* beyond any score: not a number of points */
			else if (decimals >= 0)
				decimals++;
		}
		else if (cp == '.' && decimals < 0 && any)
		{
			/* a decimal point only when a digit follows */
			uint32_t	next;

			if (q + l >= end)
				break;
			u8(q + l, end, &next);
			next = fold(next);
			if (next < '0' || next > '9')
				break;
			decimals = 0;
		}
		else
			break;
		q += l;
	}
	if (!any)
		return 0;
	for (int d = decimals < 0 ? 0 : decimals; d < 2; d++)
		if (__builtin_mul_overflow(v, 10, &v))
			return 0;
	*value = v;
	return (size_t) (q - s);
}

static size_t
skip_spaces(const char *s, const char *end)
{
	const char *q = s;

	while (q < end)
	{
		uint32_t	cp;
		size_t		l = u8(q, end, &cp);

		if (!is_space(fold(cp)))
			break;
		q += l;
	}
	return (size_t) (q - s);
}

/* Is the code point at s the character 分 (U+5206)? */
static size_t
is_fen(const char *s, const char *end)
{
	uint32_t	cp;
	size_t		l;

	if (s >= end)
		return 0;
	l = u8(s, end, &cp);
	return cp == 0x5206 ? l : 0;
}

/* The code point before byte offset `at` in buf (0 at the start). */
static uint32_t
prev_cp(const char *buf, size_t at, size_t *start)
{
	size_t		k = at;
	uint32_t	cp = 0;

	while (k > 0)
	{
		k--;
		if (((unsigned char) buf[k] & 0xC0) != 0x80)
			break;
	}
	if (k < at)
		u8(buf + k, buf + at, &cp);
	*start = k;
	return cp;
}

/* Record a marker found at buf[start..end), refusing more than 2 decimals. */
static int
add_marker(parser *p, marker *m, int max, int *n, int64_t value, bool too_fine,
		   size_t start, size_t end, bool bracketed, bool bare, size_t to)
{
	if (too_fine)
		return fail(p, p->buf_line[start], p->buf + start, to - start, "points have more than 2 decimals");
	if (*n == max)
		return fail(p, p->buf_line[start], p->buf + start, to - start, "too many points markers in one item");
	m[*n].value = value;
	m[*n].start = start;
	m[*n].end = end;
	m[*n].bracketed = bracketed;
	m[*n].bare = bare;
	m[*n].line = p->buf_line[start];
	(*n)++;
	return 0;
}

/*
 * Find the markers of buf[from..to): "（5分）", "(5 分)", "，3 分；", "得12分",
 * and the tolerated bare "（3）".  "得0分" (what failing earns) and amounts
 * after 扣/加/减/满 (rules, not points) are not markers.
 */
static int
find_markers(parser *p, size_t from, size_t to, marker *m, int max, int *count)
{
	const char *buf = p->buf;
	const char *end = buf + to;
	size_t		i = from;
	int			n = 0;

	while (i < to)
	{
		uint32_t	cp;
		size_t		l = u8(buf + i, end, &cp);
		uint32_t	f = fold(cp);
		int64_t		v;
		bool		too_fine;
		size_t		k,
					nl;

		if (f == '(')
		{
			k = i + l;
			k += skip_spaces(buf + k, end);
			nl = read_number(buf + k, end, &v, &too_fine);
			if (nl > 0)
			{
				size_t		j = k + nl,
							fl,
							cl;
				bool		bare;
				uint32_t	close = 0;

				j += skip_spaces(buf + j, end);
				fl = is_fen(buf + j, end);
				bare = fl == 0;
				j += fl;
				j += skip_spaces(buf + j, end);
				cl = j < to ? u8(buf + j, end, &close) : 0;
				if (cl > 0 && fold(close) == ')')
				{
					if (add_marker(p, m, max, &n, v, too_fine, i, j + cl, true, bare, to) < 0)
						return -1;
					i = j + cl;
					continue;
				}
			}
		}
		else if (f >= '0' && f <= '9')
		{
			size_t		ps;
			uint32_t	before = fold(prev_cp(buf, i, &ps));

			/* the number must start a clause, or follow 得 */
			while (is_space(before) && ps > from)
				before = fold(prev_cp(buf, ps, &ps));
			if ((before >= '0' && before <= '9') || before == '.')
			{
				i += l;
				continue;
			}
			nl = read_number(buf + i, end, &v, &too_fine);
			k = i + nl;
			k += skip_spaces(buf + k, end);
			if (nl > 0 && is_fen(buf + k, end) &&
				(i == from || is_clause_punct(before) || is_space(before) || before == 0x5F97 /* 得 */ ))
			{
				size_t		fl = is_fen(buf + k, end);
				uint32_t	after = 0;

				if (k + fl < to)
					u8(buf + k + fl, end, &after);
				/* "得0分" is what failing earns, not a part */
				if (!(before == 0x5F97 && v == 0) && after != 0x503C /* 值 */ )
				{
					if (add_marker(p, m, max, &n, v, too_fine, i, k + fl, false, false, to) < 0)
						return -1;
				}
				i = k + fl;
				continue;
			}
			i += nl > 0 ? nl : l;
			continue;
		}
		i += l;
	}
	/* at_end: nothing but spaces and clause punctuation after the marker */
	for (int j = 0; j < n; j++)
	{
		size_t		q = m[j].end;

		m[j].at_end = true;
		while (q < to)
		{
			uint32_t	cp;
			size_t		l = u8(buf + q, end, &cp);

			if (!is_space(fold(cp)) && !is_clause_punct(fold(cp)))
			{
				m[j].at_end = false;
				break;
			}
			q += l;
		}
	}
	/* a bare "（3）" counts only beside real markers */
	{
		int			real = 0,
					w = 0;

		for (int j = 0; j < n; j++)
			real += !m[j].bare;
		for (int j = 0; j < n; j++)
			if (!m[j].bare || real > 0)
				m[w++] = m[j];
		n = w;
	}
	*count = n;
	return 0;
}

/* Title of buf[a..b) with the markers inside it cut out. */
static char *
title_between(parser *p, size_t a, size_t b, const marker *m, int n)
{
	char	   *tmp = alloc(p, b - a + 1);
	size_t		len = 0;
	size_t		i = a;

	if (tmp == NULL)
		return NULL;
	for (int j = 0; j < n && i < b; j++)
	{
		if (m[j].end <= i || m[j].start >= b)
			continue;
		if (m[j].start > i)
		{
			memcpy(tmp + len, p->buf + i, m[j].start - i);
			len += m[j].start - i;
		}
		i = m[j].end;
	}
	if (i < b)
	{
		memcpy(tmp + len, p->buf + i, b - i);
		len += b - i;
	}
	return clean_title(p, tmp, len);
}

/* ---- items ---- */

static void
code_of(parser *p, int level, char *code, size_t size)
{
	int			len;

	if (p->category >= 0)
		len = snprintf(code, size, "%s", p->out->nodes[p->category].code);
	else
		len = 0;
	for (int d = 0; d <= level; d++)
		len += snprintf(code + len, size - (size_t) len, "%s%d", len ? "." : "", p->stack[d].number);
}

/*
 * Close the innermost open item: its text becomes its title and, for a leaf,
 * its parts; for a parent, its one marker is its stated total, else the sum
 * of its children.
 */
static int
close_item(parser *p)
{
	item	   *it = &p->stack[p->depth - 1];
	kpi_rubric_node *node = &p->out->nodes[it->node];
	marker		m[64];
	int			n = 0;
	size_t		text_end = it->text_end != SIZE_MAX ? it->text_end : p->buf_len;

	if (find_markers(p, it->text_start, text_end, m, 64, &n) < 0)
		return -1;
	if (it->has_children)
	{
		int64_t		sum = 0;

		if (n > 1)
			return fail(p, it->line, it->line_text, it->line_len,
						"an item with sub-items states points for parts of its own");
		for (size_t k = (size_t) it->node + 1; k < p->out->n; k++)
			if (p->out->nodes[k].parent_code && strcmp(p->out->nodes[k].parent_code, node->code) == 0 &&
				__builtin_add_overflow(sum, p->out->nodes[k].max_points, &sum))
				return fail(p, it->line, it->line_text, it->line_len, "points add up beyond range");
		node->max_points = n == 1 ? m[0].value : sum;
		node->title = title_between(p, it->text_start, text_end, m, n);
	}
	else if (n == 0)
		return fail(p, it->line, it->line_text, it->line_len,
					"the item gives no points, as （N分）");
	else if (n == 1)
	{
		node->max_points = m[0].value;
		node->title = title_between(p, it->text_start, text_end, m, n);
	}
	else
	{
		int64_t		head = 0,
					tail = 0;
		int			first = 0,
					last = n - 1;	/* parts are m[first..last] */
		int64_t		total;
		size_t		from;
		char		code[64];

		for (int j = 0; j < n; j++)
			if ((j < n - 1 && __builtin_add_overflow(head, m[j].value, &head)) ||
				(j > 0 && __builtin_add_overflow(tail, m[j].value, &tail)))
				return fail(p, it->line, it->line_text, it->line_len, "points add up beyond range");
		/* NOLINTBEGIN(bugprone-branch-clone): alike branches, told apart by the order of the tests */
		if (m[n - 1].bracketed && m[n - 1].value == head)
			total = m[n - 1].value, last = n - 2;	/* parts, then the total */
		else if (m[0].bracketed && m[0].value == tail)
			total = m[0].value, first = 1;	/* the total, then the parts */
		else if (m[n - 1].bracketed && m[n - 1].at_end && n >= 3)
			total = m[n - 1].value, last = n - 2;	/* a total that is off */
		else if (m[0].bracketed && m[0].line == it->line && !m[1].bracketed)
			total = m[0].value, first = 1;
		else if (__builtin_add_overflow(tail, m[0].value, &total))	/* no total stated: the parts add up */
			return fail(p, it->line, it->line_text, it->line_len, "points add up beyond range");
		/* NOLINTEND(bugprone-branch-clone) */
		node->max_points = total;
		node->title = first == 1 ? title_between(p, it->text_start, m[0].start, m, n)
			: title_between(p, it->text_start, text_end, m, n);
		from = first == 1 ? m[0].end : it->text_start;
		for (int j = first; j <= last; j++)
		{
			char	   *t = title_between(p, from, m[j].start, m, n);

			snprintf(code, sizeof(code), "%s.%d", node->code, j - first + 1);
			if (add_node(p, p->out->nodes[it->node].code, code, t, m[j].value, j - first + 1, m[j].line) < 0)
				return fail(p, 0, NULL, 0, "out of memory");
			node = &p->out->nodes[it->node];	/* the array may have moved */
			from = m[j].end;
		}
	}
	if (p->out->nodes[it->node].title == NULL)
		return fail(p, 0, NULL, 0, "out of memory");
	p->depth--;
	return 0;
}

static int
close_items_to(parser *p, int depth)
{
	while (p->depth > depth)
		if (close_item(p) < 0)
			return -1;
	return 0;
}

/* Close a category: its total was stated in its heading. */
static int
close_category(parser *p)
{
	if (close_items_to(p, 0) < 0)
		return -1;
	p->nstyles = 0;
	return 0;
}

/*
 * The number whose digits start at s: Arabic (full-width too) or Chinese,
 * where 十 multiplies what stands before it and a digit after it adds (十二,
 * 二十, 二十三).  Returns the end of the digits, or NULL for a number beyond
 * any numbering.
 */
static const char *
numbering_digits(const char *s, const char *end, bool chinese, int *number)
{
	const char *q = s;
	int			v = 0;

	while (q < end)
	{
		uint32_t	cp;
		size_t		l = u8(q, end, &cp);

		if (chinese)
		{
			int			d = cn_digit(cp);

			if (d == 0)
				break;
			v = d == 10 ? (v ? v * 10 : 10) : (v >= 10 && v % 10 == 0 ? v + d : v * 10 + d);
		}
		else
		{
			cp = fold(cp);
			if (cp < '0' || cp > '9')
				break;
			v = v * 10 + (int) (cp - '0');
		}
		if (v > 1000000)
			return NULL;
		q += l;
	}
	*number = v;
	return q;
}

/*
 * The numbering at the start of a line: style, number and its byte length.
 * The styles are 一、 （一） 1. （1）, and 1、 reads as 1.; each style has its
 * closing mark.
 */
static int
numbering(const char *s, const char *end, int *number, size_t *len)
{
	uint32_t	cp;
	size_t		l = u8(s, end, &cp);
	const char *q = s;
	bool		paren = fold(cp) == '(';
	int			style;
	int			v;

	if (paren)
	{
		q += l;
		if (q >= end)
			return STYLE_NONE;
		u8(q, end, &cp);
	}
	if (cn_digit(cp))
		style = paren ? STYLE_CN_PAREN : STYLE_CN_COMMA;
	else if (fold(cp) >= '0' && fold(cp) <= '9')
		style = paren ? STYLE_ARABIC_PAREN : STYLE_ARABIC;
	else
		return STYLE_NONE;
	q = numbering_digits(q, end, cn_digit(cp) != 0, &v);
	if (q == NULL || q >= end)
		return STYLE_NONE;
	l = u8(q, end, &cp);
	if (paren)
	{
		/* "（3）" or "（3分）" alone is a marker, not numbering: text must follow */
		const char *r = q + l;

		if (fold(cp) != ')')
			return STYLE_NONE;
		r += skip_spaces(r, end);
		if (r >= end || is_fen(r, end))
			return STYLE_NONE;
	}
	else if (style == STYLE_CN_COMMA)
	{
		if (cp != 0x3001)
			return STYLE_NONE;
	}
	else
	{
		uint32_t	next = 0;

		if (fold(cp) != '.' && cp != 0x3001)
			return STYLE_NONE;
		if (q + l < end)
			u8(q + l, end, &next);
		if (fold(next) >= '0' && fold(next) <= '9')
			return STYLE_NONE;	/* 1.5 is a number */
	}
	*number = v;
	*len = (size_t) (q + l - s);
	return style;
}

static int
append_text(parser *p, const char *s, size_t len, int line)
{
	if (p->buf_len + len + 1 > p->buf_cap)
	{
		size_t		cap = (p->buf_len + len + 1) * 2;
		char	   *b = alloc(p, cap);
		int		   *bl = alloc(p, cap * sizeof(int));

		if (b == NULL || bl == NULL)
			return fail(p, 0, NULL, 0, "out of memory");
		if (p->buf_len)
		{
			memcpy(b, p->buf, p->buf_len);
			memcpy(bl, p->buf_line, p->buf_len * sizeof(int));
		}
		p->buf = b;
		p->buf_line = bl;
		p->buf_cap = cap;
	}
	memcpy(p->buf + p->buf_len, s, len);
	for (size_t i = 0; i < len; i++)
		p->buf_line[p->buf_len + i] = line;
	p->buf_len += len;
	return 0;
}

/* Open an item of the given numbering style on line `line`. */
static int
open_item(parser *p, int style, int number, const char *text, size_t len, int line,
		  const char *whole, size_t whole_len)
{
	int			level = -1;
	char		code[256];
	const char *parent;
	int			node;

	for (int d = 0; d < p->nstyles; d++)
		if (p->styles[d] == style)
			level = d;
	if (level < 0)
	{
		/* a new style nests under the innermost open item */
		if (p->nstyles == MAX_LEVELS)
			return fail(p, line, whole, whole_len, "items are nested too deeply");
		level = p->nstyles;
		if (level > p->depth)
			return fail(p, line, whole, whole_len, "a numbered item has no item to belong to");
		p->styles[p->nstyles++] = style;
		p->last_number[level] = 0;
	}
	if (close_items_to(p, level) < 0)
		return -1;
	p->nstyles = level + 1;
	if (number != p->last_number[level] + 1)
	{
		char		msg[256];

		snprintf(msg, sizeof(msg), kpi_tr(p->arena.a, N_("item %d follows item %d: numbers must run 1, 2, 3, …")),
				 number, p->last_number[level]);
		return fail(p, line, whole, whole_len, msg);
	}
	p->last_number[level] = number;
	if (level > 0 && !p->stack[level - 1].has_children)
	{
		/* the parent's own text ends where its first child begins */
		p->stack[level - 1].has_children = true;
		p->stack[level - 1].text_end = p->buf_len;
	}
	p->stack[level].number = number;
	code_of(p, level, code, sizeof(code));
	parent = level > 0 ? p->out->nodes[p->stack[level - 1].node].code :
		p->category >= 0 ? p->out->nodes[p->category].code : NULL;
	node = add_node(p, parent, code, copy_str(p, "", 0), 0, number, line);
	if (node < 0)
		return fail(p, 0, NULL, 0, "out of memory");
	if (level == 0 && p->category < 0)
		p->top_items++;
	p->stack[level].node = node;
	p->stack[level].level = level;
	p->stack[level].line = line;
	p->stack[level].line_text = whole;
	p->stack[level].line_len = whole_len;
	p->stack[level].has_children = false;
	if (level == 0)
		p->buf_len = 0;			/* no open item needs the old text */
	p->stack[level].text_start = p->buf_len;
	p->stack[level].text_end = SIZE_MAX;
	p->depth = level + 1;
	return append_text(p, text, len, line);
}

/* Does s[0..len) contain needle? (lines are not NUL-terminated) */
static bool
contains(const char *s, size_t len, const char *needle)
{
	size_t		n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			return true;
	return false;
}

/*
 * Is this line a page header?  类别 / 细则 / 实施细则 / 附件N, or a long
 * unnumbered title naming 考核 or 细则 with no points in it.
 */
static bool
is_header(const char *s, size_t len)
{
	static const char *const exact[] = {"类别", "细则", "实施细则", "类别细则", "评分标准", "考核内容", NULL};
	char		squeezed[64];
	size_t		n = 0;
	int			cps = 0;
	const char *end = s + len;

	for (const char *q = s; q < end;)
	{
		uint32_t	cp;
		size_t		l = u8(q, end, &cp);

		if (!is_space(fold(cp)))
		{
			if (n + l < sizeof(squeezed))
				memcpy(squeezed + n, q, l);
			n += l;
			cps++;
		}
		q += l;
	}
	if (n < sizeof(squeezed))
	{
		squeezed[n] = '\0';
		for (const char *const *e = exact; *e; e++)
			if (strcmp(squeezed, *e) == 0)
				return true;
		if (strncmp(squeezed, "附件", strlen("附件")) == 0 && cps <= 4)
			return true;
	}
	if (cps >= 6 && (contains(s, len, "考核") || contains(s, len, "细则")) && len < 200)
	{
		/* no points marker in a title */
		for (const char *q = s; q < end;)
		{
			uint32_t	cp;
			size_t		l = u8(q, end, &cp);

			if (cp == 0x5206)
				return false;
			q += l;
		}
		/* a title is not a sentence */
		return !contains(s, len, ",") && !contains(s, len, "，") && !contains(s, len, "。");
	}
	return false;
}

/* A line that is only a points marker, "（70分）": its value. */
static bool
only_marker(const char *s, const char *end, int64_t *value, bool *too_fine)
{
	uint32_t	cp;
	size_t		l = u8(s, end, &cp);
	const char *q;
	size_t		nl;

	if (fold(cp) != '(')
		return false;
	q = s + l;
	q += skip_spaces(q, end);
	nl = read_number(q, end, value, too_fine);
	if (nl == 0)
		return false;
	q += nl;
	q += skip_spaces(q, end);
	if (!is_fen(q, end))
		return false;
	q += is_fen(q, end);
	q += skip_spaces(q, end);
	if (q >= end || (l = u8(q, end, &cp), fold(cp) != ')'))
		return false;
	q += l;
	q += skip_spaces(q, end);
	return q == end;
}

static int
count_cps(const char *s, size_t len)
{
	int			n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char) s[i] & 0xC0) != 0x80;
	return n;
}

/*
 * Keep a line (len bytes, what an error shows) as a heading fragment whose
 * text is its first title_len bytes.
 */
static int
add_pending(parser *p, const char *line_text, size_t len, size_t title_len, int line)
{
	if (p->npending == 16)
		return fail(p, line, line_text, len, "a heading of too many lines");
	p->pending[p->npending] = line_text;
	p->pending_len[p->npending] = title_len;
	p->pending_line[p->npending++] = line;
	return 0;
}

/* Open a category from the pending heading fragments and its total. */
static int
open_category(parser *p, int64_t total, int line)
{
	size_t		len = 0;
	char	   *joined;
	char		code[32];
	int			node;

	if (close_category(p) < 0)
		return -1;
	for (int i = 0; i < p->npending; i++)
		len += p->pending_len[i];
	joined = alloc(p, len + 1);
	if (joined == NULL)
		return fail(p, 0, NULL, 0, "out of memory");
	len = 0;
	for (int i = 0; i < p->npending; i++)
	{
		memcpy(joined + len, p->pending[i], p->pending_len[i]);
		len += p->pending_len[i];
	}
	if (p->top_items > 0)
		return fail(p, line, joined, len, "a category heading after items that belong to no category");
	p->categories++;
	snprintf(code, sizeof(code), "%d", p->categories);
	node = add_node(p, NULL, code, clean_title(p, joined, len), total, p->categories,
					p->npending ? p->pending_line[0] : line);
	if (node < 0)
		return fail(p, 0, NULL, 0, "out of memory");
	p->category = node;
	p->npending = 0;
	return 0;
}

int
kpi_rubric_parse(const char *text, size_t len, const kpi_alloc *a,
				 void (*tick) (void *), void *tick_arg,
				 kpi_rubric *out, kpi_rubric_error *err)
{
	parser		p;
	const char *s = text;
	const char *end = text + len;
	int			lineno = 0;
	int			rc = 0;

	memset(&p, 0, sizeof(p));
	memset(err, 0, sizeof(*err));
	out->nodes = NULL;
	out->n = 0;
	out->blocks = NULL;
	p.arena.a = a;
	p.out = out;
	p.err = err;
	p.tick = tick;
	p.tick_arg = tick_arg;
	p.category = -1;
	if (len > KPI_RUBRIC_MAX_BYTES)
		return fail(&p, 0, NULL, 0, "the text is larger than 10 MB");

	while (s < end && rc == 0)
	{
		const char *nl = memchr(s, '\n', (size_t) (end - s));
		const char *le = nl ? nl : end;
		const char *b = s,
				   *e = le;
		int			style,
					number = 0;
		size_t		nlen = 0;
		int64_t		total;
		bool		too_fine;

		lineno++;
		s = nl ? nl + 1 : end;
		if (tick && lineno % 1024 == 0)
			tick(tick_arg);
		/* trim spaces, tabs and full-width spaces at both ends */
		b += skip_spaces(b, e);
		while (e > b)
		{
			const char *k = e - 1;
			uint32_t	cp;

			while (k > b && ((unsigned char) *k & 0xC0) == 0x80)
				k--;
			u8(k, e, &cp);
			if (!is_space(fold(cp)))
				break;
			e = k;
		}
		if (b == e)
			continue;
		if (memchr(b, '\0', (size_t) (e - b)))
		{
			rc = fail(&p, lineno, b, (size_t) (e - b), "the text contains a NUL byte");
			break;
		}
		style = numbering(b, e, &number, &nlen);
		if (p.cand != NULL)
		{
			if (style != STYLE_NONE && number == 1 && p.nstyles > 0 && style == p.styles[0])
			{
				p.pending[0] = p.cand;
				p.pending_len[0] = p.cand_title_len;
				p.pending_line[0] = p.cand_line;
				p.npending = 1;
				rc = open_category(&p, p.cand_value, p.cand_line);
			}
			else
				rc = append_text(&p, p.cand, p.cand_len, p.cand_line);
			p.cand = NULL;
			if (rc != 0)
				break;
		}
		if (only_marker(b, e, &total, &too_fine))
		{
			if (too_fine)
				rc = fail(&p, lineno, b, (size_t) (e - b), "points have more than 2 decimals");
			else if (p.npending > 0)
				rc = open_category(&p, total, lineno);
			else if (p.depth > 0)
				rc = append_text(&p, b, (size_t) (e - b), lineno);	/* an item's total on its own line */
			else
				rc = fail(&p, lineno, b, (size_t) (e - b), "points with no heading or item before them");
			continue;
		}
		if (style != STYLE_NONE)
		{
			if (p.npending > 0)
			{
				rc = fail(&p, p.pending_line[0], p.pending[0], p.pending_len[0],
						  "a category heading without its points, as （N分）");
				break;
			}
			rc = open_item(&p, style, number, b + nlen, (size_t) (e - b) - nlen, lineno, b, (size_t) (e - b));
			continue;
		}
		if (is_header(b, (size_t) (e - b)))
			continue;
		/* a one-line category heading: short text, then its total */
		{
			const char *q = e;
			int64_t		v;
			bool		fine;
			bool		heading = false;

			/* find the last '(' or '（' of the line */
			for (const char *k = b; k < e;)
			{
				uint32_t	cp;
				size_t		l = u8(k, e, &cp);

				if (fold(cp) == '(')
					q = k;
				k += l;
			}
			if (q < e && q > b && only_marker(q, e, &v, &fine) && count_cps(b, (size_t) (q - b)) <= 20)
			{
				heading = true;
				for (const char *k = b; k < q;)
				{
					uint32_t	cp;
					size_t		l = u8(k, q, &cp);

					if (is_clause_punct(fold(cp)) || cp == 0xFF0C)
						heading = false;
					k += l;
				}
			}
			if (heading)
			{
				if (fine)
				{
					rc = fail(&p, lineno, b, (size_t) (e - b), "points have more than 2 decimals");
					break;
				}
				if (p.depth > 0)
				{
					/* decided by the next line */
					p.cand = b;
					p.cand_len = (size_t) (e - b);
					p.cand_title_len = (size_t) (q - b);
					p.cand_line = lineno;
					p.cand_value = v;
					continue;
				}
				rc = add_pending(&p, b, (size_t) (e - b), (size_t) (q - b), lineno);
				if (rc == 0)
					rc = open_category(&p, v, lineno);
				continue;
			}
		}
		/* a short fragment of a heading, or text continuing the open item */
		if (count_cps(b, (size_t) (e - b)) <= HEADING_MAX && !contains(b, (size_t) (e - b), "(") &&
			!contains(b, (size_t) (e - b), "（"))
		{
			bool		punct = false;

			for (const char *k = b; k < e;)
			{
				uint32_t	cp;
				size_t		l = u8(k, e, &cp);

				if (is_clause_punct(fold(cp)))
					punct = true;
				k += l;
			}
			if (!punct)
			{
				rc = add_pending(&p, b, (size_t) (e - b), (size_t) (e - b), lineno);
				continue;
			}
		}
		if (p.npending > 0)
		{
			/* fragments followed by a sentence were not a heading */
			rc = fail(&p, p.pending_line[0], p.pending[0], p.pending_len[0],
					  "a category heading without its points, as （N分）");
			break;
		}
		if (p.depth > 0)
			rc = append_text(&p, b, (size_t) (e - b), lineno);
		else if (p.category >= 0)
			continue;			/* a category's note, e.g. 以…评分标准为准 */
		else
			rc = fail(&p, lineno, b, (size_t) (e - b), "text before the first category or item");
	}
	if (rc == 0 && p.cand != NULL)
		rc = append_text(&p, p.cand, p.cand_len, p.cand_line);
	if (rc == 0 && p.npending > 0)
		rc = fail(&p, p.pending_line[0], p.pending[0], p.pending_len[0],
				  "a category heading without its points, as （N分）");
	if (rc == 0)
		rc = close_category(&p);
	if (rc == 0 && out->n == 0)
		rc = fail(&p, 0, NULL, 0, "the text holds no category or item");
	out->blocks = p.arena.blocks;
	if (rc != 0)
	{
		kpi_rubric_free(out, a);
		return -1;
	}
	return 0;
}

/* Release what kpi_rubric_parse allocated. */
void
kpi_rubric_free(kpi_rubric *r, const kpi_alloc *a)
{
	kpi_arena	arena = {a, r->blocks};

	kpi_arena_release(&arena);
	r->blocks = NULL;
	r->nodes = NULL;
	r->n = 0;
}
