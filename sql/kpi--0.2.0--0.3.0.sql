\echo Use "ALTER EXTENSION kpi UPDATE TO '0.3.0'" to load this file. \quit

-- kpi 0.2.0 -> 0.3.0: the changes to objects of 0.2.0, each as in
-- sql/kpi/ (a fresh install and an update must end in the same catalog;
-- test/upgrade.sh compares them).

-- kpi.criterion_node carries the criterion's own columns, so that
-- kpi.rubric_node reads one table (sql/kpi/38_criterion_node.sql).
ALTER TABLE kpi.criterion_node
	ADD COLUMN parent_code text,
	ADD COLUMN title text,
	ADD COLUMN max_points numeric NOT NULL DEFAULT 0,
	ADD COLUMN rule jsonb,
	ADD COLUMN position int;
ALTER TABLE kpi.criterion_node ALTER COLUMN max_points DROP DEFAULT;
COMMENT ON TABLE kpi.criterion_node IS 'Every criterion under a root with its rubric root, depth and leafness (derived from kpi.criterion)';

CREATE OR REPLACE FUNCTION kpi.rebuild_criterion_node(schemes text[])
RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	DELETE FROM kpi.criterion_node n WHERE schemes IS NULL OR n.scheme_id = ANY (schemes);
	INSERT INTO kpi.criterion_node (scheme_id, criterion_code, rubric_code, depth, is_leaf,
									parent_code, title, max_points, rule, position)
	WITH RECURSIVE tree AS (
		SELECT c.scheme_id, c.criterion_code AS rubric_code, c.criterion_code, 0 AS depth
		  FROM kpi.criterion c
		 WHERE c.parent_code IS NULL AND (schemes IS NULL OR c.scheme_id = ANY (schemes))
		UNION ALL
		SELECT c.scheme_id, t.rubric_code, c.criterion_code, t.depth + 1
		  FROM tree t
		  JOIN kpi.criterion c ON c.scheme_id = t.scheme_id AND c.parent_code = t.criterion_code
	)
	SELECT t.scheme_id, t.criterion_code, t.rubric_code, t.depth,
		   NOT EXISTS (SELECT 1 FROM kpi.criterion k
					   WHERE k.scheme_id = t.scheme_id AND k.parent_code = t.criterion_code),
		   c.parent_code, c.title, c.max_points, c.rule, c.position
	  FROM tree t
	  JOIN kpi.criterion c ON c.scheme_id = t.scheme_id AND c.criterion_code = t.criterion_code;
$$;
SELECT kpi.rebuild_criterion_node(NULL);

-- Every criterion under a rubric root, with the root it belongs to.
CREATE OR REPLACE VIEW kpi.rubric_node AS
SELECT n.scheme_id, n.rubric_code, n.criterion_code, n.parent_code, n.depth,
	   n.title, n.max_points, n.rule, n.position, n.is_leaf
  FROM kpi.criterion_node n;
COMMENT ON VIEW kpi.rubric_node IS 'Every criterion with the rubric root it descends from and its depth (root = 0)';

-- Deductions are capped over each rubric's tree read once, with a deducted
-- unit's own points and asks given by code (sql/kpi/20_compute.sql,
-- 40_views.sql), instead of its whole tree joined to its scores per unit.
-- The same over a rubric's tree given once, with one unit's points and asks
-- given by code: the points taken at each asked code, in its order.
CREATE FUNCTION kpi.kpi_deduction_cap(codes text[], parents text[], point_codes text[], points numeric[],
	asked_codes text[], asked numeric[])
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'kpi_deduction_cap_sparse'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_deduction_cap(text[], text[], text[], numeric[], text[], numeric[]) IS
	'Points taken at each asked criterion of a tree, from points and asks given by code';

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
CREATE OR REPLACE VIEW kpi.deduction_taken AS
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
						   kpi.kpi_deduction_cap(t.codes, t.parents, l.codes, l.points, a.codes, a.asked))
	AS x(criterion_code, asked, taken)
 WHERE x.asked > 0;

-- The content sum reads the facts' points from the same view.
-- Everything else that adds to a unit's total, one row each, as
-- kpi_weighted_state takes it: facts, the per-unit constants (rubric max,
-- weights, once per unit) and bonuses.
CREATE OR REPLACE VIEW kpi.other_contribution (scheme_id, unit_code, slot, points, max_points, weight, aggregation) AS
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

-- The new views are readable like the other trees (sql/kpi/70_access.sql),
-- also by the accounts granted before this update: their privileges are
-- synced as kpi.grant_access does.
CREATE OR REPLACE VIEW kpi.capability_privilege AS
SELECT c.capability, o.object_type, o.object_name, o.privileges
  FROM (VALUES
	-- the data tables
	('office', 'TABLE', 'kpi.scheme, kpi.unit_group, kpi.component, kpi.unit, kpi.criterion, '
		'kpi.participant, kpi.score, kpi.evidence, kpi.rating, kpi.bonus, kpi.deduction, '
		'kpi.veto_condition, kpi.veto, kpi.downgrade, kpi.member, kpi.ineligible',
		'SELECT, INSERT, UPDATE, DELETE'),
	('office', 'SEQUENCE', 'kpi.bonus_id_seq, kpi.deduction_id_seq, kpi.veto_id_seq, '
		'kpi.downgrade_id_seq, kpi.ineligible_id_seq', 'USAGE'),
	('office', 'TABLE', 'kpi.account, kpi.audit', 'SELECT'),
	('office', 'FUNCTION', 'kpi.finalize(text, boolean), kpi.reopen(text, text), '
		'kpi.grant_access(text, text, text, text, text), '
		'kpi.revoke_access(text, text, text, text, text)', 'EXECUTE'),
	('unit', 'TABLE', 'kpi.scheme, kpi.unit_group, kpi.component, kpi.unit, kpi.criterion, '
		'kpi.participant, kpi.score, kpi.evidence, kpi.bonus, kpi.deduction, '
		'kpi.veto_condition, kpi.veto, kpi.downgrade, kpi.member, kpi.ineligible', 'SELECT'),
	('unit', 'TABLE', 'kpi.evidence', 'INSERT, UPDATE, DELETE'),
	('assessor', 'TABLE', 'kpi.scheme, kpi.unit_group, kpi.component, kpi.unit, kpi.criterion, '
		'kpi.participant, kpi.score, kpi.evidence, kpi.bonus, kpi.deduction, '
		'kpi.veto_condition, kpi.veto, kpi.downgrade, kpi.member, kpi.ineligible', 'SELECT'),
	('assessor', 'TABLE', 'kpi.score', 'INSERT, UPDATE, DELETE'),
	('rater', 'TABLE', 'kpi.scheme, kpi.unit_group, kpi.component, kpi.unit, kpi.participant, '
		'kpi.rating', 'SELECT'),
	('rater', 'TABLE', 'kpi.rating', 'INSERT, UPDATE, DELETE'),
	-- results: filtered per account in the views and by policy in the tables
	('unit', 'TABLE', 'kpi.result, kpi.reward, kpi.consequence, kpi.publication, '
		'kpi.published_result, kpi.published_reward, kpi.published_consequence, '
		'kpi.rubric_node, kpi.rubric_leaf, kpi.rubric_total', 'SELECT'),
	('everyone', 'TABLE', 'kpi.result, kpi.reward, kpi.consequence, kpi.publication, '
		'kpi.published_result, kpi.published_reward, kpi.published_consequence, '
		'kpi.rubric_node, kpi.rubric_leaf, kpi.rubric_total, kpi.rubric_tree, kpi.leaf_points, kpi.fact_points, '
		'kpi.deduction_asked, kpi.deduction_taken, kpi.rating_slot, kpi.component_slot, kpi.contribution, '
		'kpi.rating_contribution, '
		'kpi.other_contribution, '
		'kpi.unit_total, kpi.live_result, kpi.live_reward, kpi.live_consequence, '
		'kpi.participant_criterion', 'SELECT')
	) AS o (capability, object_type, object_name, privileges)
  JOIN (VALUES ('unit', 'unit'), ('assessor', 'assessor'), ('rater', 'rater'),
			   ('office', 'office'), ('reader', 'reader'),
			   ('office', 'everyone'), ('assessor', 'everyone'), ('reader', 'everyone'))
	AS c (capability, takes)
	ON c.takes OPERATOR(pg_catalog.=) o.capability;
COMMENT ON VIEW kpi.capability_privilege IS 'Privileges kpi.grant_access gives each capability (USAGE on schema kpi besides)';

SELECT kpi.sync_privileges(a.role_name) FROM (SELECT DISTINCT role_name FROM kpi.account) a;

-- Downgrades are grouped once and joined to the units, not looked up per
-- unit by a correlated subquery (sql/kpi/40_views.sql).
-- The whole assessment (semantics 1-7), one row per participant.
CREATE OR REPLACE VIEW kpi.live_result AS
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

-- A score, fact or deduction checked against its unit's rubric is one
-- index lookup, whatever the planner's statistics (sql/kpi/38_criterion_node.sql).
DROP INDEX kpi.criterion_node_rubric_idx;
CREATE INDEX criterion_node_rubric_idx ON kpi.criterion_node (scheme_id, rubric_code, criterion_code);

-- Cycles are found in time linear in the tree, not by walking up from
-- every changed criterion (sql/kpi/50_checks.sql): a chain 10,000 deep loads.
CREATE OR REPLACE FUNCTION kpi.criterion_check_tree()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	bad record;
	unreachable bigint;
	code text;
	first_on_cycle text;
	least_on_cycle text;
BEGIN
	-- A criterion on a cycle (or under one) is reached from no root, so it
	-- has no row in kpi.criterion_node, which the a_node_* triggers have
	-- just rebuilt (linear in the tree, however deep).  Nor is a criterion
	-- whose parent is not there yet (the foreign key waits for COMMIT) or
	-- one under it: those are set aside.  Walking up from what is left, as
	-- many steps as there are such criteria, lands on the cycle; once round
	-- the cycle names its least code.  No step is quadratic in the depth.
	WITH RECURSIVE schemes AS (
		SELECT DISTINCT n.scheme_id FROM changed n
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.criterion_node t
							WHERE t.scheme_id = n.scheme_id AND t.criterion_code = n.criterion_code)
	), unreached AS (
		SELECT c.scheme_id, c.criterion_code, c.parent_code
		  FROM kpi.criterion c JOIN schemes s ON s.scheme_id = c.scheme_id
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.criterion_node t
							WHERE t.scheme_id = c.scheme_id AND t.criterion_code = c.criterion_code)
	), orphaned AS (
		SELECT u.scheme_id, u.criterion_code FROM unreached u
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.criterion p
							WHERE p.scheme_id = u.scheme_id AND p.criterion_code = u.parent_code)
		UNION
		SELECT k.scheme_id, k.criterion_code
		  FROM orphaned o
		  JOIN kpi.criterion k ON k.scheme_id = o.scheme_id AND k.parent_code = o.criterion_code
	)
	SELECT u.scheme_id, u.criterion_code, count(*) OVER (PARTITION BY u.scheme_id) AS unreached
	  INTO bad
	  FROM unreached u
	 WHERE NOT EXISTS (SELECT 1 FROM orphaned o
						WHERE o.scheme_id = u.scheme_id AND o.criterion_code = u.criterion_code)
	 LIMIT 1;
	IF FOUND THEN
		unreachable := bad.unreached;
		code := bad.criterion_code;
		FOR i IN 1 .. unreachable LOOP
			SELECT c.parent_code INTO code FROM kpi.criterion c
			 WHERE c.scheme_id = bad.scheme_id AND c.criterion_code = code;
		END LOOP;
		first_on_cycle := code;
		least_on_cycle := code;
		LOOP
			SELECT c.parent_code INTO code FROM kpi.criterion c
			 WHERE c.scheme_id = bad.scheme_id AND c.criterion_code = code;
			EXIT WHEN code = first_on_cycle;
			IF code COLLATE "C" < least_on_cycle COLLATE "C" THEN
				least_on_cycle := code;
			END IF;
		END LOOP;
		RAISE EXCEPTION 'criterion "%" of scheme "%" would be its own ancestor',
			least_on_cycle, bad.scheme_id
			USING ERRCODE = 'check_violation',
				  DETAIL = 'Following parent_code up from the criterion leads back to it.',
				  HINT = 'A criteria tree must not have cycles.';
	END IF;
	-- a rule must be well-formed and give at most the criterion's points
	SELECT n.scheme_id, n.criterion_code, kpi.kpi_rule_problem(n.rule, n.max_points) AS problem
	  INTO bad
	  FROM changed n
	 WHERE n.rule IS NOT NULL AND kpi.kpi_rule_problem(n.rule, n.max_points) IS NOT NULL
	 LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'invalid rule on criterion "%" of scheme "%"', bad.criterion_code, bad.scheme_id
			USING ERRCODE = 'invalid_parameter_value', DETAIL = bad.problem || '.';
	END IF;
	RETURN NULL;
END
$$;


-- Rows are checked against their unit's rubric by key, so a plan PL/pgSQL
-- made for a few rows stays linear for a large import (sql/kpi/50_checks.sql).
CREATE OR REPLACE FUNCTION kpi.check_scheme_placement(schemes text[], units text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	bad record;
BEGIN
	SELECT p.scheme_id, p.unit_code, p.rubric_code INTO bad
	  FROM kpi.participant p
	  JOIN kpi.criterion c ON c.scheme_id = p.scheme_id AND c.criterion_code = p.rubric_code
	 WHERE p.scheme_id = ANY (schemes) AND c.parent_code IS NOT NULL
	   AND (units IS NULL OR p.unit_code = ANY (units))
	 LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'rubric "%" of unit "%" in scheme "%" is not a rubric root',
			bad.rubric_code, bad.unit_code, bad.scheme_id
			USING ERRCODE = 'check_violation',
				  DETAIL = 'A participant''s rubric_code must name a criterion without parent.';
	END IF;
	-- set-based filters find the bad rows; the row checks name the first.
	-- Each row finds its unit and its criterion by key (not the unit's whole
	-- rubric), so a plan made for a few rows stays linear for an import of
	-- many: PL/pgSQL keeps the plan of a trigger's first statement.
	PERFORM kpi.check_leaf_rows('score', s.scheme_id, s.unit_code, s.criterion_code, s.points)
	   FROM kpi.score s
	   LEFT JOIN kpi.participant p ON p.scheme_id = s.scheme_id AND p.unit_code = s.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = s.scheme_id AND x.criterion_code = s.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE s.scheme_id = ANY (schemes) AND (units IS NULL OR s.unit_code = ANY (units))
		AND (x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf OR s.points > x.max_points);
	PERFORM kpi.check_leaf_rows('evidence', e.scheme_id, e.unit_code, e.criterion_code, NULL)
	   FROM kpi.evidence e
	   LEFT JOIN kpi.participant p ON p.scheme_id = e.scheme_id AND p.unit_code = e.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = e.scheme_id AND x.criterion_code = e.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE e.scheme_id = ANY (schemes) AND (units IS NULL OR e.unit_code = ANY (units))
		AND (x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf);
	PERFORM kpi.check_facts_row(e.scheme_id, e.unit_code, e.criterion_code, e.facts)
	   FROM kpi.evidence e
	  WHERE e.scheme_id = ANY (schemes) AND (units IS NULL OR e.unit_code = ANY (units));
	PERFORM kpi.check_deduction_row(d.scheme_id, d.unit_code, d.criterion_code)
	   FROM kpi.deduction d
	   LEFT JOIN kpi.participant p ON p.scheme_id = d.scheme_id AND p.unit_code = d.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = d.scheme_id AND x.criterion_code = d.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE d.scheme_id = ANY (schemes) AND (units IS NULL OR d.unit_code = ANY (units))
		AND x.criterion_code IS NULL;
	PERFORM kpi.check_rating_row(r.scheme_id, r.unit_code, r.component_code)
	   FROM kpi.rating r
	   JOIN kpi.participant p ON p.scheme_id = r.scheme_id AND p.unit_code = r.unit_code
	   LEFT JOIN kpi.component c
		 ON c.scheme_id = r.scheme_id AND c.group_code = p.group_code
		AND c.component_code = r.component_code
	  WHERE r.scheme_id = ANY (schemes) AND (units IS NULL OR r.unit_code = ANY (units))
		AND c.component_code IS NULL;
END
$$;

CREATE OR REPLACE FUNCTION kpi.score_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	-- rows already fine are skipped in bulk; the first bad one is reported
	PERFORM kpi.check_leaf_rows('score', n.scheme_id, n.unit_code, n.criterion_code, n.points)
	   FROM changed n
	   LEFT JOIN kpi.participant p ON p.scheme_id = n.scheme_id AND p.unit_code = n.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = n.scheme_id AND x.criterion_code = n.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf OR n.points > x.max_points;
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION kpi.evidence_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_leaf_rows('evidence', n.scheme_id, n.unit_code, n.criterion_code, NULL)
	   FROM changed n
	   LEFT JOIN kpi.participant p ON p.scheme_id = n.scheme_id AND p.unit_code = n.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = n.scheme_id AND x.criterion_code = n.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf;
	-- facts must be what the leaf's rule reads
	PERFORM kpi.check_facts_row(n.scheme_id, n.unit_code, n.criterion_code, n.facts)
	   FROM changed n;
	RETURN NULL;
END
$$;

