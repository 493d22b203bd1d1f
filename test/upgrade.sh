#!/usr/bin/env bash
# Upgrades: for every released version, install it, fill it with the 2018
# sample, ALTER EXTENSION kpi UPDATE, and show that
#   - no row of any table or of the three views changed,
#   - the catalog (tables, columns, constraints, indexes, triggers, policies,
#     views, functions, types, comments, privileges, extension membership and
#     dump registration) equals a fresh install of the current version,
#   - a schema-only pg_dump equals the fresh install's,
#   - pg_extension_update_paths offers a path to the current version.
# Released versions are the frozen scripts sql/kpi--X.Y.Z.sql other than the
# current default_version.  Runs against the cluster in PG* (make test runs
# it under pg_virtualenv).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; for d in kpi_upgrade_old kpi_upgrade_new; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1 || true; done' EXIT
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

current=$(sed -n "s/^default_version = '\(.*\)'$/\1/p" kpi.control)
released=$(ls sql/kpi--*.sql | grep -v -- '--.*--' | sed 's#^sql/kpi--\(.*\)\.sql$#\1#' | grep -vxF "$current")

pass=0 fail=0
check() {
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); echo "ok - $1";
	else fail=$((fail + 1)); echo "not ok - $1"; diff <(echo "$2") <(echo "$3") | sed 's/^/# /' || true; fi
}

# one line per table and view: name, row count, digest of its rows
digest() {
	psql -At -d "$1" <<'SQL'
DO $$
DECLARE
	r record;
	line text;
BEGIN
	CREATE TEMP TABLE digest_lines (line text);
	FOR r IN SELECT c.relname FROM pg_class c
			  WHERE c.relnamespace = 'kpi'::regnamespace AND c.relkind = 'r'
				 OR c.oid = ANY (ARRAY['kpi.result'::regclass, 'kpi.reward'::regclass, 'kpi.consequence'::regclass])
			  ORDER BY 1 LOOP
		EXECUTE format('SELECT format(''%%s %%s %%s'', %L, count(*), md5(string_agg(x::text, ''|'' ORDER BY x::text))) FROM kpi.%I x',
					   r.relname, r.relname) INTO line;
		INSERT INTO digest_lines VALUES (line);
	END LOOP;
END
$$;
SELECT line FROM digest_lines ORDER BY line;
SQL
}

# the extension's objects, described without OIDs, one sorted line each
catalog() {
	psql -At -d "$1" <<'SQL'
WITH member AS (
	SELECT d.classid, d.objid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
	 WHERE e.extname = 'kpi' AND d.deptype = 'e'),
rel AS (SELECT c.* FROM pg_class c WHERE c.relnamespace = 'kpi'::regnamespace),
fn AS (SELECT p.* FROM pg_proc p WHERE p.pronamespace = 'kpi'::regnamespace)
SELECT line FROM (
	SELECT 'member ' || pg_describe_object(classid, objid, 0) AS line FROM member
	UNION ALL
	SELECT format('relation %s kind=%s options=%s rls=%s force=%s acl=%s comment=%s', relname, relkind,
				  reloptions, relrowsecurity, relforcerowsecurity, relacl, obj_description(oid, 'pg_class')) FROM rel
	UNION ALL
	SELECT format('column %s #%s %s %s notnull=%s default=%s comment=%s', c.relname,
				  row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), a.attname,
				  format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid),
				  col_description(c.oid, a.attnum))
	  FROM rel c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
	UNION ALL
	SELECT format('constraint %s %s %s deferrable=%s deferred=%s', c.relname, k.conname,
				  pg_get_constraintdef(k.oid), k.condeferrable, k.condeferred)
	  FROM pg_constraint k JOIN rel c ON c.oid = k.conrelid
	UNION ALL
	SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN rel c ON c.oid = i.indrelid
	UNION ALL
	SELECT format('trigger %s %s enabled=%s', t.tgname, pg_get_triggerdef(t.oid), t.tgenabled)
	  FROM pg_trigger t JOIN rel c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal
	UNION ALL
	SELECT format('policy %s %s %s %s roles=%s using=%s check=%s', tablename, policyname, permissive, cmd,
				  roles, qual, with_check)
	  FROM pg_policies WHERE schemaname = 'kpi'
	UNION ALL
	SELECT format('view %s %s', relname, pg_get_viewdef(oid)) FROM rel WHERE relkind = 'v'
	UNION ALL
	SELECT format('function %s kind=%s acl=%s comment=%s %s', oid::regprocedure, prokind, proacl,
				  obj_description(oid, 'pg_proc'),
				  CASE WHEN prokind = 'a' THEN '' ELSE pg_get_functiondef(oid) END)
	  FROM fn
	UNION ALL
	SELECT format('aggregate %s trans=%s final=%s combine=%s state=%s init=%s', aggfnoid::regprocedure,
				  aggtransfn, aggfinalfn, aggcombinefn, aggtranstype::regtype, agginitval)
	  FROM pg_aggregate a JOIN fn ON fn.oid = a.aggfnoid
	UNION ALL
	SELECT format('type %s comment=%s labels=%s', t.typname, obj_description(t.oid, 'pg_type'),
				  (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
	  FROM pg_type t WHERE t.typnamespace = 'kpi'::regnamespace AND t.typtype <> 'c' AND t.typelem = 0
	UNION ALL
	SELECT format('schema kpi acl=%s', nspacl) FROM pg_namespace WHERE nspname = 'kpi'
	UNION ALL
	SELECT format('dumped %s %s', x.rel::regclass, x.cond)
	  FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x (rel, cond) WHERE e.extname = 'kpi'
) t ORDER BY line COLLATE "C";
SQL
}

# a schema-only dump without its comment lines and the random key of its
# \restrict guard
schema_dump() {
	pg_dump --schema-only -d "$1" 2>/dev/null | grep -v -e '^--' -e '^$' -e '^\\\(un\)\?restrict '
}

psql -d postgres -c 'CREATE DATABASE kpi_upgrade_new'
psql -d kpi_upgrade_new -c 'CREATE EXTENSION kpi'
fresh_catalog=$(catalog kpi_upgrade_new)
fresh_dump=$(schema_dump kpi_upgrade_new)

for v in $released; do
	psql -d postgres -c 'DROP DATABASE IF EXISTS kpi_upgrade_old' -c 'CREATE DATABASE kpi_upgrade_old'
	psql -d kpi_upgrade_old -c "CREATE EXTENSION kpi VERSION '$v'"
	psql -d kpi_upgrade_old -f sample/2018.sql >/dev/null
	psql -d kpi_upgrade_old -c "INSERT INTO kpi.downgrade (scheme_id, unit_code, reason) VALUES ('2017', 'sulide', 'upgrade test')"
	before=$(digest kpi_upgrade_old)
	check "$v installs and holds the sample" "$(echo "$before" | grep -c ' 0 ' || true)" "0"

	psql -d kpi_upgrade_old -c 'ALTER EXTENSION kpi UPDATE'
	check "$v updates to $current" "$(psql -At -d kpi_upgrade_old -c "SELECT extversion FROM pg_extension WHERE extname = 'kpi'")" "$current"
	after=$(digest kpi_upgrade_old)
	check "$v -> $current changed no row of any table or view" \
		"$before" "$(awk 'NR == FNR { old[$1] = 1; next } $1 in old' <(echo "$before") <(echo "$after"))"
	check "$v -> $current: the catalog equals a fresh install" "$(catalog kpi_upgrade_old)" "$fresh_catalog"
	check "$v -> $current: a schema-only dump equals a fresh install's" "$(schema_dump kpi_upgrade_old)" "$fresh_dump"
	check "pg_extension_update_paths offers $v -> $current" \
		"$(psql -At -d kpi_upgrade_new -c "SELECT path IS NOT NULL FROM pg_extension_update_paths('kpi') WHERE source = '$v' AND target = '$current'")" "t"

	# the updated database works like a fresh one: finalize, the lock, the audit
	psql -d kpi_upgrade_old -c "SELECT kpi.finalize('2017', force => true)" >/dev/null
	out=$(psql -At -d kpi_upgrade_old -c "DELETE FROM kpi.score WHERE scheme_id = '2017'" 2>&1 || true)
	check "$v -> $current: a finalized year is locked" "$(echo "$out" | head -1)" 'ERROR:  scheme "2017" is finalized'
	check "$v -> $current: changes are audited" \
		"$(psql -At -d kpi_upgrade_old -c "SELECT count(*) FROM kpi.audit WHERE table_name = 'publication'")" "1"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
