\echo Use "ALTER EXTENSION kpi UPDATE TO '0.2.0'" to load this file. \quit

-- kpi 0.1.0 -> 0.2.0: finalization with published results, the audit
-- trail, and access by role.  This part changes what 0.1.0 created; the
-- parts new in 0.2.0 follow it unchanged (sql/kpi/38_criterion_node.sql,
-- 70_access.sql, 72_veto_conditions.sql,
-- 75_publish.sql, 80_audit.sql), so a fresh install and an upgrade run the
-- same text for them.

-- The computed views keep their definitions under new names; kpi.result,
-- kpi.reward and kpi.consequence become the published-or-live, per-account
-- views of 75_publish.sql.
ALTER VIEW kpi.result RENAME TO live_result;
ALTER VIEW kpi.reward RENAME TO live_reward;
ALTER VIEW kpi.consequence RENAME TO live_consequence;
COMMENT ON VIEW kpi.live_result IS 'The assessment computed now: one row per participant with parts, total, rank and tier (semantics 1-7)';
COMMENT ON VIEW kpi.live_reward IS 'Cash rewards of 实绩突出 units computed now, split to the fen (person null: a unit without members)';
COMMENT ON VIEW kpi.live_consequence IS 'Consequences computed now (通报表彰, 通报批评, 不得评优, 不称职公务员, 不能评优评先), one row each';

-- The integrity triggers check all rows as kpi's owner, whatever row-level
-- security lets the writing account see.
ALTER FUNCTION kpi.criterion_check_tree() SECURITY DEFINER;
ALTER FUNCTION kpi.score_check_rows() SECURITY DEFINER;
ALTER FUNCTION kpi.evidence_check_rows() SECURITY DEFINER;
ALTER FUNCTION kpi.deduction_check_rows() SECURITY DEFINER;
ALTER FUNCTION kpi.rating_check_rows() SECURITY DEFINER;
ALTER FUNCTION kpi.recheck_changed_schemes() SECURITY DEFINER;
ALTER FUNCTION kpi.recheck_changed_units() SECURITY DEFINER;
ALTER FUNCTION kpi.component_check_weights() SECURITY DEFINER;

-- Deductions read the scores of deducted units only.
-- Semantics 4: what is taken, capped bottom-up by kpi_deduction_cap over
-- the whole rubric tree of each unit that has a deduction.  The tree is
-- read per such unit (LATERAL), so only those units' scores are read, by
-- index, not the whole score table.  The four arrays come from one
-- aggregation, so they are aligned; kpi_deduction_cap needs no order.
CREATE OR REPLACE VIEW kpi.deduction_taken AS
SELECT p.scheme_id, p.unit_code, x.criterion_code, x.asked, x.taken
  FROM kpi.participant p
 CROSS JOIN LATERAL (
	SELECT array_agg(n.criterion_code) AS codes,
		   array_agg(n.parent_code) AS parents,
		   array_agg(CASE WHEN n.is_leaf THEN kpi.leaf_value(s.points, n.rule, e.facts, n.max_points)
						  ELSE 0 END) AS points,
		   array_agg(coalesce(da.asked, 0)) AS asked
	  FROM kpi.rubric_node n
	  LEFT JOIN kpi.score s
		ON s.scheme_id = p.scheme_id AND s.unit_code = p.unit_code AND s.criterion_code = n.criterion_code
	  LEFT JOIN kpi.evidence e
		ON e.scheme_id = p.scheme_id AND e.unit_code = p.unit_code AND e.criterion_code = n.criterion_code
	  LEFT JOIN kpi.deduction_asked da
		ON da.scheme_id = p.scheme_id AND da.unit_code = p.unit_code AND da.criterion_code = n.criterion_code
	 WHERE n.scheme_id = p.scheme_id AND n.rubric_code = p.rubric_code) t
 CROSS JOIN LATERAL unnest(t.codes, t.asked, kpi.kpi_deduction_cap(t.codes, t.parents, t.points, t.asked))
	AS x(criterion_code, asked, taken)
 WHERE x.asked > 0
   AND EXISTS (SELECT 1 FROM kpi.deduction d WHERE d.scheme_id = p.scheme_id AND d.unit_code = p.unit_code);

-- kpi: the weighted-total state as a value of its own, so that a unit's
-- scores are aggregated straight from kpi.score (in parallel, the state
-- being a plain bigint[]), its other contributions apart, the two states
-- merged, and the unit's capped deduction, computed over its whole rubric
-- tree, applied to the state afterwards (kpi.unit_total).

-- The state of kpi_weighted_total, unfinished.
CREATE AGGREGATE kpi.kpi_weighted_state(slot integer, points numeric, max_points numeric,
	weight numeric, aggregation text) (
	SFUNC = kpi.kpi_weighted_total_trans,
	STYPE = bigint[],
	INITCOND = '{1,0,0,0,-1,0,0}',
	COMBINEFUNC = kpi.kpi_weighted_total_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE kpi.kpi_weighted_state(integer, numeric, numeric, numeric, text) IS
	'The unfinished state of kpi_weighted_total (finish with kpi_weighted_parts_final)';

-- States of parts of a unit's rows, merged into one.
CREATE AGGREGATE kpi.kpi_weighted_merge(bigint[]) (
	SFUNC = kpi.kpi_weighted_total_combine,
	STYPE = bigint[],
	COMBINEFUNC = kpi.kpi_weighted_total_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE kpi.kpi_weighted_merge(bigint[]) IS
	'kpi_weighted_state states of parts of one unit''s rows, merged';

-- A state with rubric points taken by deductions (slot -2); null takes
-- nothing.  Plain SQL, inlined where it is used.
CREATE FUNCTION kpi.kpi_weighted_deduct(state bigint[], taken numeric)
RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
	SELECT CASE WHEN $2 IS NULL THEN $1
				ELSE kpi.kpi_weighted_total_trans($1, -2, $2, NULL::numeric, NULL::numeric, NULL::text) END
$$;
COMMENT ON FUNCTION kpi.kpi_weighted_deduct(bigint[], numeric) IS
	'A kpi_weighted_total state with the given rubric points deducted (null: none)';

-- kpi: where each criterion sits in its tree (its rubric root, depth and
-- leafness), kept in a table by a trigger on kpi.criterion instead of a
-- recursive query in every read.  A rubric changes a few times a year and
-- is read on every query of kpi.result; and a recursive CTE would keep
-- the planner from running those queries in parallel.  The table is
-- derived: not dumped, rebuilt by the trigger as a restore loads criteria.

CREATE TABLE kpi.criterion_node (
	scheme_id text NOT NULL,
	criterion_code text NOT NULL,
	rubric_code text NOT NULL,
	depth int NOT NULL,
	is_leaf boolean NOT NULL,
	PRIMARY KEY (scheme_id, criterion_code)
);
COMMENT ON TABLE kpi.criterion_node IS 'Rubric root, depth and leafness of every criterion under a root (derived from kpi.criterion)';
CREATE INDEX criterion_node_rubric_idx ON kpi.criterion_node (scheme_id, rubric_code);

-- Recompute the nodes of the given schemes (null: all) from kpi.criterion.
-- The walk goes down from the roots, so criteria on a cycle (refused by
-- kpi.criterion_check_tree anyway) or under a missing parent are no node.
CREATE FUNCTION kpi.rebuild_criterion_node(schemes text[])
RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	DELETE FROM kpi.criterion_node n WHERE schemes IS NULL OR n.scheme_id = ANY (schemes);
	INSERT INTO kpi.criterion_node (scheme_id, criterion_code, rubric_code, depth, is_leaf)
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
					   WHERE k.scheme_id = t.scheme_id AND k.parent_code = t.criterion_code)
	  FROM tree t;
$$;
REVOKE ALL ON FUNCTION kpi.rebuild_criterion_node(text[]) FROM PUBLIC;

CREATE FUNCTION kpi.criterion_node_refresh()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	schemes text[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(DISTINCT n.scheme_id) INTO schemes FROM new_rows n;
	ELSIF TG_OP = 'UPDATE' THEN
		SELECT array_agg(DISTINCT t.scheme_id) INTO schemes
		  FROM (SELECT n.scheme_id FROM new_rows n UNION SELECT o.scheme_id FROM old_rows o) t;
	ELSIF TG_OP = 'DELETE' THEN
		SELECT array_agg(DISTINCT o.scheme_id) INTO schemes FROM old_rows o;
	ELSE
		-- TRUNCATE
		DELETE FROM kpi.criterion_node;
		RETURN NULL;
	END IF;
	IF schemes IS NOT NULL THEN
		PERFORM kpi.rebuild_criterion_node(schemes);
	END IF;
	RETURN NULL;
END
$$;

-- named to run after the lock's triggers and before the checks that read
-- the trees (statement triggers fire in name order)
CREATE TRIGGER a_node_insert AFTER INSERT ON kpi.criterion
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.criterion_node_refresh();
CREATE TRIGGER a_node_update AFTER UPDATE ON kpi.criterion
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.criterion_node_refresh();
CREATE TRIGGER a_node_delete AFTER DELETE ON kpi.criterion
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.criterion_node_refresh();
CREATE TRIGGER a_node_truncate AFTER TRUNCATE ON kpi.criterion
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.criterion_node_refresh();

-- an update from 0.1.0 finds criteria already there
SELECT kpi.rebuild_criterion_node(NULL);

-- Every criterion under a rubric root, with the root it belongs to.
CREATE OR REPLACE VIEW kpi.rubric_node AS
SELECT n.scheme_id, n.rubric_code, c.criterion_code, c.parent_code, n.depth,
	   c.title, c.max_points, c.rule, c.position, n.is_leaf
  FROM kpi.criterion_node n
  JOIN kpi.criterion c ON c.scheme_id = n.scheme_id AND c.criterion_code = n.criterion_code;
COMMENT ON VIEW kpi.rubric_node IS 'Every criterion with the rubric root it descends from and its depth (root = 0)';

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
	-- results: filtered per account in the views and by policy in the tables
	('unit', 'TABLE', 'kpi.result, kpi.reward, kpi.consequence, kpi.publication, '
		'kpi.published_result, kpi.published_reward, kpi.published_consequence, '
		'kpi.rubric_node, kpi.rubric_leaf, kpi.rubric_total', 'SELECT'),
	('everyone', 'TABLE', 'kpi.result, kpi.reward, kpi.consequence, kpi.publication, '
		'kpi.published_result, kpi.published_reward, kpi.published_consequence, '
		'kpi.rubric_node, kpi.rubric_leaf, kpi.rubric_total, kpi.leaf_points, '
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
	EXECUTE format('REVOKE USAGE ON SCHEMA kpi FROM %I', role_name);
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
		EXECUTE format('GRANT USAGE ON SCHEMA kpi TO %I', role_name);
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
		RAISE EXCEPTION 'permission denied to grant kpi access'
			USING ERRCODE = 'insufficient_privilege',
				  DETAIL = format('Role "%s" is not the office (考核办).', kpi.acting_role());
	END IF;
	IF role_name IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = grant_access.role_name) THEN
		RAISE EXCEPTION 'role "%" does not exist', role_name
			USING ERRCODE = 'undefined_object',
				  HINT = 'kpi creates no roles: create the role first, then grant it access.';
	END IF;
	IF capability IS NULL OR NOT capability = ANY (ARRAY['unit', 'assessor', 'rater', 'office', 'reader']) THEN
		RAISE EXCEPTION 'unknown capability "%"', capability
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'A capability is one of unit, assessor, rater, office, reader.';
	END IF;
	IF (unit_code IS NOT NULL) <> (capability = 'unit') THEN
		RAISE EXCEPTION 'a % account %', capability,
			CASE WHEN capability = 'unit' THEN 'needs the unit''s code' ELSE 'takes no unit_code' END
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF (rater IS NOT NULL) <> (capability = 'rater') THEN
		RAISE EXCEPTION 'a % account %', capability,
			CASE WHEN capability = 'rater' THEN 'needs the rater name its ratings carry' ELSE 'takes no rater name' END
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF criterion_code IS NOT NULL AND capability <> 'assessor' THEN
		RAISE EXCEPTION 'a % account takes no criterion_code', capability
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Only an assessor''s scoring can be limited to criteria.';
	END IF;
	IF unit_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM kpi.unit u WHERE u.unit_code = grant_access.unit_code) THEN
		RAISE EXCEPTION 'unit "%" does not exist', unit_code
			USING ERRCODE = 'foreign_key_violation';
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
		RAISE EXCEPTION 'permission denied to revoke kpi access'
			USING ERRCODE = 'insufficient_privilege',
				  DETAIL = format('Role "%s" is not the office (考核办).', kpi.acting_role());
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

-- kpi: the seven veto conditions of the 2018 method ship with the
-- extension.  pg_dump writes the rows users added and the
-- shipped rows whose title they changed; a restore, which finds the
-- shipped rows already made by CREATE EXTENSION, turns such a row into an
-- update of the title.  A shipped condition cannot be deleted: it would
-- come back with the next restore.

CREATE FUNCTION kpi.shipped_veto_title(condition_code int)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT v.title FROM (VALUES
		(1, '工作职能不到位，在社会上造成不良影响的'),
		(2, '工作人员因赌博、酗酒、打架斗殴等被公安机关行政处理的和因违反局机关工作制度按下岗处理的'),
		(3, '工作人员存在违法违纪行为，经查属实的'),
		(4, '单位人防、物防设施不落实而发生入室盗窃案的'),
		(5, '违章交通法规肇事造成伤亡事件的'),
		(6, '工作人员存在涉黑涉恶问题的'),
		(7, '未及时、认真调解各类纠纷，造成矛盾激化的')) AS v (code, title)
	 WHERE v.code = $1
$$;
COMMENT ON FUNCTION kpi.shipped_veto_title(int) IS 'Title of a veto condition as the 2018 method ships it (null: not shipped)';

-- (an update from 0.1.0 finds them already there)
INSERT INTO kpi.veto_condition (condition_code, title)
SELECT code, kpi.shipped_veto_title(code) FROM generate_series(1, 7) code
ON CONFLICT (condition_code) DO NOTHING;

SELECT pg_catalog.pg_extension_config_dump('kpi.veto_condition',
	'WHERE kpi.shipped_veto_title(condition_code) IS DISTINCT FROM title');

CREATE FUNCTION kpi.veto_condition_guard()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF kpi.shipped_veto_title(OLD.condition_code) IS NOT NULL AND NOT kpi.restoring() THEN
			RAISE EXCEPTION 'veto condition % ships with kpi and cannot be deleted', OLD.condition_code
				USING ERRCODE = 'restrict_violation',
					  HINT = 'Change its title, or add conditions of your own with other codes.';
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

CREATE TRIGGER veto_condition_guard BEFORE INSERT OR DELETE ON kpi.veto_condition
	FOR EACH ROW EXECUTE FUNCTION kpi.veto_condition_guard();

-- kpi: finalization.  kpi.finalize publishes a scheme: it copies the
-- scheme's result, rewards and consequences into the published_* tables
-- and from then on every change that touches the scheme's rows, in any
-- table, is refused: the lock is the scheme's row in kpi.publication.
-- kpi.reopen lifts it, for the office alone, with a reason in the audit.
--
-- pg_restore loads kpi.scheme (status 'finalized') before the scheme's
-- scores, as foreign keys order it; the lock must not refuse that load.
-- pg_dump's scripts run with row_security = off, which only roles exempt
-- from row-level security can use on kpi's tables; a superuser in such a
-- session is taken to be restoring (kpi.restoring) and the lock and the
-- audit stand aside.  Ordinary sessions run with row_security = on.

CREATE TABLE kpi.publication (
	-- checked at COMMIT, so deleting a published scheme meets the lock first
	scheme_id text PRIMARY KEY REFERENCES kpi.scheme DEFERRABLE INITIALLY DEFERRED,
	published_at timestamptz NOT NULL,
	published_by text NOT NULL,
	forced boolean NOT NULL DEFAULT false,
	problems jsonb
);
COMMENT ON TABLE kpi.publication IS 'Finalized schemes: when, by whom, whether forced past kpi.validate (and its problems then)';

-- The published copies have the columns of the live views, in order.
-- kpi.finalize writes them before the publication row that locks them, so
-- their foreign key to it is checked at COMMIT.
CREATE TABLE kpi.published_result (
	scheme_id text NOT NULL REFERENCES kpi.publication ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	group_code text,
	unit_code text NOT NULL,
	unit_name text,
	content numeric,
	ratings numeric,
	bonus numeric,
	deduction numeric,
	total numeric,
	rank int,
	vetoed boolean,
	downgraded boolean,
	tier kpi.tier,
	tier_label text,
	complete boolean,
	PRIMARY KEY (scheme_id, unit_code)
);
COMMENT ON TABLE kpi.published_result IS 'kpi.live_result of each finalized scheme as it was published';

CREATE TABLE kpi.published_reward (
	scheme_id text NOT NULL REFERENCES kpi.publication ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	unit_code text NOT NULL,
	person text,
	role text,
	amount numeric
);
CREATE INDEX published_reward_unit_idx ON kpi.published_reward (scheme_id, unit_code);
COMMENT ON TABLE kpi.published_reward IS 'kpi.live_reward of each finalized scheme as it was published';

CREATE TABLE kpi.published_consequence (
	scheme_id text NOT NULL REFERENCES kpi.publication ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	unit_code text NOT NULL,
	person text,
	consequence text
);
CREATE INDEX published_consequence_unit_idx ON kpi.published_consequence (scheme_id, unit_code);
COMMENT ON TABLE kpi.published_consequence IS 'kpi.live_consequence of each finalized scheme as it was published';

SELECT pg_catalog.pg_extension_config_dump('kpi.publication', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.published_result', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.published_reward', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.published_consequence', '');

-- A unit account reads its own unit's published rows.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['published_result', 'published_reward', 'published_consequence'] LOOP
		EXECUTE pg_catalog.format('ALTER TABLE kpi.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format(
			'CREATE POLICY reading ON kpi.%I FOR SELECT USING ('
			'(SELECT kpi.sees_every_unit(current_user::text)) '
			'OR unit_code OPERATOR(pg_catalog.=) ANY ((SELECT kpi.units_of(current_user::text))::text[]))', t);
	END LOOP;
END
$$;

-- The public views: the published copy of a finalized scheme, the live
-- computation of any other, and to each account only the units it may
-- see.  security_barrier keeps a caller's own functions from seeing rows
-- before that filter; a filter on scheme_id (a leakproof =) still reaches
-- the scans below the windows.
CREATE VIEW kpi.result WITH (security_barrier) AS
SELECT x.*
  FROM (SELECT * FROM kpi.published_result
		UNION ALL
		SELECT l.* FROM kpi.live_result l
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = l.scheme_id)) x
 WHERE (SELECT kpi.sees_every_unit(current_user::text))
	OR x.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[]);
COMMENT ON VIEW kpi.result IS 'The assessment (semantics 1-7), one row per participant: published if finalized, else computed now';

CREATE VIEW kpi.reward WITH (security_barrier) AS
SELECT x.*
  FROM (SELECT * FROM kpi.published_reward
		UNION ALL
		SELECT l.* FROM kpi.live_reward l
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = l.scheme_id)) x
 WHERE (SELECT kpi.sees_every_unit(current_user::text))
	OR x.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[]);
COMMENT ON VIEW kpi.reward IS 'Cash rewards of 实绩突出 units, split to the fen (semantics 8): published if finalized, else computed now';

CREATE VIEW kpi.consequence WITH (security_barrier) AS
SELECT x.*
  FROM (SELECT * FROM kpi.published_consequence
		UNION ALL
		SELECT l.* FROM kpi.live_consequence l
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = l.scheme_id)) x
 WHERE (SELECT kpi.sees_every_unit(current_user::text))
	OR x.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[]);
COMMENT ON VIEW kpi.consequence IS 'Consequences (semantics 9), one row each: published if finalized, else computed now';

-- A superuser in a session with row_security = off: pg_dump's scripts and
-- pg_restore run so.  Nobody else can use kpi's tables with it off.
CREATE FUNCTION kpi.restoring()
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT current_setting('row_security') = 'off'
	   AND coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = kpi.acting_role()), false)
$$;

-- The lock.  A statement-level trigger on every table with scheme rows:
-- it takes a share lock on the schemes the statement touched, then refuses
-- the statement if one of them is published.  kpi.finalize locks the
-- scheme row for update first, so a change either commits before the
-- snapshot is taken (finalize waits for it) or sees the publication (it
-- waits for finalize) and is refused; under REPEATABLE READ the share lock
-- fails instead with a serialization error.  Nothing is lost, nothing is
-- half-in.
CREATE FUNCTION kpi.refuse_published_change()
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
		RAISE EXCEPTION 'scheme "%" is finalized', published
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = format('%s on kpi.%s would change the published scheme "%s".',
								  TG_OP, TG_TABLE_NAME, published),
				  HINT = 'Only the office can reopen it, with kpi.reopen(scheme_id, reason).';
	END IF;
	RETURN NULL;
END
$$;

-- TRUNCATE skips row and statement triggers: refuse it outright while a
-- published scheme has rows in the table.
CREATE FUNCTION kpi.refuse_published_truncate()
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
		RAISE EXCEPTION 'scheme "%" is finalized', published
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = format('TRUNCATE of kpi.%s would remove rows of the published scheme "%s".',
								  TG_TABLE_NAME, published);
	END IF;
	RETURN NULL;
END
$$;

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['scheme', 'unit_group', 'component', 'criterion', 'participant', 'score',
							 'evidence', 'rating', 'bonus', 'deduction', 'veto', 'downgrade', 'member',
							 'ineligible', 'published_result', 'published_reward',
							 'published_consequence'] LOOP
		EXECUTE pg_catalog.format('CREATE TRIGGER a_lock_insert AFTER INSERT ON kpi.%I '
			'REFERENCING NEW TABLE AS new_rows '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_published_change()', t);
		EXECUTE pg_catalog.format('CREATE TRIGGER a_lock_update AFTER UPDATE ON kpi.%I '
			'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_published_change()', t);
		EXECUTE pg_catalog.format('CREATE TRIGGER a_lock_delete AFTER DELETE ON kpi.%I '
			'REFERENCING OLD TABLE AS old_rows '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_published_change()', t);
		EXECUTE pg_catalog.format('CREATE TRIGGER a_lock_truncate BEFORE TRUNCATE ON kpi.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_published_truncate()', t);
	END LOOP;
END
$$;

-- status = 'finalized' exactly when the scheme is published: checked at
-- COMMIT, so kpi.finalize and kpi.reopen may change the two in any order
-- within their transaction, and a plain UPDATE of status cannot fake it.
CREATE FUNCTION kpi.scheme_check_status()
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
		RAISE EXCEPTION 'scheme "%" %', bad.scheme_id,
			CASE WHEN bad.published THEN 'is published but its status is "' || bad.status || '"'
				 ELSE 'has status "finalized" but was not finalized' END
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Finalize a scheme with kpi.finalize(scheme_id) and reopen it with kpi.reopen(scheme_id, reason).';
	END IF;
	RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER scheme_status_matches_publication
	AFTER INSERT OR UPDATE OF status ON kpi.scheme
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION kpi.scheme_check_status();
CREATE CONSTRAINT TRIGGER publication_matches_scheme_status
	AFTER INSERT OR DELETE ON kpi.publication
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION kpi.scheme_check_status();

-- Publish a scheme.  Refused while kpi.validate reports problems, unless
-- forced (the problems are then kept in kpi.publication).
CREATE FUNCTION kpi.finalize(scheme_id text, force boolean DEFAULT false)
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
		RAISE EXCEPTION 'permission denied to finalize scheme "%"', scheme_id
			USING ERRCODE = 'insufficient_privilege',
				  DETAIL = format('Role "%s" is not the office (考核办).', kpi.acting_role());
	END IF;
	-- A snapshot older than the lock could miss a change committed while
	-- we waited for it.
	IF current_setting('transaction_isolation') <> 'read committed' THEN
		RAISE EXCEPTION 'kpi.finalize must run at READ COMMITTED isolation'
			USING ERRCODE = 'active_sql_transaction',
				  DETAIL = format('The transaction runs at %s.', current_setting('transaction_isolation'));
	END IF;
	-- waits for every writer of the scheme to commit, and blocks new ones
	SELECT s.* INTO target FROM kpi.scheme s WHERE s.scheme_id = finalize.scheme_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'scheme "%" does not exist', scheme_id
			USING ERRCODE = 'no_data_found';
	END IF;
	IF EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = finalize.scheme_id) THEN
		RAISE EXCEPTION 'scheme "%" is already finalized', scheme_id
			USING ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	SELECT jsonb_agg(to_jsonb(v)) INTO found_problems FROM kpi.validate(finalize.scheme_id) v;
	IF found_problems IS NOT NULL AND NOT coalesce(force, false) THEN
		RAISE EXCEPTION 'scheme "%" has % problem(s) and is not finalized', scheme_id,
			jsonb_array_length(found_problems)
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = format('First: %s (%s).', found_problems->0->>'problem',
								  concat_ws(', ', found_problems->0->>'unit_code',
											found_problems->0->>'criterion_code', found_problems->0->>'detail')),
				  HINT = 'See SELECT * FROM kpi.validate(scheme_id); kpi.finalize(scheme_id, force => true) publishes anyway and records the problems.';
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
COMMENT ON FUNCTION kpi.finalize(text, boolean) IS
	'Publish a scheme: snapshot its result, rewards and consequences and refuse every later change to its rows';

-- Lift the lock: the published copy is removed (the audit keeps it, with
-- the reason) and the scheme is open again.
CREATE FUNCTION kpi.reopen(scheme_id text, reason text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT kpi.is_office(kpi.acting_role()) THEN
		RAISE EXCEPTION 'permission denied to reopen scheme "%"', scheme_id
			USING ERRCODE = 'insufficient_privilege',
				  DETAIL = format('Role "%s" is not the office (考核办).', kpi.acting_role());
	END IF;
	IF coalesce(btrim(reason), '') = '' THEN
		RAISE EXCEPTION 'reopening scheme "%" needs a reason', scheme_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'The reason is kept in kpi.audit with the published result it replaces.';
	END IF;
	PERFORM 1 FROM kpi.scheme s WHERE s.scheme_id = reopen.scheme_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'scheme "%" does not exist', scheme_id
			USING ERRCODE = 'no_data_found';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = reopen.scheme_id) THEN
		RAISE EXCEPTION 'scheme "%" is not finalized', scheme_id
			USING ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	PERFORM kpi.audit_reopen(reopen.scheme_id, reason);
	DELETE FROM kpi.publication p WHERE p.scheme_id = reopen.scheme_id;
	UPDATE kpi.scheme s SET status = 'open' WHERE s.scheme_id = reopen.scheme_id;
END
$$;
COMMENT ON FUNCTION kpi.reopen(text, text) IS
	'Reopen a finalized scheme (office only): removes its published copy, recorded in kpi.audit with the reason';

REVOKE ALL ON FUNCTION kpi.finalize(text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION kpi.reopen(text, text) FROM PUBLIC;

-- kpi: the audit trail.  Every change to the data tables, the accounts and
-- the publications is appended to kpi.audit by statement-level triggers
-- (one set-based insert per statement): when, the acting role, the table
-- and key, the old and new row as jsonb.  Only kpi's owner can write or
-- change kpi.audit; the office reads it.  A restore (kpi.restoring) brings
-- the audit rows of the dump and adds none of its own.

CREATE TABLE kpi.audit (
	id bigserial PRIMARY KEY,
	at timestamptz NOT NULL DEFAULT statement_timestamp(),
	role_name text NOT NULL DEFAULT kpi.acting_role(),
	transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
	table_name text NOT NULL,
	operation text NOT NULL
		CONSTRAINT audit_operation_valid
		CHECK (operation = ANY (ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REOPEN'])),
	scheme_id text,
	unit_code text,
	row_key jsonb,
	old_row jsonb,
	new_row jsonb,
	reason text
);
COMMENT ON TABLE kpi.audit IS 'Append-only record of every change: when, acting role, table, key, old and new row';
CREATE INDEX audit_unit_idx ON kpi.audit (unit_code, table_name, at);
CREATE INDEX audit_scheme_idx ON kpi.audit (scheme_id, at);
REVOKE ALL ON kpi.audit FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('kpi.audit', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.audit_id_seq', '');

-- The key columns of a row, as named by the trigger's arguments.
CREATE FUNCTION kpi.audit_key(j jsonb, key_columns text[])
RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT jsonb_object_agg(k, j -> k) FROM unnest(key_columns) k
$$;

-- One audit row per changed row.  An UPDATE pairs old and new rows by key;
-- an update that changes the key (ON UPDATE CASCADE of a code) is recorded
-- as its old row and its new row, each with the other side null.
CREATE FUNCTION kpi.audit_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	key_columns text[] := TG_ARGV;
BEGIN
	IF kpi.restoring() THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'INSERT' THEN
		INSERT INTO kpi.audit (table_name, operation, scheme_id, unit_code, row_key, new_row)
		SELECT TG_TABLE_NAME, TG_OP, t.j ->> 'scheme_id', t.j ->> 'unit_code',
			   kpi.audit_key(t.j, key_columns), t.j
		  FROM (SELECT to_jsonb(n) AS j FROM new_rows n) t;
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO kpi.audit (table_name, operation, scheme_id, unit_code, row_key, old_row)
		SELECT TG_TABLE_NAME, TG_OP, t.j ->> 'scheme_id', t.j ->> 'unit_code',
			   kpi.audit_key(t.j, key_columns), t.j
		  FROM (SELECT to_jsonb(o) AS j FROM old_rows o) t;
	ELSE
		INSERT INTO kpi.audit (table_name, operation, scheme_id, unit_code, row_key, old_row, new_row)
		SELECT TG_TABLE_NAME, TG_OP,
			   coalesce(n.j ->> 'scheme_id', o.j ->> 'scheme_id'),
			   coalesce(n.j ->> 'unit_code', o.j ->> 'unit_code'),
			   coalesce(n.k, o.k), o.j, n.j
		  FROM (SELECT to_jsonb(x) AS j, kpi.audit_key(to_jsonb(x), key_columns) AS k FROM old_rows x) o
		  FULL JOIN (SELECT to_jsonb(x) AS j, kpi.audit_key(to_jsonb(x), key_columns) AS k FROM new_rows x) n
			ON n.k = o.k;
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION kpi.audit_truncate()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT kpi.restoring() THEN
		INSERT INTO kpi.audit (table_name, operation) VALUES (TG_TABLE_NAME, TG_OP);
	END IF;
	RETURN NULL;
END
$$;

-- kpi.reopen's record: the reason, and the publication with everything it
-- published, which the reopening removes.
CREATE FUNCTION kpi.audit_reopen(scheme text, reason text)
RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	INSERT INTO kpi.audit (table_name, operation, scheme_id, row_key, old_row, reason)
	SELECT 'publication', 'REOPEN', p.scheme_id, jsonb_build_object('scheme_id', p.scheme_id),
		   jsonb_build_object(
			   'publication', to_jsonb(p),
			   'result', (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.group_code, r.rank, r.unit_code)
							FROM kpi.published_result r WHERE r.scheme_id = p.scheme_id),
			   'reward', (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.unit_code, r.person)
							FROM kpi.published_reward r WHERE r.scheme_id = p.scheme_id),
			   'consequence', (SELECT jsonb_agg(to_jsonb(c) ORDER BY c.unit_code, c.person, c.consequence)
								 FROM kpi.published_consequence c WHERE c.scheme_id = p.scheme_id)),
		   reason
	  FROM kpi.publication p
	 WHERE p.scheme_id = scheme
$$;
REVOKE ALL ON FUNCTION kpi.audit_reopen(text, text) FROM PUBLIC;

-- Audited tables with their key columns.
DO $$
DECLARE
	t record;
BEGIN
	FOR t IN SELECT * FROM (VALUES
		('scheme', '''scheme_id'''),
		('unit_group', '''scheme_id'', ''group_code'''),
		('component', '''scheme_id'', ''group_code'', ''component_code'''),
		('unit', '''unit_code'''),
		('criterion', '''scheme_id'', ''criterion_code'''),
		('participant', '''scheme_id'', ''unit_code'''),
		('score', '''scheme_id'', ''unit_code'', ''criterion_code'''),
		('evidence', '''scheme_id'', ''unit_code'', ''criterion_code'''),
		('rating', '''scheme_id'', ''unit_code'', ''component_code'', ''rater'''),
		('bonus', '''id'''),
		('deduction', '''id'''),
		('veto_condition', '''condition_code'''),
		('veto', '''id'''),
		('downgrade', '''id'''),
		('member', '''scheme_id'', ''unit_code'', ''person'''),
		('ineligible', '''id'''),
		('account', '''id'''),
		('publication', '''scheme_id''')) AS v (name, key_columns)
	LOOP
		EXECUTE pg_catalog.format('CREATE TRIGGER audit_insert AFTER INSERT ON kpi.%I '
			'REFERENCING NEW TABLE AS new_rows '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.audit_rows(%s)', t.name, t.key_columns);
		EXECUTE pg_catalog.format('CREATE TRIGGER audit_update AFTER UPDATE ON kpi.%I '
			'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.audit_rows(%s)', t.name, t.key_columns);
		EXECUTE pg_catalog.format('CREATE TRIGGER audit_delete AFTER DELETE ON kpi.%I '
			'REFERENCING OLD TABLE AS old_rows '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.audit_rows(%s)', t.name, t.key_columns);
		EXECUTE pg_catalog.format('CREATE TRIGGER audit_truncate BEFORE TRUNCATE ON kpi.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.audit_truncate()', t.name);
	END LOOP;
END
$$;

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
