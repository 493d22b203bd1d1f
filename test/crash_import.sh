#!/usr/bin/env bash
# Crash safety: a backend is killed with SIGKILL in the middle of a large
# score import.  After the server's automatic restart the committed import
# is all there and none of the uncommitted one.  Needs permission to signal
# the server's processes (root, as make test runs).
. "$(dirname "$0")/lib.sh"
db=kpi_crash
drop_at_exit DATABASE $db
plan 6

psql -d postgres -c "CREATE DATABASE $db"
psql -d "$db" <<'SQL'
CREATE EXTENSION kpi;
INSERT INTO kpi.scheme (scheme_id, year) VALUES ('c', 2018);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('c', 'g');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('c', 'g', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points)
SELECT 'c', 'R', NULL, 1000 UNION ALL SELECT 'c', 'R.' || i, 'R', 1 FROM generate_series(1, 1000) i;
INSERT INTO kpi.unit (unit_code, name) SELECT 'u' || i, 'unit ' || i FROM generate_series(1, 100) i;
INSERT INTO kpi.participant SELECT 'c', 'u' || i, 'g', 'R' FROM generate_series(1, 100) i;
-- the committed import: units 1-50, 50,000 scores
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points)
SELECT 'c', 'u' || i, 'R.' || j, 1 FROM generate_series(1, 50) i, generate_series(1, 1000) j;
SQL

# the import that will not commit: units 51-100, then it waits to be killed
command psql -X -q -d "$db" >/dev/null 2>&1 <<'SQL' &
BEGIN;
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points)
SELECT 'c', 'u' || i, 'R.' || j, 1 FROM generate_series(51, 100) i, generate_series(1, 1000) j;
SELECT pg_sleep(600);
COMMIT;
SQL
importer=$!

pid=""
for _ in $(seq 1 600); do
	pid=$(psql -At -d postgres -c "SELECT pid FROM pg_stat_activity WHERE datname = '$db' AND query LIKE '%pg_sleep(600)%' AND state = 'active'")
	[ -n "$pid" ] && break
	sleep 0.1
done
check "the uncommitted import reached its wait" "${pid:+yes}" "yes"
kill -KILL "$pid"
wait "$importer" || true

# the postmaster restarts every backend; wait until it accepts again
for _ in $(seq 1 300); do
	command psql -X -q -d "$db" -c 'SELECT 1' >/dev/null 2>&1 && break
	sleep 0.2
done
check "the server is back after the crash" "$(psql -At -d "$db" -c 'SELECT 1')" "1"
check "every committed score is there" "$(psql -At -d "$db" -c "SELECT count(*) FROM kpi.score WHERE unit_code IN (SELECT 'u' || i FROM generate_series(1, 50) i)")" "50000"
check "no uncommitted score is there" "$(psql -At -d "$db" -c "SELECT count(*) FROM kpi.score WHERE unit_code NOT IN (SELECT 'u' || i FROM generate_series(1, 50) i)")" "0"
check "the result is computed from what was committed" \
	"$(psql -At -d "$db" -c "SELECT count(*) FILTER (WHERE complete), count(*) FILTER (WHERE total = 100) FROM kpi.result")" "50|50"
check "the import can be run again" \
	"$(psql -At -d "$db" -c "INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) SELECT 'c', 'u' || i, 'R.' || j, 1 FROM generate_series(51, 100) i, generate_series(1, 1000) j; SELECT count(*) FROM kpi.score")" "100000"
