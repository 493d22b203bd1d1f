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

/* One group walked: its ranks, vetoes and top_n, and the tiers it must get. */
typedef struct group_case
{
	int			n;
	int64_t		rank[5];
	bool		vetoed[5];
	int64_t		top_n;
	kpi_tier_level want[5];
	const char *what;
} group_case;

static const group_case groups[] = {
	{5, {1, 2, 3, 4, 5}, {0, 0, 0, 0, 0}, 2, {O, O, G, G, P}, "top 2 outstanding, last poor"},
	/* both rank-2 units are in */
	{4, {1, 2, 2, 4}, {0, 0, 0, 0}, 2, {O, O, O, P}, "ties at the top_n boundary are all in"},
	{4, {1, 1, 1, 4}, {0, 0, 0, 0}, 2, {O, O, O, P}, "three tied first are all outstanding"},
	/* the next two move up */
	{5, {1, 2, 3, 4, 5}, {1, 0, 0, 0, 0}, 2, {P, O, O, G, P}, "vetoed top scorer is poor, 2 and 3 outstanding"},
	{4, {1, 2, 3, 4}, {0, 0, 0, 1}, 2, {O, O, G, P}, "vetoed last unit is poor once"},
	{4, {1, 2, 3, 3}, {0, 0, 0, 0}, 2, {O, O, P, P}, "units tied for last are all poor"},
	{1, {1}, {0}, 2, {O}, "a group of one has no last place"},
	{1, {1}, {1}, 2, {P}, "a vetoed group of one is poor"},
	{2, {1, 2}, {0, 0}, 2, {O, P}, "group of two: first outstanding, second last"},
	{2, {1, 1}, {0, 0}, 2, {P, P}, "group of two tied: both are last"},
	{3, {1, 2, 3}, {0, 0, 0}, 0, {G, G, P}, "top_n 0"},
};

int
main(void)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
	{
		const group_case *g = &groups[i];
		kpi_tier_level t[5];
		bool		same = walk(g->n, g->rank, g->vetoed, g->top_n, t) == KPI_TIER_OK;

		for (int j = 0; j < g->n; j++)
			same = same && t[j] == g->want[j];
		ok(same, "%s", g->what);
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
