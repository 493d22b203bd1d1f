-- kpi.parse_rubric reads 实施细则 text; kpi.load_rubric puts it under a
-- rubric root; kpi.check_rubric lists every node whose children do not add up.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never
\set sifasuo `cat sample/rubrics/sifasuo.txt`
\set lvsuo `cat sample/rubrics/lvsuo.txt`
\set gongzheng `cat sample/rubrics/gongzheng.txt`

-- the seed's 司法所 rubric (附件2): 8 categories, 70/30/30/70/100/100/100/100
SELECT code, title, max_points, position FROM kpi.parse_rubric(:'sifasuo') WHERE parent_code IS NULL ORDER BY position;
SELECT count(*) AS nodes, count(*) FILTER (WHERE parent_code IS NULL) AS categories,
	   sum(max_points) FILTER (WHERE parent_code IS NULL) AS points
  FROM kpi.parse_rubric(:'sifasuo');
-- an item with parts and its stated total; the 达到得12分 part; the bare （3）
SELECT code, parent_code, title, max_points FROM kpi.parse_rubric(:'sifasuo')
 WHERE code IN ('1.1', '1.1.1', '1.1.2', '6.1', '6.1.1', '6.1.4', '6.2.3', '5') ORDER BY code;

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('r', 2018);
SELECT kpi.load_rubric('r', 'sfs', '司法所目标责任考核实施细则', :'sifasuo') AS sfs,
	   kpi.load_rubric('r', 'lsws', '直属律师事务所考核工作', :'lvsuo') AS lsws,
	   kpi.load_rubric('r', 'gzc', '直属公证处考核工作', :'gongzheng') AS gzc;
-- every category's items add up, and every item's parts
SELECT * FROM kpi.check_rubric('r');
-- 律师事务所: seven items of 100 in all; 公证处: five of 20
SELECT criterion_code, title, max_points,
	   (SELECT count(*) FROM kpi.criterion c WHERE c.scheme_id = p.scheme_id AND c.parent_code = p.criterion_code) AS parts
  FROM kpi.criterion p
 WHERE scheme_id = 'r' AND (parent_code IN ('lsws', 'gzc') OR criterion_code IN ('lsws', 'gzc'))
 ORDER BY criterion_code;
SELECT rubric_code, leaves, max_points FROM kpi.rubric_total WHERE scheme_id = 'r' ORDER BY rubric_code;

-- one part changed from 5 to 6 points: check_rubric names exactly its item
SELECT kpi.load_rubric('r', 'sfs2', '改动一处', replace(:'sifasuo', '全年编报信息不少于24条（5 分）', '全年编报信息不少于24条（6 分）'));
SELECT * FROM kpi.check_rubric('r');

-- other ways county documents write it
\set halfwidth `cat test/rubric/halfwidth.txt`
\set nested `cat test/rubric/nested.txt`
\set decimals `cat test/rubric/decimals.txt`
\set tablelike `cat test/rubric/table.txt`
\set wrong `cat test/rubric/wrong_total.txt`
SELECT * FROM kpi.parse_rubric(:'halfwidth');
SELECT * FROM kpi.parse_rubric(:'nested');
SELECT * FROM kpi.parse_rubric(:'decimals');
SELECT * FROM kpi.parse_rubric(:'tablelike');
-- a total stated wrong is kept as stated, and check_rubric reports exactly it
SELECT kpi.load_rubric('r', 'w', 'wrong total', :'wrong');
SELECT * FROM kpi.check_rubric('r') WHERE criterion_code LIKE 'w.%';

-- text it cannot read: an error with the line, and nothing inserted
SELECT kpi.load_rubric('r', 'bad', 'bad', E'综合工作（10分）\n1.有计划（5分）\n2.有方案\n');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM kpi.parse_rubric(E'综合工作（10分）\n1.甲（5分）\n3.乙（5分）');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM kpi.parse_rubric(E'综合工作（10分）\n1.甲（2.555分）');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM kpi.parse_rubric(E'综合\n工作\n1.甲（5分）');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM kpi.parse_rubric('');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS bad_rows FROM kpi.criterion WHERE scheme_id = 'r' AND criterion_code LIKE 'bad%';
-- a rubric root code already taken
SELECT kpi.load_rubric('r', 'gzc', 'again', :'gongzheng');
\echo :LAST_ERROR_SQLSTATE

-- kpi.rubric_node reads a table the criterion triggers keep: after moves,
-- inserts and deletes it equals the tree walked afresh
CREATE TEMP VIEW walked AS
WITH RECURSIVE tree AS (
	SELECT scheme_id, criterion_code AS rubric_code, criterion_code, 0 AS depth
	  FROM kpi.criterion WHERE parent_code IS NULL
	UNION ALL
	SELECT c.scheme_id, t.rubric_code, c.criterion_code, t.depth + 1
	  FROM tree t JOIN kpi.criterion c ON c.scheme_id = t.scheme_id AND c.parent_code = t.criterion_code)
SELECT t.scheme_id, t.rubric_code, t.criterion_code, t.depth,
	   NOT EXISTS (SELECT 1 FROM kpi.criterion k WHERE k.scheme_id = t.scheme_id AND k.parent_code = t.criterion_code) AS is_leaf
  FROM tree t;
INSERT INTO kpi.scheme (scheme_id, year) VALUES ('tree', 2018);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('tree', 'R', NULL, 10), ('tree', 'A', 'R', 6), ('tree', 'A.1', 'A', 6), ('tree', 'B', 'R', 4),
	('tree', 'S', NULL, 5), ('tree', 'S.1', 'S', 5);
UPDATE kpi.criterion SET parent_code = 'S.1' WHERE scheme_id = 'tree' AND criterion_code = 'A';
DELETE FROM kpi.criterion WHERE scheme_id = 'tree' AND criterion_code = 'B';
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES ('tree', 'A.2', 'A', 1);
SELECT rubric_code, criterion_code, depth, is_leaf FROM kpi.rubric_node WHERE scheme_id = 'tree' ORDER BY 1, 2;
SELECT count(*) AS differ FROM (
	(SELECT scheme_id, rubric_code, criterion_code, depth, is_leaf FROM kpi.rubric_node EXCEPT SELECT * FROM walked)
	UNION ALL
	(SELECT * FROM walked EXCEPT SELECT scheme_id, rubric_code, criterion_code, depth, is_leaf FROM kpi.rubric_node)) d;
