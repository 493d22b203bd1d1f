-- kpi_weighted_total is PARALLEL SAFE with a combine function: partial
-- states from the workers merge into the same exact total as a serial run.
\i sql/include/fresh.sql

-- 200 units × 50 leaves, 3 raters on each of 2 rating components
INSERT INTO kpi.scheme (scheme_id, year) VALUES ('p', 2018);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('p', 'a'), ('p', 'b');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight, aggregation)
SELECT 'p', g, c, w, agg
  FROM unnest('{a,b}'::text[]) g,
	   (VALUES ('content', 70, 'mean'), ('lead', 20, 'mean'), ('team', 10, 'trimmed_mean')) v(c, w, agg);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points)
SELECT 'p', 'R', NULL, 500 UNION ALL
SELECT 'p', 'R.' || i, 'R', 10 FROM generate_series(1, 50) i;
INSERT INTO kpi.unit (unit_code, name) SELECT 'u' || i, 'unit ' || i FROM generate_series(1, 200) i;
INSERT INTO kpi.participant SELECT 'p', 'u' || i, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END, 'R'
  FROM generate_series(1, 200) i;
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points)
SELECT 'p', 'u' || i, 'R.' || j, ((i * 7 + j * 13) % 1001) / 100.0
  FROM generate_series(1, 200) i, generate_series(1, 50) j;
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater, score)
SELECT 'p', 'u' || i, c, 'r' || k, ((i * 31 + k * 17) % 1001) / 10.0
  FROM generate_series(1, 200) i, unnest('{lead,team}'::text[]) c, generate_series(1, 3) k;
ANALYZE kpi.score, kpi.rating, kpi.participant, kpi.criterion, kpi.component;

CREATE TEMP TABLE serial AS SELECT * FROM kpi.result;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET enable_indexscan = off;
SET enable_bitmapscan = off;

-- the aggregate splits into partial and final steps over the workers
EXPLAIN (COSTS OFF)
SELECT unit_code, kpi.kpi_weighted_total(0, points, NULL, NULL, NULL)
  FROM kpi.score GROUP BY unit_code;

-- the same totals as summed serially
SELECT count(*) AS units,
	   count(*) FILTER (WHERE w.total = s.points_total) AS equal
  FROM (SELECT unit_code, kpi.kpi_weighted_total(0, points, CASE WHEN criterion_code = 'R.1' THEN 500 END,
												 CASE WHEN criterion_code = 'R.1' THEN 100 END, NULL) AS total
		  FROM kpi.score GROUP BY unit_code) w
  JOIN (SELECT unit_code, round(sum(points) * 100 / 500, 2) AS points_total
		  FROM kpi.score GROUP BY unit_code) s USING (unit_code);

-- the whole result, with a parallel plan, equals the serial one
SELECT count(*) AS rows,
	   (SELECT count(*) FROM (SELECT * FROM kpi.result EXCEPT SELECT * FROM serial) x) AS differ
  FROM serial;

-- kpi.result's own plan: the leaf points summed in partial steps over the
-- workers, then the total of each unit by kpi_weighted_total
CREATE FUNCTION pg_temp.explain_json(query text) RETURNS json LANGUAGE plpgsql AS $$
DECLARE
	j json;
BEGIN
	EXECUTE 'EXPLAIN (COSTS OFF, VERBOSE, FORMAT JSON) ' || query INTO j;
	RETURN j;
END
$$;
SELECT DISTINCT n ->> 'Node Type' AS node, n ->> 'Partial Mode' AS mode
  FROM jsonb_path_query((SELECT (j::jsonb) -> 0 -> 'Plan' FROM pg_temp.explain_json(
			$$SELECT count(*), sum(rank) FROM kpi.result WHERE scheme_id = 'p'$$) j),
		'strict $.** ? (@."Node Type" == "Aggregate" && exists (@."Partial Mode"))') n
 ORDER BY 2;
-- and the C functions it runs, by name: the aggregate, the tier window
-- function and the veto
SELECT f AS runs
  FROM unnest(ARRAY['kpi.kpi_weighted_total(', 'kpi.kpi_tier(', 'kpi.kpi_veto(']) f
 WHERE strpos((SELECT j::text FROM pg_temp.explain_json($$SELECT * FROM kpi.result WHERE scheme_id = 'p'$$) j), f) > 0
 ORDER BY 1;
RESET ALL;

-- the state's own SQL functions: a deduction is a contribution in slot -2;
-- bad states are refused; 2^62 raters' scores of 0 count exactly
SELECT (kpi.kpi_weighted_parts(slot, points, max_points, weight, NULL)).deduction AS deducted,
	   kpi.kpi_weighted_total(slot, points, max_points, weight, NULL) AS total
  FROM (VALUES (0, 5, 100, 100), (-2, 2, NULL, NULL)) v (slot, points, max_points, weight);
SELECT kpi.kpi_weighted_total_combine('{1,0,0,0,-1,0,0}'::int8[], '{1,2,3}'::int8[]);
SELECT kpi.kpi_weighted_parts_final('{9,0,0,0,-1,0,0}'::int8[]);
SELECT kpi.kpi_weighted_total_trans(NULL, 1, NULL, NULL, NULL, NULL);
SELECT (p).ratings = 0 AS ratings_zero, (p).ratings_shown, (p).ratings_complete
  FROM (SELECT kpi.kpi_weighted_parts_final(ARRAY[1, 1, 0, 0, -1, 0, 0,
			1000, 0, 0, 4611686018427387904, 0, 0]::int8[]) AS p) x;
