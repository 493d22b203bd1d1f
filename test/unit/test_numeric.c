/*
 * test_numeric.c
 *		numeric's stored bytes read as int64 units of 10^-scale: both header
 *		forms, decimals cut only when zero, the int64 bounds, the special
 *		values and malformed bytes refused.  Each numeric is written as the
 *		uint16 words after its varlena header, as numeric.c lays them out:
 *		the short form 0x8000 | sign 0x2000 | dscale << 7 | weight (7 bits),
 *		the long form sign (0x0000 or 0x4000) | dscale, then the weight.
 */
#include "numeric_decode.h"
#include "tap.h"

#define DECODE(words, scale, out) kpi_numeric_decode(words, sizeof(words), scale, out)

int
main(void)
{
	int64_t		v;

	{
		/* 12.34: short, weight 0, digits 12 3400 */
		const uint16_t n[] = {0x8100, 12, 3400};

		ok(DECODE(n, 2, &v) && v == 1234, "12.34 is 1234 hundredths");
		ok(DECODE(n, 4, &v) && v == 123400, "12.34 at scale 4");
		ok(!DECODE(n, 1, &v), "12.34 has more than 1 decimal");
		ok(!DECODE(n, 0, &v), "12.34 is not an integer");
	}
	{
		/* -0.05: short, negative, weight -1 (0x7F), digit 0500 */
		const uint16_t n[] = {0x8000 | 0x2000 | (2 << 7) | 0x7F, 500};

		ok(DECODE(n, 2, &v) && v == -5, "-0.05 is -5 hundredths");
		ok(!DECODE(n, 1, &v), "-0.05 at scale 1 is refused");
	}
	{
		/* 1e8 at scale 8 (10^16 units): short, weight 2, digit 1 */
		const uint16_t n[] = {0x8002, 1};

		ok(DECODE(n, 8, &v) && v == 10000000000000000, "1e8 at scale 8");
	}
	{
		/* ±92233720368547758.07, long: weight 4, 9 2233 7203 6854 7758 . 0700 */
		uint16_t	n[] = {2, 4, 9, 2233, 7203, 6854, 7758, 700};

		ok(DECODE(n, 2, &v) && v == INT64_MAX, "the largest hundredths");
		n[0] = 0x4000 | 2;
		ok(DECODE(n, 2, &v) && v == -INT64_MAX, "the same, negative");
		n[7] = 800;
		ok(!DECODE(n, 2, &v), "-92233720368547758.08 is refused (magnitude above INT64_MAX)");
		n[0] = 2;
		ok(!DECODE(n, 2, &v), "92233720368547758.08 is refused");
		ok(!DECODE(n, 3, &v), "the largest hundredths at scale 3 are refused");
	}
	{
		/* 0: no digits, short and long */
		const uint16_t s[] = {0x8000};
		const uint16_t l[] = {0, 0};

		v = 7;
		ok(DECODE(s, 2, &v) && v == 0, "short zero");
		v = 7;
		ok(DECODE(l, 2, &v) && v == 0, "long zero");
	}
	{
		const uint16_t nan[] = {0xC000};
		const uint16_t pinf[] = {0xD000};
		const uint16_t ninf[] = {0xF000};

		ok(!DECODE(nan, 2, &v), "NaN is refused");
		ok(!DECODE(pinf, 2, &v), "Infinity is refused");
		ok(!DECODE(ninf, 2, &v), "-Infinity is refused");
	}
	{
		/* found while writing fuzz/fuzz_numeric.c: digits outside 0..9999 */
		const uint16_t big[] = {0x8000, 10000};
		uint16_t	neg[] = {0x8004, 0xFFFF};

		ok(!DECODE(big, 0, &v), "a digit of 10000 is refused");
		ok(!DECODE(neg, 0, &v), "a negative digit is refused");
		/* (before, a negative digit was added as it was, and a sum of INT64_MIN negated) */
		neg[0] = 0x8004 | 0x2000;
		ok(!DECODE(neg, 0, &v), "... and with the sign set");
	}
	{
		const uint16_t l[] = {0, 1, 5};

		ok(!kpi_numeric_decode(l, 0, 2, &v), "no header is refused");
		ok(!kpi_numeric_decode(l, 3, 2, &v), "a long header cut short is refused");
		ok(kpi_numeric_decode(l, 5, 2, &v) && v == 0, "an odd last byte is not a digit (numeric.c's NUMERIC_NDIGITS)");
		ok(kpi_numeric_decode(l, 6, 2, &v) && v == 5000000, "5 x 10000 is 5000000 hundredths");
		ok(!kpi_numeric_decode(l, 6, 9, &v) && !kpi_numeric_decode(l, 6, -1, &v), "a scale outside 0..8 is refused");
	}
	return tap_done();
}
