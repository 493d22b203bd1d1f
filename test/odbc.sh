#!/usr/bin/env bash
# ODBC: the report views read as Excel or LibreOffice Base read them, through
# unixODBC and Debian's psqlODBC Unicode driver (odbc-postgresql), by a
# reader account.  A scratch database gets kpi and the 2018 sample; a
# temporary odbcinst.ini and odbc.ini (ODBCSYSINI, ODBCINI: nothing in /etc
# is read or written) name the driver and a DSN; unixODBC's isql reads the
# ranking (kpi_report.ranking) and the category matrix, and what it prints,
# the Chinese column names first, must equal psql's output of the same
# query.  Runs against the cluster in PG* (make test runs it under
# pg_virtualenv); needs odbc-postgresql and unixodbc (make deps).
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
db=kpi_odbc
role=kpi_odbc_reader
driver=/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so
drop_at_exit DATABASE $db
drop_at_exit ROLE $role
[ -f "$driver" ] || { echo "no psqlODBC Unicode driver at $driver (apt-get install odbc-postgresql)" >&2; exit 1; }
command -v isql >/dev/null || { echo "no isql (apt-get install unixodbc)" >&2; exit 1; }
plan 8

# the sample, and a reader account as a reporting tool would use
psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" \
	-c "DROP ROLE IF EXISTS $role" -c "CREATE DATABASE $db"
psql -d "$db" -c 'CREATE EXTENSION kpi'
psql -d "$db" -f sample/2018.sql >/dev/null
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
psql -d "$db" -c "CREATE ROLE $role LOGIN PASSWORD '$password'" \
	-c "SELECT kpi.grant_access('$role', 'reader')" >/dev/null

# the driver and the DSN, as /etc/odbcinst.ini and ~/.odbc.ini would have them
cat > "$tmp/odbcinst.ini" <<EOF
[PostgreSQL Unicode]
Description = PostgreSQL ODBC driver (Unicode)
Driver = $driver
EOF
cat > "$tmp/odbc.ini" <<EOF
[kpi]
Description = kpi report views
Driver = PostgreSQL Unicode
Servername = ${PGHOST:-/var/run/postgresql}
Port = ${PGPORT:-5432}
Database = $db
Username = $role
Password = $password
EOF
export ODBCSYSINI=$tmp ODBCINI=$tmp/odbc.ini

# isql -b (batch) -d, (comma-separated) -c (column names first); psql the
# same way (-A -F, with the header, no footer), as the same account
odbc() { echo "$1" | isql -b -d, -c kpi; }
pg() { PGUSER=$role PGPASSWORD=$password command psql -X -A -F, -P footer=off -d "$db" -c "$1"; }

check "isql connects through the DSN" "$(odbc 'SELECT current_user' | tail -n 1)" "$role"
check "the driver is psqlODBC's Unicode one" \
	"$(odbcinst -q -d | tr -d '[]')" "PostgreSQL Unicode"

q='SELECT "方案", "组别", "名次", "单位", "单位编码", "内容得分", "评价得分", "加分", "扣分", "总分", "档次", "备注" FROM kpi_report.ranking WHERE "方案" = '"'2018'"
out=$(odbc "$q")
echo "$out" | sed 's/^/# /'
check "the ranking's Chinese column names come through" "$(echo "$out" | head -n 1)" \
	"方案,组别,名次,单位,单位编码,内容得分,评价得分,加分,扣分,总分,档次,备注"
check "the ranking through ODBC equals psql's" "$out" "$(pg "$q")"
check "a header and 12 units, lvsuo (二级单位) first" "$(echo "$out" | sed -n '2p;$=' | tr '\n' ' ')" \
	"2018,二级单位,1,直属律师事务所,lvsuo,75.20,18.67,0.00,0.00,93.87,实绩突出, 13 "
check "tuke's veto note" "$(echo "$out" | grep ',tuke,')" \
	"2018,基层司法所,2,图克镇司法所,tuke,66.27,27.99,0.00,0.00,94.26,实绩一般,一票否决：未及时、认真调解各类纠纷，造成矛盾激化的"

q='SELECT "单位", "类别序号", "类别", "得分" FROM kpi_report.category_matrix WHERE "方案" = '"'2018'"' AND "单位编码" = '"'galutu'"
out=$(odbc "$q")
check "galutu's categories through ODBC equal psql's" "$out" "$(pg "$q")"
check "and add up to its 合计, 577.00" "$(echo "$out" | tail -n +2 | awk -F, '{ s += $4 } END { printf "%.2f", s }')" "577.00"
