/*
 * veto_pg.c
 *		kpi_veto(tier, vetoed, downgrade_steps): semantics 7a and 7d on one
 *		unit's tier, after the ranking (places freed are not refilled).
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
	kpi_tier_level tier = kpi_tier_from_datum(fcinfo, 0);
	bool		vetoed = PG_GETARG_BOOL(1);
	int32		steps = PG_GETARG_INT32(2);

	if (steps < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("downgrade steps must not be negative"),
				 errdetail("kpi_veto was called with %d steps.", steps)));
	PG_RETURN_DATUM(kpi_tier_to_datum(fcinfo, kpi_tier_cap(tier, vetoed, steps)));
}
