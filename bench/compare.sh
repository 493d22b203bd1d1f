#!/usr/bin/env bash
# bench/compare.sh — is one build of kpi slower than another at kpi.result?
# Times (b) of run.sh (kpi.result of the whole generated scheme) and (a)
# (the plain sum over kpi.score) on two servers, each with a database a
# `run.sh --keep` run loaded, in interleaved rounds (A B, then B A, ...),
# so that a machine that gets busier or quieter during the comparison
# weighs on both alike.  Prints the medians and minimums per side and the
# median of the per-round ratios B/A.
#
#   bash bench/compare.sh PORT_A DB_A PORT_B DB_B [ROUNDS]     (default 15)
#
# Both servers on localhost, as the user in PGUSER; each database holds the
# function bench.time_runs that run.sh creates (one warm-up, then timed).
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: bash bench/compare.sh PORT_A DB_A PORT_B DB_B [ROUNDS]" >&2; exit 2; }
port_a=$1 db_a=$2 port_b=$3 db_b=$4 rounds=${5:-15}

consume="count(*), sum(rank), count(*) FILTER (WHERE tier = 'outstanding'), sum(total)"
declare -A query=(
	[a]="SELECT count(*), sum(s) FROM (SELECT scheme_id, unit_code, sum(points) AS s FROM kpi.score GROUP BY 1, 2) x"
	[b]="SELECT $consume FROM kpi.result WHERE scheme_id = 'bench'"
)

# one timed run (after a warm-up) of query $3 on side $1/$2, in ms
time_once() {
	echo "SELECT min_ms FROM bench.time_runs(:'q', 1);" |
		psql -X -At -h localhost -p "$1" -d "$2" -v ON_ERROR_STOP=1 -v q="$3"
}

for k in a b; do
	for side in A B; do
		declare -n samples="ms_${k}_$side"
		samples=()
	done
	ratios=()
	for ((i = 1; i <= rounds; i++)); do
		if ((i % 2)); then order="A B"; else order="B A"; fi
		for side in $order; do
			if [ "$side" = A ]; then t=$(time_once "$port_a" "$db_a" "${query[$k]}"); else t=$(time_once "$port_b" "$db_b" "${query[$k]}"); fi
			declare -n samples="ms_${k}_$side"
			samples+=("$t")
			declare -n last="last_$side"
			last=$t
		done
		ratios+=("$(awk -v b="$last_B" -v a="$last_A" 'BEGIN {print b / a}')")
	done
	declare -n sa="ms_${k}_A" sb="ms_${k}_B"
	median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
	minimum() { printf '%s\n' "$@" | sort -g | head -1; }
	printf '(%s) A median %.1f ms, min %.1f | B median %.1f ms, min %.1f | B/A: medians %.3f, per-round median %.3f (%d rounds)\n' \
		"$k" "$(median "${sa[@]}")" "$(minimum "${sa[@]}")" "$(median "${sb[@]}")" "$(minimum "${sb[@]}")" \
		"$(awk -v b="$(median "${sb[@]}")" -v a="$(median "${sa[@]}")" 'BEGIN {print b / a}')" "$(median "${ratios[@]}")" "$rounds"
done
