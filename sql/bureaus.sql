-- A city's roll-up of its banners' kpi databases over postgres_fdw.  Two
-- banners are two other databases of this cluster, each with a scheme of
-- two 司法所 and a reader account the city reads them with; the city (this
-- database) attaches them and reads kpi.bureau_result.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never
\pset null '∅'
\set city :DBNAME

-- banner a: a1 90, a2 80 (a2 last: 实绩一般; top 1: a1 实绩突出); banner b:
-- b1 70, b2 85 (b2 实绩突出, b1 last); content 100 % of one 100-point leaf
SET client_min_messages = warning;
DROP DATABASE IF EXISTS regress_kpi_banner_a;
DROP DATABASE IF EXISTS regress_kpi_banner_b;
RESET client_min_messages;
CREATE DATABASE regress_kpi_banner_a;
CREATE DATABASE regress_kpi_banner_b;
CREATE ROLE regress_kpi_city_reads LOGIN PASSWORD 'regress-city-reads';
\c regress_kpi_banner_a
CREATE EXTENSION kpi;
INSERT INTO kpi.scheme (scheme_id, year, top_n) VALUES ('s2018', 2018, 1);
INSERT INTO kpi.unit_group (scheme_id, group_code, title) VALUES ('s2018', 'sfs', '司法所');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('s2018', 'sfs', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES ('s2018', 'R', NULL, 100), ('s2018', 'R.1', 'R', 100);
INSERT INTO kpi.unit (unit_code, name) VALUES ('a1', '甲一所'), ('a2', '甲二所');
INSERT INTO kpi.participant VALUES ('s2018', 'a1', 'sfs', 'R'), ('s2018', 'a2', 'sfs', 'R');
INSERT INTO kpi.score VALUES ('s2018', 'a1', 'R.1', 90), ('s2018', 'a2', 'R.1', 80);
SELECT capability FROM kpi.grant_access('regress_kpi_city_reads', 'reader');
\c regress_kpi_banner_b
CREATE EXTENSION kpi;
INSERT INTO kpi.scheme (scheme_id, year, top_n) VALUES ('s2018', 2018, 1);
INSERT INTO kpi.unit_group (scheme_id, group_code, title) VALUES ('s2018', 'sfs', '司法所');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('s2018', 'sfs', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES ('s2018', 'R', NULL, 100), ('s2018', 'R.1', 'R', 100);
INSERT INTO kpi.unit (unit_code, name) VALUES ('b1', '乙一所'), ('b2', '乙二所');
INSERT INTO kpi.participant VALUES ('s2018', 'b1', 'sfs', 'R'), ('s2018', 'b2', 'sfs', 'R');
INSERT INTO kpi.score VALUES ('s2018', 'b1', 'R.1', 70), ('s2018', 'b2', 'R.1', 85);
SELECT capability FROM kpi.grant_access('regress_kpi_city_reads', 'reader');
SELECT count(*) FROM kpi.finalize('s2018', force => true);

-- the city: postgres_fdw servers, each named after its bureau (kpi's
-- functions shippable), and user mappings for kpi's owner (here the
-- test's superuser), by the administrator
\c :city
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
RESET client_min_messages;
DO $$
BEGIN
	EXECUTE format('CREATE SERVER a FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L, extensions %L)',
				   '127.0.0.1', current_setting('port'), 'regress_kpi_banner_a', 'kpi');
	EXECUTE format('CREATE SERVER b FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L, extensions %L)',
				   '127.0.0.1', current_setting('port'), 'regress_kpi_banner_b', 'kpi');
END
$$;
CREATE USER MAPPING FOR CURRENT_USER SERVER a OPTIONS (user 'regress_kpi_city_reads', password 'regress-city-reads');
CREATE USER MAPPING FOR CURRENT_USER SERVER b OPTIONS (user 'regress_kpi_city_reads', password 'regress-city-reads');

SELECT bureau_code, server FROM kpi.attach_bureau('a', 'a');
SELECT bureau_code, server FROM kpi.attach_bureau('b', 'b');
-- every banner's rows, as each banner's kpi.result has them (b published)
SELECT bureau_code, scheme_id, group_code, unit_code, unit_name, total, rank, tier, tier_label, level, finalized
  FROM kpi.bureau_result ORDER BY bureau_code, unit_code;

-- a filter on the bureau reads that banner only; the one on the scheme
-- (and on kpi's tier, shippable) is sent to it
EXPLAIN (VERBOSE, COSTS OFF)
SELECT unit_code, total FROM kpi.bureau_result WHERE bureau_code = 'b' AND scheme_id = 's2018' AND tier = 'outstanding';
SELECT unit_code, total FROM kpi.bureau_result WHERE bureau_code = 'b' AND scheme_id = 's2018' AND tier = 'outstanding';

-- accounts: a reader of the city reads the roll-up; a unit account of the
-- city reads none of it; only the office attaches
CREATE ROLE regress_kpi_city_reader;
CREATE ROLE regress_kpi_city_unit;
INSERT INTO kpi.unit (unit_code, name) VALUES ('cu', '市局某科');
SELECT capability FROM kpi.grant_access('regress_kpi_city_reader', 'reader');
SELECT capability FROM kpi.grant_access('regress_kpi_city_unit', 'unit', unit_code => 'cu');
SET ROLE regress_kpi_city_reader;
SELECT count(*) AS reader_rows FROM kpi.bureau_result;
SELECT count(*) AS reader_available FROM kpi.bureau_result_available('s2018');
SELECT kpi.attach_bureau('c', 'a');
RESET ROLE;
SET ROLE regress_kpi_city_unit;
SELECT count(*) AS unit_rows FROM kpi.bureau_result;
SELECT count(*) FROM kpi.bureau_result_available();
RESET ROLE;

-- refused: an unknown server, a bureau code that is no identifier
SELECT kpi.attach_bureau('c', 'nowhere');
SELECT kpi.attach_bureau('C-1', 'a');
\echo :LAST_ERROR_SQLSTATE

-- a banner whose link is down (nothing listens on port 1): the view fails
-- naming its server, named after the bureau (08001);
-- kpi.bureau_result_available leaves it out with a warning naming it
CREATE SERVER down FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '1', dbname 'x');
CREATE USER MAPPING FOR CURRENT_USER SERVER down OPTIONS (user 'regress_kpi_city_reads', password 'x');
SELECT bureau_code FROM kpi.attach_bureau('down', 'down');
\set VERBOSITY terse
SELECT count(*) FROM kpi.bureau_result;
\echo :LAST_ERROR_SQLSTATE
SELECT bureau_code, count(*) FROM kpi.bureau_result_available() GROUP BY 1 ORDER BY 1;
\set VERBOSITY default
-- the attachments are audited
SELECT operation, row_key ->> 'bureau_code' AS bureau, new_row ->> 'server' AS server
  FROM kpi.audit WHERE table_name = 'bureau' ORDER BY id;

SELECT kpi.revoke_access(r) IS NOT NULL FROM unnest(ARRAY['regress_kpi_city_reader', 'regress_kpi_city_unit']) r;
DROP ROLE regress_kpi_city_reader, regress_kpi_city_unit;
SELECT postgres_fdw_disconnect_all();
SET client_min_messages = warning;
DROP SERVER a, b, down CASCADE;
DROP EXTENSION postgres_fdw;
RESET client_min_messages;
DROP DATABASE regress_kpi_banner_a;
DROP DATABASE regress_kpi_banner_b;
DROP ROLE regress_kpi_city_reads;
