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
 *
 * Semantics 10 generalizes it to grades as data (kpi_grade_walk below);
 * the 2018 method is then the grades of kpi_grade_2018.  The walk above
 * stays for kpi.kpi_tier(rank, vetoed, top_n) and as the reference the
 * unit tests hold the grade walk to.
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
kpi_tier_walk_next(kpi_tier_walk *w, int64_t rank, bool vetoed, kpi_tier_value *tier)
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
kpi_tier_value
kpi_tier_cap(kpi_tier_value tier, bool vetoed, int64_t downgrade_steps)
{
	int64_t		t = tier;

	if (vetoed)
		t = KPI_TIER_POOR;
	if (downgrade_steps > 0)
		t = downgrade_steps >= KPI_TIER_POOR - t ? KPI_TIER_POOR : t + downgrade_steps;
	return (kpi_tier_value) t;
}

/*
 * Semantics 10, one unit at a time in rank order.  A unit's cap is the
 * worst level it is held to (veto, below_total, last_places); the levels
 * better than the default are quotas filled best first: a unit is a
 * candidate of level L when not placed above L, its cap allows L and its
 * total reaches L's min_total, and it is placed at L when fewer than
 * places candidates of L rank strictly above it (ties at the boundary are
 * all in).  Whether a unit is a candidate of L depends only on the units
 * ranked above it and on itself, so one pass in rank order is enough:
 * per level, the candidates above the current peers and among them.
 *
 * The walk keeps pointers to levels, worst_ranks and counters (the
 * caller's, KPI_GRADE_COUNTERS(m) of them): they must outlive it.
 */
kpi_tier_status
kpi_grade_walk_start(kpi_grade_walk *w, const kpi_grade_def *levels, int m,
					 int default_idx, int veto_idx, int64_t rows,
					 const int64_t *worst_ranks, int64_t worst_count,
					 int64_t *counters)
{
	if (m < 1 || default_idx < 0 || default_idx >= m || veto_idx < 0 || veto_idx >= m ||
		worst_count < 0)
		return KPI_TIER_BAD_GRADES;
	w->levels = levels;
	w->m = m;
	w->default_idx = default_idx;
	w->veto_idx = veto_idx;
	w->rows = rows;
	w->worst_ranks = worst_ranks;
	w->worst_count = worst_count;
	w->current_rank = 0;
	w->started = false;
	w->above = counters;
	w->peers = counters + m;
	for (int i = 0; i < m; i++)
		w->above[i] = w->peers[i] = 0;
	return KPI_TIER_OK;
}

/* The best level a unit may reach: the worst of its caps, level 0 if none. */
static int
grade_cap(const kpi_grade_walk *w, int64_t rank, bool vetoed, int64_t total)
{
	int			cap = vetoed ? w->veto_idx : 0;

	for (int i = cap + 1; i < w->m; i++)
	{
		const kpi_grade_def *g = &w->levels[i];

		if (g->has_below && total < g->below_total)
			cap = i;
		else if (g->last_places > 0 && w->rows >= 2)
		{
			/* among the k worst distinct ranks: at or below the k-th worst */
			int64_t		k = g->last_places < w->worst_count ? g->last_places : w->worst_count;

			if (rank >= w->worst_ranks[k - 1])
				cap = i;
		}
	}
	return cap;
}

/* The level of the next unit of the walk, before downgrades. */
kpi_tier_status
kpi_grade_walk_next(kpi_grade_walk *w, int64_t rank, bool vetoed, int64_t total_hundredths,
					int *level_idx)
{
	int			cap;

	if (w->worst_count < 1 || rank < 1 || rank > w->worst_ranks[0])
		return KPI_TIER_BAD_RANK;
	if (w->started && rank < w->current_rank)
		return KPI_TIER_NOT_ORDERED;
	if (!w->started || rank > w->current_rank)
	{
		/* a new set of peers: the previous ones now rank strictly above */
		for (int i = 0; i < w->default_idx; i++)
		{
			w->above[i] += w->peers[i];
			w->peers[i] = 0;
		}
		w->current_rank = rank;
		w->started = true;
	}

	cap = grade_cap(w, rank, vetoed, total_hundredths);
	for (int i = cap; i < w->default_idx; i++)
	{
		const kpi_grade_def *g = &w->levels[i];

		if (g->has_min && total_hundredths < g->min_total)
			continue;
		/* a candidate of level i */
		w->peers[i]++;
		if (g->places < 0 || w->above[i] < g->places)
		{
			*level_idx = i;
			return KPI_TIER_OK;
		}
	}
	*level_idx = cap > w->default_idx ? cap : w->default_idx;
	return KPI_TIER_OK;
}

/*
 * How many of a group's worst distinct ranks the walk needs: the largest
 * last_places (at least 1, for the worst rank itself).
 */
int64_t
kpi_grade_last_places_needed(const kpi_grade_def *levels, int m)
{
	int64_t		k = 1;

	for (int i = 0; i < m; i++)
		if (levels[i].last_places > k)
			k = levels[i].last_places;
	return k;
}

/* Whether any level compares totals (else the glue need not read them). */
bool
kpi_grade_uses_total(const kpi_grade_def *levels, int m)
{
	for (int i = 0; i < m; i++)
		if (levels[i].has_min || levels[i].has_below)
			return true;
	return false;
}

/* Downgrades: steps levels down, never past the worst; steps < 0 move none. */
int
kpi_grade_downgrade(int level_idx, int64_t steps, int worst_idx)
{
	if (level_idx >= worst_idx || steps <= 0)
		return level_idx;
	return steps >= worst_idx - level_idx ? worst_idx : level_idx + (int) steps;
}

/*
 * The 2018 method as grades: 实绩突出 with top_n places, 实绩比较突出 the
 * default, 实绩一般 for the last place and for a veto.
 */
void
kpi_grade_2018(kpi_grade_def levels[KPI_TIER_COUNT], int64_t top_n, int *default_idx, int *veto_idx)
{
	for (int i = 0; i < KPI_TIER_COUNT; i++)
	{
		levels[i].places = -1;
		levels[i].has_min = false;
		levels[i].min_total = 0;
		levels[i].has_below = false;
		levels[i].below_total = 0;
		levels[i].last_places = 0;
	}
	levels[KPI_TIER_OUTSTANDING].places = top_n;
	levels[KPI_TIER_POOR].last_places = 1;
	*default_idx = KPI_TIER_GOOD;
	*veto_idx = KPI_TIER_POOR;
}
