-- sample/2018.sql — 示例数据 (SAMPLE DATA) for the kpi extension.
--
-- Everything below is invented for demonstration: the units' scores,
-- ratings, bonuses, vetoes, deductions, members and ineligibility events,
-- the four bureau sections' rubrics and the 2017 rubrics.  Only the 2018
-- rubrics 'sfs' (附件2, 司法所), 'lsws' and 'gzc' (附件3, 二级单位) come from
-- the 2018 method: their text is kept verbatim in sample/rubrics/ and read
-- by kpi.load_rubric.
--
-- Run in a database where CREATE EXTENSION kpi was done:
--     psql -v ON_ERROR_STOP=1 -f sample/2018.sql
-- It uses kpi's tables and kpi.load_rubric; see sample/README.md for what the
-- sample is meant to show.

\set ON_ERROR_STOP 1

-- Scores, facts and ratings are INSERTs below.  With -v csv=on (make demo)
-- they are entered instead from the spreadsheets in sample/csv/ (saved as
-- CSV), through kpi's entry views: the same rows (sql/entry.sql compares).
\if :{?csv}
\else
\set csv off
\endif

BEGIN;

-- ===========================================================================
-- Schemes, groups and components (method 四(一)(二))
-- ===========================================================================

-- top_n 2, bonus 5, reward 1000 (40% to the head): the defaults, as in the method
INSERT INTO kpi.scheme (scheme_id, year, title) VALUES
	('2017', 2017, '2017年度全旗司法行政工作目标管理考核（示例）'),
	('2018', 2018, '2018年度全旗司法行政工作目标管理考核（示例）');

INSERT INTO kpi.unit_group (scheme_id, group_code, title) VALUES
	('2017', 'gushi', '局属股室'),
	('2017', 'erji', '二级单位'),
	('2017', 'sifasuo', '基层司法所'),
	('2018', 'gushi', '局属股室'),
	('2018', 'erji', '二级单位'),
	('2018', 'sifasuo', '基层司法所');

-- 股室、二级单位: 内容 80%, 局领导班子评价 10%, 局考核领导小组评价 10%;
-- 司法所: 内容 70%, 苏木镇党委政府评价 10%, 局领导班子评价 10%, 局考核领导小组评价 10%.
-- The leading group's rating drops its highest and lowest score (trimmed_mean).
INSERT INTO kpi.component (scheme_id, group_code, component_code, title, weight, aggregation) VALUES
	('2017', 'gushi', 'content', '内容考核', 80, 'mean'),
	('2017', 'gushi', 'lingdao', '局领导班子评价', 10, 'mean'),
	('2017', 'gushi', 'xiaozu', '考核领导小组评价', 10, 'trimmed_mean'),
	('2017', 'erji', 'content', '内容考核', 80, 'mean'),
	('2017', 'erji', 'lingdao', '局领导班子评价', 10, 'mean'),
	('2017', 'erji', 'xiaozu', '考核领导小组评价', 10, 'trimmed_mean'),
	('2017', 'sifasuo', 'content', '内容考核', 70, 'mean'),
	('2017', 'sifasuo', 'sumu', '苏木镇党委政府评价', 10, 'mean'),
	('2017', 'sifasuo', 'lingdao', '局领导班子评价', 10, 'mean'),
	('2017', 'sifasuo', 'xiaozu', '考核领导小组评价', 10, 'trimmed_mean'),
	('2018', 'gushi', 'content', '内容考核', 80, 'mean'),
	('2018', 'gushi', 'lingdao', '局领导班子评价', 10, 'mean'),
	('2018', 'gushi', 'xiaozu', '考核领导小组评价', 10, 'trimmed_mean'),
	('2018', 'erji', 'content', '内容考核', 80, 'mean'),
	('2018', 'erji', 'lingdao', '局领导班子评价', 10, 'mean'),
	('2018', 'erji', 'xiaozu', '考核领导小组评价', 10, 'trimmed_mean'),
	('2018', 'sifasuo', 'content', '内容考核', 70, 'mean'),
	('2018', 'sifasuo', 'sumu', '苏木镇党委政府评价', 10, 'mean'),
	('2018', 'sifasuo', 'lingdao', '局领导班子评价', 10, 'mean'),
	('2018', 'sifasuo', 'xiaozu', '考核领导小组评价', 10, 'trimmed_mean');

-- Units are stable across years.
INSERT INTO kpi.unit (unit_code, name, kind) VALUES
	('galutu', '嘎鲁图镇司法所', 'sifasuo'),
	('wushenzhao', '乌审召镇司法所', 'sifasuo'),
	('tuke', '图克镇司法所', 'sifasuo'),
	('wulantaolegai', '乌兰陶勒盖镇司法所', 'sifasuo'),
	('wudinghe', '无定河镇司法所', 'sifasuo'),
	('sulide', '苏力德苏木司法所', 'sifasuo'),
	('bgs', '办公室', 'gushi'),
	('fxg', '法治宣传股', 'gushi'),
	('tjg', '人民调解股', 'gushi'),
	('jzg', '社区矫正股', 'gushi'),
	('lvsuo', '直属律师事务所', 'erji'),
	('gongzheng', '直属公证处', 'erji');

-- ===========================================================================
-- 2018: rubrics (kpi.criterion)
-- ===========================================================================

-- 附件2 and 附件3 as the bureau issued them, kept in sample/rubrics/*.txt
-- and read by kpi.load_rubric (run from the project's top directory):
--   sfs   the complete 司法所 rubric: 8 categories, 600 points; an item whose
--         text scores parts separately has one child per part; the 普法
--         category is one 100-point leaf scored from the 普法办's assessment;
--   lsws  直属律师事务所: seven items with their parts, 100 points;
--   gzc   直属公证处: five items of 20 with their parts.
\set sifasuo_text `cat sample/rubrics/sifasuo.txt`
\set lvsuo_text `cat sample/rubrics/lvsuo.txt`
\set gongzheng_text `cat sample/rubrics/gongzheng.txt`
SELECT kpi.load_rubric('2018', 'sfs', '2018年度旗司法局对司法所目标责任考核实施细则', :'sifasuo_text') AS sfs_rows,
       kpi.load_rubric('2018', 'lsws', '直属律师事务所考核工作', :'lvsuo_text') AS lsws_rows,
       kpi.load_rubric('2018', 'gzc', '直属公证处考核工作', :'gongzheng_text') AS gzc_rows
\gset

-- Rules on three 司法所 leaves; all other leaves are scored by hand.
UPDATE kpi.criterion SET rule = '{"kind":"threshold","at_least":24}'          -- 全年编报信息不少于24条
 WHERE scheme_id = '2018' AND criterion_code = 'sfs.1.1.2';
UPDATE kpi.criterion SET rule = '{"kind":"external","out_of":100}'            -- 普法办 score out of 100
 WHERE scheme_id = '2018' AND criterion_code = 'sfs.5';
UPDATE kpi.criterion SET rule = '{"kind":"threshold","at_least":10,"prorate":true}'  -- ≥10 legal-aid cases
 WHERE scheme_id = '2018' AND criterion_code = 'sfs.7.3.2';

-- The four bureau sections' rubrics are INVENTED sample rubrics: the method
-- scores sections on the 市局 rubric, the 2018 工作要点 and the 旗 tasks,
-- which the seed does not spell out.  Titles follow the themes of the seed.

-- 办公室目标责任考核细则（示例）
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, rule, position) VALUES
	('2018', 'r_bgs', NULL, '办公室目标责任考核细则（示例）', 100, NULL, 4),
	('2018', 'r_bgs.1', 'r_bgs', '全局信息报送与调研，按期向市局、旗委报送信息', 25, NULL, 1),
	('2018', 'r_bgs.2', 'r_bgs', '公文处理规范，季度、半年、全年统计报表按时准确上报', 20, NULL, 2),
	('2018', 'r_bgs.3', 'r_bgs', '机关党建和党风廉政建设（“两学一做”“三会一课”“党员固定日”）', 20, NULL, 3),
	('2018', 'r_bgs.4', 'r_bgs', '机关日常管理：签到签退、请销假、车辆、节假日值班', 20, NULL, 4),
	('2018', 'r_bgs.5', 'r_bgs', '完成改革、五位一体、重点工作等临时下达任务', 15, NULL, 5);

-- 法治宣传股目标责任考核细则（示例）
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, rule, position) VALUES
	('2018', 'r_fxg', NULL, '法治宣传股目标责任考核细则（示例）', 100, NULL, 5),
	('2018', 'r_fxg.1', 'r_fxg', '组织实施“七五”普法年度任务和全旗法治宣传教育目标考核（乌普法办发〔2018〕6号）', 30, NULL, 1),
	('2018', 'r_fxg.2', 'r_fxg', '新修订《宪法》学习宣传活动', 25, NULL, 2),
	('2018', 'r_fxg.3', 'r_fxg', '落实“谁执法谁普法”普法责任制，考核普法成员单位', 20, NULL, 3),
	('2018', 'r_fxg.4', 'r_fxg', '蒙汉双语普法和牧区法治宣传', 15, NULL, 4),
	('2018', 'r_fxg.5', 'r_fxg', '完成旗局临时下达的工作任务', 10, NULL, 5);

-- 人民调解股目标责任考核细则（示例）
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, rule, position) VALUES
	('2018', 'r_tjg', NULL, '人民调解股目标责任考核细则（示例）', 100, NULL, 6),
	('2018', 'r_tjg.1', 'r_tjg', '指导司法所矛盾纠纷排查化解，实现“四无”目标', 30, NULL, 1),
	('2018', 'r_tjg.2', 'r_tjg', '人民调解员队伍建设：持证上岗、电子档案、每半年一次培训', 25, NULL, 2),
	('2018', 'r_tjg.3', 'r_tjg', '省际边界和相邻旗区边界联防联调机制', 15, NULL, 3),
	('2018', 'r_tjg.4', 'r_tjg', '基层法律服务所年度考核备案与投诉查处', 15, NULL, 4),
	('2018', 'r_tjg.5', 'r_tjg', '人民调解统计报表和每月矛盾纠纷研判', 15, NULL, 5);

-- 社区矫正股目标责任考核细则（示例）
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, rule, position) VALUES
	('2018', 'r_jzg', NULL, '社区矫正股目标责任考核细则（示例）', 100, NULL, 7),
	('2018', 'r_jzg.1', 'r_jzg', '社区服刑人员监管无脱管漏管、无重新犯罪', 30, NULL, 1),
	('2018', 'r_jzg.2', 'r_jzg', 'JiPad司法智能终端与社区矫正信息管理系统应用', 20, NULL, 2),
	('2018', 'r_jzg.3', 'r_jzg', '指导司法所规范矫正文书和矫正档案', 20, NULL, 3),
	('2018', 'r_jzg.4', 'r_jzg', '安置帮教：重点帮教对象接回率100%，帮教率95%', 15, NULL, 4),
	('2018', 'r_jzg.5', 'r_jzg', '扫黑除恶专项斗争中的社区矫正工作', 15, NULL, 5);

-- ===========================================================================
-- 2018: participants
-- ===========================================================================
INSERT INTO kpi.participant (scheme_id, unit_code, group_code, rubric_code) VALUES
	('2018', 'galutu', 'sifasuo', 'sfs'),
	('2018', 'wushenzhao', 'sifasuo', 'sfs'),
	('2018', 'tuke', 'sifasuo', 'sfs'),
	('2018', 'wulantaolegai', 'sifasuo', 'sfs'),
	('2018', 'wudinghe', 'sifasuo', 'sfs'),
	('2018', 'sulide', 'sifasuo', 'sfs'),
	('2018', 'bgs', 'gushi', 'r_bgs'),
	('2018', 'fxg', 'gushi', 'r_fxg'),
	('2018', 'tjg', 'gushi', 'r_tjg'),
	('2018', 'jzg', 'gushi', 'r_jzg'),
	('2018', 'lvsuo', 'erji', 'lsws'),
	('2018', 'gongzheng', 'erji', 'gzc');

\if :csv
-- 2018 scores, facts and ratings: loaded from sample/csv/ at the end
\else
-- ===========================================================================
-- 2018: scores by hand on every leaf of each unit's rubric.  The 司法所's
-- three rule leaves (sfs.1.1.2, sfs.5, sfs.7.3.2) get evidence instead (below);
-- 苏力德苏木司法所 has no score on sfs.4.6 yet, so it shows complete = false.
-- ===========================================================================

-- 嘎鲁图镇司法所
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'galutu', 'sfs.1.1.1', 4, NULL),
	('2018', 'galutu', 'sfs.1.1.3', 5, NULL),
	('2018', 'galutu', 'sfs.1.1.4', 5, NULL),
	('2018', 'galutu', 'sfs.1.1.5', 5, NULL),
	('2018', 'galutu', 'sfs.1.1.6', 3, NULL),
	('2018', 'galutu', 'sfs.1.1.7', 2, NULL),
	('2018', 'galutu', 'sfs.1.2.1', 4, NULL),
	('2018', 'galutu', 'sfs.1.2.2', 2, NULL),
	('2018', 'galutu', 'sfs.1.3.1', 4.5, NULL),
	('2018', 'galutu', 'sfs.1.3.2', 4.5, NULL),
	('2018', 'galutu', 'sfs.1.3.3', 5, NULL),
	('2018', 'galutu', 'sfs.1.4', 4, NULL),
	('2018', 'galutu', 'sfs.1.5', 5, NULL),
	('2018', 'galutu', 'sfs.1.6', 3.5, NULL),
	('2018', 'galutu', 'sfs.1.7', 5, NULL),
	('2018', 'galutu', 'sfs.2.1', 5, NULL),
	('2018', 'galutu', 'sfs.2.2.1', 5, NULL),
	('2018', 'galutu', 'sfs.2.2.2', 5, NULL),
	('2018', 'galutu', 'sfs.2.3', 5, NULL),
	('2018', 'galutu', 'sfs.2.4', 10, NULL),
	('2018', 'galutu', 'sfs.3.1.1', 3, NULL),
	('2018', 'galutu', 'sfs.3.1.2', 3, NULL),
	('2018', 'galutu', 'sfs.3.1.3', 3, NULL),
	('2018', 'galutu', 'sfs.3.1.4', 2, NULL),
	('2018', 'galutu', 'sfs.3.1.5', 3, NULL),
	('2018', 'galutu', 'sfs.3.2', 5, NULL),
	('2018', 'galutu', 'sfs.3.3', 10, NULL),
	('2018', 'galutu', 'sfs.4.1', 10, NULL),
	('2018', 'galutu', 'sfs.4.2', 9.5, NULL),
	('2018', 'galutu', 'sfs.4.3.1', 9, NULL),
	('2018', 'galutu', 'sfs.4.3.2', 5, NULL),
	('2018', 'galutu', 'sfs.4.4', 10, NULL),
	('2018', 'galutu', 'sfs.4.5', 10, NULL),
	('2018', 'galutu', 'sfs.4.6', 5, NULL),
	('2018', 'galutu', 'sfs.4.7', 10, NULL),
	('2018', 'galutu', 'sfs.6.1.1', 3, NULL),
	('2018', 'galutu', 'sfs.6.1.2', 3, NULL),
	('2018', 'galutu', 'sfs.6.1.3', 2, NULL),
	('2018', 'galutu', 'sfs.6.1.4', 12, NULL),
	('2018', 'galutu', 'sfs.6.2.1', 2, NULL),
	('2018', 'galutu', 'sfs.6.2.2', 2, NULL),
	('2018', 'galutu', 'sfs.6.2.3', 3, NULL),
	('2018', 'galutu', 'sfs.6.2.4', 3, NULL),
	('2018', 'galutu', 'sfs.6.3.1', 4, NULL),
	('2018', 'galutu', 'sfs.6.3.2', 3, NULL),
	('2018', 'galutu', 'sfs.6.3.3', 3, NULL),
	('2018', 'galutu', 'sfs.6.3.4', 2, NULL),
	('2018', 'galutu', 'sfs.6.3.5', 2, NULL),
	('2018', 'galutu', 'sfs.6.3.6', 5, NULL),
	('2018', 'galutu', 'sfs.6.4', 5, NULL),
	('2018', 'galutu', 'sfs.6.5.1', 4, NULL),
	('2018', 'galutu', 'sfs.6.5.2', 5, NULL),
	('2018', 'galutu', 'sfs.6.6.1', 3, NULL),
	('2018', 'galutu', 'sfs.6.6.2', 6, NULL),
	('2018', 'galutu', 'sfs.6.6.3', 3, NULL),
	('2018', 'galutu', 'sfs.6.6.4', 3, NULL),
	('2018', 'galutu', 'sfs.6.7', 5, NULL),
	('2018', 'galutu', 'sfs.6.8.1', 6, NULL),
	('2018', 'galutu', 'sfs.6.8.2', 9, NULL),
	('2018', 'galutu', 'sfs.7.1.1', 10, NULL),
	('2018', 'galutu', 'sfs.7.1.2', 8, NULL),
	('2018', 'galutu', 'sfs.7.1.3', 4, NULL),
	('2018', 'galutu', 'sfs.7.1.4', 4, NULL),
	('2018', 'galutu', 'sfs.7.2.1', 4, NULL),
	('2018', 'galutu', 'sfs.7.2.2', 6, NULL),
	('2018', 'galutu', 'sfs.7.3.1', 4, NULL),
	('2018', 'galutu', 'sfs.7.3.3', 10, NULL),
	('2018', 'galutu', 'sfs.7.3.4', 5.5, NULL),
	('2018', 'galutu', 'sfs.7.4', 10, NULL),
	('2018', 'galutu', 'sfs.7.5', 3.75, NULL),
	('2018', 'galutu', 'sfs.7.6', 6, NULL),
	('2018', 'galutu', 'sfs.7.7', 10, NULL),
	('2018', 'galutu', 'sfs.8.1', 8, NULL),
	('2018', 'galutu', 'sfs.8.2', 12, NULL),
	('2018', 'galutu', 'sfs.8.3', 14, NULL),
	('2018', 'galutu', 'sfs.8.4', 3, NULL),
	('2018', 'galutu', 'sfs.8.5', 11, NULL),
	('2018', 'galutu', 'sfs.8.6', 10, NULL),
	('2018', 'galutu', 'sfs.8.7', 2, NULL),
	('2018', 'galutu', 'sfs.8.8', 12, NULL),
	('2018', 'galutu', 'sfs.8.9', 4, NULL),
	('2018', 'galutu', 'sfs.8.10', 9.75, NULL),
	('2018', 'galutu', 'sfs.8.11', 2, NULL),
	('2018', 'galutu', 'sfs.8.12', 2, NULL),
	('2018', 'galutu', 'sfs.8.13', 4, NULL);

-- 乌审召镇司法所
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'wushenzhao', 'sfs.1.1.1', 4, NULL),
	('2018', 'wushenzhao', 'sfs.1.1.3', 5, NULL),
	('2018', 'wushenzhao', 'sfs.1.1.4', 3.5, NULL),
	('2018', 'wushenzhao', 'sfs.1.1.5', 6, NULL),
	('2018', 'wushenzhao', 'sfs.1.1.6', 3, NULL),
	('2018', 'wushenzhao', 'sfs.1.1.7', 2, NULL),
	('2018', 'wushenzhao', 'sfs.1.2.1', 3.5, NULL),
	('2018', 'wushenzhao', 'sfs.1.2.2', 1, NULL),
	('2018', 'wushenzhao', 'sfs.1.3.1', 4, NULL),
	('2018', 'wushenzhao', 'sfs.1.3.2', 5, NULL),
	('2018', 'wushenzhao', 'sfs.1.3.3', 4, NULL),
	('2018', 'wushenzhao', 'sfs.1.4', 4, NULL),
	('2018', 'wushenzhao', 'sfs.1.5', 5, NULL),
	('2018', 'wushenzhao', 'sfs.1.6', 5, NULL),
	('2018', 'wushenzhao', 'sfs.1.7', 4, NULL),
	('2018', 'wushenzhao', 'sfs.2.1', 4, NULL),
	('2018', 'wushenzhao', 'sfs.2.2.1', 4, NULL),
	('2018', 'wushenzhao', 'sfs.2.2.2', 4.25, NULL),
	('2018', 'wushenzhao', 'sfs.2.3', 5, NULL),
	('2018', 'wushenzhao', 'sfs.2.4', 8.5, NULL),
	('2018', 'wushenzhao', 'sfs.3.1.1', 3, NULL),
	('2018', 'wushenzhao', 'sfs.3.1.2', 3, NULL),
	('2018', 'wushenzhao', 'sfs.3.1.3', 3, NULL),
	('2018', 'wushenzhao', 'sfs.3.1.4', 3, NULL),
	('2018', 'wushenzhao', 'sfs.3.1.5', 2.5, NULL),
	('2018', 'wushenzhao', 'sfs.3.2', 5, NULL),
	('2018', 'wushenzhao', 'sfs.3.3', 9, NULL),
	('2018', 'wushenzhao', 'sfs.4.1', 10, NULL),
	('2018', 'wushenzhao', 'sfs.4.2', 9.5, NULL),
	('2018', 'wushenzhao', 'sfs.4.3.1', 10, NULL),
	('2018', 'wushenzhao', 'sfs.4.3.2', 5, NULL),
	('2018', 'wushenzhao', 'sfs.4.4', 9.5, NULL),
	('2018', 'wushenzhao', 'sfs.4.5', 10, NULL),
	('2018', 'wushenzhao', 'sfs.4.6', 5, NULL),
	('2018', 'wushenzhao', 'sfs.4.7', 7, NULL),
	('2018', 'wushenzhao', 'sfs.6.1.1', 3, NULL),
	('2018', 'wushenzhao', 'sfs.6.1.2', 3, NULL),
	('2018', 'wushenzhao', 'sfs.6.1.3', 2, NULL),
	('2018', 'wushenzhao', 'sfs.6.1.4', 12, NULL),
	('2018', 'wushenzhao', 'sfs.6.2.1', 2, NULL),
	('2018', 'wushenzhao', 'sfs.6.2.2', 2, NULL),
	('2018', 'wushenzhao', 'sfs.6.2.3', 2, NULL),
	('2018', 'wushenzhao', 'sfs.6.2.4', 3, NULL),
	('2018', 'wushenzhao', 'sfs.6.3.1', 3.5, NULL),
	('2018', 'wushenzhao', 'sfs.6.3.2', 3, NULL),
	('2018', 'wushenzhao', 'sfs.6.3.3', 3, NULL),
	('2018', 'wushenzhao', 'sfs.6.3.4', 2, NULL),
	('2018', 'wushenzhao', 'sfs.6.3.5', 3, NULL),
	('2018', 'wushenzhao', 'sfs.6.3.6', 5, NULL),
	('2018', 'wushenzhao', 'sfs.6.4', 3.5, NULL),
	('2018', 'wushenzhao', 'sfs.6.5.1', 5, NULL),
	('2018', 'wushenzhao', 'sfs.6.5.2', 3, NULL),
	('2018', 'wushenzhao', 'sfs.6.6.1', 2, NULL),
	('2018', 'wushenzhao', 'sfs.6.6.2', 4.5, NULL),
	('2018', 'wushenzhao', 'sfs.6.6.3', 2, NULL),
	('2018', 'wushenzhao', 'sfs.6.6.4', 2, NULL),
	('2018', 'wushenzhao', 'sfs.6.7', 4, NULL),
	('2018', 'wushenzhao', 'sfs.6.8.1', 5.5, NULL),
	('2018', 'wushenzhao', 'sfs.6.8.2', 9, NULL),
	('2018', 'wushenzhao', 'sfs.7.1.1', 10, NULL),
	('2018', 'wushenzhao', 'sfs.7.1.2', 10, NULL),
	('2018', 'wushenzhao', 'sfs.7.1.3', 3, NULL),
	('2018', 'wushenzhao', 'sfs.7.1.4', 6, NULL),
	('2018', 'wushenzhao', 'sfs.7.2.1', 4, NULL),
	('2018', 'wushenzhao', 'sfs.7.2.2', 6, NULL),
	('2018', 'wushenzhao', 'sfs.7.3.1', 4, NULL),
	('2018', 'wushenzhao', 'sfs.7.3.3', 10, NULL),
	('2018', 'wushenzhao', 'sfs.7.3.4', 6, NULL),
	('2018', 'wushenzhao', 'sfs.7.4', 8.5, NULL),
	('2018', 'wushenzhao', 'sfs.7.5', 4, NULL),
	('2018', 'wushenzhao', 'sfs.7.6', 6, NULL),
	('2018', 'wushenzhao', 'sfs.7.7', 10, NULL),
	('2018', 'wushenzhao', 'sfs.8.1', 8, NULL),
	('2018', 'wushenzhao', 'sfs.8.2', 11, NULL),
	('2018', 'wushenzhao', 'sfs.8.3', 13.5, NULL),
	('2018', 'wushenzhao', 'sfs.8.4', 3, NULL),
	('2018', 'wushenzhao', 'sfs.8.5', 12.5, NULL),
	('2018', 'wushenzhao', 'sfs.8.6', 10, NULL),
	('2018', 'wushenzhao', 'sfs.8.7', 2, NULL),
	('2018', 'wushenzhao', 'sfs.8.8', 11.75, NULL),
	('2018', 'wushenzhao', 'sfs.8.9', 4, NULL),
	('2018', 'wushenzhao', 'sfs.8.10', 12, NULL),
	('2018', 'wushenzhao', 'sfs.8.11', 2, NULL),
	('2018', 'wushenzhao', 'sfs.8.12', 2, NULL),
	('2018', 'wushenzhao', 'sfs.8.13', 5, NULL);

-- 图克镇司法所
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'tuke', 'sfs.1.1.1', 4, NULL),
	('2018', 'tuke', 'sfs.1.1.3', 5, NULL),
	('2018', 'tuke', 'sfs.1.1.4', 5, NULL),
	('2018', 'tuke', 'sfs.1.1.5', 6, NULL),
	('2018', 'tuke', 'sfs.1.1.6', 3, NULL),
	('2018', 'tuke', 'sfs.1.1.7', 2, NULL),
	('2018', 'tuke', 'sfs.1.2.1', 4, NULL),
	('2018', 'tuke', 'sfs.1.2.2', 2, NULL),
	('2018', 'tuke', 'sfs.1.3.1', 3, NULL),
	('2018', 'tuke', 'sfs.1.3.2', 5, NULL),
	('2018', 'tuke', 'sfs.1.3.3', 5, NULL),
	('2018', 'tuke', 'sfs.1.4', 4, NULL),
	('2018', 'tuke', 'sfs.1.5', 5, NULL),
	('2018', 'tuke', 'sfs.1.6', 5, NULL),
	('2018', 'tuke', 'sfs.1.7', 5, NULL),
	('2018', 'tuke', 'sfs.2.1', 5, NULL),
	('2018', 'tuke', 'sfs.2.2.1', 4, NULL),
	('2018', 'tuke', 'sfs.2.2.2', 5, NULL),
	('2018', 'tuke', 'sfs.2.3', 5, NULL),
	('2018', 'tuke', 'sfs.2.4', 8.5, NULL),
	('2018', 'tuke', 'sfs.3.1.1', 3, NULL),
	('2018', 'tuke', 'sfs.3.1.2', 3, NULL),
	('2018', 'tuke', 'sfs.3.1.3', 3, NULL),
	('2018', 'tuke', 'sfs.3.1.4', 3, NULL),
	('2018', 'tuke', 'sfs.3.1.5', 2, NULL),
	('2018', 'tuke', 'sfs.3.2', 3, NULL),
	('2018', 'tuke', 'sfs.3.3', 6.5, NULL),
	('2018', 'tuke', 'sfs.4.1', 10, NULL),
	('2018', 'tuke', 'sfs.4.2', 9.75, NULL),
	('2018', 'tuke', 'sfs.4.3.1', 10, NULL),
	('2018', 'tuke', 'sfs.4.3.2', 5, NULL),
	('2018', 'tuke', 'sfs.4.4', 10, NULL),
	('2018', 'tuke', 'sfs.4.5', 10, NULL),
	('2018', 'tuke', 'sfs.4.6', 4.5, NULL),
	('2018', 'tuke', 'sfs.4.7', 10, NULL),
	('2018', 'tuke', 'sfs.6.1.1', 3, NULL),
	('2018', 'tuke', 'sfs.6.1.2', 3, NULL),
	('2018', 'tuke', 'sfs.6.1.3', 2, NULL),
	('2018', 'tuke', 'sfs.6.1.4', 12, NULL),
	('2018', 'tuke', 'sfs.6.2.1', 2, NULL),
	('2018', 'tuke', 'sfs.6.2.2', 2, NULL),
	('2018', 'tuke', 'sfs.6.2.3', 3, NULL),
	('2018', 'tuke', 'sfs.6.2.4', 3, NULL),
	('2018', 'tuke', 'sfs.6.3.1', 4, NULL),
	('2018', 'tuke', 'sfs.6.3.2', 3, NULL),
	('2018', 'tuke', 'sfs.6.3.3', 3, NULL),
	('2018', 'tuke', 'sfs.6.3.4', 0, '9月辖区草场边界纠纷激化引发群体性冲突，未实现“四无”目标'),
	('2018', 'tuke', 'sfs.6.3.5', 2.5, NULL),
	('2018', 'tuke', 'sfs.6.3.6', 5, NULL),
	('2018', 'tuke', 'sfs.6.4', 5, NULL),
	('2018', 'tuke', 'sfs.6.5.1', 5, NULL),
	('2018', 'tuke', 'sfs.6.5.2', 4, NULL),
	('2018', 'tuke', 'sfs.6.6.1', 3, NULL),
	('2018', 'tuke', 'sfs.6.6.2', 6, NULL),
	('2018', 'tuke', 'sfs.6.6.3', 3, NULL),
	('2018', 'tuke', 'sfs.6.6.4', 3, NULL),
	('2018', 'tuke', 'sfs.6.7', 5, NULL),
	('2018', 'tuke', 'sfs.6.8.1', 6, NULL),
	('2018', 'tuke', 'sfs.6.8.2', 9, NULL),
	('2018', 'tuke', 'sfs.7.1.1', 10, NULL),
	('2018', 'tuke', 'sfs.7.1.2', 9, NULL),
	('2018', 'tuke', 'sfs.7.1.3', 4, NULL),
	('2018', 'tuke', 'sfs.7.1.4', 4.5, NULL),
	('2018', 'tuke', 'sfs.7.2.1', 4, NULL),
	('2018', 'tuke', 'sfs.7.2.2', 6, NULL),
	('2018', 'tuke', 'sfs.7.3.1', 4, NULL),
	('2018', 'tuke', 'sfs.7.3.3', 10, NULL),
	('2018', 'tuke', 'sfs.7.3.4', 6, NULL),
	('2018', 'tuke', 'sfs.7.4', 10, NULL),
	('2018', 'tuke', 'sfs.7.5', 2.5, NULL),
	('2018', 'tuke', 'sfs.7.6', 6, NULL),
	('2018', 'tuke', 'sfs.7.7', 9.5, NULL),
	('2018', 'tuke', 'sfs.8.1', 8, NULL),
	('2018', 'tuke', 'sfs.8.2', 11.5, NULL),
	('2018', 'tuke', 'sfs.8.3', 13.5, NULL),
	('2018', 'tuke', 'sfs.8.4', 3, NULL),
	('2018', 'tuke', 'sfs.8.5', 10.5, NULL),
	('2018', 'tuke', 'sfs.8.6', 10, NULL),
	('2018', 'tuke', 'sfs.8.7', 2, NULL),
	('2018', 'tuke', 'sfs.8.8', 10, NULL),
	('2018', 'tuke', 'sfs.8.9', 4, NULL),
	('2018', 'tuke', 'sfs.8.10', 11.75, NULL),
	('2018', 'tuke', 'sfs.8.11', 2, NULL),
	('2018', 'tuke', 'sfs.8.12', 1, NULL),
	('2018', 'tuke', 'sfs.8.13', 6, NULL);

-- 乌兰陶勒盖镇司法所
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'wulantaolegai', 'sfs.1.1.1', 4, NULL),
	('2018', 'wulantaolegai', 'sfs.1.1.3', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.1.1.4', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.1.1.5', 6, NULL),
	('2018', 'wulantaolegai', 'sfs.1.1.6', 2.5, NULL),
	('2018', 'wulantaolegai', 'sfs.1.1.7', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.1.2.1', 3, NULL),
	('2018', 'wulantaolegai', 'sfs.1.2.2', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.1.3.1', 4.5, NULL),
	('2018', 'wulantaolegai', 'sfs.1.3.2', 3, '全年总结逾期报送'),
	('2018', 'wulantaolegai', 'sfs.1.3.3', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.1.4', 4, NULL),
	('2018', 'wulantaolegai', 'sfs.1.5', 3.5, NULL),
	('2018', 'wulantaolegai', 'sfs.1.6', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.1.7', 4.5, NULL),
	('2018', 'wulantaolegai', 'sfs.2.1', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.2.2.1', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.2.2.2', 4, NULL),
	('2018', 'wulantaolegai', 'sfs.2.3', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.2.4', 7.5, NULL),
	('2018', 'wulantaolegai', 'sfs.3.1.1', 3, NULL),
	('2018', 'wulantaolegai', 'sfs.3.1.2', 2.5, NULL),
	('2018', 'wulantaolegai', 'sfs.3.1.3', 2.5, NULL),
	('2018', 'wulantaolegai', 'sfs.3.1.4', 3, NULL),
	('2018', 'wulantaolegai', 'sfs.3.1.5', 2.5, NULL),
	('2018', 'wulantaolegai', 'sfs.3.2', 4.5, NULL),
	('2018', 'wulantaolegai', 'sfs.3.3', 8.5, NULL),
	('2018', 'wulantaolegai', 'sfs.4.1', 10, NULL),
	('2018', 'wulantaolegai', 'sfs.4.2', 8, NULL),
	('2018', 'wulantaolegai', 'sfs.4.3.1', 9, NULL),
	('2018', 'wulantaolegai', 'sfs.4.3.2', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.4.4', 7.5, NULL),
	('2018', 'wulantaolegai', 'sfs.4.5', 10, NULL),
	('2018', 'wulantaolegai', 'sfs.4.6', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.4.7', 7.5, NULL),
	('2018', 'wulantaolegai', 'sfs.6.1.1', 3, NULL),
	('2018', 'wulantaolegai', 'sfs.6.1.2', 3, NULL),
	('2018', 'wulantaolegai', 'sfs.6.1.3', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.6.1.4', 12, NULL),
	('2018', 'wulantaolegai', 'sfs.6.2.1', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.6.2.2', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.6.2.3', 2.5, NULL),
	('2018', 'wulantaolegai', 'sfs.6.2.4', 3, NULL),
	('2018', 'wulantaolegai', 'sfs.6.3.1', 4, NULL),
	('2018', 'wulantaolegai', 'sfs.6.3.2', 2.5, NULL),
	('2018', 'wulantaolegai', 'sfs.6.3.3', 3, NULL),
	('2018', 'wulantaolegai', 'sfs.6.3.4', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.6.3.5', 3, NULL),
	('2018', 'wulantaolegai', 'sfs.6.3.6', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.6.4', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.6.5.1', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.6.5.2', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.6.6.1', 3, NULL),
	('2018', 'wulantaolegai', 'sfs.6.6.2', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.6.6.3', 2.5, NULL),
	('2018', 'wulantaolegai', 'sfs.6.6.4', 3, NULL),
	('2018', 'wulantaolegai', 'sfs.6.7', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.6.8.1', 6, NULL),
	('2018', 'wulantaolegai', 'sfs.6.8.2', 9, NULL),
	('2018', 'wulantaolegai', 'sfs.7.1.1', 10, NULL),
	('2018', 'wulantaolegai', 'sfs.7.1.2', 10, NULL),
	('2018', 'wulantaolegai', 'sfs.7.1.3', 1.75, NULL),
	('2018', 'wulantaolegai', 'sfs.7.1.4', 5, NULL),
	('2018', 'wulantaolegai', 'sfs.7.2.1', 4, NULL),
	('2018', 'wulantaolegai', 'sfs.7.2.2', 4.5, NULL),
	('2018', 'wulantaolegai', 'sfs.7.3.1', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.7.3.3', 7, NULL),
	('2018', 'wulantaolegai', 'sfs.7.3.4', 4, NULL),
	('2018', 'wulantaolegai', 'sfs.7.4', 9, NULL),
	('2018', 'wulantaolegai', 'sfs.7.5', 3.75, NULL),
	('2018', 'wulantaolegai', 'sfs.7.6', 4.5, NULL),
	('2018', 'wulantaolegai', 'sfs.7.7', 9.75, NULL),
	('2018', 'wulantaolegai', 'sfs.8.1', 7, NULL),
	('2018', 'wulantaolegai', 'sfs.8.2', 12, NULL),
	('2018', 'wulantaolegai', 'sfs.8.3', 10, '部分解矫人员信息未及时录入统一用户管理系统'),
	('2018', 'wulantaolegai', 'sfs.8.4', 3, NULL),
	('2018', 'wulantaolegai', 'sfs.8.5', 13, NULL),
	('2018', 'wulantaolegai', 'sfs.8.6', 9.5, NULL),
	('2018', 'wulantaolegai', 'sfs.8.7', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.8.8', 12, NULL),
	('2018', 'wulantaolegai', 'sfs.8.9', 2.5, NULL),
	('2018', 'wulantaolegai', 'sfs.8.10', 11.75, NULL),
	('2018', 'wulantaolegai', 'sfs.8.11', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.8.12', 2, NULL),
	('2018', 'wulantaolegai', 'sfs.8.13', 6, NULL);

-- 无定河镇司法所
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'wudinghe', 'sfs.1.1.1', 4, NULL),
	('2018', 'wudinghe', 'sfs.1.1.3', 5, NULL),
	('2018', 'wudinghe', 'sfs.1.1.4', 5, NULL),
	('2018', 'wudinghe', 'sfs.1.1.5', 2.4, NULL),
	('2018', 'wudinghe', 'sfs.1.1.6', 2.5, NULL),
	('2018', 'wudinghe', 'sfs.1.1.7', 1.5, NULL),
	('2018', 'wudinghe', 'sfs.1.2.1', 3.5, '第三季度人民调解统计报表迟报'),
	('2018', 'wudinghe', 'sfs.1.2.2', 2, NULL),
	('2018', 'wudinghe', 'sfs.1.3.1', 5, NULL),
	('2018', 'wudinghe', 'sfs.1.3.2', 5, NULL),
	('2018', 'wudinghe', 'sfs.1.3.3', 4, NULL),
	('2018', 'wudinghe', 'sfs.1.4', 4, NULL),
	('2018', 'wudinghe', 'sfs.1.5', 5, NULL),
	('2018', 'wudinghe', 'sfs.1.6', 5, NULL),
	('2018', 'wudinghe', 'sfs.1.7', 5, NULL),
	('2018', 'wudinghe', 'sfs.2.1', 4, NULL),
	('2018', 'wudinghe', 'sfs.2.2.1', 4.5, NULL),
	('2018', 'wudinghe', 'sfs.2.2.2', 5, NULL),
	('2018', 'wudinghe', 'sfs.2.3', 4.5, NULL),
	('2018', 'wudinghe', 'sfs.2.4', 9.75, NULL),
	('2018', 'wudinghe', 'sfs.3.1.1', 3, NULL),
	('2018', 'wudinghe', 'sfs.3.1.2', 3, NULL),
	('2018', 'wudinghe', 'sfs.3.1.3', 3, NULL),
	('2018', 'wudinghe', 'sfs.3.1.4', 3, NULL),
	('2018', 'wudinghe', 'sfs.3.1.5', 3, NULL),
	('2018', 'wudinghe', 'sfs.3.2', 3.75, NULL),
	('2018', 'wudinghe', 'sfs.3.3', 10, NULL),
	('2018', 'wudinghe', 'sfs.4.1', 10, NULL),
	('2018', 'wudinghe', 'sfs.4.2', 7.5, NULL),
	('2018', 'wudinghe', 'sfs.4.3.1', 10, NULL),
	('2018', 'wudinghe', 'sfs.4.3.2', 5, NULL),
	('2018', 'wudinghe', 'sfs.4.4', 10, NULL),
	('2018', 'wudinghe', 'sfs.4.5', 10, NULL),
	('2018', 'wudinghe', 'sfs.4.6', 3.5, NULL),
	('2018', 'wudinghe', 'sfs.4.7', 9.35, NULL),
	('2018', 'wudinghe', 'sfs.6.1.1', 3, NULL),
	('2018', 'wudinghe', 'sfs.6.1.2', 3, NULL),
	('2018', 'wudinghe', 'sfs.6.1.3', 2, NULL),
	('2018', 'wudinghe', 'sfs.6.1.4', 12, NULL),
	('2018', 'wudinghe', 'sfs.6.2.1', 2, NULL),
	('2018', 'wudinghe', 'sfs.6.2.2', 2, NULL),
	('2018', 'wudinghe', 'sfs.6.2.3', 2.5, NULL),
	('2018', 'wudinghe', 'sfs.6.2.4', 3, NULL),
	('2018', 'wudinghe', 'sfs.6.3.1', 4, NULL),
	('2018', 'wudinghe', 'sfs.6.3.2', 2.5, NULL),
	('2018', 'wudinghe', 'sfs.6.3.3', 2.5, NULL),
	('2018', 'wudinghe', 'sfs.6.3.4', 2, NULL),
	('2018', 'wudinghe', 'sfs.6.3.5', 3, NULL),
	('2018', 'wudinghe', 'sfs.6.3.6', 5, NULL),
	('2018', 'wudinghe', 'sfs.6.4', 5, NULL),
	('2018', 'wudinghe', 'sfs.6.5.1', 5, NULL),
	('2018', 'wudinghe', 'sfs.6.5.2', 5, NULL),
	('2018', 'wudinghe', 'sfs.6.6.1', 3, NULL),
	('2018', 'wudinghe', 'sfs.6.6.2', 5, NULL),
	('2018', 'wudinghe', 'sfs.6.6.3', 3, NULL),
	('2018', 'wudinghe', 'sfs.6.6.4', 3, NULL),
	('2018', 'wudinghe', 'sfs.6.7', 5, NULL),
	('2018', 'wudinghe', 'sfs.6.8.1', 4.5, NULL),
	('2018', 'wudinghe', 'sfs.6.8.2', 8, NULL),
	('2018', 'wudinghe', 'sfs.7.1.1', 9, NULL),
	('2018', 'wudinghe', 'sfs.7.1.2', 9, NULL),
	('2018', 'wudinghe', 'sfs.7.1.3', 4, NULL),
	('2018', 'wudinghe', 'sfs.7.1.4', 6, NULL),
	('2018', 'wudinghe', 'sfs.7.2.1', 4, NULL),
	('2018', 'wudinghe', 'sfs.7.2.2', 6, NULL),
	('2018', 'wudinghe', 'sfs.7.3.1', 2.5, NULL),
	('2018', 'wudinghe', 'sfs.7.3.3', 5.75, NULL),
	('2018', 'wudinghe', 'sfs.7.3.4', 5.75, NULL),
	('2018', 'wudinghe', 'sfs.7.4', 9, NULL),
	('2018', 'wudinghe', 'sfs.7.5', 3.75, NULL),
	('2018', 'wudinghe', 'sfs.7.6', 6, NULL),
	('2018', 'wudinghe', 'sfs.7.7', 8, NULL),
	('2018', 'wudinghe', 'sfs.8.1', 8, NULL),
	('2018', 'wudinghe', 'sfs.8.2', 12, NULL),
	('2018', 'wudinghe', 'sfs.8.3', 13, NULL),
	('2018', 'wudinghe', 'sfs.8.4', 3, NULL),
	('2018', 'wudinghe', 'sfs.8.5', 10, NULL),
	('2018', 'wudinghe', 'sfs.8.6', 10, NULL),
	('2018', 'wudinghe', 'sfs.8.7', 2, NULL),
	('2018', 'wudinghe', 'sfs.8.8', 12, NULL),
	('2018', 'wudinghe', 'sfs.8.9', 4, NULL),
	('2018', 'wudinghe', 'sfs.8.10', 12, NULL),
	('2018', 'wudinghe', 'sfs.8.11', 2, NULL),
	('2018', 'wudinghe', 'sfs.8.12', 2, NULL),
	('2018', 'wudinghe', 'sfs.8.13', 5, NULL);

-- 苏力德苏木司法所
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'sulide', 'sfs.1.1.1', 4, NULL),
	('2018', 'sulide', 'sfs.1.1.3', 2.75, NULL),
	('2018', 'sulide', 'sfs.1.1.4', 5, NULL),
	('2018', 'sulide', 'sfs.1.1.5', 6, NULL),
	('2018', 'sulide', 'sfs.1.1.6', 2.5, NULL),
	('2018', 'sulide', 'sfs.1.1.7', 2, NULL),
	('2018', 'sulide', 'sfs.1.2.1', 4, NULL),
	('2018', 'sulide', 'sfs.1.2.2', 1.5, NULL),
	('2018', 'sulide', 'sfs.1.3.1', 3.5, NULL),
	('2018', 'sulide', 'sfs.1.3.2', 5, NULL),
	('2018', 'sulide', 'sfs.1.3.3', 5, NULL),
	('2018', 'sulide', 'sfs.1.4', 4, NULL),
	('2018', 'sulide', 'sfs.1.5', 3.5, NULL),
	('2018', 'sulide', 'sfs.1.6', 5, NULL),
	('2018', 'sulide', 'sfs.1.7', 5, NULL),
	('2018', 'sulide', 'sfs.2.1', 5, NULL),
	('2018', 'sulide', 'sfs.2.2.1', 4, NULL),
	('2018', 'sulide', 'sfs.2.2.2', 5, NULL),
	('2018', 'sulide', 'sfs.2.3', 5, NULL),
	('2018', 'sulide', 'sfs.2.4', 10, NULL),
	('2018', 'sulide', 'sfs.3.1.1', 3, NULL),
	('2018', 'sulide', 'sfs.3.1.2', 3, NULL),
	('2018', 'sulide', 'sfs.3.1.3', 3, NULL),
	('2018', 'sulide', 'sfs.3.1.4', 3, NULL),
	('2018', 'sulide', 'sfs.3.1.5', 3, NULL),
	('2018', 'sulide', 'sfs.3.2', 3.5, NULL),
	('2018', 'sulide', 'sfs.3.3', 10, NULL),
	('2018', 'sulide', 'sfs.4.1', 9.5, NULL),
	('2018', 'sulide', 'sfs.4.2', 8.5, NULL),
	('2018', 'sulide', 'sfs.4.3.1', 8.5, NULL),
	('2018', 'sulide', 'sfs.4.3.2', 5, NULL),
	('2018', 'sulide', 'sfs.4.4', 9.5, NULL),
	('2018', 'sulide', 'sfs.4.5', 10, NULL),
	('2018', 'sulide', 'sfs.4.7', 9.5, NULL),
	('2018', 'sulide', 'sfs.6.1.1', 3, NULL),
	('2018', 'sulide', 'sfs.6.1.2', 3, NULL),
	('2018', 'sulide', 'sfs.6.1.3', 2, NULL),
	('2018', 'sulide', 'sfs.6.1.4', 12, NULL),
	('2018', 'sulide', 'sfs.6.2.1', 2, NULL),
	('2018', 'sulide', 'sfs.6.2.2', 2, NULL),
	('2018', 'sulide', 'sfs.6.2.3', 3, NULL),
	('2018', 'sulide', 'sfs.6.2.4', 3, NULL),
	('2018', 'sulide', 'sfs.6.3.1', 4, NULL),
	('2018', 'sulide', 'sfs.6.3.2', 2.5, NULL),
	('2018', 'sulide', 'sfs.6.3.3', 2, NULL),
	('2018', 'sulide', 'sfs.6.3.4', 2, NULL),
	('2018', 'sulide', 'sfs.6.3.5', 3, NULL),
	('2018', 'sulide', 'sfs.6.3.6', 5, NULL),
	('2018', 'sulide', 'sfs.6.4', 5, NULL),
	('2018', 'sulide', 'sfs.6.5.1', 5, NULL),
	('2018', 'sulide', 'sfs.6.5.2', 5, NULL),
	('2018', 'sulide', 'sfs.6.6.1', 2, NULL),
	('2018', 'sulide', 'sfs.6.6.2', 6, NULL),
	('2018', 'sulide', 'sfs.6.6.3', 3, NULL),
	('2018', 'sulide', 'sfs.6.6.4', 2.5, NULL),
	('2018', 'sulide', 'sfs.6.7', 5, NULL),
	('2018', 'sulide', 'sfs.6.8.1', 6, NULL),
	('2018', 'sulide', 'sfs.6.8.2', 8, NULL),
	('2018', 'sulide', 'sfs.7.1.1', 10, NULL),
	('2018', 'sulide', 'sfs.7.1.2', 9, NULL),
	('2018', 'sulide', 'sfs.7.1.3', 4, NULL),
	('2018', 'sulide', 'sfs.7.1.4', 6, NULL),
	('2018', 'sulide', 'sfs.7.2.1', 3.75, NULL),
	('2018', 'sulide', 'sfs.7.2.2', 6, NULL),
	('2018', 'sulide', 'sfs.7.3.1', 4, NULL),
	('2018', 'sulide', 'sfs.7.3.3', 10, NULL),
	('2018', 'sulide', 'sfs.7.3.4', 5, NULL),
	('2018', 'sulide', 'sfs.7.4', 10, NULL),
	('2018', 'sulide', 'sfs.7.5', 4, NULL),
	('2018', 'sulide', 'sfs.7.6', 4.5, NULL),
	('2018', 'sulide', 'sfs.7.7', 9.75, NULL),
	('2018', 'sulide', 'sfs.8.1', 6.5, NULL),
	('2018', 'sulide', 'sfs.8.2', 12, NULL),
	('2018', 'sulide', 'sfs.8.3', 12, NULL),
	('2018', 'sulide', 'sfs.8.4', 2, NULL),
	('2018', 'sulide', 'sfs.8.5', 10, NULL),
	('2018', 'sulide', 'sfs.8.6', 8.5, NULL),
	('2018', 'sulide', 'sfs.8.7', 2, NULL),
	('2018', 'sulide', 'sfs.8.8', 10.5, NULL),
	('2018', 'sulide', 'sfs.8.9', 4, NULL),
	('2018', 'sulide', 'sfs.8.10', 10.75, NULL),
	('2018', 'sulide', 'sfs.8.11', 2, NULL),
	('2018', 'sulide', 'sfs.8.12', 2, NULL),
	('2018', 'sulide', 'sfs.8.13', 6, NULL);

-- 办公室
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'bgs', 'r_bgs.1', 22, NULL),
	('2018', 'bgs', 'r_bgs.2', 19.25, NULL),
	('2018', 'bgs', 'r_bgs.3', 19.75, NULL),
	('2018', 'bgs', 'r_bgs.4', 18, NULL),
	('2018', 'bgs', 'r_bgs.5', 14.5, NULL);

-- 法治宣传股
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'fxg', 'r_fxg.1', 29.25, NULL),
	('2018', 'fxg', 'r_fxg.2', 23.25, NULL),
	('2018', 'fxg', 'r_fxg.3', 17.5, NULL),
	('2018', 'fxg', 'r_fxg.4', 15, NULL),
	('2018', 'fxg', 'r_fxg.5', 10, NULL);

-- 人民调解股
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'tjg', 'r_tjg.1', 24, NULL),
	('2018', 'tjg', 'r_tjg.2', 21.25, NULL),
	('2018', 'tjg', 'r_tjg.3', 15, NULL),
	('2018', 'tjg', 'r_tjg.4', 13.5, NULL),
	('2018', 'tjg', 'r_tjg.5', 12.75, NULL);

-- 社区矫正股
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'jzg', 'r_jzg.1', 26.5, NULL),
	('2018', 'jzg', 'r_jzg.2', 15.5, NULL),
	('2018', 'jzg', 'r_jzg.3', 20, NULL),
	('2018', 'jzg', 'r_jzg.4', 14, NULL),
	('2018', 'jzg', 'r_jzg.5', 15, NULL);

-- 直属律师事务所
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'lvsuo', 'lsws.1.1', 3, NULL),
	('2018', 'lvsuo', 'lsws.1.2', 3, NULL),
	('2018', 'lvsuo', 'lsws.1.3', 3, NULL),
	('2018', 'lvsuo', 'lsws.1.4', 3, NULL),
	('2018', 'lvsuo', 'lsws.1.5', 3, NULL),
	('2018', 'lvsuo', 'lsws.2.1', 3, NULL),
	('2018', 'lvsuo', 'lsws.2.2', 3, NULL),
	('2018', 'lvsuo', 'lsws.2.3', 2, NULL),
	('2018', 'lvsuo', 'lsws.2.4', 4, NULL),
	('2018', 'lvsuo', 'lsws.2.5', 2, NULL),
	('2018', 'lvsuo', 'lsws.3.1', 5, NULL),
	('2018', 'lvsuo', 'lsws.3.2', 5, NULL),
	('2018', 'lvsuo', 'lsws.3.3', 4.75, NULL),
	('2018', 'lvsuo', 'lsws.4.1', 6, NULL),
	('2018', 'lvsuo', 'lsws.4.2', 5, NULL),
	('2018', 'lvsuo', 'lsws.4.3', 4, NULL),
	('2018', 'lvsuo', 'lsws.5.1', 2.5, NULL),
	('2018', 'lvsuo', 'lsws.5.2', 6, NULL),
	('2018', 'lvsuo', 'lsws.5.3', 5, NULL),
	('2018', 'lvsuo', 'lsws.6.1', 3, NULL),
	('2018', 'lvsuo', 'lsws.6.2', 4.75, NULL),
	('2018', 'lvsuo', 'lsws.6.3', 1.5, NULL),
	('2018', 'lvsuo', 'lsws.6.4', 4, NULL),
	('2018', 'lvsuo', 'lsws.7.1', 5, NULL),
	('2018', 'lvsuo', 'lsws.7.2', 3.5, NULL);

-- 直属公证处
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'gongzheng', 'gzc.1.1', 4, NULL),
	('2018', 'gongzheng', 'gzc.1.2', 2.5, NULL),
	('2018', 'gongzheng', 'gzc.1.3', 2.5, NULL),
	('2018', 'gongzheng', 'gzc.1.4', 4, NULL),
	('2018', 'gongzheng', 'gzc.1.5', 4, NULL),
	('2018', 'gongzheng', 'gzc.2.1', 6.5, NULL),
	('2018', 'gongzheng', 'gzc.2.2', 9.5, NULL),
	('2018', 'gongzheng', 'gzc.3.1', 10, NULL),
	('2018', 'gongzheng', 'gzc.3.2', 8.5, NULL),
	('2018', 'gongzheng', 'gzc.4.1', 9.5, NULL),
	('2018', 'gongzheng', 'gzc.4.2', 10, NULL),
	('2018', 'gongzheng', 'gzc.5.1', 9, NULL),
	('2018', 'gongzheng', 'gzc.5.2', 8.5, NULL);

-- Evidence for the rule leaves: the facts each 司法所 reported.
--   sfs.1.1.2  {"count": pieces of information}     threshold 24 → 5 or 0
--   sfs.5      {"score": 普法 assessment, "source"}   external, out of 100
--   sfs.7.3.2  {"count": legal-aid cases}           threshold 10, prorated
INSERT INTO kpi.evidence (scheme_id, unit_code, criterion_code, facts) VALUES
	('2018', 'galutu', 'sfs.1.1.2', '{"count": 31}'),
	('2018', 'galutu', 'sfs.5', '{"score": 96, "source": "乌普法办发〔2018〕6号"}'),
	('2018', 'galutu', 'sfs.7.3.2', '{"count": 14}'),
	('2018', 'wushenzhao', 'sfs.1.1.2', '{"count": 25}'),
	('2018', 'wushenzhao', 'sfs.5', '{"score": 92, "source": "乌普法办发〔2018〕6号"}'),
	('2018', 'wushenzhao', 'sfs.7.3.2', '{"count": 10}'),
	('2018', 'tuke', 'sfs.1.1.2', '{"count": 27}'),
	('2018', 'tuke', 'sfs.5', '{"score": 94.5, "source": "乌普法办发〔2018〕6号"}'),
	('2018', 'tuke', 'sfs.7.3.2', '{"count": 12}'),
	('2018', 'wulantaolegai', 'sfs.1.1.2', '{"count": 19}'),
	('2018', 'wulantaolegai', 'sfs.5', '{"score": 83.5, "source": "乌普法办发〔2018〕6号"}'),
	('2018', 'wulantaolegai', 'sfs.7.3.2', '{"count": 7}'),
	('2018', 'wudinghe', 'sfs.1.1.2', '{"count": 24}'),
	('2018', 'wudinghe', 'sfs.5', '{"score": 90.5, "source": "乌普法办发〔2018〕6号"}'),
	('2018', 'wudinghe', 'sfs.7.3.2', '{"count": 9}'),
	('2018', 'sulide', 'sfs.1.1.2', '{"count": 22}'),
	('2018', 'sulide', 'sfs.5', '{"score": 89, "source": "乌普法办发〔2018〕6号"}'),
	('2018', 'sulide', 'sfs.7.3.2', '{"count": 11}');

-- ===========================================================================
-- 2018: ratings, 0..100 (苏木镇 party committee and government, the bureau's
-- leaders, members of the assessment leading group of 二、考核组织)
-- ===========================================================================
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater, score) VALUES
	('2018', 'galutu', 'sumu', '嘎鲁图镇党委', 95),
	('2018', 'galutu', 'sumu', '嘎鲁图镇政府', 97.1),
	('2018', 'galutu', 'sumu', '嘎鲁图镇党委政法委员', 97.4),
	('2018', 'galutu', 'lingdao', '局领导-李伟', 91.5),
	('2018', 'galutu', 'lingdao', '局领导-浩斯巴雅尔', 96),
	('2018', 'galutu', 'lingdao', '局领导-姜占胜', 95),
	('2018', 'galutu', 'xiaozu', '领导小组-冯志鹏', 92.7),
	('2018', 'galutu', 'xiaozu', '领导小组-王丽', 93),
	('2018', 'galutu', 'xiaozu', '领导小组-刘宇霞', 95),
	('2018', 'galutu', 'xiaozu', '领导小组-乌兰其其格', 91.5),
	('2018', 'galutu', 'xiaozu', '领导小组-刘勇', 96),
	('2018', 'wushenzhao', 'sumu', '乌审召镇党委', 90),
	('2018', 'wushenzhao', 'sumu', '乌审召镇政府', 94),
	('2018', 'wushenzhao', 'sumu', '乌审召镇党委政法委员', 90),
	('2018', 'wushenzhao', 'lingdao', '局领导-李伟', 93),
	('2018', 'wushenzhao', 'lingdao', '局领导-浩斯巴雅尔', 91),
	('2018', 'wushenzhao', 'lingdao', '局领导-姜占胜', 90.4),
	('2018', 'wushenzhao', 'xiaozu', '领导小组-冯志鹏', 90.5),
	('2018', 'wushenzhao', 'xiaozu', '领导小组-王丽', 92.5),
	('2018', 'wushenzhao', 'xiaozu', '领导小组-刘宇霞', 90.5),
	('2018', 'wushenzhao', 'xiaozu', '领导小组-乌兰其其格', 90.6),
	('2018', 'wushenzhao', 'xiaozu', '领导小组-刘勇', 89.5),
	('2018', 'tuke', 'sumu', '图克镇党委', 92),
	('2018', 'tuke', 'sumu', '图克镇政府', 95.1),
	('2018', 'tuke', 'sumu', '图克镇党委政法委员', 94),
	('2018', 'tuke', 'lingdao', '局领导-李伟', 91.5),
	('2018', 'tuke', 'lingdao', '局领导-浩斯巴雅尔', 93.5),
	('2018', 'tuke', 'lingdao', '局领导-姜占胜', 94.5),
	('2018', 'tuke', 'xiaozu', '领导小组-冯志鹏', 93),
	('2018', 'tuke', 'xiaozu', '领导小组-王丽', 92),
	('2018', 'tuke', 'xiaozu', '领导小组-刘宇霞', 95),
	('2018', 'tuke', 'xiaozu', '领导小组-乌兰其其格', 91),
	('2018', 'tuke', 'xiaozu', '领导小组-刘勇', 94.1),
	('2018', 'wulantaolegai', 'sumu', '乌兰陶勒盖镇党委', 83.9),
	('2018', 'wulantaolegai', 'sumu', '乌兰陶勒盖镇政府', 84.3),
	('2018', 'wulantaolegai', 'sumu', '乌兰陶勒盖镇党委政法委员', 85.9),
	('2018', 'wulantaolegai', 'lingdao', '局领导-李伟', 87),
	('2018', 'wulantaolegai', 'lingdao', '局领导-浩斯巴雅尔', 85.8),
	('2018', 'wulantaolegai', 'lingdao', '局领导-姜占胜', 86.5),
	('2018', 'wulantaolegai', 'xiaozu', '领导小组-冯志鹏', 83.7),
	('2018', 'wulantaolegai', 'xiaozu', '领导小组-王丽', 85.5),
	('2018', 'wulantaolegai', 'xiaozu', '领导小组-刘宇霞', 83.4),
	('2018', 'wulantaolegai', 'xiaozu', '领导小组-乌兰其其格', 85.5),
	('2018', 'wulantaolegai', 'xiaozu', '领导小组-刘勇', 86.6),
	('2018', 'wudinghe', 'sumu', '无定河镇党委', 91),
	('2018', 'wudinghe', 'sumu', '无定河镇政府', 89),
	('2018', 'wudinghe', 'sumu', '无定河镇党委政法委员', 90),
	('2018', 'wudinghe', 'lingdao', '局领导-李伟', 90.4),
	('2018', 'wudinghe', 'lingdao', '局领导-浩斯巴雅尔', 90),
	('2018', 'wudinghe', 'lingdao', '局领导-姜占胜', 92),
	('2018', 'wudinghe', 'xiaozu', '领导小组-冯志鹏', 92.6),
	('2018', 'wudinghe', 'xiaozu', '领导小组-王丽', 92.6),
	('2018', 'wudinghe', 'xiaozu', '领导小组-刘宇霞', 88.5),
	('2018', 'wudinghe', 'xiaozu', '领导小组-乌兰其其格', 92.5),
	('2018', 'wudinghe', 'xiaozu', '领导小组-刘勇', 92.3),
	('2018', 'sulide', 'sumu', '苏力德苏木党委', 92),
	('2018', 'sulide', 'sumu', '苏力德苏木政府', 87.5),
	('2018', 'sulide', 'sumu', '苏力德苏木党委政法委员', 88.2),
	('2018', 'sulide', 'lingdao', '局领导-李伟', 90.5),
	('2018', 'sulide', 'lingdao', '局领导-浩斯巴雅尔', 88.8),
	('2018', 'sulide', 'lingdao', '局领导-姜占胜', 90.5),
	('2018', 'sulide', 'xiaozu', '领导小组-冯志鹏', 89.8),
	('2018', 'sulide', 'xiaozu', '领导小组-王丽', 87),
	('2018', 'sulide', 'xiaozu', '领导小组-刘宇霞', 88),
	('2018', 'sulide', 'xiaozu', '领导小组-乌兰其其格', 91),
	('2018', 'sulide', 'xiaozu', '领导小组-刘勇', 90),
	('2018', 'bgs', 'lingdao', '局领导-李伟', 96.1),
	('2018', 'bgs', 'lingdao', '局领导-浩斯巴雅尔', 95),
	('2018', 'bgs', 'lingdao', '局领导-姜占胜', 96),
	('2018', 'bgs', 'xiaozu', '领导小组-金珠', 94),
	('2018', 'bgs', 'xiaozu', '领导小组-斯琴', 91.9),
	('2018', 'bgs', 'xiaozu', '领导小组-阿命布拉格', 95),
	('2018', 'bgs', 'xiaozu', '领导小组-冯志鹏', 94.6),
	('2018', 'fxg', 'lingdao', '局领导-李伟', 92),
	('2018', 'fxg', 'lingdao', '局领导-浩斯巴雅尔', 94.7),
	('2018', 'fxg', 'lingdao', '局领导-姜占胜', 93),
	('2018', 'fxg', 'xiaozu', '领导小组-金珠', 94.5),
	('2018', 'fxg', 'xiaozu', '领导小组-斯琴', 91.9),
	('2018', 'fxg', 'xiaozu', '领导小组-阿命布拉格', 90.1),
	('2018', 'fxg', 'xiaozu', '领导小组-冯志鹏', 93.1),
	('2018', 'tjg', 'lingdao', '局领导-李伟', 87),
	('2018', 'tjg', 'lingdao', '局领导-浩斯巴雅尔', 89),
	('2018', 'tjg', 'lingdao', '局领导-姜占胜', 86.8),
	('2018', 'tjg', 'xiaozu', '领导小组-金珠', 86),
	('2018', 'tjg', 'xiaozu', '领导小组-斯琴', 85.8),
	('2018', 'tjg', 'xiaozu', '领导小组-阿命布拉格', 85),
	('2018', 'tjg', 'xiaozu', '领导小组-冯志鹏', 86.9),
	('2018', 'jzg', 'lingdao', '局领导-李伟', 92),
	('2018', 'jzg', 'lingdao', '局领导-浩斯巴雅尔', 89),
	('2018', 'jzg', 'lingdao', '局领导-姜占胜', 89.3),
	('2018', 'jzg', 'xiaozu', '领导小组-金珠', 89),
	('2018', 'jzg', 'xiaozu', '领导小组-斯琴', 92.1),
	('2018', 'jzg', 'xiaozu', '领导小组-阿命布拉格', 89.3),
	('2018', 'jzg', 'xiaozu', '领导小组-冯志鹏', 92.9),
	('2018', 'lvsuo', 'lingdao', '局领导-李伟', 91),
	('2018', 'lvsuo', 'lingdao', '局领导-浩斯巴雅尔', 90.8),
	('2018', 'lvsuo', 'lingdao', '局领导-姜占胜', 91.9),
	('2018', 'lvsuo', 'xiaozu', '领导小组-王丽', 95.5),
	('2018', 'lvsuo', 'xiaozu', '领导小组-金珠', 95.8),
	('2018', 'lvsuo', 'xiaozu', '领导小组-斯琴', 94.3),
	('2018', 'gongzheng', 'lingdao', '局领导-李伟', 91),
	('2018', 'gongzheng', 'lingdao', '局领导-浩斯巴雅尔', 87.7),
	('2018', 'gongzheng', 'lingdao', '局领导-姜占胜', 89.1),
	('2018', 'gongzheng', 'xiaozu', '领导小组-王丽', 85.8),
	('2018', 'gongzheng', 'xiaozu', '领导小组-金珠', 87.3),
	('2018', 'gongzheng', 'xiaozu', '领导小组-斯琴', 90);
\endif

-- ===========================================================================
-- 2018: 创新突破 (method 四(三)); only approved ones count, 5 points by default
-- ===========================================================================
INSERT INTO kpi.bonus (scheme_id, unit_code, title, approved, points) VALUES
	('2018', 'galutu', '首创“牧区流动法律服务车”巡回调解模式，经局务会议审定', true, NULL),
	('2018', 'wulantaolegai', '“草原调解驿站”（已申报，局务会议未予审定）', false, NULL),
	('2018', 'fxg', '“蒙汉双语普法进嘎查”巡回宣讲，经局务会议审定', true, NULL);

-- ===========================================================================
-- 2018: veto (method 四(四), condition 7): 图克镇司法所 would rank second
-- and be 实绩突出; vetoed, it is 实绩一般 whatever its rank.
-- ===========================================================================
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code, note, confirmed) VALUES
	('2018', 'tuke', 7, '2018年9月辖区某嘎查草场边界纠纷未及时调解，矛盾激化引发群体性冲突，经局考核领导小组核实（示例）', true);

-- ===========================================================================
-- 2018: upstream deduction (method 四(四), last paragraph): the 市司法局
-- took 1 of 4 points of its 统计报表 item from the banner; the fault was
-- 无定河镇司法所's, so it loses 1/4 of its own 6-point item sfs.1.2 = 1.5.
-- ===========================================================================
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, source, upstream_lost, upstream_max, note) VALUES
	('2018', 'wudinghe', 'sfs.1.2', '市司法局', 1, 4,
	 '市司法局2018年度考核“业务统计报表”一项（4分）扣全旗1分，原因为无定河镇司法所第三季度人民调解统计报表迟报，按比例扣减该所本项分数（示例）');

-- ===========================================================================
-- 2018: members — one head (所长/股长/主任) and the staff of each unit
-- ===========================================================================
INSERT INTO kpi.member (scheme_id, unit_code, person, role) VALUES
	-- 嘎鲁图镇司法所: 所长 那仁满都拉, 7 staff
	('2018', 'galutu', '那仁满都拉', 'head'),
	('2018', 'galutu', '王海军', 'staff'),
	('2018', 'galutu', '其木格', 'staff'),
	('2018', 'galutu', '张晓丽', 'staff'),
	('2018', 'galutu', '巴图孟和', 'staff'),
	('2018', 'galutu', '刘建国', 'staff'),
	('2018', 'galutu', '萨仁高娃', 'staff'),
	('2018', 'galutu', '赵志强', 'staff'),
	-- 乌审召镇司法所: 所长 额尔敦毕力格, 3 staff
	('2018', 'wushenzhao', '额尔敦毕力格', 'head'),
	('2018', 'wushenzhao', '李娜', 'staff'),
	('2018', 'wushenzhao', '乌日娜', 'staff'),
	('2018', 'wushenzhao', '陈志伟', 'staff'),
	-- 图克镇司法所: 所长 宝音德力格尔, 4 staff
	('2018', 'tuke', '宝音德力格尔', 'head'),
	('2018', 'tuke', '杨帆', 'staff'),
	('2018', 'tuke', '图雅', 'staff'),
	('2018', 'tuke', '高瑞', 'staff'),
	('2018', 'tuke', '阿拉坦仓', 'staff'),
	-- 乌兰陶勒盖镇司法所: 所长 孟根其其格, 2 staff
	('2018', 'wulantaolegai', '孟根其其格', 'head'),
	('2018', 'wulantaolegai', '周静', 'staff'),
	('2018', 'wulantaolegai', '朝鲁门', 'staff'),
	-- 无定河镇司法所: 所长 马志刚, 3 staff
	('2018', 'wudinghe', '马志刚', 'head'),
	('2018', 'wudinghe', '敖登格日勒', 'staff'),
	('2018', 'wudinghe', '孙伟', 'staff'),
	('2018', 'wudinghe', '苏日娜', 'staff'),
	-- 苏力德苏木司法所: 所长 达来, 1 staff
	('2018', 'sulide', '达来', 'head'),
	('2018', 'sulide', '白玉梅', 'staff'),
	-- 办公室: 主任 韩雪梅, 3 staff
	('2018', 'bgs', '韩雪梅', 'head'),
	('2018', 'bgs', '布和', 'staff'),
	('2018', 'bgs', '郭磊', 'staff'),
	('2018', 'bgs', '娜仁花', 'staff'),
	-- 法治宣传股: 股长 乌力吉, 2 staff
	('2018', 'fxg', '乌力吉', 'head'),
	('2018', 'fxg', '徐静', 'staff'),
	('2018', 'fxg', '田野', 'staff'),
	-- 人民调解股: 股长 胡建军, 2 staff
	('2018', 'tjg', '胡建军', 'head'),
	('2018', 'tjg', '斯日古楞', 'staff'),
	('2018', 'tjg', '何丽', 'staff'),
	-- 社区矫正股: 股长 包金山, 2 staff
	('2018', 'jzg', '包金山', 'head'),
	('2018', 'jzg', '吴海燕', 'staff'),
	('2018', 'jzg', '青格乐', 'staff'),
	-- 直属律师事务所: 主任 潘志勇, 5 staff
	('2018', 'lvsuo', '潘志勇', 'head'),
	('2018', 'lvsuo', '曹斌', 'staff'),
	('2018', 'lvsuo', '阿如娜', 'staff'),
	('2018', 'lvsuo', '董文博', 'staff'),
	('2018', 'lvsuo', '其其格玛', 'staff'),
	('2018', 'lvsuo', '许亮', 'staff'),
	-- 直属公证处: 主任 萨础拉, 3 staff
	('2018', 'gongzheng', '萨础拉', 'head'),
	('2018', 'gongzheng', '贾红梅', 'staff'),
	('2018', 'gongzheng', '宝力道', 'staff'),
	('2018', 'gongzheng', '林涛', 'staff');

-- ===========================================================================
-- 2018: 不能评优评先 (method 五(五), 五(六))
-- ===========================================================================
INSERT INTO kpi.ineligible (scheme_id, unit_code, person, reason) VALUES
	('2018', 'wudinghe', '孙伟', '分管的社区服刑人员脱管一周（办法五（五））'),
	('2018', 'jzg', NULL, '不接受局里临时指派的专项督查任务（办法五（六））');

-- ===========================================================================
-- 2017: the previous year, kept small (invented rubrics, one per group).
-- 乌兰陶勒盖镇司法所 is last here as in 2018: two years 实绩一般.
-- ===========================================================================

-- 2017年度旗司法局对司法所目标责任考核细则（示例）
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, rule, position) VALUES
	('2017', 'sfs17', NULL, '2017年度旗司法局对司法所目标责任考核细则（示例）', 100, NULL, 1),
	('2017', 'sfs17.1', 'sfs17', '综合、基层和法律援助工作', 60, NULL, 1),
	('2017', 'sfs17.2', 'sfs17', '社区矫正和安置帮教工作', 40, NULL, 2);

-- 2017年度局属股室目标责任考核细则（示例）
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, rule, position) VALUES
	('2017', 'gs17', NULL, '2017年度局属股室目标责任考核细则（示例）', 100, NULL, 2),
	('2017', 'gs17.1', 'gs17', '全旗司法行政工作要点分解任务', 70, NULL, 1),
	('2017', 'gs17.2', 'gs17', '临时下达任务和重点工作', 30, NULL, 2);

-- 2017年度二级单位目标责任考核细则（示例）
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, rule, position) VALUES
	('2017', 'ej17', NULL, '2017年度二级单位目标责任考核细则（示例）', 100, NULL, 3),
	('2017', 'ej17.1', 'ej17', '行业党建与规范管理', 50, NULL, 1),
	('2017', 'ej17.2', 'ej17', '法律服务业务与公共法律服务体系建设', 50, NULL, 2);

INSERT INTO kpi.participant (scheme_id, unit_code, group_code, rubric_code) VALUES
	('2017', 'galutu', 'sifasuo', 'sfs17'),
	('2017', 'wushenzhao', 'sifasuo', 'sfs17'),
	('2017', 'tuke', 'sifasuo', 'sfs17'),
	('2017', 'wulantaolegai', 'sifasuo', 'sfs17'),
	('2017', 'wudinghe', 'sifasuo', 'sfs17'),
	('2017', 'sulide', 'sifasuo', 'sfs17'),
	('2017', 'bgs', 'gushi', 'gs17'),
	('2017', 'fxg', 'gushi', 'gs17'),
	('2017', 'tjg', 'gushi', 'gs17'),
	('2017', 'jzg', 'gushi', 'gs17'),
	('2017', 'lvsuo', 'erji', 'ej17'),
	('2017', 'gongzheng', 'erji', 'ej17');

\if :csv
-- 2017 scores and ratings: loaded from sample/csv/ at the end
\else
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2017', 'galutu', 'sfs17.1', 57, NULL),
	('2017', 'galutu', 'sfs17.2', 37, NULL),
	('2017', 'wushenzhao', 'sfs17.1', 53.25, NULL),
	('2017', 'wushenzhao', 'sfs17.2', 36.75, NULL),
	('2017', 'tuke', 'sfs17.1', 58, NULL),
	('2017', 'tuke', 'sfs17.2', 37.5, NULL),
	('2017', 'wulantaolegai', 'sfs17.1', 52.25, NULL),
	('2017', 'wulantaolegai', 'sfs17.2', 30.75, NULL),
	('2017', 'wudinghe', 'sfs17.1', 53.5, NULL),
	('2017', 'wudinghe', 'sfs17.2', 38, NULL),
	('2017', 'sulide', 'sfs17.1', 55.25, NULL),
	('2017', 'sulide', 'sfs17.2', 33.25, NULL),
	('2017', 'bgs', 'gs17.1', 58.5, NULL),
	('2017', 'bgs', 'gs17.2', 29, NULL),
	('2017', 'fxg', 'gs17.1', 67, NULL),
	('2017', 'fxg', 'gs17.2', 25.5, NULL),
	('2017', 'tjg', 'gs17.1', 65, NULL),
	('2017', 'tjg', 'gs17.2', 25, NULL),
	('2017', 'jzg', 'gs17.1', 66.5, NULL),
	('2017', 'jzg', 'gs17.2', 27.5, NULL),
	('2017', 'lvsuo', 'ej17.1', 42.25, NULL),
	('2017', 'lvsuo', 'ej17.2', 45.75, NULL),
	('2017', 'gongzheng', 'ej17.1', 44.25, NULL),
	('2017', 'gongzheng', 'ej17.2', 48.75, NULL);

-- ===========================================================================
-- 2017: ratings, 0..100 (苏木镇 party committee and government, the bureau's
-- leaders, members of the assessment leading group of 二、考核组织)
-- ===========================================================================
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater, score) VALUES
	('2017', 'galutu', 'sumu', '嘎鲁图镇党委', 91.1),
	('2017', 'galutu', 'sumu', '嘎鲁图镇政府', 94),
	('2017', 'galutu', 'sumu', '嘎鲁图镇党委政法委员', 94.3),
	('2017', 'galutu', 'lingdao', '局领导-李伟', 94.9),
	('2017', 'galutu', 'lingdao', '局领导-浩斯巴雅尔', 94),
	('2017', 'galutu', 'lingdao', '局领导-姜占胜', 93.3),
	('2017', 'galutu', 'xiaozu', '领导小组-冯志鹏', 90),
	('2017', 'galutu', 'xiaozu', '领导小组-王丽', 94),
	('2017', 'galutu', 'xiaozu', '领导小组-刘宇霞', 90.6),
	('2017', 'galutu', 'xiaozu', '领导小组-乌兰其其格', 91.3),
	('2017', 'galutu', 'xiaozu', '领导小组-刘勇', 90),
	('2017', 'wushenzhao', 'sumu', '乌审召镇党委', 92.7),
	('2017', 'wushenzhao', 'sumu', '乌审召镇政府', 90),
	('2017', 'wushenzhao', 'sumu', '乌审召镇党委政法委员', 90.2),
	('2017', 'wushenzhao', 'lingdao', '局领导-李伟', 92),
	('2017', 'wushenzhao', 'lingdao', '局领导-浩斯巴雅尔', 92),
	('2017', 'wushenzhao', 'lingdao', '局领导-姜占胜', 90.9),
	('2017', 'wushenzhao', 'xiaozu', '领导小组-冯志鹏', 89.7),
	('2017', 'wushenzhao', 'xiaozu', '领导小组-王丽', 91.5),
	('2017', 'wushenzhao', 'xiaozu', '领导小组-刘宇霞', 88.5),
	('2017', 'wushenzhao', 'xiaozu', '领导小组-乌兰其其格', 92.2),
	('2017', 'wushenzhao', 'xiaozu', '领导小组-刘勇', 92.5),
	('2017', 'tuke', 'sumu', '图克镇党委', 94),
	('2017', 'tuke', 'sumu', '图克镇政府', 95.1),
	('2017', 'tuke', 'sumu', '图克镇党委政法委员', 94),
	('2017', 'tuke', 'lingdao', '局领导-李伟', 95),
	('2017', 'tuke', 'lingdao', '局领导-浩斯巴雅尔', 91),
	('2017', 'tuke', 'lingdao', '局领导-姜占胜', 94.8),
	('2017', 'tuke', 'xiaozu', '领导小组-冯志鹏', 92.5),
	('2017', 'tuke', 'xiaozu', '领导小组-王丽', 92.5),
	('2017', 'tuke', 'xiaozu', '领导小组-刘宇霞', 94.9),
	('2017', 'tuke', 'xiaozu', '领导小组-乌兰其其格', 95.5),
	('2017', 'tuke', 'xiaozu', '领导小组-刘勇', 91.8),
	('2017', 'wulantaolegai', 'sumu', '乌兰陶勒盖镇党委', 85.5),
	('2017', 'wulantaolegai', 'sumu', '乌兰陶勒盖镇政府', 86),
	('2017', 'wulantaolegai', 'sumu', '乌兰陶勒盖镇党委政法委员', 87),
	('2017', 'wulantaolegai', 'lingdao', '局领导-李伟', 83.8),
	('2017', 'wulantaolegai', 'lingdao', '局领导-浩斯巴雅尔', 83),
	('2017', 'wulantaolegai', 'lingdao', '局领导-姜占胜', 82.2),
	('2017', 'wulantaolegai', 'xiaozu', '领导小组-冯志鹏', 82.6),
	('2017', 'wulantaolegai', 'xiaozu', '领导小组-王丽', 83),
	('2017', 'wulantaolegai', 'xiaozu', '领导小组-刘宇霞', 82.5),
	('2017', 'wulantaolegai', 'xiaozu', '领导小组-乌兰其其格', 86.2),
	('2017', 'wulantaolegai', 'xiaozu', '领导小组-刘勇', 86.8),
	('2017', 'wudinghe', 'sumu', '无定河镇党委', 90),
	('2017', 'wudinghe', 'sumu', '无定河镇政府', 92.5),
	('2017', 'wudinghe', 'sumu', '无定河镇党委政法委员', 93),
	('2017', 'wudinghe', 'lingdao', '局领导-李伟', 88.6),
	('2017', 'wudinghe', 'lingdao', '局领导-浩斯巴雅尔', 89),
	('2017', 'wudinghe', 'lingdao', '局领导-姜占胜', 89),
	('2017', 'wudinghe', 'xiaozu', '领导小组-冯志鹏', 91),
	('2017', 'wudinghe', 'xiaozu', '领导小组-王丽', 91.9),
	('2017', 'wudinghe', 'xiaozu', '领导小组-刘宇霞', 91),
	('2017', 'wudinghe', 'xiaozu', '领导小组-乌兰其其格', 91),
	('2017', 'wudinghe', 'xiaozu', '领导小组-刘勇', 88),
	('2017', 'sulide', 'sumu', '苏力德苏木党委', 89),
	('2017', 'sulide', 'sumu', '苏力德苏木政府', 89.4),
	('2017', 'sulide', 'sumu', '苏力德苏木党委政法委员', 90),
	('2017', 'sulide', 'lingdao', '局领导-李伟', 90.9),
	('2017', 'sulide', 'lingdao', '局领导-浩斯巴雅尔', 91.7),
	('2017', 'sulide', 'lingdao', '局领导-姜占胜', 91.8),
	('2017', 'sulide', 'xiaozu', '领导小组-冯志鹏', 88.6),
	('2017', 'sulide', 'xiaozu', '领导小组-王丽', 89.2),
	('2017', 'sulide', 'xiaozu', '领导小组-刘宇霞', 88.2),
	('2017', 'sulide', 'xiaozu', '领导小组-乌兰其其格', 90.2),
	('2017', 'sulide', 'xiaozu', '领导小组-刘勇', 90),
	('2017', 'bgs', 'lingdao', '局领导-李伟', 89),
	('2017', 'bgs', 'lingdao', '局领导-浩斯巴雅尔', 88),
	('2017', 'bgs', 'lingdao', '局领导-姜占胜', 86.2),
	('2017', 'bgs', 'xiaozu', '领导小组-金珠', 87),
	('2017', 'bgs', 'xiaozu', '领导小组-斯琴', 88.9),
	('2017', 'bgs', 'xiaozu', '领导小组-阿命布拉格', 87),
	('2017', 'bgs', 'xiaozu', '领导小组-冯志鹏', 89),
	('2017', 'fxg', 'lingdao', '局领导-李伟', 91),
	('2017', 'fxg', 'lingdao', '局领导-浩斯巴雅尔', 91.8),
	('2017', 'fxg', 'lingdao', '局领导-姜占胜', 90),
	('2017', 'fxg', 'xiaozu', '领导小组-金珠', 93.5),
	('2017', 'fxg', 'xiaozu', '领导小组-斯琴', 89.6),
	('2017', 'fxg', 'xiaozu', '领导小组-阿命布拉格', 90.4),
	('2017', 'fxg', 'xiaozu', '领导小组-冯志鹏', 91.3),
	('2017', 'tjg', 'lingdao', '局领导-李伟', 91.8),
	('2017', 'tjg', 'lingdao', '局领导-浩斯巴雅尔', 91),
	('2017', 'tjg', 'lingdao', '局领导-姜占胜', 90),
	('2017', 'tjg', 'xiaozu', '领导小组-金珠', 90),
	('2017', 'tjg', 'xiaozu', '领导小组-斯琴', 92),
	('2017', 'tjg', 'xiaozu', '领导小组-阿命布拉格', 91.7),
	('2017', 'tjg', 'xiaozu', '领导小组-冯志鹏', 90.5),
	('2017', 'jzg', 'lingdao', '局领导-李伟', 94),
	('2017', 'jzg', 'lingdao', '局领导-浩斯巴雅尔', 94),
	('2017', 'jzg', 'lingdao', '局领导-姜占胜', 91.6),
	('2017', 'jzg', 'xiaozu', '领导小组-金珠', 95),
	('2017', 'jzg', 'xiaozu', '领导小组-斯琴', 94.8),
	('2017', 'jzg', 'xiaozu', '领导小组-阿命布拉格', 93),
	('2017', 'jzg', 'xiaozu', '领导小组-冯志鹏', 92.9),
	('2017', 'lvsuo', 'lingdao', '局领导-李伟', 85.6),
	('2017', 'lvsuo', 'lingdao', '局领导-浩斯巴雅尔', 88),
	('2017', 'lvsuo', 'lingdao', '局领导-姜占胜', 89.3),
	('2017', 'lvsuo', 'xiaozu', '领导小组-王丽', 88.5),
	('2017', 'lvsuo', 'xiaozu', '领导小组-金珠', 89.5),
	('2017', 'lvsuo', 'xiaozu', '领导小组-斯琴', 87.5),
	('2017', 'gongzheng', 'lingdao', '局领导-李伟', 91),
	('2017', 'gongzheng', 'lingdao', '局领导-浩斯巴雅尔', 93.3),
	('2017', 'gongzheng', 'lingdao', '局领导-姜占胜', 93),
	('2017', 'gongzheng', 'xiaozu', '领导小组-王丽', 91),
	('2017', 'gongzheng', 'xiaozu', '领导小组-金珠', 91),
	('2017', 'gongzheng', 'xiaozu', '领导小组-斯琴', 90);
\endif

-- ===========================================================================
-- 2017: members — one head (所长/股长/主任) and the staff of each unit
-- ===========================================================================
INSERT INTO kpi.member (scheme_id, unit_code, person, role) VALUES
	-- 嘎鲁图镇司法所: 所长 那仁满都拉, 6 staff
	('2017', 'galutu', '那仁满都拉', 'head'),
	('2017', 'galutu', '王海军', 'staff'),
	('2017', 'galutu', '其木格', 'staff'),
	('2017', 'galutu', '张晓丽', 'staff'),
	('2017', 'galutu', '巴图孟和', 'staff'),
	('2017', 'galutu', '刘建国', 'staff'),
	('2017', 'galutu', '萨仁高娃', 'staff'),
	-- 乌审召镇司法所: 所长 额尔敦毕力格, 3 staff
	('2017', 'wushenzhao', '额尔敦毕力格', 'head'),
	('2017', 'wushenzhao', '李娜', 'staff'),
	('2017', 'wushenzhao', '乌日娜', 'staff'),
	('2017', 'wushenzhao', '陈志伟', 'staff'),
	-- 图克镇司法所: 所长 宝音德力格尔, 3 staff
	('2017', 'tuke', '宝音德力格尔', 'head'),
	('2017', 'tuke', '杨帆', 'staff'),
	('2017', 'tuke', '图雅', 'staff'),
	('2017', 'tuke', '高瑞', 'staff'),
	-- 乌兰陶勒盖镇司法所: 所长 孟根其其格, 2 staff
	('2017', 'wulantaolegai', '孟根其其格', 'head'),
	('2017', 'wulantaolegai', '周静', 'staff'),
	('2017', 'wulantaolegai', '朝鲁门', 'staff'),
	-- 无定河镇司法所: 所长 马志刚, 3 staff
	('2017', 'wudinghe', '马志刚', 'head'),
	('2017', 'wudinghe', '敖登格日勒', 'staff'),
	('2017', 'wudinghe', '孙伟', 'staff'),
	('2017', 'wudinghe', '苏日娜', 'staff'),
	-- 苏力德苏木司法所: 所长 达来, 1 staff
	('2017', 'sulide', '达来', 'head'),
	('2017', 'sulide', '白玉梅', 'staff'),
	-- 办公室: 主任 韩雪梅, 2 staff
	('2017', 'bgs', '韩雪梅', 'head'),
	('2017', 'bgs', '布和', 'staff'),
	('2017', 'bgs', '郭磊', 'staff'),
	-- 法治宣传股: 股长 乌力吉, 2 staff
	('2017', 'fxg', '乌力吉', 'head'),
	('2017', 'fxg', '徐静', 'staff'),
	('2017', 'fxg', '田野', 'staff'),
	-- 人民调解股: 股长 胡建军, 2 staff
	('2017', 'tjg', '胡建军', 'head'),
	('2017', 'tjg', '斯日古楞', 'staff'),
	('2017', 'tjg', '何丽', 'staff'),
	-- 社区矫正股: 股长 包金山, 2 staff
	('2017', 'jzg', '包金山', 'head'),
	('2017', 'jzg', '吴海燕', 'staff'),
	('2017', 'jzg', '青格乐', 'staff'),
	-- 直属律师事务所: 主任 潘志勇, 4 staff
	('2017', 'lvsuo', '潘志勇', 'head'),
	('2017', 'lvsuo', '曹斌', 'staff'),
	('2017', 'lvsuo', '阿如娜', 'staff'),
	('2017', 'lvsuo', '董文博', 'staff'),
	('2017', 'lvsuo', '其其格玛', 'staff'),
	-- 直属公证处: 主任 萨础拉, 3 staff
	('2017', 'gongzheng', '萨础拉', 'head'),
	('2017', 'gongzheng', '贾红梅', 'staff'),
	('2017', 'gongzheng', '宝力道', 'staff'),
	('2017', 'gongzheng', '林涛', 'staff');

-- ===========================================================================
-- With -v csv=on: scores, facts and ratings of both years from the
-- spreadsheets (paths relative to the project's top directory)
-- ===========================================================================
\if :csv
\copy kpi_report.score_entry FROM 'sample/csv/scores.csv' (FORMAT csv, HEADER match)
\copy kpi_report.evidence_entry FROM 'sample/csv/evidence.csv' (FORMAT csv, HEADER match)
\copy kpi_report.rating_entry FROM 'sample/csv/ratings.csv' (FORMAT csv, HEADER match)
\endif

COMMIT;
