/*
 * deduct_pg.c
 *		kpi_deduction_cap(codes, parents, points, asked): the points taken
 *		at each criterion of one unit's tree (semantics 4, see deduct.c).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "deduct.h"
#include "numeric_fixed.h"

/* Deconstruct a 1-D array argument, checking its length. */
static void
array_arg(FunctionCallInfo fcinfo, int argno, Oid elemtype, int16 len, bool byval, char align,
		  int expect, Datum **elems, bool **nulls)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(argno);
	int			n;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("kpi_deduction_cap takes one-dimensional arrays")));
	deconstruct_array(a, elemtype, len, byval, align, elems, nulls, &n);
	if (n != expect)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("kpi_deduction_cap arrays must have the same length")));
}

PG_FUNCTION_INFO_V1(kpi_deduction_cap);
Datum
kpi_deduction_cap(PG_FUNCTION_ARGS)
{
	ArrayType  *codes_a = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *codes_d,
			   *parents_d,
			   *points_d,
			   *asked_d;
	bool	   *codes_n,
			   *parents_n,
			   *points_n,
			   *asked_n;
	int			n;
	char	  **code,
			  **parent;
	int64	   *points,
			   *asked,
			   *taken;
	Datum	   *out;
	size_t		bad;
	kpi_deduct_status st;

	if (ARR_NDIM(codes_a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("kpi_deduction_cap takes one-dimensional arrays")));
	deconstruct_array(codes_a, TEXTOID, -1, false, TYPALIGN_INT, &codes_d, &codes_n, &n);
	array_arg(fcinfo, 1, TEXTOID, -1, false, TYPALIGN_INT, n, &parents_d, &parents_n);
	array_arg(fcinfo, 2, NUMERICOID, -1, false, TYPALIGN_INT, n, &points_d, &points_n);
	array_arg(fcinfo, 3, NUMERICOID, -1, false, TYPALIGN_INT, n, &asked_d, &asked_n);

	code = palloc(sizeof(char *) * (n + 1));
	parent = palloc(sizeof(char *) * (n + 1));
	points = palloc(sizeof(int64) * (n + 1));
	asked = palloc(sizeof(int64) * (n + 1));
	taken = palloc(sizeof(int64) * (n + 1));
	out = palloc(sizeof(Datum) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (codes_n[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("criterion codes must not be null")));
		code[i] = TextDatumGetCString(codes_d[i]);
		parent[i] = parents_n[i] ? NULL : TextDatumGetCString(parents_d[i]);
		points[i] = points_n[i] ? 0 : kpi_numeric_to_hundredths(DatumGetNumeric(points_d[i]), "points");
		asked[i] = asked_n[i] ? 0 : kpi_numeric_to_hundredths(DatumGetNumeric(asked_d[i]), "asked points");
	}

	st = kpi_cap_deductions(n, (const char *const *) code, (const char *const *) parent,
						   points, asked, taken, &bad);
	if (st != KPI_DEDUCT_OK)
		ereport(ERROR,
				(errcode(st == KPI_DEDUCT_NO_MEMORY ? ERRCODE_OUT_OF_MEMORY :
						 st == KPI_DEDUCT_OVERFLOW ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE :
						 ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot cap deductions at criterion \"%s\"", code[bad]),
				 errdetail("%s",
						   st == KPI_DEDUCT_DUPLICATE ? "The criterion is given twice." :
						   st == KPI_DEDUCT_CYCLE ? "Its parents form a cycle." :
						   st == KPI_DEDUCT_BAD_VALUE ? "Its points or asked deduction are negative." :
						   st == KPI_DEDUCT_OVERFLOW ? "A sum is out of range." :
						   "Out of memory.")));
	for (int i = 0; i < n; i++)
		out[i] = NumericGetDatum(kpi_numeric_from_scaled(taken[i], 2));
	PG_RETURN_ARRAYTYPE_P(construct_array(out, n, NUMERICOID, -1, false, TYPALIGN_INT));
}
