
-- kpi: the stage of a load into an entry view (src/entry_stage_pg.c).  The
-- rows of one COPY or INSERT into kpi_report.score_entry, rating_entry or
-- evidence_entry wait here, in the backend's own memory, between the view's
-- statement triggers (86_report_entry.sql): no table and no SECURITY
-- DEFINER function, so nothing another role can prepare or reach.  One
-- stage per view, forgotten at the end of the transaction and dropped with
-- a subtransaction that rolls back.  Volatile and parallel unsafe: they
-- keep state in the backend.

-- Start a load into the entry view `load` (its BEFORE STATEMENT trigger);
-- refused while a load into the same view is in progress.
CREATE FUNCTION kpi.kpi_entry_begin(load regclass)
RETURNS void
AS 'MODULE_PATHNAME', 'kpi_entry_begin'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION kpi.kpi_entry_begin(regclass) IS
	'Start a load into an entry view: an empty stage for its rows, until kpi_entry_take';

-- Stage one checked row of the load; if its key (scheme_id, unit_code,
-- code, rater) was staged by this load already, stage nothing and return
-- the `at` of the earlier row, else null.  A null rater is ''; points,
-- facts and note may be null; n orders the rows (the line number).  Not
-- strict: it names the argument that must not be null.
CREATE FUNCTION kpi.kpi_entry_stage(load regclass, n bigint, at text, scheme_id text, unit_code text,
	code text, rater text, points numeric, facts jsonb, note text)
RETURNS text
AS 'MODULE_PATHNAME', 'kpi_entry_stage'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION kpi.kpi_entry_stage(regclass, bigint, text, text, text, text, text, numeric, jsonb, text) IS
	'Stage one row of a load into an entry view; a key staged before returns where it was and stages nothing';

-- The staged rows of the load in order of n (the same n: in staging
-- order), ending the load.
CREATE FUNCTION kpi.kpi_entry_take(load regclass)
RETURNS TABLE (scheme_id text, unit_code text, code text, rater text, points numeric, facts jsonb, note text)
AS 'MODULE_PATHNAME', 'kpi_entry_take'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE ROWS 1000;
COMMENT ON FUNCTION kpi.kpi_entry_take(regclass) IS
	'The staged rows of a load into an entry view, in line order, ending the load';
