#!/usr/bin/env bash
# bench/run.sh — kpi.result against the limit and a plain-SQL peer.
#
#   pg_virtualenv -t bash bench/run.sh 1e6        # one size, timed
#   pg_virtualenv -t bash bench/run.sh --smoke    # 10^4 rows, equality check only (CI)
#   bash bench/run.sh 1e5                          # against the server of PGHOST/PGPORT/...
#
# Sizes: 1e4, 1e5, 1e6, 1e7 (or any number of score rows): units = rows / 250,
# 250 leaves each.  For the size given it creates a fresh database,
# CREATE EXTENSION kpi, loads bench/gen.sql (timed), creates the peer
# (bench/peer.sql), VACUUM ANALYZE, checks that the peer gives the same rows
# as kpi.result (both ways of EXCEPT, and as text), then, warm, times the
# median of --runs runs (default 5, after one discarded warm-up run) of:
#   (a)  the limit: SELECT scheme_id, unit_code, sum(points) FROM kpi.score GROUP BY 1, 2
#   (b)  kpi.result WHERE scheme_id = 'bench', and (b1) the same for one group
#   (c)  the peer bench.peer_result WHERE scheme_id = 'bench', and (c1) one group
# each wrapped in an aggregate that consumes rank and tier, so that no window
# is dropped as unused, and timed inside the server (clock_timestamp()
# around EXECUTE in PL/pgSQL: no client transfer).  Then the peak memory of
# each query, in a fresh backend: peak of RssAnon (private memory) summed
# over the backend and its parallel workers, sampled every 10 ms from
# /proc/<pid>/status, and the backend's VmHWM (which also counts the pages
# of shared_buffers it touched).  Prints a markdown table row.
#
# Options: --runs N, --keep (keep the database), --db NAME (time a database
# kept by an earlier --keep run: no load, not dropped), --explain FILE (write
# EXPLAIN (ANALYZE, BUFFERS) of (b) to FILE), --group CODE (default gushi,
# the group of 10% of units), --header (print the table header first).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
runs=5
keep=0
smoke=0
explain_file=
group=gushi
header=0
size=
reuse_db=

while [ $# -gt 0 ]; do
	case "$1" in
	--smoke) smoke=1; size=1e4 ;;
	--runs) runs=$2; shift ;;
	--keep) keep=1 ;;
	--db) reuse_db=$2; keep=1; shift ;;
	--explain) explain_file=$2; shift ;;
	--group) group=$2; shift ;;
	--header) header=1 ;;
	-h|--help) sed -n '2,30p' "$0"; exit 0 ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) size=$1 ;;
	esac
	shift
done
if [ -n "$reuse_db" ] && [ -z "$size" ]; then size=$(( $(psql -X -Atd "$reuse_db" -c "SELECT count(*) FROM kpi.score WHERE scheme_id = 'bench'") )); fi
if [ -z "$size" ]; then
	echo "usage: bash bench/run.sh SIZE [--runs N] [--keep] [--explain FILE] | --smoke" >&2
	exit 2
fi
if [ "$runs" -lt 1 ]; then echo "run.sh: --runs must be at least 1" >&2; exit 2; fi

leaves=250
rows=$(awk -v s="$size" 'BEGIN { printf "%d", s + 0 }')
units=$(( rows / leaves ))
if [ "$units" -lt 2 ]; then echo "run.sh: size $size is too small" >&2; exit 2; fi

db=${reuse_db:-kpi_bench_$$}
scheme=bench
export PGDATABASE=$db
psqlx() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
log() { echo "run.sh: $*" >&2; }
source "$(dirname "$0")/lib.sh"
ms() { awk -v m="$1" 'BEGIN { if (m >= 100) printf "%.0f", m; else printf "%.1f", m }'; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'; }
rps() { awk -v n="$1" -v m="$2" 'BEGIN { printf "%.2fM", n / (m / 1000) / 1e6 }'; }

if ! psql -X -q -d postgres -c 'SELECT 1' >/dev/null; then
	log "no server: run it as  pg_virtualenv -t bash bench/run.sh $size"
	exit 2
fi

cleanup() {
	if [ "$keep" = 0 ]; then
		psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
	else
		log "kept database $db"
	fi
}
trap cleanup EXIT

if [ -n "$reuse_db" ]; then
	version=$(psql -X -Atc "SELECT extversion FROM pg_extension WHERE extname = 'kpi'")
	load_s=-
	score_rows=$(psql -X -Atc "SELECT count(*) FROM kpi.score WHERE scheme_id = '$scheme'")
	units=$(psql -X -Atc "SELECT count(*) FROM kpi.participant WHERE scheme_id = '$scheme'")
	log "database $db as kept (kpi $version, $score_rows score rows, $units units)"
	psqlx -c 'DROP SCHEMA IF EXISTS bench CASCADE'
else
	psqlx -d postgres -c "CREATE DATABASE $db"
	# the installed extension may be being replaced: retry a few times
	for attempt in 1 2 3 4 5; do
		if psqlx -c 'CREATE EXTENSION kpi' 2>/tmp/kpi_bench_ext.$$; then
			break
		fi
		cat /tmp/kpi_bench_ext.$$ >&2
		if [ "$attempt" = 5 ]; then rm -f /tmp/kpi_bench_ext.$$; exit 1; fi
		log "CREATE EXTENSION kpi failed, retrying in 20 s"
		psqlx -c 'DROP EXTENSION IF EXISTS kpi CASCADE' >/dev/null 2>&1 || true
		sleep 20
	done
	rm -f /tmp/kpi_bench_ext.$$
	version=$(psql -X -Atc "SELECT extversion FROM pg_extension WHERE extname = 'kpi'")

	log "size $size: $units units x $leaves leaves into database $db (kpi $version)"
	t0=$(now)
	psqlx -v units="$units" -v leaves="$leaves" -v scheme="$scheme" -f "$here/gen.sql" >/dev/null
	t1=$(now)
	psqlx -c 'VACUUM ANALYZE'
	t2=$(now)
	load_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	vacuum_s=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", b - a }')
	score_rows=$(psql -X -Atc "SELECT count(*) FROM kpi.score WHERE scheme_id = '$scheme'")
	log "loaded $score_rows score rows in $load_s s (VACUUM ANALYZE $vacuum_s s)"
fi

psqlx -f "$here/peer.sql"
# the columns of kpi.result the peer computes (kpi.result of 1.0.0 has no
# level, which the peer gives last), in kpi.result's order
cols=$(psql -X -At -v ON_ERROR_STOP=1 -c "SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
	FROM pg_attribute a WHERE a.attrelid = 'kpi.result'::regclass AND a.attnum > 0 AND NOT a.attisdropped
	  AND a.attname IN (SELECT b.attname FROM pg_attribute b WHERE b.attrelid = 'bench.peer_result'::regclass)")

# ---------------------------------------------------------------------------
# equality: the peer and kpi.result, row for row
# ---------------------------------------------------------------------------
read -r n_result only_peer only_view only_peer_text only_view_text < <(psql -X -At -F ' ' -v ON_ERROR_STOP=1 <<SQL
SELECT (SELECT count(*) FROM kpi.result WHERE scheme_id = '$scheme'),
       (SELECT count(*) FROM (SELECT $cols FROM bench.peer_result WHERE scheme_id = '$scheme'
                              EXCEPT ALL SELECT $cols FROM kpi.result WHERE scheme_id = '$scheme') x),
       (SELECT count(*) FROM (SELECT $cols FROM kpi.result WHERE scheme_id = '$scheme'
                              EXCEPT ALL SELECT $cols FROM bench.peer_result WHERE scheme_id = '$scheme') x),
       (SELECT count(*) FROM (SELECT ROW($cols)::text FROM bench.peer_result p WHERE scheme_id = '$scheme'
                              EXCEPT ALL SELECT ROW($cols)::text FROM kpi.result r WHERE scheme_id = '$scheme') x),
       (SELECT count(*) FROM (SELECT ROW($cols)::text FROM kpi.result r WHERE scheme_id = '$scheme'
                              EXCEPT ALL SELECT ROW($cols)::text FROM bench.peer_result p WHERE scheme_id = '$scheme') x);
SQL
)
if [ "$only_peer" != 0 ] || [ "$only_view" != 0 ] || [ "$n_result" != "$units" ]; then
	log "MISMATCH: $n_result rows in kpi.result ($units units); $only_peer only in the peer, $only_view only in kpi.result"
	psql -X -c "(SELECT 'peer' AS side, $cols FROM bench.peer_result WHERE scheme_id = '$scheme'
	             EXCEPT ALL SELECT 'peer', $cols FROM kpi.result WHERE scheme_id = '$scheme')
	            UNION ALL
	            (SELECT 'kpi.result', $cols FROM kpi.result WHERE scheme_id = '$scheme'
	             EXCEPT ALL SELECT 'kpi.result', $cols FROM bench.peer_result WHERE scheme_id = '$scheme')
	            ORDER BY unit_code, side LIMIT 20" >&2
	exit 1
fi
if [ "$only_peer_text" != 0 ] || [ "$only_view_text" != 0 ]; then
	log "equal values but different text: $only_peer_text rows (e.g. a scale, 5 vs 5.00)"
	exit 1
fi
peer_check="equal ($n_result rows)"
log "peer: $peer_check"

# the same rows from a serial plan and from the parallel plan (PARALLEL SAFE labels)
read -r par_plan par_diff < <(psql -X -q -At -F ' ' -v ON_ERROR_STOP=1 <<SQL
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_result AS SELECT * FROM kpi.result WHERE scheme_id = '$scheme';
RESET max_parallel_workers_per_gather;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
CREATE TEMP TABLE parallel_result AS SELECT * FROM kpi.result WHERE scheme_id = '$scheme';
CREATE FUNCTION pg_temp.plan_text() RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE l text; t text := '';
BEGIN
	FOR l IN EXPLAIN SELECT * FROM kpi.result WHERE scheme_id = '$scheme' LOOP t := t || l || E'\n'; END LOOP;
	RETURN t;
END \$\$;
SELECT (SELECT p ~ 'Partial HashAggregate' AND p ~ 'Workers Planned: 2' FROM pg_temp.plan_text() p),
	   (SELECT count(*) FROM (SELECT * FROM serial_result EXCEPT ALL SELECT * FROM parallel_result) x)
	   + (SELECT count(*) FROM (SELECT * FROM parallel_result EXCEPT ALL SELECT * FROM serial_result) x);
SQL
)
if [ "$par_plan" != t ] || [ "$par_diff" != 0 ]; then
	log "PARALLEL MISMATCH: parallel plan $par_plan, $par_diff rows differ between the serial and the parallel result"
	exit 1
fi
log "serial and parallel plans give the same rows"
if [ "$smoke" = 1 ]; then
	echo "smoke: kpi $version, $score_rows score rows, $n_result units: the peer, and kpi.result in parallel, give the same rows as kpi.result"
	exit 0
fi

# ---------------------------------------------------------------------------
# timing, warm, inside the server
# ---------------------------------------------------------------------------
psqlx <<'SQL'
CREATE FUNCTION bench.time_runs(q text, runs int)
RETURNS TABLE (median_ms float8, min_ms float8, max_ms float8, result text)
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	ms float8[] := '{}';
	r record;
BEGIN
	EXECUTE q INTO r;                       -- warm-up, not counted
	FOR i IN 1 .. runs LOOP
		t0 := clock_timestamp();
		EXECUTE q INTO r;
		ms := ms || extract(epoch FROM clock_timestamp() - t0)::float8 * 1000;
	END LOOP;
	RETURN QUERY
	SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m), min(m), max(m), r::text
	  FROM unnest(ms) m;
END
$$;
SQL

q_a="SELECT count(*), sum(s) FROM (SELECT scheme_id, unit_code, sum(points) AS s FROM kpi.score GROUP BY 1, 2) x"
consume="count(*), sum(rank), count(*) FILTER (WHERE tier = 'outstanding'), sum(total)"
q_b="SELECT $consume FROM kpi.result WHERE scheme_id = '$scheme'"
q_b1="SELECT $consume FROM kpi.result WHERE scheme_id = '$scheme' AND group_code = '$group'"
q_c="SELECT $consume FROM bench.peer_result WHERE scheme_id = '$scheme'"
q_c1="SELECT $consume FROM bench.peer_result WHERE scheme_id = '$scheme' AND group_code = '$group'"

declare -A med res
for k in a b b1 c c1; do
	v=q_$k
	IFS='|' read -r m lo hi r < <(echo "SELECT * FROM bench.time_runs(:'q', :runs);" |
		psql -X -At -v ON_ERROR_STOP=1 -v q="${!v}" -v runs="$runs")
	med[$k]=$m
	res[$k]=$r
	log "($k) median $(printf '%.1f' "$m") ms (min $(printf '%.1f' "$lo"), max $(printf '%.1f' "$hi"), $runs runs) -> $r"
done
if [ "${res[b]}" != "${res[c]}" ] || [ "${res[b1]}" != "${res[c1]}" ]; then
	log "MISMATCH in the timed aggregates: kpi.result ${res[b]} / ${res[b1]}, peer ${res[c]} / ${res[c1]}"
	exit 1
fi

# how soon statement_timeout = 100 ms stops (b): the C functions and the
# executor check for interrupts, so the cancel lands within a few ms
cancel_ms=$(psql -X -q -At -v ON_ERROR_STOP=0 2>/dev/null <<SQL | tail -1
SET statement_timeout = 100;
CREATE FUNCTION pg_temp.cancel_ms(q text) RETURNS float8 LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz := clock_timestamp(); r record;
BEGIN
	BEGIN
		EXECUTE q INTO r;
	EXCEPTION WHEN query_canceled THEN
		RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
	END;
	RETURN -1;  -- finished before the timeout
END \$\$;
SELECT round(pg_temp.cancel_ms(\$q\$$q_b\$q\$)::numeric, 1);
SQL
)
log "(b) under statement_timeout = 100 ms: cancelled after $cancel_ms ms (-1: finished first)"

declare -A anon hwm
if [ -r /proc/self/status ]; then
	for k in a b c; do
		v=q_$k
		read -r anon[$k] hwm[$k] < <(peak_memory "${!v}")
		log "($k) peak private memory $(mb "${anon[$k]}") MB (backend + workers), backend VmHWM $(mb "${hwm[$k]}") MB"
	done
	read -r anon[idle] hwm[idle] < <(peak_memory "SELECT 1")
	log "idle backend: private $(mb "${anon[idle]}") MB, VmHWM $(mb "${hwm[idle]}") MB"
fi

if [ -n "$explain_file" ]; then
	psql -X -v ON_ERROR_STOP=1 -c "EXPLAIN (ANALYZE, BUFFERS) $q_b" > "$explain_file"
	log "EXPLAIN (ANALYZE, BUFFERS) of (b) written to $explain_file"
fi

settings=$(psql -X -At -c "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
  FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_parallel_workers_per_gather', 'jit')")
log "server: $(psql -X -Atc 'SHOW server_version'); $settings"

if [ "$header" = 1 ]; then
	echo "| score rows | units | load s | (a) limit ms | (b) result ms | (b1) one group ms | (c) peer ms | (c1) peer, one group ms | (b)/(a) | (c)/(b) | (b) rows/s | (a) rows/s | (c) rows/s | peak private MB (a) / (b) / (c) | VmHWM MB (a) / (b) / (c) | peer |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"
fi
echo "| $score_rows | $units | $load_s | $(ms "${med[a]}") | $(ms "${med[b]}") | $(ms "${med[b1]}") | $(ms "${med[c]}") | $(ms "${med[c1]}") | $(ratio "${med[b]}" "${med[a]}") | $(ratio "${med[c]}" "${med[b]}") | $(rps "$score_rows" "${med[b]}") | $(rps "$score_rows" "${med[a]}") | $(rps "$score_rows" "${med[c]}") | $(mb "${anon[a]:-0}") / $(mb "${anon[b]:-0}") / $(mb "${anon[c]:-0}") | $(mb "${hwm[a]:-0}") / $(mb "${hwm[b]:-0}") / $(mb "${hwm[c]:-0}") | $peer_check |"
