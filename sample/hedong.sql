-- 示例数据 (invented): a second bureau, 河东县司法局, whose 2019 method is
-- reference method (a) of DESIGN.md, written as rows: four grades by score
-- (优秀 at least 90 and at most 20 % of the group, 良好 at least 80, 合格 the
-- default, 不合格 below 60; a confirmed veto caps at 不合格), rewards for
-- two grades, leader ratings given as letters A-D, bonus points capped at 5
-- with one achievement honoured at several levels counted once, and its
-- own consequences.  Load after CREATE EXTENSION kpi (the 2018 sample is
-- not needed):  psql -v ON_ERROR_STOP=1 -f sample/hedong.sql
BEGIN;

INSERT INTO kpi.scheme (scheme_id, year, title, veto_level, bonus_cap) VALUES
	('hedong2019', 2019, '2019年度河东县司法局目标管理考核（示例）', 4, 5);

-- the method: grades, a rating scale, consequences
INSERT INTO kpi.grade (scheme_id, level, label, share, min_total, below_total, is_default, reward_amount, head_share) VALUES
	('hedong2019', 1, '优秀',   0.2,  90,   NULL, false, 3000, 0.5),
	('hedong2019', 2, '良好',   NULL, 80,   NULL, false, 1000, NULL),
	('hedong2019', 3, '合格',   NULL, NULL, NULL, true,  NULL, NULL),
	('hedong2019', 4, '不合格', NULL, NULL, 60,   false, NULL, NULL);
INSERT INTO kpi.rating_scale (scheme_id, component_code, grade, points) VALUES
	('hedong2019', 'leader', 'A', 95), ('hedong2019', 'leader', 'B', 85),
	('hedong2019', 'leader', 'C', 75), ('hedong2019', 'leader', 'D', 60);
INSERT INTO kpi.consequence_rule (scheme_id, level, years, applies_to, consequence) VALUES
	('hedong2019', 1, 1, 'unit', '通报表彰，授予“先进司法所”称号'),
	('hedong2019', 4, 1, 'unit', '通报批评，约谈主要负责人'),
	('hedong2019', 4, 2, 'members', '连续两年不合格：主要负责人调整岗位');

-- one group, its components (content 80, the leaders' letter grades 20)
-- and a rubric of three items
INSERT INTO kpi.unit_group (scheme_id, group_code, title) VALUES ('hedong2019', 'suo', '基层司法所');
INSERT INTO kpi.component (scheme_id, group_code, component_code, title, weight) VALUES
	('hedong2019', 'suo', 'content', '工作目标考核', 80),
	('hedong2019', 'suo', 'leader', '局领导评价', 20);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, position) VALUES
	('hedong2019', 'hd', NULL, '司法所工作目标', 100, 1),
	('hedong2019', 'hd.1', 'hd', '人民调解', 40, 1),
	('hedong2019', 'hd.2', 'hd', '社区矫正', 30, 2),
	('hedong2019', 'hd.3', 'hd', '法治宣传', 30, 3);

INSERT INTO kpi.unit (unit_code, name, kind) VALUES
	('hd01', '城关镇司法所', 'suo'), ('hd02', '河口镇司法所', 'suo'), ('hd03', '新华乡司法所', 'suo'),
	('hd04', '柳林镇司法所', 'suo'), ('hd05', '石桥乡司法所', 'suo'), ('hd06', '王庄镇司法所', 'suo'),
	('hd07', '白马乡司法所', 'suo'), ('hd08', '杨集镇司法所', 'suo'), ('hd09', '南湖乡司法所', 'suo'),
	('hd10', '北山乡司法所', 'suo');
INSERT INTO kpi.participant (scheme_id, unit_code, group_code, rubric_code)
SELECT 'hedong2019', unit_code, 'suo', 'hd' FROM kpi.unit WHERE unit_code LIKE 'hd__';

INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points)
SELECT 'hedong2019', s.unit_code, 'hd.' || i, s.points[i]
  FROM (VALUES ('hd01', ARRAY[39, 29, 28]), ('hd02', ARRAY[38, 28, 28]), ('hd03', ARRAY[37, 27, 27]),
			   ('hd04', ARRAY[36, 27, 26]), ('hd05', ARRAY[36, 26, 26]), ('hd06', ARRAY[35, 25, 25]),
			   ('hd07', ARRAY[33, 24, 23]), ('hd08', ARRAY[30, 22, 22]), ('hd09', ARRAY[28, 20, 20]),
			   ('hd10', ARRAY[24, 17, 16])) AS s (unit_code, points)
 CROSS JOIN generate_series(1, 3) i;
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater, grade)
SELECT 'hedong2019', r.unit_code, 'leader', '局领导-' || i, r.grades[i]
  FROM (VALUES ('hd01', ARRAY['A', 'A']), ('hd02', ARRAY['A', 'B']), ('hd03', ARRAY['A', 'A']),
			   ('hd04', ARRAY['B', 'B']), ('hd05', ARRAY['A', 'B']), ('hd06', ARRAY['B', 'C']),
			   ('hd07', ARRAY['C', 'C']), ('hd08', ARRAY['C', 'D']), ('hd09', ARRAY['D', 'D']),
			   ('hd10', ARRAY['D', 'D'])) AS r (unit_code, grades)
 CROSS JOIN generate_series(1, 2) i;

-- one case honoured by the province and the city counts once (3), with
-- another innovation (3): 6, capped at 5
INSERT INTO kpi.bonus (scheme_id, unit_code, title, approved, points, achievement) VALUES
	('hedong2019', 'hd01', '人民调解案例获省级表彰', true, 3, '人民调解案例'),
	('hedong2019', 'hd01', '人民调解案例获市级表彰', true, 2, '人民调解案例'),
	('hedong2019', 'hd01', '“掌上调解”创新项目', true, 3, NULL);
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code, note) VALUES
	('hedong2019', 'hd06', 1, '辖区发生重大群体性事件（示例）');
INSERT INTO kpi.member (scheme_id, unit_code, person, role) VALUES
	('hedong2019', 'hd01', '张明', 'head'), ('hedong2019', 'hd01', '李华', 'staff'),
	('hedong2019', 'hd01', '王芳', 'staff'), ('hedong2019', 'hd02', '赵强', 'head'),
	('hedong2019', 'hd03', '孙丽', 'head'), ('hedong2019', 'hd03', '周杰', 'staff');

COMMIT;
