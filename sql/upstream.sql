-- Upstream deductions that flow down: a city's kpi database assesses the
-- banner bureaus; the banner (this database, the 2018 sample) maps the
-- city's criteria to its own units and criteria and pulls what the city
-- took off it through postgres_fdw, as kpi.deduction rows.  The city is
-- another database of this cluster, reached over a loopback server.
\i sql/include/fresh.sql
\i sql/include/sample.sql
\set SHOW_CONTEXT never
\set banner :DBNAME
\pset null '∅'

-- the city: scheme c2018 over two banners, wushen (this one) and otog; a
-- rubric Q of 100: Q.1 社区矫正 (40: Q.1.1 20, Q.1.2 20), Q.2 人民调解 (60:
-- Q.2.1 60).  wushen lost 2 of 20 on Q.1.1 and 6 of 60 on Q.2.1; otog 10
-- on Q.1.1.  wushen's account there is a unit account: it reads its own.
SET client_min_messages = warning;
DROP DATABASE IF EXISTS regress_kpi_city;
RESET client_min_messages;
CREATE DATABASE regress_kpi_city;
CREATE ROLE regress_kpi_city_wushen LOGIN PASSWORD 'regress-city-wushen';
\c regress_kpi_city
CREATE EXTENSION kpi;
INSERT INTO kpi.scheme (scheme_id, year) VALUES ('c2018', 2018);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('c2018', 'qi');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('c2018', 'qi', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points) VALUES
	('c2018', 'Q', NULL, '旗司法局', 100), ('c2018', 'Q.1', 'Q', '社区矫正', 40), ('c2018', 'Q.1.1', 'Q.1', '监管', 20),
	('c2018', 'Q.1.2', 'Q.1', '教育', 20), ('c2018', 'Q.2', 'Q', '人民调解', 60), ('c2018', 'Q.2.1', 'Q.2', '调解', 60);
INSERT INTO kpi.unit (unit_code, name) VALUES ('wushen', '乌审旗司法局'), ('otog', '鄂托克旗司法局');
INSERT INTO kpi.participant VALUES ('c2018', 'wushen', 'qi', 'Q'), ('c2018', 'otog', 'qi', 'Q');
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('c2018', 'wushen', 'Q.1.1', 18), ('c2018', 'wushen', 'Q.1.2', 20), ('c2018', 'wushen', 'Q.2.1', 54),
	('c2018', 'otog', 'Q.1.1', 10), ('c2018', 'otog', 'Q.1.2', 20), ('c2018', 'otog', 'Q.2.1', 60);
SELECT capability FROM kpi.grant_access('regress_kpi_city_wushen', 'unit', unit_code => 'wushen');
-- what the banner's account reads of it: every criterion of its own rubric
SET ROLE regress_kpi_city_wushen;
SELECT unit_code, criterion_code, is_leaf, path, max_points, points, lost FROM kpi.criterion_loss ORDER BY criterion_code;
RESET ROLE;

-- the banner: a server (loopback TCP; the port is this cluster's) and a
-- user mapping for kpi's owner (here the test's superuser) to wushen's
-- account in the city with its password, made by the administrator
\c :banner
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
RESET client_min_messages;
DO $$
BEGIN
	EXECUTE format('CREATE SERVER city FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L)',
				   '127.0.0.1', current_setting('port'), 'regress_kpi_city');
END
$$;
CREATE USER MAPPING FOR CURRENT_USER SERVER city OPTIONS (user 'regress_kpi_city_wushen', password 'regress-city-wushen');

-- the mapping: the city's Q.1.1 (社区矫正 监管) is answered by two 司法所 on
-- their sfs.8.3 (Jpad, 14 points); Q.2 人民调解 is not mapped; nor is the
-- other banner's Q.1.1 (that account cannot read it)
INSERT INTO kpi.upstream_map (scheme_id, city_scheme, city_unit, city_criterion, unit_code, criterion_code, source) VALUES
	('2018', 'c2018', 'wushen', 'Q.1.1', 'galutu', 'sfs.8.3', '市司法局'),
	('2018', 'c2018', 'wushen', 'Q.1.1', 'tuke', 'sfs.8.3', '市司法局'),
	('2018', 'c2018', 'otog', 'Q.1.1', 'sulide', 'sfs.8.3', NULL);
CREATE TEMP TABLE before AS SELECT unit_code, total FROM kpi.result WHERE scheme_id = '2018';

-- the first pull adds two deductions (2 of 20: round(2 / 20 x 14, 2) =
-- 1.40 of sfs.8.3 each) and reports Q.2.1 (6 of 60) unmapped
SELECT * FROM kpi.pull_upstream('2018', 'city');
SELECT unit_code, criterion_code, source, upstream_lost, upstream_max, note FROM kpi.deduction
 WHERE scheme_id = '2018' AND criterion_code = 'sfs.8.3' ORDER BY unit_code;
SELECT d.unit_code, d.criterion_code, d.asked, d.taken FROM kpi.deduction_taken d
 WHERE d.scheme_id = '2018' AND d.criterion_code = 'sfs.8.3' ORDER BY 1;
-- each loses 1.40 of its rubric's 600 points x 70 % = 0.1633 of its total:
-- tuke's content (568 − 1.40) x 70 / 600 = 66.1033 (was 66.2667), its
-- ratings 27.99, so 94.2567 -> 94.0933, shown 94.26 -> 94.09.  sulide,
-- mapped under the other banner's code, is not touched: that account
-- reads none of otog's rows
SELECT b.unit_code, b.total AS before, r.total AS after, r.total - b.total AS change
  FROM before b JOIN kpi.result r ON r.scheme_id = '2018' AND r.unit_code = b.unit_code
 WHERE r.total <> b.total ORDER BY 1;

-- a second pull changes nothing, and writes nothing to the audit
SELECT count(*) AS audit_rows FROM kpi.audit \gset
SELECT action, count(*) FROM kpi.pull_upstream('2018', 'city') GROUP BY 1 ORDER BY 1;
SELECT count(*) - :audit_rows AS new_audit_rows FROM kpi.audit;

-- the city changes its score: 17 of 20, so 3 lost; the pull updates both
\c regress_kpi_city
UPDATE kpi.score SET points = 17 WHERE scheme_id = 'c2018' AND unit_code = 'wushen' AND criterion_code = 'Q.1.1';
\c :banner
SELECT * FROM kpi.pull_upstream('2018', 'city');
SELECT table_name, operation, old_row ->> 'upstream_lost' AS was, new_row ->> 'upstream_lost' AS now
  FROM kpi.audit WHERE table_name = 'deduction' AND id > :audit_rows ORDER BY id;

-- the city withdraws it (full marks): both removed, with their bookkeeping
\c regress_kpi_city
UPDATE kpi.score SET points = 20 WHERE scheme_id = 'c2018' AND unit_code = 'wushen' AND criterion_code = 'Q.1.1';
\c :banner
SELECT * FROM kpi.pull_upstream('2018', 'city');
SELECT count(*) AS deductions, (SELECT count(*) FROM kpi.upstream_pulled) AS pulled
  FROM kpi.deduction WHERE scheme_id = '2018' AND criterion_code = 'sfs.8.3';
-- a deduction the office entered by hand is never touched by a pull
SELECT count(*) AS by_hand FROM kpi.deduction WHERE scheme_id = '2018' AND note NOT LIKE 'c2018 %';

-- all or nothing: a mapping onto a criterion outside the unit's rubric
-- (gzc.1.1 is the 公证处's) fails the whole pull, nothing written
\c regress_kpi_city
UPDATE kpi.score SET points = 19 WHERE scheme_id = 'c2018' AND unit_code = 'wushen' AND criterion_code = 'Q.1.1';
\c :banner
SELECT criterion_code FROM kpi.rubric_node WHERE scheme_id = '2018' AND rubric_code <> 'sfs' AND is_leaf
 ORDER BY criterion_code LIMIT 1 \gset
INSERT INTO kpi.upstream_map (scheme_id, city_scheme, city_unit, city_criterion, unit_code, criterion_code)
VALUES ('2018', 'c2018', 'wushen', 'Q.1.1', 'wushenzhao', :'criterion_code');
SELECT * FROM kpi.pull_upstream('2018', 'city');
SELECT count(*) AS deductions FROM kpi.deduction WHERE scheme_id = '2018' AND criterion_code = 'sfs.8.3';
DELETE FROM kpi.upstream_map WHERE unit_code = 'wushenzhao';

-- refused: an unknown server or scheme, a non-office account, a finalized
-- scheme (its lock)
SELECT * FROM kpi.pull_upstream('2018', 'nowhere');
SELECT * FROM kpi.pull_upstream('nope', 'city');
-- a link that is down (nothing listens on port 1): postgres_fdw's error
-- naming the server (08001), nothing written
CREATE SERVER down FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '1', dbname 'regress_kpi_city');
CREATE USER MAPPING FOR CURRENT_USER SERVER down OPTIONS (user 'regress_kpi_city_wushen', password 'x');
\set VERBOSITY terse
SELECT * FROM kpi.pull_upstream('2018', 'down');
\set VERBOSITY default
\echo :LAST_ERROR_SQLSTATE
DROP USER MAPPING FOR CURRENT_USER SERVER down;
DROP SERVER down;
CREATE ROLE regress_kpi_upstream_unit;
SELECT capability FROM kpi.grant_access('regress_kpi_upstream_unit', 'unit', unit_code => 'galutu');
SET ROLE regress_kpi_upstream_unit;
SELECT * FROM kpi.pull_upstream('2018', 'city');
SELECT * FROM kpi.upstream_map;
RESET ROLE;
SELECT count(*) FROM kpi.finalize('2018', force => true);
SELECT * FROM kpi.pull_upstream('2018', 'city');
SELECT kpi.reopen('2018', '上级扣分更正');

-- the foreign table the pulls read through, in kpi's own schema
SELECT foreign_table_schema, foreign_table_name, foreign_server_name
  FROM information_schema.foreign_tables ORDER BY 1, 2;

SELECT kpi.revoke_access('regress_kpi_upstream_unit') IS NOT NULL;
DROP ROLE regress_kpi_upstream_unit;
SELECT postgres_fdw_disconnect_all();
DROP USER MAPPING FOR CURRENT_USER SERVER city;
DROP SERVER city CASCADE;
DROP EXTENSION postgres_fdw;
DROP DATABASE regress_kpi_city;
DROP ROLE regress_kpi_city_wushen;
