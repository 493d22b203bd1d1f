-- Checks before publishing: component weights add to 100 (a deferred
-- constraint trigger, checked at COMMIT) and kpi.validate's list of problems.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('w', 2018);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('w', 'g'), ('w', 'empty');

-- weights 80 + 10: refused at COMMIT, nothing stays
BEGIN;
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('w', 'g', 'content', 80), ('w', 'g', 'lead', 10);
COMMIT;
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM kpi.component;

-- 80 + 10 + 10 = 100: accepted
BEGIN;
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('w', 'g', 'content', 80), ('w', 'g', 'lead', 10);
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight, aggregation) VALUES
	('w', 'g', 'team', 10, 'trimmed_mean');
COMMIT;
SELECT component_code, weight FROM kpi.component ORDER BY component_code;

-- moving weight within a transaction is fine; a single change that breaks the sum is not
BEGIN;
UPDATE kpi.component SET weight = 70 WHERE component_code = 'content';
UPDATE kpi.component SET weight = 20 WHERE component_code = 'lead';
COMMIT;
UPDATE kpi.component SET weight = 30 WHERE component_code = 'lead';
\echo :LAST_ERROR_SQLSTATE
SELECT component_code, weight FROM kpi.component ORDER BY component_code;

-- validate: one row per problem
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points, rule) VALUES
	('w', 'R', NULL, 20, NULL), ('w', 'R.1', 'R', 10, NULL), ('w', 'R.2', 'R', 10, NULL),
	('w', 'LONE', NULL, 10, NULL), ('w', 'UNUSED', NULL, 5, NULL);
INSERT INTO kpi.unit (unit_code, name) VALUES ('ok', 'complete'), ('gap', 'gaps'), ('lone', 'lone rubric');
INSERT INTO kpi.participant VALUES ('w', 'ok', 'g', 'R'), ('w', 'gap', 'g', 'R'), ('w', 'lone', 'g', 'LONE');
INSERT INTO kpi.score VALUES ('w', 'ok', 'R.1', 10), ('w', 'ok', 'R.2', 9), ('w', 'gap', 'R.1', 5);
INSERT INTO kpi.evidence VALUES ('w', 'gap', 'R.2', '{"note": "已报送"}');
INSERT INTO kpi.rating VALUES ('w', 'ok', 'lead', 'x', 90), ('w', 'ok', 'team', 'y', 80), ('w', 'gap', 'team', 'y', 80);

SELECT * FROM kpi.validate('w');
SELECT unit_code, content, total, complete FROM kpi.result ORDER BY unit_code;

-- fixing them empties the list (but for the unused rubric and the empty group)
INSERT INTO kpi.score VALUES ('w', 'gap', 'R.2', 1);
INSERT INTO kpi.rating VALUES ('w', 'gap', 'lead', 'x', 50), ('w', 'lone', 'lead', 'x', 50), ('w', 'lone', 'team', 'y', 50);
UPDATE kpi.participant SET rubric_code = 'R' WHERE unit_code = 'lone';
INSERT INTO kpi.score VALUES ('w', 'lone', 'R.1', 1), ('w', 'lone', 'R.2', 1);
SELECT * FROM kpi.validate('w');
SELECT * FROM kpi.validate('no such scheme');

-- check_rubric: the sample's rubrics add up; one changed item is reported exactly
SET client_min_messages = warning;
DROP EXTENSION kpi CASCADE;
CREATE EXTENSION kpi;
RESET client_min_messages;
\i sql/include/sample.sql
SELECT * FROM kpi.check_rubric('2018');
SELECT * FROM kpi.check_rubric('2017');
-- 综合工作 item 1's 24-message part raised from 5 to 6: item 1 no longer adds up
UPDATE kpi.criterion SET max_points = 6 WHERE scheme_id = '2018' AND criterion_code = 'sfs.1.1.2';
SELECT * FROM kpi.check_rubric('2018');
SELECT * FROM kpi.validate('2018');
