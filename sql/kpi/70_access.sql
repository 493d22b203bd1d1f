
-- kpi: who may do what.  The extension creates no roles.  The office names
-- existing roles in kpi.account with kpi.grant_access, which also grants
-- the privileges of the role's capabilities (kpi.capability_privilege);
-- row-level security on the data tables then narrows each account to its
-- own rows.  Superusers, roles with BYPASSRLS and kpi's owner (who owns the
-- views, so the views compute over all rows) are not narrowed.
--
--   unit      reads its own unit's rows and results; writes its own
--             evidence (报送材料) and self-assessment (自评分) while the
--             scheme is open
--   assessor  reads every unit; writes scores while the scheme is open, on
--             the criteria under its criterion_code of its scheme
--             (考评责任科室) or all
--   rater     writes and reads only ratings under its own rater name, of
--             the unit, component and scheme it is limited to (the
--             苏木镇党委 rates its own 司法所 on 苏木镇党委政府评价 only)
--   office    (考核办) everything, vetoes, downgrades, bonus approval,
--             finalization, accounts
--   reader    (reporting tools) reads the views and published results
--
-- No account but the office may block the others: units, assessors and
-- raters hold no privilege that lets them LOCK a table in a mode readers or
-- writers wait for (table-level UPDATE, DELETE or TRUNCATE would: they
-- update named columns, and delete through the entry views), and they get
-- lock_timeout and idle_in_transaction_session_timeout (kpi.sync_privileges).

-- The privileges each capability needs; kpi.grant_access grants exactly
-- these, kpi.revoke_access takes back what is no longer needed.  Some rows
-- are for several capabilities: 'raw rows' (unit, assessor: the data
-- tables, filtered by policy), 'results' (all but the rater: the results,
-- filtered per account) and 'every unit' (office, assessor, reader: how
-- every unit's results are computed).
CREATE VIEW kpi.capability_privilege AS
SELECT c.capability, o.object_type, o.object_name, o.privileges
  FROM (VALUES
	-- the data tables
	('office', 'TABLE', 'kpi.scheme, kpi.unit_group, kpi.component, kpi.unit, kpi.criterion, '
		'kpi.participant, kpi.score, kpi.evidence, kpi.rating, kpi.bonus, kpi.deduction, '
		'kpi.veto_condition, kpi.veto, kpi.downgrade, kpi.member, kpi.ineligible, '
		'kpi.grade, kpi.consequence_rule, kpi.rating_scale, kpi.self_score',
		'SELECT, INSERT, UPDATE, DELETE'),
	('office', 'SEQUENCE', 'kpi.bonus_id_seq, kpi.deduction_id_seq, kpi.veto_id_seq, '
		'kpi.downgrade_id_seq, kpi.ineligible_id_seq, kpi.consequence_rule_id_seq', 'USAGE'),
	('office', 'TABLE', 'kpi.account, kpi.audit', 'SELECT'),
	-- appeals: filed (a unit its own, the office any, as handed in on
	-- paper), never updated but by kpi.decide_appeal
	('office', 'TABLE', 'kpi.appeal', 'SELECT, INSERT'),
	('unit', 'TABLE', 'kpi.appeal', 'INSERT (scheme_id, unit_code, criterion_code, component_code, statement)'),
	('office', 'FUNCTION', 'kpi.announce(text, timestamp with time zone), kpi.decide_appeal(bigint, text, text)', 'EXECUTE'),
	-- upstream deductions that flow down (89_upstream.sql)
	('office', 'TABLE', 'kpi.upstream_map', 'SELECT, INSERT, UPDATE, DELETE'),
	('office', 'TABLE', 'kpi.upstream_pulled', 'SELECT'),
	('office', 'FUNCTION', 'kpi.pull_upstream(text, text)', 'EXECUTE'),
	-- the city's roll-up (90_bureaus.sql)
	('office', 'TABLE', 'kpi.bureau', 'SELECT'),
	('office', 'FUNCTION', 'kpi.attach_bureau(text, text)', 'EXECUTE'),
	('every unit', 'FUNCTION', 'kpi.bureau_result_available(text)', 'EXECUTE'),
	('office', 'FUNCTION', 'kpi.finalize(text, boolean), kpi.reopen(text, text), '
		'kpi.grant_access(text, text, text, text, text, text, text), '
		'kpi.revoke_access(text, text, text, text, text, text, text)', 'EXECUTE'),
	-- units, assessors and raters update named columns only: a table-level
	-- UPDATE would also let them LOCK the table against everyone
	('raw rows', 'TABLE', 'kpi.scheme, kpi.unit_group, kpi.component, kpi.unit, kpi.criterion, '
		'kpi.participant, kpi.score, kpi.evidence, kpi.bonus, kpi.deduction, '
		'kpi.veto_condition, kpi.veto, kpi.downgrade, kpi.member, kpi.ineligible, kpi.self_score, kpi.appeal', 'SELECT'),
	('unit', 'TABLE', 'kpi.evidence', 'INSERT, UPDATE (facts)'),
	('unit', 'TABLE', 'kpi.self_score', 'INSERT, UPDATE (points, note)'),
	('assessor', 'TABLE', 'kpi.score', 'INSERT, UPDATE (points, note)'),
	('rater', 'TABLE', 'kpi.scheme, kpi.unit_group, kpi.component, kpi.unit, kpi.participant, '
		'kpi.rating, kpi.rating_scale, kpi.announcement', 'SELECT'),
	('rater', 'TABLE', 'kpi.rating', 'INSERT, UPDATE (score, grade)'),
	-- entry by COPY (86_report_entry.sql): each loads, and deletes, what it
	-- may write
	('office', 'TABLE', 'kpi_report.score_entry, kpi_report.rating_entry, kpi_report.evidence_entry',
		'SELECT, INSERT, DELETE'),
	('assessor', 'TABLE', 'kpi_report.score_entry', 'SELECT, INSERT, DELETE'),
	('assessor', 'TABLE', 'kpi_report.evidence_entry', 'SELECT'),
	('rater', 'TABLE', 'kpi_report.rating_entry', 'SELECT, INSERT, DELETE'),
	('unit', 'TABLE', 'kpi_report.evidence_entry', 'SELECT, INSERT, DELETE'),
	('unit', 'TABLE', 'kpi_report.score_entry', 'SELECT'),
	-- results: filtered per account in the views and by policy in the tables
	('results', 'TABLE', 'kpi.result, kpi.reward, kpi.consequence, '
		'kpi.published_result, kpi.published_reward, kpi.published_consequence, '
		'kpi.grade, kpi.consequence_rule, kpi.rating_scale, kpi.scheme_levels, '
		'kpi.rubric_node, kpi.rubric_leaf, kpi.rubric_total, kpi.announcement, kpi.announced_result, '
		'kpi.criterion_loss', 'SELECT'),
	-- a unit sees when a scheme was published, not the problems the office
	-- was shown then (they name other units)
	('unit', 'TABLE', 'kpi.publication', 'SELECT (scheme_id, published_at, published_by, forced)'),
	-- every unit's results and how they are computed, but no rater's score:
	-- individual ratings are the office's and each rater's own
	('every unit', 'TABLE', 'kpi.publication, '
		'kpi.rubric_tree, kpi.fact_points, kpi.given_points, kpi.leaf_points, '
		'kpi.deduction_asked, kpi.deduction_taken, kpi.rating_slot, kpi.component_slot, '
		'kpi.unit_total, kpi.live_result, kpi.live_reward, kpi.live_consequence, kpi.category_points, '
		'kpi.participant_criterion', 'SELECT'),
	-- the 通报 (88_notice.sql): for whoever reads results, of the rows each
	-- sees; it heads with the scheme's and groups' titles, which a reader
	-- otherwise does not read
	('results', 'FUNCTION', 'kpi.notice_html(text, text, text)', 'EXECUTE'),
	-- what-if (67_what_if.sql): it makes its changes as the caller, so each
	-- account may ask only about changes it could make
	('results', 'FUNCTION', 'kpi.what_if(text, jsonb)', 'EXECUTE'),
	-- why this result (69_explain.sql): it checks the caller sees the unit
	('results', 'FUNCTION', 'kpi.explain(text, text)', 'EXECUTE'),
	('reader', 'TABLE', 'kpi.scheme, kpi.unit_group', 'SELECT'),
	-- the report views (84_report_views.sql): each filters per account like
	-- kpi.result, so units read them too
	('results', 'TABLE', 'kpi_report.ranking, kpi_report.score_sheet, kpi_report.category_matrix, kpi_report.year_over_year, '
		'kpi_report.reward, kpi_report.consequence, kpi_report.appeal, kpi_report.open_appeal', 'SELECT')
	) AS o (capability, object_type, object_name, privileges)
  JOIN (VALUES ('unit', 'unit'), ('assessor', 'assessor'), ('rater', 'rater'),
			   ('office', 'office'), ('reader', 'reader'),
			   ('unit', 'raw rows'), ('assessor', 'raw rows'),
			   ('unit', 'results'), ('office', 'results'), ('assessor', 'results'), ('reader', 'results'),
			   ('office', 'every unit'), ('assessor', 'every unit'), ('reader', 'every unit'))
	AS c (capability, takes)
	ON c.takes OPERATOR(pg_catalog.=) o.capability;
COMMENT ON VIEW kpi.capability_privilege IS 'Privileges kpi.grant_access gives each capability (USAGE on schemas kpi and kpi_report besides)';

-- What a role may write, worked out once (per statement in row-level
-- security, per load in the entry views) for the kpi.may_* checks, which
-- run per row.
CREATE TYPE kpi.rights AS (
	role_name text,
	office boolean,				-- writes everything, draft schemes too
	units text[],				-- evidence of these units
	raters text[],				-- ratings under these rater names, each of
	rater_units text[],			-- ... this unit (null: any),
	rater_components text[],	-- ... this component (null: any),
	rater_schemes text[],		-- ... in this scheme (null: any)
	assessor boolean,			-- holds an assessor account
	scores_everywhere boolean,	-- scores every criterion of every scheme
	score_schemes text[],		-- scores every criterion of these schemes
	score_criteria jsonb,		-- {scheme: {criterion: true}}: the subtrees it scores
	score_roots jsonb,			-- {scheme: [criterion]}: their roots, to name them
	open_schemes text[]			-- schemes open for entry (not announced)
);
COMMENT ON TYPE kpi.rights IS 'What a role may write (kpi.rights_of), for the per-row checks kpi.may_score, may_report, may_rate';

CREATE FUNCTION kpi.rights_of(role_name text)
RETURNS kpi.rights
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r kpi.rights;
BEGIN
	r.role_name := role_name;
	r.office := kpi.is_office(role_name);
	SELECT coalesce(array_agg(DISTINCT a.unit_code) FILTER (WHERE a.capability = 'unit'), '{}'),
		   coalesce(array_agg(a.rater ORDER BY a.id) FILTER (WHERE a.capability = 'rater'), '{}'),
		   coalesce(array_agg(a.unit_code ORDER BY a.id) FILTER (WHERE a.capability = 'rater'), '{}'),
		   coalesce(array_agg(a.component_code ORDER BY a.id) FILTER (WHERE a.capability = 'rater'), '{}'),
		   coalesce(array_agg(a.scheme_id ORDER BY a.id) FILTER (WHERE a.capability = 'rater'), '{}'),
		   coalesce(bool_or(a.capability = 'assessor'), false),
		   coalesce(bool_or(a.capability = 'assessor' AND a.scheme_id IS NULL), false),
		   coalesce(array_agg(DISTINCT a.scheme_id)
					FILTER (WHERE a.capability = 'assessor' AND a.criterion_code IS NULL
							AND a.scheme_id IS NOT NULL), '{}')
	  INTO r.units, r.raters, r.rater_units, r.rater_components, r.rater_schemes,
		   r.assessor, r.scores_everywhere, r.score_schemes
	  FROM kpi.accounts_of(role_name) a;
	-- an assessor of criterion subtrees (考评责任科室): every criterion under
	-- each root, read by the assessor itself (every account reads rubrics)
	IF r.assessor AND NOT r.scores_everywhere THEN
		WITH RECURSIVE root AS (
			SELECT DISTINCT a.scheme_id, a.criterion_code
			  FROM kpi.accounts_of(role_name) a
			 WHERE a.capability = 'assessor' AND a.criterion_code IS NOT NULL
		), below (scheme_id, criterion_code) AS (
			SELECT root.scheme_id, root.criterion_code FROM root
			UNION
			SELECT c.scheme_id, c.criterion_code
			  FROM below b
			  JOIN kpi.criterion c ON c.scheme_id = b.scheme_id AND c.parent_code = b.criterion_code
		)
		SELECT (SELECT jsonb_object_agg(s.scheme_id, s.codes)
				  FROM (SELECT b.scheme_id, jsonb_object_agg(b.criterion_code, true) AS codes
						  FROM below b GROUP BY b.scheme_id) s),
			   (SELECT jsonb_object_agg(s.scheme_id, s.codes)
				  FROM (SELECT t.scheme_id, jsonb_agg(t.criterion_code ORDER BY t.criterion_code) AS codes
						  FROM root t GROUP BY t.scheme_id) s)
		  INTO r.score_criteria, r.score_roots;
	END IF;
	-- an announced scheme (公示) is open to the office alone
	r.open_schemes := ARRAY(SELECT s.scheme_id FROM kpi.scheme s
							 WHERE s.status = 'open'
							   AND NOT EXISTS (SELECT 1 FROM kpi.announcement a WHERE a.scheme_id = s.scheme_id)
							 ORDER BY s.scheme_id);
	RETURN r;
END
$$;
COMMENT ON FUNCTION kpi.rights_of(text) IS 'What a role may write: office, units, rater names and what each rates, the criteria it scores, the open schemes';

-- The write checks, one per table that units, assessors and raters write.
-- Row-level security calls them on every row written, with the rights
-- worked out once per statement; so does the entry views' early check and
-- their delete.  No SET clause (it would save and restore settings on
-- every row): every name in them is qualified instead.  The office passes
-- all three; a finalized scheme stays locked by its own trigger.

-- A score: an assessor, while the scheme is open, on its schemes and
-- criterion subtrees.
CREATE FUNCTION kpi.may_score(r kpi.rights, scheme text, criterion text)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
	RETURN coalesce(r.office, false)
		OR (coalesce(r.assessor, false)
			AND scheme OPERATOR(pg_catalog.=) ANY (r.open_schemes)
			AND (r.scores_everywhere
				 OR scheme OPERATOR(pg_catalog.=) ANY (r.score_schemes)
				 OR coalesce(pg_catalog.jsonb_exists(
						pg_catalog.jsonb_object_field(r.score_criteria, scheme), criterion), false)));
END
$$;
COMMENT ON FUNCTION kpi.may_score(kpi.rights, text, text) IS 'Whether the rights allow writing a score on the criterion of the scheme';

-- Evidence: a unit, its own, while the scheme is open.
CREATE FUNCTION kpi.may_report(r kpi.rights, scheme text, unit text)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
	RETURN coalesce(r.office, false)
		OR coalesce(unit OPERATOR(pg_catalog.=) ANY (r.units)
					AND scheme OPERATOR(pg_catalog.=) ANY (r.open_schemes), false);
END
$$;
COMMENT ON FUNCTION kpi.may_report(kpi.rights, text, text) IS 'Whether the rights allow writing evidence of the unit in the scheme';

-- A rating: a rater, under one of its rater names, of a unit, component
-- and scheme that name's account allows, while the scheme is open.
CREATE FUNCTION kpi.may_rate(r kpi.rights, scheme text, unit text, component text, rater text)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
	IF coalesce(r.office, false) THEN
		RETURN true;
	END IF;
	IF NOT coalesce(scheme OPERATOR(pg_catalog.=) ANY (r.open_schemes), false) THEN
		RETURN false;
	END IF;
	FOR i IN 1 .. coalesce(pg_catalog.cardinality(r.raters), 0) LOOP
		IF r.raters[i] OPERATOR(pg_catalog.=) rater
		   AND coalesce(r.rater_units[i] OPERATOR(pg_catalog.=) unit, true)
		   AND coalesce(r.rater_components[i] OPERATOR(pg_catalog.=) component, true)
		   AND coalesce(r.rater_schemes[i] OPERATOR(pg_catalog.=) scheme, true) THEN
			RETURN true;
		END IF;
	END LOOP;
	RETURN false;
END
$$;
COMMENT ON FUNCTION kpi.may_rate(kpi.rights, text, text, text, text) IS 'Whether the rights allow writing the rating of the unit on the component in the scheme under the rater name';

-- The settings kpi gives the accounts that may not block others (all but
-- the office), in the assessment's database: a statement waits at most
-- this long for a lock, and a transaction left open and idle is ended.
-- They are the role's defaults; PostgreSQL lets any session change its
-- own, so they guard against the forgotten open transaction, not against
-- a determined account (README "Security model").
CREATE FUNCTION kpi.account_settings()
RETURNS TABLE (name text, setting text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	VALUES ('lock_timeout', '10s'), ('idle_in_transaction_session_timeout', '5min')
$$;
COMMENT ON FUNCTION kpi.account_settings() IS 'lock_timeout and idle_in_transaction_session_timeout kpi sets on unit, assessor, rater and reader accounts';

-- Give a role what its capabilities need, and nothing kpi granted before
-- that they no longer need; set or reset its settings (above).  SECURITY
-- DEFINER, called only by grant_access and revoke_access (which check the
-- office) and when accounts go with their unit or scheme: granting kpi's
-- objects and altering roles need their owner.
CREATE FUNCTION kpi.sync_privileges(role_name text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	o record;
	held text;
	limited boolean;
	grantee oid := (SELECT r.oid FROM pg_roles r WHERE r.rolname = sync_privileges.role_name);
	held_accounts kpi.account[] := ARRAY(SELECT a FROM kpi.account a
										  WHERE a.role_name = sync_privileges.role_name
											AND a.role_oid = grantee);
BEGIN
	FOR o IN SELECT DISTINCT p.object_type, p.object_name FROM kpi.capability_privilege p LOOP
		EXECUTE format('REVOKE ALL ON %s %s FROM %I', o.object_type, o.object_name, role_name);
	END LOOP;
	EXECUTE format('REVOKE USAGE ON SCHEMA kpi, kpi_report FROM %I', role_name);
	FOR o IN
		SELECT p.object_type, p.object_name, string_agg(DISTINCT p.privileges, ', ') AS privileges
		  FROM kpi.capability_privilege p
		  JOIN unnest(held_accounts) a ON a.capability = p.capability
		 GROUP BY p.object_type, p.object_name
	LOOP
		EXECUTE format('GRANT %s ON %s %s TO %I', o.privileges, o.object_type, o.object_name, role_name);
	END LOOP;
	IF cardinality(held_accounts) > 0 THEN
		EXECUTE format('GRANT USAGE ON SCHEMA kpi, kpi_report TO %I', role_name);
	END IF;
	-- the settings: on a role with an account other than the office, never
	-- on one that is not narrowed anyway; a value the role has of its own
	-- is left as it is, and kpi's are taken back with the last account
	limited := NOT kpi.unrestricted(role_name)
		AND EXISTS (SELECT 1 FROM unnest(held_accounts) a WHERE a.capability <> 'office')
		AND NOT EXISTS (SELECT 1 FROM unnest(held_accounts) a WHERE a.capability = 'office');
	FOR o IN SELECT s.name, s.setting FROM kpi.account_settings() s LOOP
		SELECT substr(c, strpos(c, '=') + 1) INTO held
		  FROM pg_db_role_setting d
		  JOIN pg_database b ON b.oid = d.setdatabase AND b.datname = current_database()
		 CROSS JOIN unnest(d.setconfig) c
		 WHERE d.setrole = grantee AND split_part(c, '=', 1) = o.name;
		IF limited AND held IS NULL THEN
			EXECUTE format('ALTER ROLE %I IN DATABASE %I SET %s = %L',
						   role_name, current_database(), o.name, o.setting);
		ELSIF NOT limited AND held = o.setting THEN
			EXECUTE format('ALTER ROLE %I IN DATABASE %I RESET %s', role_name, current_database(), o.name);
		END IF;
	END LOOP;
END
$$;

-- Accounts that go without kpi.revoke_access (with their unit or scheme,
-- by ON DELETE CASCADE) take their privileges with them.  SECURITY DEFINER
-- for kpi.sync_privileges.
CREATE FUNCTION kpi.account_gone()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF kpi.restoring() THEN
		RETURN NULL;
	END IF;
	PERFORM kpi.sync_privileges(g.role_name)
	   FROM (SELECT DISTINCT o.role_name FROM old_rows o) g
	  WHERE EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = g.role_name);
	RETURN NULL;
END
$$;
CREATE TRIGGER account_gone AFTER DELETE ON kpi.account
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.account_gone();

-- A restore brings accounts with the role OIDs of the cluster they were
-- dumped from: each is bound again to the role of its name here, as
-- pg_dumpall's roles are restored by name.  SECURITY DEFINER like the
-- other triggers on kpi's tables; only a superuser restores.
CREATE FUNCTION kpi.account_restored()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF kpi.restoring() THEN
		NEW.role_oid := (SELECT r.oid FROM pg_roles r WHERE r.rolname = NEW.role_name);
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER account_restored BEFORE INSERT ON kpi.account
	FOR EACH ROW EXECUTE FUNCTION kpi.account_restored();

-- The office's entry point: let an existing role act as a unit, assessor,
-- rater, office or reader.  Granting twice is harmless.  SECURITY DEFINER:
-- it writes kpi.account and grants kpi's objects, which only their owner
-- can; it checks the acting role is the office first.
CREATE FUNCTION kpi.grant_access(role_name text, capability text, unit_code text DEFAULT NULL,
								 criterion_code text DEFAULT NULL, rater text DEFAULT NULL,
								 scheme_id text DEFAULT NULL, component_code text DEFAULT NULL)
RETURNS kpi.account
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	granted kpi.account;
	refused record;
	grantee oid;
BEGIN
	PERFORM kpi.require_office(kpi.translate('permission denied to grant kpi access'));
	SELECT r.oid INTO grantee FROM pg_roles r WHERE r.rolname = grant_access.role_name;
	IF grantee IS NULL THEN
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
	IF unit_code IS NULL AND capability = 'unit' THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('a %s account needs the unit''s code'), capability),
			ERRCODE = 'invalid_parameter_value';
	END IF;
	IF unit_code IS NOT NULL AND capability NOT IN ('unit', 'rater') THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('a %s account takes no unit_code'), capability),
			ERRCODE = 'invalid_parameter_value';
	END IF;
	IF (rater IS NOT NULL) <> (capability = 'rater') THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(CASE WHEN capability = 'rater'
					THEN kpi.translate('a %s account needs the rater name its ratings carry')
					ELSE kpi.translate('a %s account takes no rater name') END, capability),
			ERRCODE = 'invalid_parameter_value';
	END IF;
	-- a limit the capability cannot have (the first, in this order)
	SELECT a.name, a.hint INTO refused
	  FROM (VALUES (1, 'criterion_code', criterion_code IS NOT NULL AND capability <> 'assessor',
					kpi.translate('Only an assessor''s scoring can be limited to criteria.')),
				   (2, 'scheme_id', scheme_id IS NOT NULL AND capability NOT IN ('assessor', 'rater'),
					kpi.translate('Only an assessor''s scoring and a rater''s ratings can be limited to a scheme.')),
				   (3, 'component_code', component_code IS NOT NULL AND capability <> 'rater',
					kpi.translate('Only a rater''s ratings can be limited to a rating component.'))
		   ) AS a(n, name, given, hint)
	 WHERE a.given
	 ORDER BY a.n
	 LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('a %s account takes no %s'), capability, refused.name),
			ERRCODE = 'invalid_parameter_value',
			HINT = refused.hint;
	END IF;
	IF criterion_code IS NOT NULL AND scheme_id IS NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('an assessor of criterion "%s" needs the scheme_id'), criterion_code),
			ERRCODE = 'invalid_parameter_value',
			DETAIL = kpi.translate('Criterion codes repeat from one year''s scheme to the next: the scope is a criterion of one scheme.'),
			HINT = kpi.translate('Give scheme_id => ''…'' with criterion_code.');
	END IF;
	IF unit_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM kpi.unit u WHERE u.unit_code = grant_access.unit_code) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('unit "%s" does not exist'), unit_code),
			ERRCODE = 'foreign_key_violation';
	END IF;
	IF scheme_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM kpi.scheme s WHERE s.scheme_id = grant_access.scheme_id) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), scheme_id),
			ERRCODE = 'foreign_key_violation';
	END IF;
	IF criterion_code IS NOT NULL
	   AND NOT EXISTS (SELECT 1 FROM kpi.criterion c
					   WHERE c.scheme_id = grant_access.scheme_id AND c.criterion_code = grant_access.criterion_code) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('criterion "%s" of scheme "%s" does not exist'), criterion_code, scheme_id),
			ERRCODE = 'foreign_key_violation';
	END IF;
	IF component_code IS NOT NULL
	   AND NOT EXISTS (SELECT 1 FROM kpi.component c
					   WHERE c.component_code = grant_access.component_code AND c.component_code <> 'content'
						 AND (grant_access.scheme_id IS NULL OR c.scheme_id = grant_access.scheme_id)) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('rating component "%s" does not exist'), component_code),
			ERRCODE = 'foreign_key_violation',
			DETAIL = kpi.translate('A rater is limited to the code of a rating component (not content) of a group.');
	END IF;
	-- accounts of a role that was dropped under this name are not this
	-- role's: they go (the audit keeps them)
	DELETE FROM kpi.account a
	 WHERE a.role_name = grant_access.role_name AND a.role_oid IS DISTINCT FROM grantee;
	INSERT INTO kpi.account AS a (role_name, role_oid, capability, unit_code, criterion_code, rater, scheme_id,
								  component_code)
	VALUES (grant_access.role_name, grantee, grant_access.capability, grant_access.unit_code,
			grant_access.criterion_code, grant_access.rater, grant_access.scheme_id, grant_access.component_code)
	ON CONFLICT ON CONSTRAINT account_unique DO NOTHING;
	SELECT a.* INTO granted FROM kpi.account a
	 WHERE a.role_name = grant_access.role_name AND a.capability = grant_access.capability
	   AND a.unit_code IS NOT DISTINCT FROM grant_access.unit_code
	   AND a.criterion_code IS NOT DISTINCT FROM grant_access.criterion_code
	   AND a.rater IS NOT DISTINCT FROM grant_access.rater
	   AND a.scheme_id IS NOT DISTINCT FROM grant_access.scheme_id
	   AND a.component_code IS NOT DISTINCT FROM grant_access.component_code;
	PERFORM kpi.sync_privileges(role_name);
	RETURN granted;
END
$$;
COMMENT ON FUNCTION kpi.grant_access(text, text, text, text, text, text, text) IS
	'Let an existing role act as unit (with unit_code), assessor (optionally limited to a scheme_id, and to criterion_code of it), rater (with rater name; optionally limited to a unit_code, scheme_id and component_code), office or reader';

-- Take access back: every account row of the role that matches the given
-- fields (null matches any).  Returns how many were removed.  SECURITY
-- DEFINER for the reasons of grant_access, and checks the office likewise.
CREATE FUNCTION kpi.revoke_access(role_name text, capability text DEFAULT NULL, unit_code text DEFAULT NULL,
								  criterion_code text DEFAULT NULL, rater text DEFAULT NULL,
								  scheme_id text DEFAULT NULL, component_code text DEFAULT NULL)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	removed int;
BEGIN
	PERFORM kpi.require_office(kpi.translate('permission denied to revoke kpi access'));
	-- the trigger kpi.account_gone takes the privileges back
	DELETE FROM kpi.account a
	 WHERE a.role_name = revoke_access.role_name
	   AND (revoke_access.capability IS NULL OR a.capability = revoke_access.capability)
	   AND (revoke_access.unit_code IS NULL OR a.unit_code = revoke_access.unit_code)
	   AND (revoke_access.criterion_code IS NULL OR a.criterion_code = revoke_access.criterion_code)
	   AND (revoke_access.rater IS NULL OR a.rater = revoke_access.rater)
	   AND (revoke_access.scheme_id IS NULL OR a.scheme_id = revoke_access.scheme_id)
	   AND (revoke_access.component_code IS NULL OR a.component_code = revoke_access.component_code);
	GET DIAGNOSTICS removed = ROW_COUNT;
	RETURN removed;
END
$$;
COMMENT ON FUNCTION kpi.revoke_access(text, text, text, text, text, text, text) IS
	'Remove a role''s matching accounts (null fields match any) and the privileges no longer needed';

-- Row-level security.  Each policy calls the helpers in a scalar subquery,
-- so they run once per statement, not once per row.  The office's policy
-- comes first in name order, so its rows pass on the cheap test.
DO $$
DECLARE
	t text;
BEGIN
	-- tables whose rows everyone with SELECT reads: the scheme's set-up
	FOREACH t IN ARRAY ARRAY['scheme', 'unit_group', 'component', 'unit', 'criterion', 'veto_condition',
							 'grade', 'consequence_rule', 'rating_scale'] LOOP
		EXECUTE pg_catalog.format('ALTER TABLE kpi.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('CREATE POLICY reading ON kpi.%I FOR SELECT USING (true)', t);
	END LOOP;
	-- tables of a unit's own rows
	FOREACH t IN ARRAY ARRAY['participant', 'score', 'evidence', 'bonus', 'deduction', 'veto',
							 'downgrade', 'member', 'ineligible', 'self_score'] LOOP
		EXECUTE pg_catalog.format('ALTER TABLE kpi.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format(
			'CREATE POLICY reading ON kpi.%I FOR SELECT USING ('
			'(SELECT kpi.reads_every_unit(current_user::text)) '
			'OR unit_code OPERATOR(pg_catalog.=) ANY ((SELECT kpi.units_of(current_user::text))::text[]))', t);
	END LOOP;
	-- the office writes everything (a finalized scheme's rows stay locked)
	FOREACH t IN ARRAY ARRAY['scheme', 'unit_group', 'component', 'unit', 'criterion', 'veto_condition',
							 'participant', 'score', 'evidence', 'rating', 'bonus', 'deduction', 'veto',
							 'downgrade', 'member', 'ineligible', 'grade', 'consequence_rule',
							 'rating_scale', 'self_score'] LOOP
		EXECUTE pg_catalog.format(
			'CREATE POLICY office_writes ON kpi.%I FOR ALL '
			'USING ((SELECT kpi.is_office(current_user::text))) '
			'WITH CHECK ((SELECT kpi.is_office(current_user::text)))', t);
	END LOOP;
	-- the published copies: a unit account reads its own unit's rows
	FOREACH t IN ARRAY ARRAY['published_result', 'published_reward', 'published_consequence'] LOOP
		EXECUTE pg_catalog.format('ALTER TABLE kpi.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format(
			'CREATE POLICY reading ON kpi.%I FOR SELECT USING ('
			'(SELECT kpi.sees_every_unit(current_user::text)) '
			'OR unit_code OPERATOR(pg_catalog.=) ANY ((SELECT kpi.units_of(current_user::text))::text[]))', t);
	END LOOP;
END
$$;

-- A rater reads which units take part in which group, to rate them.
CREATE POLICY rater_reads ON kpi.participant FOR SELECT
	USING ('rater' OPERATOR(pg_catalog.=) ANY ((SELECT kpi.capabilities(current_user::text))::text[]));

-- Ratings: a rater sees only its own; nobody else but the office reads
-- individual ratings.
ALTER TABLE kpi.rating ENABLE ROW LEVEL SECURITY;
CREATE POLICY rater_reads_own ON kpi.rating FOR SELECT
	USING (rater OPERATOR(pg_catalog.=) ANY ((SELECT kpi.raters_of(current_user::text))::text[]));

-- Scores, evidence and ratings are written by the accounts kpi.may_score,
-- may_report and may_rate let write them; each command apart, so that
-- reading never runs the per-row check.
DO $$
DECLARE
	w record;
	cmd text;
BEGIN
	FOR w IN SELECT * FROM (VALUES
		('score', 'may_score', 'scheme_id, criterion_code'),
		('evidence', 'may_report', 'scheme_id, unit_code'),
		('self_score', 'may_report', 'scheme_id, unit_code'),
		('rating', 'may_rate', 'scheme_id, unit_code, component_code, rater')) AS v (tab, check_name, args)
	LOOP
		FOREACH cmd IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
			EXECUTE pg_catalog.format('CREATE POLICY writes_%s ON kpi.%I FOR %s %s', cmd, w.tab, upper(cmd),
				pg_catalog.concat_ws(' ',
					CASE WHEN cmd <> 'insert' THEN pg_catalog.format(
						'USING (kpi.%I((SELECT kpi.rights_of(current_user::text)), %s))', w.check_name, w.args) END,
					CASE WHEN cmd <> 'delete' THEN pg_catalog.format(
						'WITH CHECK (kpi.%I((SELECT kpi.rights_of(current_user::text)), %s))', w.check_name, w.args) END));
		END LOOP;
	END LOOP;
END
$$;
