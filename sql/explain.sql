-- Why this result (kpi.explain): a unit's result as rows read top down.
-- The numbers are the views' (kpi.leaf_points, kpi.deduction_taken,
-- kpi.live_result); checked here against the rules by hand, and each
-- account's view of it.
\i sql/include/fresh.sql
\i sql/include/sample.sql
\set ECHO none
\set QUIET 1
\i sample/hedong.sql
\set QUIET 0
\set ECHO all
\set SHOW_CONTEXT never
\pset null '∅'

-- wudinghe (2018, 司法所): the rubric's rows add up.  Its categories hold
-- what their leaves hold, before deductions (sfs.5 is a category scored
-- as one leaf, by its rule); 88 leaves as in kpi.rubric_total.
SELECT count(*) FILTER (WHERE part = '类别') AS categories,
	   count(*) FILTER (WHERE part IN ('类别', '项目', '细则') AND detail ~ '：') AS leaves,
	   sum(points) FILTER (WHERE part = '类别') AS category_points,
	   sum(points) FILTER (WHERE part IN ('类别', '项目', '细则') AND detail ~ '：') AS leaf_points
  FROM kpi.explain('2018', 'wudinghe');
SELECT sum(points) AS leaf_points FROM kpi.leaf_points WHERE scheme_id = '2018' AND unit_code = 'wudinghe';
-- the rest of it: sfs.1.2 (6 points) loses 1 of the 市司法局's 4, so
-- round(1 / 4 x 6, 2) = 1.50; content (Σ leaves − 1.50) x 70 / 600; the
-- three rating components, the 小组's highest and lowest dropped
SELECT step, part, code, title, points, detail FROM kpi.explain('2018', 'wudinghe')
 WHERE part NOT IN ('类别', '项目', '细则') OR code = 'sfs.1.2' ORDER BY step;

-- leaves of each source: a score with its note, a rule over facts
-- (sfs.1.1.2: 22 信息 of the 24 the rule asks: 0), none (sulide's sfs.4.6)
SELECT code, points, detail FROM kpi.explain('2018', 'sulide')
 WHERE code IN ('sfs.1.1.1', 'sfs.1.1.2', 'sfs.4.6') ORDER BY step;

-- the grade's reasons, 2018 method: a veto (tuke, rank 2), the top 2
-- (galutu), the last place (wulantaolegai), a downgrade of one step
-- (wushenzhao, rank 3, 实绩突出 -> 实绩比较突出; its place is not refilled)
INSERT INTO kpi.downgrade (scheme_id, unit_code, reason, steps) VALUES ('2018', 'wushenzhao', '报送材料弄虚作假', 1);
SELECT e.unit, x.part, x.code, x.title, x.points, x.detail
  FROM unnest(ARRAY['tuke', 'galutu', 'wulantaolegai', 'wushenzhao']) WITH ORDINALITY e (unit, n),
	   kpi.explain('2018', e.unit) x
 WHERE x.part IN ('结果', '档次', '一票否决', '降档', '最终档次')
 ORDER BY e.n, x.step;

-- a method of four grades as rows (hedong2019): a quota level with its
-- share and threshold, a threshold level, the default, a cap by score, a
-- veto's cap; bonuses counted once per achievement and capped at 5
SELECT e.unit, x.part, x.code, x.title, x.points, x.detail
  FROM unnest(ARRAY['hd01', 'hd03', 'hd06', 'hd07', 'hd10']) WITH ORDINALITY e (unit, n),
	   kpi.explain('hedong2019', e.unit) x
 WHERE x.part IN ('加分', '加分合计', '档次', '档次上限', '一票否决', '最终档次')
 ORDER BY e.n, x.step;
-- letter grades on the leaders' scale
SELECT part, code, title, points, detail FROM kpi.explain('hedong2019', 'hd01') WHERE part LIKE '评价%' ORDER BY step;

-- each account: a unit explains its own result, its raters unnamed; not
-- another unit's; a reader every unit's, raters unnamed; a rater none
CREATE ROLE regress_kpi_explain_unit;
CREATE ROLE regress_kpi_explain_reader;
CREATE ROLE regress_kpi_explain_rater;
SELECT capability FROM kpi.grant_access('regress_kpi_explain_unit', 'unit', unit_code => 'sulide');
SELECT capability FROM kpi.grant_access('regress_kpi_explain_reader', 'reader');
SELECT capability FROM kpi.grant_access('regress_kpi_explain_rater', 'rater', rater => '局领导-李伟');
SET ROLE regress_kpi_explain_unit;
SELECT part, code, title, points, detail FROM kpi.explain('2018', 'sulide') WHERE part IN ('结果', '评价') ORDER BY step;
SELECT count(*) FROM kpi.explain('2018', 'tuke');
RESET ROLE;
SET ROLE regress_kpi_explain_reader;
SELECT count(*) AS rows, count(*) FILTER (WHERE part = '评价' AND title LIKE '评价人 %') AS raters_unnamed
  FROM kpi.explain('2018', 'tuke');
RESET ROLE;
SET ROLE regress_kpi_explain_rater;
SELECT count(*) FROM kpi.explain('2018', 'sulide');
RESET ROLE;

-- refusals
SELECT count(*) FROM kpi.explain('2018', 'nope');
SELECT count(*) FROM kpi.explain('nope', 'sulide');
SELECT count(*) FROM kpi.explain(NULL, 'sulide');

SELECT kpi.revoke_access(r) IS NOT NULL
  FROM unnest(ARRAY['regress_kpi_explain_unit', 'regress_kpi_explain_reader', 'regress_kpi_explain_rater']) r;
DROP ROLE regress_kpi_explain_unit, regress_kpi_explain_reader, regress_kpi_explain_rater;
