-- make demo: the 2018 sample's ranking per group, rewards and consequences.
-- Sample data (示例数据): see sample/README.md.
\set ON_ERROR_STOP 1
\pset footer off
\pset null ''

\echo
\echo '=== 2018年度全旗司法行政工作目标管理考核结果（示例数据） ==='
\echo

-- one table per group, headed by the group's name
SELECT format($q$
SELECT r.rank AS 名次, r.unit_name AS %I, r.content AS 内容得分, r.ratings AS 评价得分,
	   r.bonus AS 创新加分, r.deduction AS 上级扣分, r.total AS 总分, r.tier_label AS 档次,
	   concat_ws('；',
				 CASE WHEN r.vetoed THEN '一票否决' END,
				 CASE WHEN r.downgraded THEN '降级评定' END,
				 CASE WHEN NOT r.complete THEN '数据不全' END) AS 备注
  FROM kpi.result r
 WHERE r.scheme_id = '2018' AND r.group_code = %L
 ORDER BY r.rank, r.unit_code$q$, coalesce(g.title, g.group_code), g.group_code)
  FROM kpi.unit_group g
 WHERE g.scheme_id = '2018'
 ORDER BY g.group_code
\gexec

\echo '--- 奖励（实绩突出单位，每单位1000元：40%主要负责人，60%工作人员）---'
SELECT u.name AS 单位, coalesce(w.person, '（单位）') AS 姓名,
	   CASE w.role WHEN 'head' THEN '主要负责人' WHEN 'staff' THEN '工作人员' END AS 身份,
	   w.amount AS 金额（元）
  FROM kpi.reward w
  JOIN kpi.unit u ON u.unit_code = w.unit_code
 WHERE w.scheme_id = '2018'
 ORDER BY w.unit_code, w.role, w.person;

SELECT u.name AS 单位, sum(w.amount) AS 合计（元）
  FROM kpi.reward w
  JOIN kpi.unit u ON u.unit_code = w.unit_code
 WHERE w.scheme_id = '2018'
 GROUP BY u.name ORDER BY u.name;

\echo '--- 奖惩与后果 ---'
SELECT u.name AS 单位, coalesce(c.person, '（单位）') AS 对象, c.consequence AS 后果
  FROM kpi.consequence c
  JOIN kpi.unit u ON u.unit_code = c.unit_code
 WHERE c.scheme_id = '2018'
 ORDER BY c.unit_code, c.person NULLS FIRST, c.consequence;

-- A second, invented bureau whose method is written as rows (sample/hedong.sql):
-- four grades by score with a 20 % quota, letter-grade leader ratings, a
-- bonus cap, rewards for two grades and its own consequences.
\echo
\echo '=== 2019年度河东县司法局目标管理考核结果（示例数据：另一种考核办法，写成数据） ==='
\echo
SELECT g.level AS 等次序号, g.label AS 等次,
	   concat_ws('；',
				 CASE WHEN g.share IS NOT NULL THEN format('不超过本组%s%%', round(g.share * 100)) END,
				 CASE WHEN g.places IS NOT NULL THEN format('限%s个', g.places) END,
				 CASE WHEN g.min_total IS NOT NULL THEN format('总分不低于%s', g.min_total) END,
				 CASE WHEN g.below_total IS NOT NULL THEN format('总分低于%s', g.below_total) END,
				 CASE WHEN g.is_default THEN '其余单位' END,
				 CASE WHEN g.level = s.veto_level THEN '一票否决者' END) AS 条件,
	   g.reward_amount AS 奖励（元）
  FROM kpi.grade g
  JOIN kpi.scheme s ON s.scheme_id = g.scheme_id
 WHERE g.scheme_id = 'hedong2019'
 ORDER BY g.level;
SELECT r.rank AS 名次, r.unit_name AS 基层司法所, r.content AS 内容得分, r.ratings AS 评价得分,
	   r.bonus AS 创新加分, r.total AS 总分, r.tier_label AS 等次,
	   CASE WHEN r.vetoed THEN '一票否决' ELSE '' END AS 备注
  FROM kpi.result r
 WHERE r.scheme_id = 'hedong2019'
 ORDER BY r.rank, r.unit_code;
SELECT u.name AS 单位, coalesce(w.person, '（单位）') AS 姓名,
	   CASE w.role WHEN 'head' THEN '主要负责人' WHEN 'staff' THEN '工作人员' END AS 身份,
	   w.amount AS 金额（元）
  FROM kpi.reward w
  JOIN kpi.unit u ON u.unit_code = w.unit_code
 WHERE w.scheme_id = 'hedong2019'
 ORDER BY w.unit_code, w.role, w.person;
SELECT u.name AS 单位, coalesce(c.person, '（单位）') AS 对象, c.consequence AS 后果
  FROM kpi.consequence c
  JOIN kpi.unit u ON u.unit_code = c.unit_code
 WHERE c.scheme_id = 'hedong2019'
 ORDER BY c.unit_code, c.person NULLS FIRST, c.consequence;
