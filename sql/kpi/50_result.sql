
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
