-- Semantics 10 and 11: grades as rows.  The reference methods of DESIGN.md:
-- (a) four grades by score with a 20 % quota, (b) a quota method without a
-- last place, (c) the 2018 method as rows, which must compute the 2018
-- sample exactly as the method without rows does.  Every unit's total is
-- its points on one leaf of 100 (content weight 100).
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year, veto_level) VALUES ('a', 2019, 4), ('b', 2019, 2);
-- (a) 优秀: total >= 90 and at most 20 % of the group; 良好: >= 80;
-- 合格: the default; 不合格: below 60; a veto caps at 不合格 (level 4)
INSERT INTO kpi.grade (scheme_id, level, label, share, min_total, below_total, is_default, reward_amount, head_share) VALUES
	('a', 1, '优秀', 0.2, 90, NULL, false, 2000, NULL),
	('a', 2, '良好', NULL, 80, NULL, false, 500, 0.5),
	('a', 3, '合格', NULL, NULL, NULL, true, NULL, NULL),
	('a', 4, '不合格', NULL, NULL, 60, false, NULL, NULL);
-- (b) 优秀: the top 30 % of the group; the rest 合格; no last place; a veto
-- caps at 合格 (level 2)
INSERT INTO kpi.grade (scheme_id, level, label, share, is_default) VALUES
	('b', 1, '优秀', 0.3, false),
	('b', 2, '合格', NULL, true);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('a', 'ten'), ('a', 'four'), ('b', 'seven');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight)
SELECT scheme_id, group_code, 'content', 100 FROM kpi.unit_group;
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('a', 'R', NULL, 100), ('a', 'L', 'R', 100), ('b', 'R', NULL, 100), ('b', 'L', 'R', 100);
INSERT INTO kpi.unit (unit_code, name)
SELECT c, upper(c) FROM unnest('{a01,a02,a03,a04,a05,a06,a07,a08,a09,a10,f1,f2,f3,f4,b1,b2,b3,b4,b5,b6,b7}'::text[]) c;
INSERT INTO kpi.participant
SELECT 'a', c, CASE WHEN c LIKE 'a%' THEN 'ten' ELSE 'four' END, 'R'
  FROM unnest('{a01,a02,a03,a04,a05,a06,a07,a08,a09,a10,f1,f2,f3,f4}'::text[]) c
UNION ALL
SELECT 'b', c, 'seven', 'R' FROM unnest('{b1,b2,b3,b4,b5,b6,b7}'::text[]) c;
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	-- ten: 20 % of 10 is 2 places, but a02 and a03 tie for second: all
	-- three are 优秀; a04 (92) is then 良好 with a05; a06 (85) is vetoed,
	-- so 不合格; a09 (59.5) and a10 are below 60
	('a', 'a01', 'L', 98), ('a', 'a02', 'L', 95), ('a', 'a03', 'L', 95), ('a', 'a04', 'L', 92),
	('a', 'a05', 'L', 88), ('a', 'a06', 'L', 85), ('a', 'a07', 'L', 75), ('a', 'a08', 'L', 65),
	('a', 'a09', 'L', 59.5), ('a', 'a10', 'L', 50),
	-- four: 20 % of 4 rounds down to 0 places: nobody is 优秀, the three
	-- above 80 are 良好
	('a', 'f1', 'L', 99), ('a', 'f2', 'L', 91), ('a', 'f3', 'L', 81), ('a', 'f4', 'L', 70),
	-- seven: 30 % of 7 is 2 places; b1 (first) is vetoed and not a
	-- candidate; b2, and b3 and b4 tied behind it, are 优秀; the last is
	-- 合格, as no level has last places
	('b', 'b1', 'L', 90), ('b', 'b2', 'L', 85), ('b', 'b3', 'L', 80), ('b', 'b4', 'L', 80),
	('b', 'b5', 'L', 70), ('b', 'b6', 'L', 60), ('b', 'b7', 'L', 50);
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code) VALUES ('a', 'a06', 1), ('b', 'b1', 1);
INSERT INTO kpi.member VALUES
	('a', 'a01', '张三', 'head'), ('a', 'a01', '李四', 'staff'), ('a', 'a01', '王五', 'staff'),
	('a', 'a04', '赵六', 'head'), ('a', 'a04', '钱七', 'staff');

-- levels, labels; tier only for schemes of three levels (none here)
SELECT scheme_id, group_code, unit_code, total, rank, vetoed, level, tier, tier_label
  FROM kpi.result ORDER BY scheme_id, group_code, rank, unit_code;

-- rewards per grade: 优秀 2000 split with the scheme's head share (0.40),
-- 良好 500 split half and half; no members: one row for the unit
SELECT unit_code, person, role, amount FROM kpi.reward
 WHERE scheme_id = 'a' ORDER BY unit_code, person COLLATE "C" NULLS FIRST;
SELECT unit_code, sum(amount) FROM kpi.reward WHERE scheme_id = 'a' GROUP BY unit_code ORDER BY unit_code;

-- a downgrade moves a02 out of 优秀 to 良好; its place is not refilled
-- (a04 stays 良好); two steps take a07 from 合格 past the worst no further
INSERT INTO kpi.downgrade (scheme_id, unit_code, steps) VALUES ('a', 'a02', 1), ('a', 'a07', 2);
SELECT unit_code, total, rank, downgraded, level, tier_label FROM kpi.result
 WHERE scheme_id = 'a' AND group_code = 'ten' ORDER BY rank, unit_code;

-- places instead of a share: 3 places take a01 and a02, a03 tied behind it
-- (a02 is then downgraded to 良好); a04, fourth, is not placed
UPDATE kpi.grade SET share = NULL, places = 3 WHERE scheme_id = 'a' AND level = 1;
SELECT unit_code, level FROM kpi.result WHERE scheme_id = 'a' AND group_code = 'ten' AND level <= 2 ORDER BY rank, unit_code;
-- no quota at all: every candidate (total >= 90, not capped) is 优秀
UPDATE kpi.grade SET places = NULL WHERE scheme_id = 'a' AND level = 1;
SELECT unit_code, level FROM kpi.result WHERE scheme_id = 'a' AND level = 1 ORDER BY unit_code;

-- last places: the units of the 2 worst distinct ranks of a group of at
-- least 2 are capped at the level (ranks 1, 2, 2, 4: those ranked 4 and 2);
-- b1, first but vetoed, is capped at 合格; with three levels, tier is shown
DELETE FROM kpi.downgrade;
UPDATE kpi.grade SET places = NULL, share = NULL, min_total = NULL WHERE scheme_id = 'b' AND level = 1;
INSERT INTO kpi.grade (scheme_id, level, label, last_places) VALUES ('b', 3, '末位', 2);
DELETE FROM kpi.score WHERE scheme_id = 'b' AND unit_code IN ('b5', 'b6', 'b7');
DELETE FROM kpi.participant WHERE scheme_id = 'b' AND unit_code IN ('b5', 'b6', 'b7');
UPDATE kpi.score SET points = 85 WHERE scheme_id = 'b' AND unit_code = 'b3';
SELECT unit_code, total, rank, vetoed, level, tier, tier_label FROM kpi.result WHERE scheme_id = 'b' ORDER BY rank, unit_code;

-- the window function on its own: the 2018 method without grades (levels
-- 1, 2, 3 as kpi_tier's tiers), and grades given directly
SELECT x, kpi.kpi_tier(x, false, 100 - x, 2, NULL, 'none', NULL) OVER (ORDER BY x),
	   kpi.kpi_tier(x, false, 2) OVER (ORDER BY x)
  FROM unnest('{1,1,3,4,4}'::bigint[]) x;
SELECT kpi.kpi_veto(1, true, 0, 3, 4), kpi.kpi_veto(2, false, 5, 3, 4), kpi.kpi_veto(4, true, 1, 2, 4);

-- (c) the 2018 method as rows computes the 2018 sample exactly as the
-- method without rows: the same results, rewards and consequences
\i sql/include/sample.sql
CREATE TEMP TABLE before_result AS SELECT * FROM kpi.result WHERE scheme_id IN ('2017', '2018');
CREATE TEMP TABLE before_reward AS SELECT * FROM kpi.reward WHERE scheme_id IN ('2017', '2018');
CREATE TEMP TABLE before_consequence AS SELECT * FROM kpi.consequence WHERE scheme_id IN ('2017', '2018');
SELECT kpi.write_2018_method('2017'), kpi.write_2018_method('2018');
SELECT scheme_id, level, label, places, share, min_total, below_total, last_places, is_default, reward_amount, head_share
  FROM kpi.grade WHERE scheme_id IN ('2017', '2018') ORDER BY scheme_id, level;
SELECT scheme_id, level, years, applies_to, consequence FROM kpi.consequence_rule
 WHERE scheme_id IN ('2017', '2018') ORDER BY scheme_id, id;
SELECT (SELECT count(*) FROM before_result) AS results,
	   (SELECT count(*) FROM before_reward) AS rewards,
	   (SELECT count(*) FROM before_consequence) AS consequences;
SELECT 'result changed' AS problem, * FROM (
	(SELECT * FROM before_result EXCEPT ALL SELECT * FROM kpi.result WHERE scheme_id IN ('2017', '2018'))
	UNION ALL
	(SELECT * FROM kpi.result WHERE scheme_id IN ('2017', '2018') EXCEPT ALL SELECT * FROM before_result)) x;
SELECT 'reward changed' AS problem, * FROM (
	(SELECT * FROM before_reward EXCEPT ALL SELECT * FROM kpi.reward WHERE scheme_id IN ('2017', '2018'))
	UNION ALL
	(SELECT * FROM kpi.reward WHERE scheme_id IN ('2017', '2018') EXCEPT ALL SELECT * FROM before_reward)) x;
SELECT 'consequence changed' AS problem, * FROM (
	(SELECT * FROM before_consequence EXCEPT ALL SELECT * FROM kpi.consequence WHERE scheme_id IN ('2017', '2018'))
	UNION ALL
	(SELECT * FROM kpi.consequence WHERE scheme_id IN ('2017', '2018') EXCEPT ALL SELECT * FROM before_consequence)) x;
-- written once only
SELECT kpi.write_2018_method('2018');

-- The demo's second bureau (sample/hedong.sql): method (a) with letter
-- grades for the leaders (A 95, B 85), a bonus cap of 5 and one case
-- honoured twice.  城关镇: 80 × 96 / 100 + 20 × 95 / 100 + min(3 + 3, 5)
-- = 76.8 + 19 + 5 = 100.80.  Two of ten may be 优秀: 城关镇 and 河口镇;
-- 新华乡 (91.80) is 良好; 王庄镇 is vetoed (不合格), 北山乡 below 60.
\set ECHO none
\set QUIET 1
\i sample/hedong.sql
\set QUIET 0
\set ECHO all
SELECT unit_code, content, ratings, bonus, total, rank, vetoed, level, tier_label
  FROM kpi.result WHERE scheme_id = 'hedong2019' ORDER BY rank, unit_code;
SELECT unit_code, person, role, amount FROM kpi.reward WHERE scheme_id = 'hedong2019'
 ORDER BY unit_code, person COLLATE "C" NULLS FIRST;
SELECT unit_code, person, consequence FROM kpi.consequence WHERE scheme_id = 'hedong2019'
 ORDER BY unit_code, person COLLATE "C" NULLS FIRST;
SELECT count(*) AS problems FROM kpi.validate('hedong2019');
