/*
 * tier.c
 *		Semantics 7 of DESIGN.md, one unit at a time in rank order.
 *
 * a. a vetoed unit is poor;
 * b. in a group of two or more, the unit(s) of the worst rank are poor;
 * c. any other unit is outstanding when fewer than top_n such units (neither
 *    vetoed nor last) rank strictly above it, so ties at the boundary are
 *    all in; else good;
 * d. (kpi_tier_cap) downgrades drop tiers, never below poor; places freed
 *    are not refilled, which is why this runs after the walk.
 */
#include "tier.h"

/* Begin a group: its size, its worst rank, and the scheme's top_n. */
void
kpi_tier_walk_start(kpi_tier_walk *w, int64_t rows, int64_t worst_rank, int64_t top_n)
{
	w->rows = rows;
	w->worst_rank = worst_rank;
	w->top_n = top_n;
	w->current_rank = 0;
	w->eligible_above = 0;
	w->eligible_peers = 0;
	w->started = false;
}

/* The tier of the next unit of the walk, by rules a-c. */
kpi_tier_status
kpi_tier_walk_next(kpi_tier_walk *w, int64_t rank, bool vetoed, kpi_tier_level *tier)
{
	bool		last;

	if (rank < 1 || rank > w->worst_rank)
		return KPI_TIER_BAD_RANK;
	if (w->started && rank < w->current_rank)
		return KPI_TIER_NOT_ORDERED;
	if (!w->started || rank > w->current_rank)
	{
		/* a new set of peers: the previous ones now rank strictly above */
		w->eligible_above += w->eligible_peers;
		w->eligible_peers = 0;
		w->current_rank = rank;
		w->started = true;
	}

	last = w->rows >= 2 && rank == w->worst_rank;
	if (vetoed || last)
		*tier = KPI_TIER_POOR;
	else
	{
		*tier = w->eligible_above < w->top_n ? KPI_TIER_OUTSTANDING : KPI_TIER_GOOD;
		w->eligible_peers++;
	}
	return KPI_TIER_OK;
}

/* Rules a and d: a veto caps at poor; each downgrade step drops one tier. */
kpi_tier_level
kpi_tier_cap(kpi_tier_level tier, bool vetoed, int64_t downgrade_steps)
{
	int64_t		t = tier;

	if (vetoed)
		t = KPI_TIER_POOR;
	if (downgrade_steps > 0)
		t = downgrade_steps >= KPI_TIER_POOR - t ? KPI_TIER_POOR : t + downgrade_steps;
	return (kpi_tier_level) t;
}
