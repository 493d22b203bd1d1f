/*
 * fuzz_money.c
 *		libFuzzer harness of the reward split (money.c, semantics 8),
 *		property-checking against exact shares computed here: the input
 *		chooses an amount (small, any, near INT64_MAX, or negative), a head
 *		share num/den (the glue's millionths, small denominators, any int64,
 *		or out of range) and 0..24 members, heads or staff, named from a few
 *		names (ties and equal names come).  Arguments outside the header's
 *		domain must be refused; else the parts must add up to the amount,
 *		each be its exact share cut down to the fen or one fen more (heads
 *		share num/den equally, staff the rest; no staff, all to the heads; no
 *		head, all to the staff), and the extra fen go to the largest
 *		remainders, ties to the name first in code-point order: no member
 *		without one may come before a member with one.  Remainders are
 *		compared here by continued fractions, without products.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "money.h"

#define MAX_MEMBERS 24

typedef unsigned __int128 u128;

static const char *const names[] = {
	"a", "b", "ab", "s1", "s2", "乌兰", "阿拉坦", "巴特尔"
};

/* a/b against c/d (b, d > 0): -1, 0 or 1, exactly. */
static int
frac_cmp(u128 a, u128 b, u128 c, u128 d)
{
	for (;;)
	{
		u128		qa = a / b,
					qc = c / d,
					t;

		if (qa != qc)
			return qa < qc ? -1 : 1;
		a -= qa * b;
		c -= qc * d;
		if (a == 0 || c == 0)
			return a == c ? 0 : (a == 0 ? -1 : 1);
		/* a/b < c/d if and only if d/c < b/a */
		t = a;
		a = d;
		d = t;
		t = b;
		b = c;
		c = t;
	}
}

static int64_t
choose_amount(bytes *b)
{
	switch (take(b) % 4)
	{
		case 0:
			return (int64_t) take_word(b, 3);
		case 1:
			return (int64_t) (take_word(b, 8) & INT64_MAX);
		case 2:
			return INT64_MAX - (int64_t) take_word(b, 2);
		default:
			return (int64_t) take_word(b, 8);
	}
}

static int64_t
choose_den(bytes *b)
{
	switch (take(b) % 4)
	{
		case 0:
			return 1000000;
		case 1:
			return 1 + (int64_t) take(b);
		case 2:
			return INT64_MAX - (int64_t) take(b);
		default:
			return (int64_t) take_word(b, 8);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bytes		b = {data, size};
	int64_t		amount = choose_amount(&b);
	int64_t		den = choose_den(&b);
	int64_t		num = (take(&b) & 1) || den <= 0 ?
		(int64_t) take_word(&b, 8) : (int64_t) (take_word(&b, 8) % ((uint64_t) den + 1));
	size_t		n = take(&b) % (MAX_MEMBERS + 1);
	const char *person[MAX_MEMBERS + 1];
	bool		is_head[MAX_MEMBERS + 1];
	int64_t		fen[MAX_MEMBERS + 1];
	u128		p[MAX_MEMBERS + 1],
				q[MAX_MEMBERS + 1];
	size_t		heads = 0;
	__int128	sum = 0,
				floors = 0;
	size_t		extras = 0;
	kpi_money_status st;

	for (size_t i = 0; i < n; i++)
	{
		unsigned	m = take(&b);

		is_head[i] = m & 1;
		person[i] = names[(m >> 1) % (sizeof(names) / sizeof(names[0]))];
		heads += is_head[i];
		fen[i] = -1;
	}
	fen[n] = 0x5a5a;
	st = kpi_money_split(amount, num, den, n, person, is_head, fen);
	if (amount < 0 || den <= 0 || num < 0 || num > den)
	{
		must(st == KPI_MONEY_BAD_ARGUMENT);
		return 0;
	}
	must(st == KPI_MONEY_OK);
	must(fen[n] == 0x5a5a);
	if (n == 0)
		return 0;

	/* each member's exact share p/q of a fen */
	for (size_t i = 0; i < n; i++)
	{
		if (heads == n || heads == 0)
		{
			p[i] = (u128) amount;
			q[i] = n;
		}
		else if (is_head[i])
		{
			p[i] = (u128) amount * (u128) num;
			q[i] = (u128) den * heads;
		}
		else
		{
			p[i] = (u128) amount * (u128) (den - num);
			q[i] = (u128) den * (n - heads);
		}
		must(fen[i] >= 0);
		must((u128) fen[i] == p[i] / q[i] || (u128) fen[i] == p[i] / q[i] + 1);
		sum += fen[i];
		floors += (__int128) (p[i] / q[i]);
		extras += (u128) fen[i] != p[i] / q[i];
	}
	must(sum == amount);
	must((__int128) extras == amount - floors);
	/* no member left without an extra fen comes before one given one */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
		{
			bool		i_extra = (u128) fen[i] != p[i] / q[i];
			bool		j_extra = (u128) fen[j] != p[j] / q[j];
			int			c;

			if (!i_extra || j_extra)
				continue;
			c = frac_cmp(p[j] % q[j], q[j], p[i] % q[i], q[i]);
			must(c < 0 || (c == 0 && strcmp(person[j], person[i]) >= 0));
		}
	return 0;
}
