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

-- the privileges of 0.4.0's new objects (the 通报, the report views, the
-- entry views)
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
	-- entry by COPY (86_report_entry.sql): each loads what it may write
	('office', 'TABLE', 'kpi_report.score_entry, kpi_report.rating_entry, kpi_report.evidence_entry',
		'SELECT, INSERT'),
	('assessor', 'TABLE', 'kpi_report.score_entry', 'SELECT, INSERT'),
	('assessor', 'TABLE', 'kpi_report.evidence_entry', 'SELECT'),
	('rater', 'TABLE', 'kpi_report.rating_entry', 'SELECT, INSERT'),
	('unit', 'TABLE', 'kpi_report.evidence_entry', 'SELECT, INSERT'),
	('unit', 'TABLE', 'kpi_report.score_entry', 'SELECT'),
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
	-- the 通报 (88_notice.sql): for whoever reads results, of the rows each
	-- sees; it heads with the scheme's and groups' titles, which a reader
	-- otherwise does not read
	('everyone', 'FUNCTION', 'kpi.notice_html(text, text, text)', 'EXECUTE'),
	('unit', 'FUNCTION', 'kpi.notice_html(text, text, text)', 'EXECUTE'),
	('reader', 'TABLE', 'kpi.scheme, kpi.unit_group', 'SELECT'),
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

-- Messages in Chinese (README "Messages in Chinese (lc_messages)"): the
-- checks raise their errors through kpi.translate (new in 0.4.0, created
-- further down in this script; plpgsql resolves it only when it runs).

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
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('criterion "%s" of scheme "%s" would be its own ancestor'),
										least_on_cycle, bad.scheme_id),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('Following parent_code up from the criterion leads back to it.'),
			HINT = kpi.translate('A criteria tree must not have cycles.');
	END IF;
	-- a rule must be well-formed and give at most the criterion's points
	SELECT n.scheme_id, n.criterion_code, kpi.kpi_rule_problem(n.rule, n.max_points) AS problem
	  INTO bad
	  FROM changed n
	 WHERE n.rule IS NOT NULL AND kpi.kpi_rule_problem(n.rule, n.max_points) IS NOT NULL
	 LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('invalid rule on criterion "%s" of scheme "%s"'),
										bad.criterion_code, bad.scheme_id),
			ERRCODE = 'invalid_parameter_value', DETAIL = bad.problem || '.';
	END IF;
	RETURN NULL;
END
$$;

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
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('rubric "%s" of unit "%s" in scheme "%s" is not a rubric root'),
										bad.rubric_code, bad.unit_code, bad.scheme_id),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('A participant''s rubric_code must name a criterion without parent.');
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

CREATE OR REPLACE FUNCTION kpi.check_leaf_rows(what text, scheme text, unit text, criterion text, points numeric)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	pc record;
	rubric text;
BEGIN
	SELECT * INTO pc FROM kpi.participant_criterion x
	 WHERE x.scheme_id = scheme AND x.unit_code = unit AND x.criterion_code = criterion;
	IF NOT FOUND THEN
		PERFORM FROM kpi.criterion c WHERE c.scheme_id = scheme AND c.criterion_code = criterion;
		IF NOT FOUND THEN
			RAISE EXCEPTION USING
				MESSAGE = pg_catalog.format(CASE what
						WHEN 'score' THEN kpi.translate('score for unit "%s" in scheme "%s" is on criterion "%s", which the scheme does not have')
						ELSE kpi.translate('evidence for unit "%s" in scheme "%s" is on criterion "%s", which the scheme does not have') END,
					unit, scheme, criterion),
				ERRCODE = 'foreign_key_violation';
		END IF;
		SELECT p.rubric_code INTO rubric FROM kpi.participant p
		 WHERE p.scheme_id = scheme AND p.unit_code = unit;
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(CASE what
					WHEN 'score' THEN kpi.translate('score for unit "%s" in scheme "%s" is on criterion "%s", outside the unit''s rubric "%s"')
					ELSE kpi.translate('evidence for unit "%s" in scheme "%s" is on criterion "%s", outside the unit''s rubric "%s"') END,
				unit, scheme, criterion, rubric),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('Points are given only on leaves of the rubric the unit takes part on.');
	END IF;
	IF pc.depth = 0 OR NOT pc.is_leaf THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(CASE what
					WHEN 'score' THEN kpi.translate('score for unit "%s" in scheme "%s" is on criterion "%s", which is not a leaf')
					ELSE kpi.translate('evidence for unit "%s" in scheme "%s" is on criterion "%s", which is not a leaf') END,
				unit, scheme, criterion),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('Points are given on leaves; a criterion with children sums them.');
	END IF;
	IF points > pc.max_points THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('score %s for unit "%s" in scheme "%s" on criterion "%s" exceeds its max_points %s'),
										points, unit, scheme, criterion, pc.max_points),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('Points must lie between 0 and the criterion''s max_points.');
	END IF;
END
$$;

CREATE OR REPLACE FUNCTION kpi.check_deduction_row(scheme text, unit text, criterion text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM FROM kpi.participant_criterion x
	  WHERE x.scheme_id = scheme AND x.unit_code = unit AND x.criterion_code = criterion;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('deduction for unit "%s" in scheme "%s" is on criterion "%s", outside the unit''s rubric'),
										unit, scheme, criterion),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('An upstream deduction is traced to a criterion the unit is scored on.');
	END IF;
END
$$;

CREATE OR REPLACE FUNCTION kpi.check_rating_row(scheme text, unit text, component text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	grp text;
BEGIN
	SELECT p.group_code INTO grp FROM kpi.participant p
	 WHERE p.scheme_id = scheme AND p.unit_code = unit;
	PERFORM FROM kpi.component c
	  WHERE c.scheme_id = scheme AND c.group_code = grp AND c.component_code = component;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('rating of unit "%s" in scheme "%s" is for component "%s", which group "%s" does not have'),
										unit, scheme, component, grp),
			ERRCODE = 'foreign_key_violation',
			DETAIL = kpi.translate('Ratings are given on the rating components of the unit''s group.');
	END IF;
END
$$;

CREATE OR REPLACE FUNCTION kpi.check_facts_row(scheme text, unit text, criterion text, facts jsonb)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	problem text;
BEGIN
	SELECT kpi.kpi_facts_problem(c.rule, facts, c.max_points) INTO problem
	  FROM kpi.criterion c
	 WHERE c.scheme_id = scheme AND c.criterion_code = criterion AND c.rule IS NOT NULL;
	IF problem IS NOT NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('invalid facts for unit "%s" in scheme "%s" on criterion "%s"'),
										unit, scheme, criterion),
			ERRCODE = 'invalid_parameter_value', DETAIL = problem || '.';
	END IF;
END
$$;

CREATE OR REPLACE FUNCTION kpi.component_check_weights()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
	total numeric;
	n bigint;
BEGIN
	SELECT sum(c.weight), count(*) INTO total, n
	  FROM kpi.component c
	 WHERE c.scheme_id = r.scheme_id AND c.group_code = r.group_code;
	IF n > 0 AND total <> 100 THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('component weights of group "%s" in scheme "%s" add up to %s, not 100'),
										r.group_code, r.scheme_id, total),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('The content weight and the rating weights of a group must sum to 100.');
	END IF;
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION kpi.grant_access(role_name text, capability text, unit_code text DEFAULT NULL,
								 criterion_code text DEFAULT NULL, rater text DEFAULT NULL)
RETURNS kpi.account
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	granted kpi.account;
BEGIN
	IF NOT kpi.is_office(kpi.acting_role()) THEN
		RAISE EXCEPTION USING
			MESSAGE = kpi.translate('permission denied to grant kpi access'),
			ERRCODE = 'insufficient_privilege',
			DETAIL = pg_catalog.format(kpi.translate('Role "%s" is not the office (考核办).'), kpi.acting_role());
	END IF;
	IF role_name IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = grant_access.role_name) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('role "%s" does not exist'), role_name),
			ERRCODE = 'undefined_object',
			HINT = kpi.translate('kpi creates no roles: create the role first, then grant it access.');
	END IF;
	IF capability IS NULL OR NOT capability = ANY (ARRAY['unit', 'assessor', 'rater', 'office', 'reader']) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('unknown capability "%s"'), capability),
			ERRCODE = 'invalid_parameter_value',
			HINT = kpi.translate('A capability is one of unit, assessor, rater, office, reader.');
	END IF;
	IF (unit_code IS NOT NULL) <> (capability = 'unit') THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(CASE WHEN capability = 'unit'
					THEN kpi.translate('a %s account needs the unit''s code')
					ELSE kpi.translate('a %s account takes no unit_code') END, capability),
			ERRCODE = 'invalid_parameter_value';
	END IF;
	IF (rater IS NOT NULL) <> (capability = 'rater') THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(CASE WHEN capability = 'rater'
					THEN kpi.translate('a %s account needs the rater name its ratings carry')
					ELSE kpi.translate('a %s account takes no rater name') END, capability),
			ERRCODE = 'invalid_parameter_value';
	END IF;
	IF criterion_code IS NOT NULL AND capability <> 'assessor' THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('a %s account takes no criterion_code'), capability),
			ERRCODE = 'invalid_parameter_value',
			HINT = kpi.translate('Only an assessor''s scoring can be limited to criteria.');
	END IF;
	IF unit_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM kpi.unit u WHERE u.unit_code = grant_access.unit_code) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('unit "%s" does not exist'), unit_code),
			ERRCODE = 'foreign_key_violation';
	END IF;
	INSERT INTO kpi.account AS a (role_name, capability, unit_code, criterion_code, rater)
	VALUES (grant_access.role_name, grant_access.capability, grant_access.unit_code,
			grant_access.criterion_code, grant_access.rater)
	ON CONFLICT ON CONSTRAINT account_unique DO NOTHING;
	SELECT a.* INTO granted FROM kpi.account a
	 WHERE a.role_name = grant_access.role_name AND a.capability = grant_access.capability
	   AND a.unit_code IS NOT DISTINCT FROM grant_access.unit_code
	   AND a.criterion_code IS NOT DISTINCT FROM grant_access.criterion_code
	   AND a.rater IS NOT DISTINCT FROM grant_access.rater;
	PERFORM kpi.sync_privileges(role_name);
	RETURN granted;
END
$$;

CREATE OR REPLACE FUNCTION kpi.revoke_access(role_name text, capability text DEFAULT NULL, unit_code text DEFAULT NULL,
								  criterion_code text DEFAULT NULL, rater text DEFAULT NULL)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	removed int;
BEGIN
	IF NOT kpi.is_office(kpi.acting_role()) THEN
		RAISE EXCEPTION USING
			MESSAGE = kpi.translate('permission denied to revoke kpi access'),
			ERRCODE = 'insufficient_privilege',
			DETAIL = pg_catalog.format(kpi.translate('Role "%s" is not the office (考核办).'), kpi.acting_role());
	END IF;
	DELETE FROM kpi.account a
	 WHERE a.role_name = revoke_access.role_name
	   AND (revoke_access.capability IS NULL OR a.capability = revoke_access.capability)
	   AND (revoke_access.unit_code IS NULL OR a.unit_code = revoke_access.unit_code)
	   AND (revoke_access.criterion_code IS NULL OR a.criterion_code = revoke_access.criterion_code)
	   AND (revoke_access.rater IS NULL OR a.rater = revoke_access.rater);
	GET DIAGNOSTICS removed = ROW_COUNT;
	IF EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = revoke_access.role_name) THEN
		PERFORM kpi.sync_privileges(role_name);
	END IF;
	RETURN removed;
END
$$;

CREATE OR REPLACE FUNCTION kpi.veto_condition_guard()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF kpi.shipped_veto_title(OLD.condition_code) IS NOT NULL AND NOT kpi.restoring() THEN
			RAISE EXCEPTION USING
				MESSAGE = pg_catalog.format(kpi.translate('veto condition %s ships with kpi and cannot be deleted'),
											OLD.condition_code),
				ERRCODE = 'restrict_violation',
				HINT = kpi.translate('Change its title, or add conditions of your own with other codes.');
		END IF;
		RETURN OLD;
	END IF;
	-- a restore brings a changed shipped row the extension already made
	IF kpi.restoring() AND EXISTS (SELECT 1 FROM kpi.veto_condition c
									WHERE c.condition_code = NEW.condition_code) THEN
		UPDATE kpi.veto_condition c SET title = NEW.title WHERE c.condition_code = NEW.condition_code;
		RETURN NULL;
	END IF;
	RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION kpi.refuse_published_change()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	touched text[];
	published text;
BEGIN
	IF kpi.restoring() THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(DISTINCT n.scheme_id) INTO touched FROM new_rows n;
	ELSIF TG_OP = 'UPDATE' THEN
		SELECT array_agg(DISTINCT t.scheme_id) INTO touched
		  FROM (SELECT n.scheme_id FROM new_rows n UNION SELECT o.scheme_id FROM old_rows o) t;
	ELSE
		SELECT array_agg(DISTINCT o.scheme_id) INTO touched FROM old_rows o;
	END IF;
	IF touched IS NULL THEN
		RETURN NULL;
	END IF;
	-- in scheme_id order, so two writers never wait on each other
	PERFORM 1 FROM kpi.scheme s WHERE s.scheme_id = ANY (touched)
	  ORDER BY s.scheme_id FOR SHARE;
	-- a new statement: under READ COMMITTED it sees a finalize we waited for
	SELECT p.scheme_id INTO published FROM kpi.publication p
	 WHERE p.scheme_id = ANY (touched) ORDER BY p.scheme_id LIMIT 1;
	IF published IS NOT NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is finalized'), published),
			ERRCODE = 'object_not_in_prerequisite_state',
			DETAIL = pg_catalog.format(kpi.translate('%s on kpi.%s would change the published scheme "%s".'),
									   TG_OP, TG_TABLE_NAME, published),
			HINT = kpi.translate('Only the office can reopen it, with kpi.reopen(scheme_id, reason).');
	END IF;
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION kpi.refuse_published_truncate()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	published text;
BEGIN
	IF kpi.restoring() THEN
		RETURN NULL;
	END IF;
	EXECUTE format('SELECT p.scheme_id FROM kpi.publication p WHERE EXISTS '
				   '(SELECT 1 FROM %s t WHERE t.scheme_id OPERATOR(pg_catalog.=) p.scheme_id) '
				   'ORDER BY p.scheme_id LIMIT 1', TG_RELID::regclass)
	   INTO published;
	IF published IS NOT NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is finalized'), published),
			ERRCODE = 'object_not_in_prerequisite_state',
			DETAIL = pg_catalog.format(kpi.translate('TRUNCATE of kpi.%s would remove rows of the published scheme "%s".'),
									   TG_TABLE_NAME, published);
	END IF;
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION kpi.scheme_check_status()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	bad record;
BEGIN
	IF kpi.restoring() THEN
		RETURN NULL;
	END IF;
	SELECT s.scheme_id, s.status, p.scheme_id IS NOT NULL AS published INTO bad
	  FROM kpi.scheme s
	  LEFT JOIN kpi.publication p ON p.scheme_id = s.scheme_id
	 WHERE s.scheme_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.scheme_id ELSE NEW.scheme_id END
	   AND (s.status = 'finalized') <> (p.scheme_id IS NOT NULL);
	IF FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = CASE WHEN bad.published
				THEN pg_catalog.format(kpi.translate('scheme "%s" is published but its status is "%s"'),
									   bad.scheme_id, bad.status)
				ELSE pg_catalog.format(kpi.translate('scheme "%s" has status "finalized" but was not finalized'),
									   bad.scheme_id) END,
			ERRCODE = 'object_not_in_prerequisite_state',
			HINT = kpi.translate('Finalize a scheme with kpi.finalize(scheme_id) and reopen it with kpi.reopen(scheme_id, reason).');
	END IF;
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION kpi.finalize(scheme_id text, force boolean DEFAULT false)
RETURNS kpi.publication
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	target kpi.scheme;
	found_problems jsonb;
	published kpi.publication;
BEGIN
	IF NOT kpi.is_office(kpi.acting_role()) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('permission denied to finalize scheme "%s"'), scheme_id),
			ERRCODE = 'insufficient_privilege',
			DETAIL = pg_catalog.format(kpi.translate('Role "%s" is not the office (考核办).'), kpi.acting_role());
	END IF;
	-- A snapshot older than the lock could miss a change committed while
	-- we waited for it.
	IF current_setting('transaction_isolation') <> 'read committed' THEN
		RAISE EXCEPTION USING
			MESSAGE = kpi.translate('kpi.finalize must run at READ COMMITTED isolation'),
			ERRCODE = 'active_sql_transaction',
			DETAIL = pg_catalog.format(kpi.translate('The transaction runs at %s.'),
									   pg_catalog.current_setting('transaction_isolation'));
	END IF;
	-- waits for every writer of the scheme to commit, and blocks new ones
	SELECT s.* INTO target FROM kpi.scheme s WHERE s.scheme_id = finalize.scheme_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), scheme_id),
			ERRCODE = 'no_data_found';
	END IF;
	IF EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = finalize.scheme_id) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is already finalized'), scheme_id),
			ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	SELECT jsonb_agg(to_jsonb(v)) INTO found_problems FROM kpi.validate(finalize.scheme_id) v;
	IF found_problems IS NOT NULL AND NOT coalesce(force, false) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" has %s problem(s) and is not finalized'),
										scheme_id, pg_catalog.jsonb_array_length(found_problems)),
			ERRCODE = 'object_not_in_prerequisite_state',
			DETAIL = pg_catalog.format(kpi.translate('First: %s (%s).'), found_problems->0->>'problem',
									   pg_catalog.concat_ws(', ', found_problems->0->>'unit_code',
															found_problems->0->>'criterion_code', found_problems->0->>'detail')),
			HINT = kpi.translate('See SELECT * FROM kpi.validate(scheme_id); kpi.finalize(scheme_id, force => true) publishes anyway and records the problems.');
	END IF;
	-- the copies first, then the scheme row and the publication that lock them
	INSERT INTO kpi.published_result SELECT * FROM kpi.live_result l WHERE l.scheme_id = finalize.scheme_id;
	INSERT INTO kpi.published_reward SELECT * FROM kpi.live_reward l WHERE l.scheme_id = finalize.scheme_id;
	INSERT INTO kpi.published_consequence SELECT * FROM kpi.live_consequence l WHERE l.scheme_id = finalize.scheme_id;
	UPDATE kpi.scheme s SET status = 'finalized' WHERE s.scheme_id = finalize.scheme_id;
	INSERT INTO kpi.publication (scheme_id, published_at, published_by, forced, problems)
	VALUES (finalize.scheme_id, statement_timestamp(), kpi.acting_role(), coalesce(force, false), found_problems)
	RETURNING * INTO published;
	RETURN published;
END
$$;

CREATE OR REPLACE FUNCTION kpi.reopen(scheme_id text, reason text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT kpi.is_office(kpi.acting_role()) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('permission denied to reopen scheme "%s"'), scheme_id),
			ERRCODE = 'insufficient_privilege',
			DETAIL = pg_catalog.format(kpi.translate('Role "%s" is not the office (考核办).'), kpi.acting_role());
	END IF;
	IF coalesce(btrim(reason), '') = '' THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('reopening scheme "%s" needs a reason'), scheme_id),
			ERRCODE = 'invalid_parameter_value',
			HINT = kpi.translate('The reason is kept in kpi.audit with the published result it replaces.');
	END IF;
	PERFORM 1 FROM kpi.scheme s WHERE s.scheme_id = reopen.scheme_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), scheme_id),
			ERRCODE = 'no_data_found';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = reopen.scheme_id) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is not finalized'), scheme_id),
			ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	PERFORM kpi.audit_reopen(reopen.scheme_id, reason);
	DELETE FROM kpi.publication p WHERE p.scheme_id = reopen.scheme_id;
	UPDATE kpi.scheme s SET status = 'open' WHERE s.scheme_id = reopen.scheme_id;
END
$$;
