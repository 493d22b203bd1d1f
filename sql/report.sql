-- The report views (kpi_report) on the 2018 sample: each shown as a tool
-- would print it, and each checked against kpi.result, kpi.reward,
-- kpi.consequence and the rubric views it restates (every comparison
-- below must come out 0 / true).
\i sql/include/fresh_sample.sql
-- statistics, as autovacuum would soon gather them: without, the planner
-- guesses the sample's tables empty and the matrix below takes a minute
ANALYZE;

-- 排名: the 2018 ranking as in expected/sample.out (tuke vetoed under
-- condition 7, sulide incomplete: its sfs.4.6 has neither score nor
-- evidence; wudinghe's 1.50 rubric points are the 市司法局 deduction)
SELECT "组别", "名次", "单位", "内容得分", "评价得分", "加分", "扣分", "总分", "档次", "备注"
  FROM kpi_report.ranking WHERE "方案" = '2018';
-- the same rows as kpi.result, column for column (等级 its level; 否决, 降档
-- and 数据完整 是 where true, else 否), both ways, both schemes
WITH report AS (
	SELECT "方案", "组别编码", "单位编码", "单位", "内容得分", "评价得分", "加分", "扣分", "总分",
		   "名次", "档次", "否决", "降档", "数据完整", "等级" FROM kpi_report.ranking),
result AS (
	SELECT scheme_id, group_code, unit_code, unit_name, content, ratings, bonus, deduction, total,
		   rank, tier_label, v[1 + vetoed::int], v[1 + downgraded::int], v[1 + complete::int], level
	  FROM kpi.result, (SELECT '{否,是}'::text[] AS v) v)
SELECT (SELECT count(*) FROM report) AS report_rows,
	   (SELECT count(*) FROM result) AS result_rows,
	   (SELECT count(*) FROM (TABLE report EXCEPT TABLE result) x) AS only_in_report,
	   (SELECT count(*) FROM (TABLE result EXCEPT TABLE report) x) AS only_in_result;
-- 组别 and 年度 come from kpi.unit_group and kpi.scheme
SELECT DISTINCT "方案", "年度", "组别编码", "组别" FROM kpi_report.ranking ORDER BY 1, 3;

-- 考核评分表: wudinghe's sheet, categories and the first category's items.
-- sfs.1.2 (6 points) holds 5.50 of the scores and loses the 1.50 the
-- deduction asks (1 / 4 × 6); 综合工作 is 63.90 − 1.50 = 62.40; the
-- categories add up to 552.50 of 600, and 552.50 × 70 / 600 = 64.458… →
-- 64.46, kpi.result's content above.
SELECT "行号", "行类型", "序号", "编码", left("项目", 12) AS "项目", "分值", "得分", "扣减"
  FROM kpi_report.score_sheet
 WHERE "方案" = '2018' AND "单位编码" = 'wudinghe' AND ("行类型" <> '项目' OR "类别序号" = 1);
-- the points behind sfs.1.2 and sfs.1 (before the deduction)
SELECT sum(points) FILTER (WHERE criterion_code LIKE 'sfs.1.2.%') AS sfs_1_2,
	   sum(points) FILTER (WHERE criterion_code LIKE 'sfs.1.%') AS sfs_1,
	   sum(points) AS sfs
  FROM kpi.leaf_points WHERE scheme_id = '2018' AND unit_code = 'wudinghe';
-- a rubric whose categories are leaves (办公室, invented): 93.50 × 80 / 100
SELECT "行号", "行类型", "序号", "编码", "分值", "得分", "扣减"
  FROM kpi_report.score_sheet WHERE "方案" = '2018' AND "单位编码" = 'bgs';

-- For every unit of both schemes: the categories (and a deduction of the
-- whole rubric) add up to 合计, in points and maximum; 合计 is Σ leaf
-- points − Σ deductions taken out of the rubric's Σ leaf max; the items of
-- a category add up to its maximum; 内容得分 is kpi.result's content.
WITH sheet AS (SELECT * FROM kpi_report.score_sheet),
cat AS (
	SELECT "方案", "单位编码", sum("得分") AS points, sum("分值") AS max_points
	  FROM sheet WHERE "行类型" IN ('类别', '扣减') GROUP BY 1, 2),
tot AS (SELECT * FROM sheet WHERE "行类型" = '合计'),
leaf AS (
	SELECT p.scheme_id, p.unit_code,
		   coalesce((SELECT sum(l.points) FROM kpi.leaf_points l
					  WHERE l.scheme_id = p.scheme_id AND l.unit_code = p.unit_code), 0)
		   - coalesce((SELECT sum(d.taken) FROM kpi.deduction_taken d
						WHERE d.scheme_id = p.scheme_id AND d.unit_code = p.unit_code), 0) AS points,
		   rt.max_points
	  FROM kpi.participant p
	  JOIN kpi.rubric_total rt ON rt.scheme_id = p.scheme_id AND rt.rubric_code = p.rubric_code),
items AS (
	SELECT i."方案", i."单位编码", i."类别序号", sum(i."分值") AS max_points
	  FROM sheet i WHERE i."行类型" = '项目' GROUP BY 1, 2, 3)
SELECT (SELECT count(*) FROM tot) AS units,
	   (SELECT count(*) FROM tot JOIN cat USING ("方案", "单位编码")
		 WHERE tot."得分" <> cat.points OR tot."分值" <> cat.max_points) AS categories_not_adding_up,
	   (SELECT count(*) FROM tot JOIN leaf ON leaf.scheme_id = tot."方案" AND leaf.unit_code = tot."单位编码"
		 WHERE tot."得分" <> leaf.points OR tot."分值" <> leaf.max_points) AS total_not_leaf_sum,
	   (SELECT count(*) FROM items JOIN sheet c USING ("方案", "单位编码", "类别序号")
		 WHERE c."行类型" = '类别' AND c."分值" <> items.max_points) AS items_not_adding_up,
	   (SELECT count(*) FROM (
			SELECT "方案", "单位编码", "得分" FROM sheet WHERE "行类型" = '内容得分'
			EXCEPT SELECT scheme_id, unit_code, content FROM kpi.result) x) AS content_not_result,
	   (SELECT count(*) FROM (
			SELECT scheme_id, unit_code, content FROM kpi.result
			EXCEPT SELECT "方案", "单位编码", "得分" FROM sheet WHERE "行类型" = '内容得分') x) AS result_not_content;
-- every sheet in rubric order: 行号 runs 1..n per unit, categories by position
SELECT count(*) FILTER (WHERE "行号" <> n) AS misnumbered
  FROM (SELECT "行号", row_number() OVER (PARTITION BY "方案", "单位编码" ORDER BY "行号") AS n
		  FROM kpi_report.score_sheet) x;
SELECT "类别序号", "序号", "编码", "项目" FROM kpi_report.score_sheet
 WHERE "方案" = '2018' AND "单位编码" = 'lvsuo' AND "行类型" = '类别';

-- 类别 × 单位 for psql's \crosstabview (the 司法所 on the 600-point
-- rubric); each row adds up to the unit's 合计 (galutu 577.00, wudinghe
-- 552.50: compare the sheets above)
SELECT "单位", "类别", "得分", "类别序号" FROM kpi_report.category_matrix
 WHERE "方案" = '2018' AND "组别" = '基层司法所' \crosstabview 单位 类别 得分 类别序号
SELECT "单位编码", sum("得分") AS "合计" FROM kpi_report.category_matrix
 WHERE "方案" = '2018' AND "组别" = '基层司法所' GROUP BY 1 ORDER BY 1;
SELECT count(*) AS matrix_not_sheet FROM (
	SELECT "方案", "单位编码", "类别序号", "类别", "分值", "得分" FROM kpi_report.category_matrix
	EXCEPT
	SELECT "方案", "单位编码", "类别序号", "项目", "分值", "得分" FROM kpi_report.score_sheet
	 WHERE "行类型" IN ('类别', '扣减')) x;

-- 奖励: the five 实绩突出 units of 2018, 1000.00 each, to the fen
SELECT "组别", "单位", "姓名", "身份", "金额" FROM kpi_report.reward WHERE "方案" = '2018';
SELECT (SELECT count(*) FROM kpi_report.reward) AS report_rows, (SELECT count(*) FROM kpi.reward) AS reward_rows,
	   (SELECT count(*) FROM (
			SELECT "方案", "单位编码", "姓名", "身份", "金额" FROM kpi_report.reward
			EXCEPT
			SELECT scheme_id, unit_code, person, CASE role WHEN 'head' THEN '负责人' ELSE '工作人员' END, amount
			  FROM kpi.reward) x) AS only_in_report,
	   (SELECT count(*) FROM (
			SELECT scheme_id, unit_code, person, CASE role WHEN 'head' THEN '负责人' ELSE '工作人员' END, amount
			  FROM kpi.reward
			EXCEPT
			SELECT "方案", "单位编码", "姓名", "身份", "金额" FROM kpi_report.reward) x) AS only_in_reward;

-- 后果, 2018: as in expected/sample.out
SELECT "组别", "单位", "姓名", "后果" FROM kpi_report.consequence WHERE "方案" = '2018';
SELECT (SELECT count(*) FROM kpi_report.consequence) AS report_rows, (SELECT count(*) FROM kpi.consequence) AS consequence_rows,
	   (SELECT count(*) FROM (
			SELECT "方案", "单位编码", "姓名", "后果" FROM kpi_report.consequence
			EXCEPT SELECT scheme_id, unit_code, person, consequence FROM kpi.consequence) x) AS only_in_report,
	   (SELECT count(*) FROM (
			SELECT scheme_id, unit_code, person, consequence FROM kpi.consequence
			EXCEPT SELECT "方案", "单位编码", "姓名", "后果" FROM kpi_report.consequence) x) AS only_in_consequence;

-- What the sample lacks, tried and undone: a downgrade (办公室 drops from
-- 实绩突出 to 实绩比较突出; its place is not refilled) and an upstream
-- deduction asked of galutu's whole rubric: 3 of 100 upstream points →
-- round(3 / 100 × 600, 2) = 18.00 rubric points, 577.00 − 18.00 = 559.00,
-- × 70 / 600 = 65.216… → 65.22.
BEGIN;
INSERT INTO kpi.downgrade (scheme_id, unit_code, reason) VALUES ('2018', 'bgs', '材料弄虚作假（示例）');
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, source, upstream_lost, upstream_max)
VALUES ('2018', 'galutu', 'sfs', '市司法局', 3, 100);
SELECT "名次", "单位", "总分", "档次", "降档", "备注" FROM kpi_report.ranking
 WHERE "方案" = '2018' AND "组别编码" = 'gushi';
SELECT "行号", "行类型", "类别序号", "编码", "项目", "分值", "得分", "扣减" FROM kpi_report.score_sheet
 WHERE "方案" = '2018' AND "单位编码" = 'galutu' AND "行类型" <> '项目' AND "行号" > 40;
SELECT content, deduction FROM kpi.result WHERE scheme_id = '2018' AND unit_code = 'galutu';
SELECT "类别序号", "类别", "得分" FROM kpi_report.category_matrix
 WHERE "方案" = '2018' AND "单位编码" = 'galutu' AND "类别序号" > 7;
ROLLBACK;

-- A finalized year keeps the names it was published with: after 2018 is
-- published, galutu is renamed; the 2018 views still print the old name
-- (kpi.published_result), 2017 (open) the new one.
SELECT kpi.finalize('2018', force => true) IS NOT NULL AS finalized;
UPDATE kpi.unit SET name = '嘎鲁图司法所（新名）' WHERE unit_code = 'galutu';
SELECT DISTINCT "方案", "单位" FROM kpi_report.ranking WHERE "单位编码" = 'galutu'
UNION SELECT DISTINCT "方案", "单位" FROM kpi_report.score_sheet WHERE "单位编码" = 'galutu'
UNION SELECT DISTINCT "方案", "单位" FROM kpi_report.reward WHERE "单位编码" = 'galutu'
UNION SELECT DISTINCT "方案", "单位" FROM kpi_report.consequence WHERE "单位编码" = 'galutu'
ORDER BY 1, 2;
-- and the published ranking is still kpi.result's
SELECT count(*) AS only_in_report FROM (
	SELECT "方案", "单位编码", "单位", "总分", "名次", "档次" FROM kpi_report.ranking
	EXCEPT SELECT scheme_id, unit_code, unit_name, total, rank, tier_label FROM kpi.result) x;

-- Every report view is a security barrier with Chinese and English comments
-- (the entry views read the tables as the caller instead: security_invoker)
SELECT c.relname, c.reloptions, obj_description(c.oid, 'pg_class') LIKE '%：%. %' AS commented
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'kpi_report' AND c.relkind = 'v' ORDER BY 1;
