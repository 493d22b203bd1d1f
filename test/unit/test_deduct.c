/*
 * test_deduct.c
 *		Deductions capped bottom-up: nested asks, asks larger than the points
 *		held, cycles, duplicates, a deep chain.
 */
#include <stdio.h>
#include <stdlib.h>

#include "deduct.h"
#include "tap.h"

int
main(void)
{
	size_t		bad;

	{
		/*
		 * R (root) -> A -> A1 (10 held), A2 (5 held); R -> B (8 held).
		 * Asks: A1 4, A 15, R 3.  A1 takes 4; A holds 15, 4 taken below,
		 * so takes min(15, 11) = 11; R holds 23 with 15 taken below, takes 3.
		 */
		const char *code[] = {"R", "A", "A1", "A2", "B"};
		const char *parent[] = {NULL, "R", "A", "A", "R"};
		int64_t		points[] = {0, 0, 1000, 500, 800};
		int64_t		asked[] = {300, 1500, 400, 0, 0};
		int64_t		taken[5];

		is_int(kpi_cap_deductions(5, code, parent, points, asked, taken, &bad), KPI_DEDUCT_OK, "nested deductions");
		is_int(taken[2], 400, "A1 takes its ask");
		is_int(taken[1], 1100, "A is capped by what is left below it");
		is_int(taken[0], 300, "R takes its ask");
		is_int(taken[3] + taken[4], 0, "nothing asked elsewhere");
	}
	{
		/* an ask larger than the leaf's points takes them all, no more */
		const char *code[] = {"L"};
		const char *parent[] = {NULL};
		int64_t		points[] = {250};
		int64_t		asked[] = {600};
		int64_t		taken[1];

		kpi_cap_deductions(1, code, parent, points, asked, taken, &bad);
		is_int(taken[0], 250, "deduction larger than points held is capped");
	}
	{
		/* the parent of a node outside the list is a top node */
		const char *code[] = {"x", "y"};
		const char *parent[] = {"elsewhere", "x"};
		int64_t		points[] = {0, 100};
		int64_t		asked[] = {100, 100};
		int64_t		taken[2];

		kpi_cap_deductions(2, code, parent, points, asked, taken, &bad);
		is_int(taken[1], 100, "child takes all it holds");
		is_int(taken[0], 0, "nothing left for the parent");
	}
	{
		const char *code[] = {"a", "b", "c"};
		const char *parent[] = {"c", "a", "b"};
		int64_t		zero[] = {0, 0, 0};
		int64_t		taken[3];

		is_int(kpi_cap_deductions(3, code, parent, zero, zero, taken, &bad), KPI_DEDUCT_CYCLE, "a cycle is refused");
	}
	{
		const char *code[] = {"a", "a"};
		const char *parent[] = {NULL, NULL};
		int64_t		zero[] = {0, 0};
		int64_t		taken[2];

		is_int(kpi_cap_deductions(2, code, parent, zero, zero, taken, &bad), KPI_DEDUCT_DUPLICATE, "a duplicate code is refused");
		is_int(bad, 1, "the duplicate is named");
	}
	{
		const char *code[] = {"a"};
		const char *parent[] = {NULL};
		int64_t		points[] = {-1};
		int64_t		asked[] = {0};
		int64_t		taken[1];

		is_int(kpi_cap_deductions(1, code, parent, points, asked, taken, &bad), KPI_DEDUCT_BAD_VALUE, "negative points refused");
	}
	{
		/* a chain 100,000 deep: no recursion, linear time */
		size_t		n = 100000;
		char	  **code = malloc(n * sizeof(char *));
		const char **parent = malloc(n * sizeof(char *));
		int64_t    *points = calloc(n, sizeof(int64_t));
		int64_t    *asked = calloc(n, sizeof(int64_t));
		int64_t    *taken = malloc(n * sizeof(int64_t));

		for (size_t i = 0; i < n; i++)
		{
			code[i] = malloc(16);
			snprintf(code[i], 16, "n%zu", i);
			parent[i] = i ? code[i - 1] : NULL;
			asked[i] = 1;
		}
		points[n - 1] = 50;		/* only the deepest leaf holds points */
		is_int(kpi_cap_deductions(n, (const char *const *) code, parent, points, asked, taken, &bad),
			   KPI_DEDUCT_OK, "deep chain");
		is_int(taken[n - 1], 1, "deepest takes its ask");
		is_int(taken[n - 50], 1, "the 50th from the bottom takes the last point");
		is_int(taken[n - 51], 0, "nothing left above");
		for (size_t i = 0; i < n; i++)
			free(code[i]);
		free(code);
		free(parent);
		free(points);
		free(asked);
		free(taken);
	}
	{
		/*
		 * The same tree as the first case, its points and asks given sparsely
		 * (by code, in any order, points added up per node): same takings.
		 */
		const char *code[] = {"R", "A", "A1", "A2", "B"};
		const char *parent[] = {NULL, "R", "A", "A", "R"};
		const char *pcode[] = {"B", "A1", "A2", "A1"};
		int64_t		point[] = {800, 600, 500, 400};
		const char *acode[] = {"A", "R", "A1"};
		int64_t		ask[] = {1500, 300, 400};
		int64_t		taken[3];
		char		in;

		is_int(kpi_cap_deductions_sparse(5, code, parent, 4, pcode, point, 3, acode, ask, taken, &bad, &in),
			   KPI_DEDUCT_OK, "sparse: nested deductions");
		is_int(taken[0], 1100, "sparse: A is capped by what is left below it");
		is_int(taken[1], 300, "sparse: R takes its ask");
		is_int(taken[2], 400, "sparse: A1 takes its ask");

		/* no points: nothing can be taken */
		is_int(kpi_cap_deductions_sparse(5, code, parent, 0, pcode, point, 3, acode, ask, taken, &bad, &in),
			   KPI_DEDUCT_OK, "sparse: a unit without points");
		is_int(taken[0] + taken[1] + taken[2], 0, "sparse: takes nothing");
	}
	{
		/* sparse refusals name the entry at fault and where it is */
		const char *code[] = {"R", "A"};
		const char *parent[] = {NULL, "R"};
		const char *pcode[] = {"A", "X"};
		int64_t		point[] = {100, 100};
		int64_t		negative[] = {100, -1};
		const char *acode[] = {"A", "A"};
		int64_t		ask[] = {50, 50};
		int64_t		taken[2];
		const char *dup[] = {"R", "R"};
		char		in;

		is_int(kpi_cap_deductions_sparse(2, code, parent, 2, pcode, point, 1, acode, ask, taken, &bad, &in),
			   KPI_DEDUCT_UNKNOWN, "sparse: points at a code not in the tree are refused");
		ok(bad == 1 && in == 'p', "sparse: ... naming the point");
		is_int(kpi_cap_deductions_sparse(2, code, parent, 1, pcode, point, 2, acode, ask, taken, &bad, &in),
			   KPI_DEDUCT_DUPLICATE, "sparse: an ask given twice is refused");
		ok(bad == 1 && in == 'a', "sparse: ... naming the second ask");
		pcode[1] = "R";
		is_int(kpi_cap_deductions_sparse(2, code, parent, 2, pcode, negative, 1, acode, ask, taken, &bad, &in),
			   KPI_DEDUCT_BAD_VALUE, "sparse: negative points are refused");
		ok(bad == 1 && in == 'p', "sparse: ... naming the point");
		is_int(kpi_cap_deductions_sparse(2, dup, parent, 0, pcode, point, 0, acode, ask, taken, &bad, &in),
			   KPI_DEDUCT_DUPLICATE, "sparse: a tree with a code twice is refused");
		ok(in == 't', "sparse: ... naming the tree");
	}
	return tap_done();
}
