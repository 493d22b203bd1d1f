-- The schema of DESIGN.md: tables, views, the tier type, veto conditions.
\i sql/include/fresh.sql

SELECT c.relname, c.relkind
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'kpi' AND c.relkind IN ('r', 'v')
 ORDER BY c.relkind, c.relname;

-- the public views have the columns of the contract, in order
SELECT attrelid::regclass AS view, string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
  FROM pg_attribute
 WHERE attrelid IN ('kpi.result'::regclass, 'kpi.reward'::regclass, 'kpi.consequence'::regclass)
   AND attnum > 0
 GROUP BY attrelid ORDER BY 1::text;

SELECT enum_range(NULL::kpi.tier);
SELECT t, kpi.tier_label(t) FROM unnest(enum_range(NULL::kpi.tier)) t;
SELECT * FROM kpi.veto_condition ORDER BY condition_code;

-- the install script does not depend on the caller: no object outside kpi
-- and its own second schema kpi_report
SELECT count(*) AS objects_outside_kpi
  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'kpi'
  JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT IN ('kpi', 'kpi_report');
