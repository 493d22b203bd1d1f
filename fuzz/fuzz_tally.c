/*
 * fuzz_tally.c
 *		libFuzzer harness of the aggregate's state.  A state arrives from SQL
 *		as any int8[] (a user can call the transition or combine function on
 *		one, and under Citus it crosses the network), and kpi_tally_validate
 *		is all that stands between it and the arithmetic.  So: the input as
 *		int64 words is validated whole, as the glue does; then split into two
 *		states, each as long as its slot count says; and every operation a
 *		valid state allows is run on what passes, the words left over
 *		choosing contributions to add.  Under UBSan any overflow aborts, and
 *		the harness aborts when an operation leaves a state that no longer
 *		validates or a part of the total outside what its scores allow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "tally.h"

static int64_t *
copy_words(const int64_t *t, size_t n)
{
	int64_t    *c = malloc((n ? n : 1) * sizeof(int64_t));

	memcpy(c, t, n * sizeof(int64_t));
	return c;
}

/* What the final functions read of a valid state, checked. */
static void
finish(const int64_t *t)
{
	must(t[KPI_T_CONTENT_MAX] >= 0);
	for (int s = 1; s <= t[KPI_T_NSLOTS]; s++)
	{
		const int64_t *r = t + KPI_T_HEADER + (size_t) (s - 1) * KPI_T_STRIDE;
		int64_t		kept_sum,
					kept_n;

		kpi_trimmed_kept(t, s, &kept_sum, &kept_n);
		must(kept_n >= 0 && kept_n <= r[KPI_R_COUNT]);
		/* the kept scores lie between the lowest and the highest */
		must((__int128) r[KPI_R_MIN] * kept_n <= kept_sum &&
			 kept_sum <= (__int128) r[KPI_R_MAX] * kept_n);
	}
}

/* Add contributions chosen by ops (slot, value pairs) to a copy of t. */
static void
contribute(const int64_t *t, size_t len, const int64_t *ops, size_t nops)
{
	int64_t    *c = copy_words(t, len);

	for (size_t i = 0; i + 1 < nops; i += 2)
	{
		int			slot = (int) (ops[i] % (KPI_TALLY_MAX_SLOTS + 4)) - 3;
		int64_t		v = ops[i + 1];
		kpi_tally_status st;

		switch ((uint64_t) ops[i] / (KPI_TALLY_MAX_SLOTS + 4) % 4)
		{
			case 0:
				st = kpi_tally_add_points(c, slot, v);
				break;
			case 1:
				st = kpi_tally_add_max(c, v);
				break;
			case 2:
				st = kpi_tally_declare_weight(c, slot, v);
				break;
			default:
				st = kpi_tally_declare_trimmed(c, slot, v & 1);
				break;
		}
		if (st != KPI_TALLY_OK)
		{
			/* the glue raises an error: the state, maybe half-changed, is dropped */
			free(c);
			return;
		}
		must(kpi_tally_validate(c, len) == KPI_TALLY_OK);
	}
	finish(c);
	free(c);
}

/* Everything a valid state allows on its own. */
static void
alone(const int64_t *t, size_t len, const int64_t *ops, size_t nops)
{
	int64_t		nslots = t[KPI_T_NSLOTS];
	size_t		biglen = kpi_tally_len(KPI_TALLY_MAX_SLOTS);
	int64_t    *fresh = malloc(len * sizeof(int64_t));
	int64_t    *big = malloc(biglen * sizeof(int64_t));
	int64_t    *twice = copy_words(t, len);

	finish(t);
	/* a state combined into an empty one is that state */
	kpi_tally_init(fresh, nslots);
	must(kpi_tally_combine(fresh, t) == KPI_TALLY_OK);
	must(memcmp(fresh, t, len * sizeof(int64_t)) == 0);
	/* grown, it keeps everything and stays valid */
	kpi_tally_grow_copy(t, big, KPI_TALLY_MAX_SLOTS);
	must(kpi_tally_validate(big, biglen) == KPI_TALLY_OK);
	must(memcmp(big + KPI_T_CONTENT_POINTS, t + KPI_T_CONTENT_POINTS,
				(len - KPI_T_CONTENT_POINTS) * sizeof(int64_t)) == 0);
	/* combined with itself: an overflow is refused, else valid */
	if (kpi_tally_combine(twice, t) == KPI_TALLY_OK)
	{
		must(kpi_tally_validate(twice, len) == KPI_TALLY_OK);
		finish(twice);
	}
	contribute(t, len, ops, nops);
	free(fresh);
	free(big);
	free(twice);
}

/* Two valid states merged, the smaller into the larger (as the glue grows it). */
static void
pair(const int64_t *a, size_t alen, const int64_t *b, size_t blen)
{
	const int64_t *from = alen <= blen ? a : b;
	const int64_t *into = alen <= blen ? b : a;
	size_t		len = alen <= blen ? blen : alen;
	int64_t    *c = copy_words(into, len);
	kpi_tally_status st = kpi_tally_combine(c, from);

	if (st == KPI_TALLY_OK)
	{
		must(kpi_tally_validate(c, len) == KPI_TALLY_OK);
		finish(c);
	}
	else
		must(st == KPI_TALLY_OVERFLOW || st == KPI_TALLY_CONFLICT);
	/* the larger into the smaller is refused, never written past its end */
	if (alen != blen)
	{
		int64_t    *small = copy_words(from, alen <= blen ? alen : blen);

		must(kpi_tally_combine(small, into) == KPI_TALLY_BAD_SLOT);
		free(small);
	}
	free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		n = size / sizeof(int64_t);
	int64_t    *w = malloc((n ? n : 1) * sizeof(int64_t));
	size_t		alen;

	memcpy(w, data, n * sizeof(int64_t));
	/* the whole input as one state, as kpi_tally_from_array reads it */
	if (kpi_tally_validate(w, n) == KPI_TALLY_OK)
		alone(w, n, NULL, 0);
	/* a state as long as its slot count says, then another, or contributions */
	if (n >= KPI_T_HEADER && w[KPI_T_NSLOTS] >= 0 && w[KPI_T_NSLOTS] <= KPI_TALLY_MAX_SLOTS &&
		(alen = kpi_tally_len(w[KPI_T_NSLOTS])) < n &&
		kpi_tally_validate(w, alen) == KPI_TALLY_OK)
	{
		if (kpi_tally_validate(w + alen, n - alen) == KPI_TALLY_OK)
			pair(w, alen, w + alen, n - alen);
		else
			alone(w, alen, w + alen, n - alen);
	}
	free(w);
	return 0;
}
