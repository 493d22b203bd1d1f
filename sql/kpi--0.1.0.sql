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

INSERT INTO kpi.veto_condition (condition_code, title) VALUES
	(1, '工作职能不到位，在社会上造成不良影响的'),
	(2, '工作人员因赌博、酗酒、打架斗殴等被公安机关行政处理的和因违反局机关工作制度按下岗处理的'),
	(3, '工作人员存在违法违纪行为，经查属实的'),
	(4, '单位人防、物防设施不落实而发生入室盗窃案的'),
	(5, '违章交通法规肇事造成伤亡事件的'),
	(6, '工作人员存在涉黑涉恶问题的'),
	(7, '未及时、认真调解各类纠纷，造成矛盾激化的');

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

-- kpi: the views, from the criteria tree up to kpi.result.  Read bottom-up:
--   rubric_node -> rubric_leaf -> rubric_total     (the trees)
--   leaf_points                                     (every leaf's points and source)
--   deduction_asked -> deduction_taken              (semantics 4)
--   component_slot -> contribution -> unit_total    (semantics 1-3, 5; C aggregate)
--   result                                          (semantics 6-7; C window function)
--   reward, consequence                             (semantics 8-9)
-- Every window is partitioned by scheme_id, so a filter on scheme_id is
-- pushed down to the table scans, below the windows.

-- Every criterion under a rubric root, with the root it belongs to.
CREATE VIEW kpi.rubric_node AS
WITH RECURSIVE tree AS (
	SELECT c.scheme_id, c.criterion_code AS rubric_code, c.criterion_code, 0 AS depth
	  FROM kpi.criterion c
	 WHERE c.parent_code IS NULL
	UNION ALL
	SELECT c.scheme_id, t.rubric_code, c.criterion_code, t.depth + 1
	  FROM tree t
	  JOIN kpi.criterion c ON c.scheme_id = t.scheme_id AND c.parent_code = t.criterion_code
)
SELECT t.scheme_id, t.rubric_code, c.criterion_code, c.parent_code, t.depth,
	   c.title, c.max_points, c.rule, c.position,
	   NOT EXISTS (SELECT 1 FROM kpi.criterion k
				   WHERE k.scheme_id = c.scheme_id AND k.parent_code = c.criterion_code) AS is_leaf
  FROM tree t
  JOIN kpi.criterion c ON c.scheme_id = t.scheme_id AND c.criterion_code = t.criterion_code;
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

-- Semantics 4: what is taken, capped bottom-up by kpi_deduction_cap over
-- the whole rubric tree of each unit that has a deduction.
CREATE VIEW kpi.deduction_taken AS
SELECT t.scheme_id, t.unit_code, x.criterion_code, x.asked, x.taken
  FROM (SELECT p.scheme_id, p.unit_code,
			   array_agg(n.criterion_code ORDER BY n.criterion_code) AS codes,
			   array_agg(n.parent_code ORDER BY n.criterion_code) AS parents,
			   array_agg(CASE WHEN n.is_leaf THEN kpi.leaf_value(s.points, n.rule, e.facts, n.max_points)
							  ELSE 0 END ORDER BY n.criterion_code) AS points,
			   array_agg(coalesce(da.asked, 0) ORDER BY n.criterion_code) AS asked
		  FROM kpi.participant p
		  JOIN kpi.rubric_node n ON n.scheme_id = p.scheme_id AND n.rubric_code = p.rubric_code
		  LEFT JOIN kpi.score s
			ON s.scheme_id = p.scheme_id AND s.unit_code = p.unit_code AND s.criterion_code = n.criterion_code
		  LEFT JOIN kpi.evidence e
			ON e.scheme_id = p.scheme_id AND e.unit_code = p.unit_code AND e.criterion_code = n.criterion_code
		  LEFT JOIN kpi.deduction_asked da
			ON da.scheme_id = p.scheme_id AND da.unit_code = p.unit_code AND da.criterion_code = n.criterion_code
		 WHERE EXISTS (SELECT 1 FROM kpi.deduction d
						WHERE d.scheme_id = p.scheme_id AND d.unit_code = p.unit_code)
		 GROUP BY p.scheme_id, p.unit_code) t
 CROSS JOIN LATERAL unnest(t.codes, t.asked, kpi.kpi_deduction_cap(t.codes, t.parents, t.points, t.asked))
	AS x(criterion_code, asked, taken)
 WHERE x.asked > 0;
COMMENT ON VIEW kpi.deduction_taken IS 'Rubric points asked and taken per deducted criterion, capped so no subtree goes below 0';

-- The aggregate's slot of each component: content is 0, ratings 1, 2, ...
CREATE VIEW kpi.component_slot AS
SELECT scheme_id, group_code, component_code, weight, aggregation,
	   CASE WHEN component_code = 'content' THEN 0
			ELSE row_number() OVER (PARTITION BY scheme_id, group_code, component_code = 'content'
									ORDER BY component_code)::int
	   END AS slot
  FROM kpi.component;
COMMENT ON VIEW kpi.component_slot IS 'Slot of each component in kpi_weighted_total: 0 content, 1.. ratings';

-- Everything that adds to a unit's total, one row each, as
-- kpi_weighted_total takes it.  Score rows go in as they are: no per-row
-- join; the per-unit constants (rubric max, weights) come once per unit.
CREATE VIEW kpi.contribution AS
-- leaf points given by hand
SELECT s.scheme_id, s.unit_code, 0 AS slot, s.points,
	   NULL::numeric AS max_points, NULL::numeric AS weight, NULL::text AS aggregation
  FROM kpi.score s
UNION ALL
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
-- every rater's score
SELECT r.scheme_id, r.unit_code, cs.slot, r.score, NULL, NULL, NULL
  FROM kpi.rating r
  JOIN kpi.participant p ON p.scheme_id = r.scheme_id AND p.unit_code = r.unit_code
  JOIN kpi.component_slot cs
	ON cs.scheme_id = r.scheme_id AND cs.group_code = p.group_code
   AND cs.component_code = r.component_code
UNION ALL
-- approved innovations (创新突破)
SELECT b.scheme_id, b.unit_code, -1, coalesce(b.points, sc.bonus_points), NULL, NULL, NULL
  FROM kpi.bonus b
  JOIN kpi.scheme sc ON sc.scheme_id = b.scheme_id
 WHERE b.approved
UNION ALL
-- rubric points taken by upstream deductions
SELECT d.scheme_id, d.unit_code, -2, d.taken, NULL, NULL, NULL
  FROM kpi.deduction_taken d
 WHERE d.taken > 0;
COMMENT ON VIEW kpi.contribution IS 'Rows fed to kpi_weighted_total: slot 0 content, 1.. ratings, -1 bonus, -2 deduction';

-- One row per participant: the exact parts and the total (semantics 1-5).
CREATE VIEW kpi.unit_total AS
SELECT p.scheme_id, p.group_code, p.unit_code, t.parts, t.total,
	   (t.parts).ratings_complete
	   AND coalesce(rt.leaves, 0) > 0
	   AND t.covered_leaves = rt.leaves AS complete
  FROM kpi.participant p
  JOIN (SELECT scheme_id, unit_code,
			   kpi.kpi_weighted_total(slot, points, max_points, weight, aggregation) AS total,
			   kpi.kpi_weighted_parts(slot, points, max_points, weight, aggregation) AS parts,
			   count(*) FILTER (WHERE slot = 0 AND points IS NOT NULL) AS covered_leaves
		  FROM kpi.contribution
		 GROUP BY scheme_id, unit_code) t
	ON t.scheme_id = p.scheme_id AND t.unit_code = p.unit_code
  LEFT JOIN kpi.rubric_total rt ON rt.scheme_id = p.scheme_id AND rt.rubric_code = p.rubric_code;
COMMENT ON VIEW kpi.unit_total IS 'Each participant''s exact parts (kpi.weighted_parts), total and completeness';

-- The whole assessment (semantics 1-7), one row per participant.
CREATE VIEW kpi.result AS
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
			   coalesce((SELECT sum(g.steps) FROM kpi.downgrade g
						  WHERE g.scheme_id = u.scheme_id AND g.unit_code = u.unit_code), 0)::int
				   AS downgrade_steps,
			   EXISTS (SELECT 1 FROM kpi.downgrade g
						WHERE g.scheme_id = u.scheme_id AND g.unit_code = u.unit_code) AS downgraded,
			   sc.top_n,
			   u.complete
		  FROM kpi.unit_total u
		  JOIN kpi.unit n ON n.unit_code = u.unit_code
		  JOIN kpi.scheme sc ON sc.scheme_id = u.scheme_id) r) t;
COMMENT ON VIEW kpi.result IS 'The assessment: one row per participant with parts, total, rank and tier (semantics 1-7)';

-- Semantics 8: every outstanding unit's reward, split among its members.
CREATE VIEW kpi.reward AS
SELECT r.scheme_id, r.unit_code, s.person, s.role, s.amount
  FROM kpi.result r
  JOIN kpi.scheme sc ON sc.scheme_id = r.scheme_id
 CROSS JOIN LATERAL (
	SELECT coalesce(array_agg(m.person ORDER BY m.person COLLATE "C"), '{}') AS persons,
		   coalesce(array_agg(m.role ORDER BY m.person COLLATE "C"), '{}') AS roles
	  FROM kpi.member m
	 WHERE m.scheme_id = r.scheme_id AND m.unit_code = r.unit_code) mm
 CROSS JOIN LATERAL kpi.kpi_reward_split(sc.reward_amount, sc.head_share, mm.persons, mm.roles) s
 WHERE r.tier = 'outstanding';
COMMENT ON VIEW kpi.reward IS 'Cash rewards of 实绩突出 units, split to the fen (person null: a unit without members)';

-- Semantics 9: one row per consequence.
CREATE VIEW kpi.consequence AS
SELECT r.scheme_id, r.unit_code, c.person, c.consequence
  FROM kpi.result r
  JOIN kpi.scheme sc ON sc.scheme_id = r.scheme_id
  LEFT JOIN (SELECT DISTINCT ps.year, pr.unit_code
			   FROM kpi.result pr
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
COMMENT ON VIEW kpi.consequence IS 'Consequences (通报表彰, 通报批评, 不得评优, 不称职公务员, 不能评优评先), one row each';

-- kpi: integrity rules that CHECK and FOREIGN KEY constraints cannot state
-- because they span tables.  Each is a statement-level trigger over the
-- transition table, so a bulk load is checked in one set-based query and a
-- bad row aborts the whole statement: nothing is half-written.  Errors name
-- the row (scheme, unit, criterion) and carry a class-23 SQLSTATE.
-- Trigger functions run with a fixed search_path: they never resolve a name
-- through the caller's.

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
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	bad record;
BEGIN
	WITH RECURSIVE up AS (
		SELECT n.scheme_id, n.criterion_code AS start, n.parent_code AS code,
			   ARRAY[n.criterion_code] AS path
		  FROM changed n
		 WHERE n.parent_code IS NOT NULL
		UNION ALL
		SELECT u.scheme_id, u.start, c.parent_code, u.path || u.code
		  FROM up u
		  JOIN kpi.criterion c ON c.scheme_id = u.scheme_id AND c.criterion_code = u.code
		 WHERE c.parent_code IS NOT NULL AND u.code <> ALL (u.path)
	)
	SELECT scheme_id, start INTO bad FROM up WHERE code = start LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'criterion "%" of scheme "%" would be its own ancestor',
			bad.start, bad.scheme_id
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
	-- set-based filters find the bad rows; the row checks name the first
	PERFORM kpi.check_leaf_rows('score', s.scheme_id, s.unit_code, s.criterion_code, s.points)
	   FROM kpi.score s
	   LEFT JOIN kpi.participant_criterion x
		 ON x.scheme_id = s.scheme_id AND x.unit_code = s.unit_code
		AND x.criterion_code = s.criterion_code
	  WHERE s.scheme_id = ANY (schemes) AND (units IS NULL OR s.unit_code = ANY (units))
		AND (x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf OR s.points > x.max_points);
	PERFORM kpi.check_leaf_rows('evidence', e.scheme_id, e.unit_code, e.criterion_code, NULL)
	   FROM kpi.evidence e
	   LEFT JOIN kpi.participant_criterion x
		 ON x.scheme_id = e.scheme_id AND x.unit_code = e.unit_code
		AND x.criterion_code = e.criterion_code
	  WHERE e.scheme_id = ANY (schemes) AND (units IS NULL OR e.unit_code = ANY (units))
		AND (x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf);
	PERFORM kpi.check_facts_row(e.scheme_id, e.unit_code, e.criterion_code, e.facts)
	   FROM kpi.evidence e
	  WHERE e.scheme_id = ANY (schemes) AND (units IS NULL OR e.unit_code = ANY (units));
	PERFORM kpi.check_deduction_row(d.scheme_id, d.unit_code, d.criterion_code)
	   FROM kpi.deduction d
	   LEFT JOIN kpi.participant_criterion x
		 ON x.scheme_id = d.scheme_id AND x.unit_code = d.unit_code
		AND x.criterion_code = d.criterion_code
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
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	-- rows already fine are skipped in bulk; the first bad one is reported
	PERFORM kpi.check_leaf_rows('score', n.scheme_id, n.unit_code, n.criterion_code, n.points)
	   FROM changed n
	   LEFT JOIN kpi.participant_criterion x
		 ON x.scheme_id = n.scheme_id AND x.unit_code = n.unit_code
		AND x.criterion_code = n.criterion_code
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
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_leaf_rows('evidence', n.scheme_id, n.unit_code, n.criterion_code, NULL)
	   FROM changed n
	   LEFT JOIN kpi.participant_criterion x
		 ON x.scheme_id = n.scheme_id AND x.unit_code = n.unit_code
		AND x.criterion_code = n.criterion_code
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
LANGUAGE plpgsql
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
LANGUAGE plpgsql
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
LANGUAGE plpgsql
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
LANGUAGE plpgsql
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
