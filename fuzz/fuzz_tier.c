/*
 * fuzz_tier.c
 *		libFuzzer harness of the grade walk (semantics 10), differential: the
 *		input chooses a method of 1..6 levels (quotas, minimum totals, caps by
 *		below_total and last places, the default and veto levels) and a group
 *		of 1..40 units (totals, vetoes); the group is ranked as rank() does,
 *		walked by kpi_grade_walk_*, and placed again by a literal reading of
 *		the semantics written here without the walk's counters: for each
 *		level from the best, its candidates, and for each candidate the
 *		candidates ranked strictly above it.  Any difference aborts.  The
 *		2018 method as grades (kpi_grade_2018) is also checked against the
 *		same reference and against the old walk (kpi_tier_walk_*) on the same
 *		group, and the old walk against semantics 7 as written in tier.c
 *		(rules a-c); then the downgrades of the walk's levels and the old
 *		tiers' caps (rules a and d, kpi_tier_cap) by a number of steps the
 *		input chooses, negative and huge included.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "tier.h"

#define MAX_LEVELS 6
#define MAX_UNITS 40

/* Totals in hundredths, best first: ties are what ranks are about. */
static int
by_total_desc(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a,
				y = *(const int64_t *) b;

	return (x < y) - (x > y);
}

/* Semantics 10 as written, for one group in rank order. */
static void
reference(const kpi_grade_def *lv, int m, int def, int veto, int n,
		  const int64_t *rank, const bool *vetoed, const int64_t *total, int *out)
{
	int			cap[MAX_UNITS];
	bool		placed[MAX_UNITS] = {false};
	int64_t		distinct[MAX_UNITS];
	int			nd = 0;

	/* the distinct ranks, worst first */
	for (int i = n - 1; i >= 0; i--)
		if (nd == 0 || distinct[nd - 1] != rank[i])
			distinct[nd++] = rank[i];
	for (int i = 0; i < n; i++)
	{
		cap[i] = 0;
		if (vetoed[i] && veto > cap[i])
			cap[i] = veto;
		for (int l = 0; l < m; l++)
		{
			if (lv[l].has_below && total[i] < lv[l].below_total && l > cap[i])
				cap[i] = l;
			if (lv[l].last_places > 0 && n >= 2)
			{
				/* among the k worst distinct ranks */
				for (int d = 0; d < nd && d < lv[l].last_places; d++)
					if (rank[i] == distinct[d] && l > cap[i])
						cap[i] = l;
			}
		}
	}
	for (int l = 0; l < def; l++)
	{
		bool		cand[MAX_UNITS];

		for (int i = 0; i < n; i++)
			cand[i] = !placed[i] && cap[i] <= l && (!lv[l].has_min || total[i] >= lv[l].min_total);
		for (int i = 0; i < n; i++)
		{
			int64_t		above = 0;

			if (!cand[i])
				continue;
			for (int j = 0; j < n; j++)
				if (cand[j] && rank[j] < rank[i])
					above++;
			if (lv[l].places < 0 || above < lv[l].places)
			{
				out[i] = l;
				placed[i] = true;
			}
		}
	}
	for (int i = 0; i < n; i++)
		if (!placed[i])
			out[i] = cap[i] > def ? cap[i] : def;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bytes		b = {data, size};
	kpi_grade_def lv[MAX_LEVELS];
	int			m = 1 + take(&b) % MAX_LEVELS;
	int			def = take(&b) % m;
	int			veto = take(&b) % m;
	int			n = 1 + take(&b) % MAX_UNITS;
	int64_t		total[MAX_UNITS],
				rank[MAX_UNITS],
				worst[MAX_UNITS],
				counters[KPI_GRADE_COUNTERS(MAX_LEVELS)];
	bool		vetoed[MAX_UNITS];
	int			want[MAX_UNITS];
	int64_t		nworst = 0;
	int64_t		top_n = take(&b) % 4;
	int64_t		steps;
	kpi_grade_walk w;

	memset(lv, 0, sizeof(lv));
	for (int l = 0; l < m; l++)
	{
		unsigned	q = take(&b);

		/* thresholds in a narrow band of totals, so that they bite */
		lv[l].places = (q & 3) == 0 ? -1 : (int64_t) (q >> 2) % 6;
		lv[l].has_min = take(&b) & 1;
		lv[l].min_total = (int64_t) (take(&b) % 20) * 50;
		lv[l].has_below = take(&b) & 1;
		lv[l].below_total = (int64_t) (take(&b) % 20) * 50;
		lv[l].last_places = take(&b) % 4;
	}
	/* totals in a narrow band (0.00 .. 9.50 in steps of 0.50), so ties come */
	for (int i = 0; i < n; i++)
	{
		unsigned	t = take(&b);

		total[i] = (int64_t) (t % 20) * 50;
		vetoed[i] = (t >> 5) & 1;
	}
	qsort(total, n, sizeof(int64_t), by_total_desc);
	for (int i = 0; i < n; i++)
		rank[i] = (i > 0 && total[i] == total[i - 1]) ? rank[i - 1] : i + 1;
	/* what the glue reads from the partition's tail */
	for (int i = n - 1; i >= 0 && nworst < kpi_grade_last_places_needed(lv, m); i--)
		if (nworst == 0 || worst[nworst - 1] != rank[i])
			worst[nworst++] = rank[i];

	must(kpi_grade_walk_start(&w, lv, m, def, veto, n, worst, nworst, counters) == KPI_TIER_OK);
	reference(lv, m, def, veto, n, rank, vetoed, total, want);
	for (int i = 0; i < n; i++)
	{
		int			got;

		must(kpi_grade_walk_next(&w, rank[i], vetoed[i], total[i], &got) == KPI_TIER_OK);
		must(got == want[i]);
		must(!vetoed[i] || got >= veto);
		for (int s = 0; s < 4; s++)
		{
			int			down = kpi_grade_downgrade(got, s, m - 1);

			must(down >= got && down <= m - 1 && (down == m - 1 || down == got + s));
		}
	}
	steps = (int64_t) take_word(&b, 8);
	for (int i = 0; i < n; i++)
	{
		/* steps levels down, never past the worst; none for steps <= 0 */
		__int128	down = want[i] >= m - 1 || steps <= 0 ? want[i] : (__int128) want[i] + steps;

		must(kpi_grade_downgrade(want[i], steps, m - 1) == (down > m - 1 ? m - 1 : down));
	}

	/* the 2018 method as grades walks as the old walk does */
	{
		kpi_grade_def g[KPI_TIER_COUNT];
		int			d2018,
					v2018;
		kpi_tier_walk old;
		int64_t		worst2018[1] = {rank[n - 1]};

		kpi_grade_2018(g, top_n, &d2018, &v2018);
		must(kpi_grade_walk_start(&w, g, KPI_TIER_COUNT, d2018, v2018, n, worst2018, 1, counters) == KPI_TIER_OK);
		kpi_tier_walk_start(&old, n, rank[n - 1], top_n);
		reference(g, KPI_TIER_COUNT, d2018, v2018, n, rank, vetoed, total, want);
		for (int i = 0; i < n; i++)
		{
			int			got;
			kpi_tier_value t;
			bool		last = n >= 2 && rank[i] == rank[n - 1];
			int64_t		above = 0;
			kpi_tier_value t7;

			must(kpi_grade_walk_next(&w, rank[i], vetoed[i], total[i], &got) == KPI_TIER_OK);
			must(kpi_tier_walk_next(&old, rank[i], vetoed[i], &t) == KPI_TIER_OK);
			must(got == (int) t && got == want[i]);

			/*
			 * a. vetoed: poor; b. the worst rank of two or more: poor; c.
			 * else outstanding when fewer than top_n units neither vetoed
			 * nor last rank strictly above it, else good
			 */
			for (int j = 0; j < n; j++)
				if (!vetoed[j] && !(n >= 2 && rank[j] == rank[n - 1]) && rank[j] < rank[i])
					above++;
			t7 = vetoed[i] || last ? KPI_TIER_POOR : above < top_n ? KPI_TIER_OUTSTANDING : KPI_TIER_GOOD;
			must(t == t7);
		}
		/* a. a veto caps at poor; d. each step drops one tier, never below poor */
		for (int x = KPI_TIER_OUTSTANDING; x <= KPI_TIER_POOR; x++)
			for (int v = 0; v <= 1; v++)
			{
				__int128	capped = v ? KPI_TIER_POOR : x;

				if (steps > 0)
					capped += steps;
				must((int) kpi_tier_cap((kpi_tier_value) x, v, steps) ==
					 (capped > KPI_TIER_POOR ? KPI_TIER_POOR : capped));
			}
	}
	return 0;
}
