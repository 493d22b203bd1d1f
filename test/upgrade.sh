#!/usr/bin/env bash
# Upgrades: for every released version V, a database made with
# CREATE EXTENSION kpi VERSION 'V' and filled with the 2018 sample is
# updated with ALTER EXTENSION kpi UPDATE, and
#   - no row of any table of V or of the views kpi.result, kpi.reward and
#     kpi.consequence changed (over the columns V had), and every table
#     holds what a fresh install loaded with the same sample holds,
#   - its catalog equals a fresh install's, area by area: the extension's
#     members, relations, columns, constraints, indexes, triggers, rules,
#     policies, views, functions, aggregates, types, sequences, comments,
#     privileges (and the initial ones pg_dump compares them with), the
#     dependencies, and the tables pg_dump keeps with their conditions,
#   - a schema-only pg_dump equals the fresh install's,
#   - pg_extension_update_paths offers V -> the current version,
#   - the updated database works like a fresh one: 2017 finalizes to the
#     same published rows, the lock holds, and the finalization is audited
#     the same way.
# Released versions are the arguments, else those frozen in sql/released/
# (the base's full script kpi--1.0.0.sql and each update's target) other
# than the current default_version of kpi.control; a version frozen only
# as an update installs through the chain.  Runs against the cluster in PG*
# (make test runs it under pg_virtualenv, after make install).  Prints TAP
# (test/lib.sh); with no released version before the current one, a skip.
. "$(dirname "$0")/lib.sh"
drop_at_exit DATABASE kpi_upgrade_old kpi_upgrade_new kpi_upgrade_published

current=$(sed -n "s/^default_version *= *'\(.*\)' *$/\1/p" kpi.control)
if [ $# -gt 0 ]; then
	released="$*"
else
	released=$(ls sql/released 2>/dev/null | sed -n 's/^kpi--\(.*--\)\{0,1\}\([^-]*\)\.sql$/\2/p' \
		| grep -vxF "$current" | sort -uV || true)
fi
if [ -z "$current" ]; then echo "no current version found in kpi.control" >&2; exit 1; fi
# 1.0.0 is the release base: until a later version exists there is
# nothing to update from
if [ -z "$released" ]; then skip_all "current version $current: no released version before it, nothing to update"; fi
echo "# current version $current, released: ${released//$'\n'/ }"

# The query that digests the tables of schema kpi and the three views as
# they are in database $1 (only the relations named by the regular
# expression $2, but not by $3): one line per relation with its name, row
# count and the md5 of its rows, over the columns it has now.  Run against
# another database or after the update, it digests the same columns, so a
# column added by an update is no change of data; a relation or a column
# gone is an error.
digest_query() {
	psql -At -d "$1" -v only="${2:-.}" -v skip="${3:-^$}" <<'SQL'
SELECT 'SELECT format(''%s %s %s'', rel, n, d) FROM (' || string_agg(
		format('SELECT %L AS rel, count(*) AS n, md5(string_agg(x::text, ''|'' ORDER BY x::text)) AS d FROM (SELECT %s FROM kpi.%I) x',
			   c.relname,
			   (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
				 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
			   c.relname),
		' UNION ALL ' ORDER BY c.relname) || ') t ORDER BY rel;'
  FROM pg_class c
 WHERE c.relnamespace = 'kpi'::regnamespace
   AND (c.relkind IN ('r', 'p') OR c.relname IN ('result', 'reward', 'consequence') AND c.relkind = 'v')
   AND c.relname ~ :'only' AND c.relname !~ :'skip'
SQL
}
# run a digest query on database $1; an error is its output
digest() { psql -At -d "$1" -c "$2" 2>&1 || true; }

# The extension's objects and their sub-objects (those in its schema, the
# columns, constraints, indexes, triggers, rules, policies and defaults of
# its relations), described without OIDs, one line each (a newline in a
# definition is written \n), sorted; every line starts with its area.
catalog() {
	psql -At -d "$1" <<'SQL'
WITH ext AS (SELECT e.* FROM pg_extension e WHERE e.extname = 'kpi'),
member AS (
	SELECT d.classid, d.objid FROM pg_depend d, ext
	 WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'),
ns AS (
	SELECT n.oid FROM pg_namespace n
	 WHERE n.nspname = 'kpi' OR (('pg_namespace'::regclass, n.oid) IN (SELECT * FROM member))),
rel AS (
	SELECT c.* FROM pg_class c
	 WHERE c.relnamespace IN (SELECT oid FROM ns) OR (('pg_class'::regclass, c.oid) IN (SELECT * FROM member))),
fn AS (
	SELECT p.* FROM pg_proc p
	 WHERE p.pronamespace IN (SELECT oid FROM ns) OR (('pg_proc'::regclass, p.oid) IN (SELECT * FROM member))),
typ AS (
	SELECT t.* FROM pg_type t
	 WHERE t.typnamespace IN (SELECT oid FROM ns) OR (('pg_type'::regclass, t.oid) IN (SELECT * FROM member))),
con AS (
	SELECT k.* FROM pg_constraint k
	 WHERE k.conrelid IN (SELECT oid FROM rel) OR k.contypid IN (SELECT oid FROM typ)),
obj (classid, objid) AS (
	SELECT 'pg_extension'::regclass, oid FROM ext
	UNION SELECT * FROM member
	UNION SELECT 'pg_namespace'::regclass, oid FROM ns
	UNION SELECT 'pg_class'::regclass, oid FROM rel
	UNION SELECT 'pg_proc'::regclass, oid FROM fn
	UNION SELECT 'pg_type'::regclass, oid FROM typ
	UNION SELECT 'pg_constraint'::regclass, oid FROM con
	UNION SELECT 'pg_trigger'::regclass, t.oid FROM pg_trigger t WHERE t.tgrelid IN (SELECT oid FROM rel) AND NOT t.tgisinternal
	UNION SELECT 'pg_policy'::regclass, p.oid FROM pg_policy p WHERE p.polrelid IN (SELECT oid FROM rel)
	UNION SELECT 'pg_rewrite'::regclass, r.oid FROM pg_rewrite r WHERE r.ev_class IN (SELECT oid FROM rel)
	UNION SELECT 'pg_attrdef'::regclass, a.oid FROM pg_attrdef a WHERE a.adrelid IN (SELECT oid FROM rel))
SELECT replace(line, E'\n', E'\\n') FROM (
	SELECT format('extension %s version=%s schema=%s relocatable=%s owner=%s', extname, extversion,
				  extnamespace::regnamespace, extrelocatable, pg_get_userbyid(extowner)) AS line FROM ext
	UNION ALL
	SELECT 'member ' || pg_describe_object(classid, objid, 0) FROM member
	UNION ALL
	SELECT format('dumped %s %s', x.rel::regclass, x.cond)
	  FROM ext, unnest(ext.extconfig, ext.extcondition) AS x (rel, cond)
	UNION ALL
	SELECT format('relation %s kind=%s options=%s rls=%s force=%s persistence=%s replident=%s am=%s owner=%s partkey=%s bound=%s inherits=%s',
				  c.oid::regclass, c.relkind, c.reloptions, c.relrowsecurity, c.relforcerowsecurity, c.relpersistence,
				  c.relreplident, am.amname, pg_get_userbyid(c.relowner), pg_get_partkeydef(c.oid),
				  pg_get_expr(c.relpartbound, c.oid),
				  (SELECT string_agg(i.inhparent::regclass::text, ',' ORDER BY i.inhseqno) FROM pg_inherits i WHERE i.inhrelid = c.oid))
	  FROM rel c LEFT JOIN pg_am am ON am.oid = c.relam
	UNION ALL
	SELECT format('column %s #%s %s %s notnull=%s default=%s identity=%s generated=%s collation=%s storage=%s stattarget=%s',
				  c.oid::regclass, row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), a.attname,
				  format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid),
				  a.attidentity, a.attgenerated, CASE WHEN a.attcollation <> 0 THEN a.attcollation::regcollation::text END,
				  a.attstorage, a.attstattarget)
	  FROM rel c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
	UNION ALL
	SELECT format('constraint %s %s %s deferrable=%s deferred=%s validated=%s', coalesce(k.conrelid::regclass::text, k.contypid::regtype::text),
				  k.conname, pg_get_constraintdef(k.oid), k.condeferrable, k.condeferred, k.convalidated)
	  FROM con k
	UNION ALL
	SELECT format('index %s clustered=%s replident=%s valid=%s', pg_get_indexdef(i.indexrelid), i.indisclustered,
				  i.indisreplident, i.indisvalid)
	  FROM pg_index i WHERE i.indrelid IN (SELECT oid FROM rel)
	UNION ALL
	SELECT format('trigger %s %s enabled=%s', t.tgname, pg_get_triggerdef(t.oid), t.tgenabled)
	  FROM pg_trigger t WHERE t.tgrelid IN (SELECT oid FROM rel) AND NOT t.tgisinternal
	UNION ALL
	SELECT format('rule %s enabled=%s', pg_get_ruledef(r.oid), r.ev_enabled)
	  FROM pg_rewrite r WHERE r.ev_class IN (SELECT oid FROM rel) AND r.rulename <> '_RETURN'
	UNION ALL
	SELECT format('policy %s.%s %s %s %s roles=%s using=%s check=%s', p.schemaname, p.tablename, p.policyname,
				  p.permissive, p.cmd, p.roles, p.qual, p.with_check)
	  FROM pg_policies p WHERE format('%I.%I', p.schemaname, p.tablename)::regclass IN (SELECT oid FROM rel)
	UNION ALL
	SELECT format('view %s %s', c.oid::regclass, pg_get_viewdef(c.oid)) FROM rel c WHERE c.relkind IN ('v', 'm')
	UNION ALL
	SELECT format('function %s kind=%s owner=%s %s', p.oid::regprocedure, p.prokind, pg_get_userbyid(p.proowner),
				  CASE WHEN p.prokind = 'a' THEN '' ELSE pg_get_functiondef(p.oid) END)
	  FROM fn p
	UNION ALL
	SELECT format('aggregate %s kind=%s direct=%s trans=%s final=%s combine=%s serial=%s deserial=%s mtrans=%s minv=%s mfinal=%s finalextra=%s mfinalextra=%s finalmodify=%s mfinalmodify=%s sortop=%s state=%s space=%s init=%s mstate=%s mspace=%s minit=%s parallel=%s',
				  a.aggfnoid::regprocedure, a.aggkind, a.aggnumdirectargs, a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
				  a.aggserialfn, a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn, a.aggfinalextra,
				  a.aggmfinalextra, a.aggfinalmodify, a.aggmfinalmodify, a.aggsortop::regoperator, a.aggtranstype::regtype,
				  a.aggtransspace, a.agginitval, a.aggmtranstype::regtype, a.aggmtransspace, a.aggminitval, p.proparallel)
	  FROM pg_aggregate a JOIN fn p ON p.oid = a.aggfnoid
	UNION ALL
	SELECT format('type %s type=%s category=%s owner=%s base=%s notnull=%s default=%s labels=%s',
				  format_type(t.oid, NULL), t.typtype, t.typcategory, pg_get_userbyid(t.typowner),
				  CASE WHEN t.typbasetype <> 0 THEN format_type(t.typbasetype, t.typtypmod) END, t.typnotnull, t.typdefault,
				  (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
	  FROM typ t
	UNION ALL
	SELECT format('sequence %s type=%s start=%s increment=%s min=%s max=%s cache=%s cycle=%s', s.seqrelid::regclass,
				  format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle)
	  FROM pg_sequence s WHERE s.seqrelid IN (SELECT oid FROM rel)
	UNION ALL
	SELECT format('cast %s', pg_describe_object(m.classid, m.objid, 0)) || format(' func=%s context=%s method=%s',
				  c.castfunc::regprocedure, c.castcontext, c.castmethod)
	  FROM member m JOIN pg_cast c ON m.classid = 'pg_cast'::regclass AND c.oid = m.objid
	UNION ALL
	SELECT format('operator %s result=%s code=%s commutator=%s negator=%s restrict=%s join=%s hashes=%s merges=%s',
				  o.oid::regoperator, o.oprresult::regtype, o.oprcode, o.oprcom::regoperator, o.oprnegate::regoperator,
				  o.oprrest, o.oprjoin, o.oprcanhash, o.oprcanmerge)
	  FROM member m JOIN pg_operator o ON m.classid = 'pg_operator'::regclass AND o.oid = m.objid
	UNION ALL
	SELECT format('event trigger %s on %s do %s tags=%s enabled=%s', t.evtname, t.evtevent, t.evtfoid::regprocedure,
				  t.evttags, t.evtenabled)
	  FROM member m JOIN pg_event_trigger t ON m.classid = 'pg_event_trigger'::regclass AND t.oid = m.objid
	UNION ALL
	SELECT format('comment on %s: %s', pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description)
	  FROM pg_description d WHERE (d.classoid, d.objoid) IN (SELECT * FROM obj)
	UNION ALL
	SELECT format('acl schema %s %s', n.nspname, n.nspacl) FROM pg_namespace n WHERE n.oid IN (SELECT oid FROM ns)
	UNION ALL
	SELECT format('acl relation %s %s', c.oid::regclass, c.relacl) FROM rel c
	UNION ALL
	SELECT format('acl column %s.%s %s', c.oid::regclass, a.attname, a.attacl)
	  FROM rel c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped WHERE a.attacl IS NOT NULL
	UNION ALL
	SELECT format('acl function %s %s', p.oid::regprocedure, p.proacl) FROM fn p
	UNION ALL
	SELECT format('acl type %s %s', format_type(t.oid, NULL), t.typacl) FROM typ t WHERE t.typacl IS NOT NULL
	UNION ALL
	SELECT format('acl default for %s in %s on %s %s', pg_get_userbyid(d.defaclrole), d.defaclnamespace::regnamespace,
				  d.defaclobjtype, d.defaclacl)
	  FROM pg_default_acl d
	UNION ALL
	SELECT format('initial privileges of %s (%s): %s', pg_describe_object(i.classoid, i.objoid, i.objsubid), i.privtype, i.initprivs)
	  FROM pg_init_privs i WHERE (i.classoid, i.objoid) IN (SELECT * FROM obj)
	UNION ALL
	SELECT format('depend %s -> %s (%s)', pg_describe_object(d.classid, d.objid, d.objsubid),
				  pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid), d.deptype)
	  FROM pg_depend d WHERE (d.classid, d.objid) IN (SELECT * FROM obj)
	UNION ALL
	SELECT format('shdepend %s -> %s (%s)', pg_describe_object(d.classid, d.objid, d.objsubid),
				  pg_describe_object(d.refclassid, d.refobjid, 0), d.deptype)
	  FROM pg_shdepend d
	 WHERE d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
	   AND (d.classid, d.objid) IN (SELECT * FROM obj)
) t ORDER BY line COLLATE "C";
SQL
}
areas='extension member dumped relation column constraint index trigger rule policy view function aggregate type sequence cast operator event comment acl initial depend shdepend'

# a schema-only dump without its comment lines, blank lines and the random
# key of its \restrict guard, then its warnings
schema_dump() {
	pg_dump --schema-only -d "$1" 2>"$tmp/stderr" | grep -v -e '^--' -e '^$' -e '^\\\(un\)\?restrict ' || true
	sed 's/^/stderr: /' "$tmp/stderr"
}
sample() {
	psql -d "$1" -f sample/2018.sql >/dev/null &&
	psql -d "$1" -c "INSERT INTO kpi.downgrade (scheme_id, unit_code, reason) VALUES ('2017', 'sulide', 'upgrade test')"
}
# 2017 published, as the superuser running the test: the publication row
# (but its time), the published copies and the three views, and what the
# finalization wrote to the audit trail (but its times)
finalize() {
	psql -At -d "$1" -c "SELECT to_jsonb(p) - 'published_at' FROM kpi.finalize('2017', force => true) p" 2>&1 || true
	digest "$1" "$(digest_query "$1" '^(published_.*|result|reward|consequence)$')"
	psql -At -d "$1" 2>&1 <<'SQL' || true
SELECT x::text FROM (
	SELECT role_name, table_name, operation, scheme_id, unit_code, row_key, old_row - 'published_at', new_row - 'published_at', reason
	  FROM kpi.audit
	 WHERE transaction_id = (SELECT transaction_id FROM kpi.audit WHERE table_name = 'publication' ORDER BY id DESC LIMIT 1)) x
 ORDER BY 1;
SQL
}

# the fresh install: its catalog and dump, then the sample and 2017 published
psql -d postgres -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS kpi_upgrade_new' -c 'CREATE DATABASE kpi_upgrade_new'
psql -d kpi_upgrade_new -c 'CREATE EXTENSION kpi'
fresh_catalog=$(catalog kpi_upgrade_new)
fresh_dump=$(schema_dump kpi_upgrade_new)
sample kpi_upgrade_new
# every table but the audit trail (which the update cannot fill back)
fresh_query=$(digest_query kpi_upgrade_new . '^audit$')
fresh_data=$(digest kpi_upgrade_new "$fresh_query")
fresh_final=$(finalize kpi_upgrade_new)

for v in $released; do
	check "pg_extension_update_paths offers $v -> $current" \
		"$(psql -At -d kpi_upgrade_new -c "SELECT count(*) FROM pg_extension_update_paths('kpi') WHERE source = '$v' AND target = '$current' AND path IS NOT NULL")" "1"

	psql -d postgres -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS kpi_upgrade_old' -c 'CREATE DATABASE kpi_upgrade_old'
	if ! out=$(psql -d kpi_upgrade_old -c "CREATE EXTENSION kpi VERSION '$v'" 2>&1 && sample kpi_upgrade_old 2>&1); then
		check "$v installs and takes the sample" "$out" ""
		continue
	fi
	query=$(digest_query kpi_upgrade_old)
	before=$(digest kpi_upgrade_old "$query")
	# (tables the sample does not fill, such as later versions' accounts
	# and publications, are only listed)
	empty=$(echo "$before" | awk '$2 == 0 { printf " %s", $1 }')
	if [ -n "$empty" ]; then echo "# empty in $v after the sample:$empty"; fi
	check "$v installs and holds the sample" "$(echo "$before" | grep -c -E '^(scheme|score|result|reward|consequence) [1-9]' || true)" "5"

	out=$(psql -d kpi_upgrade_old -c 'ALTER EXTENSION kpi UPDATE' 2>&1 || true)
	if [ -n "$out" ]; then echo "$out" | sed 's/^/# /'; fi
	check "$v updates to $current without an error or a warning" "$(echo "$out" | grep -cE '^(ERROR|WARNING|FATAL|psql:)' || true)" "0"
	check "$v updates to $current" "$(psql -At -d kpi_upgrade_old -c "SELECT extversion FROM pg_extension WHERE extname = 'kpi'")" "$current"
	check "$v -> $current changed no row of any table of $v or view" "$before" "$(digest kpi_upgrade_old "$query")"
	check "$v -> $current: every table but the audit trail holds what a fresh install holds" \
		"$(digest kpi_upgrade_old "$fresh_query")" "$fresh_data"

	old_catalog=$(catalog kpi_upgrade_old)
	for area in $areas; do
		check "$v -> $current: catalog equals a fresh install's: $area" \
			"$(echo "$old_catalog" | grep "^$area " || true)" "$(echo "$fresh_catalog" | grep "^$area " || true)"
	done
	# nothing outside the areas (a safeguard for the list above)
	check "$v -> $current: the whole catalog equals a fresh install's" \
		"$(echo "$old_catalog" | md5sum)" "$(echo "$fresh_catalog" | md5sum)"
	check "$v -> $current: a schema-only dump equals a fresh install's" "$(schema_dump kpi_upgrade_old)" "$fresh_dump"

	# the updated database works like a fresh one
	check "$v -> $current: 2017 finalizes as in a fresh install" "$(finalize kpi_upgrade_old)" "$fresh_final"
	out=$(psql -At -d kpi_upgrade_old -c "DELETE FROM kpi.score WHERE scheme_id = '2017'" 2>&1 || true)
	check "$v -> $current: the finalized year is locked" "$(echo "$out" | head -1)" 'ERROR:  scheme "2017" is finalized'

	# a scheme finalized before the update: its published copies do not
	# move, and the columns the update adds to them hold what the updated
	# engine computes from the same data (the level of each unit)
	psql -d postgres -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS kpi_upgrade_published' -c 'CREATE DATABASE kpi_upgrade_published'
	psql -d kpi_upgrade_published -c "CREATE EXTENSION kpi VERSION '$v'" >/dev/null
	sample kpi_upgrade_published >/dev/null
	psql -At -d kpi_upgrade_published -c "SELECT scheme_id FROM kpi.finalize('2018', force => true)" >/dev/null
	query=$(digest_query kpi_upgrade_published '^(published_.*|result|reward|consequence)$')
	before=$(digest kpi_upgrade_published "$query")
	psql -d kpi_upgrade_published -c 'ALTER EXTENSION kpi UPDATE' >/dev/null 2>&1 || true
	check "$v -> $current: a scheme finalized before the update keeps its published copies" \
		"$(digest kpi_upgrade_published "$query")" "$before"
	check "$v -> $current: its published rows take the level the updated engine computes" \
		"$(psql -At -d kpi_upgrade_published -c "SELECT count(*) FILTER (WHERE p.level IS NOT DISTINCT FROM l.level) || ' of ' || count(*)
			FROM kpi.published_result p JOIN kpi.live_result l USING (scheme_id, unit_code) WHERE p.scheme_id = '2018'" 2>&1)" \
		"$(psql -At -d kpi_upgrade_published -c "SELECT n || ' of ' || n FROM (SELECT count(*) AS n FROM kpi.participant WHERE scheme_id = '2018') x" 2>&1)"
done
done_testing
