/*
 * deduct.c
 *		The deduction taken at criterion C is
 *			min(asked at C, points held in C's subtree - deductions taken below C)
 *		so no subtree goes below 0.  Children are settled before parents:
 *		nodes are visited deepest first, with no recursion (trees come from
 *		users and may be deep).
 */
#include "deduct.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct by_code
{
	const char *code;
	size_t		index;
} by_code;

static int
by_code_cmp(const void *a, const void *b)
{
	return strcmp(((const by_code *) a)->code, ((const by_code *) b)->code);
}

/* Index of code among the sorted nodes, or -1. */
static long
find(const by_code *sorted, size_t n, const char *code)
{
	by_code		key = {code, 0};
	by_code    *hit = bsearch(&key, sorted, n, sizeof(by_code), by_code_cmp);

	return hit ? (long) hit->index : -1;
}

typedef struct by_depth
{
	size_t		depth;
	size_t		index;
} by_depth;

/* Deepest first, so children are settled before their parents. */
static int
depth_cmp(const void *a, const void *b)
{
	size_t		da = ((const by_depth *) a)->depth;
	size_t		db = ((const by_depth *) b)->depth;

	return da < db ? 1 : da > db ? -1 : 0;
}

kpi_deduct_status
kpi_cap_deductions(size_t n, const char *const *code, const char *const *parent,
				  const int64_t *points, const int64_t *asked,
				  int64_t *taken, size_t *bad)
{
	kpi_deduct_status st = KPI_DEDUCT_OK;
	by_code    *sorted = malloc((n ? n : 1) * sizeof(by_code));
	long	   *up = malloc((n ? n : 1) * sizeof(long));
	by_depth   *order = malloc((n ? n : 1) * sizeof(by_depth));
	int64_t    *held = malloc((n ? n : 1) * sizeof(int64_t));
	int64_t    *below = malloc((n ? n : 1) * sizeof(int64_t));
	size_t	   *path = malloc((n ? n : 1) * sizeof(size_t));

	*bad = 0;
	if (!sorted || !up || !order || !held || !below || !path)
	{
		st = KPI_DEDUCT_NO_MEMORY;
		goto done;
	}
	for (size_t i = 0; i < n; i++)
	{
		if (points[i] < 0 || asked[i] < 0)
		{
			*bad = i;
			st = KPI_DEDUCT_BAD_VALUE;
			goto done;
		}
		sorted[i].code = code[i];
		sorted[i].index = i;
	}
	qsort(sorted, n, sizeof(by_code), by_code_cmp);
	for (size_t i = 0; i + 1 < n; i++)
		if (strcmp(sorted[i].code, sorted[i + 1].code) == 0)
		{
			*bad = sorted[i + 1].index;
			st = KPI_DEDUCT_DUPLICATE;
			goto done;
		}
	for (size_t i = 0; i < n; i++)
		up[i] = parent[i] ? find(sorted, n, parent[i]) : -1;

	/*
	 * Depth of each node, memoized in order[].depth (SIZE_MAX: not known
	 * yet); each node is numbered once.  A path longer than n is a cycle.
	 */
	for (size_t i = 0; i < n; i++)
	{
		order[i].depth = SIZE_MAX;
		order[i].index = i;
		held[i] = points[i];
		below[i] = 0;
	}
	for (size_t i = 0; i < n; i++)
	{
		size_t		len = 0;
		size_t		d;

		/* climb from i to a node of known depth or the top, keeping the path */
		/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult): the loop above set every order[].depth */
		for (long j = (long) i; order[j].depth == SIZE_MAX; j = up[j])
		{
			if (len == n)
			{
				*bad = i;
				st = KPI_DEDUCT_CYCLE;
				goto done;
			}
			path[len++] = (size_t) j;
			if (up[j] < 0)
				break;
		}
		if (len == 0)
			continue;
		/* then number the path from its top down */
		d = up[path[len - 1]] >= 0 ? order[up[path[len - 1]]].depth + 1 : 0;
		while (len > 0)
			order[path[--len]].depth = d++;
	}
	qsort(order, n, sizeof(by_depth), depth_cmp);

	for (size_t k = 0; k < n; k++)
	{
		size_t		i = order[k].index;
		int64_t		room = held[i] - below[i];

		taken[i] = asked[i] < room ? asked[i] : room;
		if (up[i] >= 0 &&
			(__builtin_add_overflow(held[up[i]], held[i], &held[up[i]]) ||
			 __builtin_add_overflow(below[up[i]], below[i], &below[up[i]]) ||
			 __builtin_add_overflow(below[up[i]], taken[i], &below[up[i]])))
		{
			*bad = i;
			st = KPI_DEDUCT_OVERFLOW;
			goto done;
		}
	}
done:
	free(sorted);
	free(up);
	free(order);
	free(held);
	free(below);
	free(path);
	return st;
}

/*
 * The node a sparse point or ask goes to, in *at: its code must be in the
 * tree and its value not negative.
 */
static kpi_deduct_status
sparse_at(const by_code *sorted, size_t n, const char *code, int64_t value, long *at)
{
	*at = find(sorted, n, code);
	if (*at < 0)
		return KPI_DEDUCT_UNKNOWN;
	if (value < 0)
		return KPI_DEDUCT_BAD_VALUE;
	return KPI_DEDUCT_OK;
}

kpi_deduct_status
kpi_cap_deductions_sparse(size_t n, const char *const *code, const char *const *parent,
						  size_t npoints, const char *const *point_code, const int64_t *point,
						  size_t nasked, const char *const *asked_code, const int64_t *asked,
						  int64_t *taken, size_t *bad, char *bad_in)
{
	kpi_deduct_status st = KPI_DEDUCT_OK;
	by_code    *sorted = malloc((n ? n : 1) * sizeof(by_code));
	int64_t    *dense_points = calloc(n ? n : 1, sizeof(int64_t));
	int64_t    *dense_asked = calloc(n ? n : 1, sizeof(int64_t));
	int64_t    *dense_taken = malloc((n ? n : 1) * sizeof(int64_t));
	long	   *asked_at = malloc((nasked ? nasked : 1) * sizeof(long));
	char	   *asked_seen = calloc(n ? n : 1, 1);

	*bad = 0;
	*bad_in = 't';
	if (!sorted || !dense_points || !dense_asked || !dense_taken || !asked_at || !asked_seen)
	{
		st = KPI_DEDUCT_NO_MEMORY;
		goto done;
	}
	for (size_t i = 0; i < n; i++)
	{
		sorted[i].code = code[i];
		sorted[i].index = i;
	}
	qsort(sorted, n, sizeof(by_code), by_code_cmp);
	/* (duplicates in the tree are reported by kpi_cap_deductions below) */
	for (size_t i = 0; i < npoints; i++)
	{
		long		at;

		*bad = i;
		*bad_in = 'p';
		st = sparse_at(sorted, n, point_code[i], point[i], &at);
		if (st == KPI_DEDUCT_OK && __builtin_add_overflow(dense_points[at], point[i], &dense_points[at]))
			st = KPI_DEDUCT_OVERFLOW;
		if (st != KPI_DEDUCT_OK)
			goto done;
	}
	for (size_t i = 0; i < nasked; i++)
	{
		long		at;

		*bad = i;
		*bad_in = 'a';
		st = sparse_at(sorted, n, asked_code[i], asked[i], &at);
		if (st == KPI_DEDUCT_OK && asked_seen[at])
			st = KPI_DEDUCT_DUPLICATE;
		if (st != KPI_DEDUCT_OK)
			goto done;
		asked_seen[at] = 1;
		dense_asked[at] = asked[i];
		asked_at[i] = at;
	}
	*bad = 0;
	*bad_in = 't';
	st = kpi_cap_deductions(n, code, parent, dense_points, dense_asked, dense_taken, bad);
	if (st != KPI_DEDUCT_OK)
		goto done;
	for (size_t i = 0; i < nasked; i++)
		taken[i] = dense_taken[asked_at[i]];
done:
	free(sorted);
	free(dense_points);
	free(dense_asked);
	free(dense_taken);
	free(asked_at);
	free(asked_seen);
	return st;
}
