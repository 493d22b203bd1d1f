/*
 * numeric_decode.c
 *		numeric's stored format, read without numeric arithmetic.
 *
 * The aggregate reads one numeric per score row, so this is on the hot
 * path.  The format is numeric.c's (private there, stable since PostgreSQL
 * 8.3: pg_upgrade depends on it): a uint16 header, then in the long form an
 * int16 weight, then base-10000 digits (int16), most significant first; the
 * value is the sum of digit[i] * 10000^(weight - i).  The short form keeps
 * sign and weight in its header; NaN and the infinities are "special".
 */
#include "numeric_decode.h"

#include <string.h>

#define DEC_DIGITS		4
#define NBASE			10000
#define NUMERIC_SIGN_MASK	0xC000
#define NUMERIC_NEG			0x4000
#define NUMERIC_SHORT		0x8000
#define NUMERIC_SPECIAL		0xC000
#define NUMERIC_SHORT_SIGN_MASK			0x2000
#define NUMERIC_SHORT_WEIGHT_SIGN_MASK	0x0040
#define NUMERIC_SHORT_WEIGHT_MASK		0x003F

/* The int16 at byte offset off (memcpy: no alignment assumed). */
static int16_t
word(const unsigned char *p, size_t off)
{
	int16_t		w;

	memcpy(&w, p + off, sizeof(w));
	return w;
}

bool
kpi_numeric_decode(const void *body, size_t len, int scale, int64_t *result)
{
	const unsigned char *p = body;
	uint16_t	header;
	bool		negative;
	int64_t		weight;
	size_t		first;			/* byte offset of the first digit */
	int64_t		acc = 0;
	static const int64_t pow10[] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
		1000000000, 10000000000, 100000000000, 1000000000000, 10000000000000,
		100000000000000, 1000000000000000, 10000000000000000,
		100000000000000000, 1000000000000000000
	};

	if (scale < 0 || scale > KPI_NUMERIC_MAX_SCALE || len < sizeof(uint16_t))
		return false;
	header = (uint16_t) word(p, 0);
	if ((header & NUMERIC_SIGN_MASK) == NUMERIC_SPECIAL)
		return false;
	if (header & NUMERIC_SHORT)
	{
		negative = (header & NUMERIC_SHORT_SIGN_MASK) != 0;
		weight = (header & NUMERIC_SHORT_WEIGHT_SIGN_MASK) ?
			(int64_t) (~NUMERIC_SHORT_WEIGHT_MASK | (header & NUMERIC_SHORT_WEIGHT_MASK)) :
			(int64_t) (header & NUMERIC_SHORT_WEIGHT_MASK);
		first = sizeof(uint16_t);
	}
	else
	{
		if (len < 2 * sizeof(uint16_t))
			return false;
		negative = (header & NUMERIC_SIGN_MASK) == NUMERIC_NEG;
		weight = word(p, sizeof(uint16_t));
		first = 2 * sizeof(uint16_t);
	}

	/* value * 10^scale = sum of digit[i] * 10^(4 * (weight - i) + scale) */
	for (size_t i = 0; i < (len - first) / sizeof(int16_t); i++)
	{
		int64_t		d = word(p, first + i * sizeof(int16_t));
		int64_t		x;
		int64_t		term;

		if (d < 0 || d >= NBASE)
			return false;
		if (d == 0)
			continue;
		x = DEC_DIGITS * (weight - (int64_t) i) + scale;
		if (x >= 0)
		{
			if (x > 18 || __builtin_mul_overflow(d, pow10[x], &term))
				return false;
		}
		else
		{
			/* a digit below 10^-scale: only its zeros may be cut */
			if (-x >= DEC_DIGITS || d % pow10[-x] != 0)
				return false;
			term = d / pow10[-x];
		}
		if (__builtin_add_overflow(acc, term, &acc))
			return false;
	}
	*result = negative ? -acc : acc;
	return true;
}
