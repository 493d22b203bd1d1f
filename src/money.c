/*
 * money.c
 *		Split a reward so the parts add up to the fen (semantics 8).
 *
 * Each member's exact share is a fraction num/den of a fen.  It is cut down
 * to whole fen; the fen left over (fewer than the number of members, since
 * the exact shares add up to the amount) go one each to the members with the
 * largest cut-off remainders, ties to the person first in code-point order
 * (strcmp on UTF-8 orders by code point).
 */
#include "money.h"

#include <stdlib.h>
#include <string.h>

typedef struct share
{
	size_t		member;
	__int128	rem;			/* remainder of the exact share, over
								 * head_den * peers */
	__int128	peers;			/* members of its role: heads, or staff */
	const char *person;
} share;

/*
 * Largest remainder first; ties by person in code-point order.  The
 * remainders' denominators differ by their role's count only, so
 * x.rem / (head_den * x.peers) is compared with y's by cross-multiplying
 * the counts: rem < head_den * n < 2^63 * n, so the products stay within
 * __int128 for fewer than 2^32 members (multiplying by the denominators,
 * as before, overflowed it when head_den was large).
 */
static int
share_cmp(const void *a, const void *b)
{
	const share *x = a;
	const share *y = b;
	__int128	lx = x->rem * y->peers;
	__int128	ly = y->rem * x->peers;

	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->person, y->person);
}

kpi_money_status
kpi_money_split(int64_t amount_fen, int64_t head_num, int64_t head_den,
				size_t n, const char *const *person, const bool *is_head, int64_t *fen)
{
	size_t		heads = 0;
	__int128	num_head,
				num_staff;
	__int128	given = 0;
	share	   *s;

	if (amount_fen < 0 || head_den <= 0 || head_num < 0 || head_num > head_den)
		return KPI_MONEY_BAD_ARGUMENT;
	if (n == 0)
		return KPI_MONEY_OK;
	for (size_t i = 0; i < n; i++)
		heads += is_head[i] ? 1 : 0;

	/* numerators over head_den of each part: no staff, all to the heads */
	num_head = (__int128) amount_fen * (heads == n ? head_den : heads == 0 ? 0 : head_num);
	num_staff = (__int128) amount_fen * head_den - num_head;

	s = malloc(n * sizeof(share));
	if (s == NULL)
		return KPI_MONEY_NO_MEMORY;
	for (size_t i = 0; i < n; i++)
	{
		__int128	num = is_head[i] ? num_head : num_staff;
		__int128	peers = is_head[i] ? heads : n - heads;
		__int128	den = (__int128) head_den * peers;

		fen[i] = (int64_t) (num / den);
		given += fen[i];
		s[i].member = i;
		s[i].rem = num % den;
		s[i].peers = peers;
		s[i].person = person[i];
	}
	qsort(s, n, sizeof(share), share_cmp);
	for (size_t k = 0; given < amount_fen && k < n; k++, given++)
		fen[s[k].member]++;
	free(s);
	return KPI_MONEY_OK;
}
