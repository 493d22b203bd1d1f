-- The audit trail: every change to the data, the accounts and the
-- publications is in kpi.audit with when, the acting role, table, key,
-- old and new row; nobody but kpi's owner can alter it.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS kpi CASCADE;
CREATE EXTENSION kpi;
DROP ROLE IF EXISTS regress_kpi_office;
DROP ROLE IF EXISTS regress_kpi_assessor;
RESET client_min_messages;
\set SHOW_CONTEXT never

CREATE ROLE regress_kpi_office;
CREATE ROLE regress_kpi_assessor;
SELECT role_name, capability FROM kpi.grant_access('regress_kpi_office', 'office');
SELECT role_name, capability FROM kpi.grant_access('regress_kpi_assessor', 'assessor');

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('2018', 2018);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('2018', 'g');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('2018', 'g', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('2018', 'R', NULL, 100), ('2018', 'A', 'R', 60), ('2018', 'B', 'R', 40);
INSERT INTO kpi.unit (unit_code, name) VALUES ('u1', '甲所'), ('u2', '乙所');
INSERT INTO kpi.participant VALUES ('2018', 'u1', 'g', 'R'), ('2018', 'u2', 'g', 'R');

-- the moment before the assessors' work
SELECT statement_timestamp() AS before_scoring \gset
SELECT pg_sleep(0.01);

SET ROLE regress_kpi_assessor;
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('2018', 'u1', 'A', 50), ('2018', 'u1', 'B', 30), ('2018', 'u2', 'A', 55);
UPDATE kpi.score SET points = 35, note = '复核加分' WHERE scheme_id = '2018' AND unit_code = 'u1' AND criterion_code = 'B';
RESET ROLE;
SET ROLE regress_kpi_office;
DELETE FROM kpi.score WHERE scheme_id = '2018' AND unit_code = 'u1' AND criterion_code = 'A';
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code, note) VALUES ('2018', 'u2', 3, '违纪');
RESET ROLE;

-- who changed u1's scores after the moment above, and how
SELECT role_name, operation, row_key ->> 'criterion_code' AS criterion,
	   old_row ->> 'points' AS old_points, new_row ->> 'points' AS new_points, new_row ->> 'note' AS note
  FROM kpi.audit
 WHERE table_name = 'score' AND unit_code = 'u1' AND at > :'before_scoring'
 ORDER BY id;

-- every row of a statement has the statement's time and transaction
SELECT count(DISTINCT at) AS times, count(DISTINCT transaction_id) AS transactions, count(*) AS rows
  FROM kpi.audit WHERE table_name = 'score' AND operation = 'INSERT';

-- other tables: the veto (key id), the accounts, the set-up
SELECT table_name, operation, role_name, row_key, new_row ->> 'note' AS note
  FROM kpi.audit WHERE table_name = 'veto';
SELECT table_name, count(*) FROM kpi.audit
 WHERE table_name <> ALL (ARRAY['score', 'veto']) GROUP BY 1 ORDER BY 1;

-- a unit code renamed: the cascade into participant and score is recorded,
-- each changed key as its old row and its new row
SELECT max(id) AS before_rename FROM kpi.audit \gset
UPDATE kpi.unit SET unit_code = 'u3' WHERE unit_code = 'u2';
SELECT table_name, operation, row_key ->> 'unit_code' AS key_unit,
	   old_row ->> 'unit_code' AS old_unit, new_row ->> 'unit_code' AS new_unit
  FROM kpi.audit WHERE id > :before_rename
 ORDER BY table_name, key_unit;

-- finalize and reopen: the status change, the publication, and the reopen
-- with its reason and what had been published
SET ROLE regress_kpi_office;
SELECT scheme_id FROM kpi.finalize('2018', force => true);
SELECT kpi.reopen('2018', '复核发现计分错误');
RESET ROLE;
SELECT table_name, operation, role_name, old_row ->> 'status' AS old_status,
	   new_row ->> 'status' AS new_status, reason,
	   jsonb_array_length(old_row -> 'result') AS published_units
  FROM kpi.audit WHERE table_name = ANY (ARRAY['scheme', 'publication']) AND operation <> 'INSERT'
 ORDER BY id;

-- TRUNCATE leaves a row too
TRUNCATE kpi.downgrade;
SELECT table_name, operation, row_key FROM kpi.audit ORDER BY id DESC LIMIT 1;

-- append-only: the office reads it but cannot change, remove or add rows
SET ROLE regress_kpi_office;
SELECT count(*) > 0 AS office_reads FROM kpi.audit;
UPDATE kpi.audit SET role_name = 'someone' WHERE table_name = 'score';
DELETE FROM kpi.audit;
INSERT INTO kpi.audit (table_name, operation) VALUES ('score', 'DELETE');
TRUNCATE kpi.audit;
SELECT kpi.audit_reopen('2018', 'forged');
RESET ROLE;
-- and an assessor does not even read it
SET ROLE regress_kpi_assessor;
SELECT count(*) FROM kpi.audit;
RESET ROLE;

-- a superuser with row_security off is restoring a dump: the rows of the
-- dump's own audit come along, so nothing new is recorded
SELECT max(id) AS last_audit FROM kpi.audit \gset
SET row_security = off;
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'u1', 'A', 51);
RESET row_security;
SELECT count(*) AS recorded_while_restoring FROM kpi.audit WHERE id > :last_audit;
-- an ordinary role cannot use row_security off on kpi's tables at all
SET ROLE regress_kpi_office;
SET row_security = off;
SELECT count(*) FROM kpi.score;
RESET row_security;
RESET ROLE;

SELECT kpi.revoke_access('regress_kpi_office');
SELECT kpi.revoke_access('regress_kpi_assessor');
DROP ROLE regress_kpi_office;
DROP ROLE regress_kpi_assessor;
