-- Messages in Chinese (README "Messages in Chinese (lc_messages)"): kpi's
-- errors come from po/zh_CN.po when lc_messages is zh_CN.UTF-8 and are
-- English otherwise.  The same four errors in both languages: a rubric
-- text kpi's C code cannot read (with its line), a score a plpgsql check
-- refuses, an access check, and a constraint of PostgreSQL itself (its own
-- catalog, postgres-15.mo).  Needs the OS locale zh_CN.UTF-8 (make deps).
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS kpi CASCADE;
DROP ROLE IF EXISTS regress_kpi_msg_reader;
CREATE EXTENSION kpi;
RESET client_min_messages;
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year, top_n) VALUES ('2018', 2018, 1);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('2018', 'g');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('2018', 'g', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('2018', 'R', NULL, 100), ('2018', 'L', 'R', 20);
INSERT INTO kpi.unit (unit_code, name) VALUES ('u1', '甲所');
INSERT INTO kpi.participant VALUES ('2018', 'u1', 'g', 'R');
CREATE ROLE regress_kpi_msg_reader;
SELECT role_name, capability FROM kpi.grant_access('regress_kpi_msg_reader', 'reader');
-- EXECUTE granted by hand: kpi.finalize still refuses anyone but the office
GRANT EXECUTE ON FUNCTION kpi.finalize(text, boolean) TO regress_kpi_msg_reader;

SET lc_messages = 'C';
-- item 3 follows item 1
SELECT * FROM kpi.parse_rubric(E'一、党建工作（10分）\n1. 理论学习（5分）\n3. 宣传工作（5分）');
-- 25 points on a criterion of 20
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'u1', 'L', 25);
-- only the office finalizes
SET ROLE regress_kpi_msg_reader;
SELECT kpi.finalize('2018');
RESET ROLE;
-- unit u1 exists
INSERT INTO kpi.unit (unit_code, name) VALUES ('u1', '甲所');

SET lc_messages = 'zh_CN.UTF-8';
SELECT * FROM kpi.parse_rubric(E'一、党建工作（10分）\n1. 理论学习（5分）\n3. 宣传工作（5分）');
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'u1', 'L', 25);
SET ROLE regress_kpi_msg_reader;
SELECT kpi.finalize('2018');
RESET ROLE;
INSERT INTO kpi.unit (unit_code, name) VALUES ('u1', '甲所');
-- kpi.translate, what the plpgsql checks call: a message it has no
-- translation for comes back unchanged
SELECT kpi.translate('scheme "%s" does not exist') AS translated,
	   kpi.translate('no such message') AS untranslated;

-- back to English
SET lc_messages = 'C';
SELECT kpi.translate('scheme "%s" does not exist') AS english;
RESET lc_messages;

SET client_min_messages = warning;
REVOKE EXECUTE ON FUNCTION kpi.finalize(text, boolean) FROM regress_kpi_msg_reader;
SELECT count(*) FROM kpi.revoke_access('regress_kpi_msg_reader');
DROP ROLE regress_kpi_msg_reader;
