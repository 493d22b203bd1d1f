-- Access by role: log in as each kind of account (SET ROLE) and prove what
-- it can and cannot do.  Everything, roles included, is rolled back.
\i test/pgtap/include/psql.sql
BEGIN;
SELECT plan(172);
-- pgTAP keeps its state in temporary tables: let the test roles write it
GRANT ALL ON ALL TABLES IN SCHEMA pg_temp TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;

-- A scheme open for entry ('s') and one still in draft ('d'): one group,
-- content 60 + one rating component 40; criteria R > A (A1, A2), B.
INSERT INTO kpi.scheme (scheme_id, year, status) VALUES ('s', 2018, 'open'), ('d', 2019, 'draft');
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('s', 'g'), ('d', 'g');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('s', 'g', 'content', 60), ('s', 'g', 'leaders', 40), ('d', 'g', 'content', 60), ('d', 'g', 'leaders', 40);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points)
SELECT s, c, p, m FROM unnest('{s,d}'::text[]) s,
	(VALUES ('R', NULL, 100), ('A', 'R', 60), ('A1', 'A', 30), ('A2', 'A', 30), ('B', 'R', 40)) v (c, p, m);
INSERT INTO kpi.unit (unit_code, name) VALUES ('u1', '甲所'), ('u2', '乙所');
INSERT INTO kpi.participant
SELECT s, u, 'g', 'R' FROM unnest('{s,d}'::text[]) s, unnest('{u1,u2}'::text[]) u;
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('s', 'u1', 'A1', 20), ('s', 'u2', 'A1', 25), ('s', 'u2', 'A2', 30);
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater, score) VALUES
	('s', 'u1', 'leaders', '局长', 80), ('s', 'u1', 'leaders', '副局长', 70),
	('s', 'u2', 'leaders', '局长', 90), ('s', 'u2', 'leaders', '副局长', 85);
INSERT INTO kpi.member (scheme_id, unit_code, person, role) VALUES
	('s', 'u1', '张三', 'head'), ('s', 'u2', '李四', 'head');
INSERT INTO kpi.bonus (scheme_id, unit_code, title) VALUES ('s', 'u2', '创新');

-- the accounts; kpi creates no roles, the test does
CREATE ROLE regress_kpi_unit1;
CREATE ROLE regress_kpi_unit2_group NOLOGIN;
CREATE ROLE regress_kpi_unit2_person IN ROLE regress_kpi_unit2_group;
CREATE ROLE regress_kpi_assessor;
CREATE ROLE regress_kpi_assessor_b;
CREATE ROLE regress_kpi_rater;
CREATE ROLE regress_kpi_rater_u1;
CREATE ROLE regress_kpi_office;
CREATE ROLE regress_kpi_reader;
CREATE ROLE regress_kpi_stranger;

SELECT lives_ok($$SELECT kpi.grant_access('regress_kpi_office', 'office')$$, 'a superuser grants the office');
SET ROLE regress_kpi_office;
SELECT lives_ok($$SELECT kpi.grant_access('regress_kpi_unit1', 'unit', unit_code => 'u1')$$, 'the office grants a unit account');
SELECT lives_ok($$SELECT kpi.grant_access('regress_kpi_unit2_group', 'unit', unit_code => 'u2')$$, 'the office grants a group role');
SELECT lives_ok($$SELECT kpi.grant_access('regress_kpi_assessor', 'assessor')$$, 'the office grants an assessor');
SELECT lives_ok($$SELECT kpi.grant_access('regress_kpi_assessor_b', 'assessor', criterion_code => 'B', scheme_id => 's')$$, 'the office grants an assessor of criterion B');
SELECT lives_ok($$SELECT kpi.grant_access('regress_kpi_rater', 'rater', rater => '局长')$$, 'the office grants a rater');
SELECT lives_ok($$SELECT kpi.grant_access('regress_kpi_rater_u1', 'rater', rater => '甲镇党委', unit_code => 'u1', component_code => 'leaders')$$, 'the office grants a rater of one unit on one component');
SELECT lives_ok($$SELECT kpi.grant_access('regress_kpi_reader', 'reader')$$, 'the office grants a reader');
SELECT lives_ok($$SELECT kpi.grant_access('regress_kpi_reader', 'reader')$$, 'granting twice is harmless');
SELECT is((SELECT count(*) FROM kpi.account WHERE role_name = 'regress_kpi_reader'), 1::bigint, 'one account row for it');
SELECT throws_ok($$SELECT kpi.grant_access('regress_kpi_nobody', 'reader')$$, '42704', 'role "regress_kpi_nobody" does not exist', 'an unknown role is refused');
SELECT throws_ok($$SELECT kpi.grant_access('regress_kpi_stranger', 'boss')$$, '22023', 'unknown capability "boss"', 'an unknown capability is refused');
SELECT throws_ok($$SELECT kpi.grant_access('regress_kpi_stranger', 'unit')$$, '22023', 'a unit account needs the unit''s code', 'a unit account needs its unit');
SELECT throws_ok($$SELECT kpi.grant_access('regress_kpi_stranger', 'unit', unit_code => 'u9')$$, '23503', 'unit "u9" does not exist', 'and the unit must exist');
SELECT throws_ok($$SELECT kpi.grant_access('regress_kpi_stranger', 'rater')$$, '22023', 'a rater account needs the rater name its ratings carry', 'a rater account needs its name');
SELECT throws_ok($$SELECT kpi.grant_access('regress_kpi_stranger', 'reader', criterion_code => 'A')$$, '22023', 'a reader account takes no criterion_code', 'only assessors are limited to criteria');
SELECT throws_ok($$SELECT kpi.grant_access('regress_kpi_stranger', 'unit', unit_code => 'u1', scheme_id => 'q')$$, '22023', 'a unit account takes no scheme_id', 'only assessors and raters are limited to a scheme');
SELECT throws_ok($$SELECT kpi.grant_access('regress_kpi_stranger', 'assessor', scheme_id => 'q', component_code => 'c')$$, '22023', 'a assessor account takes no component_code', 'only raters are limited to a component');
SELECT throws_ok($$SELECT kpi.grant_access('regress_kpi_stranger', 'office', criterion_code => 'A', component_code => 'c')$$, '22023', 'a office account takes no criterion_code', 'the first limit the capability cannot have is named');
RESET ROLE;

-- a unit (司法所): its own rows and results, its own evidence while open
SET ROLE regress_kpi_unit1;
SELECT set_eq($$SELECT DISTINCT unit_code FROM kpi.participant$$, ARRAY['u1'], 'unit: sees only its own participation');
SELECT set_eq($$SELECT criterion_code FROM kpi.score$$, ARRAY['A1'], 'unit: sees only its own scores');
SELECT set_eq($$SELECT unit_code FROM kpi.result$$, ARRAY['u1', 'u1'], 'unit: kpi.result shows its own rows (both schemes)');
SELECT is((SELECT rank FROM kpi.result WHERE scheme_id = 's'), 2, 'unit: its rank is computed among all units');
SELECT set_eq($$SELECT person FROM kpi.member$$, ARRAY['张三'], 'unit: sees only its own members');
SELECT is_empty($$SELECT * FROM kpi.bonus$$, 'unit: sees no other unit''s bonus');
SELECT is((SELECT count(*) FROM kpi.criterion WHERE scheme_id = 's'), 5::bigint, 'unit: reads the whole rubric');
SELECT lives_ok($$INSERT INTO kpi.evidence VALUES ('s', 'u1', 'B', '{"报送材料": 3}')$$, 'unit: reports its own evidence');
SELECT lives_ok($$UPDATE kpi.evidence SET facts = '{"报送材料": 4}' WHERE unit_code = 'u1'$$, 'unit: corrects its own evidence');
SELECT throws_ok($$INSERT INTO kpi.evidence VALUES ('s', 'u2', 'B', '{}')$$, '42501', NULL, 'unit: cannot report another unit''s evidence');
SELECT throws_ok($$INSERT INTO kpi.evidence VALUES ('d', 'u1', 'B', '{}')$$, '42501', NULL, 'unit: cannot report while the scheme is in draft');
SELECT throws_ok($$INSERT INTO kpi.score VALUES ('s', 'u1', 'B', 40)$$, '42501', 'permission denied for table score', 'unit: cannot score itself');
-- its self-assessment (自评分): its own, while the scheme is open
SELECT lives_ok($$INSERT INTO kpi.self_score VALUES ('s', 'u1', 'A1', 25, NULL)$$, 'unit: enters its own self-assessment');
SELECT lives_ok($$UPDATE kpi.self_score SET points = 24 WHERE unit_code = 'u1'$$, 'unit: corrects its self-assessment');
SELECT throws_ok($$INSERT INTO kpi.self_score VALUES ('s', 'u2', 'A1', 25, NULL)$$, '42501', NULL, 'unit: cannot self-assess another unit');
SELECT throws_ok($$INSERT INTO kpi.self_score VALUES ('d', 'u1', 'A1', 1, NULL)$$, '42501', NULL, 'unit: cannot self-assess while the scheme is in draft');
SELECT throws_ok($$UPDATE kpi.score SET points = 30 WHERE unit_code = 'u1'$$, '42501', 'permission denied for table score', 'unit: cannot touch the assessor''s score');
SELECT throws_ok($$SELECT * FROM kpi.what_if('s', '[{"change": "top_n", "top_n": 1}]')$$, '42501', 'permission denied for table scheme', 'unit: what-if refuses a change it could not make');
SELECT is((SELECT "自评分" || ' / ' || "考评分" FROM kpi_report.score_sheet WHERE "方案" = 's' AND "行类型" = '合计'), '24.00 / 20.00', 'unit: its score sheet shows 自评分 beside 考评分');
SELECT throws_ok($$SELECT * FROM kpi.rating$$, '42501', 'permission denied for table rating', 'unit: reads no individual rating');
SELECT throws_ok($$SELECT * FROM kpi.live_result$$, '42501', 'permission denied for view live_result', 'unit: cannot read the unfiltered views');
SELECT throws_ok($$SELECT * FROM kpi.audit$$, '42501', 'permission denied for table audit', 'unit: cannot read the audit');
SELECT throws_ok($$INSERT INTO kpi.veto (scheme_id, unit_code, condition_code) VALUES ('s', 'u2', 1)$$, '42501', 'permission denied for table veto', 'unit: cannot veto');
SELECT throws_ok($$SELECT kpi.finalize('s')$$, '42501', 'permission denied for function finalize', 'unit: cannot finalize');
SELECT throws_ok($$SELECT kpi.grant_access('regress_kpi_unit1', 'office')$$, '42501', 'permission denied for function grant_access', 'unit: cannot grant itself more');
SELECT ok(strpos(kpi.notice_html('s'), '甲所') > 0 AND strpos(kpi.notice_html('s'), '乙所') = 0, 'unit: its 通报 names its own unit and no other');
-- the report views (kpi_report) show it the rows kpi.result shows it
SELECT set_eq($$SELECT "单位编码" FROM kpi_report.ranking$$, ARRAY['u1', 'u1'], 'unit: kpi_report.ranking shows its own rows (both schemes)');
SELECT is((SELECT "名次" FROM kpi_report.ranking WHERE "方案" = 's'), 2, 'unit: kpi_report.ranking ranks it among all units');
SELECT set_eq($$SELECT DISTINCT "单位编码" FROM kpi_report.score_sheet$$, ARRAY['u1'], 'unit: kpi_report.score_sheet shows its own sheet only');
SELECT set_eq($$SELECT DISTINCT "单位编码" FROM kpi_report.category_matrix$$, ARRAY['u1'], 'unit: kpi_report.category_matrix shows its own row only');
SELECT set_eq($$SELECT DISTINCT "单位编码" FROM kpi_report.year_over_year$$, ARRAY['u1'], 'unit: kpi_report.year_over_year shows its own rows only');
SELECT is_empty($$SELECT * FROM kpi_report.reward$$, 'unit: kpi_report.reward shows no other unit''s reward');
SELECT set_eq($$SELECT DISTINCT "单位编码" FROM kpi_report.consequence$$, ARRAY['u1'], 'unit: kpi_report.consequence shows its own consequences only');
RESET ROLE;

-- a member of a group role that holds the unit account acts as that unit
SET ROLE regress_kpi_unit2_person;
SELECT set_eq($$SELECT unit_code FROM kpi.result WHERE scheme_id = 's'$$, ARRAY['u2'], 'group member: sees its group''s unit');
SELECT set_eq($$SELECT "单位编码" || ' ' || "姓名" || ' ' || "金额" FROM kpi_report.reward$$, ARRAY['u2 李四 1000.00'], 'group member: kpi_report.reward shows its unit''s reward');
SELECT lives_ok($$INSERT INTO kpi.evidence VALUES ('s', 'u2', 'B', '{"报送材料": 1}')$$, 'group member: reports its unit''s evidence');
RESET ROLE;

-- an assessor scores every unit while the scheme is open
SET ROLE regress_kpi_assessor;
SELECT set_eq($$SELECT unit_code FROM kpi.result WHERE scheme_id = 's'$$, ARRAY['u1', 'u2'], 'assessor: sees every unit''s result');
SELECT set_eq($$SELECT DISTINCT "单位编码" FROM kpi_report.score_sheet WHERE "方案" = 's'$$, ARRAY['u1', 'u2'], 'assessor: reads every unit''s score sheet');
SELECT lives_ok($$INSERT INTO kpi.score VALUES ('s', 'u1', 'A2', 28)$$, 'assessor: scores a leaf');
SELECT lives_ok($$UPDATE kpi.score SET points = 26 WHERE scheme_id = 's' AND unit_code = 'u1' AND criterion_code = 'A2'$$, 'assessor: corrects a score');
SELECT throws_ok($$INSERT INTO kpi.score VALUES ('d', 'u1', 'A2', 28)$$, '42501', NULL, 'assessor: cannot score a draft scheme');
SELECT throws_ok($$INSERT INTO kpi.evidence VALUES ('s', 'u1', 'A2', '{}')$$, '42501', 'permission denied for table evidence', 'assessor: cannot write evidence');
SELECT is((SELECT count(*) FROM kpi.self_score), 1::bigint, 'assessor: reads the units'' self-assessment');
SELECT is((SELECT total_after < total_before FROM kpi.what_if('s', '[{"change": "score", "unit": "u1", "criterion": "A1", "points": 0}]') WHERE unit_code = 'u1'),
	true, 'assessor: asks what-if of a score it may give');
SELECT is((SELECT points FROM kpi.score WHERE scheme_id = 's' AND unit_code = 'u1' AND criterion_code = 'A1'), 20::numeric, 'assessor: what-if wrote nothing');
SELECT throws_ok($$UPDATE kpi.self_score SET points = 0$$, '42501', 'permission denied for table self_score', 'assessor: cannot change a unit''s self-assessment');
SELECT throws_ok($$UPDATE kpi.bonus SET approved = true$$, '42501', 'permission denied for table bonus', 'assessor: cannot approve a bonus');
SELECT throws_ok($$SELECT * FROM kpi.rating$$, '42501', 'permission denied for table rating', 'assessor: reads no individual rating');
RESET ROLE;

-- an assessor of criterion B (考评责任科室) scores only under B
SET ROLE regress_kpi_assessor_b;
SELECT lives_ok($$INSERT INTO kpi.score VALUES ('s', 'u2', 'B', 35)$$, 'assessor of B: scores B');
SELECT throws_ok($$INSERT INTO kpi.score VALUES ('s', 'u2', 'A1', 5)$$, '42501', NULL, 'assessor of B: cannot score A1');
SELECT throws_ok($$UPDATE kpi.score SET criterion_code = 'A1' WHERE criterion_code = 'B' AND unit_code = 'u2'$$, '42501', NULL, 'assessor of B: cannot move a score out of B');
SELECT is((SELECT count(*) FROM kpi.score WHERE scheme_id = 's' AND criterion_code = 'A1'), 2::bigint, 'assessor of B: still reads every score');
RESET ROLE;

-- a rater (局长) sees and writes only its own ratings
SET ROLE regress_kpi_rater;
SELECT set_eq($$SELECT rater FROM kpi.rating$$, ARRAY['局长', '局长'], 'rater: sees only its own ratings');
SELECT lives_ok($$UPDATE kpi.rating SET score = 82 WHERE unit_code = 'u1'$$, 'rater: changes its own rating');
SELECT is((SELECT score FROM kpi.rating WHERE unit_code = 'u1'), 82::numeric, 'rater: and only its own changed');
SELECT throws_ok($$INSERT INTO kpi.rating VALUES ('s', 'u1', 'leaders', '副局长', 100)$$, '42501', NULL, 'rater: cannot rate under another name');
SELECT throws_ok($$DELETE FROM kpi.rating WHERE rater = '副局长'$$, '42501', 'permission denied for table rating', 'rater: no DELETE on the table (it would let it LOCK the table)');
SELECT lives_ok($$DELETE FROM kpi_report.rating_entry WHERE 评价人 = '副局长'$$, 'rater: a delete of others'' ratings through its entry view ...');
SELECT is((SELECT count(*) FROM kpi.rating), 2::bigint, 'rater: ... touches none of them');
SELECT throws_ok($$SELECT * FROM kpi.score$$, '42501', 'permission denied for table score', 'rater: reads no scores');
SELECT throws_ok($$SELECT * FROM kpi.self_score$$, '42501', 'permission denied for table self_score', 'rater: reads no self-assessment');
SELECT throws_ok($$SELECT * FROM kpi_report.year_over_year$$, '42501', 'permission denied for view year_over_year', 'rater: reads no year over year');
SELECT throws_ok($$SELECT * FROM kpi.result$$, '42501', 'permission denied for view result', 'rater: reads no results');
SELECT throws_ok($$SELECT kpi.notice_html('s')$$, '42501', 'permission denied for function notice_html', 'rater: prints no 通报');
RESET ROLE;
SELECT is((SELECT count(*) FROM kpi.rating WHERE rater = '副局长'), 2::bigint, 'the other rater''s ratings are intact');

-- a rater limited to one unit and component (苏木镇党委 rates its own 司法所)
SET ROLE regress_kpi_rater_u1;
SELECT lives_ok($$INSERT INTO kpi.rating VALUES ('s', 'u1', 'leaders', '甲镇党委', 90)$$, 'limited rater: rates its unit');
SELECT throws_ok($$INSERT INTO kpi.rating VALUES ('s', 'u2', 'leaders', '甲镇党委', 10)$$, '42501', NULL, 'limited rater: cannot rate another unit');
SELECT throws_ok($$INSERT INTO kpi_report.rating_entry VALUES ('s', 'u2', 'leaders', '甲镇党委', '10')$$, '42501',
	'role "regress_kpi_rater_u1" may not rate unit "u2" on "leaders" as rater "甲镇党委" (row 1)', 'limited rater: nor load it');
RESET ROLE;

-- a reader (reporting tool) reads the views and published results only
SET ROLE regress_kpi_reader;
SELECT is((SELECT count(*) FROM kpi.result), 4::bigint, 'reader: reads every result');
SELECT is((SELECT count(*) FROM kpi_report.ranking), 4::bigint, 'reader: kpi_report.ranking shows every unit');
SELECT set_eq($$SELECT DISTINCT "方案" || ' ' || "单位编码" FROM kpi_report.category_matrix$$, ARRAY['s u1', 's u2', 'd u1', 'd u2'], 'reader: kpi_report.category_matrix shows every unit');
SELECT set_eq($$SELECT DISTINCT "单位编码" FROM kpi_report.consequence$$, ARRAY['u1', 'u2'], 'reader: kpi_report.consequence shows every unit');
SELECT lives_ok($$SELECT * FROM kpi.reward UNION ALL SELECT * FROM kpi.published_reward$$, 'reader: reads rewards, live and published');
SELECT lives_ok($$SELECT * FROM kpi.leaf_points$$, 'reader: reads the intermediate views');
SELECT throws_ok($$SELECT * FROM kpi.score$$, '42501', 'permission denied for table score', 'reader: reads no table');
SELECT is((SELECT "自评分" FROM kpi_report.score_sheet WHERE "方案" = 's' AND "单位编码" = 'u1' AND "行类型" = '合计'), 24.00, 'reader: the score sheet shows a unit''s 自评分');
SELECT throws_ok($$INSERT INTO kpi.self_score VALUES ('s', 'u1', 'A2', 1, NULL)$$, '42501', 'permission denied for table self_score', 'reader: writes no self-assessment');
SELECT throws_ok($$INSERT INTO kpi.unit VALUES ('u9', 'x')$$, '42501', 'permission denied for table unit', 'reader: writes nothing');
SELECT ok(strpos(kpi.notice_html('s'), '甲所') > 0 AND strpos(kpi.notice_html('s'), '乙所') > 0, 'reader: its 通报 names every unit');
SELECT throws_ok($$UPDATE kpi.scheme SET title = 'x'$$, '42501', 'permission denied for table scheme', 'reader: reads the scheme''s title for the 通报, writes nothing');
RESET ROLE;

-- a role without an account cannot even reach the schema
SET ROLE regress_kpi_stranger;
SELECT throws_ok($$SELECT * FROM kpi.result$$, '42501', 'permission denied for schema kpi', 'stranger: nothing');
SELECT throws_ok($$SELECT kpi.notice_html('s')$$, '42501', 'permission denied for schema kpi', 'stranger: no 通报');
SELECT throws_ok($$SELECT * FROM kpi_report.ranking$$, '42501', 'permission denied for schema kpi_report', 'stranger: no report view');
RESET ROLE;

-- entry by COPY (kpi_report.*_entry; INSERT runs the same triggers as COPY):
-- each account loads what it may write, as itself, under row-level security
SET ROLE regress_kpi_assessor_b;
SELECT lives_ok($$INSERT INTO kpi_report.score_entry VALUES ('s', '乙所', 'B', '36', '复核')$$, 'entry: an assessor of B loads a score under B, the unit by name');
SELECT is((SELECT points FROM kpi.score WHERE scheme_id = 's' AND unit_code = 'u2' AND criterion_code = 'B'), 36::numeric, 'entry: and the score is updated');
SELECT throws_ok($$INSERT INTO kpi_report.score_entry VALUES ('s', 'u2', 'B', '36', NULL), ('s', 'u1', 'A1', '10', NULL)$$, '42501',
	'criterion "A1" on row 2 is not one role "regress_kpi_assessor_b" scores', 'entry: an assessor of B cannot load A1, and names the row');
RESET ROLE;
SET ROLE regress_kpi_assessor;
SELECT throws_ok($$INSERT INTO kpi_report.score_entry VALUES ('d', 'u1', 'A1', '10', NULL)$$, '55000',
	'scheme "d" is not open for entry (row 1)', 'entry: an assessor cannot load into a draft');
SELECT throws_ok($$INSERT INTO kpi_report.evidence_entry VALUES ('s', 'u1', 'A2', '{}')$$, '42501',
	'permission denied for view evidence_entry', 'entry: an assessor loads no facts');
RESET ROLE;
SET ROLE regress_kpi_unit1;
SELECT throws_ok($$INSERT INTO kpi_report.score_entry VALUES ('s', 'u1', 'A2', '10', NULL)$$, '42501',
	'permission denied for view score_entry', 'entry: a unit cannot load scores');
SELECT lives_ok($$INSERT INTO kpi_report.evidence_entry VALUES ('s', '甲所', 'A2', '{"报送材料": 2}')$$, 'entry: a unit loads its own facts');
SELECT throws_ok($$INSERT INTO kpi_report.evidence_entry VALUES ('s', '乙所', 'A2', '{}')$$, '42501',
	'role "regress_kpi_unit1" may not enter facts of unit "u2" (row 1)', 'entry: a unit cannot load another unit''s facts');
SELECT set_eq($$SELECT DISTINCT 单位 FROM kpi_report.score_entry$$, ARRAY['甲所'], 'entry: a unit reads back only its own scores');
RESET ROLE;
SET ROLE regress_kpi_rater;
SELECT lives_ok($$INSERT INTO kpi_report.rating_entry VALUES ('s', '甲所', 'leaders', '局长', '88')$$, 'entry: a rater loads its own rating');
SELECT lives_ok($$INSERT INTO kpi_report.rating_entry (方案, 单位, 评价项目, 评分) VALUES ('s', 'u2', 'leaders', '91')$$, 'entry: a rater may leave its name out');
SELECT set_eq($$SELECT 评价人 || ' ' || 评分 FROM kpi_report.rating_entry$$, ARRAY['局长 88', '局长 91'], 'entry: a rater reads back only its own ratings');
SELECT throws_ok($$INSERT INTO kpi_report.rating_entry VALUES ('s', 'u1', 'leaders', '副局长', '100')$$, '42501',
	'role "regress_kpi_rater" may not enter ratings of rater "副局长" (row 1)', 'entry: a rater cannot load another rater''s rating');
RESET ROLE;
SET ROLE regress_kpi_reader;
SELECT throws_ok($$INSERT INTO kpi_report.score_entry VALUES ('s', 'u1', 'A2', '10', NULL)$$, '42501',
	'permission denied for view score_entry', 'entry: a reader loads nothing');
RESET ROLE;
SET ROLE regress_kpi_office;
SELECT lives_ok($$INSERT INTO kpi_report.score_entry VALUES ('d', 'u1', 'A1', '10', NULL)$$, 'entry: the office loads into a draft');
RESET ROLE;

-- methods as data: everyone who reads results reads the method; only the
-- office writes it, copies a scheme or writes the 2018 method as rows
SET ROLE regress_kpi_unit1;
SELECT lives_ok($$SELECT * FROM kpi.grade$$, 'unit: reads the grades');
SELECT throws_ok($$INSERT INTO kpi.grade (scheme_id, level, label) VALUES ('s', 1, '优秀')$$, '42501', 'permission denied for table grade', 'unit: writes no grade');
SELECT throws_ok($$INSERT INTO kpi.consequence_rule (scheme_id, level, applies_to, consequence) VALUES ('s', 1, 'unit', 'x')$$, '42501', 'permission denied for table consequence_rule', 'unit: writes no consequence rule');
SELECT throws_ok($$UPDATE kpi.scheme SET bonus_cap = 100$$, '42501', 'permission denied for table scheme', 'unit: sets no bonus cap');
SELECT throws_ok($$SELECT kpi.copy_scheme('s', 'u1copy', 2020)$$, '42501', 'permission denied to copy scheme "s"', 'unit: copies no scheme');
RESET ROLE;
SET ROLE regress_kpi_assessor;
SELECT throws_ok($$SELECT kpi.write_2018_method('s')$$, '42501', 'permission denied to write the method of scheme "s"', 'assessor: writes no method');
RESET ROLE;
SET ROLE regress_kpi_rater;
SELECT lives_ok($$SELECT * FROM kpi.rating_scale$$, 'rater: reads the rating scales');
SELECT throws_ok($$INSERT INTO kpi.rating_scale VALUES ('s', 'leaders', 'A', 95)$$, '42501', 'permission denied for table rating_scale', 'rater: writes no scale');
SELECT throws_ok($$UPDATE kpi.rating SET score = NULL, grade = 'A' WHERE unit_code = 'u2'$$, '23514', NULL, 'rater: gives no grade where the component has no scale');
RESET ROLE;
SET ROLE regress_kpi_reader;
SELECT throws_ok($$DELETE FROM kpi.grade$$, '42501', 'permission denied for table grade', 'reader: deletes no grade');
RESET ROLE;
SET ROLE regress_kpi_office;
SELECT lives_ok($$SELECT kpi.copy_scheme('s', 's2', 2019)$$, 'office: starts a new year from the last');
SELECT lives_ok($$SELECT kpi.write_2018_method('s2')$$, 'office: writes the 2018 method as rows');
SELECT is((SELECT count(*) FROM kpi.grade WHERE scheme_id = 's2'), 3::bigint, 'office: three grades written');
SELECT throws_ok($$INSERT INTO kpi.rating_scale VALUES ('s', 'leaders', 'A', 95)$$, '23514', NULL, 'office: no scale on a component rated by scores');
RESET ROLE;

-- 公示 and appeals: the office announces; entry is then its own; each unit
-- appeals its own result until the deadline; the office decides
SET ROLE regress_kpi_office;
SELECT lives_ok($$SELECT kpi.announce('s', now() + interval '5 days')$$, 'office: announces the provisional result (公示)');
RESET ROLE;
SET ROLE regress_kpi_unit1;
SELECT throws_ok($$SELECT kpi.announce('s', now() + interval '9 days')$$, '42501', 'permission denied for function announce', 'unit: announces nothing');
SELECT throws_ok($$INSERT INTO kpi.evidence VALUES ('s', 'u1', 'A2', '{}')$$, '42501', NULL, 'unit: reports no evidence while announced');
SELECT lives_ok($$INSERT INTO kpi.appeal (scheme_id, unit_code, criterion_code, statement) VALUES ('s', 'u1', 'A1', '材料已报送')$$, 'unit: appeals its own result');
SELECT throws_ok($$INSERT INTO kpi.appeal (scheme_id, unit_code, statement) VALUES ('s', 'u2', '代为申诉')$$, '42501', NULL, 'unit: appeals no other unit''s result');
SELECT throws_ok($$UPDATE kpi.appeal SET statement = 'x'$$, '42501', 'permission denied for table appeal', 'unit: changes no appeal, its own neither');
SELECT throws_ok($$SELECT kpi.decide_appeal(a.id, 'upheld', '成立') FROM kpi.appeal a$$, '42501', 'permission denied for function decide_appeal', 'unit: decides no appeal');
RESET ROLE;
SET ROLE regress_kpi_unit2_person;
SELECT lives_ok($$INSERT INTO kpi.appeal (scheme_id, unit_code, component_code, statement) VALUES ('s', 'u2', 'leaders', '评价偏低')$$, 'unit (through its group role): appeals its own result');
SELECT set_eq($$SELECT unit_code || ' ' || filed_by FROM kpi.appeal$$, ARRAY['u2 regress_kpi_unit2_person'], 'unit: reads only its own appeals, filed by the person');
RESET ROLE;
SET ROLE regress_kpi_assessor;
SELECT is((SELECT count(*) FROM kpi.appeal), 2::bigint, 'assessor: reads every appeal');
SELECT throws_ok($$INSERT INTO kpi.appeal (scheme_id, unit_code, statement) VALUES ('s', 'u1', '代为申诉')$$, '42501', 'permission denied for table appeal', 'assessor: files no appeal');
SELECT throws_ok($$INSERT INTO kpi.score VALUES ('s', 'u2', 'B', 30)$$, '42501', NULL, 'assessor: scores nothing while announced');
RESET ROLE;
SET ROLE regress_kpi_rater;
SELECT throws_ok($$SELECT * FROM kpi.appeal$$, '42501', 'permission denied for table appeal', 'rater: reads no appeal');
SELECT is((SELECT count(*) FROM kpi.announcement), 1::bigint, 'rater: reads that the scheme is announced');
SELECT results_eq($$WITH u AS (UPDATE kpi.rating SET score = 1 WHERE rater = '局长' RETURNING 1) SELECT count(*) FROM u$$, ARRAY[0::bigint], 'rater: changes no rating while announced');
RESET ROLE;
SET ROLE regress_kpi_reader;
SELECT set_eq($$SELECT "单位编码" || ' ' || "复核结论" FROM kpi_report.appeal$$, ARRAY['u1 待复核', 'u2 待复核'], 'reader: kpi_report.appeal shows every appeal');
SELECT throws_ok($$SELECT * FROM kpi.appeal$$, '42501', 'permission denied for table appeal', 'reader: reads no appeal table');
RESET ROLE;
SET ROLE regress_kpi_office;
SELECT lives_ok($$UPDATE kpi.score SET points = 22 WHERE scheme_id = 's' AND unit_code = 'u1' AND criterion_code = 'A1'$$, 'office: changes what an appeal contests while announced');
SELECT is((SELECT count(*) FROM kpi.audit x JOIN kpi.appeal a ON a.id = x.appeal_id WHERE a.unit_code = 'u1' AND x.table_name = 'score'), 1::bigint, 'office: the audit links the change to the appeal');
SELECT lives_ok($$SELECT kpi.decide_appeal(a.id, 'upheld', '已核实') FROM kpi.appeal a WHERE a.unit_code = 'u1'$$, 'office: upholds it');
SELECT lives_ok($$SELECT kpi.decide_appeal(a.id, 'rejected', '评价无误') FROM kpi.appeal a WHERE a.unit_code = 'u2'$$, 'office: rejects the other, with a reason');
RESET ROLE;
SET ROLE regress_kpi_unit1;
SELECT is((SELECT "复核结论" || ' ' || "复核说明" FROM kpi_report.appeal), '申诉成立 已核实', 'unit: reads the decision on its appeal');
RESET ROLE;

-- why this result: each account of the units whose result it reads; raters
-- named to the office alone
SET ROLE regress_kpi_unit1;
SELECT ok((SELECT count(*) FROM kpi.explain('s', 'u1') WHERE part = '评价' AND title LIKE '评价人 %') = 3, 'unit: explains its own result, its three raters unnamed');
SELECT throws_ok($$SELECT count(*) FROM kpi.explain('s', 'u2')$$, '42501', 'permission denied to explain the result of unit "u2"', 'unit: explains no other unit''s result');
RESET ROLE;
SET ROLE regress_kpi_rater;
SELECT throws_ok($$SELECT count(*) FROM kpi.explain('s', 'u1')$$, '42501', 'permission denied for function explain', 'rater: explains nothing');
RESET ROLE;
SET ROLE regress_kpi_office;
SELECT set_eq($$SELECT title FROM kpi.explain('s', 'u1') WHERE part = '评价'$$, ARRAY['局长', '副局长', '甲镇党委'], 'office: sees the raters named');
RESET ROLE;

-- the office: vetoes, downgrades, bonus approval, finalization, the audit
SET ROLE regress_kpi_office;
SELECT lives_ok($$INSERT INTO kpi.veto (scheme_id, unit_code, condition_code) VALUES ('s', 'u2', 7)$$, 'office: vetoes');
SELECT lives_ok($$INSERT INTO kpi.downgrade (scheme_id, unit_code, reason) VALUES ('s', 'u1', '弄虚作假')$$, 'office: downgrades');
SELECT lives_ok($$UPDATE kpi.bonus SET approved = true$$, 'office: approves a bonus');
SELECT lives_ok($$INSERT INTO kpi.score VALUES ('s', 'u1', 'B', 30)$$, 'office: scores too');
SELECT ok((SELECT count(*) FROM kpi.audit WHERE role_name = 'regress_kpi_rater') = 3, 'office: reads in the audit what the rater did (an update, two loads)');
SELECT lives_ok($$SELECT kpi.finalize('s', force => true)$$, 'office: finalizes');
SELECT throws_ok($$DELETE FROM kpi.veto$$, '55000', 'scheme "s" is finalized', 'office: the lock holds for the office too');
RESET ROLE;

-- after finalization: the unit reads its own published row, writes no more
SET ROLE regress_kpi_unit1;
SELECT set_eq($$SELECT unit_code FROM kpi.published_result$$, ARRAY['u1'], 'unit: reads its own published result only');
SELECT is((SELECT tier FROM kpi.result WHERE scheme_id = 's'), 'poor'::kpi.tier, 'unit: kpi.result now shows the published row');
SELECT is_empty($$UPDATE kpi.evidence SET facts = '{}' WHERE scheme_id = 's' RETURNING 1$$, 'unit: its evidence of a finalized scheme is not open to change');
RESET ROLE;
SET ROLE regress_kpi_assessor;
SELECT throws_ok($$SELECT kpi.reopen('s', 'x')$$, '42501', 'permission denied for function reopen', 'assessor: cannot reopen');
RESET ROLE;

-- revoking takes the privileges back
SET ROLE regress_kpi_office;
SELECT is(kpi.revoke_access('regress_kpi_unit1'), 1, 'office: revokes the unit account');
RESET ROLE;
SET ROLE regress_kpi_unit1;
SELECT throws_ok($$SELECT * FROM kpi.result$$, '42501', 'permission denied for schema kpi', 'a revoked unit reads nothing');
SELECT throws_ok($$SELECT * FROM kpi_report.score_sheet$$, '42501', 'permission denied for schema kpi_report', 'nor any report view');
RESET ROLE;
SELECT ok(NOT has_table_privilege('regress_kpi_unit1', 'kpi.evidence', 'INSERT'), 'and holds no privilege on kpi''s tables');

SELECT * FROM finish();
ROLLBACK;
