-- Semantics 3 (approved 创新突破 add their points) and 4 (upstream deductions,
-- capped bottom-up so no subtree goes below 0).
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('b', 2018);
INSERT INTO kpi.unit_group VALUES ('b', 'g', 'group');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('b', 'g', 'content', 100);
-- R.1 (20) = R.1.1 (10) + R.1.2 (10); R.2 (10).  Σ leaf max = 30.
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('b', 'R', NULL, 30), ('b', 'R.1', 'R', 20), ('b', 'R.1.1', 'R.1', 10), ('b', 'R.1.2', 'R.1', 10),
	('b', 'R.2', 'R', 10);
INSERT INTO kpi.unit (unit_code, name) VALUES ('a', 'A'), ('b', 'B');
INSERT INTO kpi.participant VALUES ('b', 'a', 'g', 'R'), ('b', 'b', 'g', 'R');
INSERT INTO kpi.score VALUES ('b', 'a', 'R.1.1', 8), ('b', 'a', 'R.1.2', 6), ('b', 'a', 'R.2', 10),
	('b', 'b', 'R.1.1', 10), ('b', 'b', 'R.1.2', 10), ('b', 'b', 'R.2', 3);

-- a, nested: R.1.1 asks round(1 / 4 × 10, 2) = 2.50 and takes it (8 held);
-- R.1 asks round(3 / 10 × 20, 2) + round(1 / 3 × 20, 2) = 6.00 + 6.67 = 12.67,
-- holds 14 with 2.50 taken below, so takes 11.50.  Deducted 14.00:
-- content (24 − 14) × 100 / 30 = 33.333… -> 33.33
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, source, upstream_lost, upstream_max) VALUES
	('b', 'a', 'R.1.1', '市司法局', 1, 4),
	('b', 'a', 'R.1', '市司法局', 3, 10),
	('b', 'a', 'R.1', '旗考核办', 1, 3);
-- b: R.2 asks round(5 / 5 × 10, 2) = 10 but holds 3: takes 3.
-- content (23 − 3) × 100 / 30 = 66.666… -> 66.67
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, source, upstream_lost, upstream_max) VALUES
	('b', 'b', 'R.2', '市司法局', 5, 5);

SELECT * FROM kpi.deduction_asked ORDER BY unit_code, criterion_code;
SELECT * FROM kpi.deduction_taken ORDER BY unit_code, criterion_code;

-- bonuses of a: approved with the scheme's 5, approved with 2.5, one not approved
INSERT INTO kpi.bonus (scheme_id, unit_code, title, approved, points) VALUES
	('b', 'a', '蒙汉双语法律服务', true, NULL),
	('b', 'a', '远程探视创新', true, 2.5),
	('b', 'a', '未审定项目', false, 5);
-- a: total round(33.333… + 7.5, 2) = 40.83;  b: 66.67
SELECT unit_code, content, bonus, deduction, total, rank FROM kpi.result ORDER BY unit_code;

-- the office approves the third one: +5
UPDATE kpi.bonus SET approved = true WHERE title = '未审定项目';
SELECT unit_code, bonus, total FROM kpi.result WHERE unit_code = 'a';
-- the scheme's default changes: the null-points bonus follows (4 + 2.5 + 5)
UPDATE kpi.scheme SET bonus_points = 4 WHERE scheme_id = 'b';
SELECT unit_code, bonus, total FROM kpi.result WHERE unit_code = 'a';
