-- The stage of a load into an entry view (src/entry_stage_pg.c): the rows
-- of one load held in the backend between kpi_entry_begin and
-- kpi_entry_take, one stage per view, forgotten at the end of the
-- transaction and dropped with a subtransaction that rolls back.  Two
-- throwaway views stand for the entry views.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never
CREATE VIEW stage_a AS SELECT 1 AS one;
CREATE VIEW stage_b AS SELECT 1 AS one;

-- A round trip: the rows come back in order of n, on the same n in the
-- order staged; numeric and jsonb exactly as given (scale too); a null
-- rater comes back as '', a null note as null and '' as ''.
BEGIN;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT kpi.kpi_entry_stage('stage_a', 4, 'line 4', 's', 'u1', 'A', NULL, 19.25, NULL, 'four');
SELECT kpi.kpi_entry_stage('stage_a', 2, 'line 2', 's', 'u2', 'B', '', NULL, '[1, 2.50]', NULL);
SELECT kpi.kpi_entry_stage('stage_a', 3, 'line 3', 's', 'u2', 'A', 'r1', 100.000, NULL, NULL);
SELECT kpi.kpi_entry_stage('stage_a', 2, 'line 2', 's', 'u1', 'B', NULL, 0.50, '{"count": 3, "ok": true}', NULL);
SELECT kpi.kpi_entry_stage('stage_a', 5, 'line 5', 's', 'u3', 'A', NULL, 123456789012345678901234567890.123456789, NULL, '');
SELECT kpi.kpi_entry_stage('stage_a', 1, 'line 1', 's', 'u3', 'B', NULL, 'NaN', 'null', NULL);
SELECT scheme_id, unit_code, code, rater, rater = '' AS no_rater, points, scale(points), facts, note,
	   note IS NULL AS null_note
  FROM kpi.kpi_entry_take('stage_a');
-- the take ended the load
SELECT * FROM kpi.kpi_entry_take('stage_a');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
-- no table is involved
SELECT to_regclass('pg_temp.kpi_entry') IS NULL AS no_table;

-- A key staged twice: the second returns the first's at and stages
-- nothing; a null rater and '' are the same key.
BEGIN;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT kpi.kpi_entry_stage('stage_a', 2, 'line 2', 's', 'u1', 'A', NULL, 1, NULL, NULL) AS first;
SELECT kpi.kpi_entry_stage('stage_a', 5, 'line 5', 's', 'u1', 'A', NULL, 2, NULL, NULL) AS again;
SELECT kpi.kpi_entry_stage('stage_a', 6, 'line 6', 's', 'u1', 'A', '', 3, NULL, NULL) AS empty_rater;
SELECT kpi.kpi_entry_stage('stage_a', 7, 'line 7', 's', 'u1', 'R', '', 1, NULL, NULL) AS first;
SELECT kpi.kpi_entry_stage('stage_a', 8, 'line 8', 's', 'u1', 'R', NULL, 2, NULL, NULL) AS null_rater;
-- another scheme, unit, code or rater is another key, and so are parts
-- that only concatenate alike
SELECT kpi.kpi_entry_stage('stage_a', 9, 'line 9', 't', 'u1', 'A', NULL, 4, NULL, NULL) AS scheme,
	   kpi.kpi_entry_stage('stage_a', 10, 'line 10', 's', 'u2', 'A', NULL, 5, NULL, NULL) AS unit,
	   kpi.kpi_entry_stage('stage_a', 11, 'line 11', 's', 'u1', 'C', NULL, 6, NULL, NULL) AS code,
	   kpi.kpi_entry_stage('stage_a', 12, 'line 12', 's', 'u1', 'A', 'r1', 7, NULL, NULL) AS rater,
	   kpi.kpi_entry_stage('stage_a', 13, 'line 13', 's', 'u1A', '', NULL, 8, NULL, NULL) AS parts;
SELECT scheme_id, unit_code, code, rater, points FROM kpi.kpi_entry_take('stage_a');
COMMIT;

-- 10^5 rows staged in reverse line order, each key once; then each again,
-- every one a duplicate naming its first line; taken in line order.
BEGIN;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT count(*) AS staged, count(e) AS duplicates
  FROM (SELECT kpi.kpi_entry_stage('stage_a', 100001 - g, 'line ' || (100001 - g), 's', 'u' || g % 100,
								   'c' || g / 100, NULL, g, NULL, NULL) e
		  FROM generate_series(1, 100000) g) s;
SELECT count(*) AS staged, count(*) FILTER (WHERE e = 'line ' || (100001 - g)) AS duplicates
  FROM (SELECT g, kpi.kpi_entry_stage('stage_a', g, 'again', 's', 'u' || g % 100,
									  'c' || g / 100, NULL, -g, NULL, NULL) e
		  FROM generate_series(1, 100000) g) s;
SELECT count(*) AS taken, count(*) FILTER (WHERE points <> 100001 - i) AS out_of_order
  FROM kpi.kpi_entry_take('stage_a') WITH ORDINALITY AS t(scheme_id, unit_code, code, rater, points, facts, note, i);
COMMIT;

-- Staging or taking with no load in progress, beginning one twice.
SELECT kpi.kpi_entry_stage('stage_a', 1, 'line 1', 's', 'u1', 'A', NULL, 1, NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM kpi.kpi_entry_take('stage_a');
\echo :LAST_ERROR_SQLSTATE
BEGIN;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT kpi.kpi_entry_begin('stage_a');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;

-- Nested loads into two views keep apart: the same key in the other
-- view's load is no duplicate, and taking one leaves the other.
BEGIN;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT kpi.kpi_entry_stage('stage_a', 1, 'line 1', 's', 'u1', 'A', NULL, 1, NULL, NULL);
SELECT kpi.kpi_entry_begin('stage_b');
SELECT kpi.kpi_entry_stage('stage_b', 1, 'row 1', 's', 'u1', 'A', NULL, 2, NULL, NULL);
SELECT * FROM kpi.kpi_entry_take('stage_b');
SELECT kpi.kpi_entry_stage('stage_a', 2, 'line 2', 's', 'u1', 'A', NULL, 3, NULL, NULL) AS duplicate;
SELECT * FROM kpi.kpi_entry_take('stage_a');
COMMIT;
-- as when a load's rows come from a function that loads another view
CREATE FUNCTION load_b(unit text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	PERFORM kpi.kpi_entry_begin('stage_b');
	PERFORM kpi.kpi_entry_stage('stage_b', 1, 'row 1', 's', unit, 'A', NULL, 1, NULL, NULL);
	RETURN (SELECT string_agg(t.unit_code, ',') FROM kpi.kpi_entry_take('stage_b') t);
END
$$;
BEGIN;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT kpi.kpi_entry_stage('stage_a', g, 'line ' || g, 's', load_b('u' || g), 'A', NULL, g, NULL, NULL)
  FROM generate_series(1, 3) g;
SELECT unit_code, points FROM kpi.kpi_entry_take('stage_a');
COMMIT;

-- A load that fails in a savepoint leaves nothing behind: ROLLBACK TO
-- drops the load begun in it and the rows it staged into an older load.
BEGIN;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT kpi.kpi_entry_stage('stage_a', 1, 'line 1', 's', 'u1', 'A', NULL, 1, NULL, NULL);
SAVEPOINT s1;
SELECT kpi.kpi_entry_begin('stage_b');
SELECT kpi.kpi_entry_stage('stage_b', 1, 'row 1', 's', 'u1', 'A', NULL, 1, NULL, NULL);
SELECT kpi.kpi_entry_stage('stage_a', 2, 'line 2', 's', 'u2', 'A', NULL, 2, NULL, NULL);
SELECT kpi.kpi_entry_stage('stage_b', 2, 'row 2', 's', 'u2', 'A', NULL, 1 / 0, NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
ROLLBACK TO SAVEPOINT s1;
SELECT kpi.kpi_entry_begin('stage_b');
SELECT count(*) AS left_behind FROM kpi.kpi_entry_take('stage_b');
SELECT kpi.kpi_entry_stage('stage_a', 3, 'line 3', 's', 'u2', 'A', NULL, 3, NULL, NULL) AS duplicate;
SELECT unit_code, points FROM kpi.kpi_entry_take('stage_a');
COMMIT;
-- a load begun in a released savepoint stays; a later savepoint's
-- rollback takes only the rows staged in it
BEGIN;
SAVEPOINT s1;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT kpi.kpi_entry_stage('stage_a', 1, 'line 1', 's', 'u1', 'A', NULL, 1, NULL, NULL);
RELEASE SAVEPOINT s1;
SAVEPOINT s2;
SELECT kpi.kpi_entry_stage('stage_a', 2, 'line 2', 's', 'u2', 'A', NULL, 2, NULL, NULL);
ROLLBACK TO SAVEPOINT s2;
SELECT unit_code, points FROM kpi.kpi_entry_take('stage_a');
COMMIT;
-- the same in a plpgsql block that catches the error, as a trigger would
DO $$
BEGIN
	BEGIN
		PERFORM kpi.kpi_entry_begin('stage_b');
		PERFORM kpi.kpi_entry_stage('stage_b', 1, 'row 1', 's', 'u1', 'A', NULL, 1, NULL, NULL);
		PERFORM 1 / 0;
	EXCEPTION WHEN division_by_zero THEN
		RAISE NOTICE 'the load failed';
	END;
	PERFORM kpi.kpi_entry_begin('stage_b');
	RAISE NOTICE 'a new load begins, with % rows', (SELECT count(*) FROM kpi.kpi_entry_take('stage_b'));
END
$$;

-- A load not taken is forgotten at the end of its transaction: committed,
-- rolled back, or with the statement in autocommit.
BEGIN;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT kpi.kpi_entry_stage('stage_a', 1, 'line 1', 's', 'u1', 'A', NULL, 1, NULL, NULL);
COMMIT;
BEGIN;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT count(*) AS left_over FROM kpi.kpi_entry_take('stage_a');
COMMIT;
BEGIN;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT 1 / 0;
ROLLBACK;
SELECT kpi.kpi_entry_begin('stage_a');
SELECT kpi.kpi_entry_begin('stage_a');
SELECT * FROM kpi.kpi_entry_take('stage_a');
\echo :LAST_ERROR_SQLSTATE

-- Null arguments: kpi_entry_stage names the one that must not be null
-- (only rater, points, facts and note may be); begin and take are strict.
BEGIN;
SELECT kpi.kpi_entry_begin('stage_a');
SAVEPOINT s;
SELECT kpi.kpi_entry_stage(NULL, 1, 'line 1', 's', 'u1', 'A', NULL, 1, NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
ROLLBACK TO SAVEPOINT s;
SELECT kpi.kpi_entry_stage('stage_a', NULL, 'line 1', 's', 'u1', 'A', NULL, 1, NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
ROLLBACK TO SAVEPOINT s;
SELECT kpi.kpi_entry_stage('stage_a', 1, NULL, 's', 'u1', 'A', NULL, 1, NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
ROLLBACK TO SAVEPOINT s;
SELECT kpi.kpi_entry_stage('stage_a', 1, 'line 1', NULL, 'u1', 'A', NULL, 1, NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
ROLLBACK TO SAVEPOINT s;
SELECT kpi.kpi_entry_stage('stage_a', 1, 'line 1', 's', NULL, 'A', NULL, 1, NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
ROLLBACK TO SAVEPOINT s;
SELECT kpi.kpi_entry_stage('stage_a', 1, 'line 1', 's', 'u1', NULL, NULL, 1, NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
ROLLBACK TO SAVEPOINT s;
SELECT kpi.kpi_entry_begin(NULL) IS NULL AS begin_null,
	   (SELECT count(*) FROM kpi.kpi_entry_take(NULL)) AS take_null;
-- the load begun before the savepoint is still in progress, and empty
SELECT count(*) AS staged FROM kpi.kpi_entry_take('stage_a');
COMMIT;

DROP FUNCTION load_b(text);
DROP VIEW stage_a, stage_b;
