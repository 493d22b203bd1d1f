
-- kpi: the points of each leaf (semantics 1) and what upstream deductions
-- take of them (semantics 4).  Every view here is partitioned by scheme,
-- so a filter on scheme_id reaches the table scans.

-- Semantics 1, in this one place: a leaf's points are its score, else its
-- rule applied to the facts the unit reported, else 0.  kpi.fact_points
-- holds the leaves a unit has facts for and no score, kpi.given_points
-- those and the scored ones; every other leaf holds 0 (kpi.leaf_points
-- lists them all).  Facts on a leaf without a rule give 0 until the leaf
-- is scored.
CREATE VIEW kpi.fact_points (scheme_id, unit_code, criterion_code, points, source) AS
SELECT e.scheme_id, e.unit_code, e.criterion_code,
	   CASE WHEN c.rule IS NULL THEN 0 ELSE kpi.kpi_rule_points(c.rule, e.facts, c.max_points) END,
	   CASE WHEN c.rule IS NULL THEN 'evidence' ELSE 'rule' END
  FROM kpi.evidence e
  JOIN kpi.criterion c ON c.scheme_id = e.scheme_id AND c.criterion_code = e.criterion_code
 WHERE NOT EXISTS (SELECT 1 FROM kpi.score s
					WHERE s.scheme_id = e.scheme_id AND s.unit_code = e.unit_code
					  AND s.criterion_code = e.criterion_code);
COMMENT ON VIEW kpi.fact_points IS 'Points of each leaf a unit has facts for and no score: the leaf''s rule over the facts, 0 without rule (semantics 1)';

CREATE VIEW kpi.given_points (scheme_id, unit_code, criterion_code, points, source) AS
SELECT s.scheme_id, s.unit_code, s.criterion_code, s.points, 'score'::text
  FROM kpi.score s
UNION ALL
SELECT f.scheme_id, f.unit_code, f.criterion_code, f.points, f.source
  FROM kpi.fact_points f;
COMMENT ON VIEW kpi.given_points IS 'Points of each leaf a unit has a score or facts for: the score, else the leaf''s rule over the facts (semantics 1)';

-- Every leaf of every participant's rubric, with its points and their
-- source: 'score', 'rule', 'evidence' (facts on a leaf without rule) or
-- 'none' (0 points).
CREATE VIEW kpi.leaf_points AS
SELECT p.scheme_id, p.unit_code, l.criterion_code, l.max_points,
	   coalesce(g.points, 0) AS points, coalesce(g.source, 'none') AS source
  FROM kpi.participant p
  JOIN kpi.rubric_leaf l ON l.scheme_id = p.scheme_id AND l.rubric_code = p.rubric_code
  LEFT JOIN kpi.given_points g
	ON g.scheme_id = p.scheme_id AND g.unit_code = p.unit_code AND g.criterion_code = l.criterion_code;
COMMENT ON VIEW kpi.leaf_points IS 'Each participant''s points on each leaf and their source: score, rule, evidence (no rule) or none';

-- Semantics 4: what each upstream deduction asks, summed per criterion.
CREATE VIEW kpi.deduction_asked AS
SELECT d.scheme_id, d.unit_code, d.criterion_code,
	   sum(round(d.upstream_lost * c.max_points / d.upstream_max, 2)) AS asked
  FROM kpi.deduction d
  JOIN kpi.criterion c ON c.scheme_id = d.scheme_id AND c.criterion_code = d.criterion_code
 GROUP BY d.scheme_id, d.unit_code, d.criterion_code;
COMMENT ON VIEW kpi.deduction_asked IS 'Rubric points asked per criterion: Σ round(upstream_lost / upstream_max × max_points, 2)';

-- Semantics 4: what is taken, capped bottom-up by kpi_deduction_cap over
-- the rubric tree of each unit that has a deduction.  The tree is read once
-- per rubric; of the given points only those of deducted units are read,
-- each unit's by its key (a lateral subquery: the index on kpi.score), and
-- handed to the cap by code with the unit's asks.  Grouped from a join
-- instead, at 10^7 scores the planner read every score again, in
-- parallel, to pick the deducted units' (1.4 s of 4.6 s in EXPLAIN ANALYZE,
-- bench/README.md).
-- The cap only ever sees the unit's own tree.  The deducted units' scores
-- are picked from kpi.score itself, not from kpi.given_points: over a
-- union the planner, without statistics, took half of all scores for them.
CREATE VIEW kpi.deduction_taken AS
SELECT x.scheme_id, x.unit_code, x.criterion_code, x.asked, x.taken
  FROM (SELECT a.scheme_id, a.unit_code,
			   unnest(a.codes) AS criterion_code,
			   unnest(a.asked) AS asked,
			   unnest(kpi.kpi_deduction_cap(t.codes, t.parents, l.codes, l.points, a.codes, a.asked)) AS taken
		  FROM (SELECT da.scheme_id, da.unit_code,
					   array_agg(da.criterion_code) AS codes, array_agg(da.asked) AS asked
				  FROM kpi.deduction_asked da
				 GROUP BY da.scheme_id, da.unit_code) a
		  JOIN kpi.participant p ON p.scheme_id = a.scheme_id AND p.unit_code = a.unit_code
		  JOIN kpi.rubric_tree t ON t.scheme_id = p.scheme_id AND t.rubric_code = p.rubric_code
		 CROSS JOIN LATERAL (
			SELECT coalesce(array_agg(g.criterion_code), '{}') AS codes, coalesce(array_agg(g.points), '{}') AS points
			  FROM (SELECT s.criterion_code, s.points
					  FROM kpi.score s
					 WHERE s.scheme_id = a.scheme_id AND s.unit_code = a.unit_code
					UNION ALL
					SELECT f.criterion_code, f.points
					  FROM kpi.fact_points f
					 WHERE f.scheme_id = a.scheme_id AND f.unit_code = a.unit_code) g) l) x
 WHERE x.asked > 0;
COMMENT ON VIEW kpi.deduction_taken IS 'Rubric points asked and taken per deducted criterion, capped so no subtree goes below 0';
