#!/usr/bin/env bash
# The release mechanism, proved on a copy of the tree before a real second
# version needs it: 1.0.0 is frozen with make freeze, a next version 1.0.1
# changes a function, a view's comment and adds a function in the parts,
# and its update source sql/upgrade/1.0.0--1.0.1.sql restates them, and
# every other function, aggregate and view, by --#include lines alone
# (sql/upgrade/expand.pl).  Installed into a directory of its own and run
# in a throwaway cluster that finds kpi there, test/upgrade.sh must find
# 1.0.0 updated to 1.0.1 equal to a fresh 1.0.1 in catalog, dump and data.
# Then the same without the changed function's --#include: the updated
# catalog must differ, so that the first run proves something.
# Needs a git checkout (the copy is the tracked and untracked files) and
# the cluster in PG* (to list the objects to include).
. "$(dirname "$0")/lib.sh"
plan 7

top=$PWD
# the server runs as postgres and reads the copy's installation
chmod a+rx "$tmp"
tree=$tmp/tree
mkdir "$tree"
git ls-files -co --exclude-standard -z | xargs -0 cp -p --parents -t "$tree"
# the library as built here, if it is (the copy then builds only SQL)
for f in kpi.so src/*.o src/*.bc; do [ -e "$f" ] && cp -p --parents "$f" "$tree"; done
cd "$tree"
git init -q && git add -A && git -c user.name=test -c user.email=test@localhost commit -qm 1.0.0

make -s freeze >/dev/null
check "make freeze keeps the 1.0.0 install script, built from the parts" \
	"$(ls sql/released) $(cat sql/kpi/*.sql | cmp - sql/released/kpi--1.0.0.sql && echo same)" "kpi--1.0.0.sql same"

# 1.0.1: what a next issue would change in the parts
sed -i "s/^default_version = '1.0.0'/default_version = '1.0.1'/" kpi.control
sed -i 's/^EXTVERSION = 1.0.0$/EXTVERSION = 1.0.1/' Makefile
perl -0pi -e 's/(CREATE FUNCTION kpi\.acting_role\(\).*?\$\$)/$1\n\t-- 1.0.1: a changed body/s' sql/kpi/15_caller.sql
perl -0pi -e "s/(COMMENT ON VIEW kpi\.result IS\s*')/\$1(1.0.1) /" sql/kpi/50_result.sql
cat >> sql/kpi/45_total.sql <<'SQL'

CREATE FUNCTION kpi.release_probe()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '1.0.1';
SQL
check "the simulated changes are in the parts" \
	"$(grep -c -e '-- 1.0.1: a changed body' -e "(1.0.1) " -e 'kpi.release_probe()' sql/kpi/*.sql | awk -F: '{s += $2} END {print s}')" 3

# every function, aggregate and view of kpi as installed now, each to be
# restated by its --#include
PGOPTIONS='-c client_min_messages=warning' psql -d postgres -c 'DROP DATABASE IF EXISTS kpi_delta_objects' -c 'CREATE DATABASE kpi_delta_objects'
drop_at_exit DATABASE kpi_delta_objects
objects=$(psql -At -d kpi_delta_objects <<'SQL'
CREATE EXTENSION kpi;
SELECT DISTINCT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'function' END || ' ' || p.pronamespace::regnamespace || '.' || p.proname
  FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
 WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kpi')
UNION
SELECT DISTINCT 'view ' || c.relnamespace::regnamespace || '.' || c.relname
  FROM pg_class c JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
 WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kpi') AND c.relkind = 'v'
ORDER BY 1;
SQL
)
{
	echo "-- 1.0.0 -> 1.0.1 (simulated by test/delta.sh)"
	echo "--#include function kpi.release_probe"
	sed 's/^/--#include /' <<<"$objects"
	echo "--#include part 95_function_privileges.sql"
} > sql/upgrade/1.0.0--1.0.1.sql
check "the update source names every function, aggregate and view" \
	"$(grep -c '^--#include \(function\|aggregate\|view\) ' sql/upgrade/1.0.0--1.0.1.sql)" "$(($(wc -l <<<"$objects") + 1))"

make -s install DESTDIR="$tmp/inst" >/dev/null
installed=$(ls "$tmp"/inst/usr/share/postgresql/*/extension | grep '^kpi--' | tr '\n' ' ')
check "1.0.1 installs the frozen 1.0.0, the built update and the built 1.0.1" \
	"$installed" "kpi--1.0.0--1.0.1.sql kpi--1.0.0.sql kpi--1.0.1.sql "
check "the update restates the changed function as the parts now define it" \
	"$(grep -c -e '-- 1.0.1: a changed body' sql/kpi--1.0.0--1.0.1.sql)" 1

# test/upgrade.sh of the copy, in a cluster that finds the copy's kpi first
upgrade_in_copy() {
	env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE -u PGPASSWORD \
		pg_virtualenv -t -o "extension_destdir=$tmp/inst" bash test/upgrade.sh 1.0.0 > "$tmp/upgrade.out" 2>&1
}
if upgrade_in_copy; then
	ok "1.0.0 updated to 1.0.1 equals a fresh 1.0.1 ($(grep -c '^ok' "$tmp/upgrade.out") checks of test/upgrade.sh)"
else
	not_ok "1.0.0 updated to 1.0.1 equals a fresh 1.0.1"
	grep -v '^ok' "$tmp/upgrade.out" | sed 's/^/# /'
fi

# without the changed function, the update is incomplete and must be seen so
sed -i '/^--#include function kpi.acting_role$/d' sql/upgrade/1.0.0--1.0.1.sql
make -s install DESTDIR="$tmp/inst" >/dev/null
if upgrade_in_copy; then
	not_ok "an update without the changed function fails test/upgrade.sh"
else
	check "an update without the changed function fails test/upgrade.sh (its catalog differs)" \
		"$(grep -c '^not ok.*catalog' "$tmp/upgrade.out" | sed 's/^[1-9][0-9]*$/some/')" some
fi
cd "$top"
