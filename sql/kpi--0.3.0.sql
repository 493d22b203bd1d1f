\echo Use "CREATE EXTENSION kpi" to load this file. \quit

-- kpi: tables.  Everything the users write lives here; every table is
-- registered with pg_extension_config_dump at the end so pg_dump keeps it.
-- Codes are the users' own text; ids are generated.  Foreign keys into the
-- criteria and groups are checked at COMMIT: deleting a scheme cascades to
-- its criteria and to its participants' scores in one statement, and an
-- immediate check could run between the two and refuse the whole delete.  Points, scores and
-- weights carry at most 2 decimals (the engine sums them as int64
-- hundredths), which the CHECK constraints below make a property of the data.

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
	CONSTRAINT scheme_code_not_empty CHECK (scheme_id <> '')
);
COMMENT ON TABLE kpi.scheme IS 'One assessment (a year''s method): ranking, bonus and reward parameters';

CREATE TABLE kpi.unit_group (
	scheme_id text NOT NULL REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	group_code text NOT NULL,
	title text,
	PRIMARY KEY (scheme_id, group_code)
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
		ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE kpi.component IS 'Weighted parts of a group''s total: ''content'' is the criteria score, every other code a rating';

CREATE TABLE kpi.unit (
	unit_code text PRIMARY KEY,
	name text NOT NULL,
	kind text,
	CONSTRAINT unit_code_not_empty CHECK (unit_code <> '')
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
	CONSTRAINT criterion_not_own_parent CHECK (parent_code <> criterion_code)
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
	note text,
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
	facts jsonb NOT NULL,
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
	rater text NOT NULL,
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
		ON UPDATE CASCADE ON DELETE CASCADE
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
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE,
	FOREIGN KEY (scheme_id, criterion_code) REFERENCES kpi.criterion ON UPDATE CASCADE
		DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON TABLE kpi.deduction IS 'Points an upstream assessor (市局/旗) took off, traced to a unit''s criterion';

CREATE TABLE kpi.veto_condition (
	condition_code int PRIMARY KEY,
	title text NOT NULL
);
COMMENT ON TABLE kpi.veto_condition IS 'Conditions that keep a unit out of the upper tiers (the 2018 method lists seven)';

-- the seven conditions of the 2018 method: 72_veto_conditions.sql

CREATE TABLE kpi.veto (
	id bigserial PRIMARY KEY,
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	condition_code int NOT NULL
		CONSTRAINT veto_condition_known REFERENCES kpi.veto_condition ON UPDATE CASCADE,
	note text,
	confirmed boolean NOT NULL DEFAULT true,
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE kpi.veto IS 'A veto condition found at a unit; a confirmed one makes it 实绩一般';

CREATE TABLE kpi.downgrade (
	id bigserial PRIMARY KEY,
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	reason text,
	steps int NOT NULL DEFAULT 1
		CONSTRAINT downgrade_steps_positive CHECK (steps >= 1),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE kpi.downgrade IS '弄虚作假 found: 降级评定 by the given number of tiers';

CREATE TABLE kpi.member (
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	person text NOT NULL,
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
	reason text,
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE,
	-- a named person must be a member of the unit (a null person skips it)
	CONSTRAINT ineligible_person_is_member FOREIGN KEY (scheme_id, unit_code, person)
		REFERENCES kpi.member ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE kpi.ineligible IS '不能评优评先 events: for one person, or (person null) the whole unit';

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

-- kpi: the C functions that compute (src/*_pg.c over the pure core).

-- kpi_weighted_total: one unit's contributions -> its total (semantics 1-3,
-- 5).  A contribution is (slot, points, max_points, weight, aggregation):
--   slot 0  content: points = a leaf's points; max_points adds to the
--           rubric maximum; weight declares the content weight;
--   slot >= 1  a rating component: points = one rater's score; weight and
--           aggregation ('mean' or 'trimmed_mean') declare the component;
--   slot -1 bonus points; slot -2 rubric points taken by deductions.
-- kpi.contribution (views.sql) is the one place that feeds it.
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

CREATE TYPE kpi.weighted_parts AS (
	content numeric,			-- exact content score (semantics 1)
	ratings numeric,			-- exact sum of weighted ratings (2)
	bonus numeric,				-- approved bonus points (3)
	deduction numeric,			-- rubric points taken by deductions (4)
	total numeric,				-- round(content + ratings + bonus, 2) (5)
	ratings_complete boolean	-- every rating component has a rating
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

-- The same state, finished as every part.  Used beside kpi_weighted_total
-- on the same input, PostgreSQL computes the state once for both.
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
	'Exact parts (content, ratings, bonus, deduction, total) of one unit''s contributions';

-- kpi_tier: semantics 7a-c, over (PARTITION BY scheme_id, group_code ORDER BY rank).
CREATE FUNCTION kpi.kpi_tier(rank bigint, vetoed boolean, top_n integer)
RETURNS kpi.tier
AS 'MODULE_PATHNAME', 'kpi_tier_window'
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

-- Deductions capped bottom-up (semantics 4): points taken at each node.
CREATE FUNCTION kpi.kpi_deduction_cap(codes text[], parents text[], points numeric[], asked numeric[])
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'kpi_deduction_cap'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_deduction_cap(text[], text[], numeric[], numeric[]) IS
	'Points taken at each criterion: min(asked, held in its subtree - taken below it)';

-- The same over a rubric's tree given once, with one unit's points and asks
-- given by code: the points taken at each asked code, in its order.
CREATE FUNCTION kpi.kpi_deduction_cap(codes text[], parents text[], point_codes text[], points numeric[],
	asked_codes text[], asked numeric[])
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'kpi_deduction_cap_sparse'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_deduction_cap(text[], text[], text[], numeric[], text[], numeric[]) IS
	'Points taken at each asked criterion of a tree, from points and asks given by code';

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

-- kpi: rules on leaf criteria (src/rule_eval.c), evaluated from the facts
-- a unit reported.  See README "Rules" for each kind with its seed example.

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

-- kpi: where each criterion sits in its tree (its rubric root, depth and
-- leafness, with its own columns), kept in a table by a trigger on
-- kpi.criterion instead of a recursive query and a join in every read.  A rubric changes a few times a year and
-- is read on every query of kpi.result; and a recursive CTE would keep
-- the planner from running those queries in parallel.  The table is
-- derived: not dumped, rebuilt by the trigger as a restore loads criteria.

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
SELECT n.scheme_id, n.rubric_code, n.criterion_code, n.parent_code, n.depth,
	   n.title, n.max_points, n.rule, n.position, n.is_leaf
  FROM kpi.criterion_node n;
COMMENT ON VIEW kpi.rubric_node IS 'Every criterion with the rubric root it descends from and its depth (root = 0)';

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
						   kpi.kpi_deduction_cap(t.codes, t.parents, l.codes, l.points, a.codes, a.asked))
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

-- kpi: integrity rules that CHECK and FOREIGN KEY constraints cannot state
-- because they span tables.  Each is a statement-level trigger over the
-- transition table, so a bulk load is checked in one set-based query and a
-- bad row aborts the whole statement: nothing is half-written.  Errors name
-- the row (scheme, unit, criterion) and carry a class-23 SQLSTATE.
-- Trigger functions run with a fixed search_path: they never resolve a name
-- through the caller's; and as kpi's owner, so they check every row whatever
-- the caller's privileges and row-level security let it see.

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

CREATE TRIGGER criterion_check_tree_insert AFTER INSERT ON kpi.criterion
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.criterion_check_tree();
CREATE TRIGGER criterion_check_tree_update AFTER UPDATE ON kpi.criterion
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.criterion_check_tree();

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

-- One row of score or evidence: its criterion must be a leaf of the unit's
-- rubric, and points may not exceed the leaf's max_points.
CREATE FUNCTION kpi.check_leaf_rows(what text, scheme text, unit text, criterion text, points numeric)
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
			RAISE EXCEPTION '% for unit "%" in scheme "%" is on criterion "%", which the scheme does not have',
				what, unit, scheme, criterion
				USING ERRCODE = 'foreign_key_violation';
		END IF;
		SELECT p.rubric_code INTO rubric FROM kpi.participant p
		 WHERE p.scheme_id = scheme AND p.unit_code = unit;
		RAISE EXCEPTION '% for unit "%" in scheme "%" is on criterion "%", outside the unit''s rubric "%"',
			what, unit, scheme, criterion, rubric
			USING ERRCODE = 'check_violation',
				  DETAIL = 'Points are given only on leaves of the rubric the unit takes part on.';
	END IF;
	IF pc.depth = 0 OR NOT pc.is_leaf THEN
		RAISE EXCEPTION '% for unit "%" in scheme "%" is on criterion "%", which is not a leaf',
			what, unit, scheme, criterion
			USING ERRCODE = 'check_violation',
				  DETAIL = 'Points are given on leaves; a criterion with children sums them.';
	END IF;
	IF points > pc.max_points THEN
		RAISE EXCEPTION 'score % for unit "%" in scheme "%" on criterion "%" exceeds its max_points %',
			points, unit, scheme, criterion, pc.max_points
			USING ERRCODE = 'check_violation',
				  DETAIL = 'Points must lie between 0 and the criterion''s max_points.';
	END IF;
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
		RAISE EXCEPTION 'deduction for unit "%" in scheme "%" is on criterion "%", outside the unit''s rubric',
			unit, scheme, criterion
			USING ERRCODE = 'check_violation',
				  DETAIL = 'An upstream deduction is traced to a criterion the unit is scored on.';
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
		RAISE EXCEPTION 'rating of unit "%" in scheme "%" is for component "%", which group "%" does not have',
			unit, scheme, component, grp
			USING ERRCODE = 'foreign_key_violation',
				  DETAIL = 'Ratings are given on the rating components of the unit''s group.';
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
		RAISE EXCEPTION 'invalid facts for unit "%" in scheme "%" on criterion "%"',
			unit, scheme, criterion
			USING ERRCODE = 'invalid_parameter_value', DETAIL = problem || '.';
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

CREATE TRIGGER score_check_insert AFTER INSERT ON kpi.score
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.score_check_rows();
CREATE TRIGGER score_check_update AFTER UPDATE ON kpi.score
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.score_check_rows();

CREATE FUNCTION kpi.evidence_check_rows()
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

CREATE TRIGGER evidence_check_insert AFTER INSERT ON kpi.evidence
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.evidence_check_rows();
CREATE TRIGGER evidence_check_update AFTER UPDATE ON kpi.evidence
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.evidence_check_rows();

CREATE FUNCTION kpi.deduction_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_deduction_row(n.scheme_id, n.unit_code, n.criterion_code)
	   FROM changed n;
	RETURN NULL;
END
$$;

CREATE TRIGGER deduction_check_insert AFTER INSERT ON kpi.deduction
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.deduction_check_rows();
CREATE TRIGGER deduction_check_update AFTER UPDATE ON kpi.deduction
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.deduction_check_rows();

CREATE FUNCTION kpi.rating_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_rating_row(n.scheme_id, n.unit_code, n.component_code)
	   FROM changed n
	   JOIN kpi.participant p ON p.scheme_id = n.scheme_id AND p.unit_code = n.unit_code
	   LEFT JOIN kpi.component c
		 ON c.scheme_id = n.scheme_id AND c.group_code = p.group_code
		AND c.component_code = n.component_code
	  WHERE c.component_code IS NULL;
	RETURN NULL;
END
$$;

CREATE TRIGGER rating_check_insert AFTER INSERT ON kpi.rating
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.rating_check_rows();
CREATE TRIGGER rating_check_update AFTER UPDATE ON kpi.rating
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.rating_check_rows();

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
		PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM changed));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM previous));
	ELSE
		PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM changed
												 UNION SELECT scheme_id FROM previous));
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
	PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM changed),
									   ARRAY(SELECT DISTINCT unit_code FROM changed));
	RETURN NULL;
END
$$;

CREATE TRIGGER criterion_recheck_insert AFTER INSERT ON kpi.criterion
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.recheck_changed_schemes();
CREATE TRIGGER criterion_recheck_update AFTER UPDATE ON kpi.criterion
	REFERENCING NEW TABLE AS changed OLD TABLE AS previous
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.recheck_changed_schemes();
CREATE TRIGGER participant_recheck_insert AFTER INSERT ON kpi.participant
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.recheck_changed_units();
CREATE TRIGGER participant_recheck_update AFTER UPDATE ON kpi.participant
	REFERENCING NEW TABLE AS changed OLD TABLE AS previous
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.recheck_changed_units();
CREATE TRIGGER component_recheck_update AFTER UPDATE ON kpi.component
	REFERENCING NEW TABLE AS changed OLD TABLE AS previous
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.recheck_changed_schemes();
CREATE TRIGGER component_recheck_delete AFTER DELETE ON kpi.component
	REFERENCING OLD TABLE AS previous
	FOR EACH STATEMENT EXECUTE FUNCTION kpi.recheck_changed_schemes();

-- A group's component weights add up to 100, checked at COMMIT so that a
-- transaction may move weight from one component to another.
CREATE FUNCTION kpi.component_check_weights()
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
		RAISE EXCEPTION 'component weights of group "%" in scheme "%" add up to %, not 100',
			r.group_code, r.scheme_id, total
			USING ERRCODE = 'check_violation',
				  DETAIL = 'The content weight and the rating weights of a group must sum to 100.';
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
