
-- kpi_report: what reporting tools (FineReport, Excel and LibreOffice over
-- ODBC, psql) and spreadsheets meet.  Its views name their columns in
-- Chinese, as the bureau's own tables do, because such tools show column
-- names as they are; every view reads kpi's views and filters per account
-- the way kpi.result does.  Every account gets USAGE on it
-- (kpi.sync_privileges); the views' privileges are in
-- kpi.capability_privilege.
CREATE SCHEMA kpi_report;
COMMENT ON SCHEMA kpi_report IS 'kpi for reporting tools and spreadsheets: views with Chinese column names, entry views for COPY';

-- kpi_report: the assessment as the bureau prints it, for tools that show
-- column names as they are (Excel and LibreOffice over ODBC, FineReport,
-- psql's \crosstabview).  The views have ASCII names, so they are typed
-- without an input method in psql, ODBC DSNs and tools' SQL boxes, and
-- Chinese column names, so the header a tool prints is the one the 通报
-- uses.
--
-- Every view shows each account the rows kpi.result would show it: the
-- ranking, rewards and consequences read kpi.result, kpi.reward and
-- kpi.consequence, which filter; the score sheet reads the unfiltered
-- internal views (its owner, kpi's owner, reads all rows) and applies the
-- same filter itself.  All are security barriers, so a caller's function
-- cannot see rows the filter drops; a filter on 方案 (texteq, leakproof)
-- still reaches the scans below.  Each ends in ORDER BY so that a tool
-- reading a whole view gets it in print order (a query's own ORDER BY
-- still decides; codes sort in "C" order, the same under any locale).
-- Units are named as published for finalized schemes
-- (kpi.published_result keeps the name of the day), else by kpi.unit
-- (kpi.report_unit).

-- How the report views name a participant: the scheme's year, the group's
-- code and title, the unit's name as published (finalized schemes) or as
-- it is now.  Internal and unfiltered, like the views under kpi.result:
-- accounts get no privilege on it; the report views read it as its owner.
CREATE VIEW kpi.report_unit AS
SELECT p.scheme_id, s.year, p.group_code, coalesce(g.title, p.group_code) AS group_title,
	   p.unit_code, coalesce(pr.unit_name, u.name) AS unit_name
  FROM kpi.participant p
  JOIN kpi.scheme s ON s.scheme_id = p.scheme_id
  JOIN kpi.unit u ON u.unit_code = p.unit_code
  LEFT JOIN kpi.unit_group g ON g.scheme_id = p.scheme_id AND g.group_code = p.group_code
  LEFT JOIN kpi.published_result pr ON pr.scheme_id = p.scheme_id AND pr.unit_code = p.unit_code;
COMMENT ON VIEW kpi.report_unit IS 'Each participant''s year, group title and name (as published, for finalized schemes) for the report views';

-- 排名: the ranking per group, kpi.result in Chinese.  档次 is the level's
-- label (the scheme's grade, or the 2018 method's tier), 等级 its number
-- (1 best), which sorts and filters the same whatever the labels.  否决,
-- 降档 and 数据完整 are 是 or 否, text: psqlODBC sends a boolean as 1 or 0
-- (BoolsAsChar, its default), LibreOffice's own driver as TRUE or FALSE.
CREATE VIEW kpi_report.ranking WITH (security_barrier) AS
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
	   CASE WHEN r.vetoed THEN '是' ELSE '否' END AS "否决",
	   CASE WHEN r.downgraded THEN '是' ELSE '否' END AS "降档",
	   CASE WHEN r.complete THEN '是' ELSE '否' END AS "数据完整",
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
COMMENT ON COLUMN kpi_report.ranking."否决" IS '是：一票否决（kpi.result.vetoed）；否. Text, not boolean, for spreadsheets';
COMMENT ON COLUMN kpi_report.ranking."降档" IS '是：降档评定（kpi.result.downgraded）；否';
COMMENT ON COLUMN kpi_report.ranking."数据完整" IS '是：评分数据齐全（kpi.result.complete）；否：有缺项';
COMMENT ON COLUMN kpi_report.ranking."备注" IS '一票否决的条件、降档的原因、数据不完整';
COMMENT ON COLUMN kpi_report.ranking."等级" IS '档次的序号，1 为最好（kpi.result.level）. The level, 1 best';

-- 考核评分表: each unit's score sheet.  For every participant, in rubric
-- order: each category (the rubric root's children) with its items (their
-- children) below it, then an upstream deduction taken at the root itself
-- (if any), then the 合计 row and the 内容得分 row.
--   分值  Σ max_points of the leaves below: what the content score divides
--         by (equal to the node's own max_points when kpi.check_rubric is
--         empty).
--   得分  Σ leaf points below (kpi.leaf_points: score, else rule, else 0)
--         − the deductions taken at or below the node (kpi.deduction_taken).
--   扣减  those deductions, shown apart.
--   自评分 Σ the unit's own points (kpi.self_score) on the leaves below,
--         null where it gave none; never counted.
--   考评分 Σ leaf points below before deductions (得分 + 扣减); 自评差额 =
--         自评分 − 考评分.
-- A category row is its items' 小计, less any deduction taken at the
-- category itself.  合计 = Σ category rows + the root's deduction row
-- = Σ leaf points − Σ deductions taken, out of Σ leaf max (semantics 1
-- before weighting); 内容得分 is the engine's content score (kpi.unit_total),
-- round(合计 × weight(content) / 合计分值, 2), as kpi.result shows it.
-- Points are shown with 2 decimals (they have no more), and read live: a
-- finalized scheme's rows cannot change, so they are what was published.
CREATE VIEW kpi_report.score_sheet WITH (security_barrier) AS
WITH RECURSIVE walk (scheme_id, criterion_code, category_code, item_code) AS (
	-- every node below a category, with its category and its item (the
	-- node at depth 2 it descends from; null for the category itself)
	SELECT n.scheme_id, n.criterion_code, n.criterion_code, NULL::text
	  FROM kpi.rubric_node n
	 WHERE n.depth = 1
	UNION ALL
	SELECT n.scheme_id, n.criterion_code, w.category_code, coalesce(w.item_code, n.criterion_code)
	  FROM walk w
	  JOIN kpi.rubric_node n ON n.scheme_id = w.scheme_id AND n.parent_code = w.criterion_code
),
-- leaf points and deductions taken, each on its category and item (CTEs
-- read more than once are NOT MATERIALIZED, so that a filter on the
-- scheme reaches their scans)
booked (scheme_id, unit_code, category_code, item_code, max_points, points, taken, self_points) AS NOT MATERIALIZED (
	SELECT l.scheme_id, l.unit_code, w.category_code, w.item_code, l.max_points, l.points, 0::numeric, NULL::numeric
	  FROM kpi.leaf_points l
	  JOIN walk w ON w.scheme_id = l.scheme_id AND w.criterion_code = l.criterion_code
	UNION ALL
	SELECT d.scheme_id, d.unit_code, w.category_code, w.item_code, 0, 0, d.taken, NULL
	  FROM kpi.deduction_taken d
	  JOIN walk w ON w.scheme_id = d.scheme_id AND w.criterion_code = d.criterion_code
	UNION ALL
	SELECT s.scheme_id, s.unit_code, w.category_code, w.item_code, 0, 0, 0, s.points
	  FROM kpi.self_score s
	  JOIN walk w ON w.scheme_id = s.scheme_id AND w.criterion_code = s.criterion_code
),
category AS NOT MATERIALIZED (
	SELECT n.scheme_id, n.rubric_code, n.criterion_code, n.title,
		   pg_catalog.row_number() OVER (PARTITION BY n.scheme_id, n.rubric_code
										 ORDER BY n.position, n.criterion_code COLLATE "C") AS number
	  FROM kpi.rubric_node n
	 WHERE n.depth = 1
),
item AS (
	SELECT n.scheme_id, n.parent_code, n.criterion_code, n.title,
		   pg_catalog.row_number() OVER (PARTITION BY n.scheme_id, n.parent_code
										 ORDER BY n.position, n.criterion_code COLLATE "C") AS number
	  FROM kpi.rubric_node n
	 WHERE n.depth = 2
),
total AS (
	SELECT p.scheme_id, p.unit_code, p.rubric_code,
		   coalesce(rt.max_points, 0) AS max_points,
		   coalesce(l.points, 0) - coalesce(d.taken, 0) AS points,
		   coalesce(d.taken, 0) AS taken,
		   c.weight,
		   (u.parts).content_shown AS content,
		   coalesce(l.points, 0) AS assessed,
		   ss.points AS self_points
	  FROM kpi.participant p
	  JOIN kpi.unit_total u ON u.scheme_id = p.scheme_id AND u.unit_code = p.unit_code
	  LEFT JOIN kpi.rubric_total rt ON rt.scheme_id = p.scheme_id AND rt.rubric_code = p.rubric_code
	  LEFT JOIN kpi.component c
		ON c.scheme_id = p.scheme_id AND c.group_code = p.group_code AND c.component_code = 'content'
	  LEFT JOIN (SELECT l.scheme_id, l.unit_code, sum(l.points) AS points
				   FROM kpi.leaf_points l
				  GROUP BY l.scheme_id, l.unit_code) l
		ON l.scheme_id = p.scheme_id AND l.unit_code = p.unit_code
	  LEFT JOIN (SELECT d.scheme_id, d.unit_code, sum(d.taken) AS taken
				   FROM kpi.deduction_taken d
				  GROUP BY d.scheme_id, d.unit_code) d
		ON d.scheme_id = p.scheme_id AND d.unit_code = p.unit_code
	  LEFT JOIN (SELECT s.scheme_id, s.unit_code, sum(s.points) AS points
				   FROM kpi.self_score s
				  GROUP BY s.scheme_id, s.unit_code) ss
		ON ss.scheme_id = p.scheme_id AND ss.unit_code = p.unit_code
),
line (scheme_id, unit_code, kind, category_number, item_number, code, title, max_points, points, taken,
	  self_points, assessed) AS (
	-- the categories (each the 小计 of its items)
	SELECT b.scheme_id, b.unit_code, '类别', c.number, 0::bigint, c.criterion_code, c.title,
		   round(sum(b.max_points), 2), round(sum(b.points) - sum(b.taken), 2), round(sum(b.taken), 2),
		   round(sum(b.self_points), 2), round(sum(b.points), 2)
	  FROM booked b
	  JOIN category c ON c.scheme_id = b.scheme_id AND c.criterion_code = b.category_code
	 GROUP BY b.scheme_id, b.unit_code, c.number, c.criterion_code, c.title
	UNION ALL
	-- their items
	SELECT b.scheme_id, b.unit_code, '项目', c.number, i.number, i.criterion_code, i.title,
		   round(sum(b.max_points), 2), round(sum(b.points) - sum(b.taken), 2), round(sum(b.taken), 2),
		   round(sum(b.self_points), 2), round(sum(b.points), 2)
	  FROM booked b
	  JOIN category c ON c.scheme_id = b.scheme_id AND c.criterion_code = b.category_code
	  JOIN item i ON i.scheme_id = b.scheme_id AND i.criterion_code = b.item_code
	 GROUP BY b.scheme_id, b.unit_code, c.number, i.number, i.criterion_code, i.title
	UNION ALL
	-- an upstream deduction asked of the whole rubric (its root): no
	-- category holds it, so it has its own row after them
	SELECT d.scheme_id, d.unit_code, '扣减',
		   (SELECT count(*) FROM category c WHERE c.scheme_id = p.scheme_id AND c.rubric_code = p.rubric_code) + 1,
		   0, d.criterion_code, '上级扣减（全表）', NULL::numeric, round(-d.taken, 2), round(d.taken, 2),
		   NULL::numeric, NULL::numeric
	  FROM kpi.deduction_taken d
	  JOIN kpi.participant p
		ON p.scheme_id = d.scheme_id AND p.unit_code = d.unit_code AND p.rubric_code = d.criterion_code
	UNION ALL
	-- 合计 and 内容得分, from one reading of the totals
	SELECT t.scheme_id, t.unit_code, v.kind, NULL, NULL, v.code, v.title, v.max_points, v.points, v.taken,
		   v.self_points, v.assessed
	  FROM total t
	 CROSS JOIN LATERAL (VALUES
		('合计', t.rubric_code, '合计', round(t.max_points, 2), round(t.points, 2), round(t.taken, 2),
		 round(t.self_points, 2), round(t.assessed, 2)),
		('内容得分', NULL, '内容得分（合计 × ' || t.weight || ' / ' || round(t.max_points, 2) || '）',
		 t.weight, CASE WHEN t.max_points > 0 THEN t.content END, NULL, NULL, NULL))
		AS v (kind, code, title, max_points, points, taken, self_points, assessed)
)
SELECT x.scheme_id AS "方案",
	   x.year AS "年度",
	   x.group_title AS "组别",
	   x.group_code AS "组别编码",
	   x.unit_name AS "单位",
	   x.unit_code AS "单位编码",
	   x.row_number AS "行号",
	   x.kind AS "行类型",
	   x.category_number AS "类别序号",
	   CASE x.kind
		   WHEN '类别' THEN CASE WHEN x.category_number <= 20
							   THEN (ARRAY['一', '二', '三', '四', '五', '六', '七', '八', '九', '十',
										   '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'])
									[x.category_number]
							   ELSE x.category_number::text END
		   WHEN '项目' THEN x.item_number::text
	   END AS "序号",
	   x.code AS "编码",
	   x.title AS "项目",
	   x.max_points AS "分值",
	   x.points AS "得分",
	   x.taken AS "扣减",
	   x.self_points AS "自评分",
	   x.assessed AS "考评分",
	   x.self_points - x.assessed AS "自评差额"
  FROM (SELECT l.*, n.year, n.group_code, n.group_title, n.unit_name,
			   pg_catalog.row_number() OVER (PARTITION BY l.scheme_id, l.unit_code
											 ORDER BY CASE l.kind WHEN '合计' THEN 2 WHEN '内容得分' THEN 3 ELSE 1 END,
													  l.category_number, l.item_number) AS row_number
		  FROM line l
		  JOIN kpi.report_unit n ON n.scheme_id = l.scheme_id AND n.unit_code = l.unit_code) x
 WHERE (SELECT kpi.sees_every_unit(current_user::text))
	OR x.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[])
 ORDER BY x.scheme_id COLLATE "C", x.group_code COLLATE "C", x.unit_code COLLATE "C", x.row_number;
COMMENT ON VIEW kpi_report.score_sheet IS
	'考核评分表：每个单位按细则顺序的各类别（一级）及其项目（二级）的分值、得分、扣减，合计与内容得分. Each unit''s score sheet: categories and items with points, the subtotal and the content score';
COMMENT ON COLUMN kpi_report.score_sheet."行号" IS '表内行序 (print order within the unit''s sheet)';
COMMENT ON COLUMN kpi_report.score_sheet."行类型" IS '类别 (一级，其项目的小计) / 项目 (二级) / 扣减 (对全表的上级扣减) / 合计 / 内容得分';
COMMENT ON COLUMN kpi_report.score_sheet."类别序号" IS '类别在细则中的序号（项目行为其所属类别的序号）';
COMMENT ON COLUMN kpi_report.score_sheet."分值" IS '所含末级指标满分之和；内容得分行为内容权重';
COMMENT ON COLUMN kpi_report.score_sheet."得分" IS '所含末级指标得分之和减去其中的上级扣减；合计 = 各类别及全表扣减之和；内容得分 = round(合计 × 权重 / 合计分值, 2) = kpi.result.content';
COMMENT ON COLUMN kpi_report.score_sheet."扣减" IS '在本类别（项目）内扣除的上级扣减细则分（已从得分中减去）';
COMMENT ON COLUMN kpi_report.score_sheet."自评分" IS '单位自评分（kpi.self_score）之和；未自评为空；不计入结果';
COMMENT ON COLUMN kpi_report.score_sheet."考评分" IS '所含末级指标得分（评分，否则按规则，否则 0）之和，扣减前';
COMMENT ON COLUMN kpi_report.score_sheet."自评差额" IS '自评分 − 考评分';

-- 类别 × 单位: the category rows of the score sheet (and a deduction of
-- the whole rubric as one more column), long form for pivot tables and
-- psql's  \crosstabview 单位 类别 得分 类别序号  (类别序号 sorts the
-- columns).  A unit's 得分 add up to its sheet's 合计.  Units on different
-- rubrics have different categories: pivot one group, or one rubric.  It
-- reads the score sheet, which filters.
CREATE VIEW kpi_report.category_matrix WITH (security_barrier) AS
SELECT "方案", "年度", "组别", "组别编码", "单位", "单位编码", "类别序号", "项目" AS "类别", "编码" AS "类别编码",
	   "分值", "得分"
  FROM kpi_report.score_sheet
 WHERE "行类型" = ANY (ARRAY['类别', '扣减'])
 ORDER BY "方案" COLLATE "C", "组别编码" COLLATE "C", "单位编码" COLLATE "C", "类别序号";
COMMENT ON VIEW kpi_report.category_matrix IS
	'类别 × 单位：各单位各类别得分（长表），供 \crosstabview 单位 类别 得分 类别序号 和数据透视表. Category × unit scores in long form for pivots';

-- Each unit's points per category of its rubric (the score sheet's 类别
-- rows: the leaves below each depth-1 criterion, less the deductions taken
-- within it), without the rest of the sheet: kpi_report.year_over_year
-- reads this year's and last year's, and last year's scheme is known only
-- per row, so no filter on it reaches the scans; computing the whole score
-- sheet of every scheme for it took 18 min at 10^6 scores.  Internal and
-- unfiltered: the report view filters.
CREATE VIEW kpi.category_points AS
WITH RECURSIVE walk (scheme_id, criterion_code, category_code) AS (
	SELECT n.scheme_id, n.criterion_code, n.criterion_code
	  FROM kpi.rubric_node n
	 WHERE n.depth = 1
	UNION ALL
	SELECT n.scheme_id, n.criterion_code, w.category_code
	  FROM walk w
	  JOIN kpi.rubric_node n ON n.scheme_id = w.scheme_id AND n.parent_code = w.criterion_code
)
SELECT b.scheme_id, b.unit_code, b.category_code, round(sum(b.points) - sum(b.taken), 2) AS points
  FROM (SELECT l.scheme_id, l.unit_code, w.category_code, l.points, 0::numeric AS taken
		  FROM kpi.leaf_points l
		  JOIN walk w ON w.scheme_id = l.scheme_id AND w.criterion_code = l.criterion_code
		UNION ALL
		SELECT d.scheme_id, d.unit_code, w.category_code, 0, d.taken
		  FROM kpi.deduction_taken d
		  JOIN walk w ON w.scheme_id = d.scheme_id AND w.criterion_code = d.criterion_code) b
 GROUP BY b.scheme_id, b.unit_code, b.category_code;
COMMENT ON VIEW kpi.category_points IS 'Each unit''s points per category (depth 1) of its rubric, less the deductions taken in it: the score sheet''s 类别 rows';

-- 同比: each unit's result beside last year's, for the season's "year over
-- year" (1.2.0).  Last year is the scheme of the year before in which the
-- unit took part (the first by code if several).  One 总分 row per unit
-- (total, rank, grade; 名次变化 > 0 is a move up) and one row per category
-- of this year's score sheet with its 得分 and last year's in the category
-- of the same code (kpi.copy_scheme keeps the codes; a category last
-- year's rubric lacks has no 上年).  No previous year: the 上年 columns are
-- null.  It reads kpi.result, which filters, and kpi.category_points
-- (the score sheet's 类别 rows alone), filtered here as the sheet is.
CREATE VIEW kpi_report.year_over_year WITH (security_barrier) AS
WITH previous AS (
	SELECT p.scheme_id, p.unit_code,
		   (SELECT q.scheme_id FROM kpi.participant q JOIN kpi.scheme t ON t.scheme_id = q.scheme_id
			 WHERE q.unit_code = p.unit_code AND t.year = s.year - 1
			 ORDER BY q.scheme_id COLLATE "C" LIMIT 1) AS previous_scheme
	  FROM kpi.participant p
	  JOIN kpi.scheme s ON s.scheme_id = p.scheme_id
),
-- last year's results and categories, computed once for every scheme that
-- is some scheme's last year, as one row of lookups by scheme, unit (and
-- category code).  Joined by a key known only per row, the planner, which
-- takes kpi.result's per-account filter to keep a few rows, computed them
-- again or scanned them whole for every unit (minutes at 10^6 scores).
last_year AS MATERIALIZED (
	SELECT (SELECT pg_catalog.jsonb_object_agg(o.scheme_id, o.units)
			  FROM (SELECT o.scheme_id,
						   pg_catalog.jsonb_object_agg(o.unit_code,
							   pg_catalog.jsonb_build_array(o.total, o.rank, o.tier_label)) AS units
					  FROM kpi.result o
					 WHERE o.scheme_id IN (SELECT v.previous_scheme FROM previous v)
					 GROUP BY o.scheme_id) o) AS results,
		   (SELECT pg_catalog.jsonb_object_agg(d.scheme_id, d.units)
			  FROM (SELECT d.scheme_id, pg_catalog.jsonb_object_agg(d.unit_code, d.codes) AS units
					  FROM (SELECT d.scheme_id, d.unit_code,
								   pg_catalog.jsonb_object_agg(d.category_code, d.points) AS codes
							  FROM kpi.category_points d
							 WHERE d.scheme_id IN (SELECT v.previous_scheme FROM previous v)
							 GROUP BY d.scheme_id, d.unit_code) d
					 GROUP BY d.scheme_id) d) AS categories
),
-- this year's categories, numbered as the score sheet numbers them, of
-- the units the caller sees
category AS (
	SELECT cp.scheme_id, cp.unit_code, c.number, c.criterion_code AS code, c.title, cp.points
	  FROM kpi.category_points cp
	  JOIN kpi.participant p ON p.scheme_id = cp.scheme_id AND p.unit_code = cp.unit_code
	  JOIN (SELECT n.scheme_id, n.rubric_code, n.criterion_code, n.title,
				   pg_catalog.row_number() OVER (PARTITION BY n.scheme_id, n.rubric_code
												 ORDER BY n.position, n.criterion_code COLLATE "C") AS number
			  FROM kpi.rubric_node n
			 WHERE n.depth = 1) c
		ON c.scheme_id = cp.scheme_id AND c.rubric_code = p.rubric_code AND c.criterion_code = cp.category_code
	 WHERE (SELECT kpi.sees_every_unit(current_user::text))
		OR cp.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[])
),
line (scheme_id, unit_code, previous_scheme, kind, number, code, title, now, before,
	  rank, previous_rank, grade, previous_grade) AS (
	SELECT r.scheme_id, r.unit_code, v.previous_scheme, '总分', 0::bigint, NULL::text, '总分', r.total,
		   (o.result ->> 0)::numeric, r.rank, (o.result ->> 1)::int, r.tier_label, o.result ->> 2
	  FROM kpi.result r
	  JOIN previous v ON v.scheme_id = r.scheme_id AND v.unit_code = r.unit_code
	 CROSS JOIN last_year y
	 CROSS JOIN LATERAL (SELECT y.results #> ARRAY[v.previous_scheme, r.unit_code] AS result) o
	UNION ALL
	SELECT c.scheme_id, c.unit_code, v.previous_scheme, '类别', c.number, c.code, c.title, c.points,
		   (y.categories #>> ARRAY[v.previous_scheme, c.unit_code, c.code])::numeric,
		   NULL, NULL, NULL, NULL
	  FROM category c
	  JOIN previous v ON v.scheme_id = c.scheme_id AND v.unit_code = c.unit_code
	 CROSS JOIN last_year y
)
SELECT l.scheme_id AS "方案",
	   n.year AS "年度",
	   n.group_title AS "组别",
	   n.group_code AS "组别编码",
	   n.unit_name AS "单位",
	   l.unit_code AS "单位编码",
	   l.kind AS "行类型",
	   l.number AS "类别序号",
	   l.code AS "编码",
	   l.title AS "项目",
	   l.now AS "本年",
	   l.before AS "上年",
	   l.now - l.before AS "变化",
	   l.rank AS "名次",
	   l.previous_rank AS "上年名次",
	   l.previous_rank - l.rank AS "名次变化",
	   l.grade AS "档次",
	   l.previous_grade AS "上年档次",
	   l.previous_scheme AS "上年方案"
  FROM line l
  -- looked up per line, by key (OFFSET 0 keeps the planner from joining it
  -- flat): taking kpi.result's per-account filter to keep a few rows, it
  -- otherwise loops over the participants for every line (minutes at 10^6)
 CROSS JOIN LATERAL (SELECT u.* FROM kpi.report_unit u
					  WHERE u.scheme_id = l.scheme_id AND u.unit_code = l.unit_code OFFSET 0) n
 ORDER BY l.scheme_id COLLATE "C", n.group_code COLLATE "C", l.unit_code COLLATE "C", l.number;
COMMENT ON VIEW kpi_report.year_over_year IS
	'同比：各单位本年与上年的总分、名次、档次及各类别得分和变化. Each unit''s result and category points beside last year''s';
COMMENT ON COLUMN kpi_report.year_over_year."名次变化" IS '上年名次 − 名次：正数为名次上升';
COMMENT ON COLUMN kpi_report.year_over_year."上年" IS '上年的总分（总分行）或同一编码类别的得分（类别行）；无上年方案或无此类别为空';

-- 奖励: the cash rewards of the units of each rewarded level (a grade with
-- a reward_amount; without grades, 实绩突出), to the fen.
CREATE VIEW kpi_report.reward WITH (security_barrier) AS
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

-- 后果: the consequences of each level, by the scheme's rules
-- (kpi.consequence_rule; without any, the 2018 method's 通报表彰, 通报批评,
-- 不得评优, 不称职公务员), and 不能评优评先.
CREATE VIEW kpi_report.consequence WITH (security_barrier) AS
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

-- 申诉: every appeal against an announced result (82_season.sql), with the
-- office's decision (复核) and what it changed: the unit's total, rank and
-- grade as announced when it was filed (原) and as computed when it was
-- decided (现).  Each account sees the appeals of the units whose results
-- it sees.  Times are the session's local time (TimeZone: set it on the
-- reporting role), to the second, without offset: a spreadsheet cell has
-- no time zone, and over LibreOffice's own driver a timestamptz came as
-- text ('2019-01-10 01:00:00.5+00'), over ODBC in the session's zone
-- anyway with the offset dropped.
CREATE VIEW kpi_report.appeal WITH (security_barrier) AS
SELECT a.scheme_id AS "方案",
	   n.year AS "年度",
	   n.group_title AS "组别",
	   n.unit_name AS "单位",
	   a.unit_code AS "单位编码",
	   a.id AS "申诉编号",
	   CASE WHEN a.criterion_code IS NOT NULL THEN coalesce(c.title, a.criterion_code)
			WHEN a.component_code IS NOT NULL THEN coalesce(m.title, a.component_code)
			ELSE '考核结果' END AS "申诉事项",
	   coalesce(a.criterion_code, a.component_code) AS "事项编码",
	   a.statement AS "申诉理由",
	   a.filed_at::timestamp(0) AS "提出时间",
	   CASE a.decision WHEN 'upheld' THEN '申诉成立' WHEN 'rejected' THEN '申诉不成立' ELSE '待复核' END AS "复核结论",
	   a.reason AS "复核说明",
	   a.decided_at::timestamp(0) AS "复核时间",
	   a.total_before AS "原总分",
	   a.total_after AS "现总分",
	   a.total_after - a.total_before AS "总分变化",
	   a.rank_before AS "原名次",
	   a.rank_after AS "现名次",
	   a.grade_before AS "原档次",
	   a.grade_after AS "现档次"
  FROM kpi.appeal a
  JOIN kpi.report_unit n ON n.scheme_id = a.scheme_id AND n.unit_code = a.unit_code
  LEFT JOIN kpi.criterion c ON c.scheme_id = a.scheme_id AND c.criterion_code = a.criterion_code
  LEFT JOIN kpi.component m ON m.scheme_id = a.scheme_id AND m.group_code = n.group_code
	AND m.component_code = a.component_code
 WHERE (SELECT kpi.sees_every_unit(current_user::text))
	OR a.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[])
 ORDER BY a.scheme_id COLLATE "C", a.id;
COMMENT ON VIEW kpi_report.appeal IS
	'申诉：公示期间单位提出的申诉、复核结论及其对总分、名次、档次的改变. Appeals, their decisions and what each changed';
COMMENT ON COLUMN kpi_report.appeal."申诉事项" IS '细则条目或评价项目；“考核结果”：针对整体结果（加分、扣分、否决、档次）';
COMMENT ON COLUMN kpi_report.appeal."提出时间" IS '会话时区（TimeZone）的当地时间，精确到秒. Local time of the session, to the second';
COMMENT ON COLUMN kpi_report.appeal."原总分" IS '提出申诉时公示的结果';
COMMENT ON COLUMN kpi_report.appeal."现总分" IS '作出复核结论时的结果；待复核时为空';

-- 待复核申诉: per unit, the appeals the office has yet to decide, which
-- keep the scheme from being finalized.  Times as in kpi_report.appeal.
CREATE VIEW kpi_report.open_appeal WITH (security_barrier) AS
SELECT a.scheme_id AS "方案",
	   n.year AS "年度",
	   n.group_title AS "组别",
	   n.unit_name AS "单位",
	   a.unit_code AS "单位编码",
	   pg_catalog.count(*) AS "待复核申诉数",
	   pg_catalog.min(a.filed_at)::timestamp(0) AS "最早提出时间",
	   pg_catalog.min(x.until)::timestamp(0) AS "公示截止时间"
  FROM kpi.appeal a
  JOIN kpi.report_unit n ON n.scheme_id = a.scheme_id AND n.unit_code = a.unit_code
  LEFT JOIN kpi.announcement x ON x.scheme_id = a.scheme_id
 WHERE a.decision IS NULL
   AND ((SELECT kpi.sees_every_unit(current_user::text))
		OR a.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[]))
 GROUP BY a.scheme_id, n.year, n.group_title, n.group_code, n.unit_name, a.unit_code
 ORDER BY a.scheme_id COLLATE "C", n.group_code COLLATE "C", a.unit_code COLLATE "C";
COMMENT ON VIEW kpi_report.open_appeal IS
	'待复核申诉：每单位尚未复核的申诉（有则不能定稿）. Undecided appeals per unit, which keep a scheme from being finalized';
