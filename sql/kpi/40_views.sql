
-- kpi: the views, from the criteria tree up to kpi.result.  Read bottom-up:
--   rubric_node (38_criterion_node.sql)
--     -> rubric_leaf -> rubric_total                (the trees)
--   leaf_points                                     (every leaf's points and source)
--   deduction_asked -> deduction_taken              (semantics 4)
--   component_slot -> score, rating_contribution, other_contribution
--     -> unit_total                                 (semantics 1-3, 5; C aggregate)
--   live_result                                     (semantics 6-7; C window function)
--   live_reward, live_consequence                   (semantics 8-9)
-- computed now from the data; kpi.result, kpi.reward and kpi.consequence
-- (75_publish.sql) show these for open schemes and the published copy for
-- finalized ones, each account only the rows it may see.
-- Every window is partitioned by scheme_id, so a filter on scheme_id is
-- pushed down to the table scans, below the windows.

-- The leaves a unit on this rubric is scored on.  A lone root is no leaf:
-- such a rubric has nothing to score (kpi.validate reports it).
CREATE VIEW kpi.rubric_leaf AS
SELECT scheme_id, rubric_code, criterion_code, max_points, rule
  FROM kpi.rubric_node
 WHERE is_leaf AND depth > 0;
COMMENT ON VIEW kpi.rubric_leaf IS 'Leaves of each rubric: the criteria points are given on';

CREATE VIEW kpi.rubric_total AS
SELECT scheme_id, rubric_code, count(*) AS leaves, sum(max_points) AS max_points
  FROM kpi.rubric_leaf
 GROUP BY scheme_id, rubric_code;
COMMENT ON VIEW kpi.rubric_total IS 'Number of leaves and Σ leaf max_points of each rubric (the content denominator)';

-- Semantics 1 for one leaf: its score, else its rule applied to the facts,
-- else 0.  Inlined by the planner into the views below.
CREATE FUNCTION kpi.leaf_value(score numeric, rule jsonb, facts jsonb, max_points numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
	SELECT CASE
		WHEN $1 IS NOT NULL THEN $1
		WHEN $3 IS NOT NULL AND $2 IS NOT NULL THEN kpi.kpi_rule_points($2, $3, $4)
		ELSE 0
	END
$$;

-- Semantics 1, leaf by leaf, with the source of the points: 'score',
-- 'rule', 'evidence' (facts on a leaf without rule: 0 until scored) or 'none'.
CREATE VIEW kpi.leaf_points AS
SELECT p.scheme_id, p.unit_code, l.criterion_code, l.max_points,
	   kpi.leaf_value(s.points, l.rule, e.facts, l.max_points) AS points,
	   CASE
		   WHEN s.points IS NOT NULL THEN 'score'
		   WHEN e.facts IS NOT NULL AND l.rule IS NOT NULL THEN 'rule'
		   WHEN e.facts IS NOT NULL THEN 'evidence'
		   ELSE 'none'
	   END AS source
  FROM kpi.participant p
  JOIN kpi.rubric_leaf l ON l.scheme_id = p.scheme_id AND l.rubric_code = p.rubric_code
  LEFT JOIN kpi.score s
	ON s.scheme_id = p.scheme_id AND s.unit_code = p.unit_code AND s.criterion_code = l.criterion_code
  LEFT JOIN kpi.evidence e
	ON e.scheme_id = p.scheme_id AND e.unit_code = p.unit_code AND e.criterion_code = l.criterion_code;
COMMENT ON VIEW kpi.leaf_points IS 'Each participant''s points on each leaf and their source: score, rule, evidence (no rule) or none';

-- Semantics 4: what each upstream deduction asks, summed per criterion.
CREATE VIEW kpi.deduction_asked AS
SELECT d.scheme_id, d.unit_code, d.criterion_code,
	   sum(round(d.upstream_lost * c.max_points / d.upstream_max, 2)) AS asked
  FROM kpi.deduction d
  JOIN kpi.criterion c ON c.scheme_id = d.scheme_id AND c.criterion_code = d.criterion_code
 GROUP BY d.scheme_id, d.unit_code, d.criterion_code;
COMMENT ON VIEW kpi.deduction_asked IS 'Rubric points asked per criterion: Σ round(upstream_lost / upstream_max × max_points, 2)';

-- Semantics 1 for reported facts: a leaf's points from its rule, where no
-- score overrides them (facts on a leaf without rule: 0 until scored).
-- Read by the content sum (kpi.other_contribution) and by the deduction
-- cap (kpi.deduction_taken).
CREATE VIEW kpi.fact_points AS
SELECT e.scheme_id, e.unit_code, e.criterion_code,
	   CASE WHEN c.rule IS NULL THEN 0
			ELSE kpi.kpi_rule_points(c.rule, e.facts, c.max_points) END AS points
  FROM kpi.evidence e
  JOIN kpi.criterion c ON c.scheme_id = e.scheme_id AND c.criterion_code = e.criterion_code
 WHERE NOT EXISTS (SELECT 1 FROM kpi.score s
					WHERE s.scheme_id = e.scheme_id AND s.unit_code = e.unit_code
					  AND s.criterion_code = e.criterion_code);
COMMENT ON VIEW kpi.fact_points IS 'Leaf points from reported facts under the leaf''s rule, where no score overrides them';

-- Each rubric's tree as two aligned arrays, for kpi_deduction_cap.
CREATE VIEW kpi.rubric_tree AS
SELECT scheme_id, rubric_code, array_agg(criterion_code) AS codes, array_agg(parent_code) AS parents
  FROM kpi.rubric_node
 GROUP BY scheme_id, rubric_code;
COMMENT ON VIEW kpi.rubric_tree IS 'Each rubric''s criteria and their parents, as aligned arrays';

-- Semantics 4: what is taken, capped bottom-up by kpi_deduction_cap over
-- the rubric tree of each unit that has a deduction.  The tree is read once
-- per rubric; per deducted unit only its own scores (by index) and facts
-- are read, and handed to the cap by code with the unit's asks.
CREATE VIEW kpi.deduction_taken AS
SELECT a.scheme_id, a.unit_code, x.criterion_code, x.asked, x.taken
  FROM (SELECT da.scheme_id, da.unit_code,
			   array_agg(da.criterion_code) AS codes, array_agg(da.asked) AS asked
		  FROM kpi.deduction_asked da
		 GROUP BY da.scheme_id, da.unit_code) a
  JOIN kpi.participant p ON p.scheme_id = a.scheme_id AND p.unit_code = a.unit_code
  JOIN kpi.rubric_tree t ON t.scheme_id = p.scheme_id AND t.rubric_code = p.rubric_code
 CROSS JOIN LATERAL (
	-- the unit's leaf points (semantics 1): its scores and its facts
	-- points (other leaves hold 0)
	SELECT coalesce(array_agg(v.criterion_code), '{}') AS codes,
		   coalesce(array_agg(v.points), '{}') AS points
	  FROM (SELECT s.criterion_code, s.points
			  FROM kpi.score s
			 WHERE s.scheme_id = p.scheme_id AND s.unit_code = p.unit_code
			UNION ALL
			SELECT f.criterion_code, f.points
			  FROM kpi.fact_points f
			 WHERE f.scheme_id = p.scheme_id AND f.unit_code = p.unit_code) v) l
 CROSS JOIN LATERAL unnest(a.codes, a.asked,
	-- only on the unit's own tree and asks: the planner may run this
	-- function scan before the joins' conditions are checked (as a join
	-- filter above it), and the cap refuses another rubric's tree
	CASE WHEN t.scheme_id = p.scheme_id AND t.rubric_code = p.rubric_code
			  AND a.scheme_id = p.scheme_id AND a.unit_code = p.unit_code
		 THEN kpi.kpi_deduction_cap(t.codes, t.parents, l.codes, l.points, a.codes, a.asked) END)
	AS x(criterion_code, asked, taken)
 WHERE x.asked > 0;
COMMENT ON VIEW kpi.deduction_taken IS 'Rubric points asked and taken per deducted criterion, capped so no subtree goes below 0';

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
CREATE VIEW kpi.component_slot AS
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
SELECT f.scheme_id, f.unit_code, 0, f.points, NULL, NULL, NULL
  FROM kpi.fact_points f
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
CREATE VIEW kpi.contribution AS
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
CREATE VIEW kpi.unit_total AS
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

-- The whole assessment (semantics 1-7), one row per participant.
CREATE VIEW kpi.live_result AS
SELECT scheme_id, group_code, unit_code, unit_name, content, ratings, bonus, deduction, total,
	   rank, vetoed, downgraded, tier, kpi.tier_label(tier) AS tier_label, complete
  FROM (
	SELECT r.*,
		   kpi.kpi_veto(kpi.kpi_tier(r.rank, r.vetoed, r.top_n)
						OVER (PARTITION BY r.scheme_id, r.group_code ORDER BY r.rank),
						r.vetoed, r.downgrade_steps) AS tier
	  FROM (
		SELECT u.scheme_id, u.group_code, u.unit_code, n.name AS unit_name,
			   round((u.parts).content, 2) AS content,
			   round((u.parts).ratings, 2) AS ratings,
			   (u.parts).bonus AS bonus,
			   (u.parts).deduction AS deduction,
			   u.total,
			   rank() OVER (PARTITION BY u.scheme_id, u.group_code
							ORDER BY u.total DESC, round((u.parts).content, 2) DESC)::int AS rank,
			   EXISTS (SELECT 1 FROM kpi.veto v
						WHERE v.scheme_id = u.scheme_id AND v.unit_code = u.unit_code
						  AND v.confirmed) AS vetoed,
			   coalesce(g.steps, 0)::int AS downgrade_steps,
			   g.unit_code IS NOT NULL AS downgraded,
			   sc.top_n,
			   u.complete
		  FROM kpi.unit_total u
		  JOIN kpi.unit n ON n.unit_code = u.unit_code
		  JOIN kpi.scheme sc ON sc.scheme_id = u.scheme_id
		  -- grouped once and joined: a correlated subquery per unit would
		  -- scan the downgrades once per unit (quadratic at country scale)
		  LEFT JOIN (SELECT g.scheme_id, g.unit_code, sum(g.steps) AS steps
					   FROM kpi.downgrade g
					  GROUP BY g.scheme_id, g.unit_code) g
			ON g.scheme_id = u.scheme_id AND g.unit_code = u.unit_code) r) t;
COMMENT ON VIEW kpi.live_result IS 'The assessment computed now: one row per participant with parts, total, rank and tier (semantics 1-7)';

-- Semantics 8: every outstanding unit's reward, split among its members.
CREATE VIEW kpi.live_reward AS
SELECT r.scheme_id, r.unit_code, s.person, s.role, s.amount
  FROM kpi.live_result r
  JOIN kpi.scheme sc ON sc.scheme_id = r.scheme_id
 CROSS JOIN LATERAL (
	SELECT coalesce(array_agg(m.person ORDER BY m.person COLLATE "C"), '{}') AS persons,
		   coalesce(array_agg(m.role ORDER BY m.person COLLATE "C"), '{}') AS roles
	  FROM kpi.member m
	 WHERE m.scheme_id = r.scheme_id AND m.unit_code = r.unit_code) mm
 CROSS JOIN LATERAL kpi.kpi_reward_split(sc.reward_amount, sc.head_share, mm.persons, mm.roles) s
 WHERE r.tier = 'outstanding';
COMMENT ON VIEW kpi.live_reward IS 'Cash rewards of 实绩突出 units computed now, split to the fen (person null: a unit without members)';

-- Semantics 9: one row per consequence.
CREATE VIEW kpi.live_consequence AS
SELECT r.scheme_id, r.unit_code, c.person, c.consequence
  FROM kpi.live_result r
  JOIN kpi.scheme sc ON sc.scheme_id = r.scheme_id
  LEFT JOIN (SELECT DISTINCT ps.year, pr.unit_code
			   FROM kpi.live_result pr
			   JOIN kpi.scheme ps ON ps.scheme_id = pr.scheme_id
			  WHERE pr.tier = 'poor') prev
	ON prev.year = sc.year - 1 AND prev.unit_code = r.unit_code AND r.tier = 'poor'
 CROSS JOIN LATERAL (
	SELECT NULL::text AS person, '通报表彰'::text AS consequence
	 WHERE r.tier = 'outstanding'
	UNION ALL
	SELECT NULL, '通报批评'
	 WHERE r.tier = 'poor'
	UNION ALL
	SELECT m.person, '当年不得参加公务员评优和系统评先'
	  FROM kpi.member m
	 WHERE r.tier = 'poor' AND m.scheme_id = r.scheme_id AND m.unit_code = r.unit_code
	UNION ALL
	SELECT m.person, '确定为不称职公务员'
	  FROM kpi.member m
	 WHERE prev.unit_code IS NOT NULL AND m.scheme_id = r.scheme_id AND m.unit_code = r.unit_code
	UNION ALL
	SELECT DISTINCT x.person, '年底不能评优评先'
	  FROM (SELECT i.person
			  FROM kpi.ineligible i
			 WHERE i.scheme_id = r.scheme_id AND i.unit_code = r.unit_code
			UNION ALL
			SELECT m.person
			  FROM kpi.ineligible i
			  JOIN kpi.member m ON m.scheme_id = i.scheme_id AND m.unit_code = i.unit_code
			 WHERE i.scheme_id = r.scheme_id AND i.unit_code = r.unit_code
			   AND i.person IS NULL) x) c;
COMMENT ON VIEW kpi.live_consequence IS 'Consequences computed now (通报表彰, 通报批评, 不得评优, 不称职公务员, 不能评优评先), one row each';
