-- make demo: the 2018 sample's ranking per group, rewards and consequences;
-- one appeal in its 公示, from filing to an upheld decision.
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

-- The season after the first result (docs/season.md): the office announces
-- the 2018 result (公示); 乌兰陶勒盖司法所 appeals its whole result (its
-- innovation bonus was not approved); the office approves the bonus, which
-- the audit links to the appeal, and upholds the appeal; the 司法所
-- ranking moves.
\echo '=== 公示与申诉（示例）==='
SELECT format('公示至 %s', to_char(until, 'YYYY-MM-DD HH24:MI')) AS 公示
  FROM kpi.announce('2018', statement_timestamp() + interval '5 days');
CREATE ROLE kpi_demo_wulantaolegai;
SELECT capability AS 账号类型 FROM kpi.grant_access('kpi_demo_wulantaolegai', 'unit', unit_code => 'wulantaolegai');
SET ROLE kpi_demo_wulantaolegai;
INSERT INTO kpi.appeal (scheme_id, unit_code, statement)
VALUES ('2018', 'wulantaolegai', '“草原调解驿站”已获盟司法局推广，申请审定创新加分')
RETURNING id AS appeal_id \gset
RESET ROLE;
SELECT "单位", "申诉事项", "申诉理由", "复核结论", "原总分", "原名次", "原档次"
  FROM kpi_report.appeal WHERE "申诉编号" = :appeal_id;
-- the office's review (复核): the bonus approved, the change linked to the appeal
UPDATE kpi.bonus SET approved = true WHERE scheme_id = '2018' AND unit_code = 'wulantaolegai';
SELECT table_name AS 更正的表, new_row ->> 'title' AS 更正事项, appeal_id AS 关联申诉
  FROM kpi.audit WHERE appeal_id = :appeal_id;
SELECT decision AS 复核结论 FROM kpi.decide_appeal(:appeal_id, 'upheld', '局务会议复议，审定创新加分');
SELECT "单位", "复核结论", "复核说明", "原总分", "现总分", "原名次", "现名次", "原档次", "现档次"
  FROM kpi_report.appeal WHERE "申诉编号" = :appeal_id;
\echo '--- 复核后的基层司法所排名 ---'
SELECT r.rank AS 名次, r.unit_name AS 基层司法所, a.rank AS 公示名次, r.total AS 总分, a.total AS 公示总分,
	   r.tier_label AS 档次, a.tier_label AS 公示档次
  FROM kpi.result r
  JOIN kpi.announced_result a ON a.scheme_id = r.scheme_id AND a.unit_code = r.unit_code
 WHERE r.scheme_id = '2018' AND r.group_code = 'sifasuo'
 ORDER BY r.rank, r.unit_code;

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
