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
typedef enum kpi_tier_level
{
	KPI_TIER_OUTSTANDING = 0,	/* 实绩突出 */
	KPI_TIER_GOOD = 1,			/* 实绩比较突出 */
	KPI_TIER_POOR = 2			/* 实绩一般 */
} kpi_tier_level;

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
	KPI_TIER_BAD_RANK			/* rank below 1 or beyond the worst */
} kpi_tier_status;

extern void kpi_tier_walk_start(kpi_tier_walk *w, int64_t rows, int64_t worst_rank, int64_t top_n);
extern kpi_tier_status kpi_tier_walk_next(kpi_tier_walk *w, int64_t rank, bool vetoed, kpi_tier_level *tier);
extern kpi_tier_level kpi_tier_cap(kpi_tier_level tier, bool vetoed, int64_t downgrade_steps);

#endif							/* KPI_TIER_H */
