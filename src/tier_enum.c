/*
 * tier_enum.c
 *		Map kpi.tier's labels to their OIDs once per call site.
 *
 * Enum values are OIDs assigned when the type was created, so they differ
 * between databases; the labels are what is fixed.  The OIDs are looked up
 * through enum_in and cached in fn_extra.
 */
#include "postgres.h"
#include "nls_pg.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "tier_enum.h"

static const char *const tier_labels[KPI_TIER_COUNT] = {"outstanding", "good", "poor"};

typedef struct tier_oids
{
	Oid			value[KPI_TIER_COUNT];
} tier_oids;

/* The cached OIDs of kpi.tier's labels for this call site. */
static tier_oids *
tier_cache(FunctionCallInfo fcinfo, Oid enumtype)
{
	tier_oids  *c = (tier_oids *) fcinfo->flinfo->fn_extra;

	if (c == NULL)
	{
		c = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(tier_oids));
		for (int i = 0; i < KPI_TIER_COUNT; i++)
			c->value[i] = DatumGetObjectId(DirectFunctionCall2(enum_in,
															   CStringGetDatum(tier_labels[i]),
															   ObjectIdGetDatum(enumtype)));
		fcinfo->flinfo->fn_extra = c;
	}
	return c;
}

/* The kpi.tier value (the function's result type) of a tier. */
Datum
kpi_tier_to_datum(FunctionCallInfo fcinfo, kpi_tier_value tier)
{
	return ObjectIdGetDatum(tier_cache(fcinfo, get_fn_expr_rettype(fcinfo->flinfo))->value[tier]);
}

/* The tier of argument argno, a kpi.tier. */
kpi_tier_value
kpi_tier_from_datum(FunctionCallInfo fcinfo, int argno)
{
	Oid			v = PG_GETARG_OID(argno);
	tier_oids  *c = tier_cache(fcinfo, get_fn_expr_argtype(fcinfo->flinfo, argno));

	for (int i = 0; i < KPI_TIER_COUNT; i++)
		if (c->value[i] == v)
			return (kpi_tier_value) i;
	elog(ERROR, "value %u is not a label of kpi.tier", v);
	pg_unreachable();
}
