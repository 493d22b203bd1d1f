-- The oldest version kpi supports installs, and updates to the current one
-- (as pg_stat_statements' oldextversions does): every update script is
-- on the path.  1.0.0 is the release base, the oldest.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS kpi CASCADE;
RESET client_min_messages;
CREATE EXTENSION kpi VERSION '1.0.0';
SELECT extversion FROM pg_extension WHERE extname = 'kpi';
SELECT source, target, path FROM pg_extension_update_paths('kpi')
 WHERE source = '1.0.0' AND path IS NOT NULL ORDER BY target;
ALTER EXTENSION kpi UPDATE;
SELECT extversion = (SELECT default_version FROM pg_available_extensions WHERE name = 'kpi') AS current
  FROM pg_extension WHERE extname = 'kpi';
-- the updated extension computes the sample like a fresh one
\i sql/include/sample.sql
SELECT group_code, unit_code, total, rank, tier_label FROM kpi.result
 WHERE scheme_id = '2018' ORDER BY group_code, rank, unit_code;
