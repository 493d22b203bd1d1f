#!/usr/bin/env bash
# A real reporting client: LibreOffice (headless, Debian's packages) opens
# the report views as an office worker would, once over ODBC (unixODBC,
# psqlODBC's Unicode driver) and once over LibreOffice's own PostgreSQL
# driver (SDBC, libreoffice-sdbc-postgresql), as a reader account with a
# password.  test/clients/calc.py makes a Base data source with one query
# per report, imports each into a Calc sheet, refreshes them after a change
# in kpi, saves .ods and .xlsx and exports PDF (and PNG); test/clients/compare.py
# reads the .xlsx back (openpyxl) and compares every cell with psql's output
# of the same query, types included.  On the 2018 sample and on
# test/clients/scheme.sql (an empty group, a vetoed unit, quotes and commas
# in Chinese names).  Runs against the cluster in PG* (make test-clients
# runs it under pg_virtualenv, make test too), skipped where LibreOffice is
# not installed; make client-deps installs it.  KPI_CLIENTS_KEEP=DIR
# keeps the files written (the README's picture is one of them).
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
db=kpi_clients
role=kpi_clients_reader
driver=/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so
py=/usr/bin/python3
drop_at_exit DATABASE $db
drop_at_exit ROLE $role
[ -e /usr/lib/libreoffice/program/soffice ] || skip_all "LibreOffice is not installed (make client-deps)"
for f in "$driver" /usr/lib/libreoffice/program/libpostgresql-sdbclo.so /usr/bin/pdftoppm; do
	[ -e "$f" ] || { echo "no $f (make client-deps)" >&2; exit 1; }
done
"$py" -c 'import uno, openpyxl' || { echo "no python3-uno or python3-openpyxl (make client-deps)" >&2; exit 1; }

# the sample, the second scheme, and a reader account with a password
psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" \
	-c "DROP ROLE IF EXISTS $role" -c "CREATE DATABASE $db"
psql -d "$db" -c 'CREATE EXTENSION kpi'
psql -d "$db" -f sample/2018.sql >/dev/null
psql -d "$db" -1 -f test/clients/scheme.sql >/dev/null
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
# (in the bureau's time zone, as the 申诉 sheets show their times)
psql -d "$db" -c "CREATE ROLE $role LOGIN PASSWORD '$password'" \
	-c "ALTER ROLE $role SET timezone = 'Asia/Shanghai'" \
	-c "SELECT kpi.grant_access('$role', 'reader')" >/dev/null
host=${PGHOST:-/var/run/postgresql} port=${PGPORT:-5432}

# the ODBC DSN as test/odbc.sh has it; psqlODBC's updatable cursors off:
# with them, the driver adds ctid to the SELECT LibreOffice sends (a view
# has none) and Calc imports nothing, without a word
cat > "$tmp/odbcinst.ini" <<EOF
[PostgreSQL Unicode]
Driver = $driver
EOF
cat > "$tmp/odbc.ini" <<EOF
[kpi]
Driver = PostgreSQL Unicode
Servername = $host
Port = $port
Database = $db
Username = $role
Password = $password
UpdatableCursors = 0
EOF

# soffice, headless, with a profile and HOME of its own; gone at exit
mkdir "$tmp/home"
pipe=kpi_clients_$$
HOME=$tmp/home LC_ALL=zh_CN.UTF-8 ODBCSYSINI=$tmp ODBCINI=$tmp/odbc.ini setsid /usr/lib/libreoffice/program/soffice \
	--headless --invisible --norestore --nologo --nodefault \
	"-env:UserInstallation=file://$tmp/profile" "--accept=pipe,name=$pipe;urp;StarOffice.ComponentContext" \
	>"$tmp/soffice.log" 2>&1 &
on_exit kill -TERM -- "-$!"

# each report as the office worker's query (2018 has no appeal: header only)
queries() {
	printf '%s\t%s\n' \
		排名 "SELECT * FROM kpi_report.ranking WHERE 方案 = '$1'" \
		考核评分表 "SELECT * FROM kpi_report.score_sheet WHERE 方案 = '$1' AND 单位编码 = '$2'" \
		类别×单位 "SELECT * FROM kpi_report.category_matrix WHERE 方案 = '$1'" \
		奖励 "SELECT * FROM kpi_report.reward WHERE 方案 = '$1'" \
		申诉 "SELECT * FROM kpi_report.appeal WHERE 方案 = '$1'" \
		待复核申诉 "SELECT * FROM kpi_report.open_appeal WHERE 方案 = '$1'"
}
reader() { PGUSER=$role PGPASSWORD=$password psql -d "$db" "$@"; }

for scheme in 2018 q2019; do
	case $scheme in
		2018) queries 2018 wudinghe > "$tmp/$scheme.tsv"; change=(true) ;;
		# the veto comes between the import and the refresh
		q2019) queries q2019 q_jia2 > "$tmp/$scheme.tsv"
			change=(psql -X -q -d "$db" -c "INSERT INTO kpi.veto (scheme_id, unit_code, condition_code) VALUES ('q2019', 'q_jia1', 1)") ;;
	esac
	for via in odbc sdbc; do
		psql -d "$db" -c "DELETE FROM kpi.veto WHERE scheme_id = 'q2019'"
		case $via in
			odbc) url=sdbc:odbc:kpi ;;
			sdbc) url="sdbc:postgresql:host=$host port=$port dbname=$db" ;;
		esac
		out=$tmp/$via-$scheme
		HOME=$tmp/home "$py" test/clients/calc.py "$pipe" "kpi_$via" "$url" "$role" "$password" \
			"$tmp/$scheme.tsv" "$out" "${change[@]}"
		while IFS=$'\t' read -r sheet sql; do
			reader --csv -c "$sql" > "$out.$sheet.csv"
			echo "$sql \\gdesc" | reader --csv -t > "$out.$sheet.types"
			check "$scheme over $via: $sheet, cell by cell" \
				"$("$py" test/clients/compare.py "$out.xlsx" "$sheet" "$out.$sheet.csv" "$out.$sheet.types")" \
				"$(($(wc -l < "$out.$sheet.csv") - 1)) rows equal"
		done < "$tmp/$scheme.tsv"
		# the ranking's page as a picture, to look at (Calc's own PNG export
		# needs libreoffice-draw; poppler renders the PDF's first page)
		pdftoppm -png -r 110 -f 1 -l 1 -singlefile "$out.pdf" "$out"
		check "$scheme over $via: an .ods, a PDF with the ranking first, its PNG" \
			"$(head -c 90 "$out.ods" | grep -ac 'opendocument.spreadsheet'
				pdftotext -l 1 "$out.pdf" - | grep -c '内容得分'; head -c 4 "$out.png" | tail -c 3)" \
			"1
1
PNG"
	done
done
# what the q2019 sheets were compared with: 甲"一"所 vetoed (after the
# import: only the refresh brought it in), the empty group without a row
check "q2019 as compared: 甲\"一\"所 vetoed, 空组 without a row" \
	"$(reader -At -F' ' -c "SELECT 单位, 否决 FROM kpi_report.ranking WHERE 方案 = 'q2019' AND 单位编码 = 'q_jia1'" \
		-c "SELECT count(*) FROM kpi_report.ranking WHERE 方案 = 'q2019' AND 组别编码 = 'kong'")" \
	"甲\"一\"所，东区 是
0"

if [ -n "${KPI_CLIENTS_KEEP:-}" ]; then
	mkdir -p "$KPI_CLIENTS_KEEP"
	cp "$tmp"/*-2018.* "$tmp"/*-q2019.* "$KPI_CLIENTS_KEEP"/
fi
done_testing
