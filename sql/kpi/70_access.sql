
-- kpi: who may do what.  The extension creates no roles.  The office names
-- existing roles in kpi.account with kpi.grant_access, which also grants
-- the privileges of the role's capabilities (kpi.capability_privilege);
-- row-level security on the data tables then narrows each account to its
-- own rows.  Superusers, roles with BYPASSRLS and kpi's owner (who owns the
-- views, so the views compute over all rows) are not narrowed.
--
--   unit      reads its own unit's rows and results; writes its own
--             evidence (自评, 报送材料) while the scheme is open
--   assessor  reads every unit; writes scores while the scheme is open, on
--             the criteria under its criterion_code (考评责任科室) or all
--   rater     writes and reads only ratings under its own rater name
--   office    (考核办) everything, vetoes, downgrades, bonus approval,
--             finalization, accounts
--   reader    (reporting tools) reads the views and published results

CREATE TABLE kpi.account (
	id bigserial PRIMARY KEY,
	role_name text NOT NULL,
	capability text NOT NULL
		CONSTRAINT account_capability_valid
		CHECK (capability = ANY (ARRAY['unit', 'assessor', 'rater', 'office', 'reader'])),
	unit_code text REFERENCES kpi.unit ON UPDATE CASCADE ON DELETE CASCADE,
	criterion_code text,
	rater text,
	CONSTRAINT account_fields_fit_capability CHECK (
		(unit_code IS NOT NULL) = (capability = 'unit')
		AND (rater IS NOT NULL) = (capability = 'rater')
		AND (criterion_code IS NULL OR capability = 'assessor')),
	CONSTRAINT account_unique UNIQUE NULLS NOT DISTINCT
		(role_name, capability, unit_code, criterion_code, rater)
);
COMMENT ON TABLE kpi.account IS 'Database roles and what kpi lets them do: unit, assessor, rater, office or reader';
SELECT pg_catalog.pg_extension_config_dump('kpi.account', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.account_id_seq', '');

-- The privileges each capability needs; kpi.grant_access grants exactly
-- these, kpi.revoke_access takes back what is no longer needed.
CREATE VIEW kpi.capability_privilege AS
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

-- The role acting now: the one SET ROLE chose, else the session's.  It
-- does not change inside SECURITY DEFINER functions (current_user does),
-- so the audit and kpi.finalize name the person, not kpi's owner.
CREATE FUNCTION kpi.acting_role()
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(nullif(current_setting('role'), 'none'), session_user::text)
$$;

-- The account rows a role acts under: its own and those of the roles it
-- inherits from (a group role per 司法所 works).
CREATE FUNCTION kpi.accounts_of(role_name text)
RETURNS SETOF kpi.account
LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT a.*
	  FROM kpi.account a
	  JOIN pg_roles g ON g.rolname = a.role_name
	  JOIN pg_roles r ON r.rolname = $1
	 WHERE pg_has_role(r.oid, g.oid, 'USAGE')
$$;
COMMENT ON FUNCTION kpi.accounts_of(text) IS 'The kpi accounts a role holds, directly or through roles it inherits';

-- Capabilities of a role.
CREATE FUNCTION kpi.capabilities(role_name text)
RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(array_agg(DISTINCT a.capability ORDER BY a.capability), '{}') FROM kpi.accounts_of($1) a
$$;
COMMENT ON FUNCTION kpi.capabilities(text) IS 'The kpi capabilities a role holds, directly or through roles it inherits';

-- Superusers and BYPASSRLS roles are not narrowed by row-level security:
-- kpi's filters in the views treat them alike.
CREATE FUNCTION kpi.unrestricted(role_name text)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce((SELECT r.rolsuper OR r.rolbypassrls FROM pg_roles r WHERE r.rolname = $1), false)
$$;

-- The office (考核办), or a superuser.
CREATE FUNCTION kpi.is_office(role_name text)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT kpi.unrestricted($1) OR 'office' = ANY (kpi.capabilities($1))
$$;

-- Whether a role reads every unit's rows (all capabilities but unit do).
CREATE FUNCTION kpi.sees_every_unit(role_name text)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT kpi.unrestricted($1)
		OR kpi.capabilities($1) && ARRAY['office', 'assessor', 'rater', 'reader']
$$;

-- The units whose rows a unit account reads (its own).
CREATE FUNCTION kpi.units_of(role_name text)
RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(array_agg(DISTINCT a.unit_code), '{}') FROM kpi.accounts_of($1) a WHERE a.capability = 'unit'
$$;

-- The rater names a rater account writes as.
CREATE FUNCTION kpi.raters_of(role_name text)
RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(array_agg(DISTINCT a.rater), '{}') FROM kpi.accounts_of($1) a WHERE a.capability = 'rater'
$$;

-- The criteria an assessor scores: null when it scores every criterion,
-- else the roots of its subtrees (考评责任科室).
CREATE FUNCTION kpi.scoring_scope(role_name text)
RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN bool_or(a.criterion_code IS NULL) THEN NULL
				ELSE coalesce(array_agg(DISTINCT a.criterion_code), '{}') END
	  FROM kpi.accounts_of($1) a
	 WHERE a.capability = 'assessor'
$$;

-- Whether a criterion lies in one of the subtrees (the criterion itself or
-- an ancestor is listed).  The walk up stops at the root, and at a repeat.
CREATE FUNCTION kpi.criterion_under(scheme text, criterion text, roots text[])
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH RECURSIVE up (code, path) AS (
		SELECT criterion, ARRAY[criterion]
		UNION ALL
		SELECT c.parent_code, u.path || c.parent_code
		  FROM up u
		  JOIN kpi.criterion c ON c.scheme_id = scheme AND c.criterion_code = u.code
		 WHERE c.parent_code IS NOT NULL AND c.parent_code <> ALL (u.path)
	)
	SELECT EXISTS (SELECT 1 FROM up WHERE up.code = ANY (roots))
$$;

-- The schemes open for entry by units, assessors and raters (not draft,
-- not finalized).
CREATE FUNCTION kpi.open_schemes()
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(array_agg(s.scheme_id), '{}') FROM kpi.scheme s WHERE s.status = 'open'
$$;

-- Give a role what its capabilities need, and nothing kpi granted before
-- that they no longer need.
CREATE FUNCTION kpi.sync_privileges(role_name text)
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
REVOKE ALL ON FUNCTION kpi.sync_privileges(text) FROM PUBLIC;

-- The office's entry point: let an existing role act as a unit, assessor,
-- rater, office or reader.  Granting twice is harmless.
CREATE FUNCTION kpi.grant_access(role_name text, capability text, unit_code text DEFAULT NULL,
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
COMMENT ON FUNCTION kpi.grant_access(text, text, text, text, text) IS
	'Let an existing role act as unit (with unit_code), assessor (optionally limited to criterion_code), rater (with rater name), office or reader';

-- Take access back: every account row of the role that matches the given
-- fields (null matches any).  Returns how many were removed.
CREATE FUNCTION kpi.revoke_access(role_name text, capability text DEFAULT NULL, unit_code text DEFAULT NULL,
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
COMMENT ON FUNCTION kpi.revoke_access(text, text, text, text, text) IS
	'Remove a role''s matching accounts (null fields match any) and the privileges no longer needed';

REVOKE ALL ON FUNCTION kpi.grant_access(text, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION kpi.revoke_access(text, text, text, text, text) FROM PUBLIC;

-- Row-level security.  Each policy calls the helpers in a scalar subquery,
-- so they run once per statement, not once per row.
DO $$
DECLARE
	t text;
BEGIN
	-- tables whose rows everyone with SELECT reads: the scheme's set-up
	FOREACH t IN ARRAY ARRAY['scheme', 'unit_group', 'component', 'unit', 'criterion', 'veto_condition'] LOOP
		EXECUTE pg_catalog.format('ALTER TABLE kpi.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('CREATE POLICY reading ON kpi.%I FOR SELECT USING (true)', t);
	END LOOP;
	-- tables of a unit's own rows
	FOREACH t IN ARRAY ARRAY['participant', 'score', 'evidence', 'bonus', 'deduction', 'veto',
							 'downgrade', 'member', 'ineligible'] LOOP
		EXECUTE pg_catalog.format('ALTER TABLE kpi.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format(
			'CREATE POLICY reading ON kpi.%I FOR SELECT USING ('
			'(SELECT kpi.sees_every_unit(current_user::text)) '
			'OR unit_code OPERATOR(pg_catalog.=) ANY ((SELECT kpi.units_of(current_user::text))::text[]))', t);
	END LOOP;
	-- the office writes everything (a finalized scheme's rows stay locked)
	FOREACH t IN ARRAY ARRAY['scheme', 'unit_group', 'component', 'unit', 'criterion', 'veto_condition',
							 'participant', 'score', 'evidence', 'rating', 'bonus', 'deduction', 'veto',
							 'downgrade', 'member', 'ineligible'] LOOP
		EXECUTE pg_catalog.format(
			'CREATE POLICY office_writes ON kpi.%I FOR ALL '
			'USING ((SELECT kpi.is_office(current_user::text))) '
			'WITH CHECK ((SELECT kpi.is_office(current_user::text)))', t);
	END LOOP;
END
$$;

-- Ratings: a rater sees and writes only its own; nobody else but the office
-- reads individual ratings.
ALTER TABLE kpi.rating ENABLE ROW LEVEL SECURITY;
CREATE POLICY rater_writes_own ON kpi.rating FOR ALL
	USING (rater OPERATOR(pg_catalog.=) ANY ((SELECT kpi.raters_of(current_user::text))::text[])
		   AND scheme_id OPERATOR(pg_catalog.=) ANY ((SELECT kpi.open_schemes())::text[]))
	WITH CHECK (rater OPERATOR(pg_catalog.=) ANY ((SELECT kpi.raters_of(current_user::text))::text[])
				AND scheme_id OPERATOR(pg_catalog.=) ANY ((SELECT kpi.open_schemes())::text[]));
CREATE POLICY rater_reads_own ON kpi.rating FOR SELECT
	USING (rater OPERATOR(pg_catalog.=) ANY ((SELECT kpi.raters_of(current_user::text))::text[]));

-- Evidence (自评, 报送材料): a unit writes its own while the scheme is open.
CREATE POLICY unit_writes_own_evidence ON kpi.evidence FOR ALL
	USING (unit_code OPERATOR(pg_catalog.=) ANY ((SELECT kpi.units_of(current_user::text))::text[])
		   AND scheme_id OPERATOR(pg_catalog.=) ANY ((SELECT kpi.open_schemes())::text[]))
	WITH CHECK (unit_code OPERATOR(pg_catalog.=) ANY ((SELECT kpi.units_of(current_user::text))::text[])
				AND scheme_id OPERATOR(pg_catalog.=) ANY ((SELECT kpi.open_schemes())::text[]));

-- Scores: an assessor writes them while the scheme is open, on its criteria.
CREATE POLICY assessor_writes_scores ON kpi.score FOR ALL
	USING ('assessor' OPERATOR(pg_catalog.=) ANY ((SELECT kpi.capabilities(current_user::text))::text[])
		   AND scheme_id OPERATOR(pg_catalog.=) ANY ((SELECT kpi.open_schemes())::text[])
		   AND ((SELECT kpi.scoring_scope(current_user::text)) IS NULL
				OR kpi.criterion_under(scheme_id, criterion_code, (SELECT kpi.scoring_scope(current_user::text)))))
	WITH CHECK ('assessor' OPERATOR(pg_catalog.=) ANY ((SELECT kpi.capabilities(current_user::text))::text[])
				AND scheme_id OPERATOR(pg_catalog.=) ANY ((SELECT kpi.open_schemes())::text[])
				AND ((SELECT kpi.scoring_scope(current_user::text)) IS NULL
					 OR kpi.criterion_under(scheme_id, criterion_code, (SELECT kpi.scoring_scope(current_user::text)))));
