\echo Use "CREATE EXTENSION kpi" to load this file. \quit

-- kpi: tables.  Everything the users write lives here; every table is
-- registered with pg_extension_config_dump at the end so pg_dump keeps it.
-- Codes are the users' own text; ids are generated.  Foreign keys into the
-- criteria and groups are checked at COMMIT: deleting a scheme cascades to
-- its criteria and to its participants' scores in one statement, and an
-- immediate check could run between the two and refuse the whole delete.  Points, scores and
-- weights carry at most 2 decimals (the engine sums them as int64
-- hundredths), which the CHECK constraints below make a property of the data.
-- Text has a maximum length (codes 100 characters, names 200, titles 500,
-- notes, reasons and criterion titles 2000; rules and facts 64 kB as
-- text), so no row can carry a value no report can print.

-- Text a spreadsheet shows as text.  A cell that begins with =, +, -, @,
-- a tab or a carriage return is run as a formula by Excel and LibreOffice
-- when a sheet written from kpi (an entry view saved as CSV) is opened, so
-- the free text that units, assessors and raters enter may not begin so.
-- Plain SQL of its argument, inlined into the CHECKs that use it; its one
-- operator is named, so no caller's search_path can change it.
CREATE FUNCTION kpi.spreadsheet_safe(value text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
	SELECT $1 IS NULL OR $1 OPERATOR(pg_catalog.!~) '^[-=+@\t\r]'
$$;
COMMENT ON FUNCTION kpi.spreadsheet_safe(text) IS 'Whether a text does not begin like a spreadsheet formula (=, +, -, @, tab, carriage return)';

CREATE TYPE kpi.tier AS ENUM ('outstanding', 'good', 'poor');
COMMENT ON TYPE kpi.tier IS 'Ranking tier, best first: 实绩突出, 实绩比较突出, 实绩一般';

CREATE TABLE kpi.scheme (
	scheme_id text PRIMARY KEY,
	year int NOT NULL,
	title text,
	top_n int NOT NULL DEFAULT 2
		CONSTRAINT scheme_top_n_not_negative CHECK (top_n >= 0),
	bonus_points numeric NOT NULL DEFAULT 5
		CONSTRAINT scheme_bonus_points_valid
		CHECK (bonus_points >= 0 AND bonus_points = pg_catalog.round(bonus_points, 2)),
	reward_amount numeric(12,2) NOT NULL DEFAULT 1000
		CONSTRAINT scheme_reward_amount_not_negative CHECK (reward_amount >= 0),
	head_share numeric NOT NULL DEFAULT 0.40
		CONSTRAINT scheme_head_share_valid
		CHECK (head_share >= 0 AND head_share <= 1
			   AND head_share = pg_catalog.round(head_share, 6)),
	status text NOT NULL DEFAULT 'open'
		CONSTRAINT scheme_status_valid CHECK (status = ANY (ARRAY['draft', 'open', 'finalized'])),
	CONSTRAINT scheme_code_not_empty CHECK (scheme_id <> ''),
	CONSTRAINT scheme_text_length CHECK (char_length(scheme_id) <= 100 AND char_length(title) <= 500)
);
COMMENT ON TABLE kpi.scheme IS 'One assessment (a year''s method): ranking, bonus and reward parameters';

CREATE TABLE kpi.unit_group (
	scheme_id text NOT NULL REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	group_code text NOT NULL,
	title text,
	PRIMARY KEY (scheme_id, group_code),
	CONSTRAINT unit_group_text_length CHECK (char_length(group_code) <= 100 AND char_length(title) <= 500)
);
COMMENT ON TABLE kpi.unit_group IS 'Units are ranked within their group (局属股室, 二级单位, 基层司法所)';

CREATE TABLE kpi.component (
	scheme_id text NOT NULL,
	group_code text NOT NULL,
	component_code text NOT NULL,
	title text,
	weight numeric NOT NULL
		CONSTRAINT component_weight_valid
		CHECK (weight >= 0 AND weight <= 100 AND weight = pg_catalog.round(weight, 2)),
	aggregation text NOT NULL DEFAULT 'mean'
		CONSTRAINT component_aggregation_valid
		CHECK (aggregation = ANY (ARRAY['mean', 'trimmed_mean'])),
	PRIMARY KEY (scheme_id, group_code, component_code),
	FOREIGN KEY (scheme_id, group_code) REFERENCES kpi.unit_group
		ON UPDATE CASCADE ON DELETE CASCADE,
	CONSTRAINT component_text_length CHECK (char_length(component_code) <= 100 AND char_length(title) <= 500)
);
COMMENT ON TABLE kpi.component IS 'Weighted parts of a group''s total: ''content'' is the criteria score, every other code a rating';

CREATE TABLE kpi.unit (
	unit_code text PRIMARY KEY,
	name text NOT NULL,
	kind text,
	CONSTRAINT unit_code_not_empty CHECK (unit_code <> ''),
	CONSTRAINT unit_text_length
		CHECK (char_length(unit_code) <= 100 AND char_length(name) <= 200 AND char_length(kind) <= 100)
);
COMMENT ON TABLE kpi.unit IS 'Assessed units, stable across years';

CREATE TABLE kpi.criterion (
	scheme_id text NOT NULL REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	criterion_code text NOT NULL,
	parent_code text,
	title text,
	max_points numeric NOT NULL
		CONSTRAINT criterion_max_points_valid
		CHECK (max_points >= 0 AND max_points = pg_catalog.round(max_points, 2)),
	rule jsonb,
	position int,
	PRIMARY KEY (scheme_id, criterion_code),
	CONSTRAINT criterion_parent_in_same_scheme FOREIGN KEY (scheme_id, parent_code)
		REFERENCES kpi.criterion (scheme_id, criterion_code) ON UPDATE CASCADE
		DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT criterion_not_own_parent CHECK (parent_code <> criterion_code),
	CONSTRAINT criterion_text_length CHECK (char_length(criterion_code) <= 100 AND char_length(title) <= 2000
											AND octet_length(rule::text) <= 65536)
);
COMMENT ON TABLE kpi.criterion IS 'Criteria trees (实施细则); a row with no parent is a rubric root';

CREATE TABLE kpi.participant (
	scheme_id text NOT NULL REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	unit_code text NOT NULL REFERENCES kpi.unit ON UPDATE CASCADE,
	group_code text NOT NULL,
	rubric_code text NOT NULL,
	PRIMARY KEY (scheme_id, unit_code),
	FOREIGN KEY (scheme_id, group_code) REFERENCES kpi.unit_group ON UPDATE CASCADE
		DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT participant_rubric_exists FOREIGN KEY (scheme_id, rubric_code)
		REFERENCES kpi.criterion (scheme_id, criterion_code) ON UPDATE CASCADE
		DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON TABLE kpi.participant IS 'A unit taking part in a scheme, in a group, scored on a rubric root';

CREATE TABLE kpi.score (
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	criterion_code text NOT NULL,
	points numeric NOT NULL
		CONSTRAINT score_points_valid
		CHECK (points >= 0 AND points = pg_catalog.round(points, 2)),
	note text
		CONSTRAINT score_note_valid CHECK (char_length(note) <= 2000 AND kpi.spreadsheet_safe(note)),
	PRIMARY KEY (scheme_id, unit_code, criterion_code),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE,
	FOREIGN KEY (scheme_id, criterion_code) REFERENCES kpi.criterion ON UPDATE CASCADE
		DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON TABLE kpi.score IS 'Points given by hand to a leaf of the unit''s rubric (overrides the leaf''s rule)';

CREATE TABLE kpi.evidence (
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	criterion_code text NOT NULL,
	facts jsonb NOT NULL
		CONSTRAINT evidence_facts_length CHECK (octet_length(facts::text) <= 65536),
	PRIMARY KEY (scheme_id, unit_code, criterion_code),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE,
	FOREIGN KEY (scheme_id, criterion_code) REFERENCES kpi.criterion ON UPDATE CASCADE
		DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON TABLE kpi.evidence IS 'Facts a unit reported for a leaf; the leaf''s rule turns them into points';

CREATE TABLE kpi.rating (
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	component_code text NOT NULL,
	rater text NOT NULL
		CONSTRAINT rating_rater_valid CHECK (char_length(rater) <= 200 AND kpi.spreadsheet_safe(rater)),
	score numeric NOT NULL
		CONSTRAINT rating_score_valid
		CHECK (score >= 0 AND score <= 100 AND score = pg_catalog.round(score, 2)),
	PRIMARY KEY (scheme_id, unit_code, component_code, rater),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE,
	CONSTRAINT rating_not_content CHECK (component_code <> 'content')
);
COMMENT ON TABLE kpi.rating IS 'One rater''s 0..100 score of a unit on a rating component';

CREATE TABLE kpi.bonus (
	id bigserial PRIMARY KEY,
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	title text NOT NULL,
	approved boolean NOT NULL DEFAULT false,
	points numeric
		CONSTRAINT bonus_points_valid
		CHECK (points >= 0 AND points = pg_catalog.round(points, 2)),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE,
	CONSTRAINT bonus_text_length CHECK (char_length(title) <= 500)
);
COMMENT ON TABLE kpi.bonus IS '创新突破 items; an approved one adds its points (null: the scheme''s bonus_points)';

CREATE TABLE kpi.deduction (
	id bigserial PRIMARY KEY,
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	criterion_code text NOT NULL,
	source text,
	upstream_lost numeric NOT NULL,
	upstream_max numeric NOT NULL,
	note text,
	CONSTRAINT deduction_upstream_max_positive CHECK (upstream_max > 0),
	CONSTRAINT deduction_upstream_lost_valid
		CHECK (upstream_lost >= 0 AND upstream_lost <= upstream_max),
	CONSTRAINT deduction_text_length CHECK (char_length(source) <= 200 AND char_length(note) <= 2000),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE,
	FOREIGN KEY (scheme_id, criterion_code) REFERENCES kpi.criterion ON UPDATE CASCADE
		DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON TABLE kpi.deduction IS 'Points an upstream assessor (市局/旗) took off, traced to a unit''s criterion';

CREATE TABLE kpi.veto_condition (
	condition_code int PRIMARY KEY,
	title text NOT NULL
		CONSTRAINT veto_condition_text_length CHECK (char_length(title) <= 500)
);
COMMENT ON TABLE kpi.veto_condition IS 'Conditions that keep a unit out of the upper tiers (the 2018 method lists seven)';

-- the seven conditions of the 2018 method: 72_veto_conditions.sql

CREATE TABLE kpi.veto (
	id bigserial PRIMARY KEY,
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	condition_code int NOT NULL
		CONSTRAINT veto_condition_known REFERENCES kpi.veto_condition ON UPDATE CASCADE,
	note text
		CONSTRAINT veto_text_length CHECK (char_length(note) <= 2000),
	confirmed boolean NOT NULL DEFAULT true,
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE kpi.veto IS 'A veto condition found at a unit; a confirmed one makes it 实绩一般';

CREATE TABLE kpi.downgrade (
	id bigserial PRIMARY KEY,
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	reason text
		CONSTRAINT downgrade_text_length CHECK (char_length(reason) <= 2000),
	steps int NOT NULL DEFAULT 1
		CONSTRAINT downgrade_steps_positive CHECK (steps >= 1),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE kpi.downgrade IS '弄虚作假 found: 降级评定 by the given number of tiers';

CREATE TABLE kpi.member (
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	person text NOT NULL
		CONSTRAINT member_text_length CHECK (char_length(person) <= 200),
	role text NOT NULL
		CONSTRAINT member_role_valid CHECK (role = ANY (ARRAY['head', 'staff'])),
	PRIMARY KEY (scheme_id, unit_code, person),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE kpi.member IS 'People of a unit in a scheme: head(s) (主要负责人) and staff';

CREATE TABLE kpi.ineligible (
	id bigserial PRIMARY KEY,
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	person text,
	reason text
		CONSTRAINT ineligible_text_length CHECK (char_length(reason) <= 2000),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE,
	-- a named person must be a member of the unit (a null person skips it)
	CONSTRAINT ineligible_person_is_member FOREIGN KEY (scheme_id, unit_code, person)
		REFERENCES kpi.member ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE kpi.ineligible IS '不能评优评先 events: for one person, or (person null) the whole unit';

-- Roles and what kpi lets each do (70_access.sql).
CREATE TABLE kpi.account (
	id bigserial PRIMARY KEY,
	role_name text NOT NULL,
	-- the role as it was when granted: a role dropped and made again under
	-- the same name is another role and takes none of the old one's
	-- accounts (null: its role is gone)
	role_oid oid,
	capability text NOT NULL
		CONSTRAINT account_capability_valid
		CHECK (capability = ANY (ARRAY['unit', 'assessor', 'rater', 'office', 'reader'])),
	-- a unit account's unit; the unit a rater rates (null: every unit)
	unit_code text REFERENCES kpi.unit ON UPDATE CASCADE ON DELETE CASCADE,
	criterion_code text,
	rater text
		CONSTRAINT account_rater_valid CHECK (char_length(rater) <= 200 AND kpi.spreadsheet_safe(rater)),
	-- the scheme an assessor scores or a rater rates (null: every one); an
	-- assessor's criterion_code is a criterion of it
	scheme_id text REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	-- the rating component a rater rates (null: every one)
	component_code text,
	CONSTRAINT account_fields_fit_capability CHECK (
		(unit_code IS NOT NULL OR capability <> 'unit')
		AND (unit_code IS NULL OR capability = ANY (ARRAY['unit', 'rater']))
		AND (rater IS NOT NULL) = (capability = 'rater')
		AND (criterion_code IS NULL OR capability = 'assessor')
		AND (scheme_id IS NULL OR capability = ANY (ARRAY['assessor', 'rater']))
		AND (component_code IS NULL OR capability = 'rater')
		AND (criterion_code IS NULL OR scheme_id IS NOT NULL)),
	-- a criterion an account scores under is not deleted while it does
	CONSTRAINT account_scope_criterion FOREIGN KEY (scheme_id, criterion_code)
		REFERENCES kpi.criterion (scheme_id, criterion_code) ON UPDATE CASCADE
		DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT account_unique UNIQUE NULLS NOT DISTINCT
		(role_name, capability, unit_code, criterion_code, rater, scheme_id, component_code)
);
COMMENT ON TABLE kpi.account IS 'Database roles and what kpi lets them do: unit, assessor, rater, office or reader';
SELECT pg_catalog.pg_extension_config_dump('kpi.account', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.account_id_seq', '');

-- Finalized schemes (75_publish.sql): when, by whom, whether forced, and
-- the copies of what was published.  The scheme's row here is the lock on
-- all its rows in every table.
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

-- Indexes for the foreign keys and the per-unit lookups of the views.
CREATE INDEX criterion_parent_idx ON kpi.criterion (scheme_id, parent_code);
CREATE INDEX participant_rubric_idx ON kpi.participant (scheme_id, rubric_code);
CREATE INDEX score_criterion_idx ON kpi.score (scheme_id, criterion_code);
CREATE INDEX evidence_criterion_idx ON kpi.evidence (scheme_id, criterion_code);
CREATE INDEX bonus_unit_idx ON kpi.bonus (scheme_id, unit_code);
CREATE INDEX deduction_unit_idx ON kpi.deduction (scheme_id, unit_code);
CREATE INDEX deduction_criterion_idx ON kpi.deduction (scheme_id, criterion_code);
CREATE INDEX veto_unit_idx ON kpi.veto (scheme_id, unit_code);
CREATE INDEX downgrade_unit_idx ON kpi.downgrade (scheme_id, unit_code);
CREATE INDEX ineligible_unit_idx ON kpi.ineligible (scheme_id, unit_code);

-- pg_dump keeps user data of extension tables only when registered.  The
-- shipped veto conditions are dumped only where users changed or added them.
SELECT pg_catalog.pg_extension_config_dump('kpi.scheme', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.unit_group', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.component', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.unit', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.criterion', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.participant', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.score', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.evidence', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.rating', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.bonus', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.bonus_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.deduction', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.deduction_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.veto_condition', 'WHERE condition_code > 7');
SELECT pg_catalog.pg_extension_config_dump('kpi.veto', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.veto_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.downgrade', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.downgrade_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.member', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.ineligible', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.ineligible_id_seq', '');

-- kpi: translated messages (README "Messages in Chinese (lc_messages)").
-- The checks in plpgsql raise
--   RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('... %s ...'), ...)
-- so that their English formats, extracted into po/kpi.pot, come out in
-- the language of lc_messages as the C functions' errors do.

-- STABLE, not IMMUTABLE: the result follows lc_messages, a setting.
CREATE FUNCTION kpi.translate(msgid text)
RETURNS text
AS 'MODULE_PATHNAME', 'kpi_translate'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.translate(text) IS
	'A message of kpi in the language of lc_messages (po/<lang>.po), or msgid when it has no translation';

-- kpi: who the caller is: the role acting, the kpi accounts it holds, what
-- they let it see (row-level security and the result views ask), and
-- whether a restore is running (the triggers that audit and lock ask).

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

-- pg_restore loads kpi's tables in the order foreign keys dictate (a
-- finalized scheme before its scores), and its data is what was checked
-- and audited already.  pg_dump's scripts run with row_security = off,
-- which only roles exempt from row-level security can use on kpi's tables;
-- a superuser in such a session is taken to be restoring, and the lock,
-- the audit and the status check stand aside.  Ordinary sessions run with
-- row_security = on.
CREATE FUNCTION kpi.restoring()
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT current_setting('row_security') = 'off'
	   AND coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = kpi.acting_role()), false)
$$;

-- The account rows a role acts under: its own and those of the roles it
-- inherits from (a group role per 司法所 works).  SECURITY DEFINER because
-- kpi.account is the office's to read while every account's row-level
-- security needs the account's own rows; so it answers only for a role the
-- acting role is, or inherits: asked about anyone else, it returns nothing.
CREATE FUNCTION kpi.accounts_of(role_name text)
RETURNS SETOF kpi.account
LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT a.*
	  FROM kpi.account a
	  JOIN pg_catalog.pg_roles g ON g.oid = a.role_oid
	  JOIN pg_catalog.pg_roles r ON r.rolname = $1
	  JOIN pg_catalog.pg_roles asking ON asking.rolname = kpi.acting_role()
	 WHERE pg_catalog.pg_has_role(r.oid, g.oid, 'USAGE')
	   AND pg_catalog.pg_has_role(asking.oid, r.oid, 'USAGE')
$$;
COMMENT ON FUNCTION kpi.accounts_of(text) IS 'The kpi accounts a role holds, directly or through roles it inherits (asked by that role or a member of it)';

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

-- Whether a role reads every unit's results (kpi.result, the report views,
-- the published copies): the office, assessors and readers.
CREATE FUNCTION kpi.sees_every_unit(role_name text)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT kpi.unrestricted($1) OR kpi.capabilities($1) && ARRAY['office', 'assessor', 'reader']
$$;

-- Whether a role reads every unit's own rows in the data tables (scores,
-- facts, members ...): the office and assessors.  Kept apart from
-- kpi.sees_every_unit so that capabilities add up to no more than each
-- gives: a unit account that is also a reader reads every unit's results
-- but only its own unit's rows.
CREATE FUNCTION kpi.reads_every_unit(role_name text)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT kpi.unrestricted($1) OR kpi.capabilities($1) && ARRAY['office', 'assessor']
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

-- What only the office may do (granting access, finalizing, reopening):
-- refused for any other acting role, with the refusal given and the role.
CREATE FUNCTION kpi.require_office(refusal text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT kpi.is_office(kpi.acting_role()) THEN
		RAISE EXCEPTION USING
			MESSAGE = refusal,
			ERRCODE = 'insufficient_privilege',
			DETAIL = pg_catalog.format(kpi.translate('Role "%s" is not the office (考核办).'), kpi.acting_role());
	END IF;
END
$$;

-- kpi: the C functions that compute (src/*_pg.c over the pure core).  Each
-- SQL-callable C function's symbol is its SQL name, with kpi_ in front
-- where the name lacks it.

-- kpi_weighted_total: one unit's contributions -> its total (semantics 1-3,
-- 5).  A contribution is (slot, points, max_points, weight, aggregation):
--   slot 0  content: points = a leaf's points; max_points adds to the
--           rubric maximum; weight declares the content weight;
--   slot >= 1  a rating component: points = one rater's score; weight and
--           aggregation ('mean' or 'trimmed_mean') declare the component;
--   slot -1 bonus points; slot -2 rubric points taken by deductions.
-- kpi.contribution (45_total.sql) is the one place that feeds it.  The
-- state is an int8[] of exact int64 hundredths (src/tally.h), a real SQL
-- type that parallel workers (and Citus) split and combine.
CREATE FUNCTION kpi.kpi_weighted_total_trans(state bigint[], slot integer, points numeric,
	max_points numeric, weight numeric, aggregation text)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'kpi_weighted_total_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION kpi.kpi_weighted_total_combine(bigint[], bigint[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'kpi_weighted_total_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION kpi.kpi_weighted_total_final(bigint[])
RETURNS numeric
AS 'MODULE_PATHNAME', 'kpi_weighted_total_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The parts of a unit's total: exact, and as kpi.result shows them.
CREATE TYPE kpi.weighted_parts AS (
	content numeric,			-- exact content score (semantics 1)
	ratings numeric,			-- exact sum of the weighted ratings (2)
	bonus numeric,				-- approved bonus points (3)
	deduction numeric,			-- rubric points taken by deductions (4)
	total numeric,				-- round(content + ratings + bonus, 2) (5)
	ratings_complete boolean,	-- every rating component has a rating
	content_shown numeric,		-- content rounded to 2 decimals
	ratings_shown numeric		-- ratings rounded to 2 decimals
);

CREATE FUNCTION kpi.kpi_weighted_parts_final(bigint[])
RETURNS kpi.weighted_parts
AS 'MODULE_PATHNAME', 'kpi_weighted_parts_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE kpi.kpi_weighted_total(slot integer, points numeric, max_points numeric,
	weight numeric, aggregation text) (
	SFUNC = kpi.kpi_weighted_total_trans,
	STYPE = bigint[],
	INITCOND = '{1,0,0,0,-1,0,0}',
	COMBINEFUNC = kpi.kpi_weighted_total_combine,
	FINALFUNC = kpi.kpi_weighted_total_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE kpi.kpi_weighted_total(integer, numeric, numeric, numeric, text) IS
	'Exact weighted total of one unit''s contributions (see kpi.contribution)';

-- The same state finished as every part.  Beside kpi_weighted_total on the
-- same input (kpi.unit_total), PostgreSQL computes the state once for both.
CREATE AGGREGATE kpi.kpi_weighted_parts(slot integer, points numeric, max_points numeric,
	weight numeric, aggregation text) (
	SFUNC = kpi.kpi_weighted_total_trans,
	STYPE = bigint[],
	INITCOND = '{1,0,0,0,-1,0,0}',
	COMBINEFUNC = kpi.kpi_weighted_total_combine,
	FINALFUNC = kpi.kpi_weighted_parts_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE kpi.kpi_weighted_parts(integer, numeric, numeric, numeric, text) IS
	'The parts (content, ratings, bonus, deduction, total) of one unit''s contributions';

-- kpi_tier: semantics 7a-c, over (PARTITION BY scheme_id, group_code ORDER BY rank).
CREATE FUNCTION kpi.kpi_tier(rank bigint, vetoed boolean, top_n integer)
RETURNS kpi.tier
AS 'MODULE_PATHNAME', 'kpi_tier'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_tier(bigint, boolean, integer) IS
	'Window function: 实绩突出/实绩比较突出/实绩一般 by rank, vetoes and top_n (semantics 7a-c)';

-- kpi_veto: semantics 7a and 7d applied to a tier.
CREATE FUNCTION kpi.kpi_veto(tier kpi.tier, vetoed boolean, downgrade_steps integer)
RETURNS kpi.tier
AS 'MODULE_PATHNAME', 'kpi_veto'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_veto(kpi.tier, boolean, integer) IS
	'A veto caps the tier at 实绩一般; each downgrade step drops one tier (semantics 7a, 7d)';

-- The reward split of semantics 8, to the fen.
CREATE FUNCTION kpi.kpi_reward_split(amount numeric, head_share numeric, persons text[], roles text[])
RETURNS TABLE (person text, role text, amount numeric)
AS 'MODULE_PATHNAME', 'kpi_reward_split'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION kpi.kpi_reward_split(numeric, numeric, text[], text[]) IS
	'Split a reward: head_share to the heads, the rest to the staff, largest remainders get the leftover fen';

-- Deductions capped bottom-up (semantics 4) over a rubric's tree given
-- once, with one unit's points and asks given by code: the points taken
-- at each asked code, in its order.
CREATE FUNCTION kpi.kpi_deduction_cap(codes text[], parents text[], point_codes text[], points numeric[],
	asked_codes text[], asked numeric[])
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'kpi_deduction_cap'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_deduction_cap(text[], text[], text[], numeric[], text[], numeric[]) IS
	'Points taken at each asked criterion of a tree: min(asked, held in its subtree - taken below it)';

-- Chinese names of the tiers.
CREATE FUNCTION kpi.tier_label(tier kpi.tier)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
	SELECT CASE
		WHEN $1 OPERATOR(pg_catalog.=) 'outstanding'::kpi.tier THEN '实绩突出'
		WHEN $1 OPERATOR(pg_catalog.=) 'good'::kpi.tier THEN '实绩比较突出'
		ELSE '实绩一般'
	END
$$;

-- kpi: rules on leaf criteria (src/rule.c), evaluated from the facts
-- a unit reported; the kinds, each with its seed example, are in the README.

CREATE FUNCTION kpi.kpi_rule_points(rule jsonb, facts jsonb, max_points numeric)
RETURNS numeric
AS 'MODULE_PATHNAME', 'kpi_rule_points'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_rule_points(jsonb, jsonb, numeric) IS
	'Points a rule gives for the reported facts, 0..max_points, 2 decimals';

CREATE FUNCTION kpi.kpi_rule_problem(rule jsonb, max_points numeric)
RETURNS text
AS 'MODULE_PATHNAME', 'kpi_rule_problem'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_rule_problem(jsonb, numeric) IS
	'Why a rule is invalid for a criterion of max_points, or null when it is valid';

CREATE FUNCTION kpi.kpi_facts_problem(rule jsonb, facts jsonb, max_points numeric)
RETURNS text
AS 'MODULE_PATHNAME', 'kpi_facts_problem'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_facts_problem(jsonb, jsonb, numeric) IS
	'Why facts do not fit a rule, or null when they do';

-- kpi: 实施细则 text in, criteria out (src/rubric_text.c).

CREATE FUNCTION kpi.parse_rubric(text)
RETURNS TABLE (code text, parent_code text, title text, max_points numeric, "position" int)
AS 'MODULE_PATHNAME', 'kpi_parse_rubric'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION kpi.parse_rubric(text) IS
	'Read 实施细则 text into rows of code, parent, title, points (categories, items, parts)';

-- Insert a parsed rubric under a new root rubric_code: every code gets the
-- root's code as prefix ("sfs" + "1.2" = "sfs.1.2"); the root's points are
-- the sum of its categories.  A text of one single category (附件3's
-- 直属律师事务所考核工作) is that rubric: its items hang from the root.
-- All or nothing: a parse error inserts no row.
CREATE FUNCTION kpi.load_rubric(scheme text, rubric_code text, title text, rubric text)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	parsed kpi.criterion[];
	tops integer;
	n integer;
BEGIN
	SELECT count(*) FILTER (WHERE p.parent_code IS NULL),
		   array_agg(ROW(scheme, p.code, p.parent_code, p.title, p.max_points, NULL, p."position")::kpi.criterion)
	  INTO tops, parsed
	  FROM kpi.parse_rubric(rubric) p;
	INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, position)
	SELECT scheme, rubric_code, NULL, title,
		   (SELECT sum(c.max_points) FROM unnest(parsed) c WHERE c.parent_code IS NULL),
		   coalesce((SELECT max(c.position) FROM kpi.criterion c
					  WHERE c.scheme_id = scheme AND c.parent_code IS NULL), 0) + 1;
	INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, position)
	SELECT scheme, rubric_code || '.' || x.code,
		   rubric_code || coalesce('.' || x.parent, ''), x.title, x.max_points, x.position
	  FROM (SELECT CASE WHEN tops = 1 THEN substr(c.criterion_code, strpos(c.criterion_code, '.') + 1)
						ELSE c.criterion_code END AS code,
				   CASE WHEN tops = 1 AND strpos(c.parent_code, '.') > 0
						THEN substr(c.parent_code, strpos(c.parent_code, '.') + 1)
						WHEN tops = 1 THEN NULL
						ELSE c.parent_code END AS parent,
				   c.title, c.max_points, c.position
			  FROM unnest(parsed) c
			 WHERE tops > 1 OR c.parent_code IS NOT NULL) x;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n + 1;
END
$$;
COMMENT ON FUNCTION kpi.load_rubric(text, text, text, text) IS
	'Parse 实施细则 text and insert it as a new rubric root rubric_code of the scheme; returns the rows inserted';

-- kpi: how the parts declare the statement triggers that read the rows a
-- statement changed (the lock, the criteria trees, the row checks, the
-- audit): one per event, named <prefix>_<event>, AFTER the event, with the
-- transition tables new_rows and old_rows.  Old rows of an UPDATE only when
-- the trigger reads them: capturing them copies every updated row.
CREATE FUNCTION kpi.create_change_triggers(rel regclass, prefix text, fn text, events text[],
										   update_reads_old boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	event text;
BEGIN
	FOREACH event IN ARRAY events LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER %s ON %s %s FOR EACH STATEMENT EXECUTE FUNCTION %s',
					   prefix || '_' || event, upper(event), rel,
					   CASE event
						   WHEN 'insert' THEN 'REFERENCING NEW TABLE AS new_rows'
						   WHEN 'update' THEN CASE WHEN update_reads_old
												   THEN 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
												   ELSE 'REFERENCING NEW TABLE AS new_rows' END
						   WHEN 'delete' THEN 'REFERENCING OLD TABLE AS old_rows'
						   ELSE '' END,
					   fn);
	END LOOP;
END
$$;
COMMENT ON FUNCTION kpi.create_change_triggers(regclass, text, text, text[], boolean) IS
	'Creates the statement triggers <prefix>_<event> on rel that run fn with the transition tables new_rows and old_rows';

-- kpi: the criteria trees.  Where each criterion sits in its tree (its
-- rubric root, depth and leafness, with its own columns) is kept in a table
-- by a trigger on kpi.criterion instead of a recursive query and a join in
-- every read: a rubric changes a few times a year and is read on every
-- query of kpi.result, and a recursive CTE would keep the planner from
-- running those queries in parallel.  The table is derived: not dumped,
-- rebuilt by the trigger as a restore loads criteria.

CREATE TABLE kpi.criterion_node (
	scheme_id text NOT NULL,
	criterion_code text NOT NULL,
	rubric_code text NOT NULL,
	depth int NOT NULL,
	is_leaf boolean NOT NULL,
	-- the criterion's own columns, copied so a tree is read from one table
	parent_code text,
	title text,
	max_points numeric NOT NULL,
	rule jsonb,
	position int,
	PRIMARY KEY (scheme_id, criterion_code)
);
COMMENT ON TABLE kpi.criterion_node IS 'Every criterion under a root with its rubric root, depth and leafness (derived from kpi.criterion)';
-- (scheme, rubric) reads a tree; with the code, a row checked against its
-- unit's rubric is one lookup even when the planner, its statistics not
-- yet knowing a new large tree, loops over the rows of a big import
CREATE INDEX criterion_node_rubric_idx ON kpi.criterion_node (scheme_id, rubric_code, criterion_code);

-- Recompute the nodes of the given schemes (null: all) from kpi.criterion.
-- The walk goes down from the roots, so criteria on a cycle (refused by
-- kpi.criterion_check_tree anyway) or under a missing parent are no node.
-- SECURITY DEFINER: the table is derived, kpi's own, and no account writes
-- it; it is rebuilt for whoever changed the criteria.
CREATE FUNCTION kpi.rebuild_criterion_node(schemes text[])
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

-- The trigger on kpi.criterion that rebuilds the changed schemes' nodes;
-- SECURITY DEFINER for kpi.rebuild_criterion_node.
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
SELECT kpi.create_change_triggers('kpi.criterion', 'a_node', 'kpi.criterion_node_refresh()',
								  '{insert,update,delete,truncate}');

-- Every criterion under a rubric root, with the root it belongs to.
CREATE VIEW kpi.rubric_node AS
SELECT n.scheme_id, n.rubric_code, n.criterion_code, n.parent_code, n.depth,
	   n.title, n.max_points, n.rule, n.position, n.is_leaf
  FROM kpi.criterion_node n;
COMMENT ON VIEW kpi.rubric_node IS 'Every criterion with the rubric root it descends from and its depth (root = 0)';

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

-- Each rubric's tree as two aligned arrays, for kpi_deduction_cap.
CREATE VIEW kpi.rubric_tree AS
SELECT scheme_id, rubric_code, array_agg(criterion_code) AS codes, array_agg(parent_code) AS parents
  FROM kpi.rubric_node
 GROUP BY scheme_id, rubric_code;
COMMENT ON VIEW kpi.rubric_tree IS 'Each rubric''s criteria and their parents, as aligned arrays';

-- kpi: the points of each leaf (semantics 1) and what upstream deductions
-- take of them (semantics 4).  Every view here is partitioned by scheme,
-- so a filter on scheme_id reaches the table scans.

-- Semantics 1, in this one place: a leaf's points are its score, else its
-- rule applied to the facts the unit reported, else 0.  This view holds
-- the leaves a unit has a score or facts for; every other leaf holds 0
-- (kpi.leaf_points lists them all).  Facts on a leaf without a rule give 0
-- until the leaf is scored.
CREATE VIEW kpi.given_points (scheme_id, unit_code, criterion_code, points, source) AS
SELECT s.scheme_id, s.unit_code, s.criterion_code, s.points, 'score'::text
  FROM kpi.score s
UNION ALL
SELECT e.scheme_id, e.unit_code, e.criterion_code,
	   CASE WHEN c.rule IS NULL THEN 0 ELSE kpi.kpi_rule_points(c.rule, e.facts, c.max_points) END,
	   CASE WHEN c.rule IS NULL THEN 'evidence' ELSE 'rule' END
  FROM kpi.evidence e
  JOIN kpi.criterion c ON c.scheme_id = e.scheme_id AND c.criterion_code = e.criterion_code
 WHERE NOT EXISTS (SELECT 1 FROM kpi.score s
					WHERE s.scheme_id = e.scheme_id AND s.unit_code = e.unit_code
					  AND s.criterion_code = e.criterion_code);
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
-- and handed to the cap by code with the unit's asks.  Plain joins and the
-- cap in the select list (no LATERAL), so that the totals built on it can
-- be aggregated in parallel, and the cap only ever sees the unit's own tree.
CREATE VIEW kpi.deduction_taken AS
SELECT x.scheme_id, x.unit_code, x.criterion_code, x.asked, x.taken
  FROM (SELECT a.scheme_id, a.unit_code,
			   unnest(a.codes) AS criterion_code,
			   unnest(a.asked) AS asked,
			   unnest(kpi.kpi_deduction_cap(t.codes, t.parents, coalesce(l.codes, '{}'), coalesce(l.points, '{}'),
											a.codes, a.asked)) AS taken
		  FROM (SELECT da.scheme_id, da.unit_code,
					   array_agg(da.criterion_code) AS codes, array_agg(da.asked) AS asked
				  FROM kpi.deduction_asked da
				 GROUP BY da.scheme_id, da.unit_code) a
		  JOIN kpi.participant p ON p.scheme_id = a.scheme_id AND p.unit_code = a.unit_code
		  JOIN kpi.rubric_tree t ON t.scheme_id = p.scheme_id AND t.rubric_code = p.rubric_code
		  LEFT JOIN (SELECT g.scheme_id, g.unit_code,
							array_agg(g.criterion_code) AS codes, array_agg(g.points) AS points
					   FROM kpi.given_points g
					  WHERE EXISTS (SELECT 1 FROM kpi.deduction d
									 WHERE d.scheme_id = g.scheme_id AND d.unit_code = g.unit_code)
					  GROUP BY g.scheme_id, g.unit_code) l
			ON l.scheme_id = a.scheme_id AND l.unit_code = a.unit_code) x
 WHERE x.asked > 0;
COMMENT ON VIEW kpi.deduction_taken IS 'Rubric points asked and taken per deducted criterion, capped so no subtree goes below 0';

-- kpi: each unit's total (semantics 1-5) by the aggregate kpi_weighted_total
-- over every contribution of the unit.

-- The aggregate's slot of each component code of a scheme: content is 0,
-- the rating components 1, 2, ... in code order across the scheme's groups,
-- so a rating finds its slot from its own row; a unit's state declares
-- only its group's slots.  Counted by a join, not a window function, so
-- that the aggregation can run in parallel.
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
COMMENT ON VIEW kpi.rating_slot IS 'Slot of each component code of a scheme in kpi_weighted_total: 0 content, 1.. ratings';

-- Each group's components with their slots.
CREATE VIEW kpi.component_slot AS
SELECT c.scheme_id, c.group_code, c.component_code, c.weight, c.aggregation, s.slot
  FROM kpi.component c
  JOIN kpi.rating_slot s ON s.scheme_id = c.scheme_id AND s.component_code = c.component_code;
COMMENT ON VIEW kpi.component_slot IS 'Slot of each component in kpi_weighted_total: 0 content, 1.. ratings';

-- Everything that adds to a unit's total, as kpi_weighted_total takes it,
-- and how many leaves of the rubric each row gives points for.  The leaf
-- points come summed per unit (a plain sum of exact numerics, which
-- parallel workers split over the scores); every other row comes as it is.
-- It holds every rater's score: only the office reads it.
CREATE VIEW kpi.contribution (scheme_id, unit_code, slot, points, max_points, weight, aggregation, leaves) AS
-- the points of the leaves with a score or facts (semantics 1)
SELECT g.scheme_id, g.unit_code, 0, sum(g.points), NULL::numeric, NULL::numeric, NULL::text, count(*)
  FROM kpi.given_points g
 GROUP BY g.scheme_id, g.unit_code
UNION ALL
-- every rater's score, in its component's slot (semantics 2)
SELECT r.scheme_id, r.unit_code, s.slot, r.score, NULL, NULL, NULL, 0
  FROM kpi.rating r
  JOIN kpi.rating_slot s ON s.scheme_id = r.scheme_id AND s.component_code = r.component_code
UNION ALL
-- per unit: the rubric maximum, each component's weight and aggregation
SELECT p.scheme_id, p.unit_code, cs.slot, NULL,
	   CASE WHEN cs.slot = 0 THEN coalesce(rt.max_points, 0) END,
	   cs.weight,
	   CASE WHEN cs.slot > 0 THEN cs.aggregation END,
	   0
  FROM kpi.participant p
  JOIN kpi.component_slot cs ON cs.scheme_id = p.scheme_id AND cs.group_code = p.group_code
  LEFT JOIN kpi.rubric_total rt ON rt.scheme_id = p.scheme_id AND rt.rubric_code = p.rubric_code
UNION ALL
-- approved innovations (创新突破, semantics 3)
SELECT b.scheme_id, b.unit_code, -1, coalesce(b.points, sc.bonus_points), NULL, NULL, NULL, 0
  FROM kpi.bonus b
  JOIN kpi.scheme sc ON sc.scheme_id = b.scheme_id
 WHERE b.approved
UNION ALL
-- rubric points taken by upstream deductions (semantics 4)
SELECT d.scheme_id, d.unit_code, -2, d.taken, NULL, NULL, NULL, 0
  FROM kpi.deduction_taken d;
COMMENT ON VIEW kpi.contribution IS 'Rows fed to kpi_weighted_total: slot 0 content, 1.. ratings, -1 bonus, -2 deductions; leaves: how many leaves a row gives points for';

-- One row per participant: its total and its parts, from one aggregation
-- of its contributions (kpi_weighted_total and kpi_weighted_parts share
-- the state), and whether every leaf and rating component has a value.
CREATE VIEW kpi.unit_total AS
SELECT p.scheme_id, p.group_code, p.unit_code, t.parts, t.total,
	   (t.parts).ratings_complete
	   AND coalesce(rt.leaves, 0) > 0
	   AND t.covered_leaves = rt.leaves AS complete
  FROM kpi.participant p
  JOIN (SELECT c.scheme_id, c.unit_code,
			   kpi.kpi_weighted_total(c.slot, c.points, c.max_points, c.weight, c.aggregation) AS total,
			   kpi.kpi_weighted_parts(c.slot, c.points, c.max_points, c.weight, c.aggregation) AS parts,
			   sum(c.leaves) AS covered_leaves
		  FROM kpi.contribution c
		 GROUP BY c.scheme_id, c.unit_code) t
	ON t.scheme_id = p.scheme_id AND t.unit_code = p.unit_code
  LEFT JOIN kpi.rubric_total rt ON rt.scheme_id = p.scheme_id AND rt.rubric_code = p.rubric_code;
COMMENT ON VIEW kpi.unit_total IS 'Each participant''s total, its parts (kpi.weighted_parts) and completeness';

-- kpi: the assessment's result, rewards and consequences (semantics 6-9):
-- computed now from the data (kpi.live_*), and as the public views
-- kpi.result, kpi.reward and kpi.consequence, which show a finalized
-- scheme's published copy instead (75_publish.sql) and each account only
-- the rows it may see.  Every window is partitioned by scheme_id, so a
-- filter on scheme_id reaches the table scans below the windows.

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
			   (u.parts).content_shown AS content,
			   (u.parts).ratings_shown AS ratings,
			   (u.parts).bonus AS bonus,
			   (u.parts).deduction AS deduction,
			   u.total,
			   rank() OVER (PARTITION BY u.scheme_id, u.group_code
							ORDER BY u.total DESC, (u.parts).content_shown DESC)::int AS rank,
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

-- kpi: integrity rules that CHECK and FOREIGN KEY constraints cannot state
-- because they span tables.  Each is a statement-level trigger over the
-- transition table, so a bulk load is checked in one set-based query and a
-- bad row aborts the whole statement: nothing is half-written.  Errors name
-- the row (scheme, unit, criterion) and carry a class-23 SQLSTATE.
-- Trigger functions run with a fixed search_path: they never resolve a name
-- through the caller's.  Those that check written rows against the trees
-- and participants run as kpi's owner (SECURITY DEFINER): an assessor or a
-- unit writes rows it is let write, but may not read kpi.criterion_node or
-- every participant, and the check must see them all.  The weights, which
-- only the office writes, are checked as the caller.

-- Every criterion a participant may be scored on, with its place in the
-- participant's rubric.
CREATE VIEW kpi.participant_criterion AS
SELECT p.scheme_id, p.unit_code, p.rubric_code, n.criterion_code, n.depth, n.is_leaf,
	   n.max_points, n.rule
  FROM kpi.participant p
  JOIN kpi.rubric_node n ON n.scheme_id = p.scheme_id AND n.rubric_code = p.rubric_code;
COMMENT ON VIEW kpi.participant_criterion IS 'Each criterion of each participant''s rubric, with depth and leafness';

-- Criteria: no cycles (a cycle would have no root and never be scored),
-- and rules that are well-formed for their criterion.
CREATE FUNCTION kpi.criterion_check_tree()
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
		SELECT DISTINCT n.scheme_id FROM new_rows n
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
	  FROM new_rows n
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

SELECT kpi.create_change_triggers('kpi.criterion', 'criterion_check_tree', 'kpi.criterion_check_tree()', '{insert,update}', false);

-- Everything that depends on the criteria trees, for the given schemes
-- (and, when units is given, only those units): participants on roots,
-- scores and evidence on leaves of the unit's rubric within max, facts fit
-- for the leaf's rule, deductions inside the unit's rubric, ratings on the
-- group's components.  Run after changes to criteria, participants or
-- components, which could break them.
CREATE FUNCTION kpi.check_scheme_placement(schemes text[], units text[] DEFAULT NULL)
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
	PERFORM kpi.check_leaf('score', s.scheme_id, s.unit_code, s.criterion_code, s.points)
	   FROM kpi.score s
	   LEFT JOIN kpi.participant p ON p.scheme_id = s.scheme_id AND p.unit_code = s.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = s.scheme_id AND x.criterion_code = s.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE s.scheme_id = ANY (schemes) AND (units IS NULL OR s.unit_code = ANY (units))
		AND (x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf OR s.points > x.max_points);
	PERFORM kpi.check_leaf('evidence', e.scheme_id, e.unit_code, e.criterion_code)
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

-- One row of score or evidence: its criterion must be a leaf of the unit's
-- rubric, and points may not exceed the leaf's max_points.  The table
-- triggers call it on the rows written (as kpi's owner); the entry views
-- call it on each line of a sheet (as the caller, under its row-level
-- security), naming the line in `at` and the criterion as the sheet gives
-- it.  Returns the leaf.
CREATE FUNCTION kpi.check_leaf(what text, scheme text, unit text, criterion text,
							   points numeric DEFAULT NULL, at text DEFAULT NULL)
RETURNS kpi.rubric_node
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	code text := CASE WHEN at IS NULL THEN criterion ELSE nullif(btrim(criterion), '') END;
	node kpi.rubric_node;
	rubric text;
BEGIN
	IF code IS NULL AND at IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no 指标 on %s'), at),
				  ERRCODE = 'not_null_violation';
	END IF;
	SELECT p.rubric_code INTO rubric FROM kpi.participant p WHERE p.scheme_id = scheme AND p.unit_code = unit;
	IF NOT FOUND AND at IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unit "%s" on %s does not take part in scheme "%s"'), unit, at, scheme),
				  ERRCODE = 'foreign_key_violation';
	END IF;
	SELECT n.* INTO node FROM kpi.rubric_node n
	 WHERE n.scheme_id = scheme AND n.rubric_code = rubric AND n.criterion_code = code;
	IF NOT FOUND THEN
		PERFORM FROM kpi.criterion c WHERE c.scheme_id = scheme AND c.criterion_code = code;
		IF NOT FOUND AND at IS NOT NULL THEN
			RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unknown criterion "%s" on %s'), code, at),
					  ERRCODE = 'foreign_key_violation',
					  DETAIL = pg_catalog.format(kpi.translate('Scheme "%s" has no criterion with this code.'), scheme);
		ELSIF NOT FOUND THEN
			RAISE EXCEPTION USING
				MESSAGE = pg_catalog.format(CASE what
						WHEN 'score' THEN kpi.translate('score for unit "%s" in scheme "%s" is on criterion "%s", which the scheme does not have')
						ELSE kpi.translate('evidence for unit "%s" in scheme "%s" is on criterion "%s", which the scheme does not have') END,
					unit, scheme, code),
				ERRCODE = 'foreign_key_violation';
		ELSIF at IS NOT NULL THEN
			RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('criterion "%s" on %s is outside the rubric "%s" of unit "%s"'), code, at, rubric, unit),
					  ERRCODE = 'check_violation',
					  DETAIL = kpi.translate('Points are given only on leaves of the rubric the unit takes part on.');
		END IF;
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(CASE what
					WHEN 'score' THEN kpi.translate('score for unit "%s" in scheme "%s" is on criterion "%s", outside the unit''s rubric "%s"')
					ELSE kpi.translate('evidence for unit "%s" in scheme "%s" is on criterion "%s", outside the unit''s rubric "%s"') END,
				unit, scheme, code, rubric),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('Points are given only on leaves of the rubric the unit takes part on.');
	END IF;
	IF node.depth = 0 OR NOT node.is_leaf THEN
		RAISE EXCEPTION USING
			MESSAGE = CASE
				WHEN at IS NOT NULL THEN pg_catalog.format(kpi.translate('criterion "%s" on %s is not a leaf'), code, at)
				WHEN what = 'score' THEN pg_catalog.format(kpi.translate('score for unit "%s" in scheme "%s" is on criterion "%s", which is not a leaf'), unit, scheme, code)
				ELSE pg_catalog.format(kpi.translate('evidence for unit "%s" in scheme "%s" is on criterion "%s", which is not a leaf'), unit, scheme, code) END,
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('Points are given on leaves; a criterion with children sums them.');
	END IF;
	IF points > node.max_points THEN
		RAISE EXCEPTION USING
			MESSAGE = CASE
				WHEN at IS NOT NULL THEN pg_catalog.format(kpi.translate('得分 %s on %s exceeds the max_points %s of criterion "%s"'), points, at, node.max_points, code)
				ELSE pg_catalog.format(kpi.translate('score %s for unit "%s" in scheme "%s" on criterion "%s" exceeds its max_points %s'),
									   points, unit, scheme, code, node.max_points) END,
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('Points must lie between 0 and the criterion''s max_points.');
	END IF;
	RETURN node;
END
$$;

-- One deduction: its criterion must lie in the unit's rubric.
CREATE FUNCTION kpi.check_deduction_row(scheme text, unit text, criterion text)
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

-- One rating: its component must be a rating component of the unit's group.
CREATE FUNCTION kpi.check_rating_row(scheme text, unit text, component text)
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

-- One evidence row: the facts must be what the leaf's rule reads.
CREATE FUNCTION kpi.check_facts_row(scheme text, unit text, criterion text, facts jsonb)
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

-- Statement triggers: check only the rows written, in one pass.
CREATE FUNCTION kpi.score_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	-- rows already fine are skipped in bulk; the first bad one is reported
	PERFORM kpi.check_leaf('score', n.scheme_id, n.unit_code, n.criterion_code, n.points)
	   FROM new_rows n
	   LEFT JOIN kpi.participant p ON p.scheme_id = n.scheme_id AND p.unit_code = n.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = n.scheme_id AND x.criterion_code = n.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf OR n.points > x.max_points;
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.score', 'score_check', 'kpi.score_check_rows()', '{insert,update}', false);

CREATE FUNCTION kpi.evidence_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_leaf('evidence', n.scheme_id, n.unit_code, n.criterion_code)
	   FROM new_rows n
	   LEFT JOIN kpi.participant p ON p.scheme_id = n.scheme_id AND p.unit_code = n.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = n.scheme_id AND x.criterion_code = n.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf;
	-- facts must be what the leaf's rule reads
	PERFORM kpi.check_facts_row(n.scheme_id, n.unit_code, n.criterion_code, n.facts)
	   FROM new_rows n;
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.evidence', 'evidence_check', 'kpi.evidence_check_rows()', '{insert,update}', false);

CREATE FUNCTION kpi.deduction_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_deduction_row(n.scheme_id, n.unit_code, n.criterion_code)
	   FROM new_rows n;
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.deduction', 'deduction_check', 'kpi.deduction_check_rows()', '{insert,update}', false);

CREATE FUNCTION kpi.rating_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_rating_row(n.scheme_id, n.unit_code, n.component_code)
	   FROM new_rows n
	   JOIN kpi.participant p ON p.scheme_id = n.scheme_id AND p.unit_code = n.unit_code
	   LEFT JOIN kpi.component c
		 ON c.scheme_id = n.scheme_id AND c.group_code = p.group_code
		AND c.component_code = n.component_code
	  WHERE c.component_code IS NULL;
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.rating', 'rating_check', 'kpi.rating_check_rows()', '{insert,update}', false);

-- Criteria, participants and components change what other rows may be:
-- re-check the placement of everything in the schemes they touch.  (Named
-- *_recheck_*, these fire after the *_check_tree_* triggers: triggers fire
-- in name order, and a cycle is the more precise error.)
CREATE FUNCTION kpi.recheck_changed_schemes()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM new_rows));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM old_rows));
	ELSE
		PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM new_rows
												 UNION SELECT scheme_id FROM old_rows));
	END IF;
	RETURN NULL;
END
$$;

-- A participant changes only its own rows: re-check those units alone, so
-- adding a unit to a scheme with millions of scores stays cheap.
CREATE FUNCTION kpi.recheck_changed_units()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM new_rows),
									   ARRAY(SELECT DISTINCT unit_code FROM new_rows));
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.criterion', 'criterion_recheck', 'kpi.recheck_changed_schemes()',
								  '{insert,update}');
SELECT kpi.create_change_triggers('kpi.participant', 'participant_recheck', 'kpi.recheck_changed_units()',
								  '{insert,update}');
SELECT kpi.create_change_triggers('kpi.component', 'component_recheck', 'kpi.recheck_changed_schemes()',
								  '{update,delete}');

-- A group's component weights add up to 100, checked at COMMIT so that a
-- transaction may move weight from one component to another.
CREATE FUNCTION kpi.component_check_weights()
RETURNS trigger
LANGUAGE plpgsql
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

CREATE CONSTRAINT TRIGGER component_weights_sum_to_100
	AFTER INSERT OR UPDATE OR DELETE ON kpi.component
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION kpi.component_check_weights();

-- kpi: checks the office runs before publishing a scheme.

-- Every criterion whose children's points do not add up to its own, with
-- both numbers: a typo in a rubric shows here before anyone is scored on it.
CREATE FUNCTION kpi.check_rubric(scheme text)
RETURNS TABLE (criterion_code text, title text, max_points numeric, children_sum numeric, children int)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT p.criterion_code, p.title, p.max_points, sum(c.max_points), count(*)::int
	  FROM kpi.criterion p
	  JOIN kpi.criterion c ON c.scheme_id = p.scheme_id AND c.parent_code = p.criterion_code
	 WHERE p.scheme_id = scheme
	 GROUP BY p.criterion_code, p.title, p.max_points
	HAVING sum(c.max_points) <> p.max_points
	 ORDER BY p.criterion_code
$$;
COMMENT ON FUNCTION kpi.check_rubric(text) IS 'Criteria whose children''s max_points do not add up to their own';

-- One row per problem that would make the scheme's result wrong or
-- incomplete.  Empty means ready.
CREATE FUNCTION kpi.validate(scheme text)
RETURNS TABLE (problem text, group_code text, unit_code text, criterion_code text, detail text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	-- a group whose component weights do not add up to 100
	SELECT 'weights', g.group_code, NULL::text, NULL::text,
		   format('component weights add up to %s, not 100', coalesce(sum(c.weight), 0))
	  FROM kpi.unit_group g
	  LEFT JOIN kpi.component c ON c.scheme_id = g.scheme_id AND c.group_code = g.group_code
	 WHERE g.scheme_id = scheme
	 GROUP BY g.group_code
	HAVING coalesce(sum(c.weight), 0) <> 100
	UNION ALL
	-- a participant on a rubric that has no leaf to score
	SELECT 'rubric without leaves', p.group_code, p.unit_code, p.rubric_code,
		   format('rubric %s has no leaf criteria, so the unit''s content score is 0', p.rubric_code)
	  FROM kpi.participant p
	 WHERE p.scheme_id = scheme
	   AND NOT EXISTS (SELECT 1 FROM kpi.rubric_leaf l
					   WHERE l.scheme_id = p.scheme_id AND l.rubric_code = p.rubric_code)
	UNION ALL
	-- a rubric root no participant uses and that has no leaves
	SELECT 'rubric without leaves', NULL, NULL, c.criterion_code,
		   format('rubric root %s has no leaf criteria', c.criterion_code)
	  FROM kpi.criterion c
	 WHERE c.scheme_id = scheme AND c.parent_code IS NULL
	   AND NOT EXISTS (SELECT 1 FROM kpi.rubric_leaf l
					   WHERE l.scheme_id = c.scheme_id AND l.rubric_code = c.criterion_code)
	   AND NOT EXISTS (SELECT 1 FROM kpi.participant p
					   WHERE p.scheme_id = c.scheme_id AND p.rubric_code = c.criterion_code)
	UNION ALL
	-- a criterion whose children's points do not add up to its own
	SELECT 'points do not add up', NULL, NULL, r.criterion_code,
		   format('children add up to %s, the criterion has %s', r.children_sum, r.max_points)
	  FROM kpi.check_rubric(scheme) r
	UNION ALL
	-- a leaf with neither score nor evidence: the unit is incomplete
	SELECT 'incomplete unit', p.group_code, lp.unit_code, lp.criterion_code,
		   'no score and no evidence: counts 0'
	  FROM kpi.leaf_points lp
	  JOIN kpi.participant p ON p.scheme_id = lp.scheme_id AND p.unit_code = lp.unit_code
	 WHERE lp.scheme_id = scheme AND lp.source = 'none'
	UNION ALL
	-- evidence on a leaf without rule and without score: 0 until scored
	SELECT 'evidence without rule', p.group_code, lp.unit_code, lp.criterion_code,
		   'facts were reported but the leaf has no rule and no score: counts 0'
	  FROM kpi.leaf_points lp
	  JOIN kpi.participant p ON p.scheme_id = lp.scheme_id AND p.unit_code = lp.unit_code
	 WHERE lp.scheme_id = scheme AND lp.source = 'evidence'
	UNION ALL
	-- a rating component without any rating: the unit is incomplete
	SELECT 'incomplete unit', p.group_code, p.unit_code, NULL,
		   format('no rating for component %s: counts 0', c.component_code)
	  FROM kpi.participant p
	  JOIN kpi.component c ON c.scheme_id = p.scheme_id AND c.group_code = p.group_code
	 WHERE p.scheme_id = scheme AND c.component_code <> 'content'
	   AND NOT EXISTS (SELECT 1 FROM kpi.rating r
					   WHERE r.scheme_id = p.scheme_id AND r.unit_code = p.unit_code
						 AND r.component_code = c.component_code)
	ORDER BY 1, 2, 3, 4
$$;
COMMENT ON FUNCTION kpi.validate(text) IS 'Problems that keep a scheme from being ready to publish, one row each';

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
		'kpi.veto_condition, kpi.veto, kpi.downgrade, kpi.member, kpi.ineligible',
		'SELECT, INSERT, UPDATE, DELETE'),
	('office', 'SEQUENCE', 'kpi.bonus_id_seq, kpi.deduction_id_seq, kpi.veto_id_seq, '
		'kpi.downgrade_id_seq, kpi.ineligible_id_seq', 'USAGE'),
	('office', 'TABLE', 'kpi.account, kpi.audit', 'SELECT'),
	('office', 'FUNCTION', 'kpi.finalize(text, boolean), kpi.reopen(text, text), '
		'kpi.grant_access(text, text, text, text, text, text, text), '
		'kpi.revoke_access(text, text, text, text, text, text, text)', 'EXECUTE'),
	-- units, assessors and raters update named columns only: a table-level
	-- UPDATE would also let them LOCK the table against everyone
	('raw rows', 'TABLE', 'kpi.scheme, kpi.unit_group, kpi.component, kpi.unit, kpi.criterion, '
		'kpi.participant, kpi.score, kpi.evidence, kpi.bonus, kpi.deduction, '
		'kpi.veto_condition, kpi.veto, kpi.downgrade, kpi.member, kpi.ineligible', 'SELECT'),
	('unit', 'TABLE', 'kpi.evidence', 'INSERT, UPDATE (facts)'),
	('assessor', 'TABLE', 'kpi.score', 'INSERT, UPDATE (points, note)'),
	('rater', 'TABLE', 'kpi.scheme, kpi.unit_group, kpi.component, kpi.unit, kpi.participant, '
		'kpi.rating', 'SELECT'),
	('rater', 'TABLE', 'kpi.rating', 'INSERT, UPDATE (score)'),
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
		'kpi.rubric_node, kpi.rubric_leaf, kpi.rubric_total', 'SELECT'),
	-- a unit sees when a scheme was published, not the problems the office
	-- was shown then (they name other units)
	('unit', 'TABLE', 'kpi.publication', 'SELECT (scheme_id, published_at, published_by, forced)'),
	-- every unit's results and how they are computed, but no rater's score:
	-- individual ratings are the office's and each rater's own
	('every unit', 'TABLE', 'kpi.publication, '
		'kpi.rubric_tree, kpi.given_points, kpi.leaf_points, '
		'kpi.deduction_asked, kpi.deduction_taken, kpi.rating_slot, kpi.component_slot, '
		'kpi.unit_total, kpi.live_result, kpi.live_reward, kpi.live_consequence, '
		'kpi.participant_criterion', 'SELECT'),
	-- the 通报 (88_notice.sql): for whoever reads results, of the rows each
	-- sees; it heads with the scheme's and groups' titles, which a reader
	-- otherwise does not read
	('results', 'FUNCTION', 'kpi.notice_html(text, text, text)', 'EXECUTE'),
	('reader', 'TABLE', 'kpi.scheme, kpi.unit_group', 'SELECT'),
	-- the report views (84_report_views.sql): each filters per account like
	-- kpi.result, so units read them too
	('results', 'TABLE', 'kpi_report.ranking, kpi_report.score_sheet, kpi_report.category_matrix, '
		'kpi_report.reward, kpi_report.consequence', 'SELECT')
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
	open_schemes text[]			-- schemes open for entry
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
	r.open_schemes := ARRAY(SELECT s.scheme_id FROM kpi.scheme s WHERE s.status = 'open' ORDER BY s.scheme_id);
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
			'(SELECT kpi.reads_every_unit(current_user::text)) '
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

INSERT INTO kpi.veto_condition (condition_code, title)
SELECT code, kpi.shipped_veto_title(code) FROM generate_series(1, 7) code;

SELECT pg_catalog.pg_extension_config_dump('kpi.veto_condition',
	'WHERE kpi.shipped_veto_title(condition_code) IS DISTINCT FROM title');

-- Run as the caller: only the office (and a restore) writes the conditions.
CREATE FUNCTION kpi.veto_condition_guard()
RETURNS trigger
LANGUAGE plpgsql
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

CREATE TRIGGER veto_condition_guard BEFORE INSERT OR DELETE ON kpi.veto_condition
	FOR EACH ROW EXECUTE FUNCTION kpi.veto_condition_guard();

-- kpi: finalization.  kpi.finalize publishes a scheme: it copies the
-- scheme's result, rewards and consequences into the published_* tables
-- and from then on every change that touches the scheme's rows, in any
-- table, is refused: the lock is the scheme's row in kpi.publication.
-- kpi.reopen lifts it, for the office alone, with a reason in the audit.
-- A restore (kpi.restoring) is let through: pg_restore loads kpi.scheme
-- (status 'finalized') before the scheme's scores, as foreign keys order it.

-- The lock.  A statement-level trigger on every table with scheme rows:
-- it takes a key-share lock on the schemes the statement touched, then
-- refuses the statement if one of them is published.  kpi.finalize locks
-- the scheme row for update first, so a change either commits before the
-- snapshot is taken (finalize waits for it) or sees the publication (it
-- waits for finalize) and is refused; under REPEATABLE READ the lock fails
-- instead with a serialization error.  Nothing is lost, nothing is
-- half-in.  A key-share lock, the weakest, so that a writer's open
-- transaction holds up only kpi.finalize and kpi.reopen, not the office's
-- other updates of the scheme row.  SECURITY DEFINER: a unit, assessor or
-- rater may not lock kpi.scheme's rows itself (that would need UPDATE on
-- it, with which it could lock the others out), yet its writes must.
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
	  ORDER BY s.scheme_id FOR KEY SHARE;
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

-- TRUNCATE skips row and statement triggers: refuse it outright while a
-- published scheme has rows in the table.
CREATE FUNCTION kpi.refuse_published_truncate()
RETURNS trigger
LANGUAGE plpgsql
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

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['scheme', 'unit_group', 'component', 'criterion', 'participant', 'score',
							 'evidence', 'rating', 'bonus', 'deduction', 'veto', 'downgrade', 'member',
							 'ineligible', 'published_result', 'published_reward',
							 'published_consequence'] LOOP
		PERFORM kpi.create_change_triggers(pg_catalog.format('kpi.%I', t)::regclass, 'a_lock',
										   'kpi.refuse_published_change()', '{insert,update,delete}');
		EXECUTE pg_catalog.format('CREATE TRIGGER a_lock_truncate BEFORE TRUNCATE ON kpi.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_published_truncate()', t);
	END LOOP;
END
$$;

-- status = 'finalized' exactly when the scheme is published: checked at
-- COMMIT, so kpi.finalize and kpi.reopen may change the two in any order
-- within their transaction, and a plain UPDATE of status cannot fake it.
-- As the caller: only the office writes kpi.scheme, and reads both tables.
CREATE FUNCTION kpi.scheme_check_status()
RETURNS trigger
LANGUAGE plpgsql
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

CREATE CONSTRAINT TRIGGER scheme_status_matches_publication
	AFTER INSERT OR UPDATE OF status ON kpi.scheme
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION kpi.scheme_check_status();
CREATE CONSTRAINT TRIGGER publication_matches_scheme_status
	AFTER INSERT OR DELETE ON kpi.publication
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION kpi.scheme_check_status();

-- Publish a scheme.  Refused while kpi.validate reports problems, unless
-- forced (the problems are then kept in kpi.publication).  SECURITY
-- DEFINER: the published copies and kpi.publication are written by kpi's
-- owner only, so that no account can fake or alter a publication; it checks
-- the acting role is the office first.
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
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to finalize scheme "%s"'), scheme_id));
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
COMMENT ON FUNCTION kpi.finalize(text, boolean) IS
	'Publish a scheme: snapshot its result, rewards and consequences and refuse every later change to its rows';

-- Lift the lock: the published copy is removed (the audit keeps it, with
-- the reason) and the scheme is open again.  SECURITY DEFINER, office only,
-- as kpi.finalize.
CREATE FUNCTION kpi.reopen(scheme_id text, reason text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to reopen scheme "%s"'), scheme_id));
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
COMMENT ON FUNCTION kpi.reopen(text, text) IS
	'Reopen a finalized scheme (office only): removes its published copy, recorded in kpi.audit with the reason';


-- kpi: the audit trail.  Every change to the data tables, the accounts and
-- the publications is appended to kpi.audit by statement-level triggers
-- (one set-based insert per statement): when, the acting role and the
-- login, the table and key, the old and new row as jsonb.  Only kpi's owner can write or
-- change kpi.audit; the office reads it.  A restore (kpi.restoring) brings
-- the audit rows of the dump and adds none of its own.

CREATE TABLE kpi.audit (
	id bigserial PRIMARY KEY,
	at timestamptz NOT NULL DEFAULT statement_timestamp(),
	role_name text NOT NULL DEFAULT kpi.acting_role(),
	-- who logged in: a person who SET ROLE to a group role is named here
	login_name text NOT NULL DEFAULT session_user,
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
-- as its old row and its new row, each with the other side null.  These
-- three run as kpi's owner (SECURITY DEFINER): only it writes kpi.audit.
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
		PERFORM kpi.create_change_triggers(pg_catalog.format('kpi.%I', t.name)::regclass, 'audit',
										   pg_catalog.format('kpi.audit_rows(%s)', t.key_columns),
										   '{insert,update,delete}');
		EXECUTE pg_catalog.format('CREATE TRIGGER audit_truncate BEFORE TRUNCATE ON kpi.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.audit_truncate()', t.name);
	END LOOP;
END
$$;

-- kpi_report: what reporting tools (FineReport, Excel and LibreOffice over
-- ODBC, psql) and spreadsheets meet.  Its views name their columns in
-- Chinese, as the bureau's own tables do, because such tools show column
-- names as they are; every view reads kpi's views and filters per account
-- the way kpi.result does.  Every account gets USAGE on it
-- (kpi.sync_privileges); the views' privileges are in
-- kpi.capability_privilege.
CREATE SCHEMA kpi_report;
COMMENT ON SCHEMA kpi_report IS 'kpi for reporting tools and spreadsheets: views with Chinese column names, entry views for COPY';

-- kpi_report: the assessment as the bureau prints it, for tools that show
-- column names as they are (Excel and LibreOffice over ODBC, FineReport,
-- psql's \crosstabview).  The views have ASCII names, so they are typed
-- without an input method in psql, ODBC DSNs and tools' SQL boxes, and
-- Chinese column names, so the header a tool prints is the one the 通报
-- uses.
--
-- Every view shows each account the rows kpi.result would show it: the
-- ranking, rewards and consequences read kpi.result, kpi.reward and
-- kpi.consequence, which filter; the score sheet reads the unfiltered
-- internal views (its owner, kpi's owner, reads all rows) and applies the
-- same filter itself.  All are security barriers, so a caller's function
-- cannot see rows the filter drops; a filter on 方案 (texteq, leakproof)
-- still reaches the scans below.  Each ends in ORDER BY so that a tool
-- reading a whole view gets it in print order (a query's own ORDER BY
-- still decides; codes sort in "C" order, the same under any locale).
-- Units are named as published for finalized schemes
-- (kpi.published_result keeps the name of the day), else by kpi.unit
-- (kpi.report_unit).

-- How the report views name a participant: the scheme's year, the group's
-- code and title, the unit's name as published (finalized schemes) or as
-- it is now.  Internal and unfiltered, like the views under kpi.result:
-- accounts get no privilege on it; the report views read it as its owner.
CREATE VIEW kpi.report_unit AS
SELECT p.scheme_id, s.year, p.group_code, coalesce(g.title, p.group_code) AS group_title,
	   p.unit_code, coalesce(pr.unit_name, u.name) AS unit_name
  FROM kpi.participant p
  JOIN kpi.scheme s ON s.scheme_id = p.scheme_id
  JOIN kpi.unit u ON u.unit_code = p.unit_code
  LEFT JOIN kpi.unit_group g ON g.scheme_id = p.scheme_id AND g.group_code = p.group_code
  LEFT JOIN kpi.published_result pr ON pr.scheme_id = p.scheme_id AND pr.unit_code = p.unit_code;
COMMENT ON VIEW kpi.report_unit IS 'Each participant''s year, group title and name (as published, for finalized schemes) for the report views';

-- 排名: the ranking per group, kpi.result in Chinese.
CREATE VIEW kpi_report.ranking WITH (security_barrier) AS
SELECT r.scheme_id AS "方案",
	   n.year AS "年度",
	   n.group_title AS "组别",
	   r.group_code AS "组别编码",
	   r.unit_name AS "单位",
	   r.unit_code AS "单位编码",
	   r.content AS "内容得分",
	   r.ratings AS "评价得分",
	   r.bonus AS "加分",
	   r.deduction AS "扣分",
	   r.total AS "总分",
	   r.rank AS "名次",
	   r.tier_label AS "档次",
	   r.vetoed AS "否决",
	   r.downgraded AS "降档",
	   r.complete AS "数据完整",
	   nullif(pg_catalog.concat_ws('；',
			CASE WHEN r.vetoed THEN '一票否决：' || v.conditions END,
			CASE WHEN r.downgraded THEN '降档：' || d.reasons END,
			CASE WHEN NOT r.complete THEN '数据不完整' END), '') AS "备注"
  FROM kpi.result r
  JOIN kpi.report_unit n ON n.scheme_id = r.scheme_id AND n.unit_code = r.unit_code
  LEFT JOIN LATERAL (
	SELECT pg_catalog.string_agg(c.title, '；' ORDER BY c.condition_code) AS conditions
	  FROM kpi.veto x
	  JOIN kpi.veto_condition c ON c.condition_code = x.condition_code
	 WHERE x.scheme_id = r.scheme_id AND x.unit_code = r.unit_code AND x.confirmed) v ON true
  LEFT JOIN LATERAL (
	SELECT pg_catalog.string_agg(x.reason, '；' ORDER BY x.id) AS reasons
	  FROM kpi.downgrade x
	 WHERE x.scheme_id = r.scheme_id AND x.unit_code = r.unit_code) d ON true
 ORDER BY r.scheme_id COLLATE "C", r.group_code COLLATE "C", r.rank, r.unit_code COLLATE "C";
COMMENT ON VIEW kpi_report.ranking IS
	'排名：各组单位的得分、名次和档次（kpi.result 的中文列名版）. The ranking per group: kpi.result with Chinese column names';
COMMENT ON COLUMN kpi_report.ranking."方案" IS '考核方案编码 (kpi.scheme.scheme_id)';
COMMENT ON COLUMN kpi_report.ranking."组别" IS '参评组别名称（组别编码: its code, kpi.unit_group）';
COMMENT ON COLUMN kpi_report.ranking."内容得分" IS '内容考核折合分：(细则得分 − 扣分) × 内容权重 / 细则满分，保留两位小数';
COMMENT ON COLUMN kpi_report.ranking."评价得分" IS '各项评价按权重折合的合计';
COMMENT ON COLUMN kpi_report.ranking."加分" IS '创新突破加分';
COMMENT ON COLUMN kpi_report.ranking."扣分" IS '上级扣减的细则分（已在内容得分中扣除，勿再减）. Rubric points taken, already inside 内容得分';
COMMENT ON COLUMN kpi_report.ranking."总分" IS '内容得分 + 评价得分 + 加分';
COMMENT ON COLUMN kpi_report.ranking."档次" IS '实绩突出 / 实绩比较突出 / 实绩一般';
COMMENT ON COLUMN kpi_report.ranking."备注" IS '一票否决的条件、降档的原因、数据不完整';

-- 考核评分表: each unit's score sheet.  For every participant, in rubric
-- order: each category (the rubric root's children) with its items (their
-- children) below it, then an upstream deduction taken at the root itself
-- (if any), then the 合计 row and the 内容得分 row.
--   分值  Σ max_points of the leaves below: what the content score divides
--         by (equal to the node's own max_points when kpi.check_rubric is
--         empty).
--   得分  Σ leaf points below (kpi.leaf_points: score, else rule, else 0)
--         − the deductions taken at or below the node (kpi.deduction_taken).
--   扣减  those deductions, shown apart.
-- A category row is its items' 小计, less any deduction taken at the
-- category itself.  合计 = Σ category rows + the root's deduction row
-- = Σ leaf points − Σ deductions taken, out of Σ leaf max (semantics 1
-- before weighting); 内容得分 is the engine's content score (kpi.unit_total),
-- round(合计 × weight(content) / 合计分值, 2), as kpi.result shows it.
-- Points are shown with 2 decimals (they have no more), and read live: a
-- finalized scheme's rows cannot change, so they are what was published.
CREATE VIEW kpi_report.score_sheet WITH (security_barrier) AS
WITH RECURSIVE walk (scheme_id, criterion_code, category_code, item_code) AS (
	-- every node below a category, with its category and its item (the
	-- node at depth 2 it descends from; null for the category itself)
	SELECT n.scheme_id, n.criterion_code, n.criterion_code, NULL::text
	  FROM kpi.rubric_node n
	 WHERE n.depth = 1
	UNION ALL
	SELECT n.scheme_id, n.criterion_code, w.category_code, coalesce(w.item_code, n.criterion_code)
	  FROM walk w
	  JOIN kpi.rubric_node n ON n.scheme_id = w.scheme_id AND n.parent_code = w.criterion_code
),
-- leaf points and deductions taken, each on its category and item (CTEs
-- read more than once are NOT MATERIALIZED, so that a filter on the
-- scheme reaches their scans)
booked (scheme_id, unit_code, category_code, item_code, max_points, points, taken) AS NOT MATERIALIZED (
	SELECT l.scheme_id, l.unit_code, w.category_code, w.item_code, l.max_points, l.points, 0::numeric
	  FROM kpi.leaf_points l
	  JOIN walk w ON w.scheme_id = l.scheme_id AND w.criterion_code = l.criterion_code
	UNION ALL
	SELECT d.scheme_id, d.unit_code, w.category_code, w.item_code, 0, 0, d.taken
	  FROM kpi.deduction_taken d
	  JOIN walk w ON w.scheme_id = d.scheme_id AND w.criterion_code = d.criterion_code
),
category AS NOT MATERIALIZED (
	SELECT n.scheme_id, n.rubric_code, n.criterion_code, n.title,
		   pg_catalog.row_number() OVER (PARTITION BY n.scheme_id, n.rubric_code
										 ORDER BY n.position, n.criterion_code COLLATE "C") AS number
	  FROM kpi.rubric_node n
	 WHERE n.depth = 1
),
item AS (
	SELECT n.scheme_id, n.parent_code, n.criterion_code, n.title,
		   pg_catalog.row_number() OVER (PARTITION BY n.scheme_id, n.parent_code
										 ORDER BY n.position, n.criterion_code COLLATE "C") AS number
	  FROM kpi.rubric_node n
	 WHERE n.depth = 2
),
total AS (
	SELECT p.scheme_id, p.unit_code, p.rubric_code,
		   coalesce(rt.max_points, 0) AS max_points,
		   coalesce(l.points, 0) - coalesce(d.taken, 0) AS points,
		   coalesce(d.taken, 0) AS taken,
		   c.weight,
		   (u.parts).content_shown AS content
	  FROM kpi.participant p
	  JOIN kpi.unit_total u ON u.scheme_id = p.scheme_id AND u.unit_code = p.unit_code
	  LEFT JOIN kpi.rubric_total rt ON rt.scheme_id = p.scheme_id AND rt.rubric_code = p.rubric_code
	  LEFT JOIN kpi.component c
		ON c.scheme_id = p.scheme_id AND c.group_code = p.group_code AND c.component_code = 'content'
	  LEFT JOIN (SELECT l.scheme_id, l.unit_code, sum(l.points) AS points
				   FROM kpi.leaf_points l
				  GROUP BY l.scheme_id, l.unit_code) l
		ON l.scheme_id = p.scheme_id AND l.unit_code = p.unit_code
	  LEFT JOIN (SELECT d.scheme_id, d.unit_code, sum(d.taken) AS taken
				   FROM kpi.deduction_taken d
				  GROUP BY d.scheme_id, d.unit_code) d
		ON d.scheme_id = p.scheme_id AND d.unit_code = p.unit_code
),
line (scheme_id, unit_code, kind, category_number, item_number, code, title, max_points, points, taken) AS (
	-- the categories (each the 小计 of its items)
	SELECT b.scheme_id, b.unit_code, '类别', c.number, 0::bigint, c.criterion_code, c.title,
		   round(sum(b.max_points), 2), round(sum(b.points) - sum(b.taken), 2), round(sum(b.taken), 2)
	  FROM booked b
	  JOIN category c ON c.scheme_id = b.scheme_id AND c.criterion_code = b.category_code
	 GROUP BY b.scheme_id, b.unit_code, c.number, c.criterion_code, c.title
	UNION ALL
	-- their items
	SELECT b.scheme_id, b.unit_code, '项目', c.number, i.number, i.criterion_code, i.title,
		   round(sum(b.max_points), 2), round(sum(b.points) - sum(b.taken), 2), round(sum(b.taken), 2)
	  FROM booked b
	  JOIN category c ON c.scheme_id = b.scheme_id AND c.criterion_code = b.category_code
	  JOIN item i ON i.scheme_id = b.scheme_id AND i.criterion_code = b.item_code
	 GROUP BY b.scheme_id, b.unit_code, c.number, i.number, i.criterion_code, i.title
	UNION ALL
	-- an upstream deduction asked of the whole rubric (its root): no
	-- category holds it, so it has its own row after them
	SELECT d.scheme_id, d.unit_code, '扣减',
		   (SELECT count(*) FROM category c WHERE c.scheme_id = p.scheme_id AND c.rubric_code = p.rubric_code) + 1,
		   0, d.criterion_code, '上级扣减（全表）', NULL::numeric, round(-d.taken, 2), round(d.taken, 2)
	  FROM kpi.deduction_taken d
	  JOIN kpi.participant p
		ON p.scheme_id = d.scheme_id AND p.unit_code = d.unit_code AND p.rubric_code = d.criterion_code
	UNION ALL
	-- 合计 and 内容得分, from one reading of the totals
	SELECT t.scheme_id, t.unit_code, v.kind, NULL, NULL, v.code, v.title, v.max_points, v.points, v.taken
	  FROM total t
	 CROSS JOIN LATERAL (VALUES
		('合计', t.rubric_code, '合计', round(t.max_points, 2), round(t.points, 2), round(t.taken, 2)),
		('内容得分', NULL, '内容得分（合计 × ' || t.weight || ' / ' || round(t.max_points, 2) || '）',
		 t.weight, CASE WHEN t.max_points > 0 THEN t.content END, NULL))
		AS v (kind, code, title, max_points, points, taken)
)
SELECT x.scheme_id AS "方案",
	   x.year AS "年度",
	   x.group_title AS "组别",
	   x.group_code AS "组别编码",
	   x.unit_name AS "单位",
	   x.unit_code AS "单位编码",
	   x.row_number AS "行号",
	   x.kind AS "行类型",
	   x.category_number AS "类别序号",
	   CASE x.kind
		   WHEN '类别' THEN CASE WHEN x.category_number <= 20
							   THEN (ARRAY['一', '二', '三', '四', '五', '六', '七', '八', '九', '十',
										   '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'])
									[x.category_number]
							   ELSE x.category_number::text END
		   WHEN '项目' THEN x.item_number::text
	   END AS "序号",
	   x.code AS "编码",
	   x.title AS "项目",
	   x.max_points AS "分值",
	   x.points AS "得分",
	   x.taken AS "扣减"
  FROM (SELECT l.*, n.year, n.group_code, n.group_title, n.unit_name,
			   pg_catalog.row_number() OVER (PARTITION BY l.scheme_id, l.unit_code
											 ORDER BY CASE l.kind WHEN '合计' THEN 2 WHEN '内容得分' THEN 3 ELSE 1 END,
													  l.category_number, l.item_number) AS row_number
		  FROM line l
		  JOIN kpi.report_unit n ON n.scheme_id = l.scheme_id AND n.unit_code = l.unit_code) x
 WHERE (SELECT kpi.sees_every_unit(current_user::text))
	OR x.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[])
 ORDER BY x.scheme_id COLLATE "C", x.group_code COLLATE "C", x.unit_code COLLATE "C", x.row_number;
COMMENT ON VIEW kpi_report.score_sheet IS
	'考核评分表：每个单位按细则顺序的各类别（一级）及其项目（二级）的分值、得分、扣减，合计与内容得分. Each unit''s score sheet: categories and items with points, the subtotal and the content score';
COMMENT ON COLUMN kpi_report.score_sheet."行号" IS '表内行序 (print order within the unit''s sheet)';
COMMENT ON COLUMN kpi_report.score_sheet."行类型" IS '类别 (一级，其项目的小计) / 项目 (二级) / 扣减 (对全表的上级扣减) / 合计 / 内容得分';
COMMENT ON COLUMN kpi_report.score_sheet."类别序号" IS '类别在细则中的序号（项目行为其所属类别的序号）';
COMMENT ON COLUMN kpi_report.score_sheet."分值" IS '所含末级指标满分之和；内容得分行为内容权重';
COMMENT ON COLUMN kpi_report.score_sheet."得分" IS '所含末级指标得分之和减去其中的上级扣减；合计 = 各类别及全表扣减之和；内容得分 = round(合计 × 权重 / 合计分值, 2) = kpi.result.content';
COMMENT ON COLUMN kpi_report.score_sheet."扣减" IS '在本类别（项目）内扣除的上级扣减细则分（已从得分中减去）';

-- 类别 × 单位: the category rows of the score sheet (and a deduction of
-- the whole rubric as one more column), long form for pivot tables and
-- psql's  \crosstabview 单位 类别 得分 类别序号  (类别序号 sorts the
-- columns).  A unit's 得分 add up to its sheet's 合计.  Units on different
-- rubrics have different categories: pivot one group, or one rubric.  It
-- reads the score sheet, which filters.
CREATE VIEW kpi_report.category_matrix WITH (security_barrier) AS
SELECT "方案", "年度", "组别", "组别编码", "单位", "单位编码", "类别序号", "项目" AS "类别", "编码" AS "类别编码",
	   "分值", "得分"
  FROM kpi_report.score_sheet
 WHERE "行类型" = ANY (ARRAY['类别', '扣减'])
 ORDER BY "方案" COLLATE "C", "组别编码" COLLATE "C", "单位编码" COLLATE "C", "类别序号";
COMMENT ON VIEW kpi_report.category_matrix IS
	'类别 × 单位：各单位各类别得分（长表），供 \crosstabview 单位 类别 得分 类别序号 和数据透视表. Category × unit scores in long form for pivots';

-- 奖励: the cash rewards of 实绩突出 units, to the fen.
CREATE VIEW kpi_report.reward WITH (security_barrier) AS
SELECT w.scheme_id AS "方案",
	   n.year AS "年度",
	   n.group_title AS "组别",
	   n.group_code AS "组别编码",
	   n.unit_name AS "单位",
	   w.unit_code AS "单位编码",
	   w.person AS "姓名",
	   CASE w.role WHEN 'head' THEN '负责人' WHEN 'staff' THEN '工作人员' END AS "身份",
	   w.amount AS "金额"
  FROM kpi.reward w
  JOIN kpi.report_unit n ON n.scheme_id = w.scheme_id AND n.unit_code = w.unit_code
 ORDER BY w.scheme_id COLLATE "C", n.group_code COLLATE "C", w.unit_code COLLATE "C", w.role COLLATE "C", w.person COLLATE "C";
COMMENT ON VIEW kpi_report.reward IS
	'奖励：实绩突出单位的奖金按人分配到分（kpi.reward 的中文列名版）. Cash rewards per person: kpi.reward with Chinese column names';
COMMENT ON COLUMN kpi_report.reward."姓名" IS '空：单位无登记人员，奖金归单位';
COMMENT ON COLUMN kpi_report.reward."身份" IS '负责人 (head) / 工作人员 (staff)';
COMMENT ON COLUMN kpi_report.reward."金额" IS '元，精确到分；每单位合计等于方案的奖励金额';

-- 后果: 通报表彰, 通报批评, 不得评优, 不称职公务员, 不能评优评先.
CREATE VIEW kpi_report.consequence WITH (security_barrier) AS
SELECT c.scheme_id AS "方案",
	   n.year AS "年度",
	   n.group_title AS "组别",
	   n.group_code AS "组别编码",
	   n.unit_name AS "单位",
	   c.unit_code AS "单位编码",
	   c.person AS "姓名",
	   c.consequence AS "后果"
  FROM kpi.consequence c
  JOIN kpi.report_unit n ON n.scheme_id = c.scheme_id AND n.unit_code = c.unit_code
 ORDER BY c.scheme_id COLLATE "C", n.group_code COLLATE "C", c.unit_code COLLATE "C", c.person COLLATE "C" NULLS FIRST,
		  c.consequence COLLATE "C";
COMMENT ON VIEW kpi_report.consequence IS
	'后果：考核结果的运用，每条一行（kpi.consequence 的中文列名版）. Consequences, one row each: kpi.consequence with Chinese column names';
COMMENT ON COLUMN kpi_report.consequence."姓名" IS '空：针对单位本身（通报表彰、通报批评、整个单位不能评优评先）';

-- kpi: entry by COPY.  Assessors keep scores in spreadsheets, raters their
-- ratings, units their facts; each sheet saved as CSV loads with
--     \copy kpi_report.score_entry FROM 'scores.csv' CSV HEADER
-- into a view whose columns are the sheet's (Chinese, as the bureau's own
-- tables head them).  A unit is given by its code or its name; 方案 may be
-- left out (a COPY column list without it) while exactly one scheme is open.
--
-- How a load runs: a statement trigger before it starts an empty stage in
-- the backend's memory (kpi_entry_begin, src/entry_stage_pg.c: no table, so
-- nothing a caller creates can stand in for it); the INSTEAD OF row trigger
-- resolves and checks each row, naming its CSV line, and stages it (a key
-- given twice is refused, naming both lines); a statement trigger after it
-- writes the staged rows with one INSERT ... ON CONFLICT DO UPDATE, so the
-- checks, the lock and the audit of the table fire once, set-based, and a
-- re-loaded sheet updates what changed (unchanged rows are not rewritten,
-- so not audited).  COPY is one statement: any error rolls all of it back.
--
-- These triggers run as the invoker: row-level security and the caller's
-- privileges decide what lands, as for a plain INSERT; the checks of each
-- row only name a refused row early, with its line.  A DELETE on an entry
-- view removes the rows it names that the caller may write: the one trigger
-- that runs as kpi's owner, since units, assessors and raters hold no
-- DELETE on the tables (it would let them LOCK them).

-- The stage of a load (src/entry_stage_pg.c): one per entry view, in the
-- backend's own memory, forgotten at the end of the transaction and
-- dropped with a subtransaction that rolls back.  Volatile and parallel
-- unsafe: they keep state in the backend.

-- Start a load into the entry view `load` (its BEFORE STATEMENT trigger);
-- refused while a load into the same view is in progress.
CREATE FUNCTION kpi.kpi_entry_begin(load regclass)
RETURNS void
AS 'MODULE_PATHNAME', 'kpi_entry_begin'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION kpi.kpi_entry_begin(regclass) IS
	'Start a load into an entry view: an empty stage for its rows, until kpi_entry_take';

-- Stage one checked row of the load; if its key (scheme_id, unit_code,
-- code, rater) was staged by this load already, stage nothing and return
-- the `at` of the earlier row, else null.  A null rater is ''; points,
-- facts and note may be null; n orders the rows (the line number).  Not
-- strict: it names the argument that must not be null.
CREATE FUNCTION kpi.kpi_entry_stage(load regclass, n bigint, at text, scheme_id text, unit_code text,
	code text, rater text, points numeric, facts jsonb, note text)
RETURNS text
AS 'MODULE_PATHNAME', 'kpi_entry_stage'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION kpi.kpi_entry_stage(regclass, bigint, text, text, text, text, text, numeric, jsonb, text) IS
	'Stage one row of a load into an entry view; a key staged before returns where it was and stages nothing';

-- The staged rows of the load in order of n (the same n: in staging
-- order), ending the load.
CREATE FUNCTION kpi.kpi_entry_take(load regclass)
RETURNS TABLE (scheme_id text, unit_code text, code text, rater text, points numeric, facts jsonb, note text)
AS 'MODULE_PATHNAME', 'kpi_entry_take'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE ROWS 1000;
COMMENT ON FUNCTION kpi.kpi_entry_take(regclass) IS
	'The staged rows of a load into an entry view, in line order, ending the load';

-- The line (COPY) or row (INSERT) a row came from: COPY's own count of
-- physical lines, after a header line when the statement has one; in CSV a
-- quoted field with line breaks spans as many lines as COPY counts.
-- Advanced per row in a setting kpi.entry_begin resets per statement
-- (kpi_entry.*, not kpi.*: a prefix the module might one day reserve).
CREATE FUNCTION kpi.entry_line(fields text)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	how text := current_setting('kpi_entry.count', true);
	next bigint := coalesce(nullif(current_setting('kpi_entry.next', true), ''), '1')::bigint;
	breaks int := 0;
BEGIN
	IF how = 'csv' THEN
		breaks := length(coalesce(fields, '')) - length(replace(coalesce(fields, ''), E'\n', ''));
	END IF;
	PERFORM set_config('kpi_entry.next', (next + 1 + breaks)::text, true);
	RETURN pg_catalog.format(CASE WHEN how IN ('csv', 'copy') THEN kpi.translate('line %s')
								  ELSE kpi.translate('row %s') END, next);
END
$$;

-- Before each load: an empty stage, and the count of lines.
CREATE FUNCTION kpi.entry_begin()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	-- the client's statement, its quoted strings (a file name) left out
	q text := regexp_replace(coalesce(current_query(), ''), '''([^'']|'''')*''', '''''', 'g');
	is_copy boolean := q ~* '^\s*copy\M';
BEGIN
	PERFORM kpi.kpi_entry_begin(TG_RELID::regclass);
	PERFORM set_config('kpi_entry.rights', '', true);
	PERFORM set_config('kpi_entry.count',
					   CASE WHEN NOT is_copy THEN 'insert'
							WHEN q ~* '\mcsv\M' THEN 'csv' ELSE 'copy' END, true);
	-- a header line comes first (HEADER, HEADER true/on/1/match)
	PERFORM set_config('kpi_entry.next',
					   CASE WHEN is_copy AND q ~* '\mheader\M' AND q !~* '\mheader\s+(false|off|0)\M'
							THEN '2' ELSE '1' END, true);
	RETURN NULL;
END
$$;

-- What the role loading may write (kpi.rights_of), worked out once per
-- load and kept in a setting kpi.entry_begin clears: the row triggers ask
-- for every row, and working it out walks kpi.account and pg_roles.  The
-- caller could set the setting itself; it only lets a bad row be named
-- early: what is written is still decided by row-level security, which
-- works the rights out anew, when the staged rows are written.
CREATE FUNCTION kpi.entry_rights()
RETURNS kpi.rights
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	who text := current_user::text;
	kept text := nullif(current_setting('kpi_entry.rights', true), '');
	rights kpi.rights;
BEGIN
	IF kept IS NOT NULL THEN
		rights := kept::kpi.rights;
	END IF;
	IF rights.role_name IS DISTINCT FROM who THEN
		rights := kpi.rights_of(who);
		PERFORM set_config('kpi_entry.rights', rights::text, true);
	END IF;
	RETURN rights;
END
$$;

-- 方案: the scheme named, or, when the column is left out or empty, the one
-- open scheme.  Entry goes to open schemes (the office may also fill a
-- draft); a finalized one is locked.
CREATE FUNCTION kpi.entry_scheme(given text, at text, office boolean)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	scheme text := nullif(btrim(given), '');
	status text;
	open text[];
BEGIN
	IF scheme IS NULL THEN
		SELECT array_agg(s.scheme_id ORDER BY s.scheme_id) INTO open FROM kpi.scheme s WHERE s.status = 'open';
		IF cardinality(open) IS DISTINCT FROM 1 THEN
			RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no 方案 on %s and %s schemes are open'), at, coalesce(cardinality(open), 0)),
					  ERRCODE = 'invalid_parameter_value',
					  DETAIL = CASE WHEN open IS NULL THEN kpi.translate('No scheme is open for entry.')
									ELSE pg_catalog.format(kpi.translate('Open schemes: %s.'), array_to_string(open, ', ')) END,
					  HINT = kpi.translate('Give the scheme in a 方案 column; it may be left out only while exactly one scheme is open.');
		END IF;
		RETURN open[1];
	END IF;
	SELECT s.status INTO status FROM kpi.scheme s WHERE s.scheme_id = scheme;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unknown scheme "%s" on %s'), scheme, at),
				  ERRCODE = 'foreign_key_violation';
	END IF;
	IF status = 'finalized' THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is finalized'), scheme),
				  ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = pg_catalog.format(kpi.translate('The load''s %s would change the published scheme "%s".'), at, scheme),
				  HINT = kpi.translate('Only the office can reopen it, with kpi.reopen(scheme_id, reason).');
	END IF;
	IF status = 'draft' AND NOT office THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is not open for entry (%s)'), scheme, at),
				  ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = kpi.translate('It is still a draft: only the office enters data into it.');
	END IF;
	RETURN scheme;
END
$$;

-- 单位: a unit's code, or its name.  A code wins; a name shared by several
-- units is taken to be the one taking part in the scheme, else refused.
-- Names are looked up once per row: an index keeps that one probe at
-- country scale (tens of thousands of units).
CREATE INDEX unit_name_idx ON kpi.unit (name);
CREATE FUNCTION kpi.entry_unit(scheme text, given text, at text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v text := nullif(btrim(given), '');
	named text[];		-- every unit of that name
	matches text[];
BEGIN
	IF v IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no 单位 on %s'), at),
				  ERRCODE = 'not_null_violation',
				  DETAIL = kpi.translate('Each row names its unit by code or by name.');
	END IF;
	PERFORM FROM kpi.unit u WHERE u.unit_code = v;
	IF FOUND THEN
		RETURN v;
	END IF;
	SELECT array_agg(u.unit_code ORDER BY u.unit_code) INTO named FROM kpi.unit u WHERE u.name = v;
	matches := named;
	IF cardinality(named) > 1 THEN
		SELECT array_agg(p.unit_code ORDER BY p.unit_code) INTO matches
		  FROM kpi.participant p WHERE p.scheme_id = scheme AND p.unit_code = ANY (named);
		IF cardinality(matches) IS DISTINCT FROM 1 THEN
			RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unit name "%s" on %s is ambiguous'), v, at),
					  ERRCODE = 'invalid_parameter_value',
					  DETAIL = pg_catalog.format(kpi.translate('Units %s are all named "%s".'), array_to_string(named, ', '), v),
					  HINT = kpi.translate('Give the unit''s code instead of its name.');
		END IF;
	END IF;
	IF matches IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unknown unit "%s" on %s'), v, at),
				  ERRCODE = 'foreign_key_violation',
				  DETAIL = kpi.translate('No unit has this code or name.');
	END IF;
	RETURN matches[1];
END
$$;

-- A number column (得分, 评分): a plain decimal with at most 2 places, not
-- negative; the caller checks the upper bound.
CREATE FUNCTION kpi.entry_number(given text, col text, at text)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v text := nullif(btrim(given), '');
	x numeric;
BEGIN
	IF v IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no %s on %s'), col, at),
				  ERRCODE = 'not_null_violation',
				  HINT = kpi.translate('A load sets values; it does not clear them.  Remove a row with DELETE.');
	END IF;
	IF v !~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$' THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('%s "%s" on %s is not a number'), col, v, at),
				  ERRCODE = 'invalid_text_representation';
	END IF;
	x := v::numeric;
	IF x < 0 OR x <> round(x, 2) THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('%s %s on %s is not allowed'), col, v, at),
				  ERRCODE = 'check_violation',
				  DETAIL = kpi.translate('Points and scores are at least 0, with at most 2 decimals.');
	END IF;
	RETURN x;
END
$$;

-- A free-text cell of a sheet (备注, 评价人): refused, naming its line,
-- where a spreadsheet would run it as a formula (kpi.spreadsheet_safe, the
-- tables' own check) when the sheet is written out again.
CREATE FUNCTION kpi.entry_text(given text, col text, at text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT kpi.spreadsheet_safe(given) THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('%s on %s begins with "%s", which a spreadsheet runs as a formula'), col, at, left(given, 1)),
				  ERRCODE = 'check_violation',
				  DETAIL = kpi.translate('Text that begins with =, +, -, @, a tab or a carriage return is refused: a sheet written from kpi would run it when opened.'),
				  HINT = kpi.translate('Begin the text with another character, for example a space.');
	END IF;
	RETURN given;
END
$$;

-- score_entry: 方案, 单位, 指标, 得分, 备注.
CREATE FUNCTION kpi.score_entry_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	at text := kpi.entry_line(concat(NEW."方案", NEW."单位", NEW."指标", NEW."得分", NEW."备注"));
	rights kpi.rights := kpi.entry_rights();
	scheme text := kpi.entry_scheme(NEW."方案", at, rights.office);
	unit text := kpi.entry_unit(scheme, NEW."单位", at);
	criterion text := nullif(btrim(NEW."指标"), '');
	points numeric := kpi.entry_number(NEW."得分", '得分', at);
	note text := kpi.entry_text(nullif(NEW."备注", ''), '备注', at);
	node kpi.rubric_node;
	roots text;
	earlier text;
BEGIN
	IF NOT rights.office AND NOT rights.assessor THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('role "%s" may not enter scores (%s)'), current_user, at),
				  ERRCODE = 'insufficient_privilege',
				  DETAIL = kpi.translate('Scores are entered by assessors and the office.');
	END IF;
	IF criterion IS NOT NULL AND NOT kpi.may_score(rights, scheme, criterion) THEN
		SELECT string_agg(c, ', ') INTO roots FROM jsonb_array_elements_text(rights.score_roots -> scheme) c;
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('criterion "%s" on %s is not one role "%s" scores'), criterion, at, current_user),
				  ERRCODE = 'insufficient_privilege',
				  DETAIL = CASE WHEN roots IS NULL
							   THEN pg_catalog.format(kpi.translate('The role scores no criterion of scheme "%s".'), scheme)
							   ELSE pg_catalog.format(kpi.translate('The role scores the criteria under %s.'), roots) END;
	END IF;
	node := kpi.check_leaf('score', scheme, unit, NEW."指标", points, at);
	earlier := kpi.kpi_entry_stage(TG_RELID::regclass, substring(at FROM '[0-9]+')::bigint, at, scheme, unit,
								   node.criterion_code, NULL, points, NULL, note);
	IF earlier IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('score of unit "%s" on criterion "%s" given twice: on %s and on %s'), unit, node.criterion_code, earlier, at),
				  ERRCODE = 'unique_violation',
				  DETAIL = pg_catalog.format(kpi.translate('Scheme "%s".  A load gives each score once.'), scheme);
	END IF;
	RETURN NEW;
END
$$;

-- rating_entry: 方案, 单位, 评价项目 (a rating component's code or title
-- in the unit's group), 评价人, 评分.  A rater account with one rater name
-- may leave 评价人 out.
CREATE FUNCTION kpi.rating_entry_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	at text := kpi.entry_line(concat(NEW."方案", NEW."单位", NEW."评价项目", NEW."评价人", NEW."评分"));
	rights kpi.rights := kpi.entry_rights();
	scheme text := kpi.entry_scheme(NEW."方案", at, rights.office);
	unit text := kpi.entry_unit(scheme, NEW."单位", at);
	given text := nullif(btrim(NEW."评价项目"), '');
	rater text := kpi.entry_text(nullif(btrim(NEW."评价人"), ''), '评价人', at);
	score numeric := kpi.entry_number(NEW."评分", '评分', at);
	grp text;
	matches text[];
	earlier text;
BEGIN
	IF rater IS NULL AND NOT rights.office AND cardinality(rights.raters) = 1 THEN
		rater := rights.raters[1];
	END IF;
	IF rater IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no 评价人 on %s'), at),
				  ERRCODE = 'not_null_violation';
	END IF;
	IF NOT rights.office AND NOT rater = ANY (rights.raters) THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('role "%s" may not enter ratings of rater "%s" (%s)'), current_user, rater, at),
				  ERRCODE = 'insufficient_privilege',
				  DETAIL = kpi.translate('A rater enters only its own ratings; the office enters any.');
	END IF;
	SELECT p.group_code INTO grp FROM kpi.participant p WHERE p.scheme_id = scheme AND p.unit_code = unit;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unit "%s" on %s does not take part in scheme "%s"'), unit, at, scheme),
				  ERRCODE = 'foreign_key_violation';
	END IF;
	SELECT array_agg(c.component_code ORDER BY c.component_code) INTO matches FROM kpi.component c
	 WHERE c.scheme_id = scheme AND c.group_code = grp AND c.component_code <> 'content'
	   AND (c.component_code = given OR (NOT EXISTS (SELECT 1 FROM kpi.component k
													 WHERE k.scheme_id = scheme AND k.group_code = grp
													   AND k.component_code = given)
										 AND btrim(c.title) = given));
	IF matches IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unknown 评价项目 "%s" on %s'), given, at),
				  ERRCODE = 'foreign_key_violation',
				  DETAIL = pg_catalog.format(kpi.translate('Group "%s" of unit "%s" has no rating component with this code or title.'), grp, unit);
	ELSIF cardinality(matches) > 1 THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('评价项目 "%s" on %s is ambiguous'), given, at),
				  ERRCODE = 'invalid_parameter_value',
				  DETAIL = pg_catalog.format(kpi.translate('Components %s of group "%s" have this title.'), array_to_string(matches, ', '), grp),
				  HINT = kpi.translate('Give the component''s code.');
	END IF;
	IF NOT kpi.may_rate(rights, scheme, unit, matches[1], rater) THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('role "%s" may not rate unit "%s" on "%s" as rater "%s" (%s)'), current_user, unit, matches[1], rater, at),
				  ERRCODE = 'insufficient_privilege',
				  DETAIL = kpi.translate('The rater''s account is limited to other units, rating components or schemes.');
	END IF;
	IF score > 100 THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('评分 %s on %s exceeds 100'), score, at),
				  ERRCODE = 'check_violation',
				  DETAIL = kpi.translate('A rating is a score from 0 to 100.');
	END IF;
	earlier := kpi.kpi_entry_stage(TG_RELID::regclass, substring(at FROM '[0-9]+')::bigint, at, scheme, unit,
								   matches[1], rater, score, NULL, NULL);
	IF earlier IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('rating of unit "%s" on "%s" by "%s" given twice: on %s and on %s'), unit, matches[1], rater, earlier, at),
				  ERRCODE = 'unique_violation',
				  DETAIL = pg_catalog.format(kpi.translate('Scheme "%s".  A load gives each rating once.'), scheme);
	END IF;
	RETURN NEW;
END
$$;

-- evidence_entry: 方案, 单位, 指标, 事实 (the facts as JSON).
CREATE FUNCTION kpi.evidence_entry_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	at text := kpi.entry_line(concat(NEW."方案", NEW."单位", NEW."指标", NEW."事实"));
	rights kpi.rights := kpi.entry_rights();
	scheme text := kpi.entry_scheme(NEW."方案", at, rights.office);
	unit text := kpi.entry_unit(scheme, NEW."单位", at);
	node kpi.rubric_node;
	facts jsonb;
	problem text;
	earlier text;
BEGIN
	IF NOT kpi.may_report(rights, scheme, unit) THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('role "%s" may not enter facts of unit "%s" (%s)'), current_user, unit, at),
				  ERRCODE = 'insufficient_privilege',
				  DETAIL = kpi.translate('A unit reports its own facts; the office enters any.');
	END IF;
	node := kpi.check_leaf('evidence', scheme, unit, NEW."指标", NULL, at);
	IF nullif(btrim(NEW."事实"), '') IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no 事实 on %s'), at),
				  ERRCODE = 'not_null_violation';
	END IF;
	BEGIN
		facts := NEW."事实"::jsonb;
	EXCEPTION WHEN invalid_text_representation THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('事实 on %s is not JSON'), at),
				  ERRCODE = 'invalid_text_representation',
				  DETAIL = SQLERRM || '.';
	END;
	problem := kpi.kpi_facts_problem(node.rule, facts, node.max_points);
	IF problem IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('invalid facts on %s for criterion "%s"'), at, node.criterion_code),
				  ERRCODE = 'invalid_parameter_value', DETAIL = problem || '.';
	END IF;
	earlier := kpi.kpi_entry_stage(TG_RELID::regclass, substring(at FROM '[0-9]+')::bigint, at, scheme, unit,
								   node.criterion_code, NULL, NULL, facts, NULL);
	IF earlier IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('facts of unit "%s" on criterion "%s" given twice: on %s and on %s'), unit, node.criterion_code, earlier, at),
				  ERRCODE = 'unique_violation',
				  DETAIL = pg_catalog.format(kpi.translate('Scheme "%s".  A load gives each criterion''s facts once.'), scheme);
	END IF;
	RETURN NEW;
END
$$;

-- After each load: write what was staged, once.  A key already there is
-- updated (a corrected sheet loads again); a row the sheet leaves out is
-- kept.  Runs as the invoker: row-level security applies.
CREATE FUNCTION kpi.entry_write()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_TABLE_NAME = 'score_entry' THEN
		INSERT INTO kpi.score AS s (scheme_id, unit_code, criterion_code, points, note)
		SELECT e.scheme_id, e.unit_code, e.code, e.points, e.note FROM kpi.kpi_entry_take(TG_RELID::regclass) e
		ON CONFLICT (scheme_id, unit_code, criterion_code) DO UPDATE
		   SET points = excluded.points, note = excluded.note
		 WHERE s.points IS DISTINCT FROM excluded.points OR s.note IS DISTINCT FROM excluded.note;
	ELSIF TG_TABLE_NAME = 'rating_entry' THEN
		INSERT INTO kpi.rating AS r (scheme_id, unit_code, component_code, rater, score)
		SELECT e.scheme_id, e.unit_code, e.code, e.rater, e.points FROM kpi.kpi_entry_take(TG_RELID::regclass) e
		ON CONFLICT (scheme_id, unit_code, component_code, rater) DO UPDATE
		   SET score = excluded.score
		 WHERE r.score IS DISTINCT FROM excluded.score;
	ELSE
		INSERT INTO kpi.evidence AS v (scheme_id, unit_code, criterion_code, facts)
		SELECT e.scheme_id, e.unit_code, e.code, e.facts FROM kpi.kpi_entry_take(TG_RELID::regclass) e
		ON CONFLICT (scheme_id, unit_code, criterion_code) DO UPDATE
		   SET facts = excluded.facts
		 WHERE v.facts IS DISTINCT FROM excluded.facts;
	END IF;
	RETURN NULL;
END
$$;

-- DELETE on an entry view: each row the statement names goes when the
-- acting role may write it (kpi.may_score, may_report, may_rate: what
-- row-level security asks of its updates), else it stays and is not
-- counted.  The rows come from the view, read as the caller under its own
-- row-level security.  SECURITY DEFINER because units, assessors and
-- raters hold no DELETE on the tables: that privilege would also let them
-- LOCK the tables against every other account.  Its rights are worked out
-- for each row from kpi.account, never from anything the caller can set.
CREATE FUNCTION kpi.entry_delete()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rights kpi.rights := kpi.rights_of(kpi.acting_role());
	unit text := kpi.entry_unit(OLD."方案", OLD."单位", OLD."单位");
BEGIN
	IF TG_TABLE_NAME = 'score_entry' THEN
		DELETE FROM kpi.score s
		 WHERE s.scheme_id = OLD."方案" AND s.unit_code = unit AND s.criterion_code = OLD."指标"
		   AND kpi.may_score(rights, s.scheme_id, s.criterion_code);
	ELSIF TG_TABLE_NAME = 'rating_entry' THEN
		DELETE FROM kpi.rating r
		 WHERE r.scheme_id = OLD."方案" AND r.unit_code = unit AND r.component_code = OLD."评价项目"
		   AND r.rater = OLD."评价人" AND kpi.may_rate(rights, r.scheme_id, r.unit_code, r.component_code, r.rater);
	ELSE
		DELETE FROM kpi.evidence e
		 WHERE e.scheme_id = OLD."方案" AND e.unit_code = unit AND e.criterion_code = OLD."指标"
		   AND kpi.may_report(rights, e.scheme_id, e.unit_code);
	END IF;
	IF FOUND THEN
		RETURN OLD;
	END IF;
	RETURN NULL;
END
$$;

-- A unit as a sheet shows it: its name when that name leads back to it
-- alone (no other unit has the name, no unit has it as code), else its code.
CREATE FUNCTION kpi.entry_unit_label(code text, name text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN (SELECT count(*) FROM kpi.unit v WHERE v.name = $2 OR v.unit_code = $2) = 1
				THEN $2 ELSE $1 END
$$;

-- The views read the tables as the invoker (security_invoker): each account
-- reads back what it may read; and are security barriers, so a function of
-- the caller's in a WHERE meets only the rows that come out.
CREATE VIEW kpi_report.score_entry WITH (security_invoker = true, security_barrier) AS
SELECT s.scheme_id AS "方案",
	   kpi.entry_unit_label(u.unit_code, u.name) AS "单位",
	   s.criterion_code AS "指标", s.points::text AS "得分", s.note AS "备注"
  FROM kpi.score s
  JOIN kpi.unit u ON u.unit_code OPERATOR(pg_catalog.=) s.unit_code;
COMMENT ON VIEW kpi_report.score_entry IS
	'评分录入：按表格的列用 COPY 导入得分，读出即为表格（方案可省略，单位填编码或名称）. Scores in a spreadsheet''s columns: COPY into it to load a sheet (方案 may be left out while one scheme is open; 单位 by code or name), read it to write one';

CREATE VIEW kpi_report.rating_entry WITH (security_invoker = true, security_barrier) AS
SELECT r.scheme_id AS "方案",
	   kpi.entry_unit_label(u.unit_code, u.name) AS "单位",
	   r.component_code AS "评价项目", r.rater AS "评价人", r.score::text AS "评分"
  FROM kpi.rating r
  JOIN kpi.unit u ON u.unit_code OPERATOR(pg_catalog.=) r.unit_code;
COMMENT ON VIEW kpi_report.rating_entry IS
	'评价录入：按表格的列用 COPY 导入评价分，读出即为表格（评价项目填编码或名称）. Ratings in a spreadsheet''s columns: COPY into it to load a sheet (评价项目 by code or title), read it to write one';

CREATE VIEW kpi_report.evidence_entry WITH (security_invoker = true, security_barrier) AS
SELECT e.scheme_id AS "方案",
	   kpi.entry_unit_label(u.unit_code, u.name) AS "单位",
	   e.criterion_code AS "指标", e.facts::text AS "事实"
  FROM kpi.evidence e
  JOIN kpi.unit u ON u.unit_code OPERATOR(pg_catalog.=) e.unit_code;
COMMENT ON VIEW kpi_report.evidence_entry IS
	'报送材料录入：按表格的列用 COPY 导入事实（JSON），读出即为表格. Facts reported for rule leaves in a spreadsheet''s columns (事实 as JSON): COPY into it to load a sheet, read it to write one';

DO $$
DECLARE
	v text;
BEGIN
	FOREACH v IN ARRAY ARRAY['score_entry', 'rating_entry', 'evidence_entry'] LOOP
		EXECUTE pg_catalog.format('CREATE TRIGGER entry_begin BEFORE INSERT ON kpi_report.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.entry_begin()', v);
		EXECUTE pg_catalog.format('CREATE TRIGGER entry_row INSTEAD OF INSERT ON kpi_report.%I '
			'FOR EACH ROW EXECUTE FUNCTION kpi.%I()', v, v || '_row');
		EXECUTE pg_catalog.format('CREATE TRIGGER entry_write AFTER INSERT ON kpi_report.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.entry_write()', v);
		EXECUTE pg_catalog.format('CREATE TRIGGER entry_delete INSTEAD OF DELETE ON kpi_report.%I '
			'FOR EACH ROW EXECUTE FUNCTION kpi.entry_delete()', v);
	END LOOP;
END
$$;

-- kpi: the 通报 (official notice) of a year's result, as one printable
-- HTML document: red-headed in the manner of a government notice (GB/T
-- 9704's layout: issuing office in red, a red rule, the title, the
-- addressees, the body, the office and date), the units of each group by
-- tier, the rewards, the consequences, and an annex with each group's
-- scores and a bar chart of its totals as inline SVG.  No script: it is
-- printed (headless Chromium, `make notice`).  It reads kpi.result,
-- kpi.reward and kpi.consequence as the caller, so each account gets the
-- notice of the rows it may see; every text that users wrote is escaped.

-- The five characters HTML gives meaning to, as entities; '&' first so
-- the others' entities are not escaped again.
CREATE FUNCTION kpi.html_escape(s text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
		s, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION kpi.html_escape(text) IS 'Text as HTML: & < > " and '' as entities';

-- The notice.  issuer and doc_number are what kpi does not store (the
-- office's name heads and signs it; the 发文字号 line is left out when
-- null).  A scheme not yet finalized gives a draft: marked 草稿 on every
-- page and dated today; a finalized one is dated the day it was published
-- (kpi.publication, in the session's time zone).  Numbers are exact
-- numerics printed with two decimals; bar lengths are numerics too.
-- STABLE: reads only, and today's date is fixed within a transaction.
CREATE FUNCTION kpi.notice_html(scheme_id text, issuer text DEFAULT NULL, doc_number text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	sc kpi.scheme;
	published timestamptz;
	dated date;
	office text := kpi.html_escape(coalesce(nullif(btrim(issuer), ''), '目标管理考核领导小组办公室'));
	name text;          -- the assessment's name, escaped
	addressees text;
	counts text;
	results text;
	rewards text;
	consequences text;
	annex text;
	numerals text[] := ARRAY['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
	-- the chart's geometry (SVG user units): label column, bar area, row
	label_w CONSTANT numeric := 190;
	bar_w CONSTANT numeric := 330;
	row_h CONSTANT numeric := 26;
BEGIN
	IF scheme_id IS NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = kpi.translate('scheme must not be null'),
			ERRCODE = 'null_value_not_allowed';
	END IF;
	SELECT s.* INTO sc FROM kpi.scheme s WHERE s.scheme_id = notice_html.scheme_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), scheme_id),
			ERRCODE = 'no_data_found',
			HINT = kpi.translate('kpi.notice_html takes a scheme_id of kpi.scheme.');
	END IF;
	SELECT p.published_at INTO published FROM kpi.publication p WHERE p.scheme_id = notice_html.scheme_id;
	dated := coalesce(published::date, current_date);
	name := kpi.html_escape(coalesce(nullif(btrim(sc.title), ''), sc.year || '年度目标管理考核'));

	SELECT string_agg(kpi.html_escape(coalesce(g.title, g.group_code)), '、' ORDER BY g.group_code COLLATE "C")
	  INTO addressees
	  FROM kpi.unit_group g WHERE g.scheme_id = notice_html.scheme_id;

	-- One statement, so kpi.result is computed once (r, materialized) and
	-- kpi.reward and kpi.consequence once each; every section is an
	-- aggregate of one row.
	WITH r AS MATERIALIZED (
		SELECT r.*, row_number() OVER (PARTITION BY r.group_code ORDER BY r.rank, r.unit_code COLLATE "C") AS i
		  FROM kpi.result r
		 WHERE r.scheme_id = notice_html.scheme_id
	), top AS (
		SELECT format('评出实绩突出单位%s个、实绩比较突出单位%s个、实绩一般单位%s个',
					  count(*) FILTER (WHERE r.tier = 'outstanding'),
					  count(*) FILTER (WHERE r.tier = 'good'),
					  count(*) FILTER (WHERE r.tier = 'poor')) AS counts,
			   max(r.total) AS top_total
		  FROM r
	), g AS (
		SELECT r.group_code, kpi.html_escape(coalesce(min(ug.title), r.group_code)) AS title,
			   row_number() OVER (ORDER BY r.group_code COLLATE "C") AS n, count(*) AS units
		  FROM r
		  LEFT JOIN kpi.unit_group ug ON ug.scheme_id = notice_html.scheme_id AND ug.group_code = r.group_code
		 GROUP BY r.group_code
	),
	-- 一、考核结果: per group the units of each tier, in rank order
	names AS (
		SELECT r.group_code, r.tier,
			   string_agg(kpi.html_escape(r.unit_name)
						  || CASE WHEN r.vetoed THEN '（一票否决）' ELSE '' END
						  || CASE WHEN r.downgraded THEN '（降级评定）' ELSE '' END
						  || CASE WHEN NOT r.complete THEN '（评分数据不全）' ELSE '' END,
						  '、' ORDER BY r.i) AS units
		  FROM r GROUP BY r.group_code, r.tier
	), lines AS (
		SELECT g.n, g.title,
			   string_agg(format('<p class="tier tier-%s"><span class="tier-label">%s：</span>%s。</p>',
								 x.tier, x.label, coalesce(names.units, '无')), E'\n' ORDER BY x.tier) AS lines
		  FROM g
		 CROSS JOIN (VALUES ('outstanding'::kpi.tier, '实绩突出单位'), ('good', '实绩比较突出单位'),
							('poor', '实绩一般单位')) x (tier, label)
		  LEFT JOIN names ON names.group_code = g.group_code AND names.tier = x.tier
		 GROUP BY g.n, g.title
	), sec_results AS (
		SELECT string_agg(format(E'<section class="group">\n<h3>（%s）%s</h3>\n%s\n</section>',
								 coalesce(numerals[l.n], l.n::text), l.title, l.lines), E'\n' ORDER BY l.n) AS html
		  FROM lines l
	),
	-- 二、奖励: a row per person, the unit's name spanning its rows
	w AS (
		SELECT w.unit_code, w.person, w.role, w.amount,
			   coalesce(r.unit_name, w.unit_code) AS unit_name, r.group_code, r.rank,
			   row_number() OVER (PARTITION BY w.unit_code ORDER BY w.role = 'staff', w.person COLLATE "C") AS i,
			   count(*) OVER (PARTITION BY w.unit_code) AS n
		  FROM kpi.reward w
		  LEFT JOIN r ON r.unit_code = w.unit_code
		 WHERE w.scheme_id = notice_html.scheme_id
	), sec_rewards AS (
		SELECT format(E'<table class="rewards">\n<thead><tr><th>单位</th><th>姓名</th><th>身份</th><th class="num">金额（元）</th></tr></thead>\n<tbody>\n%s\n</tbody>\n<tfoot><tr><td colspan="3">合计</td><td class="num">%s</td></tr></tfoot>\n</table>',
					  string_agg(format('<tr>%s<td>%s</td><td>%s</td><td class="num">%s</td></tr>',
										CASE WHEN w.i = 1 THEN format('<td rowspan="%s">%s</td>', w.n, kpi.html_escape(w.unit_name)) ELSE '' END,
										coalesce(kpi.html_escape(w.person), '（单位）'),
										CASE w.role WHEN 'head' THEN '主要负责人' WHEN 'staff' THEN '工作人员'
											 ELSE coalesce(kpi.html_escape(w.role), '') END,
										round(w.amount, 2)),
								 E'\n' ORDER BY w.group_code COLLATE "C", w.rank, w.unit_code COLLATE "C", w.i),
					  round(sum(w.amount), 2)) AS html
		  FROM w
		HAVING count(*) > 0
	),
	-- 三、相关处理: a row per consequence and unit, its persons listed
	c AS (
		SELECT c.consequence, c.unit_code, coalesce(min(r.unit_name), c.unit_code) AS unit_name,
			   min(r.group_code) AS group_code, min(r.rank) AS rank,
			   bool_or(c.person IS NULL) AS whole_unit,
			   string_agg(kpi.html_escape(c.person), '、' ORDER BY c.person COLLATE "C") AS persons
		  FROM kpi.consequence c
		  LEFT JOIN r ON r.unit_code = c.unit_code
		 WHERE c.scheme_id = notice_html.scheme_id
		 GROUP BY c.consequence, c.unit_code
	), sec_consequences AS (
		SELECT format(E'<table class="consequences">\n<thead><tr><th>处理</th><th>单位</th><th>人员</th></tr></thead>\n<tbody>\n%s\n</tbody>\n</table>',
					  string_agg(format('<tr><td>%s</td><td>%s</td><td>%s</td></tr>',
										kpi.html_escape(c.consequence), kpi.html_escape(c.unit_name),
										concat_ws('；', CASE WHEN c.whole_unit THEN '（单位）' END, c.persons)),
								 E'\n' ORDER BY coalesce(array_position(ARRAY['通报表彰', '通报批评', '当年不得参加公务员评优和系统评先',
																			   '确定为不称职公务员', '年底不能评优评先'], c.consequence), 99),
											 c.consequence COLLATE "C", c.group_code COLLATE "C", c.rank, c.unit_code COLLATE "C")) AS html
		  FROM c
		HAVING count(*) > 0
	),
	-- 附件: per group its scores and a chart of its totals, bars scaled to
	-- the scheme's highest total so groups compare
	per_group AS (
		SELECT r.group_code,
			   string_agg(format('<tr><td class="num">%s</td><td>%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td>%s</td><td>%s</td></tr>',
								 r.rank, kpi.html_escape(r.unit_name), round(r.content, 2), round(r.ratings, 2),
								 round(r.bonus, 2), round(r.deduction, 2), round(r.total, 2), kpi.html_escape(r.tier_label),
								 concat_ws('；', CASE WHEN r.vetoed THEN '一票否决' END, CASE WHEN r.downgraded THEN '降级评定' END,
										   CASE WHEN NOT r.complete THEN '评分数据不全' END)),
						  E'\n' ORDER BY r.i) AS table_rows,
			   string_agg(format('<g class="bar tier-%s"><text class="label" x="%s" y="%s">%s</text>'
								 '<rect x="%s" y="%s" width="%s" height="%s"/>'
								 '<text class="value" x="%s" y="%s">%s</text></g>',
								 r.tier, label_w - 8, (r.i - 1) * row_h + 4 + row_h / 2 + 5, kpi.html_escape(r.unit_name),
								 label_w, (r.i - 1) * row_h + 8, b.len, row_h - 10,
								 label_w + b.len + 6, (r.i - 1) * row_h + 4 + row_h / 2 + 5, round(r.total, 2)),
						  E'\n' ORDER BY r.i) AS bars
		  FROM r CROSS JOIN top
		 CROSS JOIN LATERAL (SELECT CASE WHEN top.top_total > 0
										 THEN round(greatest(coalesce(r.total, 0), 0) * bar_w / top.top_total, 2)
										 ELSE 0 END AS len) b
		 GROUP BY r.group_code
	), sec_annex AS (
		SELECT string_agg(format(
			E'<section class="group annex-group">\n<h3>（%s）%s</h3>\n'
			'<table class="scores">\n<thead><tr><th class="num">名次</th><th>单位</th><th class="num">内容得分</th><th class="num">评价得分</th>'
			'<th class="num">创新加分</th><th class="num">上级扣分</th><th class="num">总分</th><th>档次</th><th>备注</th></tr></thead>\n<tbody>\n%s\n</tbody>\n</table>\n'
			'<figure>\n<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-label="%s考核总分">\n'
			'<line class="axis" x1="%s" y1="0" x2="%s" y2="%s"/>\n%s\n</svg>\n'
			'<figcaption>图%s　%s考核总分（条长按全部单位最高总分%s分折算）</figcaption>\n</figure>\n</section>',
			coalesce(numerals[g.n], g.n::text), g.title, x.table_rows,
			label_w + bar_w + 70, g.units * row_h + 8, label_w + bar_w + 70, g.units * row_h + 8, g.title,
			label_w, label_w, g.units * row_h + 8, x.bars,
			g.n, g.title, round(top.top_total, 2)), E'\n' ORDER BY g.n) AS html
		  FROM g JOIN per_group x ON x.group_code = g.group_code CROSS JOIN top
	)
	SELECT top.counts, sr.html, sw.html, sq.html, sa.html
	  INTO counts, results, rewards, consequences, annex
	  FROM top CROSS JOIN sec_results sr CROSS JOIN sec_annex sa
	  LEFT JOIN sec_rewards sw ON true LEFT JOIN sec_consequences sq ON true;

	RETURN concat_ws(E'\n',
		'<!DOCTYPE html>',
		'<html lang="zh-CN">',
		'<head>',
		'<meta charset="utf-8">',
		format('<title>关于%s结果的通报</title>', name),
		'<style>',
		-- GB/T 9704: A4, 版心 156 mm × 225 mm (天头 37 mm, 订口 28 mm)
		'@page { size: A4; margin: 37mm 26mm 35mm 28mm;',
		'  @bottom-center { content: "— " counter(page) " —"; font-family: "Noto Serif CJK SC", serif; font-size: 11pt; } }',
		'html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }',
		'body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif;',
		'  font-size: 14pt; line-height: 1.75; color: #000; margin: 0 auto; max-width: 156mm; }',
		'@media screen { body { padding: 12mm 0; } }',
		'h1, h2, h3, .banner, th, figcaption, .tier-label { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }',
		'.banner { text-align: center; color: #d00000; }',
		'.banner .issuer { font-size: 30pt; font-weight: bold; letter-spacing: 0.12em; line-height: 1.3; }',
		'.banner .docno { color: #000; font-family: "Noto Serif CJK SC", serif; font-size: 14pt; margin-top: 6mm; }',
		'.banner hr { border: 0; border-top: 2px solid #d00000; margin: 3mm 0 8mm; }',
		'h1 { text-align: center; color: #d00000; font-size: 20pt; line-height: 1.5; margin: 0 0 6mm; }',
		'h2 { font-size: 15pt; margin: 5mm 0 1mm; break-after: avoid; page-break-after: avoid; }',
		'h3 { font-size: 14pt; font-weight: normal; margin: 2mm 0 0; break-after: avoid; page-break-after: avoid; }',
		'p { margin: 0; text-indent: 2em; text-align: justify; }',
		'p.addressees, p.tier { text-indent: 0; }',
		'p.tier { padding-left: 2em; }',
		'.tier-label { font-weight: bold; }',
		'.group { break-inside: avoid; page-break-inside: avoid; }',
		'table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm; font-size: 10.5pt; line-height: 1.45; }',
		'th, td { border: 0.75pt solid #000; padding: 1mm 1.5mm; }',
		'th { background: #eee; font-weight: bold; }',
		'.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }',
		'thead { display: table-header-group; } tfoot { display: table-footer-group; }',
		'tr { break-inside: avoid; page-break-inside: avoid; }',
		'tfoot td { font-weight: bold; }',
		'table.scores { font-size: 9.5pt; } table.scores th, table.scores td { white-space: nowrap; padding: 1mm 1.2mm; }',
		'table.scores td:last-child { white-space: normal; min-width: 4.5em; }',
		'table.consequences td:first-child, table.consequences td:nth-child(2) { white-space: nowrap; }',
		'.sign { width: fit-content; margin: 12mm 4em 0 auto; text-align: center; break-inside: avoid; page-break-inside: avoid; }',
		'.sign .draft { color: #d00000; }',
		'.annex { break-before: page; page-break-before: always; }',
		'.annex .annex-no { font-family: "Noto Sans CJK SC", sans-serif; font-size: 14pt; }',
		'.annex h1 { color: #000; font-size: 16pt; }',
		'figure { margin: 1mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }',
		'figcaption { text-align: center; font-size: 10pt; }',
		'svg.chart { display: block; width: 100%; height: auto; font-size: 12px; }',
		'svg .label { text-anchor: end; font-family: "Noto Sans CJK SC", sans-serif; }',
		'svg .value { font-family: "Noto Sans CJK SC", sans-serif; }',
		'svg .axis { stroke: #000; stroke-width: 1; }',
		'svg .tier-outstanding rect { fill: #c00000; } svg .tier-good rect { fill: #707070; } svg .tier-poor rect { fill: #c0c0c0; }',
		'.legend { font-size: 10pt; text-align: center; text-indent: 0; }',
		'.legend i { display: inline-block; width: 1em; height: 0.7em; margin: 0 0.3em 0 1em; }',
		'.draft-box { border: 1.5pt solid #d00000; color: #d00000; padding: 2mm 3mm; margin-bottom: 6mm; text-indent: 0; font-size: 12pt; }',
		-- a draft says so at the top of every page (in the margin, where
		-- it neither hides nor interleaves with the text)
		CASE WHEN published IS NULL THEN
			'@page { @top-right { content: "草稿 · 未发布"; color: #d00000; font-family: "Noto Sans CJK SC", sans-serif; font-size: 11pt; } }'
		END,
		'</style>',
		'</head>',
		'<body>',
		CASE WHEN published IS NULL THEN
			'<p class="draft-box">草稿：本考核结果尚未发布（未经 kpi.finalize 定稿），以下为当前计算结果，仅供核对，不得作为正式通报印发。</p>'
		END,
		'<header class="banner">',
		format('<div class="issuer">%s</div>', office),
		CASE WHEN nullif(btrim(doc_number), '') IS NOT NULL
			 THEN format('<div class="docno">%s</div>', kpi.html_escape(btrim(doc_number))) END,
		'<hr>',
		'</header>',
		format('<h1>关于%s结果的通报</h1>', name),
		format('<p class="addressees">%s：</p>', coalesce(addressees || '各单位', '各单位')),
		CASE WHEN results IS NULL THEN
			format('<p>按照《%s办法》，%s年度目标管理考核尚无考核结果，待考核完成后另行通报。</p>', name, sc.year)
		ELSE
			format('<p>按照《%s办法》的规定，考核领导小组对各单位%s年度工作目标完成情况进行了全面考核，'
				   '综合内容考核、评价、创新加分和上级扣分，按组别排名，%s。现将考核结果通报如下：</p>', name, sc.year, counts)
		END,
		CASE WHEN results IS NOT NULL THEN concat_ws(E'\n',
			'<h2>一、考核结果</h2>',
			results,
			'<h2>二、奖励</h2>',
			CASE WHEN rewards IS NULL THEN '<p>本年度无获得奖励的单位。</p>'
			ELSE format('<p>对实绩突出单位各奖励人民币%s元，其中%s%%奖给主要负责人，%s%%奖给工作人员，明细如下：</p>',
						round(sc.reward_amount, 2), trim_scale(sc.head_share * 100), trim_scale((1 - sc.head_share) * 100))
				 || E'\n' || rewards END,
			'<h2>三、相关处理</h2>',
			CASE WHEN consequences IS NULL THEN '<p>本年度无相关处理事项。</p>'
			ELSE '<p>根据考核办法，对下列单位和人员作如下处理：</p>' || E'\n' || consequences END,
			'<p>希望受到表彰的单位珍惜荣誉、再接再厉；实绩一般的单位要认真查找差距，切实整改，确保各项工作目标全面完成。</p>',
			'<p class="attachment">附件：各单位考核得分情况</p>') END,
		'<div class="sign">',
		format('<div>%s</div>', office),
		format('<div>%s%s年%s月%s日</div>', CASE WHEN published IS NULL THEN '<span class="draft">（草稿）</span>' ELSE '' END,
			   extract(year FROM dated)::int, extract(month FROM dated)::int, extract(day FROM dated)::int),
		'</div>',
		CASE WHEN annex IS NOT NULL THEN concat_ws(E'\n',
			'<section class="annex">',
			'<div class="annex-no">附件</div>',
			'<h1>各单位考核得分情况</h1>',
			'<p class="legend">图例：<i style="background:#c00000"></i>实绩突出<i style="background:#707070"></i>实绩比较突出<i style="background:#c0c0c0"></i>实绩一般</p>',
			annex,
			'</section>') END,
		'</body>',
		'</html>') || E'\n';
END
$$;
COMMENT ON FUNCTION kpi.notice_html(text, text, text) IS
	'The 通报 of a scheme as a printable HTML document (A4), from the rows of kpi.result, kpi.reward and kpi.consequence the caller sees';

-- kpi: who may call kpi's functions.  PostgreSQL lets PUBLIC execute every
-- new function; here that is taken back from all of them, and given again
-- to those that run as their caller, which can do and read no more than
-- the caller could without them (and every account needs some: the views,
-- the policies and the entry triggers call them as the caller).  A
-- function that runs as kpi's owner (SECURITY DEFINER) is callable only
-- where it is granted on purpose: kpi.accounts_of below, and the office's
-- finalize, reopen, grant_access and revoke_access (kpi.capability_privilege),
-- which also gives the 通报 to those who read results.  Trigger functions
-- fire whatever the privileges, and cannot be called.
DO $$
DECLARE
	f record;
BEGIN
	FOR f IN
		SELECT pg_catalog.format('%I.%I(%s)', n.nspname, p.proname,
								 pg_catalog.pg_get_function_identity_arguments(p.oid)) AS signature,
			   p.prosecdef OR p.prorettype OPERATOR(pg_catalog.=) 'pg_catalog.trigger'::pg_catalog.regtype
			   OR p.oid OPERATOR(pg_catalog.=) 'kpi.notice_html(text, text, text)'::pg_catalog.regprocedure AS kept
		  FROM pg_catalog.pg_proc p
		  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) p.pronamespace
		 WHERE n.nspname OPERATOR(pg_catalog.=) 'kpi'
	LOOP
		EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f.signature);
		IF NOT f.kept THEN
			EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f.signature);
		END IF;
	END LOOP;
END
$$;

-- Every account's row-level security asks for its own accounts; the
-- function answers a caller about itself (and the roles it inherits) only.
GRANT EXECUTE ON FUNCTION kpi.accounts_of(text) TO PUBLIC;
