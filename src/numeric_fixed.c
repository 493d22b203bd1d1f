/*
 * numeric_fixed.c
 *		Exact conversions between numeric and int64 fixed point.
 *
 * The aggregate reads one numeric per score row, so the conversion is on
 * the hot path: instead of numeric arithmetic the pure core
 * (numeric_decode.c) reads numeric's on-disk format and refuses anything
 * that does not fit exactly.
 */
#include "postgres.h"
#include "nls_pg.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "numeric_decode.h"
#include "numeric_fixed.h"

/*
 * Read num as an integer count of 10^-scale units (scale 0..8).  False when
 * it is NaN or infinite, has more decimals than scale, or leaves int64.
 * num is detoasted (its 4-byte header); numeric_decode.c reads its bytes.
 */
bool
kpi_numeric_to_scaled(Numeric num, int scale, int64 *result)
{
	int64_t		v;

	Assert(scale >= 0 && scale <= KPI_NUMERIC_MAX_SCALE);
	if (!kpi_numeric_decode(VARDATA(num), VARSIZE(num) - VARHDRSZ, scale, &v))
		return false;
	*result = v;
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
