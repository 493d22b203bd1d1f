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
	-- the unit's leaf points (semantics 1): its scores, and its facts under
	-- a rule where no score overrides them (other leaves hold 0)
	SELECT coalesce(array_agg(v.criterion_code), '{}') AS codes,
		   coalesce(array_agg(v.points), '{}') AS points
	  FROM (SELECT s.criterion_code, s.points
			  FROM kpi.score s
			 WHERE s.scheme_id = p.scheme_id AND s.unit_code = p.unit_code
			UNION ALL
			SELECT e.criterion_code, kpi.kpi_rule_points(n.rule, e.facts, n.max_points)
			  FROM kpi.evidence e
			  JOIN kpi.criterion_node n ON n.scheme_id = e.scheme_id AND n.criterion_code = e.criterion_code
			 WHERE e.scheme_id = p.scheme_id AND e.unit_code = p.unit_code
			   AND n.is_leaf AND n.rule IS NOT NULL
			   AND NOT EXISTS (SELECT 1 FROM kpi.score s
								WHERE s.scheme_id = e.scheme_id AND s.unit_code = e.unit_code
								  AND s.criterion_code = e.criterion_code)) v) l
 CROSS JOIN LATERAL unnest(a.codes, a.asked,
						   kpi.kpi_deduction_cap(t.codes, t.parents, l.codes, l.points, a.codes, a.asked))
	AS x(criterion_code, asked, taken)
 WHERE x.asked > 0;

-- The new view is readable like the other trees (sql/kpi/70_access.sql),
-- also by the accounts granted before this update.
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
		'kpi.rubric_node, kpi.rubric_leaf, kpi.rubric_total, kpi.rubric_tree, kpi.leaf_points, '
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

DO $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT DISTINCT a.role_name FROM kpi.account a
			  WHERE a.capability OPERATOR(pg_catalog.=) ANY (ARRAY['office', 'assessor', 'reader'])
	LOOP
		EXECUTE pg_catalog.format('GRANT SELECT ON kpi.rubric_tree TO %I', r.role_name);
	END LOOP;
END
$$;
