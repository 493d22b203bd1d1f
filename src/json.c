/*
 * json.c
 *		Strict RFC 8259 reader (see json.h).  Recursion is bounded by
 *		KPI_JSON_MAX_DEPTH; every length is checked against the input.
 */
#include "json.h"

#include "kpi_nls.h"

#include <stdio.h>
#include <string.h>

typedef struct reader
{
	kpi_arena *arena;
	const char *p;
	const char *end;
	char	   *msg;
	size_t		msglen;
	bool		failed;
} reader;

/* what: a literal (xgettext keyword fail:2), translated with the message */
static void
fail(reader *r, const char *what)
{
	const kpi_alloc *a = r->arena->a;

	if (!r->failed)
		snprintf(r->msg, r->msglen, kpi_tr(a, N_("malformed JSON: %s")), kpi_tr(a, what));
	r->failed = true;
}

static void
skip_space(reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static int
hex4(const char *p)
{
	int			v = 0;

	for (int i = 0; i < 4; i++)
	{
		char		c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static size_t
put_utf8(char *out, unsigned long cp)
{
	if (cp < 0x80)
	{
		out[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (char) (0xC0 | (cp >> 6));
		out[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		out[0] = (char) (0xE0 | (cp >> 12));
		out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char) (0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char) (0xF0 | (cp >> 18));
	out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

/* A string after its opening quote; unescaped into arena memory. */
static bool
read_string(reader *r, const char **text, size_t *len)
{
	const char *start = r->p;
	char	   *out;
	size_t		n = 0;

	/* unescaped text is never longer than the escaped text */
	while (r->p < r->end && *r->p != '"')
	{
		if (*r->p == '\\')
			r->p++;
		r->p++;
	}
	if (r->p >= r->end)
	{
		fail(r, "unterminated string");
		return false;
	}
	out = kpi_arena_alloc(r->arena, (size_t) (r->p - start) + 1);
	if (out == NULL)
	{
		fail(r, "out of memory");
		return false;
	}
	for (const char *q = start; q < r->p; q++)
	{
		unsigned char c = (unsigned char) *q;

		if (c < 0x20)
		{
			fail(r, "control character in string");
			return false;
		}
		if (c != '\\')
		{
			out[n++] = (char) c;
			continue;
		}
		q++;
		switch (*q)
		{
			case '"': out[n++] = '"'; break;
			case '\\': out[n++] = '\\'; break;
			case '/': out[n++] = '/'; break;
			case 'b': out[n++] = '\b'; break;
			case 'f': out[n++] = '\f'; break;
			case 'n': out[n++] = '\n'; break;
			case 'r': out[n++] = '\r'; break;
			case 't': out[n++] = '\t'; break;
			case 'u':
				{
					unsigned long cp;
					int			h;

					if (r->p - q < 5 || (h = hex4(q + 1)) < 0)
					{
						fail(r, "bad \\u escape");
						return false;
					}
					cp = (unsigned long) h;
					q += 4;
					if (cp >= 0xD800 && cp <= 0xDBFF)
					{
						int			lo;

						if (r->p - q < 7 || q[1] != '\\' || q[2] != 'u' ||
							(lo = hex4(q + 3)) < 0xDC00 || lo > 0xDFFF)
						{
							fail(r, "unpaired surrogate");
							return false;
						}
						cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned long) lo - 0xDC00);
						q += 6;
					}
					else if (cp >= 0xDC00 && cp <= 0xDFFF)
					{
						fail(r, "unpaired surrogate");
						return false;
					}
					if (cp == 0)
					{
						fail(r, "\\u0000 in string");
						return false;
					}
					/* an escape of 6 or 12 bytes never needs more than 4 */
					n += put_utf8(out + n, cp);
					break;
				}
			default:
				fail(r, "bad escape");
				return false;
		}
	}
	out[n] = '\0';
	r->p++;						/* closing quote */
	*text = out;
	*len = n;
	return true;
}

static json_node *read_value(reader *r, int depth);

/* The members of an object or the elements of an array. */
static bool
read_children(reader *r, json_node *parent, char close, int depth)
{
	json_node **tail = &parent->child;

	skip_space(r);
	if (r->p < r->end && *r->p == close)
	{
		r->p++;
		return true;
	}
	for (;;)
	{
		const char *key = NULL;
		size_t		keylen = 0;
		json_node  *child;

		skip_space(r);
		if (close == '}')
		{
			if (r->p >= r->end || *r->p != '"')
			{
				fail(r, "expected a member name");
				return false;
			}
			r->p++;
			if (!read_string(r, &key, &keylen))
				return false;
			skip_space(r);
			if (r->p >= r->end || *r->p != ':')
			{
				fail(r, "expected ':'");
				return false;
			}
			r->p++;
		}
		child = read_value(r, depth + 1);
		if (child == NULL)
			return false;
		child->key = key;
		child->keylen = keylen;
		*tail = child;
		tail = &child->next;
		skip_space(r);
		if (r->p < r->end && *r->p == ',')
		{
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close)
		{
			r->p++;
			return true;
		}
		fail(r, close == '}' ? N_("expected ',' or '}'") : N_("expected ',' or ']'"));
		return false;
	}
}

static bool
literal(reader *r, const char *word)
{
	size_t		n = strlen(word);

	if ((size_t) (r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return false;
	r->p += n;
	return true;
}

static json_node *
read_value(reader *r, int depth)
{
	json_node  *n;

	if (depth > KPI_JSON_MAX_DEPTH)
	{
		fail(r, "nested too deeply");
		return NULL;
	}
	skip_space(r);
	if (r->p >= r->end)
	{
		fail(r, "unexpected end of input");
		return NULL;
	}
	n = kpi_arena_alloc(r->arena, sizeof(json_node));
	if (n == NULL)
	{
		fail(r, "out of memory");
		return NULL;
	}
	memset(n, 0, sizeof(json_node));
	switch (*r->p)
	{
		case '{':
		case '[':
			n->type = *r->p == '{' ? JSON_OBJECT : JSON_ARRAY;
			r->p++;
			return read_children(r, n, n->type == JSON_OBJECT ? '}' : ']', depth) ? n : NULL;
		case '"':
			n->type = JSON_STRING;
			r->p++;
			return read_string(r, &n->text, &n->len) ? n : NULL;
		case 't':
		case 'f':
			n->type = JSON_BOOL;
			n->boolean = *r->p == 't';
			if (literal(r, n->boolean ? "true" : "false"))
				return n;
			break;
		case 'n':
			n->type = JSON_NULL;
			if (literal(r, "null"))
				return n;
			break;
		default:
			{
				const char *s = r->p;

				if (r->p < r->end && *r->p == '-')
					r->p++;
				if (r->p >= r->end || *r->p < '0' || *r->p > '9')
					break;
				if (*r->p == '0' && r->p + 1 < r->end && r->p[1] >= '0' && r->p[1] <= '9')
					break;		/* no leading zeros */
				while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
					r->p++;
				if (r->p < r->end && *r->p == '.')
				{
					r->p++;
					if (r->p >= r->end || *r->p < '0' || *r->p > '9')
						break;
					while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
						r->p++;
				}
				if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
				{
					r->p++;
					if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
						r->p++;
					if (r->p >= r->end || *r->p < '0' || *r->p > '9')
						break;
					while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
						r->p++;
				}
				n->type = JSON_NUMBER;
				n->text = s;
				n->len = (size_t) (r->p - s);
				return n;
			}
	}
	fail(r, "unexpected character");
	return NULL;
}

/* Parse text; NULL (and msg) on error.  Nodes live until the arena goes. */
json_node *
json_parse(kpi_arena *arena, const char *text, size_t len, char *msg, size_t msglen)
{
	reader		r = {arena, text, text + len, msg, msglen, false};
	json_node  *root = read_value(&r, 0);

	if (root == NULL)
		return NULL;
	skip_space(&r);
	if (r.p != r.end)
	{
		fail(&r, "trailing characters");
		return NULL;
	}
	return root;
}

/*
 * A JSON number as an integer count of 10^-scale (scale <= 8): false when it
 * has more decimals than that, or does not fit in int64.
 */
bool
json_decimal(const json_node *n, int scale, int64_t *value)
{
	const char *p = n->text;
	const char *end = n->text + n->len;
	bool		negative = false;
	char		digits[64];
	int			ndigits = 0;
	int			point = -1;		/* digits before the decimal point */
	long		exp = 0;
	int64_t		acc = 0;
	long		shift;

	if (n->type != JSON_NUMBER)
		return false;
	if (p < end && *p == '-')
	{
		negative = true;
		p++;
	}
	for (; p < end && ((*p >= '0' && *p <= '9') || *p == '.'); p++)
	{
		if (*p == '.')
		{
			point = ndigits;
			continue;
		}
		if (ndigits == 0 && *p == '0' && point < 0)
			continue;			/* leading zeros of the integer part */
		if (ndigits >= (int) sizeof(digits))
			return false;
		digits[ndigits++] = *p;
	}
	if (point < 0)
		point = ndigits;
	if (p < end && (*p == 'e' || *p == 'E'))
	{
		bool		eneg = false;

		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		for (; p < end; p++)
		{
			exp = exp * 10 + (*p - '0');
			if (exp > 100)
				return false;
		}
		if (eneg)
			exp = -exp;
	}
	/* value = 0.digits × 10^(point + exp); scaled: shift digits left by point + exp + scale */
	shift = (long) point + exp + scale;
	for (int i = 0; i < ndigits; i++)
	{
		int			d = digits[i] - '0';

		if (i >= shift)
		{
			if (d != 0)
				return false;	/* a digit below 10^-scale */
			continue;
		}
		if (__builtin_mul_overflow(acc, 10, &acc) || __builtin_add_overflow(acc, d, &acc))
			return false;
	}
	for (long i = ndigits; i < shift; i++)
		if (__builtin_mul_overflow(acc, 10, &acc))
			return false;
	*value = negative ? -acc : acc;
	return true;
}

/* An object's member by name, or NULL. */
const json_node *
json_member(const json_node *obj, const char *key)
{
	for (const json_node *c = obj->child; c; c = c->next)
		if (json_key_is(c, key))
			return c;
	return NULL;
}

bool
json_key_is(const json_node *n, const char *key)
{
	return n->key != NULL && strlen(key) == n->keylen && memcmp(n->key, key, n->keylen) == 0;
}
