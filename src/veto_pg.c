/*
 * veto_pg.c
 *		kpi_veto(tier, vetoed, downgrade_steps): semantics 7a and 7d on one
 *		unit's tier, after the ranking (places freed are not refilled); and
 *		kpi_veto(level, vetoed, downgrade_steps, veto_level, levels), the
 *		same on a level number of semantics 10.
 */
#include "postgres.h"
#include "nls_pg.h"

#include "fmgr.h"

#include "tier.h"
#include "tier_enum.h"

PG_FUNCTION_INFO_V1(kpi_veto);
Datum
kpi_veto(PG_FUNCTION_ARGS)
{
	kpi_tier_value tier = kpi_tier_from_datum(fcinfo, 0);
	bool		vetoed = PG_GETARG_BOOL(1);
	int32		steps = PG_GETARG_INT32(2);

	if (steps < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("downgrade steps must not be negative"),
				 errdetail("kpi_veto was called with %d steps.", steps)));
	PG_RETURN_DATUM(kpi_tier_to_datum(fcinfo, kpi_tier_cap(tier, vetoed, steps)));
}

/*
 * Semantics 10 on a level number 1..levels (1 best): a veto holds the unit
 * at veto_level or below; downgrades then move it down, never past the
 * worst level.
 */
PG_FUNCTION_INFO_V1(kpi_veto_level);
Datum
kpi_veto_level(PG_FUNCTION_ARGS)
{
	int32		level = PG_GETARG_INT32(0);
	bool		vetoed = PG_GETARG_BOOL(1);
	int32		steps = PG_GETARG_INT32(2);
	int32		veto_level = PG_GETARG_INT32(3);
	int32		levels = PG_GETARG_INT32(4);

	if (steps < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("downgrade steps must not be negative"),
				 errdetail("kpi_veto was called with %d steps.", steps)));
	if (levels < 1 || level < 1 || level > levels)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("level %d is out of range for kpi_veto", level),
				 errdetail("Levels run from 1 (the best) to %d (the worst).", levels)));
	if (veto_level < 1 || veto_level > levels)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("veto level %d is out of range for kpi_veto", veto_level),
				 errdetail("Levels run from 1 (the best) to %d (the worst).", levels)));
	if (vetoed && veto_level > level)
		level = veto_level;
	PG_RETURN_INT32(kpi_grade_downgrade(level - 1, steps, levels - 1) + 1);
}
