-- Semantics 1: content = (Σ leaf points − Σ deducted) × weight(content) / Σ rubric leaf max.
-- A leaf counts its score, else its rule applied to the facts, else 0.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('c', 2018);
INSERT INTO kpi.unit_group VALUES ('c', 'g', 'one group'), ('c', 'h', 'thirds');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('c', 'g', 'content', 100),
	('c', 'h', 'content', 75), ('c', 'h', 'r', 25);
-- rubric R: R.1 (60) = R.1.1 (30) + R.1.2 (30); R.2 (40) a leaf.  Σ leaf max = 100.
-- rubric T: three leaves of 1 point.  Σ leaf max = 3.
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, position) VALUES
	('c', 'R', NULL, 'rubric R', 100, 1),
	('c', 'R.1', 'R', 'category', 60, 1),
	('c', 'R.1.1', 'R.1', 'part one', 30, 1),
	('c', 'R.1.2', 'R.1', 'part two', 30, 2),
	('c', 'R.2', 'R', 'single item', 40, 2),
	('c', 'T', NULL, 'rubric T', 3, 2),
	('c', 'T.1', 'T', 'a', 1, 1), ('c', 'T.2', 'T', 'b', 1, 2), ('c', 'T.3', 'T', 'c', 1, 3);
INSERT INTO kpi.unit (unit_code, name) VALUES
	('full', 'all points'), ('part', 'some points'), ('none', 'nothing entered'),
	('third', 'one of three'), ('evid', 'evidence only');
INSERT INTO kpi.participant VALUES
	('c', 'full', 'g', 'R'), ('c', 'part', 'g', 'R'), ('c', 'none', 'g', 'R'),
	('c', 'evid', 'g', 'R'), ('c', 'third', 'h', 'T');

-- full: 30 + 30 + 40 = 100 -> 100 × 100 / 100 = 100.00, complete
INSERT INTO kpi.score VALUES ('c', 'full', 'R.1.1', 30), ('c', 'full', 'R.1.2', 30), ('c', 'full', 'R.2', 40);
-- part: 12.25 + 0 + 27.5 = 39.75 with R.1.2 missing -> 39.75, incomplete
INSERT INTO kpi.score VALUES ('c', 'part', 'R.1.1', 12.25), ('c', 'part', 'R.2', 27.5);
-- evid: facts on every leaf but no rule and no score: 0 points, complete
INSERT INTO kpi.evidence VALUES
	('c', 'evid', 'R.1.1', '{"note": "材料已报送"}'), ('c', 'evid', 'R.1.2', '{}'), ('c', 'evid', 'R.2', '{}');
-- third: 1 of 3 points, weight 75 -> 1 × 75 / 3 = 25 exactly
INSERT INTO kpi.score VALUES ('c', 'third', 'T.1', 1), ('c', 'third', 'T.2', 0), ('c', 'third', 'T.3', 0);
INSERT INTO kpi.rating VALUES ('c', 'third', 'r', 'x', 0);

SELECT unit_code, content, ratings, total, complete FROM kpi.result ORDER BY group_code, unit_code;

-- multiply before dividing: the exact part is 25, where dividing first leaves 24.99…
SELECT (parts).content AS exact_content, 1.0 / 3 * 75 AS divided_first
  FROM kpi.unit_total WHERE unit_code = 'third';

-- every point traced to its source
SELECT unit_code, criterion_code, max_points, points, source
  FROM kpi.leaf_points ORDER BY unit_code, criterion_code;

SELECT scheme_id, rubric_code, leaves, max_points FROM kpi.rubric_total ORDER BY rubric_code;

-- a score replaced: the total follows
UPDATE kpi.score SET points = 29.99 WHERE unit_code = 'full' AND criterion_code = 'R.1.1';
SELECT unit_code, content, total FROM kpi.result WHERE unit_code = 'full';
