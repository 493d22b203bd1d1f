-- Semantics 12-14 and a method's checks: consequences as rows over years in
-- a row (earlier years read from their published results), a new year by
-- kpi.copy_scheme, rating scales, the bonus policy, kpi.validate's method
-- problems.  Totals are points on one leaf of 100 unless said.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.unit (unit_code, name)
SELECT c, upper(c) FROM unnest('{u1,u2,u3,u4,u5,u6}'::text[]) c;

-- 2017: no grade rows (the 2018 method); u3 and u5 are last (poor)
INSERT INTO kpi.scheme (scheme_id, year) VALUES ('s17', 2017);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('s17', 'g'), ('s17', 'h');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('s17', 'g', 'content', 100), ('s17', 'h', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('s17', 'R', NULL, 100), ('s17', 'L', 'R', 100);
INSERT INTO kpi.participant VALUES ('s17', 'u1', 'g', 'R'), ('s17', 'u2', 'g', 'R'), ('s17', 'u3', 'g', 'R'),
	('s17', 'u5', 'h', 'R'), ('s17', 'u6', 'h', 'R');
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('s17', 'u1', 'L', 90), ('s17', 'u2', 'L', 80), ('s17', 'u3', 'L', 70),
	('s17', 'u5', 'L', 60), ('s17', 'u6', 'L', 70);

-- 2018: four grades, the last place 不合格; no consequence rules, so rule 9
-- reads level 1 as outstanding and level 4 as poor.  u5 and u6 take no part.
INSERT INTO kpi.scheme (scheme_id, year) VALUES ('s18', 2018);
INSERT INTO kpi.grade (scheme_id, level, label, places, min_total, last_places, is_default) VALUES
	('s18', 1, '优秀', 1, 90, NULL, false),
	('s18', 2, '良好', NULL, 80, NULL, false),
	('s18', 3, '合格', NULL, NULL, NULL, true),
	('s18', 4, '不合格', NULL, NULL, 1, false);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('s18', 'g');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('s18', 'g', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('s18', 'R', NULL, 100), ('s18', 'L', 'R', 100);
INSERT INTO kpi.participant SELECT 's18', u, 'g', 'R' FROM unnest('{u1,u2,u3,u4}'::text[]) u;
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('s18', 'u1', 'L', 95), ('s18', 'u2', 'L', 85), ('s18', 'u3', 'L', 55), ('s18', 'u4', 'L', 75);
INSERT INTO kpi.member VALUES ('s18', 'u3', 'm31', 'head');

SELECT scheme_id, unit_code, rank, level, tier, tier_label FROM kpi.result ORDER BY scheme_id, group_code, rank;
-- u3 is at the worst level in 2018 and was in 2017 (a scheme without
-- grade rows): 不称职 for its member
SELECT * FROM kpi.consequence ORDER BY scheme_id, unit_code, person COLLATE "C" NULLS FIRST, consequence COLLATE "C";

-- A new year from the last: the method and set-up, not the year's data
SELECT scheme_id, year, status, top_n FROM kpi.copy_scheme('s18', 's19', 2019);
SELECT t, n FROM (VALUES
	('unit_group', (SELECT count(*) FROM kpi.unit_group WHERE scheme_id = 's19')),
	('component', (SELECT count(*) FROM kpi.component WHERE scheme_id = 's19')),
	('criterion', (SELECT count(*) FROM kpi.criterion WHERE scheme_id = 's19')),
	('participant', (SELECT count(*) FROM kpi.participant WHERE scheme_id = 's19')),
	('grade', (SELECT count(*) FROM kpi.grade WHERE scheme_id = 's19')),
	('score', (SELECT count(*) FROM kpi.score WHERE scheme_id = 's19')),
	('member', (SELECT count(*) FROM kpi.member WHERE scheme_id = 's19'))) v (t, n);
SELECT level, label, places, min_total, last_places, is_default FROM kpi.grade WHERE scheme_id = 's19' ORDER BY level;
-- refused: a target that exists, a source that does not, a missing year
SELECT kpi.copy_scheme('s18', 's17', 2019);
SELECT kpi.copy_scheme('nope', 's20', 2020);
SELECT kpi.copy_scheme('s18', 's20', NULL);
SELECT count(*) FROM kpi.scheme WHERE scheme_id = 's20';

-- 2019: consequences as rows.  u5 and u6 join again, in group h.
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('s19', 'h');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('s19', 'h', 'content', 100);
INSERT INTO kpi.participant VALUES ('s19', 'u5', 'h', 'R'), ('s19', 'u6', 'h', 'R');
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('s19', 'u1', 'L', 96), ('s19', 'u2', 'L', 86), ('s19', 'u3', 'L', 50), ('s19', 'u4', 'L', 76),
	('s19', 'u5', 'L', 60), ('s19', 'u6', 'L', 70);
INSERT INTO kpi.member VALUES ('s19', 'u2', 'm21', 'head'), ('s19', 'u2', 'm22', 'staff'),
	('s19', 'u3', 'm31', 'head'), ('s19', 'u5', 'm51', 'head');
INSERT INTO kpi.consequence_rule (scheme_id, level, years, applies_to, consequence) VALUES
	('s19', 1, 2, 'unit', '连续两年优秀：记集体三等功'),
	('s19', 2, 2, 'members', '连续两年良好'),
	('s19', 4, 1, 'unit', '通报批评'),
	('s19', 4, 3, 'members', '连续三年末位：调整班子');
SELECT unit_code, rank, level, tier_label FROM kpi.result WHERE scheme_id = 's19' ORDER BY group_code, rank;
-- u1 优秀 in 2018 and 2019; u2 良好 both years (its members); u3 at the
-- worst level in 2017 (no grades), 2018 and 2019; u5 worst in 2017 and 2019
-- but absent in 2018: no year may be missing.  No rule 9: the scheme's
-- rules replace it (no 通报表彰 for u1).
SELECT * FROM kpi.consequence WHERE scheme_id = 's19'
 ORDER BY unit_code, person COLLATE "C" NULLS FIRST, consequence COLLATE "C";

-- Earlier years are read from their published results.  2018 is
-- finalized; then its data is changed behind the lock (as a later release
-- computing otherwise would): u3 would now be first in 2018, but its
-- published level stands, and so do 2019's consequences.
SELECT scheme_id, forced FROM kpi.finalize('s18');
ALTER TABLE kpi.score DISABLE TRIGGER a_lock_update;
UPDATE kpi.score SET points = 99 WHERE scheme_id = 's18' AND unit_code = 'u3';
ALTER TABLE kpi.score ENABLE TRIGGER a_lock_update;
SELECT 'live' AS source, unit_code, level FROM kpi.live_result WHERE scheme_id = 's18' AND unit_code = 'u3'
UNION ALL
SELECT 'standing', unit_code, level FROM kpi.standing WHERE scheme_id = 's18' AND unit_code = 'u3';
SELECT * FROM kpi.consequence WHERE scheme_id = 's19' AND unit_code = 'u3'
 ORDER BY person COLLATE "C" NULLS FIRST, consequence COLLATE "C";

-- Rating scales (semantics 13): leader takes letter grades, peer scores.
INSERT INTO kpi.scheme (scheme_id, year) VALUES ('sc', 2019);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('sc', 'g');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('sc', 'g', 'content', 60), ('sc', 'g', 'leader', 30), ('sc', 'g', 'peer', 10);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('sc', 'R', NULL, 100), ('sc', 'L', 'R', 100);
INSERT INTO kpi.participant VALUES ('sc', 'u1', 'g', 'R'), ('sc', 'u2', 'g', 'R');
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('sc', 'u1', 'L', 100), ('sc', 'u2', 'L', 50);
INSERT INTO kpi.rating_scale (scheme_id, component_code, grade, points) VALUES
	('sc', 'leader', 'A', 95), ('sc', 'leader', 'B', 85), ('sc', 'leader', 'C', 75), ('sc', 'leader', 'D', 60);
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater, grade) VALUES
	('sc', 'u1', 'leader', 'r1', 'A'), ('sc', 'u1', 'leader', 'r2', 'B'),
	('sc', 'u2', 'leader', 'r1', 'C'), ('sc', 'u2', 'leader', 'r2', 'D');
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater, score) VALUES
	('sc', 'u1', 'peer', 'r1', 80), ('sc', 'u2', 'peer', 'r1', 70);
-- u1: 60 + 30 × (95 + 85) / 200 + 10 × 80 / 100 = 60 + 27 + 8 = 95
-- u2: 30 + 30 × (75 + 60) / 200 + 7 = 30 + 20.25 + 7 = 57.25
SELECT unit_code, content, ratings, total, complete FROM kpi.result WHERE scheme_id = 'sc' ORDER BY unit_code;
-- refused: a grade not on the scale, a score where a grade is due, a grade
-- where the component has no scale, a scale on content, a scale given to a
-- component rated by scores, a scale's grade in use removed, points > 100
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater, grade) VALUES ('sc', 'u1', 'leader', 'r3', 'E');
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater, score) VALUES ('sc', 'u1', 'leader', 'r3', 90);
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater, grade) VALUES ('sc', 'u1', 'peer', 'r3', 'A');
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater) VALUES ('sc', 'u1', 'peer', 'r3');
INSERT INTO kpi.rating_scale (scheme_id, component_code, grade, points) VALUES ('sc', 'content', 'A', 95);
INSERT INTO kpi.rating_scale (scheme_id, component_code, grade, points) VALUES ('sc', 'peer', 'A', 95);
DELETE FROM kpi.rating_scale WHERE scheme_id = 'sc' AND grade = 'A';
INSERT INTO kpi.rating_scale (scheme_id, component_code, grade, points) VALUES ('sc', 'leader', 'S', 101);
SELECT count(*) AS ratings FROM kpi.rating WHERE scheme_id = 'sc';

-- The bonus policy (semantics 14): one achievement honoured twice counts
-- once, with its most points; then the scheme's cap
INSERT INTO kpi.bonus (scheme_id, unit_code, title, approved, points, achievement) VALUES
	('sc', 'u1', '市级表彰', true, 3, '调解案例'),
	('sc', 'u1', '省级表彰', true, 5, '调解案例'),
	('sc', 'u1', '创新做法', true, NULL, NULL),
	('sc', 'u1', '未批准', false, 4, NULL),
	('sc', 'u2', '创新做法', true, 2, NULL);
-- u1: 5 (调解案例, once) + 5 (the scheme's bonus_points) = 10
SELECT unit_code, bonus, total FROM kpi.result WHERE scheme_id = 'sc' ORDER BY unit_code;
UPDATE kpi.scheme SET bonus_cap = 6 WHERE scheme_id = 'sc';
SELECT unit_code, bonus, total FROM kpi.result WHERE scheme_id = 'sc' ORDER BY unit_code;
UPDATE kpi.scheme SET bonus_cap = -1 WHERE scheme_id = 'sc';

-- A method's problems, each naming its row; finalization refuses them,
-- even forced
INSERT INTO kpi.scheme (scheme_id, year, veto_level) VALUES ('v', 2019, 9);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('v', 'g');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('v', 'g', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('v', 'R', NULL, 100), ('v', 'L', 'R', 100);
INSERT INTO kpi.participant VALUES ('v', 'u1', 'g', 'R');
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES ('v', 'u1', 'L', 80);
INSERT INTO kpi.grade (scheme_id, level, label, places, share, below_total, is_default) VALUES
	('v', 1, '甲', 0, NULL, NULL, false),
	('v', 2, '乙', NULL, NULL, NULL, true),
	('v', 3, '丙', NULL, NULL, NULL, true),
	('v', 5, '戊', NULL, 0.1, 60, false),
	('v', 6, '己', NULL, NULL, 70, false);
INSERT INTO kpi.consequence_rule (scheme_id, level, applies_to, consequence) VALUES ('v', 7, 'unit', '通报');
INSERT INTO kpi.rating_scale (scheme_id, component_code, grade, points) VALUES ('v', 'nobody', 'A', 90);
SELECT problem, detail FROM kpi.validate('v');
SELECT kpi.finalize('v', force => true);
-- with one default (level 2), the quota of level 5 (worse) is never used
UPDATE kpi.grade SET is_default = false WHERE scheme_id = 'v' AND level = 3;
SELECT problem, detail FROM kpi.validate('v') WHERE detail LIKE '%default%';
-- refused when written: a share outside 0..1, places and share together, a
-- level 0, a negative cap
INSERT INTO kpi.grade (scheme_id, level, label, share) VALUES ('v', 4, '丁', 1.5);
INSERT INTO kpi.grade (scheme_id, level, label, places, share) VALUES ('v', 4, '丁', 1, 0.5);
INSERT INTO kpi.grade (scheme_id, level, label) VALUES ('v', 0, '零');
-- the sound schemes have no method problem
SELECT scheme_id, count(*) FILTER (WHERE v.problem = 'method') AS method_problems
  FROM kpi.scheme s LEFT JOIN LATERAL kpi.validate(s.scheme_id) v ON true
 WHERE s.scheme_id IN ('s17', 's19', 'sc') GROUP BY scheme_id ORDER BY scheme_id;
