#!/usr/bin/env bash
# bench/limits.sh — what the limit itself costs in time and memory as the
# units grow, hashed and streamed.
#
#   bash bench/limits.sh DB [DB ...] [--runs N]     (default 5 runs)
#
# Each DB is a database `run.sh --keep` loaded.  For each, in the same
# session settings as run.sh (its server's, plus PGOPTIONS):
#   (a)  the limit as run.sh times it: every score summed per unit, which
#        PostgreSQL hashes (a hash table of per-unit sums in each process);
#   (a') the same query with enable_hashagg off: the scores read in key
#        order and summed unit after unit (a parallel index scan, then
#        group aggregates), which holds one unit at a time, so its memory
#        does not grow with the units;
#   (a") the same sum hashed with kpi.result's own by-value state
#        (kpi_points_sum: an int64 of hundredths per unit, the smallest a
#        hashed per-unit sum can hold);
#   (b)  kpi.result, as run.sh times it;
# the median of N runs of each (timed in the server by bench.time_runs) and
# the peak private memory of one run in a fresh backend (bench/lib.sh).
# The question it answers: can a plan keep memory flat in the units and
# still run within 1.3x of (a)?  (a') is the sum alone, planned for flat
# memory; anything that also ranks and tiers does at least its work.
set -euo pipefail
runs=5 dbs=()
while [ $# -gt 0 ]; do
	case $1 in
		--runs) runs=$2; shift 2 ;;
		*) dbs+=("$1"); shift ;;
	esac
done
[ ${#dbs[@]} -ge 1 ] || { echo "usage: bash bench/limits.sh DB [DB ...] [--runs N]" >&2; exit 2; }
source "$(dirname "$0")/lib.sh"
log() { echo "limits.sh: $*" >&2; }

q_a="SELECT count(*), sum(s) FROM (SELECT scheme_id, unit_code, sum(points) AS s FROM kpi.score GROUP BY 1, 2) x"
q_i="SELECT count(*), sum(s) FROM (SELECT scheme_id, unit_code, kpi.kpi_points_sum(points) AS s FROM kpi.score GROUP BY 1, 2) x"
q_b="SELECT count(*), sum(rank), count(*) FILTER (WHERE tier = 'outstanding'), sum(total) FROM kpi.result WHERE scheme_id = 'bench'"
base_options=${PGOPTIONS:-}

# time_of QUERY -> "median_ms result"
time_of() {
	echo "SELECT median_ms, result FROM bench.time_runs(:'q', :runs);" |
		psql -X -At -F ' ' -v ON_ERROR_STOP=1 -v q="$1" -v runs="$runs"
}

echo "| score rows | units | (a) hashed ms | (a') streamed ms | (a')/(a) | (a\") int64 hashed ms | (b) result ms | (b)/(a) | peak private MB (a) / (a') / (a\") / (b) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for db in "${dbs[@]}"; do
	export PGDATABASE=$db
	rows=$(psql -X -Atc "SELECT count(*) FROM kpi.score")
	units=$(psql -X -Atc "SELECT count(*) FROM kpi.participant")
	declare -A ms=() res=() anon=()
	for k in a s i b; do
		q=$q_a
		[ $k = i ] && q=$q_i
		[ $k = b ] && q=$q_b
		export PGOPTIONS=$base_options
		[ $k = s ] && export PGOPTIONS="$base_options -c enable_hashagg=off"
		read -r ms[$k] res[$k] < <(time_of "$q")
		read -r anon[$k] _ < <(peak_memory "$q")
		log "$db ($k): median ${ms[$k]} ms of $runs, $(mb "${anon[$k]}") MB peak private, result ${res[$k]}"
	done
	export PGOPTIONS=$base_options
	# the streamed plan must give the same sums, and must be the plan asked for
	[ "${res[a]}" = "${res[s]}" ] && [ "${res[a]}" = "${res[i]}" ] ||
		{ log "$db: (a), (a') and (a\") differ: ${res[a]} / ${res[s]} / ${res[i]}"; exit 1; }
	PGOPTIONS="$base_options -c enable_hashagg=off" psql -X -At -c "EXPLAIN $q_a" | grep -q 'HashAggregate' &&
		{ log "$db: (a') still hashes"; exit 1; }
	awk -v r="$rows" -v u="$units" -v a="${ms[a]}" -v s="${ms[s]}" -v i="${ms[i]}" -v b="${ms[b]}" \
		-v ma="$(mb "${anon[a]}")" -v ms="$(mb "${anon[s]}")" -v mi="$(mb "${anon[i]}")" -v mb="$(mb "${anon[b]}")" 'BEGIN {
		printf "| %d | %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %s / %s / %s / %s |\n", r, u, a, s, s / a, i, b, b / a, ma, ms, mi, mb }'
done
log "server: $(psql -X -Atc 'SHOW server_version'); jit=$(psql -X -Atc 'SHOW jit'), work_mem=$(psql -X -Atc 'SHOW work_mem'), max_parallel_workers_per_gather=$(psql -X -Atc 'SHOW max_parallel_workers_per_gather')"
