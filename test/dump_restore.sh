#!/usr/bin/env bash
# pg_dump keeps everything: a database holding the 2018 sample, with 2017
# finalized, 2018 announced and appealed (公示, 申诉), a self-assessment,
# accounts granted, the audit trail written and a bureau attached (the
# city's roll-up reading this very database through postgres_fdw), is dumped (plain
# and custom format, pg_dump printing nothing on stderr), restored into a
# new database, and every kpi table and the three views are compared row
# for row.  The restore itself is neither
# refused by the lock nor audited; afterwards the lock holds again, the
# accounts keep their privileges, and new rows go into every table with a
# generated id (the sequences came along).
# Runs against the cluster in PG* (make test runs it under pg_virtualenv).
. "$(dirname "$0")/lib.sh"
drop_at_exit DATABASE kpi_dump_src kpi_dump_plain kpi_dump_custom
drop_at_exit ROLE regress_kpi_dump_reader regress_kpi_dump_city
plan 19

psql -d postgres -c 'CREATE DATABASE kpi_dump_src'
psql -d kpi_dump_src -c 'CREATE EXTENSION kpi'
psql -d kpi_dump_src -f sample/2018.sql >/dev/null
# the sample has no downgrade: add one, so every table holds rows
psql -d kpi_dump_src -c "INSERT INTO kpi.downgrade (scheme_id, unit_code, reason) VALUES ('2017', 'sulide', 'dump test')"
# a reader account, and 2017 published (it has problems: forced)
PGOPTIONS='-c client_min_messages=warning' psql -d postgres -c 'DROP ROLE IF EXISTS regress_kpi_dump_reader' -c 'CREATE ROLE regress_kpi_dump_reader'
psql -d kpi_dump_src -c "SELECT kpi.grant_access('regress_kpi_dump_reader', 'reader')" >/dev/null
psql -d kpi_dump_src -c "SELECT kpi.finalize('2017', force => true)" >/dev/null
# the season: a self-assessment, 2018 announced (公示) and appealed
psql -d kpi_dump_src -c "INSERT INTO kpi.self_score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'galutu', 'sfs.1.1.1', 4)" \
	-c "SELECT FROM kpi.announce('2018', statement_timestamp() + interval '7 days')" \
	-c "INSERT INTO kpi.appeal (scheme_id, unit_code, statement) VALUES ('2018', 'tuke', 'dump test')" >/dev/null
# a shipped veto condition retitled and one of the user's own added
psql -d kpi_dump_src -c "UPDATE kpi.veto_condition SET title = title || '（含协警）' WHERE condition_code = 3" \
	-c "INSERT INTO kpi.veto_condition VALUES (8, '本地增设：档案管理失职造成损失的')"
# a bureau attached: this database read as a banner, by a reader account,
# over TCP (as test/bureaus does), so the dump holds the server, the user
# mapping, the foreign tables and the roll-up view made at attach time
PGOPTIONS='-c client_min_messages=warning' psql -d postgres -c 'DROP ROLE IF EXISTS regress_kpi_dump_city' \
	-c "CREATE ROLE regress_kpi_dump_city LOGIN PASSWORD 'regress-dump-city'"
psql -d kpi_dump_src -c "SELECT kpi.grant_access('regress_kpi_dump_city', 'reader')" >/dev/null
psql -d kpi_dump_src >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
DO $$
BEGIN
	EXECUTE format('CREATE SERVER self FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L, extensions %L)',
				   '127.0.0.1', current_setting('port'), 'kpi_dump_src', 'kpi');
END
$$;
CREATE USER MAPPING FOR CURRENT_USER SERVER self OPTIONS (user 'regress_kpi_dump_city', password 'regress-dump-city');
SELECT kpi.attach_bureau('self', 'self');
SQL

pg_dump -d kpi_dump_src -f "$tmp/plain.sql" 2>"$tmp/warnings"
pg_dump -d kpi_dump_src -Fc -f "$tmp/custom.dump" 2>>"$tmp/warnings"
psql -d postgres -c 'CREATE DATABASE kpi_dump_plain' -c 'CREATE DATABASE kpi_dump_custom'
psql -d kpi_dump_plain -f "$tmp/plain.sql" >/dev/null
pg_restore --exit-on-error -d kpi_dump_custom "$tmp/custom.dump"

# one line per relation: its name, row count and a digest of its rows in order
digest() {
	psql -At -d "$1" -c "$(digest_sql kpi.scheme kpi.unit_group kpi.component kpi.unit kpi.criterion kpi.participant \
		kpi.score kpi.evidence kpi.rating kpi.bonus kpi.deduction kpi.veto_condition kpi.veto kpi.downgrade \
		kpi.member kpi.ineligible kpi.self_score kpi.announcement kpi.announced_result kpi.appeal kpi.account \
		kpi.audit kpi.publication kpi.published_result kpi.published_reward kpi.published_consequence \
		kpi.bureau kpi.bureau_result kpi.result kpi.reward kpi.consequence)"
}

# nothing on stderr: no warning (as of circular foreign keys), no error
check "pg_dump prints nothing on stderr (plain and custom)" "$(cat "$tmp/warnings")" ""
src=$(digest kpi_dump_src)
check "plain dump restores every table and view row for row" "$src" "$(digest kpi_dump_plain)"
check "custom dump restores every table and view row for row" "$src" "$(digest kpi_dump_custom)"
check "every table and view holds rows" "$(echo "$src" | grep -c ' 0 ' || true)" "0"

for db in kpi_dump_plain kpi_dump_custom; do
	# the lock holds again once restored
	out=$(psql -At -d "$db" -c "UPDATE kpi.score SET points = points WHERE scheme_id = '2017'" 2>&1 || true)
	check "the finalized year is locked after restore ($db)" "$(echo "$out" | head -1)" 'ERROR:  scheme "2017" is finalized'
	check "and its status is intact ($db)" "$(psql -At -d "$db" -c "SELECT status FROM kpi.scheme WHERE scheme_id = '2017'")" "finalized"
	# the account's privileges came along (the role lives in the cluster)
	check "the reader account reads kpi.result after restore ($db)" \
		"$(psql -At -d "$db" -c "SELECT has_table_privilege('regress_kpi_dump_reader', 'kpi.result', 'SELECT')")" "t"
	check "the reader account reads 2017's published rows ($db)" \
		"$(psql -At -d "$db" -c "SET ROLE regress_kpi_dump_reader; SELECT count(*) FROM kpi.result WHERE scheme_id = '2017'")" \
		"$(psql -At -d kpi_dump_src -c "SELECT count(*) FROM kpi.published_result WHERE scheme_id = '2017'")"
done

# after a restore, new rows take new ids in every table with one
for db in kpi_dump_plain kpi_dump_custom; do
	out=$(psql -At -d "$db" <<'SQL'
INSERT INTO kpi.bonus (scheme_id, unit_code, title) VALUES ('2018', 'tuke', 'after restore');
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, upstream_lost, upstream_max) VALUES ('2018', 'tuke', 'sfs.1.2', 0, 1);
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code, confirmed) VALUES ('2018', 'tuke', 1, false);
INSERT INTO kpi.downgrade (scheme_id, unit_code, reason) VALUES ('2018', 'tuke', 'after restore');
INSERT INTO kpi.ineligible (scheme_id, unit_code, reason) VALUES ('2018', 'tuke', 'after restore');
SELECT FROM kpi.grant_access('regress_kpi_dump_reader', 'unit', unit_code => 'tuke');
INSERT INTO kpi.appeal (scheme_id, unit_code, statement) VALUES ('2018', 'tuke', 'after restore');
SELECT (SELECT count(*) FROM kpi.bonus) + (SELECT count(*) FROM kpi.deduction) + (SELECT count(*) FROM kpi.veto)
	 + (SELECT count(*) FROM kpi.downgrade) + (SELECT count(*) FROM kpi.ineligible) + (SELECT count(*) FROM kpi.account)
	 + (SELECT count(*) FROM kpi.appeal);
SQL
)
	want=$(( $(psql -At -d kpi_dump_src -c 'SELECT (SELECT count(*) FROM kpi.bonus) + (SELECT count(*) FROM kpi.deduction) + (SELECT count(*) FROM kpi.veto) + (SELECT count(*) FROM kpi.downgrade) + (SELECT count(*) FROM kpi.ineligible) + (SELECT count(*) FROM kpi.account) + (SELECT count(*) FROM kpi.appeal)') + 7 ))
	check "new rows with generated ids insert after restore ($db)" "$out" "$want"
	# those seven inserts were audited (after the restored audit rows)
	check "new changes are audited after the restored trail ($db)" \
		"$(psql -At -d "$db" -c "SELECT count(*) FROM kpi.audit WHERE id > (SELECT max(id) FROM kpi.audit WHERE new_row ->> 'reason' = 'dump test')" )" \
		"$(( $(psql -At -d kpi_dump_src -c "SELECT count(*) FROM kpi.audit WHERE id > (SELECT max(id) FROM kpi.audit WHERE new_row ->> 'reason' = 'dump test')") + 7 ))"
done
# the roll-up is made again over the restored foreign server (after the
# audit counts above: attaching writes kpi.bureau, so it is audited)
for db in kpi_dump_plain kpi_dump_custom; do
	# the roll-up is made again over the restored foreign server
	check "a bureau attaches again after restore and the roll-up reads it ($db)" \
		"$(psql -At -d "$db" -c "SELECT bureau_code FROM kpi.attach_bureau('self', 'self')" -c "SELECT count(*) FROM kpi.bureau_result")" \
		"$(printf 'self\n%s' "$(psql -At -d kpi_dump_src -c "SELECT count(*) FROM kpi.result")")"
done
# unchanged shipped veto conditions are not dumped as data (the extension
# makes them); the retitled one and the user's own are
conditions=$(awk '/^COPY kpi.veto_condition /{on=1; next} /^\\\.$/{on=0} on' "$tmp/plain.sql")
check "the dump's veto conditions are the retitled shipped one and the user's own" \
	"$(echo "$conditions" | cut -f1 | tr '\n' ' ')" "3 8 "
