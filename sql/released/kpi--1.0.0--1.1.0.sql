-- kpi 1.0.0 -> 1.1.0: methods as data (semantics 10-14).  Every scheme of
-- 1.0.0 has no grade rows and keeps computing as before.
\echo Use "ALTER EXTENSION kpi UPDATE TO '1.1.0'" to load this file. \quit

-- New columns of existing tables, at their ends, as a fresh install has them.
ALTER TABLE kpi.scheme
	ADD COLUMN veto_level int
		CONSTRAINT scheme_veto_level_valid CHECK (veto_level >= 1),
	ADD COLUMN bonus_cap numeric
		CONSTRAINT scheme_bonus_cap_valid
		CHECK (bonus_cap >= 0 AND bonus_cap = pg_catalog.round(bonus_cap, 2));
ALTER TABLE kpi.rating
	ALTER COLUMN score DROP NOT NULL,
	ADD COLUMN grade text
		CONSTRAINT rating_grade_length CHECK (char_length(grade) <= 20),
	ADD CONSTRAINT rating_score_or_grade CHECK ((score IS NULL) <> (grade IS NULL));
COMMENT ON TABLE kpi.rating IS 'One rater''s 0..100 score, or letter grade on a scale, of a unit on a rating component';
ALTER TABLE kpi.bonus
	ADD COLUMN achievement text
		CONSTRAINT bonus_achievement_length CHECK (char_length(achievement) <= 500);

-- Every published result of 1.0.0 is of the 2018 method's three levels.
-- The published copies are locked; the update alone fills the new column.
ALTER TABLE kpi.published_result ADD COLUMN level int;
ALTER TABLE kpi.published_result DISABLE TRIGGER a_lock_update;
UPDATE kpi.published_result
   SET level = pg_catalog.array_position('{outstanding,good,poor}'::kpi.tier[], tier);
ALTER TABLE kpi.published_result ENABLE TRIGGER a_lock_update;

-- part 11_method_tables.sql, as in sql/kpi/

-- kpi: the tables of a method as data (semantics 10-13), which 1.1.0 added:
-- grades, consequence rules and rating scales.  A scheme without rows here
-- computes as the 2018 method says (semantics 6-9).  Kept apart from
-- 10_tables.sql so that the update from 1.0.0 creates them from this part.

-- The grades a group's units are ranked into, best (level 1) first.
CREATE TABLE kpi.grade (
	scheme_id text NOT NULL REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	level int NOT NULL
		CONSTRAINT grade_level_valid CHECK (level >= 1 AND level <= 100),
	label text NOT NULL
		CONSTRAINT grade_label_valid CHECK (label <> '' AND char_length(label) <= 100),
	-- a quota level's size: so many places, or a share of the group's
	-- participants (rounded down); neither: every candidate
	places int
		CONSTRAINT grade_places_not_negative CHECK (places >= 0),
	share numeric
		CONSTRAINT grade_share_valid CHECK (share >= 0 AND share <= 1),
	min_total numeric
		CONSTRAINT grade_min_total_valid CHECK (min_total = pg_catalog.round(min_total, 2)),
	below_total numeric
		CONSTRAINT grade_below_total_valid CHECK (below_total = pg_catalog.round(below_total, 2)),
	last_places int
		CONSTRAINT grade_last_places_positive CHECK (last_places >= 1),
	is_default boolean NOT NULL DEFAULT false,
	reward_amount numeric(12,2)
		CONSTRAINT grade_reward_amount_not_negative CHECK (reward_amount >= 0),
	head_share numeric
		CONSTRAINT grade_head_share_valid
		CHECK (head_share >= 0 AND head_share <= 1 AND head_share = pg_catalog.round(head_share, 6)),
	PRIMARY KEY (scheme_id, level),
	CONSTRAINT grade_places_or_share CHECK (places IS NULL OR share IS NULL)
);
COMMENT ON TABLE kpi.grade IS 'A scheme''s grades (semantics 10), level 1 best: quota, thresholds, last places, default, reward';

-- Consequences by level, for a unit at the level so many years in a row.
CREATE TABLE kpi.consequence_rule (
	id bigserial PRIMARY KEY,
	scheme_id text NOT NULL REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	level int NOT NULL
		CONSTRAINT consequence_rule_level_valid CHECK (level >= 1),
	years int NOT NULL DEFAULT 1
		CONSTRAINT consequence_rule_years_valid CHECK (years >= 1 AND years <= 50),
	applies_to text NOT NULL
		CONSTRAINT consequence_rule_applies_to_valid CHECK (applies_to = ANY (ARRAY['unit', 'members'])),
	consequence text NOT NULL
		CONSTRAINT consequence_rule_text_valid
		CHECK (consequence <> '' AND char_length(consequence) <= 500 AND kpi.spreadsheet_safe(consequence)),
	CONSTRAINT consequence_rule_unique UNIQUE (scheme_id, level, years, applies_to, consequence)
);
COMMENT ON TABLE kpi.consequence_rule IS 'Consequences of a level (semantics 12): for the unit or each member, after years in a row';

-- Letter grades a rating component takes instead of scores.
CREATE TABLE kpi.rating_scale (
	scheme_id text NOT NULL REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	component_code text NOT NULL,
	grade text NOT NULL
		CONSTRAINT rating_scale_grade_valid
		CHECK (grade <> '' AND char_length(grade) <= 20 AND kpi.spreadsheet_safe(grade)),
	points numeric NOT NULL
		CONSTRAINT rating_scale_points_valid
		CHECK (points >= 0 AND points <= 100 AND points = pg_catalog.round(points, 2)),
	PRIMARY KEY (scheme_id, component_code, grade),
	CONSTRAINT rating_scale_not_content CHECK (component_code <> 'content')
);
COMMENT ON TABLE kpi.rating_scale IS 'Letter grades of a rating component (semantics 13) and the points each counts as';

-- A grade given must be one of the component's scale (checked at COMMIT,
-- like the keys into criteria: renaming a scheme cascades to the ratings
-- by two paths).
ALTER TABLE kpi.rating ADD CONSTRAINT rating_grade_in_scale FOREIGN KEY (scheme_id, component_code, grade)
	REFERENCES kpi.rating_scale ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;

SELECT pg_catalog.pg_extension_config_dump('kpi.grade', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.consequence_rule', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.consequence_rule_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.rating_scale', '');


-- The new tables as the install's loops make every other: readable by the
-- accounts that read results, written by the office, audited, locked with
-- their finalized scheme.
DO $$
DECLARE
	t record;
BEGIN
	FOR t IN SELECT * FROM (VALUES
		('grade', '''scheme_id'', ''level'''),
		('consequence_rule', '''id'''),
		('rating_scale', '''scheme_id'', ''component_code'', ''grade''')) AS v (name, key_columns)
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE kpi.%I ENABLE ROW LEVEL SECURITY', t.name);
		EXECUTE pg_catalog.format('CREATE POLICY reading ON kpi.%I FOR SELECT USING (true)', t.name);
		EXECUTE pg_catalog.format(
			'CREATE POLICY office_writes ON kpi.%I FOR ALL '
			'USING ((SELECT kpi.is_office(current_user::text))) '
			'WITH CHECK ((SELECT kpi.is_office(current_user::text)))', t.name);
		PERFORM kpi.create_change_triggers(pg_catalog.format('kpi.%I', t.name)::regclass, 'a_lock',
										   'kpi.refuse_published_change()', '{insert,update,delete}');
		EXECUTE pg_catalog.format('CREATE TRIGGER a_lock_truncate BEFORE TRUNCATE ON kpi.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_published_truncate()', t.name);
		PERFORM kpi.create_change_triggers(pg_catalog.format('kpi.%I', t.name)::regclass, 'audit',
										   pg_catalog.format('kpi.audit_rows(%s)', t.key_columns),
										   '{insert,update,delete}');
		EXECUTE pg_catalog.format('CREATE TRIGGER audit_truncate BEFORE TRUNCATE ON kpi.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.audit_truncate()', t.name);
	END LOOP;
END
$$;

-- function kpi.grades_of, as in sql/kpi/

-- A scheme's grades in level order, as kpi_tier takes them (null: none,
-- the 2018 method).  kpi_tier reads it once per scheme, not per row.
CREATE OR REPLACE FUNCTION kpi.grades_of(scheme text)
RETURNS kpi.grade[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT pg_catalog.array_agg(g ORDER BY g.level) FROM kpi.grade g WHERE g.scheme_id OPERATOR(pg_catalog.=) $1
$$;
COMMENT ON FUNCTION kpi.grades_of(text) IS 'A scheme''s kpi.grade rows in level order (null: none)';

-- function kpi.kpi_tier, as in sql/kpi/

-- kpi_tier: semantics 7a-c, over (PARTITION BY scheme_id, group_code ORDER BY rank).
CREATE OR REPLACE FUNCTION kpi.kpi_tier(rank bigint, vetoed boolean, top_n integer)
RETURNS kpi.tier
AS 'MODULE_PATHNAME', 'kpi_tier'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_tier(bigint, boolean, integer) IS
	'Window function: 实绩突出/实绩比较突出/实绩一般 by rank, vetoes and top_n (semantics 7a-c)';

-- kpi_tier over grades: semantics 10's caps and quota levels (7a-c when the
-- scheme has no grade rows), the level before downgrades.
CREATE OR REPLACE FUNCTION kpi.kpi_tier(rank bigint, vetoed boolean, total numeric, top_n integer,
	veto_level integer, scheme_id text, grades kpi.grade[])
RETURNS integer
AS 'MODULE_PATHNAME', 'kpi_tier_level'
LANGUAGE C WINDOW STABLE PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_tier(bigint, boolean, numeric, integer, integer, text, kpi.grade[]) IS
	'Window function: each unit''s level by its scheme''s grades (semantics 10), or by 7a-c without grades';

-- function kpi.kpi_veto, as in sql/kpi/

-- kpi_veto over levels: the veto cap, then downgrades, never past the worst.
CREATE OR REPLACE FUNCTION kpi.kpi_veto(level integer, vetoed boolean, downgrade_steps integer,
	veto_level integer, levels integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'kpi_veto_level'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_veto(integer, boolean, integer, integer, integer) IS
	'A veto caps the level at veto_level; each downgrade step drops one level, never past levels';

-- kpi_veto: semantics 7a and 7d applied to a tier.
CREATE OR REPLACE FUNCTION kpi.kpi_veto(tier kpi.tier, vetoed boolean, downgrade_steps integer)
RETURNS kpi.tier
AS 'MODULE_PATHNAME', 'kpi_veto'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_veto(kpi.tier, boolean, integer) IS
	'A veto caps the tier at 实绩一般; each downgrade step drops one tier (semantics 7a, 7d)';

-- function kpi.level_label, as in sql/kpi/

-- The label of a scheme's level: its grade row's, or the 2018 names.
CREATE OR REPLACE FUNCTION kpi.level_label(scheme_id text, level integer)
RETURNS text
AS 'MODULE_PATHNAME', 'kpi_level_label'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.level_label(text, integer) IS
	'Label of a scheme''s level: its kpi.grade label, or 实绩突出/实绩比较突出/实绩一般 without grades';


-- view kpi.fact_points, as in sql/kpi/

-- kpi: the points of each leaf (semantics 1) and what upstream deductions
-- take of them (semantics 4).  Every view here is partitioned by scheme,
-- so a filter on scheme_id reaches the table scans.

-- Semantics 1, in this one place: a leaf's points are its score, else its
-- rule applied to the facts the unit reported, else 0.  kpi.fact_points
-- holds the leaves a unit has facts for and no score, kpi.given_points
-- those and the scored ones; every other leaf holds 0 (kpi.leaf_points
-- lists them all).  Facts on a leaf without a rule give 0 until the leaf
-- is scored.
CREATE OR REPLACE VIEW kpi.fact_points (scheme_id, unit_code, criterion_code, points, source) AS
SELECT e.scheme_id, e.unit_code, e.criterion_code,
	   CASE WHEN c.rule IS NULL THEN 0 ELSE kpi.kpi_rule_points(c.rule, e.facts, c.max_points) END,
	   CASE WHEN c.rule IS NULL THEN 'evidence' ELSE 'rule' END
  FROM kpi.evidence e
  JOIN kpi.criterion c ON c.scheme_id = e.scheme_id AND c.criterion_code = e.criterion_code
 WHERE NOT EXISTS (SELECT 1 FROM kpi.score s
					WHERE s.scheme_id = e.scheme_id AND s.unit_code = e.unit_code
					  AND s.criterion_code = e.criterion_code);
COMMENT ON VIEW kpi.fact_points IS 'Points of each leaf a unit has facts for and no score: the leaf''s rule over the facts, 0 without rule (semantics 1)';

-- view kpi.given_points, as in sql/kpi/

CREATE OR REPLACE VIEW kpi.given_points (scheme_id, unit_code, criterion_code, points, source) AS
SELECT s.scheme_id, s.unit_code, s.criterion_code, s.points, 'score'::text
  FROM kpi.score s
UNION ALL
SELECT f.scheme_id, f.unit_code, f.criterion_code, f.points, f.source
  FROM kpi.fact_points f;
COMMENT ON VIEW kpi.given_points IS 'Points of each leaf a unit has a score or facts for: the score, else the leaf''s rule over the facts (semantics 1)';

-- view kpi.deduction_taken, as in sql/kpi/

-- Semantics 4: what is taken, capped bottom-up by kpi_deduction_cap over
-- the rubric tree of each unit that has a deduction.  The tree is read once
-- per rubric; of the given points only those of deducted units are read,
-- and handed to the cap by code with the unit's asks.  Plain joins and the
-- cap in the select list (no LATERAL), so that the totals built on it can
-- be aggregated in parallel, and the cap only ever sees the unit's own tree.
-- The deducted units' scores are picked from kpi.score itself, not from
-- kpi.given_points: over a union the planner, without statistics, took
-- half of all scores for them, not a few hundred (bench/README.md).
CREATE OR REPLACE VIEW kpi.deduction_taken AS
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
					   FROM (SELECT s.scheme_id, s.unit_code, s.criterion_code, s.points
							   FROM kpi.score s
							  WHERE EXISTS (SELECT 1 FROM kpi.deduction d
											 WHERE d.scheme_id = s.scheme_id AND d.unit_code = s.unit_code)
							 UNION ALL
							 SELECT f.scheme_id, f.unit_code, f.criterion_code, f.points
							   FROM kpi.fact_points f
							  WHERE EXISTS (SELECT 1 FROM kpi.deduction d
											 WHERE d.scheme_id = f.scheme_id AND d.unit_code = f.unit_code)) g
					  GROUP BY g.scheme_id, g.unit_code) l
			ON l.scheme_id = a.scheme_id AND l.unit_code = a.unit_code) x
 WHERE x.asked > 0;
COMMENT ON VIEW kpi.deduction_taken IS 'Rubric points asked and taken per deducted criterion, capped so no subtree goes below 0';

-- view kpi.bonus_counted, as in sql/kpi/

-- The bonus points that count (semantics 3, 14), as rows the total adds
-- up: of a unit's approved bonuses with the same achievement only the one
-- with the most points, then at most the scheme's bonus_cap.  A bonus
-- without achievement in a scheme without cap counts as it is, one row
-- each (the 2018 method's case, which so needs no grouping); the others
-- come summed per unit.
CREATE OR REPLACE VIEW kpi.bonus_counted AS
SELECT b.scheme_id, b.unit_code, coalesce(b.points, sc.bonus_points) AS points
  FROM kpi.bonus b
  JOIN kpi.scheme sc ON sc.scheme_id = b.scheme_id
 WHERE b.approved AND b.achievement IS NULL AND sc.bonus_cap IS NULL
UNION ALL
SELECT a.scheme_id, a.unit_code,
	   CASE WHEN a.bonus_cap IS NULL THEN sum(a.points) ELSE least(sum(a.points), a.bonus_cap) END
  FROM (SELECT b.scheme_id, b.unit_code, sc.bonus_cap, max(coalesce(b.points, sc.bonus_points)) AS points
		  FROM kpi.bonus b
		  JOIN kpi.scheme sc ON sc.scheme_id = b.scheme_id
		 WHERE b.approved AND (b.achievement IS NOT NULL OR sc.bonus_cap IS NOT NULL)
		 GROUP BY b.scheme_id, b.unit_code, sc.bonus_cap, b.achievement,
				  CASE WHEN b.achievement IS NULL THEN b.id END) a
 GROUP BY a.scheme_id, a.unit_code, a.bonus_cap;
COMMENT ON VIEW kpi.bonus_counted IS 'Bonus points that count, as the total adds them: one per achievement, capped by the scheme''s bonus_cap (semantics 3, 14)';

-- view kpi.contribution, as in sql/kpi/

-- Everything that adds to a unit's total, as kpi_weighted_total takes it,
-- and how many leaves of the rubric each row gives points for.  The leaf
-- points come summed per unit (a plain sum of exact numerics, which
-- parallel workers split over the scores); every other row comes as it is.
-- The scores and the points from facts (kpi.given_points' two halves) are
-- summed apart, so that the planner counts the units from kpi.score's
-- statistics: over the union it guessed ten times as many and costed a
-- 10^6-score result past jit_above_cost, compiling for longer than the
-- result takes to compute (bench/README.md).
-- It holds every rater's score: only the office reads it.
CREATE OR REPLACE VIEW kpi.contribution (scheme_id, unit_code, slot, points, max_points, weight, aggregation, leaves) AS
-- the points of the scored leaves (semantics 1)
SELECT s.scheme_id, s.unit_code, 0, sum(s.points), NULL::numeric, NULL::numeric, NULL::text, count(*)
  FROM kpi.score s
 GROUP BY s.scheme_id, s.unit_code
UNION ALL
-- the points of the leaves with facts and no score (semantics 1)
SELECT f.scheme_id, f.unit_code, 0, sum(f.points), NULL, NULL, NULL, count(*)
  FROM kpi.fact_points f
 GROUP BY f.scheme_id, f.unit_code
UNION ALL
-- every rater's score, or its grade's points on the component's scale, in
-- its component's slot (semantics 2, 13).  The scale is looked up by key
-- only for a rating without a score, so ratings by score meet no join.
SELECT r.scheme_id, r.unit_code, s.slot,
	   coalesce(r.score, (SELECT rs.points FROM kpi.rating_scale rs
						   WHERE rs.scheme_id = r.scheme_id AND rs.component_code = r.component_code
							 AND rs.grade = r.grade)),
	   NULL, NULL, NULL, 0
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
-- approved innovations (创新突破, semantics 3, 14), what counts of them
SELECT b.scheme_id, b.unit_code, -1, b.points, NULL, NULL, NULL, 0
  FROM kpi.bonus_counted b
UNION ALL
-- rubric points taken by upstream deductions (semantics 4)
SELECT d.scheme_id, d.unit_code, -2, d.taken, NULL, NULL, NULL, 0
  FROM kpi.deduction_taken d;
COMMENT ON VIEW kpi.contribution IS 'Rows fed to kpi_weighted_total: slot 0 content, 1.. ratings, -1 bonus, -2 deductions; leaves: how many leaves a row gives points for';

-- view kpi.scheme_levels, as in sql/kpi/

-- kpi: the assessment's result, rewards and consequences (semantics 6-9):
-- computed now from the data (kpi.live_*), and as the public views
-- kpi.result, kpi.reward and kpi.consequence, which show a finalized
-- scheme's published copy instead (75_publish.sql) and each account only
-- the rows it may see.  Every window is partitioned by scheme_id, so a
-- filter on scheme_id reaches the table scans below the windows.

-- Each scheme's levels (semantics 10): how many, which one a veto caps at,
-- whether they come from grade rows.  Without grade rows the 2018 method's
-- three (outstanding, good, poor; a veto caps at poor).
CREATE OR REPLACE VIEW kpi.scheme_levels AS
SELECT s.scheme_id, s.year, coalesce(g.levels, 3) AS levels,
	   coalesce(s.veto_level, g.levels, 3) AS veto_level, g.levels IS NOT NULL AS graded
  FROM kpi.scheme s
  LEFT JOIN (SELECT g.scheme_id, max(g.level) AS levels FROM kpi.grade g GROUP BY g.scheme_id) g
	ON g.scheme_id = s.scheme_id;
COMMENT ON VIEW kpi.scheme_levels IS 'Each scheme''s number of levels, veto level, and whether kpi.grade rows define them';

-- view kpi.live_result, as in sql/kpi/

-- The whole assessment (semantics 1-7, 10), one row per participant.
-- kpi_tier reads the scheme's grades (kpi.grades_of) once per scheme: a
-- window function evaluates its arguments only when it asks for them.
CREATE OR REPLACE VIEW kpi.live_result AS
SELECT scheme_id, group_code, unit_code, unit_name, content, ratings, bonus, deduction, total,
	   rank, vetoed, downgraded,
	   CASE WHEN levels = 3 THEN ('{outstanding,good,poor}'::kpi.tier[])[level] END AS tier,
	   kpi.level_label(scheme_id, level) AS tier_label, complete, level
  FROM (
	SELECT r.*,
		   kpi.kpi_veto(kpi.kpi_tier(r.rank, r.vetoed, r.total, r.top_n, r.veto_level, r.scheme_id,
									 kpi.grades_of(r.scheme_id))
						OVER (PARTITION BY r.scheme_id, r.group_code ORDER BY r.rank),
						r.vetoed, r.downgrade_steps, r.veto_level, r.levels) AS level
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
			   sc.top_n, sl.levels, sl.veto_level,
			   u.complete
		  FROM kpi.unit_total u
		  JOIN kpi.unit n ON n.unit_code = u.unit_code
		  JOIN kpi.scheme sc ON sc.scheme_id = u.scheme_id
		  JOIN kpi.scheme_levels sl ON sl.scheme_id = u.scheme_id
		  -- grouped once and joined: a correlated subquery per unit would
		  -- scan the downgrades once per unit (quadratic at country scale)
		  LEFT JOIN (SELECT g.scheme_id, g.unit_code, sum(g.steps) AS steps
					   FROM kpi.downgrade g
					  GROUP BY g.scheme_id, g.unit_code) g
			ON g.scheme_id = u.scheme_id AND g.unit_code = u.unit_code) r) t;
COMMENT ON VIEW kpi.live_result IS 'The assessment computed now: one row per participant with parts, total, rank, tier and level (semantics 1-7, 10)';

-- view kpi.level_reward, as in sql/kpi/

-- The reward of each level that has one (semantics 8, 11): a scheme's
-- grade rows with reward_amount, or without grade rows level 1 with the
-- scheme's reward.
CREATE OR REPLACE VIEW kpi.level_reward AS
SELECT g.scheme_id, g.level, g.reward_amount AS amount, coalesce(g.head_share, s.head_share) AS head_share
  FROM kpi.grade g
  JOIN kpi.scheme s ON s.scheme_id = g.scheme_id
 WHERE g.reward_amount IS NOT NULL
UNION ALL
SELECT s.scheme_id, 1, s.reward_amount, s.head_share
  FROM kpi.scheme s
 WHERE NOT EXISTS (SELECT 1 FROM kpi.grade g WHERE g.scheme_id = s.scheme_id);
COMMENT ON VIEW kpi.level_reward IS 'Reward amount and head share of each rewarded level (semantics 8, 11)';

-- view kpi.live_reward, as in sql/kpi/

-- Semantics 8, 11: every rewarded unit's reward, split among its members.
CREATE OR REPLACE VIEW kpi.live_reward AS
SELECT r.scheme_id, r.unit_code, s.person, s.role, s.amount
  FROM kpi.live_result r
  JOIN kpi.level_reward lr ON lr.scheme_id = r.scheme_id AND lr.level = r.level
 CROSS JOIN LATERAL (
	SELECT coalesce(array_agg(m.person ORDER BY m.person COLLATE "C"), '{}') AS persons,
		   coalesce(array_agg(m.role ORDER BY m.person COLLATE "C"), '{}') AS roles
	  FROM kpi.member m
	 WHERE m.scheme_id = r.scheme_id AND m.unit_code = r.unit_code) mm
 CROSS JOIN LATERAL kpi.kpi_reward_split(lr.amount, lr.head_share, mm.persons, mm.roles) s;
COMMENT ON VIEW kpi.live_reward IS 'Cash rewards computed now, split to the fen (person null: a unit without members)';

-- view kpi.scheme_consequence_rule, as in sql/kpi/

-- The consequence rules each scheme applies (semantics 9, 12): its own
-- kpi.consequence_rule rows, or without any, rule 9's as rows: level 1
-- 通报表彰; the worst level 通报批评 and, for each member, 不得评优; the
-- worst level two years in a row, 不称职 for each member.
CREATE OR REPLACE VIEW kpi.scheme_consequence_rule AS
SELECT r.scheme_id, r.level, r.years, r.applies_to, r.consequence
  FROM kpi.consequence_rule r
UNION ALL
SELECT sl.scheme_id, d.level, d.years, d.applies_to, d.consequence
  FROM kpi.scheme_levels sl
 CROSS JOIN LATERAL (VALUES
	(1, 1, 'unit', '通报表彰'),
	(sl.levels, 1, 'unit', '通报批评'),
	(sl.levels, 1, 'members', '当年不得参加公务员评优和系统评先'),
	(sl.levels, 2, 'members', '确定为不称职公务员')) AS d (level, years, applies_to, consequence)
 WHERE NOT EXISTS (SELECT 1 FROM kpi.consequence_rule r WHERE r.scheme_id = sl.scheme_id);
COMMENT ON VIEW kpi.scheme_consequence_rule IS 'The consequence rules of each scheme: its kpi.consequence_rule rows, else rule 9''s';

-- view kpi.standing, as in sql/kpi/

-- Where each unit stood in each scheme: the published copy of a finalized
-- scheme (which no later change can move), else computed now; and whether
-- that was the scheme's worst level.
CREATE OR REPLACE VIEW kpi.standing AS
SELECT x.scheme_id, sl.year, x.unit_code, x.level, x.level = sl.levels AS worst
  FROM (SELECT p.scheme_id, p.unit_code, p.level FROM kpi.published_result p
		UNION ALL
		SELECT l.scheme_id, l.unit_code, l.level FROM kpi.live_result l
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = l.scheme_id)) x
  JOIN kpi.scheme_levels sl ON sl.scheme_id = x.scheme_id;
COMMENT ON VIEW kpi.standing IS 'Each participant''s level in each scheme, published if finalized, and whether it was the worst';

-- view kpi.live_consequence, as in sql/kpi/

-- Semantics 9, 12: one row per consequence.  A rule of years n holds for a
-- unit at its level now that stood at the same level (or, for the worst
-- level, at the worst) in a scheme of each of the n - 1 years before.
CREATE OR REPLACE VIEW kpi.live_consequence AS
SELECT h.scheme_id, h.unit_code, w.person, h.consequence
  FROM (SELECT r.scheme_id, r.unit_code, cr.applies_to, cr.consequence
		  FROM kpi.live_result r
		  JOIN kpi.scheme_levels sl ON sl.scheme_id = r.scheme_id
		  JOIN kpi.scheme_consequence_rule cr ON cr.scheme_id = r.scheme_id AND cr.level = r.level
		  LEFT JOIN (SELECT DISTINCT s.year, s.unit_code, s.level, s.worst FROM kpi.standing s) e
			ON e.unit_code = r.unit_code AND e.year < sl.year AND e.year > sl.year - cr.years
		   AND (e.level = r.level OR (r.level = sl.levels AND e.worst))
		 GROUP BY r.scheme_id, r.unit_code, cr.applies_to, cr.consequence, cr.years
		HAVING count(DISTINCT e.year) = cr.years - 1) h
 CROSS JOIN LATERAL (
	SELECT NULL::text AS person
	 WHERE h.applies_to = 'unit'
	UNION ALL
	SELECT m.person
	  FROM kpi.member m
	 WHERE h.applies_to = 'members' AND m.scheme_id = h.scheme_id AND m.unit_code = h.unit_code) w
UNION ALL
-- rule 9's last clause, whatever the rules
SELECT DISTINCT x.scheme_id, x.unit_code, x.person, '年底不能评优评先'
  FROM (SELECT i.scheme_id, i.unit_code, i.person
		  FROM kpi.ineligible i
		UNION ALL
		SELECT i.scheme_id, i.unit_code, m.person
		  FROM kpi.ineligible i
		  JOIN kpi.member m ON m.scheme_id = i.scheme_id AND m.unit_code = i.unit_code
		 WHERE i.person IS NULL) x;
COMMENT ON VIEW kpi.live_consequence IS 'Consequences computed now by each scheme''s rules (semantics 9, 12), and 年底不能评优评先, one row each';

-- view kpi.result, as in sql/kpi/

-- The public views: the published copy of a finalized scheme, the live
-- computation of any other, and to each account only the units it may
-- see.  security_barrier keeps a caller's own functions from seeing rows
-- before that filter; a filter on scheme_id (a leakproof =) still reaches
-- the scans below the windows.
CREATE OR REPLACE VIEW kpi.result WITH (security_barrier) AS
SELECT x.*
  FROM (SELECT * FROM kpi.published_result
		UNION ALL
		SELECT l.* FROM kpi.live_result l
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = l.scheme_id)) x
 WHERE (SELECT kpi.sees_every_unit(current_user::text))
	OR x.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[]);
COMMENT ON VIEW kpi.result IS 'The assessment (semantics 1-7), one row per participant: published if finalized, else computed now';

-- view kpi.reward, as in sql/kpi/

CREATE OR REPLACE VIEW kpi.reward WITH (security_barrier) AS
SELECT x.*
  FROM (SELECT * FROM kpi.published_reward
		UNION ALL
		SELECT l.* FROM kpi.live_reward l
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = l.scheme_id)) x
 WHERE (SELECT kpi.sees_every_unit(current_user::text))
	OR x.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[]);
COMMENT ON VIEW kpi.reward IS 'Cash rewards of the rewarded levels (实绩突出 without grade rows), split to the fen (semantics 8, 11): published if finalized, else computed now';

-- view kpi.consequence, as in sql/kpi/

CREATE OR REPLACE VIEW kpi.consequence WITH (security_barrier) AS
SELECT x.*
  FROM (SELECT * FROM kpi.published_consequence
		UNION ALL
		SELECT l.* FROM kpi.live_consequence l
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = l.scheme_id)) x
 WHERE (SELECT kpi.sees_every_unit(current_user::text))
	OR x.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[]);
COMMENT ON VIEW kpi.consequence IS 'Consequences (semantics 9, 12), one row each: published if finalized, else computed now';


-- function kpi.check_rating_value, as in sql/kpi/

-- One rating's value (semantics 13): a grade where the component has a
-- rating scale, else a score.  (A grade not on the scale fails the
-- rating_grade_in_scale key.)
CREATE OR REPLACE FUNCTION kpi.check_rating_value(scheme text, unit text, component text, rater text, has_grade boolean)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	grades text;
BEGIN
	SELECT string_agg(s.grade, ', ' ORDER BY s.points DESC, s.grade) INTO grades
	  FROM kpi.rating_scale s
	 WHERE s.scheme_id = scheme AND s.component_code = component;
	IF grades IS NOT NULL AND NOT has_grade THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('rating of unit "%s" on component "%s" in scheme "%s" by rater "%s" is a score, but the component takes grades'),
										unit, component, scheme, rater),
			ERRCODE = 'check_violation',
			DETAIL = pg_catalog.format(kpi.translate('Its rating scale has the grades %s; give one in column grade and leave score null.'), grades);
	ELSIF grades IS NULL AND has_grade THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('rating of unit "%s" on component "%s" in scheme "%s" by rater "%s" is a grade, but the component has no rating scale'),
										unit, component, scheme, rater),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('A component without kpi.rating_scale rows takes a score from 0 to 100.');
	END IF;
END
$$;

-- function kpi.rating_check_rows, as in sql/kpi/

CREATE OR REPLACE FUNCTION kpi.rating_check_rows()
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
	PERFORM kpi.check_rating_value(n.scheme_id, n.unit_code, n.component_code, n.rater, n.grade IS NOT NULL)
	   FROM new_rows n
	  WHERE (n.grade IS NULL) = EXISTS (SELECT 1 FROM kpi.rating_scale s
										 WHERE s.scheme_id = n.scheme_id AND s.component_code = n.component_code);
	RETURN NULL;
END
$$;

-- function kpi.rating_scale_check_rows, as in sql/kpi/

-- A scale given to a component whose ratings are scores would leave them
-- neither score nor grade: refused, naming the first such rating.
CREATE OR REPLACE FUNCTION kpi.rating_scale_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_rating_value(r.scheme_id, r.unit_code, r.component_code, r.rater, false)
	   FROM (SELECT DISTINCT n.scheme_id, n.component_code FROM new_rows n) n
	   JOIN LATERAL (SELECT * FROM kpi.rating r
					  WHERE r.scheme_id = n.scheme_id AND r.component_code = n.component_code
						AND r.score IS NOT NULL
					  ORDER BY r.unit_code, r.rater LIMIT 1) r ON true;
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.rating_scale', 'rating_scale_check', 'kpi.rating_scale_check_rows()', '{insert,update}', false);

-- function kpi.check_method, as in sql/kpi/

-- Every problem of a scheme's method (semantics 10-13): grades, veto
-- level, consequence rules, rating scales.  Each names its row in the
-- detail.  kpi.validate reports them as 'method'; kpi.finalize refuses
-- while any remain, even when forced, since the levels would be undefined.
CREATE OR REPLACE FUNCTION kpi.check_method(scheme text)
RETURNS TABLE (detail text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	WITH g AS (SELECT * FROM kpi.grade g WHERE g.scheme_id = scheme),
	sl AS (SELECT * FROM kpi.scheme_levels sl WHERE sl.scheme_id = scheme),
	d AS (SELECT min(g.level) AS level, count(*) AS n FROM g WHERE g.is_default)
	-- exactly one default level
	SELECT format('the grades have %s default levels (%s), not exactly one', d.n,
				  coalesce((SELECT string_agg(g.level::text, ', ' ORDER BY g.level) FROM g WHERE g.is_default), 'none'))
	  FROM d
	 WHERE d.n <> 1 AND EXISTS (SELECT 1 FROM g)
	UNION ALL
	-- levels 1..n without gaps
	SELECT format('grade level %s is missing: levels are numbered 1 to %s without gaps', l, sl.levels)
	  FROM sl CROSS JOIN generate_series(1, sl.levels) l
	 WHERE sl.graded AND NOT EXISTS (SELECT 1 FROM g WHERE g.level = l)
	UNION ALL
	-- a quota, or a minimum total, on a level that is not better than the
	-- default: only quota levels place units by them
	SELECT format('grade level %s (%s) has %s but is not better than the default level %s, so it is never used',
				  g.level, g.label,
				  concat_ws(' and ', CASE WHEN g.places IS NOT NULL THEN format('places %s', g.places) END,
							CASE WHEN g.share IS NOT NULL THEN format('share %s', g.share) END,
							CASE WHEN g.min_total IS NOT NULL THEN format('min_total %s', g.min_total) END),
				  d.level)
	  FROM g CROSS JOIN d
	 WHERE d.n = 1 AND g.level >= d.level
	   AND (g.places IS NOT NULL OR g.share IS NOT NULL OR g.min_total IS NOT NULL)
	UNION ALL
	-- a below_total a worse level's equal or higher below_total covers:
	-- every unit below it is capped at the worse level
	SELECT format('grade level %s (%s) is unreachable by below_total %s: level %s (%s) has below_total %s, so every unit below %s is capped there',
				  g.level, g.label, g.below_total, w.level, w.label, w.below_total, g.below_total)
	  FROM g
	  JOIN LATERAL (SELECT * FROM g w WHERE w.level > g.level AND w.below_total >= g.below_total
					 ORDER BY w.level LIMIT 1) w ON true
	UNION ALL
	-- a quota of nobody
	SELECT format('grade level %s (%s) has places 0: nobody is ever placed there', g.level, g.label)
	  FROM g
	 WHERE g.places = 0
	UNION ALL
	-- the veto level
	SELECT format('veto_level %s of scheme %s is not one of its levels (1 to %s)', s.veto_level, s.scheme_id, sl.levels)
	  FROM kpi.scheme s CROSS JOIN sl
	 WHERE s.scheme_id = scheme AND s.veto_level IS NOT NULL
	   AND (s.veto_level > sl.levels OR (sl.graded AND NOT EXISTS (SELECT 1 FROM g WHERE g.level = s.veto_level)))
	UNION ALL
	-- consequence rules on levels the scheme does not have
	SELECT format('consequence rule %s (%s, level %s) is on a level the scheme does not have (1 to %s)',
				  r.id, r.consequence, r.level, sl.levels)
	  FROM kpi.consequence_rule r CROSS JOIN sl
	 WHERE r.scheme_id = scheme
	   AND (r.level > sl.levels OR (sl.graded AND NOT EXISTS (SELECT 1 FROM g WHERE g.level = r.level)))
	UNION ALL
	-- a rating scale on a component no group of the scheme has
	SELECT format('rating scale of component %s (grade %s) is on a component no group of the scheme has',
				  rs.component_code, string_agg(rs.grade, ', ' ORDER BY rs.grade))
	  FROM kpi.rating_scale rs
	 WHERE rs.scheme_id = scheme
	   AND NOT EXISTS (SELECT 1 FROM kpi.component c
					   WHERE c.scheme_id = rs.scheme_id AND c.component_code = rs.component_code)
	 GROUP BY rs.component_code
$$;
COMMENT ON FUNCTION kpi.check_method(text) IS 'Problems of a scheme''s method: grades, veto level, consequence rules, rating scales';

-- function kpi.validate, as in sql/kpi/

-- One row per problem that would make the scheme's result wrong or
-- incomplete.  Empty means ready.
CREATE OR REPLACE FUNCTION kpi.validate(scheme text)
RETURNS TABLE (problem text, group_code text, unit_code text, criterion_code text, detail text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	-- the method (grades, veto level, consequence rules, scales)
	SELECT 'method', NULL::text, NULL::text, NULL::text, m.detail
	  FROM kpi.check_method(scheme) m
	UNION ALL
	-- a group whose component weights do not add up to 100
	SELECT 'weights', g.group_code, NULL, NULL,
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
	ORDER BY 1, 2, 3, 4, 5
$$;
COMMENT ON FUNCTION kpi.validate(text) IS 'Problems that keep a scheme from being ready to publish, one row each';

-- function kpi.finalize, as in sql/kpi/

-- Publish a scheme.  Refused while kpi.validate reports problems, unless
-- forced (the problems are then kept in kpi.publication).  SECURITY
-- DEFINER: the published copies and kpi.publication are written by kpi's
-- owner only, so that no account can fake or alter a publication; it checks
-- the acting role is the office first.
CREATE OR REPLACE FUNCTION kpi.finalize(scheme_id text, force boolean DEFAULT false)
RETURNS kpi.publication
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	target kpi.scheme;
	found_problems jsonb;
	method_problem text;
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
	-- a method with problems gives no defined levels: not even forced
	SELECT m.detail INTO method_problem FROM kpi.check_method(finalize.scheme_id) m LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('the method of scheme "%s" has problems and the scheme is not finalized'), scheme_id),
			ERRCODE = 'object_not_in_prerequisite_state',
			DETAIL = pg_catalog.format(kpi.translate('First: %s.'), method_problem),
			HINT = kpi.translate('See SELECT * FROM kpi.validate(scheme_id) WHERE problem = ''method''; a method''s problems cannot be forced.');
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

-- function kpi.copy_scheme, as in sql/kpi/

-- kpi: a new year from the last, and the 2018 method written as rows.

-- Copy a scheme's method and set-up into a new scheme (a draft, for the
-- office to check and open): its parameters, groups, components, grades,
-- rating scales, consequence rules, the rubric trees with their rules, and
-- the participants.  Not its scores, ratings, evidence, bonuses,
-- deductions, vetoes, downgrades, members or ineligibility: those are the
-- year's.  One statement; as the caller (only the office may write these
-- tables).
CREATE OR REPLACE FUNCTION kpi.copy_scheme(from_scheme text, to_scheme text, year integer)
RETURNS kpi.scheme
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	copied kpi.scheme;
BEGIN
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to copy scheme "%s"'), from_scheme));
	IF to_scheme IS NULL OR year IS NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = kpi.translate('kpi.copy_scheme needs the new scheme''s code and year'),
			ERRCODE = 'null_value_not_allowed';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM kpi.scheme s WHERE s.scheme_id = from_scheme) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), from_scheme),
			ERRCODE = 'no_data_found';
	END IF;
	IF EXISTS (SELECT 1 FROM kpi.scheme s WHERE s.scheme_id = to_scheme) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" already exists'), to_scheme),
			ERRCODE = 'unique_violation',
			DETAIL = kpi.translate('kpi.copy_scheme makes a new scheme; it never writes into an existing one.');
	END IF;
	INSERT INTO kpi.scheme (scheme_id, year, title, top_n, bonus_points, reward_amount, head_share, status,
							veto_level, bonus_cap)
	SELECT to_scheme, copy_scheme.year, s.title, s.top_n, s.bonus_points, s.reward_amount, s.head_share, 'draft',
		   s.veto_level, s.bonus_cap
	  FROM kpi.scheme s
	 WHERE s.scheme_id = from_scheme
	RETURNING * INTO copied;
	INSERT INTO kpi.unit_group (scheme_id, group_code, title)
	SELECT to_scheme, g.group_code, g.title FROM kpi.unit_group g WHERE g.scheme_id = from_scheme;
	INSERT INTO kpi.component (scheme_id, group_code, component_code, title, weight, aggregation)
	SELECT to_scheme, c.group_code, c.component_code, c.title, c.weight, c.aggregation
	  FROM kpi.component c WHERE c.scheme_id = from_scheme;
	INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, rule, position)
	SELECT to_scheme, c.criterion_code, c.parent_code, c.title, c.max_points, c.rule, c.position
	  FROM kpi.criterion c WHERE c.scheme_id = from_scheme;
	INSERT INTO kpi.participant (scheme_id, unit_code, group_code, rubric_code)
	SELECT to_scheme, p.unit_code, p.group_code, p.rubric_code
	  FROM kpi.participant p WHERE p.scheme_id = from_scheme;
	INSERT INTO kpi.grade (scheme_id, level, label, places, share, min_total, below_total, last_places,
						   is_default, reward_amount, head_share)
	SELECT to_scheme, g.level, g.label, g.places, g.share, g.min_total, g.below_total, g.last_places,
		   g.is_default, g.reward_amount, g.head_share
	  FROM kpi.grade g WHERE g.scheme_id = from_scheme;
	INSERT INTO kpi.rating_scale (scheme_id, component_code, grade, points)
	SELECT to_scheme, r.component_code, r.grade, r.points
	  FROM kpi.rating_scale r WHERE r.scheme_id = from_scheme;
	INSERT INTO kpi.consequence_rule (scheme_id, level, years, applies_to, consequence)
	SELECT to_scheme, r.level, r.years, r.applies_to, r.consequence
	  FROM kpi.consequence_rule r WHERE r.scheme_id = from_scheme ORDER BY r.id;
	RETURN copied;
END
$$;
COMMENT ON FUNCTION kpi.copy_scheme(text, text, integer) IS
	'Start a new scheme (a draft) from another: parameters, groups, components, grades, scales, consequence rules, rubrics, participants';

-- function kpi.write_2018_method, as in sql/kpi/

-- The 2018 method (semantics 6-9) as the rows of semantics 10-12, for a
-- scheme that has none: 实绩突出 top_n places with the scheme's reward and
-- head share, 实绩比较突出 the default, 实绩一般 the last place (and the
-- veto level, the worst); rule 9's consequences.  The scheme computes the
-- same results, rewards and consequences before and after.
CREATE OR REPLACE FUNCTION kpi.write_2018_method(scheme text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to write the method of scheme "%s"'), scheme));
	IF NOT EXISTS (SELECT 1 FROM kpi.scheme s WHERE s.scheme_id = scheme) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), scheme),
			ERRCODE = 'no_data_found';
	END IF;
	IF EXISTS (SELECT 1 FROM kpi.grade g WHERE g.scheme_id = scheme)
	   OR EXISTS (SELECT 1 FROM kpi.consequence_rule r WHERE r.scheme_id = scheme) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" already has grades or consequence rules'), scheme),
			ERRCODE = 'unique_violation',
			DETAIL = kpi.translate('The 2018 method is written only into a scheme that has neither.');
	END IF;
	INSERT INTO kpi.grade (scheme_id, level, label, places, is_default, last_places, reward_amount, head_share)
	SELECT s.scheme_id, v.level, v.label,
		   CASE WHEN v.level = 1 THEN s.top_n END, v.level = 2, CASE WHEN v.level = 3 THEN 1 END,
		   CASE WHEN v.level = 1 THEN s.reward_amount END, CASE WHEN v.level = 1 THEN s.head_share END
	  FROM kpi.scheme s
	 CROSS JOIN (VALUES (1, '实绩突出'), (2, '实绩比较突出'), (3, '实绩一般')) AS v (level, label)
	 WHERE s.scheme_id = scheme;
	INSERT INTO kpi.consequence_rule (scheme_id, level, years, applies_to, consequence)
	VALUES (scheme, 1, 1, 'unit', '通报表彰'),
		   (scheme, 3, 1, 'unit', '通报批评'),
		   (scheme, 3, 1, 'members', '当年不得参加公务员评优和系统评先'),
		   (scheme, 3, 2, 'members', '确定为不称职公务员');
END
$$;
COMMENT ON FUNCTION kpi.write_2018_method(text) IS
	'Write the 2018 method''s grades and consequence rules as rows of a scheme that has none (same results)';


-- rating_entry takes a grade where the component has a scale
-- function kpi.rating_entry_row, as in sql/kpi/

-- rating_entry: 方案, 单位, 评价项目 (a rating component's code or title
-- in the unit's group), 评价人, 评分: a score, or where the component has a
-- rating scale one of its grades (staged as the row's note).  A rater
-- account with one rater name may leave 评价人 out.
CREATE OR REPLACE FUNCTION kpi.rating_entry_row()
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
	score numeric;
	grade text;
	grades text[];
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
	SELECT array_agg(r.grade ORDER BY r.points DESC, r.grade) INTO grades FROM kpi.rating_scale r
	 WHERE r.scheme_id = scheme AND r.component_code = matches[1];
	IF grades IS NOT NULL THEN
		grade := btrim(NEW."评分");
		IF grade IS NULL OR NOT grade = ANY (grades) THEN
			RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('评分 "%s" on %s is not a grade of the rating scale of "%s"'), grade, at, matches[1]),
					  ERRCODE = 'foreign_key_violation',
					  DETAIL = pg_catalog.format(kpi.translate('Its grades are %s.'), array_to_string(grades, ', '));
		END IF;
	ELSE
		score := kpi.entry_number(NEW."评分", '评分', at);
	END IF;
	IF score > 100 THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('评分 %s on %s exceeds 100'), score, at),
				  ERRCODE = 'check_violation',
				  DETAIL = kpi.translate('A rating is a score from 0 to 100.');
	END IF;
	earlier := kpi.kpi_entry_stage(TG_RELID::regclass, substring(at FROM '[0-9]+')::bigint, at, scheme, unit,
								   matches[1], rater, score, NULL, grade);
	IF earlier IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('rating of unit "%s" on "%s" by "%s" given twice: on %s and on %s'), unit, matches[1], rater, earlier, at),
				  ERRCODE = 'unique_violation',
				  DETAIL = pg_catalog.format(kpi.translate('Scheme "%s".  A load gives each rating once.'), scheme);
	END IF;
	RETURN NEW;
END
$$;

-- function kpi.entry_write, as in sql/kpi/

-- After each load: write what was staged, once.  A key already there is
-- updated (a corrected sheet loads again); a row the sheet leaves out is
-- kept.  Runs as the invoker: row-level security applies.
CREATE OR REPLACE FUNCTION kpi.entry_write()
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
		INSERT INTO kpi.rating AS r (scheme_id, unit_code, component_code, rater, score, grade)
		SELECT e.scheme_id, e.unit_code, e.code, e.rater, e.points, e.note FROM kpi.kpi_entry_take(TG_RELID::regclass) e
		ON CONFLICT (scheme_id, unit_code, component_code, rater) DO UPDATE
		   SET score = excluded.score, grade = excluded.grade
		 WHERE r.score IS DISTINCT FROM excluded.score OR r.grade IS DISTINCT FROM excluded.grade;
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

-- view kpi_report.rating_entry, as in sql/kpi/

CREATE OR REPLACE VIEW kpi_report.rating_entry WITH (security_invoker = true, security_barrier) AS
SELECT r.scheme_id AS "方案",
	   kpi.entry_unit_label(u.unit_code, u.name) AS "单位",
	   r.component_code AS "评价项目", r.rater AS "评价人", coalesce(r.score::text, r.grade) AS "评分"
  FROM kpi.rating r
  JOIN kpi.unit u ON u.unit_code OPERATOR(pg_catalog.=) r.unit_code;
COMMENT ON VIEW kpi_report.rating_entry IS
	'评价录入：按表格的列用 COPY 导入评价分或等次，读出即为表格（评价项目填编码或名称）. Ratings in a spreadsheet''s columns: COPY into it to load a sheet (评价项目 by code or title; 评分 a score, or a grade where the component has a rating scale), read it to write one';


-- The 通报 lists a scheme's grades in level order, with their labels; the
-- ranking shows the level, and the report views speak of any grades.
-- function kpi.notice_html, as in sql/kpi/

-- The notice.  issuer and doc_number are what kpi does not store (the
-- office's name heads and signs it; the 发文字号 line is left out when
-- null).  A scheme not yet finalized gives a draft: marked 草稿 on every
-- page and dated today; a finalized one is dated the day it was published
-- (kpi.publication, in the session's time zone).  Numbers are exact
-- numerics printed with two decimals; bar lengths are numerics too.
-- STABLE: reads only, and today's date is fixed within a transaction.
CREATE OR REPLACE FUNCTION kpi.notice_html(scheme_id text, issuer text DEFAULT NULL, doc_number text DEFAULT NULL)
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
	n_levels int;       -- the scheme's number of levels (kpi.scheme_levels)
	graded boolean;     -- whether kpi.grade rows define them
	legend text;
	reward_lead text;
	worst text;         -- the worst level's label, escaped
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
	SELECT sl.levels, sl.graded INTO n_levels, graded FROM kpi.scheme_levels sl WHERE sl.scheme_id = notice_html.scheme_id;
	worst := kpi.html_escape(coalesce(kpi.level_label(scheme_id, n_levels), n_levels::text));
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
	),
	-- the scheme's levels, best first: label (escaped), the class of its
	-- lines and bars, its bars' colour, its reward.  With three levels
	-- kpi.result has tiers, and lines and bars the classes tier-outstanding,
	-- tier-good and tier-poor, which the style sheet colours; any other
	-- number of levels gives the classes level-1 .. level-n, and each bar's
	-- rect its colour as a fill attribute (the style sheet names only the
	-- tiers; on the rect, so the bar's texts stay black).  The colours: level 1 red, the others grey from dark to
	-- light (with three levels the tiers' colours).  The reward is the
	-- grade row's, or without grade rows level 1's the scheme's (as
	-- kpi.level_reward has it).
	lv AS MATERIALIZED (
		SELECT l.level,
			   kpi.html_escape(coalesce(kpi.level_label(notice_html.scheme_id, l.level), l.level::text)) AS label,
			   CASE WHEN n_levels = 3 THEN 'tier-' || ('{outstanding,good,poor}'::kpi.tier[])[l.level]
					ELSE 'level-' || l.level END AS class,
			   CASE WHEN l.level = 1 THEN '#c00000'
					ELSE '#' || repeat(lpad(to_hex(112 + CASE WHEN n_levels > 2 THEN (80 * (l.level - 2)) / (n_levels - 2)
															   ELSE 80 END), 2, '0'), 3) END AS colour,
			   CASE WHEN graded THEN g.reward_amount WHEN l.level = 1 THEN sc.reward_amount END AS amount,
			   coalesce(g.head_share, sc.head_share) AS head_share
		  FROM generate_series(1, n_levels) l (level)
		  LEFT JOIN kpi.grade g ON g.scheme_id = notice_html.scheme_id AND g.level = l.level
	), top AS (
		SELECT max(r.total) AS top_total FROM r
	), counted AS (
		SELECT '评出' || string_agg(format('%s单位%s个', lv.label, coalesce(k.units, 0)), '、' ORDER BY lv.level) AS counts,
			   string_agg(format('<i style="background:%s"></i>%s', lv.colour, lv.label), '' ORDER BY lv.level) AS legend
		  FROM lv
		  LEFT JOIN (SELECT r.level, count(*) AS units FROM r GROUP BY r.level) k ON k.level = lv.level
	), g AS (
		SELECT r.group_code, kpi.html_escape(coalesce(min(ug.title), r.group_code)) AS title,
			   row_number() OVER (ORDER BY r.group_code COLLATE "C") AS n, count(*) AS units
		  FROM r
		  LEFT JOIN kpi.unit_group ug ON ug.scheme_id = notice_html.scheme_id AND ug.group_code = r.group_code
		 GROUP BY r.group_code
	),
	-- 一、考核结果: per group the units of each level, in rank order
	names AS (
		SELECT r.group_code, r.level,
			   string_agg(kpi.html_escape(r.unit_name)
						  || CASE WHEN r.vetoed THEN '（一票否决）' ELSE '' END
						  || CASE WHEN r.downgraded THEN '（降级评定）' ELSE '' END
						  || CASE WHEN NOT r.complete THEN '（评分数据不全）' ELSE '' END,
						  '、' ORDER BY r.i) AS units
		  FROM r GROUP BY r.group_code, r.level
	), lines AS (
		SELECT g.n, g.title,
			   string_agg(format('<p class="tier %s"><span class="tier-label">%s单位：</span>%s。</p>',
								 lv.class, lv.label, coalesce(names.units, '无')), E'\n' ORDER BY lv.level) AS lines
		  FROM g
		 CROSS JOIN lv
		  LEFT JOIN names ON names.group_code = g.group_code AND names.level = lv.level
		 GROUP BY g.n, g.title
	), sec_results AS (
		SELECT string_agg(format(E'<section class="group">\n<h3>（%s）%s</h3>\n%s\n</section>',
								 coalesce(numerals[l.n], l.n::text), l.title, l.lines), E'\n' ORDER BY l.n) AS html
		  FROM lines l
	),
	-- 二、奖励: a row per person, the unit's name spanning its rows; the
	-- lead names each level that has rewarded units, with its amount and
	-- split
	w AS (
		SELECT w.unit_code, w.person, w.role, w.amount,
			   coalesce(r.unit_name, w.unit_code) AS unit_name, r.group_code, r.rank, r.level,
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
	), sec_reward_lead AS (
		SELECT string_agg(format('对%s单位各奖励人民币%s元，其中%s%%奖给主要负责人，%s%%奖给工作人员',
								 lv.label, round(lv.amount, 2), trim_scale(lv.head_share * 100),
								 trim_scale((1 - lv.head_share) * 100)), '；' ORDER BY lv.level)
			   || CASE WHEN count(*) > 1 THEN '。明细如下：' ELSE '，明细如下：' END AS html
		  FROM lv
		 WHERE lv.amount IS NOT NULL AND EXISTS (SELECT 1 FROM w WHERE w.level = lv.level)
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
			   string_agg(format('<g class="bar%s"><text class="label" x="%s" y="%s">%s</text>'
								 '<rect x="%s" y="%s" width="%s" height="%s"%s/>'
								 '<text class="value" x="%s" y="%s">%s</text></g>',
								 coalesce(' ' || lv.class, ''),
								 label_w - 8, (r.i - 1) * row_h + 4 + row_h / 2 + 5, kpi.html_escape(r.unit_name),
								 label_w, (r.i - 1) * row_h + 8, b.len, row_h - 10,
								 CASE WHEN n_levels <> 3 THEN format(' fill="%s"', lv.colour) ELSE '' END,
								 label_w + b.len + 6, (r.i - 1) * row_h + 4 + row_h / 2 + 5, round(r.total, 2)),
						  E'\n' ORDER BY r.i) AS bars
		  FROM r CROSS JOIN top
		  LEFT JOIN lv ON lv.level = r.level
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
	SELECT ct.counts, ct.legend, sr.html, rl.html, sw.html, sq.html, sa.html
	  INTO counts, legend, results, reward_lead, rewards, consequences, annex
	  FROM counted ct CROSS JOIN sec_results sr CROSS JOIN sec_annex sa CROSS JOIN sec_reward_lead rl
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
			ELSE format('<p>%s</p>', coalesce(reward_lead, '明细如下：')) || E'\n' || rewards END,
			'<h2>三、相关处理</h2>',
			CASE WHEN consequences IS NULL THEN '<p>本年度无相关处理事项。</p>'
			ELSE '<p>根据考核办法，对下列单位和人员作如下处理：</p>' || E'\n' || consequences END,
			format('<p>希望受到表彰的单位珍惜荣誉、再接再厉；%s的单位要认真查找差距，切实整改，确保各项工作目标全面完成。</p>', worst),
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
			format('<p class="legend">图例：%s</p>', legend),
			annex,
			'</section>') END,
		'</body>',
		'</html>') || E'\n';
END
$$;
COMMENT ON FUNCTION kpi.notice_html(text, text, text) IS
	'The 通报 of a scheme as a printable HTML document (A4), from the rows of kpi.result, kpi.reward and kpi.consequence the caller sees';

-- view kpi_report.ranking, as in sql/kpi/

-- 排名: the ranking per group, kpi.result in Chinese.  档次 is the level's
-- label (the scheme's grade, or the 2018 method's tier), 等级 its number
-- (1 best), which sorts and filters the same whatever the labels.
CREATE OR REPLACE VIEW kpi_report.ranking WITH (security_barrier) AS
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
			CASE WHEN NOT r.complete THEN '数据不完整' END), '') AS "备注",
	   r.level AS "等级"
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
	'排名：各组单位的得分、名次、档次和等级（kpi.result 的中文列名版）. The ranking per group: kpi.result with Chinese column names';
COMMENT ON COLUMN kpi_report.ranking."方案" IS '考核方案编码 (kpi.scheme.scheme_id)';
COMMENT ON COLUMN kpi_report.ranking."组别" IS '参评组别名称（组别编码: its code, kpi.unit_group）';
COMMENT ON COLUMN kpi_report.ranking."内容得分" IS '内容考核折合分：(细则得分 − 扣分) × 内容权重 / 细则满分，保留两位小数';
COMMENT ON COLUMN kpi_report.ranking."评价得分" IS '各项评价按权重折合的合计';
COMMENT ON COLUMN kpi_report.ranking."加分" IS '创新突破加分';
COMMENT ON COLUMN kpi_report.ranking."扣分" IS '上级扣减的细则分（已在内容得分中扣除，勿再减）. Rubric points taken, already inside 内容得分';
COMMENT ON COLUMN kpi_report.ranking."总分" IS '内容得分 + 评价得分 + 加分';
COMMENT ON COLUMN kpi_report.ranking."档次" IS '档次名称：方案所设等次（kpi.grade.label，如 优秀 / 良好 / 合格 / 不合格）；未设等次时为 实绩突出 / 实绩比较突出 / 实绩一般. The level''s label';
COMMENT ON COLUMN kpi_report.ranking."备注" IS '一票否决的条件、降档的原因、数据不完整';
COMMENT ON COLUMN kpi_report.ranking."等级" IS '档次的序号，1 为最好（kpi.result.level）. The level, 1 best';

-- view kpi_report.reward, as in sql/kpi/

-- 奖励: the cash rewards of the units of each rewarded level (a grade with
-- a reward_amount; without grades, 实绩突出), to the fen.
CREATE OR REPLACE VIEW kpi_report.reward WITH (security_barrier) AS
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
	'奖励：获奖等次单位的奖金按人分配到分（kpi.reward 的中文列名版）. Cash rewards per person: kpi.reward with Chinese column names';
COMMENT ON COLUMN kpi_report.reward."姓名" IS '空：单位无登记人员，奖金归单位';
COMMENT ON COLUMN kpi_report.reward."身份" IS '负责人 (head) / 工作人员 (staff)';
COMMENT ON COLUMN kpi_report.reward."金额" IS '元，精确到分；每单位合计等于其等次的奖励金额（kpi.grade.reward_amount；未设等次时为方案的 reward_amount）';

-- view kpi_report.consequence, as in sql/kpi/

-- 后果: the consequences of each level, by the scheme's rules
-- (kpi.consequence_rule; without any, the 2018 method's 通报表彰, 通报批评,
-- 不得评优, 不称职公务员), and 不能评优评先.
CREATE OR REPLACE VIEW kpi_report.consequence WITH (security_barrier) AS
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
COMMENT ON COLUMN kpi_report.consequence."姓名" IS '空：针对单位本身（如通报表彰、通报批评、整个单位不能评优评先）';


-- Accounts read the grades, scales and consequence rules, raters give grades.
-- view kpi.capability_privilege, as in sql/kpi/

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
CREATE OR REPLACE VIEW kpi.capability_privilege AS
SELECT c.capability, o.object_type, o.object_name, o.privileges
  FROM (VALUES
	-- the data tables
	('office', 'TABLE', 'kpi.scheme, kpi.unit_group, kpi.component, kpi.unit, kpi.criterion, '
		'kpi.participant, kpi.score, kpi.evidence, kpi.rating, kpi.bonus, kpi.deduction, '
		'kpi.veto_condition, kpi.veto, kpi.downgrade, kpi.member, kpi.ineligible, '
		'kpi.grade, kpi.consequence_rule, kpi.rating_scale',
		'SELECT, INSERT, UPDATE, DELETE'),
	('office', 'SEQUENCE', 'kpi.bonus_id_seq, kpi.deduction_id_seq, kpi.veto_id_seq, '
		'kpi.downgrade_id_seq, kpi.ineligible_id_seq, kpi.consequence_rule_id_seq', 'USAGE'),
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
		'kpi.rating, kpi.rating_scale', 'SELECT'),
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
		'kpi.rubric_node, kpi.rubric_leaf, kpi.rubric_total', 'SELECT'),
	-- a unit sees when a scheme was published, not the problems the office
	-- was shown then (they name other units)
	('unit', 'TABLE', 'kpi.publication', 'SELECT (scheme_id, published_at, published_by, forced)'),
	-- every unit's results and how they are computed, but no rater's score:
	-- individual ratings are the office's and each rater's own
	('every unit', 'TABLE', 'kpi.publication, '
		'kpi.rubric_tree, kpi.fact_points, kpi.given_points, kpi.leaf_points, '
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

SELECT kpi.sync_privileges(a.role_name) FROM (SELECT DISTINCT role_name FROM kpi.account WHERE role_oid IS NOT NULL) a;

-- part 95_function_privileges.sql, as in sql/kpi/

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

