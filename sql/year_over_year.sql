-- kpi_report.year_over_year: each unit's total, rank, grade and category
-- points beside last year's, with the change.
\i sql/include/fresh.sql
\i sql/include/sample.sql
\set SHOW_CONTEXT never

-- 2018 beside 2017 (the sample): totals, ranks and grades; 嘎鲁图 moved up
-- from 2 to 1 (93.58 -> 100.74), 图克 down from 1 to 2 (94.98 -> 94.26,
-- 实绩突出 -> 实绩一般 by its veto); 2017 has no year before it
SELECT "方案", "单位编码", "本年", "上年", "变化", "名次", "上年名次", "名次变化", "档次", "上年档次", "上年方案"
  FROM kpi_report.year_over_year
 WHERE "行类型" = '总分' AND "单位编码" IN ('galutu', 'tuke', 'lvsuo')
 ORDER BY "方案", "单位编码";
-- the totals are kpi.result's, both years
SELECT count(*) AS totals_not_from_result
  FROM kpi_report.year_over_year y
  JOIN kpi.result r ON r.scheme_id = y."方案" AND r.unit_code = y."单位编码"
  LEFT JOIN kpi.result o ON o.scheme_id = y."上年方案" AND o.unit_code = y."单位编码"
 WHERE y."行类型" = '总分'
   AND (y."本年" IS DISTINCT FROM r.total OR y."上年" IS DISTINCT FROM o.total OR y."名次" IS DISTINCT FROM r.rank);
-- 2017's rubric had other categories (sfs17.1, …): no 上年 on 2018's
SELECT count(*) AS categories, count("上年") AS with_last_year
  FROM kpi_report.year_over_year WHERE "方案" = '2018' AND "行类型" = '类别';

-- a new year from the last keeps the category codes: 2019 beside 2018.
-- 图克 is scored 3 + 5 on two leaves of sfs.1 (综合工作) in 2019, so sfs.1
-- has 8 this year against 68.00 in 2018; its other categories have 0
SELECT (kpi.copy_scheme('2018', '2019', 2019)).scheme_id AS copied;
UPDATE kpi.scheme SET status = 'open' WHERE scheme_id = '2019';
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('2019', 'tuke', 'sfs.1.1.1', 3), ('2019', 'tuke', 'sfs.1.1.2', 5);
SELECT "编码", "项目", "本年", "上年", "变化"
  FROM kpi_report.year_over_year
 WHERE "方案" = '2019' AND "单位编码" = 'tuke' AND "行类型" = '类别' AND "编码" IN ('sfs.1', 'sfs.2')
 ORDER BY "类别序号";
SELECT count(*) AS categories, count("上年") AS with_last_year
  FROM kpi_report.year_over_year WHERE "方案" = '2019' AND "行类型" = '类别';

-- a unit's account sees its own unit only, both years
CREATE ROLE regress_kpi_yoy_unit;
SELECT capability FROM kpi.grant_access('regress_kpi_yoy_unit', 'unit', unit_code => 'tuke');
SET ROLE regress_kpi_yoy_unit;
SELECT DISTINCT "单位编码", "方案" FROM kpi_report.year_over_year ORDER BY 2;
RESET ROLE;
SELECT kpi.revoke_access('regress_kpi_yoy_unit') IS NOT NULL;
DROP ROLE regress_kpi_yoy_unit;
