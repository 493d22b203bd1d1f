/*
 * tier_pg.c
 *		kpi_tier(rank, vetoed, top_n): the window function that assigns the
 *		ranking tiers of semantics 7a-c within a group.
 *
 * Use it over (PARTITION BY scheme_id, group_code ORDER BY rank).  Like
 * rank_up in windowfuncs.c it keeps its state in partition-local memory;
 * it reads the last row of the partition once to learn the worst rank.
 */
#include "postgres.h"
#include "nls_pg.h"

#include "fmgr.h"
#include "windowapi.h"

#include "tier.h"
#include "tier_enum.h"

typedef struct tier_context
{
	bool		started;
	kpi_tier_walk walk;
} tier_context;

/* An argument that must not be null, as a bigint. */
static int64
required_int(WindowObject winobj, int argno, const char *name)
{
	bool		isnull;
	Datum		d = WinGetFuncArgCurrent(winobj, argno, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"%s\" of kpi_tier must not be null", name)));
	return argno == 0 ? DatumGetInt64(d) : DatumGetInt32(d);
}

PG_FUNCTION_INFO_V1(kpi_tier);
Datum
kpi_tier(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	tier_context *ctx = (tier_context *) WinGetPartitionLocalMemory(winobj, sizeof(tier_context));
	int64		rank = required_int(winobj, 0, "rank");
	int64		top_n = required_int(winobj, 2, "top_n");
	bool		isnull;
	bool		vetoed = DatumGetBool(WinGetFuncArgCurrent(winobj, 1, &isnull));
	kpi_tier_level tier;
	kpi_tier_status st;

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"vetoed\" of kpi_tier must not be null")));
	if (top_n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"top_n\" of kpi_tier must not be negative")));

	if (!ctx->started)
	{
		bool		isout;
		Datum		worst = WinGetFuncArgInPartition(winobj, 0, 0, WINDOW_SEEK_TAIL, false,
													 &isnull, &isout);

		if (isnull || isout)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("argument \"rank\" of kpi_tier must not be null")));
		kpi_tier_walk_start(&ctx->walk, WinGetPartitionRowCount(winobj),
							DatumGetInt64(worst), top_n);
		ctx->started = true;
	}
	else if (top_n != ctx->walk.top_n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"top_n\" of kpi_tier must be the same for the whole partition")));

	st = kpi_tier_walk_next(&ctx->walk, rank, vetoed, &tier);
	if (st == KPI_TIER_NOT_ORDERED)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kpi_tier must be ordered by rank"),
				 errdetail("Rank %lld follows rank %lld.",
						   (long long) rank, (long long) ctx->walk.current_rank),
				 errhint("Use OVER (PARTITION BY scheme_id, group_code ORDER BY rank).")));
	if (st == KPI_TIER_BAD_RANK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rank %lld is out of range for kpi_tier", (long long) rank),
				 errdetail("Ranks run from 1 to the last place, %lld, in rank order.",
						   (long long) ctx->walk.worst_rank),
				 errhint("Use OVER (PARTITION BY scheme_id, group_code ORDER BY rank).")));
	PG_RETURN_DATUM(kpi_tier_to_datum(fcinfo, tier));
}
