/*
 * fuzz_deduct.c
 *		libFuzzer harness of the deduction cap (deduct.c, semantics 4),
 *		differential.  The input chooses a tree of 0..16 nodes (codes
 *		distinct or not, parents none, outside the tree, earlier nodes or
 *		any node, so that cycles come), points held and points asked at each
 *		(small, near INT64_MAX / 2, or negative).  kpi_cap_deductions must
 *		refuse what is refused here (a negative value at the first such node,
 *		a code twice, parents that loop from the first node found in one, a
 *		subtree holding more than INT64_MAX) and otherwise take at each node
 *		what a literal reading of the rule gives: min(asked, points held in
 *		the subtree - taken at every node below), computed here node by node
 *		over explicit ancestor lists.  Whatever is taken is within 0..asked,
 *		and no subtree gives more than it holds.  The sparse form, given the
 *		same points (some split in two) and asks by code in another order,
 *		must return the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deduct.h"
#include "fuzz_input.h"

#define MAX_NODES 16

static const char *const pool[MAX_NODES] = {
	"1", "1.1", "1.2", "1.1.1", "2", "2.1", "2.2", "3", "A", "a", "B", "乌", "乌兰",
	"sfs.1", "sfs.1.3", "sfs.8.3"
};

static int64_t
choose_value(bytes *b)
{
	unsigned	k = take(b);

	switch (k % 8)
	{
		case 0:
			return 0;
		case 1:
			return INT64_MAX / 2 + (int64_t) take(b);
		case 2:
			return -(int64_t) (1 + take(b));
		case 3:
			return (int64_t) take_word(b, 8);
		default:
			return (int64_t) (k >> 3) * 50;
	}
}

/* The rule as written: parents by code, then each node by its subtree. */
static kpi_deduct_status
reference(size_t n, const char *const *code, const char *const *parent,
		  const int64_t *points, const int64_t *asked, int64_t *taken, size_t *bad)
{
	long		up[MAX_NODES];
	int			depth[MAX_NODES];
	__int128	held[MAX_NODES] = {0},
				below[MAX_NODES] = {0};

	for (size_t i = 0; i < n; i++)
		if (points[i] < 0 || asked[i] < 0)
		{
			*bad = i;
			return KPI_DEDUCT_BAD_VALUE;
		}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(code[i], code[j]) == 0)
				return KPI_DEDUCT_DUPLICATE;
	for (size_t i = 0; i < n; i++)
	{
		up[i] = -1;
		for (size_t j = 0; parent[i] && j < n; j++)
			if (strcmp(parent[i], code[j]) == 0)
				up[i] = (long) j;
	}
	/* a node more than n steps from the top is on or under a loop */
	for (size_t i = 0; i < n; i++)
	{
		long		a = (long) i;

		depth[i] = 0;
		while (up[a] >= 0 && depth[i] <= (int) n)
		{
			a = up[a];
			depth[i]++;
		}
		if (up[a] >= 0)
		{
			*bad = i;
			return KPI_DEDUCT_CYCLE;
		}
	}
	/* points held in each subtree */
	for (size_t i = 0; i < n; i++)
		for (long a = (long) i; a >= 0; a = up[a])
			held[a] += points[i];
	for (size_t i = 0; i < n; i++)
		if (held[i] > INT64_MAX)
			return KPI_DEDUCT_OVERFLOW;
	/* deepest first: all below a node are settled before it */
	for (int d = (int) n; d >= 0; d--)
		for (size_t i = 0; i < n; i++)
		{
			__int128	room;

			if (depth[i] != d)
				continue;
			room = held[i] - below[i];
			taken[i] = asked[i] < room ? asked[i] : (int64_t) room;
			for (long a = up[i]; a >= 0; a = up[a])
				below[a] += taken[i];
		}
	for (size_t i = 0; i < n; i++)
	{
		must(taken[i] >= 0 && taken[i] <= asked[i]);
		must(below[i] + taken[i] <= held[i]);
	}
	return KPI_DEDUCT_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bytes		b = {data, size};
	size_t		n = take(&b) % (MAX_NODES + 1);
	unsigned	sparse_flags = take(&b);
	const char *code[MAX_NODES],
			   *parent[MAX_NODES];
	int64_t		points[MAX_NODES],
				asked[MAX_NODES],
				taken[MAX_NODES + 1],
				want[MAX_NODES];
	size_t		bad = 0,
				want_bad = 0;
	kpi_deduct_status st,
				want_st;
	bool		dup = false;

	for (size_t i = 0; i < n; i++)
	{
		unsigned	c = take(&b),
					p = take(&b);

		code[i] = (c & 0x80) ? pool[c % MAX_NODES] : pool[i];
		switch (p % 8)
		{
			case 0:
				parent[i] = NULL;
				break;
			case 1:
				parent[i] = "elsewhere";
				break;
			case 2:
				parent[i] = pool[(p >> 3) % MAX_NODES];
				break;
			default:
				parent[i] = i > 0 ? code[(p >> 3) % i] : NULL;
				break;
		}
		points[i] = choose_value(&b);
		asked[i] = choose_value(&b);
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			dup |= strcmp(code[i], code[j]) == 0;

	taken[n] = 0x5a5a;
	st = kpi_cap_deductions(n, code, parent, points, asked, taken, &bad);
	want_st = reference(n, code, parent, points, asked, want, &want_bad);
	must(st == want_st);
	must(taken[n] == 0x5a5a);
	if (st == KPI_DEDUCT_OK)
		must(memcmp(taken, want, n * sizeof(int64_t)) == 0);
	else if (st == KPI_DEDUCT_BAD_VALUE || st == KPI_DEDUCT_CYCLE)
		must(bad == want_bad);
	else if (st == KPI_DEDUCT_DUPLICATE)
		must(bad < n && dup);
	if (st == KPI_DEDUCT_BAD_VALUE)
		return 0;

	/* the same by code: points (some split in two) in order, asks reversed */
	{
		/* room for one more of each, at a code not in the tree */
		const char *pcode[2 * MAX_NODES + 1],
				   *acode[MAX_NODES + 1];
		int64_t		point[2 * MAX_NODES + 1],
					ask[MAX_NODES + 1],
					staken[MAX_NODES + 2];
		size_t		np = 0,
					na = 0,
					sbad;
		char		in;
		kpi_deduct_status sst;

		for (size_t i = 0; i < n; i++)
		{
			if (points[i] > 0 && (sparse_flags & 1))
			{
				pcode[np] = code[i];
				point[np++] = points[i] / 2;
				pcode[np] = code[i];
				point[np++] = points[i] - points[i] / 2;
			}
			else if (points[i] > 0 || (sparse_flags & 2))
			{
				pcode[np] = code[i];
				point[np++] = points[i];
			}
		}
		for (size_t i = n; i-- > 0;)
			if (asked[i] > 0 || (sparse_flags & 4))
			{
				acode[na] = code[i];
				ask[na++] = asked[i];
			}
		staken[na] = 0x5a5a;
		sst = kpi_cap_deductions_sparse(n, code, parent, np, pcode, point, na, acode, ask,
										staken, &sbad, &in);
		must(staken[na] == 0x5a5a);
		if (dup)
			/* a node's points may then go to its namesake */
			must(sst == KPI_DEDUCT_DUPLICATE || sst == KPI_DEDUCT_OVERFLOW);
		else
		{
			must(sst == st);
			if (sst != KPI_DEDUCT_OK)
				must(in == 't');
			for (size_t k = 0; sst == KPI_DEDUCT_OK && k < na; k++)
				for (size_t i = 0; i < n; i++)
					if (acode[k] == code[i])
						must(staken[k] == taken[i]);
		}
		/* a point or an ask at a code not in the tree is refused, and named */
		if (!dup && (sparse_flags & 8))
		{
			pcode[np] = "nowhere";
			point[np] = 0;
			sst = kpi_cap_deductions_sparse(n, code, parent, np + 1, pcode, point, na, acode, ask,
											staken, &sbad, &in);
			must(sst == KPI_DEDUCT_UNKNOWN && sbad == np && in == 'p');
			acode[na] = "nowhere";
			ask[na] = 0;
			sst = kpi_cap_deductions_sparse(n, code, parent, np, pcode, point, na + 1, acode, ask,
											staken, &sbad, &in);
			must(sst == KPI_DEDUCT_UNKNOWN && sbad == na && in == 'a');
		}
	}
	return 0;
}
