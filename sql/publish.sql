-- Finalization (考核结果发布): kpi.finalize validates, snapshots the result,
-- rewards and consequences into the published_* tables and locks the
-- scheme's rows; kpi.result shows the published copy from then on.
-- kpi.reopen lifts the lock for the office, with a reason.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

-- two years, one group of three units; 2018's u3 has no score yet
INSERT INTO kpi.scheme (scheme_id, year, top_n) VALUES ('2017', 2017, 1), ('2018', 2018, 1);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('2017', 'g'), ('2018', 'g');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('2017', 'g', 'content', 100), ('2018', 'g', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('2017', 'R', NULL, 100), ('2017', 'L', 'R', 100),
	('2018', 'R', NULL, 100), ('2018', 'L', 'R', 100);
INSERT INTO kpi.unit (unit_code, name) VALUES ('u1', '甲所'), ('u2', '乙所'), ('u3', '丙所');
INSERT INTO kpi.participant
SELECT s, u, 'g', 'R' FROM unnest('{2017,2018}'::text[]) s, unnest('{u1,u2,u3}'::text[]) u;
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('2017', 'u1', 'L', 90), ('2017', 'u2', 'L', 80), ('2017', 'u3', 'L', 70),
	('2018', 'u1', 'L', 88), ('2018', 'u2', 'L', 77.5);
INSERT INTO kpi.member (scheme_id, unit_code, person, role) VALUES
	('2018', 'u1', '张三', 'head'), ('2018', 'u1', '李四', 'staff'),
	('2018', 'u3', '王五', 'head');

-- refused while kpi.validate reports a problem: u3 has no score
SELECT kpi.finalize('2018');
SELECT status FROM kpi.scheme WHERE scheme_id = '2018';
SELECT count(*) FROM kpi.publication;

-- forced: published with the problems recorded
SELECT scheme_id, published_by = current_user AS by_me, forced,
	   problems -> 0 ->> 'problem' AS first_problem, problems -> 0 ->> 'unit_code' AS unit
  FROM kpi.finalize('2018', force => true);
SELECT scheme_id, status FROM kpi.scheme ORDER BY 1;

-- the published copy is the live result at that moment, row for row:
-- u1 88 rank 1 outstanding, u2 77.5 good, u3 0 (no score) last: poor
SELECT unit_code, unit_name, total, rank, tier, tier_label, complete
  FROM kpi.published_result ORDER BY rank;
SELECT unit_code, person, role, amount FROM kpi.published_reward ORDER BY unit_code, person;
SELECT unit_code, person, consequence FROM kpi.published_consequence ORDER BY unit_code, person NULLS FIRST, consequence;
SELECT (SELECT count(*) FROM (SELECT * FROM kpi.live_result WHERE scheme_id = '2018'
							   EXCEPT SELECT * FROM kpi.published_result) d) AS result_differs,
	   (SELECT count(*) FROM (SELECT * FROM kpi.live_reward WHERE scheme_id = '2018'
							   EXCEPT SELECT * FROM kpi.published_reward) d) AS reward_differs,
	   (SELECT count(*) FROM (SELECT * FROM kpi.live_consequence WHERE scheme_id = '2018'
							   EXCEPT SELECT * FROM kpi.published_consequence) d) AS consequence_differs;

-- every change that touches 2018's rows is refused, naming the scheme
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'u3', 'L', 60);
UPDATE kpi.score SET points = 99 WHERE scheme_id = '2018' AND unit_code = 'u2';
DELETE FROM kpi.score WHERE scheme_id = '2018';
INSERT INTO kpi.evidence VALUES ('2018', 'u3', 'L', '{"count": 1}');
INSERT INTO kpi.bonus (scheme_id, unit_code, title, approved) VALUES ('2018', 'u2', '创新', true);
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code) VALUES ('2018', 'u1', 1);
INSERT INTO kpi.downgrade (scheme_id, unit_code, reason) VALUES ('2018', 'u1', '弄虚作假');
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, upstream_lost, upstream_max)
VALUES ('2018', 'u1', 'L', 1, 10);
UPDATE kpi.member SET role = 'staff' WHERE scheme_id = '2018' AND person = '张三';
INSERT INTO kpi.ineligible (scheme_id, unit_code, reason) VALUES ('2018', 'u2', '违纪');
DELETE FROM kpi.participant WHERE scheme_id = '2018' AND unit_code = 'u3';
UPDATE kpi.criterion SET max_points = 100 WHERE scheme_id = '2018';
UPDATE kpi.component SET title = '内容' WHERE scheme_id = '2018';
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('2018', 'h');
UPDATE kpi.scheme SET title = '2018年度' WHERE scheme_id = '2018';
UPDATE kpi.scheme SET status = 'open' WHERE scheme_id = '2018';
DELETE FROM kpi.scheme WHERE scheme_id = '2018';
TRUNCATE kpi.score;
-- renaming a unit's code would cascade into 2018's rows
UPDATE kpi.unit SET unit_code = 'u9' WHERE unit_code = 'u3';
-- the copies themselves belong to finalize: even the owner may not edit them
UPDATE kpi.published_result SET total = 100 WHERE unit_code = 'u3';

-- 2017 is still open: its rows change as before
UPDATE kpi.score SET points = 71 WHERE scheme_id = '2017' AND unit_code = 'u3';

-- a unit's new name shows live (2017), not in what 2018 published
UPDATE kpi.unit SET name = '丙司法所' WHERE unit_code = 'u3';
SELECT scheme_id, unit_code, unit_name, total, tier FROM kpi.result WHERE unit_code = 'u3' ORDER BY 1;

-- status 'finalized' only through kpi.finalize (checked at COMMIT)
UPDATE kpi.scheme SET status = 'finalized' WHERE scheme_id = '2017';
SELECT status FROM kpi.scheme WHERE scheme_id = '2017';

-- finalize: twice, an unknown scheme, and under REPEATABLE READ
SELECT kpi.finalize('2018');
SELECT kpi.finalize('2099');
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT kpi.finalize('2017');
ROLLBACK;

-- reopen: needs a reason, only a finalized scheme
SELECT kpi.reopen('2018', '  ');
SELECT kpi.reopen('2017', '复核');
SELECT kpi.reopen('2018', '复核发现丙所材料漏报');
SELECT scheme_id, status FROM kpi.scheme ORDER BY 1;
SELECT count(*) AS publications, (SELECT count(*) FROM kpi.published_result) AS published_rows
  FROM kpi.publication;

-- open again: the late score lands and kpi.result computes live
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'u3', 'L', 95);
SELECT unit_code, unit_name, total, rank, tier FROM kpi.result WHERE scheme_id = '2018' ORDER BY rank;
-- and finalizes cleanly now that nothing is missing
SELECT scheme_id, forced, problems FROM kpi.finalize('2018');
SELECT unit_code, total, rank, tier FROM kpi.result WHERE scheme_id = '2018' ORDER BY rank;

-- a scheme's rows can be deleted whole once it is reopened
SELECT kpi.reopen('2018', '作废重来');
DELETE FROM kpi.scheme WHERE scheme_id = '2018';
SELECT scheme_id FROM kpi.scheme;
