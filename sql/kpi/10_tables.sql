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
	-- methods as data (semantics 10, 14): the level a confirmed veto caps a
	-- unit at (null: the worst), and the most bonus points a unit may get
	-- (null: no cap)
	veto_level int
		CONSTRAINT scheme_veto_level_valid CHECK (veto_level >= 1),
	bonus_cap numeric
		CONSTRAINT scheme_bonus_cap_valid
		CHECK (bonus_cap >= 0 AND bonus_cap = pg_catalog.round(bonus_cap, 2)),
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
	-- a parent is a criterion of the same scheme: the foreign key's rules,
	-- kept by triggers (criterion_parent_in_same_scheme, 56_criterion_parent.sql)
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
	score numeric
		CONSTRAINT rating_score_valid
		CHECK (score >= 0 AND score <= 100 AND score = pg_catalog.round(score, 2)),
	PRIMARY KEY (scheme_id, unit_code, component_code, rater),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE,
	CONSTRAINT rating_not_content CHECK (component_code <> 'content'),
	-- a letter grade of the component's kpi.rating_scale (semantics 13)
	grade text
		CONSTRAINT rating_grade_length CHECK (char_length(grade) <= 20),
	-- a score, or where the component has a scale a grade (55_checks.sql)
	CONSTRAINT rating_score_or_grade CHECK ((score IS NULL) <> (grade IS NULL))
);

COMMENT ON TABLE kpi.rating IS 'One rater''s 0..100 score, or letter grade on a scale, of a unit on a rating component';

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
	CONSTRAINT bonus_text_length CHECK (char_length(title) <= 500),
	-- one result honoured at several levels: of a unit's approved bonuses
	-- with the same achievement only the one with the most points counts
	achievement text
		CONSTRAINT bonus_achievement_length CHECK (char_length(achievement) <= 500)
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
	level int,
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
