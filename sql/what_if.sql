-- kpi.what_if: the result as if some changes were made, per unit before
-- and after, writing nothing; each change made as the caller, so refused
-- exactly when the caller's account could not make it.
\i sql/include/fresh.sql
\i sql/include/sample.sql
\set SHOW_CONTEXT never

-- what the tables and the audit hold before
CREATE TEMP TABLE held AS
SELECT 'bonus' AS t, md5(string_agg(b::text, '|' ORDER BY b.id)) AS digest FROM kpi.bonus b
UNION ALL SELECT 'veto', md5(string_agg(v::text, '|' ORDER BY v.id)) FROM kpi.veto v
UNION ALL SELECT 'downgrade', md5(coalesce(string_agg(d::text, '|' ORDER BY d.id), '')) FROM kpi.downgrade d
UNION ALL SELECT 'score', md5(string_agg(s::text, '|' ORDER BY s.scheme_id, s.unit_code, s.criterion_code)) FROM kpi.score s
UNION ALL SELECT 'scheme', md5(string_agg(s::text, '|' ORDER BY s.scheme_id)) FROM kpi.scheme s
UNION ALL SELECT 'audit', count(*)::text FROM kpi.audit WHERE table_name <> 'account';

-- approving 乌兰陶勒盖's innovation (bonus 2, the scheme's 5 points):
-- 86.39 + 5 = 91.39 passes 苏力德 (90.54), who becomes the group's last
-- (实绩一般); 乌兰陶勒盖 leaves the last place (实绩比较突出)
SELECT unit_code, total_before, total_after, rank_before, rank_after, grade_before, grade_after
  FROM kpi.what_if('2018', '[{"change": "approve_bonus", "bonus": 2}]') WHERE moved;

-- lifting 图克's veto as well: 图克 (rank 2) takes the second place of 实绩突出
-- (top_n 2) from 乌审召 (rank 3), who falls to 实绩比较突出
SELECT unit_code, rank_before, rank_after, grade_before, grade_after
  FROM kpi.what_if('2018', '[{"change": "approve_bonus", "bonus": 2}, {"change": "lift_veto", "veto": 1}]') WHERE moved;

-- three places instead of two (every group): the third unvetoed unit of a
-- group moves up to 实绩突出 unless it is the last (股室: 社区矫正股 jzg; 司法所:
-- 无定河 wudinghe, rank 4 behind the vetoed 图克; 二级 has two units); a
-- downgrade takes 嘎鲁图 one step down, its place not refilled
SELECT group_code, unit_code, rank_after, grade_before, grade_after
  FROM kpi.what_if('2018', '[{"change": "top_n", "top_n": 3}, {"change": "downgrade", "unit": "galutu", "steps": 1}]') WHERE moved;

-- a score: every unit is listed, moved or not.  图克's sfs.1.1.2 held 5
-- points by its rule; a score of 0 overrides them: 合计 568 -> 563, content
-- round(568 × 70 / 600, 2) = 66.27 -> round(563 × 70 / 600, 2) = 65.68,
-- total 94.26 - 0.59 = 93.67
SELECT count(*) AS units, count(*) FILTER (WHERE moved) AS moved
  FROM kpi.what_if('2018', '[{"change": "score", "unit": "tuke", "criterion": "sfs.1.1.2", "points": 0}]');
SELECT unit_code, total_before, total_after
  FROM kpi.what_if('2018', '[{"change": "score", "unit": "tuke", "criterion": "sfs.1.1.2", "points": 0}]') WHERE unit_code = 'tuke';
-- weights: the group's must still add up to 100, checked as it would be
SELECT * FROM kpi.what_if('2018', '[{"change": "weight", "group": "sifasuo", "component": "content", "weight": 65}]');
SELECT count(*) FILTER (WHERE total_before IS DISTINCT FROM total_after) AS totals_changed,
	   count(*) FILTER (WHERE group_code <> 'sifasuo' AND moved) AS other_groups_moved
  FROM kpi.what_if('2018', '[{"change": "weight", "group": "sifasuo", "component": "content", "weight": 65},
							 {"change": "weight", "group": "sifasuo", "component": "lingdao", "weight": 15}]');

-- nothing written: tables and audit as before
SELECT h.t, h.digest = n.digest AS unchanged
  FROM held h
  JOIN (SELECT 'bonus' AS t, md5(string_agg(b::text, '|' ORDER BY b.id)) AS digest FROM kpi.bonus b
		UNION ALL SELECT 'veto', md5(string_agg(v::text, '|' ORDER BY v.id)) FROM kpi.veto v
		UNION ALL SELECT 'downgrade', md5(coalesce(string_agg(d::text, '|' ORDER BY d.id), '')) FROM kpi.downgrade d
		UNION ALL SELECT 'score', md5(string_agg(s::text, '|' ORDER BY s.scheme_id, s.unit_code, s.criterion_code)) FROM kpi.score s
		UNION ALL SELECT 'scheme', md5(string_agg(s::text, '|' ORDER BY s.scheme_id)) FROM kpi.scheme s
		UNION ALL SELECT 'audit', count(*)::text FROM kpi.audit WHERE table_name <> 'account') n ON n.t = h.t
 ORDER BY h.t;

-- bad input, named
SELECT * FROM kpi.what_if('2018', '[{"change": "approve_bonus", "bonus": 99}]');
SELECT * FROM kpi.what_if('2018', '[{"change": "approve_bonus", "bonus": 2}, {"change": "rename"}]');
SELECT * FROM kpi.what_if('2018', '{"change": "top_n", "top_n": 3}');
SELECT * FROM kpi.what_if('2099', '[]');
SELECT * FROM kpi.what_if('2018', '[{"change": "score", "unit": "tuke", "criterion": "sfs.1.1.2", "points": 99}]');

-- refused as the caller's account could not make the change
CREATE ROLE regress_kpi_whatif_unit;
CREATE ROLE regress_kpi_whatif_assessor;
SELECT capability FROM kpi.grant_access('regress_kpi_whatif_unit', 'unit', unit_code => 'tuke');
SELECT capability FROM kpi.grant_access('regress_kpi_whatif_assessor', 'assessor', scheme_id => '2018', criterion_code => 'sfs.3');
SET ROLE regress_kpi_whatif_unit;
SELECT * FROM kpi.what_if('2018', '[{"change": "lift_veto", "veto": 1}]');
RESET ROLE;
SET ROLE regress_kpi_whatif_assessor;
SELECT * FROM kpi.what_if('2018', '[{"change": "score", "unit": "tuke", "criterion": "sfs.1.1.2", "points": 0}]');
SELECT criterion_code FROM kpi.rubric_leaf WHERE scheme_id = '2018' AND criterion_code LIKE 'sfs.3.%' ORDER BY 1 LIMIT 1 \gset
SELECT unit_code, total_after < total_before AS lower
  FROM kpi.what_if('2018', format('[{"change": "score", "unit": "tuke", "criterion": "%s", "points": 0}]', :'criterion_code')::jsonb)
 WHERE moved AND unit_code = 'tuke';
RESET ROLE;
-- (granting the accounts is audited; nothing else)
SELECT count(*)::text = (SELECT digest FROM held WHERE t = 'audit') AS audit_unchanged FROM kpi.audit WHERE table_name <> 'account';

-- a finalized scheme cannot be changed, even in thought
SELECT kpi.finalize('2018', true) IS NOT NULL AS finalized;
SELECT * FROM kpi.what_if('2018', '[{"change": "top_n", "top_n": 3}]');

SELECT kpi.revoke_access('regress_kpi_whatif_unit') IS NOT NULL;
SELECT kpi.revoke_access('regress_kpi_whatif_assessor') IS NOT NULL;
DROP ROLE regress_kpi_whatif_unit;
DROP ROLE regress_kpi_whatif_assessor;
