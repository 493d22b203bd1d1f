/*
 * weighted_total_pg.c
 *		The aggregate kpi_weighted_total and its siblings: one unit's
 *		contributions in, its weighted total (semantics 1, 2, 3, 5) out.
 *
 * The state is an int8[] (see tally.h), not internal, so that Citus can
 * split the aggregate across workers; under AggCheckCallContext the
 * transition and combine functions change it in place, as float8_accum
 * does.  Sums are exact int64 hundredths; numeric appears only in the final
 * functions, which multiply before they divide as DESIGN.md requires.
 */
#include "postgres.h"
#include "nls_pg.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "numeric_fixed.h"
#include "tally.h"
#include "tally_array.h"

/* Raise the error of a failed tally operation. */
static void
report_tally(kpi_tally_status st, int slot)
{
	if (st == KPI_TALLY_OK)
		return;
	if (st == KPI_TALLY_CORRUPT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kpi_weighted_total: %s", dgettext(TEXTDOMAIN, kpi_tally_message(st))),
				 errdetail("A state is a one-dimensional int8[] written by kpi_weighted_total_trans.")));
	ereport(ERROR,
			(errcode(st == KPI_TALLY_OVERFLOW ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE :
					 ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("kpi_weighted_total: %s", dgettext(TEXTDOMAIN, kpi_tally_message(st))),
			 errdetail("The contribution is in slot %d (0 content, -1 bonus, -2 deduction, 1 and up ratings).",
					   slot)));
}

/* The tally inside an int8[], checked; errors if it is not one. */
int64 *
kpi_tally_from_array(ArrayType *a)
{
	int64	   *t;
	size_t		len;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != INT8OID ||
		ARR_LBOUND(a)[0] != 1)
		report_tally(KPI_TALLY_CORRUPT, 0);
	t = (int64 *) ARR_DATA_PTR(a);
	len = ARR_DIMS(a)[0];
	report_tally(kpi_tally_validate(t, len), 0);
	return t;
}

/* A fresh tally array with room for nslots rating slots. */
ArrayType *
kpi_tally_new_array(int64 nslots, MemoryContext cxt)
{
	size_t		len = kpi_tally_len(nslots);
	Size		bytes = ARR_OVERHEAD_NONULLS(1) + len * sizeof(int64);
	ArrayType  *a = MemoryContextAllocZero(cxt, bytes);

	SET_VARSIZE(a, bytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = INT8OID;
	ARR_DIMS(a)[0] = len;
	ARR_LBOUND(a)[0] = 1;
	kpi_tally_init((int64 *) ARR_DATA_PTR(a), nslots);
	return a;
}

/*
 * The state to change: the argument itself inside an aggregate (it lives
 * in the aggregate's context), a copy when called directly from SQL, and a
 * larger copy when a rating slot beyond its room is needed.  The larger
 * copy goes in the current (per-call) context: the executor copies a new
 * state into the aggregate's context itself and frees the old one.
 */
static ArrayType *
writable_state(FunctionCallInfo fcinfo, int argno, int need_slots)
{
	bool		in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	ArrayType  *a = in_agg ? PG_GETARG_ARRAYTYPE_P(argno) : PG_GETARG_ARRAYTYPE_P_COPY(argno);
	int64	   *t = kpi_tally_from_array(a);

	if (need_slots > t[KPI_T_NSLOTS])
	{
		ArrayType  *grown;

		if (need_slots > KPI_TALLY_MAX_SLOTS)
			report_tally(KPI_TALLY_BAD_SLOT, need_slots);
		grown = kpi_tally_new_array(need_slots, CurrentMemoryContext);
		kpi_tally_grow_copy(t, (int64 *) ARR_DATA_PTR(grown), need_slots);
		a = grown;
	}
	return a;
}

/*
 * Transition: (state, slot, points, max_points, weight, aggregation).
 * points adds to the slot (a leaf's points, a rater's score, bonus points,
 * points taken by a deduction); max_points adds to the rubric maximum;
 * weight and aggregation declare the slot's component, once per unit.
 */
PG_FUNCTION_INFO_V1(kpi_weighted_total_trans);
Datum
kpi_weighted_total_trans(PG_FUNCTION_ARGS)
{
	int			slot;
	ArrayType  *a;
	int64	   *t;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kpi_weighted_total state must not be null")));
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kpi_weighted_total slot must not be null")));
	slot = PG_GETARG_INT32(1);
	if (slot < KPI_SLOT_DEDUCTION || slot > KPI_TALLY_MAX_SLOTS)
		report_tally(KPI_TALLY_BAD_SLOT, slot);

	a = writable_state(fcinfo, 0, slot);
	t = (int64 *) ARR_DATA_PTR(a);

	if (!PG_ARGISNULL(2))
		report_tally(kpi_tally_add_points(t, slot,
										  kpi_numeric_to_hundredths(PG_GETARG_NUMERIC(2), gettext_noop("points"))),
					 slot);
	if (!PG_ARGISNULL(3))
	{
		if (slot != KPI_SLOT_CONTENT)
			report_tally(KPI_TALLY_BAD_SLOT, slot);
		report_tally(kpi_tally_add_max(t, kpi_numeric_to_hundredths(PG_GETARG_NUMERIC(3), gettext_noop("max_points"))),
					 slot);
	}
	if (!PG_ARGISNULL(4))
		report_tally(kpi_tally_declare_weight(t, slot,
											  kpi_numeric_to_hundredths(PG_GETARG_NUMERIC(4), gettext_noop("weight"))),
					 slot);
	if (!PG_ARGISNULL(5))
	{
		char	   *agg = text_to_cstring(PG_GETARG_TEXT_PP(5));
		bool		trimmed = strcmp(agg, "trimmed_mean") == 0;

		if (!trimmed && strcmp(agg, "mean") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown aggregation \"%s\"", agg),
					 errhint("Use \"mean\" or \"trimmed_mean\".")));
		report_tally(kpi_tally_declare_trimmed(t, slot, trimmed), slot);
	}
	PG_RETURN_ARRAYTYPE_P(a);
}

/* Combine two partial tallies (parallel or distributed aggregation). */
PG_FUNCTION_INFO_V1(kpi_weighted_total_combine);
Datum
kpi_weighted_total_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *from_a = PG_GETARG_ARRAYTYPE_P(1);
	int64	   *from = kpi_tally_from_array(from_a);
	ArrayType  *into_a = writable_state(fcinfo, 0, (int) from[KPI_T_NSLOTS]);

	report_tally(kpi_tally_combine((int64 *) ARR_DATA_PTR(into_a), from), 0);
	PG_RETURN_ARRAYTYPE_P(into_a);
}

/*
 * kpi_points_sum: Σ of a unit's leaf points, as kpi.contribution hands
 * them to kpi_weighted_total.  The state is the sum in int64 hundredths,
 * passed by value: no allocation per row, where sum(numeric) keeps a
 * numeric accumulator; the points are read as kpi_weighted_total_trans
 * reads them (exact, at most 2 decimals), so it refuses what it refuses.
 */
PG_FUNCTION_INFO_V1(kpi_points_sum_trans);
Datum
kpi_points_sum_trans(PG_FUNCTION_ARGS)
{
	int64		sum = PG_GETARG_INT64(0);
	int64		v = kpi_numeric_to_hundredths(PG_GETARG_NUMERIC(1), gettext_noop("points"));

	if (v < 0)
		report_tally(KPI_TALLY_BAD_VALUE, KPI_SLOT_CONTENT);
	if (__builtin_add_overflow(sum, v, &sum))
		report_tally(KPI_TALLY_OVERFLOW, KPI_SLOT_CONTENT);
	PG_RETURN_INT64(sum);
}

/* Combine two partial sums; both came from the transition, so are >= 0. */
PG_FUNCTION_INFO_V1(kpi_points_sum_combine);
Datum
kpi_points_sum_combine(PG_FUNCTION_ARGS)
{
	int64		sum = PG_GETARG_INT64(0);

	if (sum < 0 || PG_GETARG_INT64(1) < 0)
		report_tally(KPI_TALLY_BAD_VALUE, KPI_SLOT_CONTENT);
	if (__builtin_add_overflow(sum, PG_GETARG_INT64(1), &sum))
		report_tally(KPI_TALLY_OVERFLOW, KPI_SLOT_CONTENT);
	PG_RETURN_INT64(sum);
}

/* The sum as a numeric of 2 decimals. */
PG_FUNCTION_INFO_V1(kpi_points_sum_final);
Datum
kpi_points_sum_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(kpi_numeric_from_scaled(PG_GETARG_INT64(0), 2));
}

typedef struct weighted_parts
{
	Numeric		content;		/* exact */
	Numeric		ratings;		/* exact */
	Numeric		bonus;
	Numeric		deduction;
	Numeric		total;			/* from the exact parts, rounded once */
	bool		ratings_complete;
	Numeric		content_shown;	/* rounded to 2 decimals */
	Numeric		ratings_shown;	/* rounded to 2 decimals */
} weighted_parts;

static Numeric
num_add(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(a), NumericGetDatum(b)));
}

static Numeric
num_div(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_div, NumericGetDatum(a), NumericGetDatum(b)));
}

static Numeric
num_round2(Numeric a)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_round, NumericGetDatum(a), Int32GetDatum(2)));
}

/*
 * Semantics 1: content = (Σ leaf points − Σ deducted) × weight / Σ leaf max.
 * The product is formed exactly (int128 of two int64 hundredths: scale 4)
 * before the one division, so a finite decimal comes out exact; the exact
 * value goes into the total, the rounded one is shown.  No rubric: 0.
 */
static void
content_score(const int64 *t, Numeric *exact, Numeric *shown)
{
	int64		weight = t[KPI_T_CONTENT_WEIGHT] < 0 ? 0 : t[KPI_T_CONTENT_WEIGHT];
	__int128	product = ((__int128) t[KPI_T_CONTENT_POINTS] - t[KPI_T_DEDUCTION]) * weight;

	if (t[KPI_T_CONTENT_MAX] > 0)
		*exact = num_div(kpi_numeric_from_int128_scaled(product, 4),
						 kpi_numeric_from_scaled(t[KPI_T_CONTENT_MAX], 2));
	else
		*exact = kpi_numeric_from_scaled(0, 2);
	*shown = num_round2(*exact);
}

/*
 * Semantics 2: each rating component declared for the unit adds
 * Σ kept scores × weight / (100 × number kept), multiplied before it is
 * divided like the content; the exact sum goes into the total, the rounded
 * one is shown.  A declared component without a kept score adds 0 and
 * makes the ratings incomplete.
 */
static void
ratings_score(const int64 *t, Numeric *exact, Numeric *shown, bool *complete)
{
	*exact = kpi_numeric_from_scaled(0, 2);
	*complete = true;
	for (int s = 1; s <= t[KPI_T_NSLOTS]; s++)
	{
		int64		weight = t[KPI_T_HEADER + (s - 1) * KPI_T_STRIDE + KPI_R_WEIGHT];
		int64		kept_sum,
					kept_n;
		__int128	count;

		if (weight < 0)
			continue;			/* slot not declared for this unit */
		kpi_trimmed_kept(t, s, &kept_sum, &kept_n);
		if (kept_n == 0)
		{
			*complete = false;
			continue;
		}
		/* 100 × the count: past int64 only for absurd counts, kept exact even then */
		count = (__int128) kept_n * 100;
		*exact = num_add(*exact,
						 num_div(kpi_numeric_from_int128_scaled((__int128) kept_sum * weight, 4),
								 count <= PG_INT64_MAX ? kpi_numeric_from_scaled((int64) count, 0) :
								 kpi_numeric_from_int128_scaled(count, 0)));
	}
	*shown = num_round2(*exact);
}

/* The parts of a tally, and the total from the exact parts (semantics 5). */
static weighted_parts
tally_parts(const int64 *t)
{
	weighted_parts p;

	content_score(t, &p.content, &p.content_shown);
	ratings_score(t, &p.ratings, &p.ratings_shown, &p.ratings_complete);
	p.bonus = kpi_numeric_from_scaled(t[KPI_T_BONUS], 2);
	p.deduction = kpi_numeric_from_scaled(t[KPI_T_DEDUCTION], 2);
	p.total = num_round2(num_add(num_add(p.content, p.ratings), p.bonus));
	return p;
}

/* Final function of kpi_weighted_total: the total, rounded once. */
PG_FUNCTION_INFO_V1(kpi_weighted_total_final);
Datum
kpi_weighted_total_final(PG_FUNCTION_ARGS)
{
	int64	   *t = kpi_tally_from_array(PG_GETARG_ARRAYTYPE_P(0));

	PG_RETURN_NUMERIC(tally_parts(t).total);
}

/* Final function of kpi_weighted_parts: every part, as kpi.result shows it. */
PG_FUNCTION_INFO_V1(kpi_weighted_parts_final);
Datum
kpi_weighted_parts_final(PG_FUNCTION_ARGS)
{
	int64	   *t = kpi_tally_from_array(PG_GETARG_ARRAYTYPE_P(0));
	weighted_parts p = tally_parts(t);
	TupleDesc	tupdesc;
	Datum		values[8];
	bool		nulls[8] = {false, false, false, false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	if (tupdesc->natts != 8)
		elog(ERROR, "kpi.weighted_parts must have 8 attributes");
	values[0] = NumericGetDatum(p.content);
	values[1] = NumericGetDatum(p.ratings);
	values[2] = NumericGetDatum(p.bonus);
	values[3] = NumericGetDatum(p.deduction);
	values[4] = NumericGetDatum(p.total);
	values[5] = BoolGetDatum(p.ratings_complete);
	values[6] = NumericGetDatum(p.content_shown);
	values[7] = NumericGetDatum(p.ratings_shown);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}
