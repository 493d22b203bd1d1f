/*
 * deduct_pg.c
 *		kpi_deduction_cap(codes, parents, points, asked): the points taken
 *		at each criterion of one unit's tree (semantics 4, see deduct.c);
 *		and its sparse form, a rubric's tree with one unit's points and asks
 *		given by code.
 */
#include "postgres.h"
#include "nls_pg.h"

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

/* A text[] argument as C strings (n of them); nulls are refused. */
static char **
text_array_arg(FunctionCallInfo fcinfo, int argno, const char *what, int *n, bool nulls_ok)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(argno);
	Datum	   *d;
	bool	   *isnull;
	char	  **out;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("kpi_deduction_cap takes one-dimensional arrays")));
	deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &d, &isnull, n);
	out = palloc(sizeof(char *) * (*n + 1));
	for (int i = 0; i < *n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (isnull[i] && !nulls_ok)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be null", dgettext(TEXTDOMAIN, what))));
		out[i] = isnull[i] ? NULL : TextDatumGetCString(d[i]);
	}
	return out;
}

/* A numeric[] argument of n elements as hundredths; null is 0. */
static int64 *
hundredths_array_arg(FunctionCallInfo fcinfo, int argno, const char *what, int n)
{
	Datum	   *d;
	bool	   *isnull;
	int64	   *out;

	array_arg(fcinfo, argno, NUMERICOID, -1, false, TYPALIGN_INT, n, &d, &isnull);
	out = palloc(sizeof(int64) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		out[i] = isnull[i] ? 0 : kpi_numeric_to_hundredths(DatumGetNumeric(d[i]), what);
	}
	return out;
}

/* Raise the error of a failed cap, naming the criterion at fault. */
static void
report_deduct(kpi_deduct_status st, const char *code)
{
	ereport(ERROR,
			(errcode(st == KPI_DEDUCT_NO_MEMORY ? ERRCODE_OUT_OF_MEMORY :
					 st == KPI_DEDUCT_OVERFLOW ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE :
					 ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot cap deductions at criterion \"%s\"", code),
			 errdetail_internal("%s", dgettext(TEXTDOMAIN,
					   st == KPI_DEDUCT_UNKNOWN ? gettext_noop("The criterion is not in the tree.") :
					   st == KPI_DEDUCT_DUPLICATE ? gettext_noop("The criterion is given twice.") :
					   st == KPI_DEDUCT_CYCLE ? gettext_noop("Its parents form a cycle.") :
					   st == KPI_DEDUCT_BAD_VALUE ? gettext_noop("Its points or asked deduction are negative.") :
					   st == KPI_DEDUCT_OVERFLOW ? gettext_noop("A sum is out of range.") :
					   gettext_noop("Out of memory.")))));
}

/* The points taken, one numeric per int64 hundredths. */
static ArrayType *
taken_array(const int64 *taken, int n)
{
	Datum	   *out = palloc(sizeof(Datum) * (n + 1));

	for (int i = 0; i < n; i++)
		out[i] = NumericGetDatum(kpi_numeric_from_scaled(taken[i], 2));
	return construct_array(out, n, NUMERICOID, -1, false, TYPALIGN_INT);
}

/*
 * kpi_deduction_cap(codes, parents, point_codes, points, asked_codes, asked):
 * the points taken at each asked code, over a tree given once per rubric and
 * one unit's points and asks given by code (see kpi_cap_deductions_sparse).
 */
PG_FUNCTION_INFO_V1(kpi_deduction_cap);
Datum
kpi_deduction_cap(PG_FUNCTION_ARGS)
{
	int			n,
				n_parents,
				npoints,
				nasked;
	char	  **code = text_array_arg(fcinfo, 0, gettext_noop("criterion codes"), &n, false);
	char	  **parent = text_array_arg(fcinfo, 1, gettext_noop("parent codes"), &n_parents, true);
	char	  **point_code = text_array_arg(fcinfo, 2, gettext_noop("criterion codes of points"), &npoints, false);
	int64	   *point = hundredths_array_arg(fcinfo, 3, gettext_noop("points"), npoints);
	char	  **asked_code = text_array_arg(fcinfo, 4, gettext_noop("criterion codes of deductions"), &nasked, false);
	int64	   *asked = hundredths_array_arg(fcinfo, 5, gettext_noop("asked points"), nasked);
	int64	   *taken = palloc(sizeof(int64) * (nasked + 1));
	size_t		bad;
	char		bad_in;
	kpi_deduct_status st;

	if (n_parents != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("kpi_deduction_cap arrays must have the same length")));
	st = kpi_cap_deductions_sparse(n, (const char *const *) code, (const char *const *) parent,
								   npoints, (const char *const *) point_code, point,
								   nasked, (const char *const *) asked_code, asked,
								   taken, &bad, &bad_in);
	if (st != KPI_DEDUCT_OK)
		report_deduct(st, bad_in == 'p' ? point_code[bad] : bad_in == 'a' ? asked_code[bad] : code[bad]);
	PG_RETURN_ARRAYTYPE_P(taken_array(taken, nasked));
}
