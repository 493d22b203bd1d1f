
-- kpi: the assessment's result, rewards and consequences (semantics 6-9):
-- computed now from the data (kpi.live_*), and as the public views
-- kpi.result, kpi.reward and kpi.consequence, which show a finalized
-- scheme's published copy instead (75_publish.sql) and each account only
-- the rows it may see.  Every window is partitioned by scheme_id, so a
-- filter on scheme_id reaches the table scans below the windows.

-- Each scheme's levels (semantics 10): how many, which one a veto caps at,
-- whether they come from grade rows.  Without grade rows the 2018 method's
-- three (outstanding, good, poor; a veto caps at poor).
CREATE VIEW kpi.scheme_levels AS
SELECT s.scheme_id, s.year, coalesce(g.levels, 3) AS levels,
	   coalesce(s.veto_level, g.levels, 3) AS veto_level, g.levels IS NOT NULL AS graded
  FROM kpi.scheme s
  LEFT JOIN (SELECT g.scheme_id, max(g.level) AS levels FROM kpi.grade g GROUP BY g.scheme_id) g
	ON g.scheme_id = s.scheme_id;
COMMENT ON VIEW kpi.scheme_levels IS 'Each scheme''s number of levels, veto level, and whether kpi.grade rows define them';

-- The whole assessment (semantics 1-7, 10), one row per participant.
-- kpi_tier reads the scheme's grades (kpi.grades_of) once per scheme: a
-- window function evaluates its arguments only when it asks for them.
CREATE VIEW kpi.live_result AS
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

-- The reward of each level that has one (semantics 8, 11): a scheme's
-- grade rows with reward_amount, or without grade rows level 1 with the
-- scheme's reward.
CREATE VIEW kpi.level_reward AS
SELECT g.scheme_id, g.level, g.reward_amount AS amount, coalesce(g.head_share, s.head_share) AS head_share
  FROM kpi.grade g
  JOIN kpi.scheme s ON s.scheme_id = g.scheme_id
 WHERE g.reward_amount IS NOT NULL
UNION ALL
SELECT s.scheme_id, 1, s.reward_amount, s.head_share
  FROM kpi.scheme s
 WHERE NOT EXISTS (SELECT 1 FROM kpi.grade g WHERE g.scheme_id = s.scheme_id);
COMMENT ON VIEW kpi.level_reward IS 'Reward amount and head share of each rewarded level (semantics 8, 11)';

-- Semantics 8, 11: every rewarded unit's reward, split among its members.
CREATE VIEW kpi.live_reward AS
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

-- The consequence rules each scheme applies (semantics 9, 12): its own
-- kpi.consequence_rule rows, or without any, rule 9's as rows: level 1
-- 通报表彰; the worst level 通报批评 and, for each member, 不得评优; the
-- worst level two years in a row, 不称职 for each member.
CREATE VIEW kpi.scheme_consequence_rule AS
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

-- Where each unit stood in each scheme: the published copy of a finalized
-- scheme (which no later change can move), else computed now; and whether
-- that was the scheme's worst level.
CREATE VIEW kpi.standing AS
SELECT x.scheme_id, sl.year, x.unit_code, x.level, x.level = sl.levels AS worst
  FROM (SELECT p.scheme_id, p.unit_code, p.level FROM kpi.published_result p
		UNION ALL
		SELECT l.scheme_id, l.unit_code, l.level FROM kpi.live_result l
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = l.scheme_id)) x
  JOIN kpi.scheme_levels sl ON sl.scheme_id = x.scheme_id;
COMMENT ON VIEW kpi.standing IS 'Each participant''s level in each scheme, published if finalized, and whether it was the worst';

-- Semantics 9, 12: one row per consequence.  A rule of years n holds for a
-- unit at its level now that stood at the same level (or, for the worst
-- level, at the worst) in a scheme of each of the n - 1 years before.
CREATE VIEW kpi.live_consequence AS
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
COMMENT ON VIEW kpi.reward IS 'Cash rewards of the rewarded levels (实绩突出 without grade rows), split to the fen (semantics 8, 11): published if finalized, else computed now';

CREATE VIEW kpi.consequence WITH (security_barrier) AS
SELECT x.*
  FROM (SELECT * FROM kpi.published_consequence
		UNION ALL
		SELECT l.* FROM kpi.live_consequence l
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = l.scheme_id)) x
 WHERE (SELECT kpi.sees_every_unit(current_user::text))
	OR x.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[]);
COMMENT ON VIEW kpi.consequence IS 'Consequences (semantics 9, 12), one row each: published if finalized, else computed now';
