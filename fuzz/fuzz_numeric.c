/*
 * fuzz_numeric.c
 *		libFuzzer harness of the numeric decoder (numeric_decode.c),
 *		differential.  The first byte chooses how the rest is read: as the
 *		bytes of a numeric after its varlena header, whatever they hold; or
 *		as a sign, a weight and base-10000 digits, written out in both of
 *		numeric.c's forms (long, and short when the weight fits).  At every
 *		scale 0..8 the decoder must agree with a reference written here the
 *		other way round: the header read with numeric.c's macros, then the
 *		value as decimal text (each digit as 4 decimals), its zeros stripped,
 *		refused when it has more decimals than the scale or more than
 *		INT64_MAX units, else read digit by digit.  Both forms must decode
 *		alike, and a value at scale s is 10 times itself at s - 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "numeric_decode.h"

#define MAX_BUILT_DIGITS 12

/* numeric.c's header macros, on the first uint16 */
#define NUMERIC_SIGN_MASK	0xC000
#define NUMERIC_NEG			0x4000
#define NUMERIC_SHORT		0x8000
#define NUMERIC_SPECIAL		0xC000
#define NUMERIC_IS_SPECIAL(h)	(((h) & NUMERIC_SIGN_MASK) == NUMERIC_SPECIAL)
#define NUMERIC_IS_SHORT(h)		(((h) & NUMERIC_SIGN_MASK) == NUMERIC_SHORT)
#define NUMERIC_HEADER_IS_SHORT(h)	(((h) & 0x8000) != 0)
#define NUMERIC_SHORT_SIGN_MASK			0x2000
#define NUMERIC_SHORT_DSCALE_SHIFT		7
#define NUMERIC_SHORT_WEIGHT_SIGN_MASK	0x0040
#define NUMERIC_SHORT_WEIGHT_MASK		0x003F

static int
u16(const uint8_t *p)
{
	uint16_t	w;

	memcpy(&w, p, 2);
	return w;
}

static bool
reference(const uint8_t *b, size_t len, int scale, int64_t *out)
{
	static const char int64_max[] = "9223372036854775807";
	int			h;
	size_t		hdr,
				nd;
	bool		neg;
	long		weight,
				exp;
	char	   *text,
			   *m;
	size_t		mlen;
	bool		fits;

	if (len < 2)
		return false;
	h = u16(b);
	if (NUMERIC_IS_SPECIAL(h))
		return false;
	hdr = NUMERIC_HEADER_IS_SHORT(h) ? 2 : 4;
	if (len < hdr)
		return false;
	nd = (len - hdr) / 2;
	neg = NUMERIC_IS_SHORT(h) ? (h & NUMERIC_SHORT_SIGN_MASK) != 0 : (h & NUMERIC_SIGN_MASK) == NUMERIC_NEG;
	if (NUMERIC_HEADER_IS_SHORT(h))
		weight = ((h & NUMERIC_SHORT_WEIGHT_SIGN_MASK) ? ~NUMERIC_SHORT_WEIGHT_MASK : 0) |
			(h & NUMERIC_SHORT_WEIGHT_MASK);
	else
		weight = (int16_t) u16(b + 2);

	/* value = text * 10^exp, text the digits each as 4 decimals */
	text = malloc(4 * nd + 1);
	for (size_t i = 0; i < nd; i++)
	{
		int16_t		d = (int16_t) u16(b + hdr + 2 * i);

		if (d < 0 || d > 9999)
		{
			free(text);
			return false;
		}
		snprintf(text + 4 * i, 5, "%04d", d);
	}
	text[4 * nd] = '\0';
	/* the last decimal of digit i stands for 10^(4 * (weight - i)) */
	exp = 4 * (weight - ((long) nd - 1));
	m = text;
	while (*m == '0')
		m++;
	mlen = strlen(m);
	while (mlen > 0 && m[mlen - 1] == '0')
	{
		m[--mlen] = '\0';
		exp++;
	}
	if (mlen == 0)
	{
		free(text);
		*out = 0;
		return true;
	}
	/* more decimals than the scale, or more than 19 digits of units */
	if (exp + scale < 0 || (long) mlen + exp + scale > 19)
	{
		free(text);
		return false;
	}
	{
		char		units[20];

		memset(units, '0', sizeof(units));
		memcpy(units, m, mlen);
		units[mlen + exp + scale] = '\0';
		fits = strlen(units) < 19 || strcmp(units, int64_max) <= 0;
		if (fits)
		{
			int64_t		v = 0;

			for (const char *c = units; *c; c++)
				v = v * 10 + (*c - '0');
			*out = neg ? -v : v;
		}
	}
	free(text);
	return fits;
}

/* The decoder against the reference at every scale, on an exact-size copy. */
static void
check(const uint8_t *body, size_t len, bool *ok, int64_t *val)
{
	uint8_t    *copy = malloc(len ? len : 1);

	memcpy(copy, body, len);
	for (int s = 0; s <= KPI_NUMERIC_MAX_SCALE; s++)
	{
		int64_t		got = 0x5a5a,
					want = 0x5a5a;

		ok[s] = kpi_numeric_decode(copy, len, s, &got);
		must(ok[s] == reference(body, len, s, &want));
		must(!ok[s] || got == want);
		must(ok[s] || got == 0x5a5a);
		val[s] = got;
		/* one more decimal place: ten times the value, if it still fits */
		if (s > 0 && ok[s - 1])
			must(ok[s] ? got == 10 * val[s - 1] : val[s - 1] > INT64_MAX / 10 || val[s - 1] < -(INT64_MAX / 10));
		if (s > 0 && ok[s] && !ok[s - 1])
			must(got % 10 != 0);
	}
	must(!kpi_numeric_decode(copy, len, -1, val) && !kpi_numeric_decode(copy, len, KPI_NUMERIC_MAX_SCALE + 1, val));
	free(copy);
}

static void
put16(uint8_t *p, unsigned w)
{
	uint16_t	v = (uint16_t) w;

	memcpy(p, &v, 2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool		ok[KPI_NUMERIC_MAX_SCALE + 1],
				ok2[KPI_NUMERIC_MAX_SCALE + 1];
	int64_t		val[KPI_NUMERIC_MAX_SCALE + 1],
				val2[KPI_NUMERIC_MAX_SCALE + 1];
	bytes		b = {data, size};

	if (size == 0)
		return 0;
	if ((take(&b) & 1) == 0)
	{
		/* any bytes as a numeric */
		check(b.p, b.n, ok, val);
		return 0;
	}
	/* a well-formed numeric, long and short */
	{
		unsigned	flags = take(&b);
		bool		neg = flags & 1;
		unsigned	dscale = (flags >> 1) & 0x3F;
		long		weight = (flags & 0x80) ? (int16_t) take_word(&b, 2) : (int8_t) take(&b);
		int			nd = (int) (take(&b) % (MAX_BUILT_DIGITS + 1));
		uint8_t		lng[4 + 2 * MAX_BUILT_DIGITS],
					sht[2 + 2 * MAX_BUILT_DIGITS];

		put16(lng, (neg ? NUMERIC_NEG : 0) | dscale);
		put16(lng + 2, (unsigned) weight);
		for (int i = 0; i < nd; i++)
		{
			unsigned	d = (unsigned) (take_word(&b, 2) % 10000);

			put16(lng + 4 + 2 * i, d);
			put16(sht + 2 + 2 * i, d);
		}
		check(lng, 4 + 2 * (size_t) nd, ok, val);
		if (weight >= -64 && weight <= 63)
		{
			put16(sht, NUMERIC_SHORT | (neg ? NUMERIC_SHORT_SIGN_MASK : 0) |
				  (dscale << NUMERIC_SHORT_DSCALE_SHIFT) | ((unsigned) weight & 0x7F));
			check(sht, 2 + 2 * (size_t) nd, ok2, val2);
			for (int s = 0; s <= KPI_NUMERIC_MAX_SCALE; s++)
				must(ok[s] == ok2[s] && (!ok[s] || val[s] == val2[s]));
		}
	}
	return 0;
}
