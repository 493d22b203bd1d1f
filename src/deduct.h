/*
 * deduct.h
 *		Upstream deductions capped bottom-up (semantics 4), in hundredths.
 */
#ifndef KPI_DEDUCT_H
#define KPI_DEDUCT_H

#include <stddef.h>
#include <stdint.h>

typedef enum kpi_deduct_status
{
	KPI_DEDUCT_OK = 0,
	KPI_DEDUCT_DUPLICATE,		/* a code given twice */
	KPI_DEDUCT_CYCLE,			/* parents loop */
	KPI_DEDUCT_BAD_VALUE,		/* negative points or asks */
	KPI_DEDUCT_OVERFLOW,
	KPI_DEDUCT_NO_MEMORY,
	KPI_DEDUCT_UNKNOWN			/* points or asks at a code not in the tree */
} kpi_deduct_status;

/*
 * Nodes of one unit's criteria tree: code[i], parent[i] (NULL, or a code not
 * among the nodes, for a top node), the points held at a leaf (0 elsewhere)
 * and the points asked at the node.  Writes the points taken at each node.
 * On error, *bad is the index of the node at fault.
 */
extern kpi_deduct_status kpi_cap_deductions(size_t n, const char *const *code,
										   const char *const *parent,
										   const int64_t *points, const int64_t *asked,
										   int64_t *taken, size_t *bad);

/*
 * The same over a tree given once (code[i], parent[i], n nodes) with the
 * unit's points and asks given sparsely: npoints (point_code, point) pairs,
 * each added to its node, and nasked (asked_code, asked) pairs.  Writes the
 * points taken at each asked code, in its order.  A unit's few deductions
 * are thus capped without aligning its whole tree to its scores first.
 * On error, *bad is the index of the node (tree errors), of the point
 * (bad or unknown point) or of the ask (bad or unknown ask), as *bad_in says:
 * 't', 'p' or 'a'.
 */
extern kpi_deduct_status kpi_cap_deductions_sparse(size_t n, const char *const *code,
												  const char *const *parent,
												  size_t npoints, const char *const *point_code,
												  const int64_t *point,
												  size_t nasked, const char *const *asked_code,
												  const int64_t *asked,
												  int64_t *taken, size_t *bad, char *bad_in);

#endif							/* KPI_DEDUCT_H */
