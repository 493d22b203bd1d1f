/*
 * test_tier.c
 *		Semantics 7 on its own: ties at the top_n boundary, vetoed and last
 *		units, groups of one and two, downgrades.  Semantics 10: the grade
 *		walk, held to the 2018 walk on the 2018 grades (the cases below and
 *		every small group), and on the reference methods' grades.
 */
#include <string.h>

#include "tier.h"
#include "tap.h"
#include "malloc_alloc.h"

/* Walk one group given in rank order; tiers written to out. */
static kpi_tier_status
walk(int n, const int64_t *rank, const bool *vetoed, int64_t top_n, kpi_tier_value *out)
{
	kpi_tier_walk w;

	kpi_tier_walk_start(&w, n, rank[n - 1], top_n);
	for (int i = 0; i < n; i++)
	{
		kpi_tier_status st = kpi_tier_walk_next(&w, rank[i], vetoed[i], &out[i]);

		if (st != KPI_TIER_OK)
			return st;
	}
	return KPI_TIER_OK;
}

#define O KPI_TIER_OUTSTANDING
#define G KPI_TIER_GOOD
#define P KPI_TIER_POOR

/* One group walked: its ranks, vetoes and top_n, and the tiers it must get. */
typedef struct group_case
{
	int			n;
	int64_t		rank[5];
	bool		vetoed[5];
	int64_t		top_n;
	kpi_tier_value want[5];
	const char *what;
} group_case;

static const group_case groups[] = {
	{5, {1, 2, 3, 4, 5}, {0, 0, 0, 0, 0}, 2, {O, O, G, G, P}, "top 2 outstanding, last poor"},
	/* both rank-2 units are in */
	{4, {1, 2, 2, 4}, {0, 0, 0, 0}, 2, {O, O, O, P}, "ties at the top_n boundary are all in"},
	{4, {1, 1, 1, 4}, {0, 0, 0, 0}, 2, {O, O, O, P}, "three tied first are all outstanding"},
	/* the next two move up */
	{5, {1, 2, 3, 4, 5}, {1, 0, 0, 0, 0}, 2, {P, O, O, G, P}, "vetoed top scorer is poor, 2 and 3 outstanding"},
	{4, {1, 2, 3, 4}, {0, 0, 0, 1}, 2, {O, O, G, P}, "vetoed last unit is poor once"},
	{4, {1, 2, 3, 3}, {0, 0, 0, 0}, 2, {O, O, P, P}, "units tied for last are all poor"},
	{1, {1}, {0}, 2, {O}, "a group of one has no last place"},
	{1, {1}, {1}, 2, {P}, "a vetoed group of one is poor"},
	{2, {1, 2}, {0, 0}, 2, {O, P}, "group of two: first outstanding, second last"},
	{2, {1, 1}, {0, 0}, 2, {P, P}, "group of two tied: both are last"},
	{3, {1, 2, 3}, {0, 0, 0}, 0, {G, G, P}, "top_n 0"},
};

/*
 * Walk one group with the grade walk: the worst distinct ranks taken from
 * the group itself, the counters in a block of exactly their size (so that
 * ASan sees an overrun).  Levels written to out.
 */
static kpi_tier_status
grade_walk(const kpi_grade_def *levels, int m, int default_idx, int veto_idx,
		   int n, const int64_t *rank, const bool *vetoed, const int64_t *total, int *out)
{
	kpi_grade_walk w;
	int64_t		need = kpi_grade_last_places_needed(levels, m);
	int64_t    *worst = MALLOC_ALLOC.alloc(sizeof(int64_t) * (size_t) (n > 0 ? n : 1), NULL);
	int64_t    *counters = MALLOC_ALLOC.alloc(sizeof(int64_t) * KPI_GRADE_COUNTERS(m > 0 ? m : 1), NULL);
	int64_t		count = 0;
	kpi_tier_status st;

	for (int i = n - 1; i >= 0 && count < need; i--)
		if (count == 0 || rank[i] != worst[count - 1])
			worst[count++] = rank[i];
	st = kpi_grade_walk_start(&w, levels, m, default_idx, veto_idx, n, worst, count, counters);
	for (int i = 0; st == KPI_TIER_OK && i < n; i++)
		st = kpi_grade_walk_next(&w, rank[i], vetoed[i], total ? total[i] : 0, &out[i]);
	MALLOC_ALLOC.release(worst, NULL);
	MALLOC_ALLOC.release(counters, NULL);
	return st;
}

/* The 2018 grades walked: the old walk's tiers as level indexes. */
static kpi_tier_status
walk_2018(int n, const int64_t *rank, const bool *vetoed, int64_t top_n, int *out)
{
	kpi_grade_def levels[KPI_TIER_COUNT];
	int			default_idx,
				veto_idx;

	kpi_grade_2018(levels, top_n, &default_idx, &veto_idx);
	return grade_walk(levels, KPI_TIER_COUNT, default_idx, veto_idx, n, rank, vetoed, NULL, out);
}

/*
 * Every group of 1..6 units as rank() numbers it (each rank is the one
 * before it or its position), every veto pattern, top_n 0..3: the grade
 * walk on the 2018 grades against the old walk.  Returns the mismatches.
 */
static int
exhaustive_2018(int n, int *cases)
{
	int			bad = 0;

	*cases = 0;
	for (unsigned ties = 0; ties < 1u << (n - 1); ties++)
	{
		int64_t		rank[6];

		rank[0] = 1;
		for (int i = 1; i < n; i++)
			rank[i] = (ties >> (i - 1)) & 1 ? rank[i - 1] : i + 1;
		for (unsigned vetoes = 0; vetoes < 1u << n; vetoes++)
		{
			bool		vetoed[6];

			for (int i = 0; i < n; i++)
				vetoed[i] = (vetoes >> i) & 1;
			for (int64_t top_n = 0; top_n <= 3; top_n++)
			{
				kpi_tier_value t[6];
				int			level[6];
				bool		same = walk(n, rank, vetoed, top_n, t) == KPI_TIER_OK &&
					walk_2018(n, rank, vetoed, top_n, level) == KPI_TIER_OK;

				for (int i = 0; i < n; i++)
					same = same && level[i] == (int) t[i];
				bad += !same;
				(*cases)++;
			}
		}
	}
	return bad;
}

/* Levels of a case: a quota level, the default, a capping level */
#define NONE {-1, false, 0, false, 0, 0}
#define QUOTA(places) {places, false, 0, false, 0, 0}
#define QUOTA_MIN(places, min) {places, true, min, false, 0, 0}
#define BELOW(below) {-1, false, 0, true, below, 0}
#define LAST(k) {-1, false, 0, false, 0, k}

/*
 * Reference method (a): 优秀 (min_total 90, share 0.2), 良好 (min_total 80,
 * no quota), 合格 (default), 不合格 (below_total 60); places is the share's
 * floor(0.2 * units), computed by the glue.
 */
#define METHOD_A(places) {QUOTA_MIN(places, 9000), QUOTA_MIN(-1, 8000), NONE, BELOW(6000)}
/* Reference method (b): 优秀 (share 0.3), 合格 (default), no last place */
#define METHOD_B(places) {QUOTA(places), NONE}

/* One group walked on grades: levels 0..m-1 best first, totals in hundredths. */
typedef struct grade_case
{
	int			m;
	kpi_grade_def levels[4];
	int			default_idx;
	int			veto_idx;
	int			n;
	int64_t		rank[10];
	bool		vetoed[10];
	int64_t		total[10];
	int			want[10];
	const char *what;
} grade_case;

static const grade_case grade_cases[] = {
	{4, METHOD_A(2), 2, 3, 10,
		{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
		{9500, 9300, 9100, 8800, 8500, 7900, 7500, 6500, 5900, 5000},
		{0, 3, 0, 1, 1, 2, 2, 2, 3, 3},
		"method (a), 10 units: vetoed 93 is 不合格, 95 and 91 优秀, 80s 良好, below 60 不合格"},
	{4, METHOD_A(2), 2, 3, 10,
		{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{9500, 9400, 9200, 9100, 8000, 7999, 6000, 5999, 5000, 4000},
		{0, 0, 1, 1, 1, 2, 2, 3, 3, 3},
		"method (a): 优秀 full at 2, the next 90s are 良好; thresholds are inclusive (80.00, 60.00)"},
	{4, METHOD_A(2), 2, 3, 10,
		{1, 2, 2, 4, 5, 6, 7, 8, 9, 10}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{9500, 9300, 9300, 9100, 8000, 7000, 7000, 7000, 7000, 7000},
		{0, 0, 0, 1, 1, 2, 2, 2, 2, 2},
		"method (a): ties at the 优秀 boundary are all in (3 places taken of 2)"},
	{4, METHOD_A(0), 2, 3, 4,
		{1, 2, 3, 4}, {0, 0, 0, 0},
		{9900, 9800, 8500, 7000},
		{1, 1, 1, 2},
		"method (a), 4 units: floor(0.2 * 4) = 0 places nobody in 优秀"},
	{4, METHOD_A(2), 2, 3, 5,
		{1, 2, 3, 4, 5}, {0, 0, 0, 0, 0},
		{8999, 9000, 9500, 9100, 9200},
		{1, 0, 0, 1, 1},
		"method (a): 89.99 misses 优秀's min_total, and is not counted against its places"},
	{4, METHOD_A(2), 2, 1, 4,
		{1, 2, 3, 4}, {1, 0, 0, 0},
		{9500, 9400, 9300, 5000},
		{1, 0, 0, 3},
		"veto_level 2 (良好): a vetoed 95 is 良好, the next two take 优秀"},
	{2, METHOD_B(3), 1, 1, 10,
		{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{0},
		{1, 0, 0, 0, 1, 1, 1, 1, 1, 1},
		"method (b), 10 units: floor(0.3 * 10) = 3 优秀 past the vetoed first, no last place"},
	{2, METHOD_B(2), 1, 1, 7,
		{1, 1, 1, 4, 5, 6, 7}, {0, 0, 0, 0, 0, 0, 0},
		{0},
		{0, 0, 0, 1, 1, 1, 1},
		"method (b), 7 units: 2 places, three tied first are all in"},
	{2, METHOD_B(0), 1, 1, 3,
		{1, 2, 3}, {0, 0, 0},
		{0},
		{1, 1, 1},
		"method (b), 3 units: floor(0.3 * 3) = 0 places nobody"},
	{3, {NONE, NONE, LAST(2)}, 1, 2, 4,
		{1, 2, 2, 4}, {0, 0, 0, 0},
		{0},
		{0, 2, 2, 2},
		"last_places 2 of ranks 1, 2, 2, 4: the units ranked 4 and 2 are capped"},
	{3, {NONE, NONE, LAST(5)}, 1, 2, 4,
		{1, 2, 2, 4}, {0, 0, 0, 0},
		{0},
		{2, 2, 2, 2},
		"last_places beyond the distinct ranks caps every unit"},
	{3, {NONE, NONE, LAST(2)}, 1, 2, 1,
		{1}, {0},
		{0},
		{0},
		"last_places does not apply to a group of one"},
	{3, {QUOTA(-1), NONE, BELOW(6000)}, 1, 2, 4,
		{1, 2, 3, 4}, {0, 0, 0, 0},
		{9000, 6000, 5999, 1000},
		{0, 0, 2, 2},
		"places and share null: every candidate is placed; below_total caps"},
	{3, {QUOTA(1), QUOTA(1), NONE}, 2, 2, 4,
		{1, 2, 3, 4}, {0, 0, 0, 0},
		{0},
		{0, 1, 2, 2},
		"a unit placed above is not a candidate below"},
	{3, {QUOTA(2), QUOTA(1), NONE}, 2, 2, 4,
		{1, 1, 1, 4}, {0, 0, 0, 0},
		{0},
		{0, 0, 0, 1},
		"ties fill a level past its places, the next level still has its own"},
	{3, {QUOTA(1), {0, false, 0, false, 0, 1}, NONE}, 2, 2, 3,
		{1, 2, 3}, {0, 0, 0},
		{0},
		{0, 2, 2},
		"a cap better than the default leaves an unplaced unit at the default"},
	{3, {QUOTA(1), LAST(1), NONE}, 2, 2, 3,
		{1, 2, 3}, {0, 0, 0},
		{0},
		{0, 1, 1},
		"a unit capped at a quota level is still its candidate"},
	{1, {NONE}, 0, 0, 3,
		{1, 1, 3}, {1, 0, 0},
		{0},
		{0, 0, 0},
		"one level: everybody is at it"},
};

int
main(void)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
	{
		const group_case *g = &groups[i];
		kpi_tier_value t[5];
		bool		same = walk(g->n, g->rank, g->vetoed, g->top_n, t) == KPI_TIER_OK;

		for (int j = 0; j < g->n; j++)
			same = same && t[j] == g->want[j];
		ok(same, "%s", g->what);
	}
	{
		kpi_tier_walk w;
		kpi_tier_value x;

		kpi_tier_walk_start(&w, 3, 3, 2);
		kpi_tier_walk_next(&w, 2, false, &x);
		is_int(kpi_tier_walk_next(&w, 1, false, &x), KPI_TIER_NOT_ORDERED, "ranks must not decrease");
		kpi_tier_walk_start(&w, 3, 3, 2);
		is_int(kpi_tier_walk_next(&w, 0, false, &x), KPI_TIER_BAD_RANK, "rank 0 is refused");
		is_int(kpi_tier_walk_next(&w, 4, false, &x), KPI_TIER_BAD_RANK, "rank beyond the last is refused");
	}
	/* downgrades and veto cap */
	is_int(kpi_tier_cap(O, false, 0), O, "no downgrade");
	is_int(kpi_tier_cap(O, false, 1), G, "one step from outstanding");
	is_int(kpi_tier_cap(O, false, 2), P, "two steps from outstanding");
	is_int(kpi_tier_cap(G, false, 5), P, "never below poor");
	is_int(kpi_tier_cap(O, false, INT64_MAX), P, "huge steps do not overflow");
	is_int(kpi_tier_cap(O, true, 0), P, "veto caps at poor");
	is_int(kpi_tier_cap(P, false, 1), P, "poor stays poor");

	/* the 2018 grades give the 2018 walk's tiers */
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
	{
		const group_case *g = &groups[i];
		int			level[5];
		bool		same = walk_2018(g->n, g->rank, g->vetoed, g->top_n, level) == KPI_TIER_OK;

		for (int j = 0; j < g->n; j++)
			same = same && level[j] == (int) g->want[j];
		ok(same, "2018 grades: %s", g->what);
	}
	for (int n = 1; n <= 6; n++)
	{
		int			cases;
		int			bad = exhaustive_2018(n, &cases);

		ok(bad == 0, "2018 grades equal the 2018 walk in all %d cases of %d units (rank() numberings x vetoes x top_n 0..3)",
		   cases, n);
		if (bad)
			printf("#   %d differ\n", bad);
	}

	/* grades as data */
	for (size_t i = 0; i < sizeof(grade_cases) / sizeof(grade_cases[0]); i++)
	{
		const grade_case *c = &grade_cases[i];
		int			level[10];
		bool		same = grade_walk(c->levels, c->m, c->default_idx, c->veto_idx,
									  c->n, c->rank, c->vetoed, c->total, level) == KPI_TIER_OK;

		for (int j = 0; j < c->n; j++)
			same = same && level[j] == c->want[j];
		ok(same, "%s", c->what);
		if (!same)
		{
			printf("#   got");
			for (int j = 0; j < c->n; j++)
				printf(" %d", level[j]);
			printf("\n");
		}
	}
	{
		kpi_grade_def a[4] = METHOD_A(2);
		kpi_grade_walk w;
		int64_t		worst[1] = {3};
		int64_t		counters[KPI_GRADE_COUNTERS(4)];
		int			x;

		is_int(kpi_grade_last_places_needed(a, 4), 1, "the worst rank is always needed");
		ok(kpi_grade_uses_total(a, 4), "method (a) compares totals");
		{
			kpi_grade_def b[2] = METHOD_B(3);

			ok(!kpi_grade_uses_total(b, 2), "method (b) does not");
		}
		is_int(kpi_grade_walk_start(&w, a, 0, 0, 0, 3, worst, 1, counters), KPI_TIER_BAD_GRADES,
			   "no levels are refused");
		is_int(kpi_grade_walk_start(&w, a, 4, 4, 3, 3, worst, 1, counters), KPI_TIER_BAD_GRADES,
			   "a default index beyond the levels is refused");
		is_int(kpi_grade_walk_start(&w, a, 4, 2, -1, 3, worst, 1, counters), KPI_TIER_BAD_GRADES,
			   "a negative veto index is refused");
		is_int(kpi_grade_walk_start(&w, a, 4, 2, 3, 3, worst, 1, counters), KPI_TIER_OK, "method (a) starts");
		kpi_grade_walk_next(&w, 2, false, 9000, &x);
		is_int(kpi_grade_walk_next(&w, 1, false, 9000, &x), KPI_TIER_NOT_ORDERED, "grades: ranks must not decrease");
		kpi_grade_walk_start(&w, a, 4, 2, 3, 3, worst, 1, counters);
		is_int(kpi_grade_walk_next(&w, 0, false, 9000, &x), KPI_TIER_BAD_RANK, "grades: rank 0 is refused");
		is_int(kpi_grade_walk_next(&w, 4, false, 9000, &x), KPI_TIER_BAD_RANK, "grades: rank beyond the last is refused");
		kpi_grade_walk_start(&w, a, 4, 2, 3, 0, worst, 0, counters);
		is_int(kpi_grade_walk_next(&w, 1, false, 9000, &x), KPI_TIER_BAD_RANK, "grades: no worst rank refuses every rank");
	}
	/* downgrades out of a quota level, never past the worst */
	is_int(kpi_grade_downgrade(0, 0, 3), 0, "grades: no downgrade");
	is_int(kpi_grade_downgrade(0, 1, 3), 1, "one step from 优秀 is 良好");
	is_int(kpi_grade_downgrade(0, 3, 3), 3, "three steps from 优秀 are 不合格");
	is_int(kpi_grade_downgrade(1, 5, 3), 3, "never past the worst");
	is_int(kpi_grade_downgrade(0, INT64_MAX, 3), 3, "huge steps do not overflow");
	is_int(kpi_grade_downgrade(3, 1, 3), 3, "the worst stays the worst");
	is_int(kpi_grade_downgrade(0, 1, 0), 0, "one level: nowhere to go");
	return tap_done();
}
