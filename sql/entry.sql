-- Entry by COPY: spreadsheets saved as CSV load into kpi_report.score_entry,
-- rating_entry and evidence_entry.  The sample loaded from its CSVs equals
-- the sample loaded by INSERTs; a re-loaded sheet updates; a bad line fails
-- the whole load with its line number, a real SQLSTATE and nothing loaded.
\i sql/include/fresh.sql
\set ECHO none
\set QUIET 1
-- the sample by INSERTs; its results kept as text (they outlive the extension)
\i sample/2018.sql
CREATE TEMP TABLE by_sql (what text, line text);
INSERT INTO by_sql
SELECT 'result', to_jsonb(r)::text FROM kpi.result r UNION ALL
SELECT 'reward', to_jsonb(r)::text FROM kpi.reward r UNION ALL
SELECT 'consequence', to_jsonb(c)::text FROM kpi.consequence c UNION ALL
SELECT 'score', to_jsonb(s)::text FROM kpi.score s UNION ALL
SELECT 'rating', to_jsonb(r)::text FROM kpi.rating r UNION ALL
SELECT 'evidence', to_jsonb(e)::text FROM kpi.evidence e;
-- again, as make demo loads it: scores, facts and ratings from sample/csv/
SET client_min_messages = warning;
DROP EXTENSION kpi CASCADE;
CREATE EXTENSION kpi;
RESET client_min_messages;
\set csv on
\i sample/2018.sql
\unset csv
\unset ON_ERROR_STOP
\set QUIET 0
\set ECHO all
CREATE TEMP TABLE by_csv (what text, line text);
INSERT INTO by_csv
SELECT 'result', to_jsonb(r)::text FROM kpi.result r UNION ALL
SELECT 'reward', to_jsonb(r)::text FROM kpi.reward r UNION ALL
SELECT 'consequence', to_jsonb(c)::text FROM kpi.consequence c UNION ALL
SELECT 'score', to_jsonb(s)::text FROM kpi.score s UNION ALL
SELECT 'rating', to_jsonb(r)::text FROM kpi.rating r UNION ALL
SELECT 'evidence', to_jsonb(e)::text FROM kpi.evidence e;
-- the same rows both ways: none in one and not the other
SELECT what, count(*) AS rows,
	   (SELECT count(*) FROM (SELECT line FROM by_sql s WHERE s.what = c.what
							  EXCEPT SELECT line FROM by_csv k WHERE k.what = c.what) x) AS only_by_sql,
	   (SELECT count(*) FROM (SELECT line FROM by_csv k WHERE k.what = c.what
							  EXCEPT SELECT line FROM by_sql s WHERE s.what = c.what) x) AS only_by_csv
  FROM by_csv c GROUP BY what ORDER BY what;

-- the entry views read back in the sheets' columns: a unit by its name
-- (every sample name leads to one unit), points as written
SELECT * FROM kpi_report.score_entry WHERE 单位 = '苏力德苏木司法所' AND 指标 LIKE 'sfs.4.%' ORDER BY 指标;
SELECT * FROM kpi_report.rating_entry WHERE 方案 = '2018' AND 单位 = '直属公证处' ORDER BY 评价项目, 评价人;
SELECT * FROM kpi_report.evidence_entry WHERE 单位 = '图克镇司法所' ORDER BY 指标;

-- A corrected sheet loads again: a changed score is updated, a new one
-- added, an unchanged one left alone (the audit records two changes).
-- 单位 by name or code; HEADER match checks the sheet's header names.
SELECT count(*) AS audit_before FROM kpi.audit \gset
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER match);
方案,单位,指标,得分,备注
2018,苏力德苏木司法所,sfs.4.6,2.5,补报
2018,galutu,sfs.1.1.1,3.5,复核后更正
2018,嘎鲁图镇司法所,sfs.1.1.3,5,
\.
SELECT operation, unit_code, old_row ->> 'points' AS old_points, new_row ->> 'points' AS new_points,
	   new_row ->> 'note' AS note
  FROM kpi.audit WHERE id > :audit_before ORDER BY id;
SELECT unit_name, content, complete FROM kpi.result WHERE scheme_id = '2018' AND unit_code IN ('galutu', 'sulide') ORDER BY 1;

-- a header that is not the sheet's columns is refused by HEADER match
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER match);
方案,单位,criterion,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,4,
\.

-- Each bad sheet below fails whole: the error names the line, and nothing
-- of the sheet lands (the first lines are good and would change scores).
CREATE TEMP VIEW landed AS
SELECT (SELECT count(*) FROM kpi.score) AS scores,
	   (SELECT sum(points) FROM kpi.score) AS points,
	   (SELECT count(*) FROM kpi.rating) + (SELECT count(*) FROM kpi.evidence) AS ratings_facts,
	   (SELECT count(*) FROM kpi.audit) AS audit;
-- two units of one name, for the ambiguous name below
INSERT INTO kpi.unit (unit_code, name) VALUES ('x1', '重名所'), ('x2', '重名所');
CREATE TEMP TABLE before AS SELECT * FROM landed;

-- an unknown unit, with the whole context: the COPY line is in it too
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,1,
2018,嘎鲁图司法所,sfs.1.1.3,5,
\.
\set SHOW_CONTEXT never
SELECT l = b AS nothing_landed FROM landed l, before b;

-- a name two units share (neither, or both, take part in the scheme)
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,1,
2018,重名所,sfs.1.1.3,5,
\.

-- an unknown criterion
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,1,
2018,嘎鲁图镇司法所,sfs.9.9,1,
\.

-- a criterion of another rubric, and one that is not a leaf
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,办公室,sfs.1.1.1,1,
\.
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,1,
2018,嘎鲁图镇司法所,sfs.1.1,20,
\.

-- points above the leaf's max, not a number, negative, three decimals, empty
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,1,
2018,嘎鲁图镇司法所,sfs.1.1.3,5.5,
\.
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,1,
2018,嘎鲁图镇司法所,sfs.1.1.3,五,
\.
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.3,-1,
\.
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.3,4.125,
\.
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.3,,
\.

-- a line short of a column: COPY's own error, with the line in its context
\set SHOW_CONTEXT errors
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,1,
2018,嘎鲁图镇司法所,sfs.1.1.3,5
\.
\set SHOW_CONTEXT never

-- the same score twice in one sheet: both lines named
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,1,
2018,嘎鲁图镇司法所,sfs.1.1.3,5,
2018,galutu,sfs.1.1.1,2,
\.

-- a note spanning lines (a cell with line breaks): the lines after it are
-- counted as COPY counts them (the bad one is line 4)
\set SHOW_CONTEXT errors
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,1,"第一行
第二行"
2018,嘎鲁图镇司法所,sfs.1.1.3,6,
\.
\set SHOW_CONTEXT never
SELECT l = b AS nothing_landed FROM landed l, before b;

-- 方案 left out (a column list without it): two schemes are open, so no
-- default; with 2017 finalized, 2018 is the one, and 2017 is locked
COPY kpi_report.score_entry (单位, 指标, 得分, 备注) FROM STDIN (FORMAT csv, HEADER match);
单位,指标,得分,备注
嘎鲁图镇司法所,sfs.1.1.1,4,
\.
SELECT scheme_id FROM kpi.finalize('2017', force => true);
-- (the finalization is audited: count from here)
DELETE FROM before;
INSERT INTO before SELECT * FROM landed;
COPY kpi_report.score_entry (单位, 指标, 得分, 备注) FROM STDIN (FORMAT csv, HEADER match);
单位,指标,得分,备注
嘎鲁图镇司法所,sfs.1.1.1,4,
\.
DELETE FROM before;
INSERT INTO before SELECT * FROM landed;
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,4,
2017,galutu,sfs17.1,58,
\.
SELECT l = b AS nothing_landed FROM landed l, before b;

-- an INSERT into the view counts rows, not lines
INSERT INTO kpi_report.score_entry VALUES ('2018', '图克镇司法所', 'sfs.1.1.1', '4', NULL),
	('2018', '图克镇司法所', 'sfs.1.1.3', '9', NULL);

-- ratings: by component code or title, a rater's name, 0..100
COPY kpi_report.rating_entry FROM STDIN (FORMAT csv, HEADER match);
方案,单位,评价项目,评价人,评分
2018,直属公证处,lingdao,局领导-李伟,88.5
2018,直属公证处,局领导班子评价,局领导-新任,86
\.
SELECT * FROM kpi_report.rating_entry WHERE 单位 = '直属公证处' AND 评价项目 = 'lingdao' ORDER BY 评价人;
COPY kpi_report.rating_entry FROM STDIN (FORMAT csv, HEADER match);
方案,单位,评价项目,评价人,评分
2018,直属公证处,lingdao,局领导-李伟,88.5
2018,直属公证处,苏木镇党委政府评价,某镇党委,90
\.
COPY kpi_report.rating_entry FROM STDIN (FORMAT csv, HEADER match);
方案,单位,评价项目,评价人,评分
2018,直属公证处,lingdao,局领导-李伟,100.5
\.
COPY kpi_report.rating_entry FROM STDIN (FORMAT csv, HEADER match);
方案,单位,评价项目,评价人,评分
2018,直属公证处,lingdao,局领导-李伟,88
2018,gongzheng,局领导班子评价,局领导-李伟,89
\.

-- facts: JSON the leaf's rule reads
COPY kpi_report.evidence_entry FROM STDIN (FORMAT csv, HEADER match);
方案,单位,指标,事实
2018,图克镇司法所,sfs.1.1.2,"{""count"": 30}"
\.
SELECT * FROM kpi_report.evidence_entry WHERE 单位 = '图克镇司法所' AND 指标 = 'sfs.1.1.2';
COPY kpi_report.evidence_entry FROM STDIN (FORMAT csv, HEADER match);
方案,单位,指标,事实
2018,图克镇司法所,sfs.1.1.2,"{""count"": 31"
\.
COPY kpi_report.evidence_entry FROM STDIN (FORMAT csv, HEADER match);
方案,单位,指标,事实
2018,图克镇司法所,sfs.1.1.2,"{""pieces"": 31}"
\.

-- Who may load: a unit account may not load scores at all, an assessor of
-- one subtree only within it (rolled back: the roles are the test's own)
BEGIN;
CREATE ROLE regress_kpi_entry_unit;
CREATE ROLE regress_kpi_entry_assessor;
SELECT capability FROM kpi.grant_access('regress_kpi_entry_unit', 'unit', unit_code => 'galutu');
SELECT capability FROM kpi.grant_access('regress_kpi_entry_assessor', 'assessor', criterion_code => 'sfs.2', scheme_id => '2018');
SET ROLE regress_kpi_entry_unit;
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,4,
\.
ROLLBACK;
BEGIN;
CREATE ROLE regress_kpi_entry_assessor;
SELECT capability FROM kpi.grant_access('regress_kpi_entry_assessor', 'assessor', criterion_code => 'sfs.2', scheme_id => '2018');
SET ROLE regress_kpi_entry_assessor;
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.2.1,4,
2018,嘎鲁图镇司法所,sfs.1.1.1,4,
\.
ROLLBACK;

DELETE FROM before;
INSERT INTO before SELECT * FROM landed;
-- The SQLSTATE of each bad sheet (psql does not set LAST_ERROR_SQLSTATE
-- for COPY FROM STDIN): the sheets again, without header, each loaded by a
-- server-side COPY FROM PROGRAM in a function that traps the error (in a
-- function, the entry triggers count rows: the COPY is not the statement)
CREATE TEMP TABLE bad_sheet (n int, what text, target text, sheet text);
INSERT INTO bad_sheet VALUES
(1, 'unknown unit', 'score_entry', E'2018,嘎鲁图镇司法所,sfs.1.1.1,1,\n2018,嘎鲁图司法所,sfs.1.1.3,5,\n'),
(2, 'ambiguous unit name', 'score_entry', E'2018,重名所,sfs.1.1.3,5,\n'),
(3, 'unknown criterion', 'score_entry', E'2018,嘎鲁图镇司法所,sfs.9.9,1,\n'),
(4, 'outside the rubric', 'score_entry', E'2018,办公室,sfs.1.1.1,1,\n'),
(5, 'not a leaf', 'score_entry', E'2018,嘎鲁图镇司法所,sfs.1.1,20,\n'),
(6, 'above max', 'score_entry', E'2018,嘎鲁图镇司法所,sfs.1.1.3,5.5,\n'),
(7, 'not a number', 'score_entry', E'2018,嘎鲁图镇司法所,sfs.1.1.3,五,\n'),
(8, 'negative', 'score_entry', E'2018,嘎鲁图镇司法所,sfs.1.1.3,-1,\n'),
(9, 'empty points', 'score_entry', E'2018,嘎鲁图镇司法所,sfs.1.1.3,,\n'),
(10, 'missing column', 'score_entry', E'2018,嘎鲁图镇司法所,sfs.1.1.3,5\n'),
(11, 'twice', 'score_entry', E'2018,嘎鲁图镇司法所,sfs.1.1.1,1,\n2018,galutu,sfs.1.1.1,2,\n'),
(12, 'finalized scheme', 'score_entry', E'2017,galutu,sfs17.1,58,\n'),
(13, 'unknown scheme', 'score_entry', E'2019,galutu,sfs.1.1.1,1,\n'),
(14, 'unknown rating component', 'rating_entry', E'2018,直属公证处,苏木镇党委政府评价,某镇党委,90\n'),
(15, 'rating above 100', 'rating_entry', E'2018,直属公证处,lingdao,局领导-李伟,100.5\n'),
(16, 'facts not JSON', 'evidence_entry', E'2018,图克镇司法所,sfs.1.1.2,"{""count"": 31"\n'),
(17, 'facts the rule does not read', 'evidence_entry', E'2018,图克镇司法所,sfs.1.1.2,"{""pieces"": 31}"\n');
CREATE FUNCTION pg_temp.load_state(target text, sheet text, OUT state text, OUT copy_context text)
LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format('COPY kpi_report.%I FROM PROGRAM %L (FORMAT csv)', target,
				   'echo ' || translate(encode(convert_to(sheet, 'UTF8'), 'base64'), E'\n', '') || ' | base64 -d');
	state := '00000';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, copy_context = PG_EXCEPTION_CONTEXT;
	copy_context := substring(copy_context FROM 'COPY [a-z_]+, line [0-9]+');
END
$$;
SELECT n, what, s.*
  FROM bad_sheet, pg_temp.load_state(target, sheet) s
 ORDER BY n;
SELECT l = b AS nothing_landed FROM landed l, before b;

-- a sheet written from the view loads back as it is (nothing changes)
\getenv abs_builddir PG_ABS_BUILDDIR
\set f :abs_builddir '/results/entry_scores.csv'
SELECT count(*) AS audit_before FROM kpi.audit \gset
\o :f
COPY (SELECT * FROM kpi_report.score_entry WHERE 方案 = '2018' ORDER BY 单位, 指标) TO STDOUT (FORMAT csv, HEADER true);
\o
-- (psql's \copy expands no variable; the shell of FROM PROGRAM expands
-- pg_regress's environment, and the file is read by psql, not the server)
\copy kpi_report.score_entry FROM PROGRAM 'cat "$PG_ABS_BUILDDIR/results/entry_scores.csv"' (FORMAT csv, HEADER match)
SELECT count(*) - :audit_before AS audit_rows_added FROM kpi.audit;

-- The refusals in Chinese under a Chinese lc_messages, the line too
-- (README "Messages in Chinese"; the locale comes from make deps)
SET lc_messages = 'zh_CN.UTF-8';
COPY kpi_report.score_entry FROM STDIN (FORMAT csv, HEADER true);
方案,单位,指标,得分,备注
2018,嘎鲁图镇司法所,sfs.1.1.1,1,
2018,嘎鲁图司法所,sfs.1.1.3,5,
\.
COPY kpi_report.score_entry (单位, 指标, 得分, 备注) FROM STDIN (FORMAT csv, HEADER match);
单位,指标,得分,备注
嘎鲁图镇司法所,sfs.1.1.3,5.5,
\.
INSERT INTO kpi_report.rating_entry VALUES ('2018', '直属公证处', 'lingdao', '局领导-李伟', '88'),
	('2018', 'gongzheng', '局领导班子评价', '局领导-李伟', '89');
RESET lc_messages;
