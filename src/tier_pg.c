/*
 * tier_pg.c
 *		kpi_tier(rank, vetoed, top_n): the window function that assigns the
 *		ranking tiers of semantics 7a-c within a group; and kpi_tier(rank,
 *		vetoed, total, top_n, veto_level, scheme_id, grades) (C symbol
 *		kpi_tier_level), the level of semantics 10 on a scheme's grades.
 *
 * Use them over (PARTITION BY scheme_id, group_code ORDER BY rank).  Like
 * rank_up in windowfuncs.c they keep their state in partition-local
 * memory; they read the last row(s) of the partition once to learn the
 * worst rank(s).
 */
#include "postgres.h"
#include "nls_pg.h"

#include "executor/executor.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "windowapi.h"

#include "numeric_fixed.h"
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
	kpi_tier_value tier;
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

/*
 * kpi_tier_level: semantics 10.  Arguments: 0 rank, 1 vetoed, 2 total,
 * 3 top_n, 4 veto_level, 5 scheme_id, 6 grades (kpi.grades_of(scheme_id)).
 *
 * A window function's arguments are evaluated only when it asks for them.
 * Rank and vetoed are read at each row, total only when a level compares
 * totals; top_n, veto_level and scheme_id at the first row of each group;
 * grades only when scheme_id differs from the previous group's.  The
 * decoded grades stay in fn_extra keyed by scheme_id, so grades_of runs
 * once per scheme (and once per change of scheme along the rows), and
 * grades must therefore be a function of scheme_id.  A scheme without
 * grades (null or empty) is ranked by the 2018 grades from top_n.
 */

/* A scheme's grades as the walk takes them. */
typedef struct grade_set
{
	int			m;
	kpi_grade_def *levels;		/* a share level's places: set per group */
	Numeric    *share;			/* per level, NULL where none */
	int32	   *level_no;		/* the rows' level numbers */
	int			default_idx;
	int64		need;			/* worst distinct ranks the walk needs */
	bool		uses_total;
} grade_set;

typedef struct level_cache
{
	MemoryContext cxt;			/* the cached scheme's grades */
	bool		valid;
	bool		key_null;
	text	   *key;			/* scheme_id of the cached grades */
	bool		from_grades;	/* else the 2018 grades */
	grade_set	g;
	kpi_grade_def g2018[KPI_TIER_COUNT];
	/* the current group */
	kpi_grade_walk walk;
	const int32 *walk_no;		/* level numbers of the walk's levels */
	bool		uses_total;
	int64	   *counters;
	size_t		counters_len;
	int64	   *worst;
	size_t		worst_len;
} level_cache;

typedef struct level_partition
{
	bool		started;
} level_partition;

static const int32 levels_2018[KPI_TIER_COUNT] = {1, 2, 3};

/* The scheme of an error message. */
static const char *
scheme_name(const level_cache *c)
{
	return c->key_null ? "(null)" : text_to_cstring(c->key);
}

/* A numeric field of a grade row, or NULL. */
static Numeric
grade_numeric(HeapTupleHeader row, const char *name)
{
	bool		isnull;
	Datum		d = GetAttributeByName(row, name, &isnull);

	return isnull ? NULL : DatumGetNumeric(d);
}

/*
 * A threshold in hundredths, rounded up: for a total of 2 decimals,
 * total >= x exactly when total * 100 >= ceil(x * 100), and likewise <.
 */
static int64
threshold_hundredths(const level_cache *c, int32 level, const char *field, Numeric x)
{
	Numeric		h = numeric_mul_opt_error(x, int64_to_numeric(100), NULL);
	Datum		up = DirectFunctionCall1(numeric_ceil, NumericGetDatum(h));
	int64		v;

	if (!kpi_numeric_to_scaled(DatumGetNumeric(up), 0, &v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s %s of grade level %d is out of range", field,
						DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(x))), level),
				 errdetail("Scheme \"%s\": a grade's thresholds must be finite and below 9.2e16.",
						   scheme_name(c))));
	return v;
}

/* An int field of a grade row that must not be negative; -1 when null. */
static int64
grade_count(const level_cache *c, HeapTupleHeader row, int32 level, const char *name)
{
	bool		isnull;
	Datum		d = GetAttributeByName(row, name, &isnull);

	if (isnull)
		return -1;
	if (DatumGetInt32(d) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %d of grade level %d must not be negative", name, DatumGetInt32(d), level),
				 errdetail("Scheme \"%s\": a grade's %s counts units.", scheme_name(c), name)));
	return DatumGetInt32(d);
}

/* Decode a scheme's grades (a kpi.grade[] in level order) into c->g. */
static void
decode_grades(level_cache *c, ArrayType *arr)
{
	Oid			elemtype = ARR_ELEMTYPE(arr);
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	grade_set  *g = &c->g;
	Numeric		one = int64_to_numeric(1);
	Numeric		zero = int64_to_numeric(0);
	bool		have_default = false;

	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(arr, elemtype, typlen, typbyval, typalign, &elems, &nulls, &n);
	g->m = n;
	g->levels = MemoryContextAllocZero(c->cxt, sizeof(kpi_grade_def) * n);
	g->share = MemoryContextAllocZero(c->cxt, sizeof(Numeric) * n);
	g->level_no = MemoryContextAllocZero(c->cxt, sizeof(int32) * n);
	g->default_idx = n - 1;
	for (int i = 0; i < n; i++)
	{
		HeapTupleHeader row;
		kpi_grade_def *d = &g->levels[i];
		bool		isnull;
		Datum		v;
		int32		level;
		int64		places;
		Numeric		x;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("argument \"grades\" of kpi_tier must not contain nulls"),
					 errdetail("Scheme \"%s\": element %d of its grades is null.", scheme_name(c), i + 1)));
		row = DatumGetHeapTupleHeader(elems[i]);
		v = GetAttributeByName(row, "level", &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("the level of a grade must not be null"),
					 errdetail("Scheme \"%s\": element %d of its grades has no level.", scheme_name(c), i + 1)));
		level = DatumGetInt32(v);
		g->level_no[i] = level;

		places = grade_count(c, row, level, "places");
		x = grade_numeric(row, "share");
		if (x != NULL)
		{
			if (places >= 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("grade level %d has both places and a share", level),
						 errdetail("Scheme \"%s\": a grade's quota is a number of places or a share of the group, not both.",
								   scheme_name(c))));
			if (DatumGetBool(DirectFunctionCall2(numeric_lt, NumericGetDatum(x), NumericGetDatum(zero))) ||
				DatumGetBool(DirectFunctionCall2(numeric_gt, NumericGetDatum(x), NumericGetDatum(one))))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("share %s of grade level %d is outside 0..1",
								DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(x))), level),
						 errdetail("Scheme \"%s\": a grade's share is the part of the group's participants it may place, from 0 to 1.",
								   scheme_name(c))));
			g->share[i] = MemoryContextAlloc(c->cxt, VARSIZE(x));
			memcpy(g->share[i], x, VARSIZE(x));
		}
		d->places = places;		/* -1 when null: every candidate */

		x = grade_numeric(row, "min_total");
		d->has_min = x != NULL;
		if (x != NULL)
			d->min_total = threshold_hundredths(c, level, "min_total", x);
		x = grade_numeric(row, "below_total");
		d->has_below = x != NULL;
		if (x != NULL)
			d->below_total = threshold_hundredths(c, level, "below_total", x);
		d->last_places = grade_count(c, row, level, "last_places");
		if (d->last_places < 0)
			d->last_places = 0;

		v = GetAttributeByName(row, "is_default", &isnull);
		if (!isnull && DatumGetBool(v) && !have_default)
		{
			g->default_idx = i;
			have_default = true;
		}
	}
	g->need = kpi_grade_last_places_needed(g->levels, n);
	g->uses_total = kpi_grade_uses_total(g->levels, n);
}

/* Read the grades of the group's scheme (argument 6) into the cache. */
static void
load_grades(WindowObject winobj, level_cache *c, text *scheme_id)
{
	bool		isnull;
	Datum		d;

	MemoryContextReset(c->cxt);
	c->valid = false;
	c->key_null = scheme_id == NULL;
	c->key = NULL;
	if (scheme_id != NULL)
	{
		c->key = MemoryContextAlloc(c->cxt, VARSIZE_ANY(scheme_id));
		memcpy(c->key, scheme_id, VARSIZE_ANY(scheme_id));
	}
	d = WinGetFuncArgCurrent(winobj, 6, &isnull);
	c->from_grades = false;
	if (!isnull)
	{
		ArrayType  *arr = DatumGetArrayTypeP(d);

		if (ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) > 0)
		{
			decode_grades(c, arr);
			c->from_grades = true;
		}
	}
	c->valid = true;
}

/* Whether the cache holds the grades of scheme_id (NULL: a null one). */
static bool
cached_scheme(const level_cache *c, text *scheme_id)
{
	if (!c->valid || c->key_null != (scheme_id == NULL))
		return false;
	return scheme_id == NULL ||
		(VARSIZE_ANY_EXHDR(scheme_id) == VARSIZE_ANY_EXHDR(c->key) &&
		 memcmp(VARDATA_ANY(scheme_id), VARDATA_ANY(c->key), VARSIZE_ANY_EXHDR(c->key)) == 0);
}

/* Room for n int64 in *buf (in fn_mcxt), grown as groups need. */
static int64 *
ensure_int64s(FunctionCallInfo fcinfo, int64 **buf, size_t *len, size_t n)
{
	if (n > *len)
	{
		if (*buf)
			pfree(*buf);
		*buf = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(int64) * n);
		*len = n;
	}
	return *buf;
}

/*
 * A new group: its scheme's grades (from the cache, or read), the places of
 * its share levels, its veto level, its worst distinct ranks, a walk.
 */
static void
start_group(FunctionCallInfo fcinfo, WindowObject winobj, level_cache *c)
{
	int64		rows = WinGetPartitionRowCount(winobj);
	bool		isnull;
	Datum		d = WinGetFuncArgCurrent(winobj, 5, &isnull);
	text	   *scheme_id = isnull ? NULL : DatumGetTextPP(d);
	const kpi_grade_def *levels;
	int			m;
	int			default_idx;
	int			veto_idx;
	int64		need;
	int64		count = 0;

	if (!cached_scheme(c, scheme_id))
		load_grades(winobj, c, scheme_id);

	if (c->from_grades)
	{
		grade_set  *g = &c->g;

		for (int i = 0; i < g->m; i++)
			if (g->share[i] != NULL)
			{
				/* floor(share * participants of the group), exactly */
				Numeric		p = numeric_mul_opt_error(g->share[i], int64_to_numeric(rows), NULL);
				Datum		f = DirectFunctionCall1(numeric_floor, NumericGetDatum(p));

				if (!kpi_numeric_to_scaled(DatumGetNumeric(f), 0, &g->levels[i].places))
					elog(ERROR, "share of %lld rows out of range", (long long) rows);
			}
		levels = g->levels;
		m = g->m;
		default_idx = g->default_idx;
		veto_idx = m - 1;
		d = WinGetFuncArgCurrent(winobj, 4, &isnull);
		if (!isnull)
			for (int i = 0; i < m; i++)
				if (g->level_no[i] == DatumGetInt32(d))
				{
					veto_idx = i;
					break;
				}
		need = g->need;
		c->uses_total = g->uses_total;
		c->walk_no = g->level_no;
	}
	else
	{
		int64		top_n = required_int(winobj, 3, "top_n");

		if (top_n < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"top_n\" of kpi_tier must not be negative")));
		kpi_grade_2018(c->g2018, top_n, &default_idx, &veto_idx);
		levels = c->g2018;
		m = KPI_TIER_COUNT;
		need = kpi_grade_last_places_needed(levels, m);
		c->uses_total = false;
		c->walk_no = levels_2018;
	}

	/* the worst distinct ranks, worst first, from the tail */
	if (need > rows)
		need = rows;
	ensure_int64s(fcinfo, &c->worst, &c->worst_len, need > 0 ? need : 1);
	for (int64 i = 0; count < need; i++)
	{
		bool		isout;
		Datum		r = WinGetFuncArgInPartition(winobj, 0, (int) -i, WINDOW_SEEK_TAIL, false,
												 &isnull, &isout);

		CHECK_FOR_INTERRUPTS();
		if (isout)
			break;
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("argument \"rank\" of kpi_tier must not be null")));
		if (count == 0 || DatumGetInt64(r) != c->worst[count - 1])
			c->worst[count++] = DatumGetInt64(r);
	}
	ensure_int64s(fcinfo, &c->counters, &c->counters_len, KPI_GRADE_COUNTERS(m));
	if (kpi_grade_walk_start(&c->walk, levels, m, default_idx, veto_idx, rows,
							 (const int64_t *) c->worst, count, (int64_t *) c->counters) != KPI_TIER_OK)
		elog(ERROR, "kpi_tier: bad grades (%d levels, default %d, veto %d)", m, default_idx, veto_idx);
}

PG_FUNCTION_INFO_V1(kpi_tier_level);
Datum
kpi_tier_level(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	level_partition *part = (level_partition *) WinGetPartitionLocalMemory(winobj, sizeof(level_partition));
	level_cache *c = (level_cache *) fcinfo->flinfo->fn_extra;
	int64		rank = required_int(winobj, 0, "rank");
	bool		isnull;
	bool		vetoed = DatumGetBool(WinGetFuncArgCurrent(winobj, 1, &isnull));
	int64		total = 0;
	int			idx;
	kpi_tier_status st;

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"vetoed\" of kpi_tier must not be null")));
	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(level_cache));
		/* NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): PostgreSQL's 8 * 1024 */
		c->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "kpi_tier grades", ALLOCSET_DEFAULT_SIZES);
		fcinfo->flinfo->fn_extra = c;
	}
	if (!part->started)
	{
		start_group(fcinfo, winobj, c);
		part->started = true;
	}
	if (c->uses_total)
	{
		Datum		d = WinGetFuncArgCurrent(winobj, 2, &isnull);

		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("argument \"total\" of kpi_tier must not be null"),
					 errdetail("Scheme \"%s\" has grades with min_total or below_total.", scheme_name(c))));
		if (!kpi_numeric_to_scaled(DatumGetNumeric(d), 2, &total))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("total %s of kpi_tier must be finite with at most 2 decimals",
							DatumGetCString(DirectFunctionCall1(numeric_out, d))),
					 errdetail("Scheme \"%s\" has grades with min_total or below_total, compared with totals in hundredths.",
							   scheme_name(c))));
	}

	st = kpi_grade_walk_next(&c->walk, rank, vetoed, total, &idx);
	if (st == KPI_TIER_NOT_ORDERED)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kpi_tier must be ordered by rank"),
				 errdetail("Rank %lld follows rank %lld.",
						   (long long) rank, (long long) c->walk.current_rank),
				 errhint("Use OVER (PARTITION BY scheme_id, group_code ORDER BY rank).")));
	if (st != KPI_TIER_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rank %lld is out of range for kpi_tier", (long long) rank),
				 errdetail("Ranks run from 1 to the last place, %lld, in rank order.",
						   (long long) (c->walk.worst_count > 0 ? c->walk.worst_ranks[0] : 0)),
				 errhint("Use OVER (PARTITION BY scheme_id, group_code ORDER BY rank).")));
	PG_RETURN_INT32(c->walk_no[idx]);
}
