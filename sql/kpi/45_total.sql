
-- kpi: each unit's total (semantics 1-5) by the aggregate kpi_weighted_total
-- over every contribution of the unit.

-- The aggregate's slot of each component code of a scheme: content is 0,
-- the rating components 1, 2, ... in code order across the scheme's groups,
-- so a rating finds its slot from its own row; a unit's state declares
-- only its group's slots.  Counted by a join, not a window function, so
-- that the aggregation can run in parallel.
CREATE VIEW kpi.rating_slot AS
SELECT k.scheme_id, k.component_code,
	   CASE WHEN k.component_code = 'content' THEN 0
			ELSE 1 + count(o.component_code)::int
	   END AS slot
  FROM (SELECT DISTINCT scheme_id, component_code FROM kpi.component) k
  LEFT JOIN (SELECT DISTINCT scheme_id, component_code FROM kpi.component
			  WHERE component_code <> 'content') o
	ON o.scheme_id = k.scheme_id AND o.component_code < k.component_code
 GROUP BY k.scheme_id, k.component_code;
COMMENT ON VIEW kpi.rating_slot IS 'Slot of each component code of a scheme in kpi_weighted_total: 0 content, 1.. ratings';

-- Each group's components with their slots.
CREATE VIEW kpi.component_slot AS
SELECT c.scheme_id, c.group_code, c.component_code, c.weight, c.aggregation, s.slot
  FROM kpi.component c
  JOIN kpi.rating_slot s ON s.scheme_id = c.scheme_id AND s.component_code = c.component_code;
COMMENT ON VIEW kpi.component_slot IS 'Slot of each component in kpi_weighted_total: 0 content, 1.. ratings';

-- The bonus points that count (semantics 3, 14), as rows the total adds
-- up: of a unit's approved bonuses with the same achievement only the one
-- with the most points, then at most the scheme's bonus_cap.  A bonus
-- without achievement in a scheme without cap counts as it is, one row
-- each (the 2018 method's case, which so needs no grouping); the others
-- come summed per unit.
CREATE VIEW kpi.bonus_counted AS
SELECT b.scheme_id, b.unit_code, coalesce(b.points, sc.bonus_points) AS points
  FROM kpi.bonus b
  JOIN kpi.scheme sc ON sc.scheme_id = b.scheme_id
 WHERE b.approved AND b.achievement IS NULL AND sc.bonus_cap IS NULL
UNION ALL
SELECT a.scheme_id, a.unit_code,
	   CASE WHEN a.bonus_cap IS NULL THEN sum(a.points) ELSE least(sum(a.points), a.bonus_cap) END
  FROM (SELECT b.scheme_id, b.unit_code, sc.bonus_cap, max(coalesce(b.points, sc.bonus_points)) AS points
		  FROM kpi.bonus b
		  JOIN kpi.scheme sc ON sc.scheme_id = b.scheme_id
		 WHERE b.approved AND (b.achievement IS NOT NULL OR sc.bonus_cap IS NOT NULL)
		 GROUP BY b.scheme_id, b.unit_code, sc.bonus_cap, b.achievement,
				  CASE WHEN b.achievement IS NULL THEN b.id END) a
 GROUP BY a.scheme_id, a.unit_code, a.bonus_cap;
COMMENT ON VIEW kpi.bonus_counted IS 'Bonus points that count, as the total adds them: one per achievement, capped by the scheme''s bonus_cap (semantics 3, 14)';

-- Everything that adds to a unit's total, as kpi_weighted_total takes it,
-- and how many leaves of the rubric each row gives points for.  The leaf
-- points come summed per unit (scores by kpi_points_sum, exact int64
-- hundredths, facts by sum; parallel workers split the scores); every
-- other row comes as it is.
-- The scores and the points from facts (kpi.given_points' two halves) are
-- summed apart, so that the planner counts the units from kpi.score's
-- statistics: over the union it guessed ten times as many and costed a
-- 10^6-score result past jit_above_cost, compiling for longer than the
-- result takes to compute (bench/README.md).
-- It holds every rater's score: only the office reads it.
CREATE VIEW kpi.contribution (scheme_id, unit_code, slot, points, max_points, weight, aggregation, leaves) AS
-- the points of the scored leaves (semantics 1), summed as hundredths
SELECT s.scheme_id, s.unit_code, 0, kpi.kpi_points_sum(s.points), NULL::numeric, NULL::numeric, NULL::text, count(*)
  FROM kpi.score s
 GROUP BY s.scheme_id, s.unit_code
UNION ALL
-- the points of the leaves with facts and no score (semantics 1)
SELECT f.scheme_id, f.unit_code, 0, sum(f.points), NULL, NULL, NULL, count(*)
  FROM kpi.fact_points f
 GROUP BY f.scheme_id, f.unit_code
UNION ALL
-- every rater's score, or its grade's points on the component's scale, in
-- its component's slot (semantics 2, 13).  The scale is looked up by key
-- only for a rating without a score, so ratings by score meet no join.
SELECT r.scheme_id, r.unit_code, s.slot,
	   coalesce(r.score, (SELECT rs.points FROM kpi.rating_scale rs
						   WHERE rs.scheme_id = r.scheme_id AND rs.component_code = r.component_code
							 AND rs.grade = r.grade)),
	   NULL, NULL, NULL, 0
  FROM kpi.rating r
  JOIN kpi.rating_slot s ON s.scheme_id = r.scheme_id AND s.component_code = r.component_code
UNION ALL
-- per unit: the rubric maximum, each component's weight and aggregation
SELECT p.scheme_id, p.unit_code, cs.slot, NULL,
	   CASE WHEN cs.slot = 0 THEN coalesce(rt.max_points, 0) END,
	   cs.weight,
	   CASE WHEN cs.slot > 0 THEN cs.aggregation END,
	   0
  FROM kpi.participant p
  JOIN kpi.component_slot cs ON cs.scheme_id = p.scheme_id AND cs.group_code = p.group_code
  LEFT JOIN kpi.rubric_total rt ON rt.scheme_id = p.scheme_id AND rt.rubric_code = p.rubric_code
UNION ALL
-- approved innovations (创新突破, semantics 3, 14), what counts of them
SELECT b.scheme_id, b.unit_code, -1, b.points, NULL, NULL, NULL, 0
  FROM kpi.bonus_counted b
UNION ALL
-- rubric points taken by upstream deductions (semantics 4)
SELECT d.scheme_id, d.unit_code, -2, d.taken, NULL, NULL, NULL, 0
  FROM kpi.deduction_taken d;
COMMENT ON VIEW kpi.contribution IS 'Rows fed to kpi_weighted_total: slot 0 content, 1.. ratings, -1 bonus, -2 deductions; leaves: how many leaves a row gives points for';

-- One row per participant: its total and its parts, from one aggregation
-- of its contributions (kpi_weighted_total and kpi_weighted_parts share
-- the state), and whether every leaf and rating component has a value.
-- The leaves are summed as int: sum(bigint) keeps an allocated 128-bit
-- state per unit in the hash table, sum(int) a bigint by value.
CREATE VIEW kpi.unit_total AS
SELECT p.scheme_id, p.group_code, p.unit_code, t.parts, t.total,
	   (t.parts).ratings_complete
	   AND coalesce(rt.leaves, 0) > 0
	   AND t.covered_leaves = rt.leaves AS complete
  FROM kpi.participant p
  JOIN (SELECT c.scheme_id, c.unit_code,
			   kpi.kpi_weighted_total(c.slot, c.points, c.max_points, c.weight, c.aggregation) AS total,
			   kpi.kpi_weighted_parts(c.slot, c.points, c.max_points, c.weight, c.aggregation) AS parts,
			   sum(c.leaves::int) AS covered_leaves
		  FROM kpi.contribution c
		 GROUP BY c.scheme_id, c.unit_code) t
	ON t.scheme_id = p.scheme_id AND t.unit_code = p.unit_code
  LEFT JOIN kpi.rubric_total rt ON rt.scheme_id = p.scheme_id AND rt.rubric_code = p.rubric_code;
COMMENT ON VIEW kpi.unit_total IS 'Each participant''s total, its parts (kpi.weighted_parts) and completeness';
