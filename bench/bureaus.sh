#!/usr/bin/env bash
# bench/bureaus.sh — a city's roll-up of its banners (kpi.bureau_result)
# measured: 12 banners × 40 units (bench/gen.sql, 10^4 scores each, each
# with its own seed), half of them in the cluster of PG* and half in a
# second cluster this script starts on a free loopback port (removed at
# exit), the city in a database of the first cluster reading them all over
# postgres_fdw.  Checks that the roll-up's rows equal the union of each
# banner's own kpi.result, prints the plan of a filtered query with its
# remote SQL, and times (median of 5, in the server) the roll-up of one
# scheme against the sum of the 12 direct queries.  Not a test: make test
# does not run it.
#
#   pg_virtualenv -t bash bench/bureaus.sh [--banners N] [--units N] [--async]
#
# --async gives the servers async_capable 'true': postgres_fdw then asks
# all banners at once under the view's UNION ALL instead of one by one.
#
# Needs kpi installed (make install) and postgres_fdw (postgresql-15).
set -euo pipefail
cd "$(dirname "$0")/.."
banners=12
units=40
async=
while [ $# -gt 0 ]; do
	case $1 in
		--banners) banners=$2; shift 2 ;;
		--units) units=$2; shift 2 ;;
		--async) async=1; shift ;;
		*) echo "usage: $0 [--banners N] [--units N] [--async]" >&2; exit 2 ;;
	esac
done
psqlx() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
. test/cluster.sh

# the second cluster
dir=$(cluster_dir kpi-bureaus)
port2=$(free_port 54800)
cleanup() {
	set +e
	stop_cluster "$dir/data"
	rm -rf "$dir"
	for i in $(seq 1 "$banners"); do psqlx -d postgres -c "DROP DATABASE IF EXISTS kpi_banner_$i" 2>/dev/null; done
	psqlx -d postgres -c 'DROP DATABASE IF EXISTS kpi_city' 2>/dev/null
	psqlx -d postgres -c 'DROP ROLE IF EXISTS city_reads' 2>/dev/null
}
trap cleanup EXIT
new_cluster "$dir/data" "$port2" "$dir"
start_cluster "$dir/data"
second() { cluster_psql "$dir" "$port2" "$@"; }
port1=$(psqlx -At -d postgres -c "SELECT current_setting('port')")

# the banners: odd ones here, even ones in the second cluster
psqlx -d postgres -c "CREATE ROLE city_reads LOGIN PASSWORD 'city-reads'"
second -d postgres -c "CREATE ROLE city_reads LOGIN PASSWORD 'city-reads'"
start=$(date +%s)
for i in $(seq 1 "$banners"); do
	if [ $((i % 2)) = 1 ]; then on=psqlx; else on=second; fi
	$on -d postgres -c "CREATE DATABASE kpi_banner_$i"
	$on -d "kpi_banner_$i" -c 'CREATE EXTENSION kpi'
	$on -d "kpi_banner_$i" -v units="$units" -v seed="0.$i" -f bench/gen.sql >/dev/null
	$on -d "kpi_banner_$i" -c "SELECT FROM kpi.grant_access('city_reads', 'reader')" -c 'VACUUM ANALYZE' >/dev/null
done
echo "# loaded $banners banners × $units units in $(( $(date +%s) - start )) s"

# the city
psqlx -d postgres -c 'CREATE DATABASE kpi_city'
{
	echo 'CREATE EXTENSION kpi;'
	echo 'CREATE EXTENSION postgres_fdw;'
	for i in $(seq 1 "$banners"); do
		if [ $((i % 2)) = 1 ]; then p=$port1; else p=$port2; fi
		echo "CREATE SERVER banner_$i FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '$p', dbname 'kpi_banner_$i', extensions 'kpi'${async:+, async_capable 'true'});"
		echo "CREATE USER MAPPING FOR CURRENT_USER SERVER banner_$i OPTIONS (user 'city_reads', password 'city-reads');"
		echo "SELECT FROM kpi.attach_bureau('b$i', 'banner_$i');"
	done
} | psqlx -d kpi_city >/dev/null

# the roll-up's rows are the union of each banner's own
cols="scheme_id, group_code, unit_code, unit_name, content, ratings, bonus, deduction, total, rank, vetoed, downgraded, tier, tier_label, complete, level"
rollup=$(psqlx -At -d kpi_city -c "SELECT bureau_code || ' ' || count(*) || ' ' || md5(string_agg(x, '|' ORDER BY x COLLATE \"C\"))
  FROM (SELECT bureau_code, ROW($cols)::text AS x FROM kpi.bureau_result) y GROUP BY bureau_code ORDER BY bureau_code")
direct=$(for i in $(seq 1 "$banners"); do
	if [ $((i % 2)) = 1 ]; then on=psqlx; else on=second; fi
	$on -At -d "kpi_banner_$i" -c "SELECT 'b$i' || ' ' || count(*) || ' ' || md5(string_agg(x, '|' ORDER BY x COLLATE \"C\"))
	  FROM (SELECT ROW($cols)::text AS x FROM kpi.result) y"
done | sort)
if [ "$rollup" = "$direct" ]; then
	echo "# equal: the roll-up's rows are each banner's kpi.result ($(echo "$rollup" | awk '{s += $2} END {print s}') rows)"
else
	echo "# DIFFERENT: roll-up vs direct"; diff <(echo "$rollup") <(echo "$direct") | sed 's/^/# /'; exit 1
fi

echo '# the plan of one banner, one scheme, one tier:'
psqlx -At -d kpi_city -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT unit_code, total FROM kpi.bureau_result
  WHERE bureau_code = 'b3' AND scheme_id = 'bench' AND tier = 'outstanding'" | sed 's/^/#   /'

# medians of 5 runs, timed in the server (clock_timestamp around EXECUTE)
timer='CREATE FUNCTION pg_temp.ms(q text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t timestamptz; n bigint; ms numeric[] := ARRAY[]::numeric[];
BEGIN
	EXECUTE q INTO n;
	FOR i IN 1 .. 5 LOOP
		t := clock_timestamp(); EXECUTE q INTO n;
		ms := ms || (extract(epoch FROM clock_timestamp() - t) * 1000)::numeric;
	END LOOP;
	RETURN round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m) FROM unnest(ms) m)::numeric, 1);
END $$;'
roll=$(psqlx -At -d kpi_city -c "$timer" -c "SELECT pg_temp.ms('SELECT count(*) FROM (SELECT * FROM kpi.bureau_result WHERE scheme_id = ''bench'') x')")
sum=0
for i in $(seq 1 "$banners"); do
	if [ $((i % 2)) = 1 ]; then on=psqlx; else on=second; fi
	t=$($on -At -d "kpi_banner_$i" -c "$timer" -c "SELECT pg_temp.ms('SELECT count(*) FROM (SELECT * FROM kpi.result WHERE scheme_id = ''bench'') x')")
	sum=$(awk -v a="$sum" -v b="$t" 'BEGIN { print a + b }')
done
echo "| banners | units each | servers | roll-up ms | Σ direct ms | ratio |"
echo "|---|---|---|---|---|---|"
mode="one by one"; [ -n "$async" ] && mode=async_capable
echo "| $banners | $units | $mode | $roll | $sum | $(awk -v a="$roll" -v b="$sum" 'BEGIN { printf "%.2f", a / b }') |"
