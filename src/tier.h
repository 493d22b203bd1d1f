/*
 * tier.h
 *		Ranking tiers of the 2018 method (semantics 7), as a walk over one
 *		group's units in rank order.  Pure C: the window function kpi_tier
 *		and the unit tests drive the same code.
 */
#ifndef KPI_TIER_H
#define KPI_TIER_H

#include <stdbool.h>
#include <stdint.h>

/* Best first, as the SQL enum kpi.tier orders its labels */
typedef enum kpi_tier_value
{
	KPI_TIER_OUTSTANDING = 0,	/* 实绩突出 */
	KPI_TIER_GOOD = 1,			/* 实绩比较突出 */
	KPI_TIER_POOR = 2			/* 实绩一般 */
} kpi_tier_value;

#define KPI_TIER_COUNT 3

typedef struct kpi_tier_walk
{
	int64_t		rows;			/* units in the group */
	int64_t		worst_rank;		/* rank of the last place */
	int64_t		top_n;			/* places for 实绩突出 */
	int64_t		current_rank;	/* rank of the peers being walked */
	int64_t		eligible_above; /* neither vetoed nor last, ranked above */
	int64_t		eligible_peers; /* the same, among the current peers */
	bool		started;
} kpi_tier_walk;

typedef enum kpi_tier_status
{
	KPI_TIER_OK = 0,
	KPI_TIER_NOT_ORDERED,		/* ranks must not decrease along the walk */
	KPI_TIER_BAD_RANK,			/* rank below 1 or beyond the worst */
	KPI_TIER_BAD_GRADES			/* no levels, or a default or veto index
								 * outside them (kpi_grade_walk_start) */
} kpi_tier_status;

extern void kpi_tier_walk_start(kpi_tier_walk *w, int64_t rows, int64_t worst_rank, int64_t top_n);
extern kpi_tier_status kpi_tier_walk_next(kpi_tier_walk *w, int64_t rank, bool vetoed, kpi_tier_value *tier);
extern kpi_tier_value kpi_tier_cap(kpi_tier_value tier, bool vetoed, int64_t downgrade_steps);

/*
 * Grades as data (semantics 10).  A scheme's grade rows, best first, as
 * levels 0..m-1 (the glue maps an index to its row's level number).  Totals
 * and thresholds are int64 hundredths; the glue rounds a threshold up to
 * the hundredth (ceil(x * 100)), which keeps both comparisons exact for a
 * total of 2 decimals.
 */
typedef struct kpi_grade_def
{
	int64_t		places;			/* quota of a level better than the default:
								 * < 0 every candidate, 0 nobody */
	bool		has_min;
	int64_t		min_total;		/* candidates need total >= min_total */
	bool		has_below;
	int64_t		below_total;	/* total < below_total caps a unit here */
	int64_t		last_places;	/* k > 0: the k worst distinct ranks of a
								 * group of two or more are capped here */
} kpi_grade_def;

/* The per-level counters a walk of m levels needs, as int64_t. */
#define KPI_GRADE_COUNTERS(m) (2 * (size_t) (m))

typedef struct kpi_grade_walk
{
	const kpi_grade_def *levels;	/* m levels, best first */
	int			m;
	int			default_idx;	/* the is_default level */
	int			veto_idx;		/* a vetoed unit's cap */
	int64_t		rows;			/* units in the group, vetoed ones included */
	const int64_t *worst_ranks; /* distinct ranks, worst first */
	int64_t		worst_count;
	int64_t		current_rank;	/* rank of the peers being walked */
	bool		started;
	int64_t    *above;			/* per level: candidates ranked above */
	int64_t    *peers;			/* per level: candidates among the peers */
} kpi_grade_walk;

extern kpi_tier_status kpi_grade_walk_start(kpi_grade_walk *w, const kpi_grade_def *levels, int m,
											int default_idx, int veto_idx, int64_t rows,
											const int64_t *worst_ranks, int64_t worst_count,
											int64_t *counters);
extern kpi_tier_status kpi_grade_walk_next(kpi_grade_walk *w, int64_t rank, bool vetoed,
										   int64_t total_hundredths, int *level_idx);
extern int64_t kpi_grade_last_places_needed(const kpi_grade_def *levels, int m);
extern bool kpi_grade_uses_total(const kpi_grade_def *levels, int m);
extern int	kpi_grade_downgrade(int level_idx, int64_t steps, int worst_idx);
extern void kpi_grade_2018(kpi_grade_def levels[KPI_TIER_COUNT], int64_t top_n,
						   int *default_idx, int *veto_idx);

#endif							/* KPI_TIER_H */
