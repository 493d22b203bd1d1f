/*
 * reward_pg.c
 *		kpi_reward_split(amount, head_share, persons, roles): one row per
 *		member with the fen of semantics 8 (see money.c).
 */
#include "postgres.h"
#include "nls_pg.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "money.h"
#include "numeric_fixed.h"
#include "srf_compat.h"

/* The elements of a 1-D text[] without nulls, as C strings. */
static char **
text_array_elements(ArrayType *a, const char *name, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	char	  **out;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", name)));
	deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	out = palloc(sizeof(char *) * (*n + 1));
	for (int i = 0; i < *n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain nulls", name)));
		out[i] = TextDatumGetCString(elems[i]);
	}
	return out;
}

PG_FUNCTION_INFO_V1(kpi_reward_split);
Datum
kpi_reward_split(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo;
	int64		amount;
	int64		share;
	int			n,
				nroles;
	char	  **person = text_array_elements(PG_GETARG_ARRAYTYPE_P(2), "persons", &n);
	char	  **role = text_array_elements(PG_GETARG_ARRAYTYPE_P(3), "roles", &nroles);
	bool	   *is_head = palloc(sizeof(bool) * (n + 1));
	int64	   *fen = palloc(sizeof(int64) * (n + 1));

	if (!kpi_numeric_to_scaled(PG_GETARG_NUMERIC(0), 2, &amount) || amount < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("reward amount must be a non-negative sum of yuan and fen")));
	if (!kpi_numeric_to_scaled(PG_GETARG_NUMERIC(1), 6, &share) || share < 0 || share > 1000000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("head share must lie between 0 and 1 with at most 6 decimals")));
	if (nroles != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("persons and roles must have the same length"),
				 errdetail("There are %d persons and %d roles.", n, nroles)));
	for (int i = 0; i < n; i++)
	{
		if (strcmp(role[i], "head") == 0)
			is_head[i] = true;
		else if (strcmp(role[i], "staff") == 0)
			is_head[i] = false;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("role \"%s\" of \"%s\" is neither head nor staff", role[i], person[i])));
	}
	if (kpi_money_split(amount, share, 1000000, n, (const char *const *) person, is_head, fen) != KPI_MONEY_OK)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory splitting a reward")));

	rsinfo = kpi_materialized_srf(fcinfo);
	if (n == 0)
	{
		Datum		values[3] = {0, 0, NumericGetDatum(kpi_numeric_from_scaled(amount, 2))};
		bool		nulls[3] = {true, true, false};

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	for (int i = 0; i < n; i++)
	{
		Datum		values[3] = {CStringGetTextDatum(person[i]), CStringGetTextDatum(role[i]),
		NumericGetDatum(kpi_numeric_from_scaled(fen[i], 2))};
		bool		nulls[3] = {false, false, false};

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
