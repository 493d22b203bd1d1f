/*
 * test_tier.c
 *		Semantics 7 on its own: ties at the top_n boundary, vetoed and last
 *		units, groups of one and two, downgrades.
 */
#include "tier.h"
#include "tap.h"

/* Walk one group given in rank order; tiers written to out. */
static kpi_tier_status
walk(int n, const int64_t *rank, const bool *vetoed, int64_t top_n, kpi_tier_level *out)
{
	kpi_tier_walk w;

	kpi_tier_walk_start(&w, n, rank[n - 1], top_n);
	for (int i = 0; i < n; i++)
	{
		kpi_tier_status st = kpi_tier_walk_next(&w, rank[i], vetoed[i], &out[i]);

		if (st != KPI_TIER_OK)
			return st;
	}
	return KPI_TIER_OK;
}

#define O KPI_TIER_OUTSTANDING
#define G KPI_TIER_GOOD
#define P KPI_TIER_POOR

int
main(void)
{
	kpi_tier_level t[8];

	{
		/* plain: 1 2 3 4 5, top 2 */
		int64_t		r[] = {1, 2, 3, 4, 5};
		bool		v[] = {0, 0, 0, 0, 0};

		walk(5, r, v, 2, t);
		ok(t[0] == O && t[1] == O && t[2] == G && t[3] == G && t[4] == P, "top 2 outstanding, last poor");
	}
	{
		/* tie at the boundary: 1 2 2 4, both rank-2 units are in */
		int64_t		r[] = {1, 2, 2, 4};
		bool		v[] = {0, 0, 0, 0};

		walk(4, r, v, 2, t);
		ok(t[0] == O && t[1] == O && t[2] == O && t[3] == P, "ties at the top_n boundary are all in");
	}
	{
		/* tie for first among three with top 2: 1 1 1 4 */
		int64_t		r[] = {1, 1, 1, 4};
		bool		v[] = {0, 0, 0, 0};

		walk(4, r, v, 2, t);
		ok(t[0] == O && t[1] == O && t[2] == O && t[3] == P, "three tied first are all outstanding");
	}
	{
		/* vetoed top scorer: the next two move up */
		int64_t		r[] = {1, 2, 3, 4, 5};
		bool		v[] = {1, 0, 0, 0, 0};

		walk(5, r, v, 2, t);
		ok(t[0] == P && t[1] == O && t[2] == O && t[3] == G && t[4] == P, "vetoed top scorer is poor, 2 and 3 outstanding");
	}
	{
		/* vetoed unit that is also last */
		int64_t		r[] = {1, 2, 3, 4};
		bool		v[] = {0, 0, 0, 1};

		walk(4, r, v, 2, t);
		ok(t[0] == O && t[1] == O && t[2] == G && t[3] == P, "vetoed last unit is poor once");
	}
	{
		/* tied last places are all poor */
		int64_t		r[] = {1, 2, 3, 3};
		bool		v[] = {0, 0, 0, 0};

		walk(4, r, v, 2, t);
		ok(t[0] == O && t[1] == O && t[2] == P && t[3] == P, "units tied for last are all poor");
	}
	{
		/* group of one: no last place */
		int64_t		r[] = {1};
		bool		v[] = {0};

		walk(1, r, v, 2, t);
		ok(t[0] == O, "a group of one has no last place");
		v[0] = 1;
		walk(1, r, v, 2, t);
		ok(t[0] == P, "a vetoed group of one is poor");
	}
	{
		/* group of two */
		int64_t		r[] = {1, 2};
		bool		v[] = {0, 0};

		walk(2, r, v, 2, t);
		ok(t[0] == O && t[1] == P, "group of two: first outstanding, second last");
		r[1] = 1;
		walk(2, r, v, 2, t);
		ok(t[0] == P && t[1] == P, "group of two tied: both are last");
	}
	{
		/* top_n 0: nobody outstanding */
		int64_t		r[] = {1, 2, 3};
		bool		v[] = {0, 0, 0};

		walk(3, r, v, 0, t);
		ok(t[0] == G && t[1] == G && t[2] == P, "top_n 0");
	}
	{
		kpi_tier_walk w;
		kpi_tier_level x;

		kpi_tier_walk_start(&w, 3, 3, 2);
		kpi_tier_walk_next(&w, 2, false, &x);
		is_int(kpi_tier_walk_next(&w, 1, false, &x), KPI_TIER_NOT_ORDERED, "ranks must not decrease");
		kpi_tier_walk_start(&w, 3, 3, 2);
		is_int(kpi_tier_walk_next(&w, 0, false, &x), KPI_TIER_BAD_RANK, "rank 0 is refused");
		is_int(kpi_tier_walk_next(&w, 4, false, &x), KPI_TIER_BAD_RANK, "rank beyond the last is refused");
	}
	/* downgrades and veto cap */
	is_int(kpi_tier_cap(O, false, 0), O, "no downgrade");
	is_int(kpi_tier_cap(O, false, 1), G, "one step from outstanding");
	is_int(kpi_tier_cap(O, false, 2), P, "two steps from outstanding");
	is_int(kpi_tier_cap(G, false, 5), P, "never below poor");
	is_int(kpi_tier_cap(O, false, INT64_MAX), P, "huge steps do not overflow");
	is_int(kpi_tier_cap(O, true, 0), P, "veto caps at poor");
	is_int(kpi_tier_cap(P, false, 1), P, "poor stays poor");
	return tap_done();
}
