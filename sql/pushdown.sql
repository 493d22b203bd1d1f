-- A filter on scheme_id reaches the table scans, below the windows: every
-- window is partitioned by scheme_id, so PostgreSQL pushes the qual down.
\i sql/include/fresh.sql

CREATE FUNCTION pg_temp.plan(query text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
	j json;
BEGIN
	EXECUTE 'EXPLAIN (COSTS OFF, FORMAT JSON) ' || query INTO j;
	RETURN (j::jsonb) -> 0 -> 'Plan';
END
$$;

-- the scans of kpi.score and the condition each applies: the scheme, or
-- for the deducted units' points (kpi.deduction_taken) the key of a
-- deduction row (d), read under the scheme's filter
SELECT s ->> 'Node Type' AS scan,
	   regexp_replace(coalesce(s ->> 'Index Cond', s ->> 'Recheck Cond', s ->> 'Filter'),
					  '\mp_[0-9]+\.', 'p.', 'g') AS cond
  FROM jsonb_path_query(pg_temp.plan($$SELECT * FROM kpi.result WHERE scheme_id = '2018'$$),
						'strict $.** ? (@."Relation Name" == "score")') s
 ORDER BY 1, 2;

-- all of them lie below the outermost window aggregate (the tiers)
SELECT (SELECT count(*) FROM jsonb_path_query(p, 'strict $.** ? (@."Relation Name" == "score")')) AS score_scans,
	   (SELECT count(*) FROM jsonb_path_query(
			jsonb_path_query_first(p, 'strict $.** ? (@."Node Type" == "WindowAgg")'),
			'strict $.** ? (@."Relation Name" == "score")')) AS below_window
  FROM pg_temp.plan($$SELECT * FROM kpi.result WHERE scheme_id = '2018'$$) p;

-- one group: the group filter reaches the participants too
SELECT DISTINCT coalesce(s ->> 'Index Cond', s ->> 'Recheck Cond') AS scheme_cond, s ->> 'Filter' AS group_filter
  FROM jsonb_path_query(pg_temp.plan($$SELECT * FROM kpi.result WHERE scheme_id = '2018' AND group_code = 'sifasuo'$$),
						'strict $.** ? (@."Relation Name" == "participant" && exists (@."Filter"))') s;
