#!/usr/bin/env bash
# The release mechanism, proved on a copy of the tree for the release after
# the current one: the current version (say 1.1.0) is frozen with make
# freeze, a next version (1.1.1) changes a function, a view's comment and
# adds a function in the parts, and its update source
# sql/upgrade/1.1.0--1.1.1.sql restates them, and every other function,
# aggregate and view, by --#include lines alone (sql/upgrade/expand.pl).
# Installed into a directory of its own and run in a throwaway cluster that
# finds kpi there, test/upgrade.sh must find the current version (installed
# through the frozen chain) updated to the next equal to a fresh next in
# catalog, dump and data.
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
cur=$(sed -n "s/^default_version *= *'\(.*\)' *$/\1/p" kpi.control)
next=${cur%.*}.$((${cur##*.} + 1))
git init -q && git add -A && git -c user.name=test -c user.email=test@localhost commit -qm "$cur"

# freezing: the first release keeps its full script; every later one its
# updates, as they were built, and their sources leave sql/upgrade/
make -s $(ls sql/upgrade/*--*.sql 2>/dev/null | sed 's|sql/upgrade/|sql/kpi--|') sql/kpi--$cur.sql
built=$(for f in sql/kpi--*--*.sql; do [ -e "$f" ] && echo "$(basename "$f") $(md5sum < "$f")"; done)
full=$(ls sql/released 2>/dev/null | grep -c '^kpi--[^-]*\.sql$' || true)
make -s freeze >/dev/null
if [ "$full" = 0 ]; then
	check "make freeze keeps the $cur install script, built from the parts" \
		"$(ls sql/released) $(cat sql/kpi/*.sql | cmp - sql/released/kpi--$cur.sql && echo same)" "kpi--$cur.sql same"
else
	check "make freeze keeps the $cur updates as built and removes their sources" \
		"$(for f in $(echo "$built" | cut -d' ' -f1); do echo "$f $(md5sum < "sql/released/$f")"; done) $(ls sql/upgrade | grep -c -- '--' || true)" \
		"$built 0"
fi
released=$(ls sql/released | tr '\n' ' ')

# the next version: what a next issue would change in the parts
sed -i "s/^default_version = '$cur'/default_version = '$next'/" kpi.control
sed -i "s/^EXTVERSION = $cur\$/EXTVERSION = $next/" Makefile
perl -0pi -e "s/(CREATE FUNCTION kpi\\.acting_role\\(\\).*?\\\$\\\$)/\$1\\n\\t-- $next: a changed body/s" sql/kpi/15_caller.sql
perl -0pi -e "s/(COMMENT ON VIEW kpi\\.result IS\\s*')/\$1($next) /" sql/kpi/50_result.sql
cat >> sql/kpi/45_total.sql <<'SQL'

CREATE FUNCTION kpi.release_probe()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 'next';
SQL
check "the simulated changes are in the parts" \
	"$(grep -c -e "-- $next: a changed body" -e "($next) " -e 'kpi.release_probe()' sql/kpi/*.sql | awk -F: '{s += $2} END {print s}')" 3

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
	echo "-- $cur -> $next (simulated by test/delta.sh)"
	echo "--#include function kpi.release_probe"
	sed 's/^/--#include /' <<<"$objects"
	echo "--#include part 95_function_privileges.sql"
} > sql/upgrade/$cur--$next.sql
check "the update source names every function, aggregate and view" \
	"$(grep -c '^--#include \(function\|aggregate\|view\) ' sql/upgrade/$cur--$next.sql)" "$(($(wc -l <<<"$objects") + 1))"

make -s install DESTDIR="$tmp/inst" >/dev/null
installed=$(ls "$tmp"/inst/usr/share/postgresql/*/extension | grep '^kpi--' | tr '\n' ' ')
check "$next installs the frozen scripts, the built update and the built $next" \
	"$installed" "$(printf '%s\n' $released "kpi--$cur--$next.sql" "kpi--$next.sql" | sort | tr '\n' ' ')"
check "the update restates the changed function as the parts now define it" \
	"$(grep -c -e "-- $next: a changed body" sql/kpi--$cur--$next.sql)" 1

# test/upgrade.sh of the copy, in a cluster that finds the copy's kpi first
upgrade_in_copy() {
	env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE -u PGPASSWORD \
		pg_virtualenv -t -o "extension_destdir=$tmp/inst" bash test/upgrade.sh "$cur" > "$tmp/upgrade.out" 2>&1
}
if upgrade_in_copy; then
	ok "$cur updated to $next equals a fresh $next ($(grep -c '^ok' "$tmp/upgrade.out") checks of test/upgrade.sh)"
else
	not_ok "$cur updated to $next equals a fresh $next"
	grep -v '^ok' "$tmp/upgrade.out" | sed 's/^/# /'
fi

# without the changed function, the update is incomplete and must be seen so
sed -i '/^--#include function kpi.acting_role$/d' sql/upgrade/$cur--$next.sql
make -s install DESTDIR="$tmp/inst" >/dev/null
if upgrade_in_copy; then
	not_ok "an update without the changed function fails test/upgrade.sh"
else
	check "an update without the changed function fails test/upgrade.sh (its catalog differs)" \
		"$(grep -c '^not ok.*catalog' "$tmp/upgrade.out" | sed 's/^[1-9][0-9]*$/some/')" some
fi
cd "$top"
