/*
 * numeric_fixed.c
 *		Exact conversions between numeric and int64 fixed point.
 *
 * The aggregate reads one numeric per score row, so the conversion is on
 * the hot path: instead of numeric arithmetic it reads numeric's on-disk
 * format (base-10000 digits with a weight; stable since PostgreSQL 8.3,
 * pg_upgrade depends on it) and refuses anything that does not fit exactly.
 */
#include "postgres.h"
#include "nls_pg.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "numeric_fixed.h"

/* The layout of numeric.c, which keeps it private */
#define DEC_DIGITS		4
#define NUMERIC_SIGN_MASK	0xC000
#define NUMERIC_NEG			0x4000
#define NUMERIC_SHORT		0x8000
#define NUMERIC_SPECIAL		0xC000
#define NUMERIC_SHORT_SIGN_MASK			0x2000
#define NUMERIC_SHORT_WEIGHT_SIGN_MASK	0x0040
#define NUMERIC_SHORT_WEIGHT_MASK		0x003F

typedef int16 NumericDigitRaw;

typedef struct NumericRaw
{
	int32		vl_len_;
	uint16		n_header;
	/* short: digits follow; long: int16 weight, then digits */
} NumericRaw;

/*
 * Read num as an integer count of 10^-scale units (scale 0..8).  False when
 * it is NaN or infinite, has more decimals than scale, or leaves int64.
 */
bool
kpi_numeric_to_scaled(Numeric num, int scale, int64 *result)
{
	const NumericRaw *raw = (const NumericRaw *) num;
	uint16		header = raw->n_header;
	bool		is_short = (header & NUMERIC_SHORT) != 0 &&
		(header & NUMERIC_SIGN_MASK) != NUMERIC_SPECIAL;
	bool		negative;
	int			weight;
	const NumericDigitRaw *digits;
	int			ndigits;
	int64		acc = 0;
	static const int64 pow10[] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
		INT64CONST(1000000000), INT64CONST(10000000000), INT64CONST(100000000000),
		INT64CONST(1000000000000), INT64CONST(10000000000000), INT64CONST(100000000000000),
		INT64CONST(1000000000000000), INT64CONST(10000000000000000),
		INT64CONST(100000000000000000), INT64CONST(1000000000000000000)
	};

	Assert(scale >= 0 && scale <= 8);
	if ((header & NUMERIC_SIGN_MASK) == NUMERIC_SPECIAL)
		return false;
	if (is_short)
	{
		negative = (header & NUMERIC_SHORT_SIGN_MASK) != 0;
		weight = (header & NUMERIC_SHORT_WEIGHT_SIGN_MASK) ?
			(int) (~NUMERIC_SHORT_WEIGHT_MASK | (header & NUMERIC_SHORT_WEIGHT_MASK)) :
			(int) (header & NUMERIC_SHORT_WEIGHT_MASK);
		digits = (const NumericDigitRaw *) ((const char *) raw + VARHDRSZ + sizeof(uint16));
		ndigits = (VARSIZE(num) - VARHDRSZ - sizeof(uint16)) / sizeof(NumericDigitRaw);
	}
	else
	{
		int16		w;

		negative = (header & NUMERIC_SIGN_MASK) == NUMERIC_NEG;
		memcpy(&w, (const char *) raw + VARHDRSZ + sizeof(uint16), sizeof(int16));
		weight = w;
		digits = (const NumericDigitRaw *) ((const char *) raw + VARHDRSZ + 2 * sizeof(uint16));
		ndigits = (VARSIZE(num) - VARHDRSZ - 2 * sizeof(uint16)) / sizeof(NumericDigitRaw);
	}

	/* value * 10^scale = sum of digits[i] * 10^(4 * (weight - i) + scale) */
	for (int i = 0; i < ndigits; i++)
	{
		int			x = DEC_DIGITS * (weight - i) + scale;
		int64		d = digits[i];
		int64		term;

		if (d == 0)
			continue;
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

/* A numeric as hundredths, or an error saying which value does not fit. */
int64
kpi_numeric_to_hundredths(Numeric num, const char *what)
{
	int64		v;

	if (!kpi_numeric_to_scaled(num, 2, &v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s %s cannot be summed exactly", dgettext(TEXTDOMAIN, what),
						DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(num)))),
				 errdetail("Points and scores must be finite, with at most 2 decimals and below 9.2e16.")));
	return v;
}

/* value * 10^-scale as a numeric showing exactly scale decimals. */
Numeric
kpi_numeric_from_scaled(int64 value, int scale)
{
#if PG_VERSION_NUM >= 140000
	return int64_div_fast_to_numeric(value, scale);
#else
	Datum		n = DirectFunctionCall1(int8_numeric, Int64GetDatum(value));
	Datum		p = DirectFunctionCall2(numeric_power, DirectFunctionCall1(int4_numeric, Int32GetDatum(10)),
										DirectFunctionCall1(int4_numeric, Int32GetDatum(scale)));

	n = DirectFunctionCall2(numeric_div, n, p);
	return DatumGetNumeric(DirectFunctionCall2(numeric_round, n, Int32GetDatum(scale)));
#endif
}

/* The same for an __int128 (products of two hundredths), through text. */
Numeric
kpi_numeric_from_int128_scaled(__int128 value, int scale)
{
	char		buf[64];
	char	   *p = buf + sizeof(buf) - 1;
	bool		negative = value < 0;
	unsigned __int128 u = negative ? -(unsigned __int128) value : (unsigned __int128) value;
	int			digits = 0;

	*p = '\0';
	do
	{
		*--p = '0' + (int) (u % 10);
		u /= 10;
		if (++digits == scale)
			*--p = '.';
	} while (u != 0 || digits <= scale);
	if (*p == '.')
		*--p = '0';
	if (negative)
		*--p = '-';
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(p),
											   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
}
