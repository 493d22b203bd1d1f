#!/usr/bin/env bash
# bench/load.sh — how much do kpi's checks and audit cost a load of scores?
#
#   bash bench/load.sh DB [ROUNDS]          (default 3)
#
# DB is a database `run.sh --keep` loaded (its kpi.score rows are the
# load).  The rows are copied once into a plain table and a CSV file in
# the entry view's columns; then, in interleaved rounds, each way of
# loading them is timed from an emptied table (TRUNCATE, not timed) to its
# commit, so the deferred keys are counted:
#   unchecked insert  INSERT ... SELECT into a table made LIKE kpi.score
#                     (INCLUDING ALL: its checks and indexes, no trigger, no key)
#   checked insert    the same INSERT ... SELECT into kpi.score
#   unchecked copy    COPY of the rows (CSV) into the unchecked table
#   entry copy        COPY of the sheet into kpi_report.score_entry
#   audit rows        the audit rows of the same rows alone, as kpi.audit_rows
#                     writes them, into a copy of kpi.audit (its indexes)
#   bare audit rows   the least an audit row per change can be: an id, the
#                     table's name and the row as jsonb, one index (the id)
# and the audit rows each checked load wrote are counted (one per row).
# The floor is unchecked insert + audit rows: what a checked load that
# keeps kpi's audit must write, with no check and no key; the bare floor
# the same with bare audit rows.  Ratios are worked out per round (each
# way against the unchecked one of the same round), then their median.
# Ends with kpi.score holding the rows it started with.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: bash bench/load.sh DB [ROUNDS]" >&2; exit 2; }
db=$1 rounds=${2:-3}
export PGDATABASE=$db
psqlx() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

psqlx <<'SQL'
DROP SCHEMA IF EXISTS bench_load CASCADE;
CREATE SCHEMA bench_load;
CREATE TABLE bench_load.src AS SELECT scheme_id, unit_code, criterion_code, points, note FROM kpi.score;
CREATE TABLE bench_load.unchecked (LIKE kpi.score INCLUDING ALL);
CREATE TABLE bench_load.audit (LIKE kpi.audit INCLUDING ALL);
CREATE SEQUENCE bench_load.audit_id_seq OWNED BY bench_load.audit.id;
ALTER TABLE bench_load.audit ALTER id SET DEFAULT nextval('bench_load.audit_id_seq');
CREATE TABLE bench_load.bare_audit (id bigserial PRIMARY KEY, table_name text NOT NULL, new_row jsonb);
VACUUM ANALYZE bench_load.src;
SQL
psqlx -c "\\copy bench_load.src TO '$dir/rows.csv' CSV"
psqlx -c "\\copy (SELECT * FROM kpi_report.score_entry) TO '$dir/sheet.csv' CSV HEADER"
n=$(psql -X -Atc 'SELECT count(*) FROM bench_load.src')

declare -A sql=(
	[unchecked_insert]="INSERT INTO bench_load.unchecked SELECT * FROM bench_load.src"
	[checked_insert]="INSERT INTO kpi.score SELECT * FROM bench_load.src"
	[unchecked_copy]="\\copy bench_load.unchecked FROM '$dir/rows.csv' CSV"
	[entry_copy]="\\copy kpi_report.score_entry FROM '$dir/sheet.csv' CSV HEADER"
	[audit_rows]="INSERT INTO bench_load.audit (role_name, table_name, operation, scheme_id, unit_code, row_key, new_row)
				  SELECT current_user, 'score', 'INSERT', t.j ->> 'scheme_id', t.j ->> 'unit_code', t.j - '{points,note}'::text[], t.j
					FROM (SELECT to_jsonb(n) AS j FROM bench_load.src n) t"
	[bare_audit_rows]="INSERT INTO bench_load.bare_audit (table_name, new_row) SELECT 'score', to_jsonb(n) FROM bench_load.src n"
)
declare -A target=([unchecked_insert]=bench_load.unchecked [checked_insert]=kpi.score
				   [unchecked_copy]=bench_load.unchecked [entry_copy]=kpi.score [audit_rows]=bench_load.audit
				   [bare_audit_rows]=bench_load.bare_audit)
declare -A times t
ways="unchecked_insert checked_insert unchecked_copy entry_copy audit_rows bare_audit_rows"
ratios=
for ((i = 1; i <= rounds; i++)); do
	order=$ways
	((i % 2)) || order=$(echo "$ways" | tr ' ' '\n' | tac | tr '\n' ' ')
	for w in $order; do
		psqlx -c "TRUNCATE ${target[$w]}" -c CHECKPOINT
		before=$(psql -X -Atc "SELECT coalesce(max(id), 0) FROM kpi.audit")
		t0=$(now)
		psqlx -c "${sql[$w]}"
		t1=$(now)
		got=$(psql -X -Atc "SELECT count(*) FROM ${target[$w]}")
		audited=$(psql -X -Atc "SELECT count(*) FROM kpi.audit WHERE id > $before AND table_name = 'score' AND operation = 'INSERT'")
		s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
		times[$w]="${times[$w]:-} $s"
		t[$w]=$s
		echo "load.sh: round $i $w: $s s, $got rows, $audited audit rows" >&2
		[ "$got" = "$n" ] || { echo "load.sh: $got rows loaded, $n expected" >&2; exit 1; }
	done
	# this round's ratios: checked insert, entry copy, floor, bare floor
	ratios+=$(awk -v ui="${t[unchecked_insert]}" -v ci="${t[checked_insert]}" -v uc="${t[unchecked_copy]}" \
		-v ec="${t[entry_copy]}" -v ar="${t[audit_rows]}" -v br="${t[bare_audit_rows]}" \
		'BEGIN { printf "%.4f %.4f %.4f %.4f\n", ci / ui, ec / uc, (ui + ar) / ui, (ui + br) / ui }')$'\n'
done
median() { printf '%s\n' $1 | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ui=$(median "${times[unchecked_insert]}") ci=$(median "${times[checked_insert]}")
uc=$(median "${times[unchecked_copy]}") ec=$(median "${times[entry_copy]}")
ar=$(median "${times[audit_rows]}") br=$(median "${times[bare_audit_rows]}")
ratio() { median "$(echo "$ratios" | awk -v k="$1" 'NF { print $k }')"; }
echo "| rows | unchecked INSERT s | checked INSERT s | ratio | checked rows/s | unchecked COPY s | entry-view COPY s | ratio | entry rows/s | audit rows alone s | floor ratio | bare audit rows s | bare floor ratio |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -v n="$n" -v ui="$ui" -v ci="$ci" -v uc="$uc" -v ec="$ec" -v ar="$ar" -v br="$br" \
	-v r1="$(ratio 1)" -v r2="$(ratio 2)" -v r3="$(ratio 3)" -v r4="$(ratio 4)" 'BEGIN {
	printf "| %d | %.2f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f |\n",
		n, ui, ci, r1, n / ci, uc, ec, r2, n / ec, ar, r3, br, r4 }'
echo "(times: medians of $rounds rounds; ratios: medians of the rounds' own ratios)"
