#!/usr/bin/env bash
# Reports from a hot standby: a primary and a streaming standby of it on
# loopback ports (PostgreSQL's own replication: pg_basebackup -R), the
# 2018 sample loaded on the primary with 2017 finalized and 2018 announced
# and appealed.  Once the standby has replayed, every read path a reporting
# tool or the office uses gives on the standby exactly what it gives on the
# primary (kpi.result, reward, consequence, the published copies, every
# kpi_report view, kpi.validate, kpi.explain of every unit, the 通报), as a
# superuser and as a reader account; a change made on the primary reaches
# it; and each write path is refused there with SQLSTATE 25006.  Both
# clusters are stopped and removed at exit, even when a check fails.
# Needs kpi installed in the system's PostgreSQL (make test does that);
# runs its own clusters, not the one in PG*.
. "$(dirname "$0")/lib.sh"
plan 9

. "$(dirname "$0")/cluster.sh"
dir=$(cluster_dir kpi-standby)
stop_and_remove() {
	stop_cluster "$dir/standby"
	stop_cluster "$dir/primary"
	rm -rf "$dir"
}
on_exit stop_and_remove

primary_port=$(free_port 54600)
standby_port=$(free_port $((primary_port + 1)))
on() { local port=$1; shift; cluster_psql "$dir" "$port" "$@"; }

new_cluster "$dir/primary" "$primary_port" "$dir" "wal_level = replica" "max_wal_senders = 4" "hot_standby = on"
start_cluster "$dir/primary"

on "$primary_port" -d postgres -c 'CREATE DATABASE kpi'
on "$primary_port" -d kpi -c 'CREATE EXTENSION kpi'
on "$primary_port" -d kpi -f sample/2018.sql >/dev/null
on "$primary_port" -d kpi <<'SQL' >/dev/null
CREATE ROLE regress_kpi_standby_reader LOGIN;
SELECT kpi.grant_access('regress_kpi_standby_reader', 'reader');
SELECT kpi.finalize('2017', force => true);
SELECT kpi.announce('2018', statement_timestamp() + interval '7 days');
INSERT INTO kpi.appeal (scheme_id, unit_code, statement) VALUES ('2018', 'tuke', '一票否决事由不成立');
ANALYZE;
SQL

as_owner "$cluster_bindir/pg_basebackup" -h "$dir" -p "$primary_port" -U postgres -D "$dir/standby" -R -X stream --checkpoint=fast
sed -i "s/^port = .*/port = $standby_port/" "$dir/standby/postgresql.conf"
start_cluster "$dir/standby"
check "the standby is in recovery, the primary is not" \
	"$(on "$standby_port" -At -d kpi -c 'SELECT pg_is_in_recovery()') $(on "$primary_port" -At -d kpi -c 'SELECT pg_is_in_recovery()')" "t f"

# wait until the standby has replayed all the primary has written
replayed() {
	local lsn i
	lsn=$(on "$primary_port" -At -d postgres -c 'SELECT pg_current_wal_lsn()')
	for i in $(seq 1 300); do
		[ "$(on "$standby_port" -At -d postgres -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ] && return 0
		sleep 0.1
	done
	return 1
}

# every read path, as one digest per line: what each gives, in order
reads() {
	local as=()
	[ -n "${2:-}" ] && as=(-c "SET ROLE $2")
	on "$1" -At -d kpi "${as[@]}" -c "$(digest_sql kpi.result kpi.reward kpi.consequence kpi.published_result \
		kpi_report.ranking kpi_report.score_sheet kpi_report.category_matrix kpi_report.year_over_year \
		kpi_report.reward kpi_report.consequence kpi_report.appeal kpi_report.open_appeal)" -f - <<'SQL'
SELECT 'explain', count(*), md5(string_agg(x::text, '|' ORDER BY x::text))
  FROM kpi.result r, kpi.explain(r.scheme_id, r.unit_code) x;
SELECT 'notice', md5(kpi.notice_html('2018', issuer => '乌审旗司法局') || kpi.notice_html('2017'));
SQL
}
superuser_only() {
	on "$1" -At -d kpi <<'SQL'
SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM kpi.validate('2018') x
SQL
}

replayed && ok "the standby replays the sample" || not_ok "the standby replays the sample"
check "every read path gives the same rows on the standby (superuser)" "$(reads "$standby_port")" "$(reads "$primary_port")"
check "every read path gives the same rows on the standby (reader account)" \
	"$(reads "$standby_port" regress_kpi_standby_reader)" "$(reads "$primary_port" regress_kpi_standby_reader)"
check "kpi.validate gives the same problems on the standby" "$(superuser_only "$standby_port")" "$(superuser_only "$primary_port")"
check "and all 14 read paths hold rows" "$(reads "$primary_port" | grep -vc ' 0 ' || true)" "14"

# a change on the primary (the office upholds nothing yet, but corrects a
# score during the 公示) reaches the standby's result
on "$primary_port" -d kpi -c "UPDATE kpi.score SET points = 14 WHERE scheme_id = '2018' AND unit_code = 'sulide' AND criterion_code = 'sfs.8.3'"
replayed || true
check "a change on the primary moves the standby's result" \
	"$(on "$standby_port" -At -d kpi -c "SELECT total FROM kpi.result WHERE scheme_id = '2018' AND unit_code = 'sulide'")" \
	"$(on "$primary_port" -At -d kpi -c "SELECT total FROM kpi.result WHERE scheme_id = '2018' AND unit_code = 'sulide'")"

# the write paths: each refused with 25006 (read-only transaction)
refusals=$(for sql in \
	"INSERT INTO kpi.score VALUES ('2018', 'sulide', 'sfs.4.6', 1)" \
	"INSERT INTO kpi_report.score_entry VALUES ('2018', 'sulide', 'sfs.4.6', '1', NULL)" \
	"SELECT kpi.finalize('2018', force => true)" \
	"SELECT kpi.announce('2018', statement_timestamp() + interval '1 day')" \
	"SELECT kpi.decide_appeal(1, 'rejected', 'x')" \
	"SELECT * FROM kpi.what_if('2018', '[{\"change\": \"approve_bonus\", \"bonus\": 2}]')" \
	"SELECT kpi.grant_access('regress_kpi_standby_reader', 'office')"; do
	{ on "$standby_port" -d kpi -v VERBOSITY=verbose -c "$sql" 2>&1 || true; } |
		sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -1
done | sort | uniq -c | sed 's/^ *//')
check "each write path is refused on the standby with 25006 (7 of them)" "$refusals" "7 25006"
check "the standby's log names no other error" \
	"$(grep 'ERROR:' "$dir/standby.log" | grep -vc 'read-only transaction' || true)" "0"
