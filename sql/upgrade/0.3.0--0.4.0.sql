\echo Use "ALTER EXTENSION kpi UPDATE TO '0.4.0'" to load this file. \quit

-- kpi 0.3.0 -> 0.4.0: first the changes to objects of 0.3.0, each as in
-- sql/kpi/ (a fresh install and an update must end in the same catalog;
-- test/upgrade.sh compares them); the Makefile appends the parts new in
-- 0.4.0 and then sql/upgrade/0.3.0--0.4.0-finish.sql.

-- The deduction cap only on a unit's own tree (sql/kpi/40_views.sql): a
-- plan that checked the join after the lateral call handed it another
-- rubric's tree and failed (found with the report views, issue 7).
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
	-- only on the unit's own tree and asks: the planner may run this
	-- function scan before the joins' conditions are checked (as a join
	-- filter above it), and the cap refuses another rubric's tree
	CASE WHEN t.scheme_id = p.scheme_id AND t.rubric_code = p.rubric_code
			  AND a.scheme_id = p.scheme_id AND a.unit_code = p.unit_code
		 THEN kpi.kpi_deduction_cap(t.codes, t.parents, l.codes, l.points, a.codes, a.asked) END)
	AS x(criterion_code, asked, taken)
 WHERE x.asked > 0;

-- issue 7: the report views' privileges (sql/kpi/70_access.sql)
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
		'kpi.participant_criterion', 'SELECT'),
	-- issue 7, report views (84_report_views.sql): each filters per account
	-- like kpi.result, so units read them too
	('unit', 'TABLE', 'kpi_report.ranking, kpi_report.score_sheet, kpi_report.category_matrix, '
		'kpi_report.reward, kpi_report.consequence', 'SELECT'),
	('everyone', 'TABLE', 'kpi_report.ranking, kpi_report.score_sheet, kpi_report.category_matrix, '
		'kpi_report.reward, kpi_report.consequence', 'SELECT')
	) AS o (capability, object_type, object_name, privileges)
  JOIN (VALUES ('unit', 'unit'), ('assessor', 'assessor'), ('rater', 'rater'),
			   ('office', 'office'), ('reader', 'reader'),
			   ('office', 'everyone'), ('assessor', 'everyone'), ('reader', 'everyone'))
	AS c (capability, takes)
	ON c.takes OPERATOR(pg_catalog.=) o.capability;
COMMENT ON VIEW kpi.capability_privilege IS 'Privileges kpi.grant_access gives each capability (USAGE on schemas kpi and kpi_report besides)';

CREATE OR REPLACE FUNCTION kpi.sync_privileges(role_name text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	o record;
BEGIN
	FOR o IN SELECT DISTINCT p.object_type, p.object_name FROM kpi.capability_privilege p LOOP
		EXECUTE format('REVOKE ALL ON %s %s FROM %I', o.object_type, o.object_name, role_name);
	END LOOP;
	EXECUTE format('REVOKE USAGE ON SCHEMA kpi, kpi_report FROM %I', role_name);
	FOR o IN
		SELECT p.object_type, p.object_name, string_agg(DISTINCT p.privileges, ', ') AS privileges
		  FROM kpi.capability_privilege p
		  JOIN kpi.account a ON a.capability = p.capability
		 WHERE a.role_name = sync_privileges.role_name
		 GROUP BY p.object_type, p.object_name
	LOOP
		EXECUTE format('GRANT %s ON %s %s TO %I', o.privileges, o.object_type, o.object_name, role_name);
	END LOOP;
	IF EXISTS (SELECT 1 FROM kpi.account a WHERE a.role_name = sync_privileges.role_name) THEN
		EXECUTE format('GRANT USAGE ON SCHEMA kpi, kpi_report TO %I', role_name);
	END IF;
END
$$;
