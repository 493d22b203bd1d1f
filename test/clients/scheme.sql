-- test/clients.sh's second scheme (invented): what the 2018 sample lacks
-- and spreadsheets trip on.  Group 空组 has no unit; 甲"一"所 is vetoed
-- (by test/clients.sh, between the import and the refresh); unit, group,
-- criterion and person names carry Chinese text with ASCII and Chinese
-- quotes, commas (ASCII and full-width) and an apostrophe; points have two
-- decimals that binary floating point cannot hold (0.1, 33.33, 89.99).
INSERT INTO kpi.scheme (scheme_id, year, title) VALUES ('q2019', 2019, '2019年度"引号,逗号"测试方案');
INSERT INTO kpi.unit_group (scheme_id, group_code, title) VALUES
	('q2019', 'jia', '甲组，含"引号"'), ('q2019', 'kong', '空组'), ('q2019', 'yi', '乙组');
INSERT INTO kpi.component (scheme_id, group_code, component_code, title, weight)
SELECT 'q2019', g, 'content', '内容考核', 100 FROM unnest('{jia,kong,yi}'::text[]) g;
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, position) VALUES
	('q2019', 'R', NULL, '测试细则', 100, 1),
	('q2019', 'R.1', 'R', '综合工作，"重点"', 60, 1),
	('q2019', 'R.1.1', 'R.1', '信息报送', 30, 1),
	('q2019', 'R.1.2', 'R.1', '调研“文章”, 至少1篇', 30, 2),
	('q2019', 'R.2', 'R', '基层工作', 40, 2),
	('q2019', 'R.2.1', 'R.2', '人民调解', 40, 1);
INSERT INTO kpi.unit (unit_code, name) VALUES
	('q_jia1', '甲"一"所，东区'), ('q_jia2', '甲二所,"西区"'), ('q_jia3', '甲三所''南区'''),
	('q_yi1', '乙“一”所，北区'), ('q_yi2', '乙二所');
INSERT INTO kpi.participant (scheme_id, unit_code, group_code, rubric_code) VALUES
	('q2019', 'q_jia1', 'jia', 'R'), ('q2019', 'q_jia2', 'jia', 'R'), ('q2019', 'q_jia3', 'jia', 'R'),
	('q2019', 'q_yi1', 'yi', 'R'), ('q2019', 'q_yi2', 'yi', 'R');
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('q2019', 'q_jia1', 'R.1.1', 30), ('q2019', 'q_jia1', 'R.1.2', 29.99), ('q2019', 'q_jia1', 'R.2.1', 39.9),
	('q2019', 'q_jia2', 'R.1.1', 29.9), ('q2019', 'q_jia2', 'R.1.2', 20.1), ('q2019', 'q_jia2', 'R.2.1', 39.99),
	('q2019', 'q_jia3', 'R.1.1', 0.1), ('q2019', 'q_jia3', 'R.1.2', 0.2), ('q2019', 'q_jia3', 'R.2.1', 33.33),
	('q2019', 'q_yi1', 'R.1.1', 25.55), ('q2019', 'q_yi1', 'R.1.2', 24.45), ('q2019', 'q_yi1', 'R.2.1', 39.99),
	('q2019', 'q_yi2', 'R.1.1', 10), ('q2019', 'q_yi2', 'R.1.2', 10), ('q2019', 'q_yi2', 'R.2.1', 10);
INSERT INTO kpi.member (scheme_id, unit_code, person, role) VALUES
	('q2019', 'q_jia2', '张"三"', 'head'), ('q2019', 'q_jia2', '李四,王五', 'staff'),
	('q2019', 'q_jia2', '赵“六”', 'staff'),
	('q2019', 'q_yi1', '周''七''', 'head'), ('q2019', 'q_yi1', '吴八，郑九', 'staff');
-- the 公示 until New Year's Eve 18:00 in Beijing, two appeals (their
-- filing time is the statement's), one of them decided
SELECT kpi.announce('q2019', '2099-12-31 18:00+08');
INSERT INTO kpi.appeal (scheme_id, unit_code, criterion_code, statement) VALUES
	('q2019', 'q_jia3', 'R.2.1', '调解台账已补，"见附件",请复核'),
	('q2019', 'q_yi2', NULL, '得分偏低，申请复核');
SELECT kpi.decide_appeal(id, 'rejected', '经核实，"台账"未补') FROM kpi.appeal WHERE unit_code = 'q_jia3';
