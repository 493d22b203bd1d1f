#!/usr/bin/env bash
# Concurrent season traffic, nothing lost (issue 18, items 1 and 2).  In a
# cluster of its own (commit timestamps on, each error logged with its
# SQLSTATE and client), on bench/gen.sql's scheme with test/traffic/setup.sql:
# 8 assessors upserting scores, 4 raters their ratings, 2 unit accounts
# their facts (pgbench, test/traffic/*.sql), 2 assessors loading CSV sheets
# through kpi_report.score_entry with \copy, the office approving bonuses
# and confirming vetoes, 2 readers comparing kpi.result with a
# recomputation in plain SQL (bench/peer.sql) and kpi_report.ranking with
# kpi.result, each in one REPEATABLE READ snapshot.  Every writing
# transaction appends what it wrote to load.ledger.  Then: the tables equal
# the state before replayed with the ledger, kpi.audit holds one row per
# ledger row (same transaction, key, operation and values), every error a
# client saw has a known SQLSTATE (40001/40P01 retried), every read agreed.
# The second run issues kpi.finalize mid-way: every write after it is
# refused with 55000, none committed after it, none before it lost, the
# published result equal to the last committed state.
# Sizes from the environment (bench/traffic.sh sets large ones): LOAD_UNITS,
# LOAD_TX (transactions per writing client), LOAD_READS, LOAD_COPIES (sheets
# per COPY client), LOAD_SHEET (rows per sheet), LOAD_OFFICE_TX.
# Needs kpi installed in the system's PostgreSQL and pgbench.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cluster.sh"
units=${LOAD_UNITS:-40} leaves=${LOAD_LEAVES:-250} tx=${LOAD_TX:-100} reads=${LOAD_READS:-15}
copies=${LOAD_COPIES:-5} sheet=${LOAD_SHEET:-20} office_tx=${LOAD_OFFICE_TX:-30}
pgbench=$cluster_bindir/pgbench
writers=(asr1 asr2 asr3 asr4 asr5 asr6 asr7 asr8 rtr1 rtr2 rtr3 rtr4 unit1 unit2 office)
planned=$(( (8 + 4 + 2) * tx + 2 * office_tx + 2 * copies * sheet ))
plan 17

dir=$(cluster_dir kpi-load)
port=$(free_port 54700)
stop_and_remove() { if [ -n "${LOAD_KEEP:-}" ]; then echo "# kept: $dir (port $port)"; return; fi; stop_cluster "$dir/data"; rm -rf "$dir"; }
on_exit stop_and_remove
new_cluster "$dir/data" "$port" "$dir" "track_commit_timestamp = on" "log_line_prefix = '%e %a '" \
	"deadlock_timeout = '100ms'" "max_connections = 60" ${LOAD_SETTINGS:+"$LOAD_SETTINGS"}
start_cluster "$dir/data"
on() { cluster_psql "$dir" "$port" "$@"; }
log=$dir/data.log
chmod 644 "$log" 2>/dev/null || true

on -d postgres <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', r)
  FROM unnest(ARRAY['load_asr1', 'load_asr2', 'load_asr3', 'load_asr4', 'load_asr5', 'load_asr6', 'load_asr7',
					'load_asr8', 'load_copy1', 'load_copy2', 'load_rtr1', 'load_rtr2', 'load_rtr3', 'load_rtr4',
					'load_unit1', 'load_unit2', 'load_office', 'load_reader1', 'load_reader2']) r \gexec
SQL

prepare() {
	on -d postgres -c "CREATE DATABASE $1"
	on -d "$1" -c 'CREATE EXTENSION kpi'
	on -d "$1" -v units="$units" -v leaves="$leaves" -f bench/gen.sql >/dev/null
	on -d "$1" -f bench/peer.sql >/dev/null
	on -d "$1" -v leaves="$leaves" -f test/traffic/setup.sql >/dev/null
}

# one pgbench client as ROLE (application_name APP) running SCRIPT COUNT times
bench_client() {
	local db=$1 app=$2 role=$3 script=$4 count=$5
	shift 5
	local rc=0
	PGAPPNAME=$app "$pgbench" -n -h "$dir" -p "$port" -U "$role" -c 1 -t "$count" --max-tries=20 \
		--failures-detailed -D units="$units" -D leaves="$leaves" "$@" -f "test/traffic/$script.sql" "$db" \
		>"$tmp/$app.out" 2>&1 || rc=$?
	echo "$rc" >"$tmp/$app.rc"
}

# a COPY client: COPIES sheets of SHEET scores of distinct units (leaves of
# categories 1-9, all scored before: each row an update), each loaded with
# \copy and its ledger rows in one transaction; a deadlock or serialization
# failure is retried; a refusal (55000) ends it; what happened goes to
# $tmp/APP.status
copy_client() {
	local db=$1 k=$2 app=copy$2 n m i j rubric points note csv=$tmp/copy$2.csv sql=$tmp/copy$2.sql tries=0 err
	for n in $(seq 1 "$copies"); do
		echo '方案,单位,指标,得分,备注' >"$csv"
		{
			echo 'BEGIN;'
			echo "\\copy kpi_report.score_entry FROM '$csv' (FORMAT csv, HEADER match)"
			echo 'INSERT INTO load.ledger (tbl, row_key, op, val) VALUES'
		} >"$sql"
		m=0
		for i in $(shuf -i 1-"$units" -n "$sheet"); do
			m=$((m + 1))
			j=$((2 + RANDOM % (leaves * 9 / 10 - 1)))
			case $((i % 10)) in 0) rubric=gs ;; 1) rubric=ej ;; *) rubric=sfs ;; esac
			points=$(printf '%d.%02d' $((RANDOM % (2 + j % 5))) $((RANDOM % 100)))
			note="load_copy$k#$n#$m"
			code=$rubric.$(((j - 1) * 10 / leaves + 1)).$j
			unit=$(printf 'u%06d' "$i")
			echo "bench,$unit,$code,$points,$note" >>"$csv"
			printf "%s('score', jsonb_build_object('scheme_id', 'bench', 'unit_code', '%s', 'criterion_code', '%s'), 'UPDATE', jsonb_build_object('points', %s::numeric, 'note', '%s'))\n" \
				"$([ "$m" = 1 ] || echo ,)" "$unit" "$code" "$points" "$note" >>"$sql"
		done
		echo ';' >>"$sql"
		echo 'COMMIT;' >>"$sql"
		while :; do
			if err=$(PGAPPNAME=$app command psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -h "$dir" -p "$port" \
				-U "load_copy$k" -d "$db" -f "$sql" 2>&1 >/dev/null); then
				break
			fi
			case $err in
				*40P01* | *40001*) tries=$((tries + 1)); continue ;;
				*55000*) echo "refused after $((n - 1)) sheets, $tries retried" >"$tmp/$app.status"; return ;;
				*) echo "failed at sheet $n: $err" >"$tmp/$app.status"; return ;;
			esac
		done
	done
	echo "done $copies sheets, $tries retried" >"$tmp/$app.status"
}

# the clients, all at once; with FINALIZE_AT the office finalizes once the
# ledger holds that many rows
run_clients() {
	local db=$1 finalize_at=${2:-} k c started
	log_from=$(stat -c %s "$log")
	started=$(date +%s.%N)
	for k in 1 2 3 4 5 6 7 8; do bench_client "$db" "asr$k" "load_asr$k" assessor "$tx" & done
	# raters as setup.sql grants them: rater k rates component c as c-评委n
	for k in 1 2 3 4; do
		c=$([ "$k" -le 2 ] && echo lingdao || echo xiaozu)
		bench_client "$db" "rtr$k" "load_rtr$k" rater "$tx" -D comp="'$c'" -D rater="'$c-评委$(((k - 1) % 2 + 1))'" &
	done
	for k in 1 2; do bench_client "$db" "unit$k" "load_unit$k" unit "$tx" -D unit="'u00000$((k + 1))'" -D rubric="'sfs'" & done
	bench_client "$db" office load_office office "$office_tx" &
	for k in 1 2; do bench_client "$db" "reader$k" "load_reader$k" reader "$reads" & done
	for k in 1 2; do copy_client "$db" "$k" & done
	if [ -n "$finalize_at" ]; then
		# (at most 10 minutes: clients that died early must not hang the test)
		for _ in $(seq 1 12000); do
			[ "$(on -At -d "$db" -c 'SELECT count(*) FROM load.ledger')" -ge "$finalize_at" ] && break
			sleep 0.05
		done
		PGAPPNAME=finalize command psql -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U load_office -d "$db" \
			-c "SELECT kpi.finalize('bench', force => true)" >/dev/null 2>"$tmp/finalize.err" && echo 0 >"$tmp/finalize.rc" \
			|| echo $? >"$tmp/finalize.rc"
	fi
	wait
	seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
}

# errors since the run started, as "SQLSTATE client" lines (the server log's prefix)
errors() { tail -c +$((log_from + 1)) "$log" | awk '/ ERROR: / { print $1, ($2 == "ERROR:" ? "-" : $2) }'; }
by_sqlstate() { errors | awk '{ n[$1]++ } END { for (s in n) printf "%s %d\n", s, n[s] }' | sort | paste -sd ' '; }
unknown_errors() { errors | awk -v known="$1" 'BEGIN { split(known, k, " "); for (i in k) ok[k[i]] = 1 } !($1 in ok)'; }
# the sum of a figure pgbench printed, over all clients or the files given
pgbench_sum() {
	local what=$1
	shift
	if [ $# = 0 ]; then set -- "$tmp"/*.out; fi
	cat "$@" | awk -v what="$what" 'index($0, what) == 1 { sub(/.*: /, ""); sub(/[ \/(].*/, ""); s += $0 } END { print s + 0 }'
}

# nothing lost, nothing doubled: the tables are the state before the run
# with each row's last ledger value (rows differing either way)
replay_sql="WITH last AS (SELECT DISTINCT ON (tbl, row_key) tbl, row_key, val FROM load.ledger ORDER BY tbl, row_key, id DESC),
	expected AS (SELECT i.tbl, i.row_key, coalesce(l.val, i.val) AS val FROM load.initial i LEFT JOIN last l USING (tbl, row_key)
				 UNION ALL SELECT l.tbl, l.row_key, l.val FROM last l
				  WHERE NOT EXISTS (SELECT 1 FROM load.initial i WHERE i.tbl = l.tbl AND i.row_key = l.row_key))
	SELECT (SELECT count(*) FROM (TABLE expected EXCEPT ALL SELECT * FROM load.state) a)
		 + (SELECT count(*) FROM (SELECT * FROM load.state EXCEPT ALL TABLE expected) b)"
# one audit row per change: the same transactions, keys and operations
# either way, and each ledger row's values in its audit row's new row
audit_sql="WITH audited AS (SELECT transaction_id, table_name, row_key, operation, new_row FROM kpi.audit
							WHERE id > (SELECT audit_id FROM load.mark)
							  AND table_name IN ('score', 'rating', 'evidence', 'bonus', 'veto'))
	SELECT (SELECT count(*) FROM (SELECT transaction_id, table_name, row_key, operation FROM audited
								  EXCEPT ALL SELECT xid, tbl, row_key, op FROM load.ledger) a)
		 + (SELECT count(*) FROM (SELECT xid, tbl, row_key, op FROM load.ledger
								  EXCEPT ALL SELECT transaction_id, table_name, row_key, operation FROM audited) b)
		 + (SELECT count(*) FROM load.ledger l WHERE NOT EXISTS (
				SELECT 1 FROM audited a WHERE a.transaction_id = l.xid AND a.table_name = l.tbl
										  AND a.row_key = l.row_key AND a.new_row @> l.val))"
reads_sql="SELECT count(*), count(*) FILTER (WHERE units <> $units OR differing <> 0 OR ranking_differing <> 0) FROM load.reads"

# --- run 1: the season's traffic ------------------------------------------
prepare load_run
run_clients load_run
check "every pgbench client ran all its transactions (exit statuses)" \
	"$(cat "$tmp"/*.rc | sort | uniq -c | awk '{ print $1, $2 }')" "17 0"
check "both COPY clients loaded every sheet" "$(cut -d' ' -f1-3 "$tmp"/copy*.status | sort -u)" "done $copies sheets,"
check "the ledger holds every planned write ($planned rows)" \
	"$(on -At -d load_run -c 'SELECT count(*) FROM load.ledger')" "$planned"
check "nothing lost, nothing doubled: the tables equal the state before replayed with the ledger" \
	"$(on -At -d load_run -c "$replay_sql")" 0
check "kpi.audit holds exactly one row per ledger row (transaction, key, operation, values)" \
	"$(on -At -d load_run -c "$audit_sql")" 0
check "every error a client saw is a deadlock or serialization failure (retried)" "$(unknown_errors '40P01 40001')" ""
check "no client transaction failed after its retries" "$(pgbench_sum 'number of failed transactions')" 0
got=$(on -At -F ' ' -d load_run -c "$reads_sql")
check "every read saw all units, and kpi.result equal to the recomputation and the ranking view" "$got" "$((2 * reads)) 0"
if [ "$got" != "$((2 * reads)) 0" ]; then
	on -d load_run -c "SELECT * FROM load.reads WHERE units <> $units OR differing <> 0 OR ranking_differing <> 0 ORDER BY id LIMIT 10" | sed 's/^/# /'
fi
per_second() { awk -v n="$1" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }'; }
writes=$(( $(pgbench_sum 'number of transactions actually processed' "$tmp"/asr*.out "$tmp"/rtr*.out "$tmp"/unit*.out "$tmp"/office.out) + 2 * copies ))
reads_done=$(pgbench_sum 'number of transactions actually processed' "$tmp"/reader*.out)
echo "# run 1: $units units; in $seconds s $writes writing transactions ($(per_second "$writes")/s, of them $((2 * copies))" \
	"COPY sheets of $sheet rows) and $reads_done reads ($(per_second "$reads_done")/s); retried: $(pgbench_sum \
	'number of transactions retried') (pgbench), $(cat "$tmp"/copy*.status | awk '{ s += $4 } END { print s }') (COPY);" \
	"errors by SQLSTATE: $(by_sqlstate | grep . || echo none)"
rm -f "$tmp"/*.out "$tmp"/*.rc "$tmp"/*.status

# --- run 2: the same traffic, finalized mid-way ----------------------------
prepare load_final
run_clients load_final $((planned / 2))
check "kpi.finalize mid-way succeeded" "$(cat "$tmp/finalize.rc") $(cat "$tmp/finalize.err")" "0 "
check "the scheme is published" \
	"$(on -At -d load_final -c "SELECT status FROM kpi.scheme WHERE scheme_id = 'bench'")" finalized
check "no write committed after the finalization (ledger and audit, by commit time)" \
	"$(on -At -d load_final -c "WITH f AS (SELECT pg_xact_commit_timestamp(xmin) AS at FROM kpi.publication WHERE scheme_id = 'bench')
		SELECT (SELECT count(*) FROM load.ledger, f WHERE pg_xact_commit_timestamp(load.ledger.xmin) > f.at)
			 + (SELECT count(*) FROM kpi.audit a, f WHERE a.id > (SELECT audit_id FROM load.mark)
				  AND a.table_name IN ('score', 'rating', 'evidence', 'bonus', 'veto')
				  AND pg_xact_commit_timestamp(a.xmin) > f.at)")" 0
refused=$(errors | awk '$1 == "55000" { print $2 }' | sort -u | paste -sd ' ')
stopped=$(for a in "${writers[@]}"; do [ "$(cat "$tmp/$a.rc")" = 0 ] || echo "$a"; done
	grep -l '^refused' "$tmp"/copy*.status 2>/dev/null | xargs -rn1 basename | sed 's/\.status$//')
check "writes after it were refused with 55000, by every client that had not finished" \
	"$refused" "$(echo "$stopped" | sort -u | paste -sd ' ')"
check "some writes were refused (the finalization was mid-way)" "$([ -n "$refused" ] && echo yes)" yes
check "every error a client saw is 55000 or a retried deadlock or serialization failure" \
	"$(unknown_errors '40P01 40001 55000')" ""
check "none before it lost: the tables equal the state before replayed with the ledger" \
	"$(on -At -d load_final -c "$replay_sql")" 0
check "kpi.audit holds exactly one row per ledger row" "$(on -At -d load_final -c "$audit_sql")" 0
check "the published result equals the last committed state (recomputed from the tables)" \
	"$(on -At -d load_final -c 'SELECT differing FROM load.result_vs_peer')" 0
echo "# run 2: finalized after $((planned / 2)) ledger rows; $(on -At -d load_final -c 'SELECT count(*) FROM load.ledger') writes" \
	"committed in $seconds s; errors by SQLSTATE: $(by_sqlstate | grep . || echo none)"
