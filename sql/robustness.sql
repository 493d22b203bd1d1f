-- Hostile shapes from users: a criterion chain 10,000 deep, a node with
-- 100,000 children, 细则 texts of 10 MB.  Each gives the right result or a
-- clean error; nothing recurses on the C stack or crashes the server.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('deep', 2018);
INSERT INTO kpi.unit_group VALUES ('deep', 'g', 'one group');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('deep', 'g', 'content', 100);
-- the chain: d0 (root) > d1 > ... > d9999, the only leaf; every node 10 points
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points, position)
SELECT 'deep', 'd' || i, CASE WHEN i > 0 THEN 'd' || (i - 1) END, 10, 1
  FROM generate_series(0, 9999) i;
-- the fan: w (root) with 100,000 leaves of 1 point
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points, position)
SELECT 'deep', 'w', NULL, 100000, 2
UNION ALL
SELECT 'deep', 'w.' || i, 'w', 1, i FROM generate_series(1, 100000) i;
INSERT INTO kpi.unit VALUES ('a', 'on the chain'), ('b', 'on the fan');
INSERT INTO kpi.participant VALUES ('deep', 'a', 'g', 'd0'), ('deep', 'b', 'g', 'w');

-- the trees as kpi sees them: one leaf 10,000 levels down; 100,000 leaves
SELECT rubric_code, leaves, max_points FROM kpi.rubric_total WHERE scheme_id = 'deep' ORDER BY 1;
SELECT rubric_code, max(depth) AS depth, count(*) AS nodes
  FROM kpi.rubric_node WHERE scheme_id = 'deep' GROUP BY 1 ORDER BY 1;
-- both add up (each chain node 10 = its one child; w = 100,000 × 1)
SELECT * FROM kpi.check_rubric('deep');

-- a: 7.5 points on the deepest leaf; b: 1 point on 3 leaves of 4 (75,000)
INSERT INTO kpi.score VALUES ('deep', 'a', 'd9999', 7.5);
INSERT INTO kpi.score SELECT 'deep', 'b', 'w.' || i, 1 FROM generate_series(1, 100000) i WHERE i % 4 <> 0;

-- deductions along the chain, capped bottom-up over 10,000 levels:
-- d9999 asks 1 (1/10 of 10) and takes 1; d5000 asks 5, takes 5 (7.5 − 1
-- left); d0 asks 10, takes the 1.5 left: 7.5 in all, content 0.
-- On the fan: w asks 1/100 of 100,000 = 1000 and takes it; w.4 (unscored)
-- asks 1 and takes 0.  b: (75,000 − 1000) × 100 / 100,000 = 74.00.
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, source, upstream_lost, upstream_max) VALUES
	('deep', 'a', 'd9999', '市局', 1, 10),
	('deep', 'a', 'd5000', '市局', 5, 10),
	('deep', 'a', 'd0', '市局', 10, 10),
	('deep', 'b', 'w', '市局', 1, 100),
	('deep', 'b', 'w.4', '市局', 1, 1);
SELECT unit_code, criterion_code, asked, taken FROM kpi.deduction_taken WHERE scheme_id = 'deep'
 ORDER BY unit_code, criterion_code;
-- b ranks first (74.00) and, top_n = 2 but a group of two keeps its last
-- place 实绩一般, is 实绩突出; a (0.00) is last: 实绩一般.  b is incomplete
-- (25,000 leaves unscored).
SELECT unit_code, content, deduction, total, rank, tier, complete
  FROM kpi.result WHERE scheme_id = 'deep' ORDER BY rank;

-- a cycle hidden 10,000 levels down is refused like any other
UPDATE kpi.criterion SET parent_code = 'd9999' WHERE scheme_id = 'deep' AND criterion_code = 'd0';
\echo :LAST_ERROR_SQLSTATE

-- and the whole scheme goes in one statement
DELETE FROM kpi.scheme WHERE scheme_id = 'deep';
SELECT count(*) FROM kpi.criterion WHERE scheme_id = 'deep';

-- 细则 texts near kpi's 10 MiB limit: 320,000 numbered one-line items (a
-- 9.8 MB text) are read, all at the top level, one point each (the parser
-- keeps no stack per line); 9.9 MB of text without a single point value
-- is refused, naming its line; a text over the limit is refused before it
-- is read.
CREATE TEMP TABLE big AS
SELECT string_agg(format('%s. 一项工作（1分）', i), E'\n' ORDER BY i) AS text
  FROM generate_series(1, 320000) i;
SELECT octet_length(text) AS bytes FROM big;
SELECT count(*) AS items, sum(r.max_points) AS points, count(*) FILTER (WHERE r.parent_code IS NULL) AS top_level,
	   min(r.code) AS first, max(r."position") AS last_position
  FROM big, kpi.parse_rubric(big.text) r;
SELECT count(*) FROM kpi.parse_rubric(repeat('无分值的文字', 550000));
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM kpi.parse_rubric(repeat(E'1. 一项工作（1分）\n', 524288));
\echo :LAST_ERROR_SQLSTATE
