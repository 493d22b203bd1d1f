-- Bad input: a clear error naming the row, a real SQLSTATE, nothing half-written.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('x', 2018), ('other', 2018);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('x', 'g'), ('x', 'h');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('x', 'g', 'content', 90), ('x', 'g', 'lead', 10), ('x', 'h', 'content', 90), ('x', 'h', 'sumu', 10);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('x', 'R', NULL, 10), ('x', 'R.1', 'R', 6), ('x', 'R.1.1', 'R.1', 6), ('x', 'R.2', 'R', 4),
	('x', 'S', NULL, 5), ('x', 'S.1', 'S', 5),
	('other', 'O', NULL, 5);
INSERT INTO kpi.unit (unit_code, name) VALUES ('u', 'U'), ('v', 'V');
INSERT INTO kpi.participant VALUES ('x', 'u', 'g', 'R');
INSERT INTO kpi.score VALUES ('x', 'u', 'R.2', 3);

-- points above max, in a multi-row insert: the whole statement is refused
INSERT INTO kpi.score VALUES ('x', 'u', 'R.1.1', 6), ('x', 'u', 'R.2', 4.5) ON CONFLICT (scheme_id, unit_code, criterion_code) DO UPDATE SET points = excluded.points;
\echo :LAST_ERROR_SQLSTATE
SELECT criterion_code, points FROM kpi.score ORDER BY 1;
-- points below 0
INSERT INTO kpi.score VALUES ('x', 'u', 'R.1.1', -1);
\echo :LAST_ERROR_SQLSTATE
-- more than 2 decimals
INSERT INTO kpi.score VALUES ('x', 'u', 'R.1.1', 1.005);
\echo :LAST_ERROR_SQLSTATE
-- a score on a criterion that is not a leaf
INSERT INTO kpi.score VALUES ('x', 'u', 'R.1', 1);
\echo :LAST_ERROR_SQLSTATE
-- a score on a criterion outside the unit's rubric
INSERT INTO kpi.score VALUES ('x', 'u', 'S.1', 1);
\echo :LAST_ERROR_SQLSTATE
-- on the rubric root itself
INSERT INTO kpi.score VALUES ('x', 'u', 'R', 1);
\echo :LAST_ERROR_SQLSTATE
-- on a criterion that does not exist
INSERT INTO kpi.score VALUES ('x', 'u', 'R.9', 1);
\echo :LAST_ERROR_SQLSTATE
-- for a unit that does not take part
INSERT INTO kpi.score VALUES ('x', 'v', 'R.2', 1);
\echo :LAST_ERROR_SQLSTATE
-- evidence on a criterion that is not a leaf
INSERT INTO kpi.evidence VALUES ('x', 'u', 'R.1', '{}');
\echo :LAST_ERROR_SQLSTATE
-- a rating outside 0..100
INSERT INTO kpi.rating VALUES ('x', 'u', 'lead', 'r1', 100.5);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO kpi.rating VALUES ('x', 'u', 'lead', 'r1', -1);
\echo :LAST_ERROR_SQLSTATE
-- a rating for a component not in the unit's group
INSERT INTO kpi.rating VALUES ('x', 'u', 'sumu', 'r1', 90);
\echo :LAST_ERROR_SQLSTATE
-- a rating for the content component
INSERT INTO kpi.rating VALUES ('x', 'u', 'content', 'r1', 90);
\echo :LAST_ERROR_SQLSTATE
-- a veto with an unknown condition
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code) VALUES ('x', 'u', 99);
\echo :LAST_ERROR_SQLSTATE
-- a participant whose rubric is not a root
INSERT INTO kpi.participant VALUES ('x', 'v', 'g', 'R.1');
\echo :LAST_ERROR_SQLSTATE
-- a participant whose rubric is in another scheme
INSERT INTO kpi.participant VALUES ('x', 'v', 'g', 'O');
\echo :LAST_ERROR_SQLSTATE
-- a criterion whose parent is in another scheme
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES ('x', 'X.1', 'O', 1);
\echo :LAST_ERROR_SQLSTATE
-- a missing parent in a multi-row insert: the row at fault is named
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('x', 'T', NULL, 2), ('x', 'T.1', 'T', 1), ('x', 'T.2', 'Q', 1);
\echo :LAST_ERROR_SQLSTATE
-- a parent deleted under its children (NO ACTION, checked at COMMIT)
DELETE FROM kpi.criterion WHERE scheme_id = 'x' AND criterion_code = 'R.1';
\echo :LAST_ERROR_SQLSTATE
BEGIN;
DELETE FROM kpi.criterion WHERE scheme_id = 'x' AND criterion_code = 'S';
COMMIT;
\echo :LAST_ERROR_SQLSTATE
-- within a transaction a tree loads in any order, and goes with its
-- children; under SET CONSTRAINTS ... IMMEDIATE a missing parent is refused
-- at once
BEGIN;
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES ('x', 'T.1', 'T', 1);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES ('x', 'T', NULL, 1);
COMMIT;
BEGIN;
DELETE FROM kpi.criterion WHERE scheme_id = 'x' AND criterion_code = 'T';
DELETE FROM kpi.criterion WHERE scheme_id = 'x' AND criterion_code = 'T.1';
COMMIT;
BEGIN;
SET CONSTRAINTS kpi.criterion_parent_in_same_scheme IMMEDIATE;
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES ('x', 'T.1', 'T', 1);
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
-- a renamed criterion takes its children along (ON UPDATE CASCADE): one,
-- then a parent, its child and a grandchild and another root in one
-- statement (each child follows its own parent), then a moved criterion
-- takes its children into the other scheme
BEGIN;
UPDATE kpi.criterion SET criterion_code = 'R.one' WHERE scheme_id = 'x' AND criterion_code = 'R.1';
SELECT criterion_code, parent_code FROM kpi.criterion WHERE scheme_id = 'x' ORDER BY criterion_code;
UPDATE kpi.criterion SET criterion_code = criterion_code || '*'
 WHERE scheme_id = 'x' AND criterion_code IN ('R', 'R.one', 'R.1.1', 'S');
SELECT criterion_code, parent_code FROM kpi.criterion WHERE scheme_id = 'x' ORDER BY criterion_code;
UPDATE kpi.criterion SET scheme_id = 'other' WHERE scheme_id = 'x' AND criterion_code = 'S*';
SELECT scheme_id, rubric_code, criterion_code, parent_code FROM kpi.rubric_node ORDER BY 1, 2, 3;
ROLLBACK;
-- a cycle in the criteria tree: R.1.1 under itself, and a longer loop
UPDATE kpi.criterion SET parent_code = 'R.1.1' WHERE criterion_code = 'R.1.1';
\echo :LAST_ERROR_SQLSTATE
UPDATE kpi.criterion SET parent_code = 'R.1.1' WHERE scheme_id = 'x' AND criterion_code = 'R';
\echo :LAST_ERROR_SQLSTATE
UPDATE kpi.criterion SET parent_code = 'S.1' WHERE scheme_id = 'x' AND criterion_code = 'S';
\echo :LAST_ERROR_SQLSTATE
-- a deduction with upstream_max <= 0, or lost above max
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, upstream_lost, upstream_max) VALUES ('x', 'u', 'R.2', 0, 0);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, upstream_lost, upstream_max) VALUES ('x', 'u', 'R.2', 5, 4);
\echo :LAST_ERROR_SQLSTATE
-- a deduction on a criterion outside the unit's rubric
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, upstream_lost, upstream_max) VALUES ('x', 'u', 'S.1', 1, 4);
\echo :LAST_ERROR_SQLSTATE
-- weights with more than 2 decimals, an unknown aggregation
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('x', 'g', 'y', 0.001);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight, aggregation) VALUES ('x', 'g', 'y', 0, 'median');
\echo :LAST_ERROR_SQLSTATE
-- scheme parameters
INSERT INTO kpi.scheme (scheme_id, year, head_share) VALUES ('bad', 2018, 1.5);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO kpi.scheme (scheme_id, year, status) VALUES ('bad', 2018, 'closed');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO kpi.scheme (scheme_id, year, top_n) VALUES ('bad', 2018, -1);
\echo :LAST_ERROR_SQLSTATE
-- downgrade of 0 steps; a member role that is neither head nor staff
INSERT INTO kpi.downgrade (scheme_id, unit_code, steps) VALUES ('x', 'u', 0);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO kpi.member VALUES ('x', 'u', '某', 'deputy');
\echo :LAST_ERROR_SQLSTATE
-- an ineligible person who is not a member of the unit
INSERT INTO kpi.ineligible (scheme_id, unit_code, person) VALUES ('x', 'u', 'nobody');
\echo :LAST_ERROR_SQLSTATE
-- lowering a leaf's max below a score given on it
UPDATE kpi.criterion SET max_points = 2 WHERE scheme_id = 'x' AND criterion_code = 'R.2';
\echo :LAST_ERROR_SQLSTATE
-- giving a scored leaf a child
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES ('x', 'R.2.1', 'R.2', 4);
\echo :LAST_ERROR_SQLSTATE
-- moving a unit to a group without its rating components
INSERT INTO kpi.rating VALUES ('x', 'u', 'lead', 'r1', 90);
UPDATE kpi.participant SET group_code = 'h' WHERE unit_code = 'u';
\echo :LAST_ERROR_SQLSTATE

-- nothing of the above was written
SELECT (SELECT count(*) FROM kpi.score) AS scores, (SELECT count(*) FROM kpi.evidence) AS evidence,
	   (SELECT count(*) FROM kpi.rating) AS ratings, (SELECT count(*) FROM kpi.veto) AS vetoes,
	   (SELECT count(*) FROM kpi.participant) AS participants, (SELECT count(*) FROM kpi.criterion) AS criteria,
	   (SELECT count(*) FROM kpi.deduction) AS deductions, (SELECT count(*) FROM kpi.scheme) AS schemes;
SELECT criterion_code, parent_code, max_points FROM kpi.criterion WHERE scheme_id = 'x' ORDER BY 1;

-- the C functions refuse misuse with a code, never XX000
SELECT x, kpi.kpi_tier(x, false, 2) OVER (ORDER BY x DESC) FROM unnest('{1,2,3}'::bigint[]) x;
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_tier(x, false, -1) OVER (ORDER BY x) FROM unnest('{1,2}'::bigint[]) x;
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_tier(x, NULL, 2) OVER (ORDER BY x) FROM unnest('{1,2}'::bigint[]) x;
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_veto('good', false, -1);
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_weighted_total(s, p, NULL, NULL, NULL) FROM (VALUES (5000, 1.0)) v(s, p);
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_weighted_total(0, p, NULL, NULL, NULL) FROM (VALUES (1.001)) v(p);
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_weighted_total(1, NULL, NULL, w, NULL) FROM (VALUES (10), (20)) v(w);
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_weighted_total(1, NULL, NULL, NULL, 'median');
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_weighted_total_final('{1,2,3}');
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_weighted_total_trans('{2,0,0,0,-1,0,0}', 0, 1, NULL, NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM kpi.kpi_reward_split(1000, 0.4, '{a,b}', '{head}');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM kpi.kpi_reward_split(1000, 0.4, '{a}', '{boss}');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM kpi.kpi_reward_split(1000, 1.4, '{a}', '{head}');
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_deduction_cap('{a,b}', '{b,a}', '{a,b}', '{1,1}', '{a,b}', '{1,1}');
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_deduction_cap('{a,a}', '{NULL,NULL}', '{a}', '{1}', '{a}', '{1}');
\echo :LAST_ERROR_SQLSTATE
-- points and asks given by code: a code outside the tree, an ask given
-- twice, arrays of different lengths; and a working call
-- (r holds 3 + 4 under a, asks 5 at a and 4 at r: a takes 5, r the 2 left)
SELECT kpi.kpi_deduction_cap('{r,a}', '{NULL,r}', '{a,x}', '{3,4}', '{a}', '{1}');
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_deduction_cap('{r,a}', '{NULL,r}', '{a}', '{3}', '{a,a}', '{1,1}');
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_deduction_cap('{r,a}', '{NULL,r}', '{a}', '{3,4}', '{a}', '{1}');
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.kpi_deduction_cap('{r,a}', '{NULL,r}', '{a,a}', '{3,4}', '{a,r}', '{5,4}');
