/*
 * test_money.c
 *		The reward split: parts add up to the fen, largest remainders and
 *		code-point ties, no heads, no staff.
 */
#include <string.h>

#include "money.h"
#include "tap.h"

static int64_t
sum(const int64_t *f, size_t n)
{
	int64_t		s = 0;

	for (size_t i = 0; i < n; i++)
		s += f[i];
	return s;
}

int
main(void)
{
	int64_t		fen[16];

	{
		/* 1000 yuan, 40% to 1 head, 60% to 7 staff: 600/7 = 85.714285... */
		const char *p[] = {"head", "s1", "s2", "s3", "s4", "s5", "s6", "s7"};
		bool		h[] = {1, 0, 0, 0, 0, 0, 0, 0};

		is_int(kpi_money_split(100000, 400000, 1000000, 8, p, h, fen), KPI_MONEY_OK, "split 1 head 7 staff");
		is_int(fen[0], 40000, "head gets 400.00");
		/* 60000 fen / 7 = 8571 rem 3: three leftover fen to s1, s2, s3 (equal remainders, code-point order) */
		is_int(fen[1], 8572, "s1 gets 85.72");
		is_int(fen[2], 8572, "s2 gets 85.72");
		is_int(fen[3], 8572, "s3 gets 85.72");
		is_int(fen[4], 8571, "s4 gets 85.71");
		is_int(fen[7], 8571, "s7 gets 85.71");
		is_int(sum(fen, 8), 100000, "parts add up to 1000.00");
	}
	{
		/* remainders across heads and staff: 100.00 yuan, 1/3 to 2 heads, rest to 3 staff */
		const char *p[] = {"b", "a", "z", "y", "x"};
		bool		h[] = {1, 1, 0, 0, 0};

		/* heads: 10000*333333/1000000/2 = 1666.665 fen each -> 1666 rem .665 */
		/* staff: 10000*666667/1000000/3 = 2222.2233.. fen -> 2222 rem .2233 */
		kpi_money_split(10000, 333333, 1000000, 5, p, h, fen);
		is_int(sum(fen, 5), 10000, "thirds add up");
		is_int(fen[1], 1667, "head a: larger remainder gets a fen (tie with b, a first)");
		is_int(fen[0], 1667, "head b also gets one");
		is_int(fen[2] + fen[3] + fen[4], 6666, "staff keep their floors");
	}
	{
		/* ties broken by code point: UTF-8 byte order */
		const char *p[] = {"乌兰", "阿拉坦", "巴特尔"};
		bool		h[] = {0, 0, 0};

		kpi_money_split(100, 0, 1000000, 3, p, h, fen);
		/* 100/3 = 33 rem 1: one fen to the first in code-point order */
		ok(strcmp(p[0], p[2]) < 0 && strcmp(p[0], p[1]) < 0, "乌 precedes 巴 and 阿 in code-point order");
		is_int(fen[0], 34, "乌兰 gets the leftover fen");
		is_int(fen[1] + fen[2], 66, "the others 33 each");
	}
	{
		/* no staff: everything to the heads */
		const char *p[] = {"h1", "h2"};
		bool		h[] = {1, 1};

		kpi_money_split(100001, 400000, 1000000, 2, p, h, fen);
		is_int(fen[0], 50001, "no staff: heads share all, h1 gets the odd fen");
		is_int(fen[1], 50000, "h2");
	}
	{
		/* no head: everything to the staff */
		const char *p[] = {"s1", "s2", "s3"};
		bool		h[] = {0, 0, 0};

		kpi_money_split(100000, 400000, 1000000, 3, p, h, fen);
		is_int(sum(fen, 3), 100000, "no head: staff share all");
		is_int(fen[0], 33334, "s1 gets the leftover fen");
	}
	is_int(kpi_money_split(100, 0, 1000000, 0, NULL, NULL, fen), KPI_MONEY_OK, "no members: nothing to split");
	is_int(kpi_money_split(-1, 0, 1000000, 0, NULL, NULL, fen), KPI_MONEY_BAD_ARGUMENT, "negative amount");
	is_int(kpi_money_split(1, 2, 1, 0, NULL, NULL, fen), KPI_MONEY_BAD_ARGUMENT, "share above 1");
	{
		/* a huge amount does not overflow */
		const char *p[] = {"h", "s"};
		bool		h[] = {1, 0};

		kpi_money_split(INT64_MAX, 999999, 1000000, 2, p, h, fen);
		ok(fen[0] + fen[1] == INT64_MAX, "huge amount splits exactly");
	}
	{
		/*
		 * Found by fuzz/fuzz_money.c: with a head share over a large
		 * denominator, comparing remainders by multiplying them by each
		 * other's denominator overflowed __int128.  INT64_MAX fen, a third
		 * over INT64_MAX to 2 heads (no remainder), the rest to 3 staff
		 * (each 2/3 of a fen over): s1 and s2 get the 2 fen left.
		 */
		const char *p[] = {"h1", "h2", "s1", "s2", "s3"};
		bool		h[] = {1, 1, 0, 0, 0};

		is_int(kpi_money_split(INT64_MAX, INT64_MAX / 3, INT64_MAX, 5, p, h, fen), KPI_MONEY_OK,
			   "a share over INT64_MAX");
		ok(fen[0] == 1537228672809129301 && fen[1] == fen[0], "heads a third each, no fen over");
		ok(fen[2] == 2049638230412172402 && fen[3] == fen[2] && fen[4] == fen[2] - 1,
		   "staff: the 2 fen left to s1 and s2");
		ok((__int128) fen[0] + fen[1] + fen[2] + fen[3] + fen[4] == INT64_MAX, "parts add up to INT64_MAX");
	}
	return tap_done();
}
