-- kpi_points_sum: the scores' points summed as int64 hundredths, equal to
-- sum(numeric) over a parallel plan, refusing what kpi_weighted_total
-- refuses (more than 2 decimals, negative, out of range).
\i sql/include/fresh.sql

SELECT kpi.kpi_points_sum(p) AS total, pg_typeof(kpi.kpi_points_sum(p)) AS type
  FROM (VALUES (1.5), (2), (0.25), (0)) v (p);
-- over no rows 0, not null (a group has rows)
SELECT kpi.kpi_points_sum(p) AS none FROM (VALUES (1.5)) v (p) WHERE false;
SELECT kpi.kpi_points_sum(p) AS nulls_skipped FROM (VALUES (1.5), (NULL)) v (p);
SELECT kpi.kpi_points_sum(p) FROM (VALUES (1.5), (0.125)) v (p);
SELECT kpi.kpi_points_sum(p) FROM (VALUES (1.5), (-1)) v (p);
SELECT kpi.kpi_points_sum(p) FROM (VALUES (1.5), ('NaN'::numeric)) v (p);
SELECT kpi.kpi_points_sum(p) FROM (VALUES (92233720368547758.07), (0.01)) v (p);
SELECT kpi.kpi_points_sum_combine(1, -1);
SELECT kpi.kpi_points_sum_combine(9223372036854775807, 1);

-- over a parallel plan: partial sums in the workers, the same as sum()
CREATE TABLE points_sum_test AS
SELECT i % 97 AS g, ((i * 7919) % 100001) / 100.0 AS p FROM generate_series(1, 200000) i;
ANALYZE points_sum_test;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q;
END
$$;
SELECT bool_or(l ~ 'Partial \w*Aggregate') AS partial, bool_or(l ~ 'Finalize') AS finalize
  FROM pg_temp.plan('SELECT g, kpi.kpi_points_sum(p) FROM points_sum_test GROUP BY g') l;
SELECT count(*) AS groups, count(*) FILTER (WHERE s = kpi_sum) AS equal
  FROM (SELECT g, sum(p) AS s, kpi.kpi_points_sum(p) AS kpi_sum FROM points_sum_test GROUP BY g) x;
RESET ALL;
DROP TABLE points_sum_test;
