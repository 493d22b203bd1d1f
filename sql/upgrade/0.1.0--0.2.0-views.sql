
-- kpi 0.1.0 -> 0.2.0, after the new parts: the views that use them.  The
-- scores and the ratings aggregate to states per unit straight from their
-- tables (in parallel), the other contributions apart, and a unit's capped
-- deduction is applied to the merged state.

-- The aggregate's slot of each component code of a scheme: content is 0,
-- the rating components 1, 2, ... in code order across the scheme's groups,
-- so a rating finds its slot from its own row; a unit's state declares
-- only its group's slots.  Counted by a join, not a window function, so
-- that the aggregation above can run in parallel.
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
COMMENT ON VIEW kpi.rating_slot IS 'Slot of each component code of a scheme in kpi_weighted_state: 0 content, 1.. ratings';

-- Each group's components with their slots.
CREATE OR REPLACE VIEW kpi.component_slot AS
SELECT c.scheme_id, c.group_code, c.component_code, c.weight, c.aggregation, s.slot
  FROM kpi.component c
  JOIN kpi.rating_slot s ON s.scheme_id = c.scheme_id AND s.component_code = c.component_code;
COMMENT ON VIEW kpi.component_slot IS 'Slot of each component in kpi_weighted_total: 0 content, 1.. ratings';

-- Every rater's score in its component's slot, as kpi_weighted_state takes it.
CREATE VIEW kpi.rating_contribution AS
SELECT r.scheme_id, r.unit_code, s.slot, r.score AS points,
	   NULL::numeric AS max_points, NULL::numeric AS weight, NULL::text AS aggregation
  FROM kpi.rating r
  JOIN kpi.rating_slot s ON s.scheme_id = r.scheme_id AND s.component_code = r.component_code;
COMMENT ON VIEW kpi.rating_contribution IS 'Rows fed to kpi_weighted_state for the ratings: one per rater, in the component''s slot';

-- Everything else that adds to a unit's total, one row each, as
-- kpi_weighted_state takes it: facts, the per-unit constants (rubric max,
-- weights, once per unit) and bonuses.
CREATE VIEW kpi.other_contribution (scheme_id, unit_code, slot, points, max_points, weight, aggregation) AS
-- leaf points of reported facts, where no score overrides them
SELECT e.scheme_id, e.unit_code, 0,
	   CASE WHEN c.rule IS NULL THEN 0
			ELSE kpi.kpi_rule_points(c.rule, e.facts, c.max_points) END,
	   NULL, NULL, NULL
  FROM kpi.evidence e
  JOIN kpi.criterion c ON c.scheme_id = e.scheme_id AND c.criterion_code = e.criterion_code
 WHERE NOT EXISTS (SELECT 1 FROM kpi.score s
					WHERE s.scheme_id = e.scheme_id AND s.unit_code = e.unit_code
					  AND s.criterion_code = e.criterion_code)
UNION ALL
-- per unit: the rubric maximum, each component's weight and aggregation
SELECT p.scheme_id, p.unit_code, cs.slot, NULL,
	   CASE WHEN cs.slot = 0 THEN coalesce(rt.max_points, 0) END,
	   cs.weight,
	   CASE WHEN cs.slot > 0 THEN cs.aggregation END
  FROM kpi.participant p
  JOIN kpi.component_slot cs ON cs.scheme_id = p.scheme_id AND cs.group_code = p.group_code
  LEFT JOIN kpi.rubric_total rt ON rt.scheme_id = p.scheme_id AND rt.rubric_code = p.rubric_code
UNION ALL
-- approved innovations (创新突破)
SELECT b.scheme_id, b.unit_code, -1, coalesce(b.points, sc.bonus_points), NULL, NULL, NULL
  FROM kpi.bonus b
  JOIN kpi.scheme sc ON sc.scheme_id = b.scheme_id
 WHERE b.approved
;
COMMENT ON VIEW kpi.other_contribution IS 'Rows fed to kpi_weighted_state besides scores and ratings: facts, constants, bonuses';

-- Everything that adds to a unit's total, one row each: the scores as they
-- are, the ratings and the rest.  (kpi.unit_total aggregates them apart.)
CREATE OR REPLACE VIEW kpi.contribution AS
SELECT s.scheme_id, s.unit_code, 0 AS slot, s.points,
	   NULL::numeric AS max_points, NULL::numeric AS weight, NULL::text AS aggregation
  FROM kpi.score s
UNION ALL
SELECT * FROM kpi.rating_contribution
UNION ALL
SELECT * FROM kpi.other_contribution;
COMMENT ON VIEW kpi.contribution IS 'Rows fed to kpi_weighted_state: slot 0 content, 1.. ratings, -1 bonus (deductions: kpi.unit_total)';

-- One row per participant: the exact parts and the total (semantics 1-5).
-- The scores aggregate to a state per unit straight from kpi.score, the
-- ratings to another (grouped scans the planner can run in parallel), the
-- other contributions to a third; the states merge; the deduction the unit's tree caps is
-- applied; the state is finished into the parts.
CREATE OR REPLACE VIEW kpi.unit_total AS
SELECT p.scheme_id, p.group_code, p.unit_code, x.parts, (x.parts).total AS total,
	   (x.parts).ratings_complete
	   AND coalesce(rt.leaves, 0) > 0
	   AND t.covered_leaves = rt.leaves AS complete
  FROM kpi.participant p
  JOIN (SELECT y.scheme_id, y.unit_code, kpi.kpi_weighted_merge(y.state) AS state,
			   sum(y.covered_leaves) AS covered_leaves
		  FROM (SELECT s.scheme_id, s.unit_code,
					   kpi.kpi_weighted_state(0, s.points, NULL, NULL, NULL) AS state,
					   count(*) AS covered_leaves
				  FROM kpi.score s
				 GROUP BY s.scheme_id, s.unit_code
				UNION ALL
				SELECT r.scheme_id, r.unit_code,
					   kpi.kpi_weighted_state(r.slot, r.points, NULL, NULL, NULL), 0
				  FROM kpi.rating_contribution r
				 GROUP BY r.scheme_id, r.unit_code
				UNION ALL
				SELECT c.scheme_id, c.unit_code,
					   kpi.kpi_weighted_state(c.slot, c.points, c.max_points, c.weight, c.aggregation),
					   count(*) FILTER (WHERE c.slot = 0 AND c.points IS NOT NULL)
				  FROM kpi.other_contribution c
				 GROUP BY c.scheme_id, c.unit_code) y
		 GROUP BY y.scheme_id, y.unit_code) t
	ON t.scheme_id = p.scheme_id AND t.unit_code = p.unit_code
  LEFT JOIN (SELECT d.scheme_id, d.unit_code, sum(d.taken) AS taken
			   FROM kpi.deduction_taken d
			  GROUP BY d.scheme_id, d.unit_code) d
	ON d.scheme_id = p.scheme_id AND d.unit_code = p.unit_code
  LEFT JOIN kpi.rubric_total rt ON rt.scheme_id = p.scheme_id AND rt.rubric_code = p.rubric_code
 CROSS JOIN LATERAL (SELECT kpi.kpi_weighted_parts_final(kpi.kpi_weighted_deduct(t.state, d.taken)) AS parts) x;
COMMENT ON VIEW kpi.unit_total IS 'Each participant''s exact parts (kpi.weighted_parts), total and completeness';
