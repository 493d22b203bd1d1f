-- pgTAP: every function kpi installs, with the labels the planner and the
-- security model trust: kind, volatility, strictness, parallel safety,
-- SECURITY DEFINER and language.  A new function, or a changed label,
-- must be added here on purpose: the reasons are in the comments of the
-- function's definition (sql/kpi/*.sql).
--   immutable: C computations and inlined SQL of their arguments only;
--   stable: reads tables or settings, the same within a statement;
--   volatile: writes, or is a trigger;
--   parallel safe: no writes and no state outside the arguments (the
--     result query runs them in parallel workers); unsafe: writes or
--     triggers, keeps state in the backend (the entry stage), or reads
--     tables through checks that need not run in workers.
\i test/pgtap/include/psql.sql
BEGIN;
SELECT plan(4);

SELECT results_eq(
	$$SELECT concat_ws(' ', p.oid::regprocedure::text,
			 CASE p.prokind WHEN 'f' THEN 'function' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window' ELSE p.prokind::text END,
			 CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END,
			 CASE WHEN p.proisstrict THEN 'strict' ELSE 'called-on-null' END,
			 'parallel-' || CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END,
			 CASE WHEN p.prosecdef THEN 'definer' ELSE 'invoker' END, l.lanname) COLLATE "C" 
		FROM pg_proc p
		JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
		JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'kpi'
		JOIN pg_language l ON l.oid = p.prolang
	   ORDER BY 1$$,
	$$SELECT x COLLATE "C" FROM (VALUES
	('kpi.account_gone() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.announce(text,timestamp with time zone) function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.appeal_filing() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.account_restored() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.account_settings() function immutable called-on-null parallel-safe invoker sql'),
	('kpi.accounts_of(text) function stable strict parallel-safe definer sql'),
	('kpi.acting_role() function stable called-on-null parallel-safe invoker sql'),
	('kpi.attach_bureau(text,text) function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.audit_changes(regclass,text[]) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.audit_reopen(text,text) function volatile called-on-null parallel-unsafe definer sql'),
	('kpi.audit_rows() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.audit_truncate() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.capabilities(text) function stable strict parallel-safe invoker sql'),
	('kpi.check_deduction_row(text,text,text) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.check_facts_row(text,text,text,jsonb) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.check_leaf(text,text,text,text,numeric,text) function stable called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.check_method(text) function stable called-on-null parallel-unsafe invoker sql'),
	('kpi.check_rating_row(text,text,text) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.check_rating_value(text,text,text,text,boolean) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.check_rubric(text) function stable called-on-null parallel-unsafe invoker sql'),
	('kpi.check_scheme_placement(text[],text[]) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.component_check_weights() function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.copy_scheme(text,text,integer) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.create_change_triggers(regclass,text,text,text[],boolean) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.criterion_check_tree() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.criterion_node_refresh() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.criterion_parent_check() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.criterion_parent_key() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.deduction_check_rows() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.bureau_result_available(text) function stable called-on-null parallel-unsafe definer plpgsql'),
	('kpi.bureau_result_definition() function stable called-on-null parallel-unsafe invoker sql'),
	('kpi.decide_appeal(bigint,text,text) function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.entry_begin() function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.entry_delete() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.entry_line(text) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.entry_number(text,text,text) function immutable called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.entry_rights() function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.entry_scheme(text,text,boolean) function stable called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.entry_text(text,text,text) function stable called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.explain(text,text) function stable strict parallel-unsafe definer plpgsql'),
	('kpi.entry_unit(text,text,text) function stable called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.entry_unit_label(text,text) function stable called-on-null parallel-safe invoker sql'),
	('kpi.entry_write() function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.evidence_check_rows() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.evidence_entry_row() function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.finalize(text,boolean) function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.grades_of(text) function stable called-on-null parallel-safe invoker sql'),
	('kpi.grant_access(text,text,text,text,text,text,text) function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.html_escape(text) function immutable strict parallel-safe invoker sql'),
	('kpi.is_office(text) function stable strict parallel-safe invoker sql'),
	('kpi.kpi_deduction_cap(text[],text[],text[],numeric[],text[],numeric[]) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_entry_begin(regclass) function volatile strict parallel-unsafe invoker c'),
	('kpi.kpi_entry_stage(regclass,bigint,text,text,text,text,text,numeric,jsonb,text) function volatile called-on-null parallel-unsafe invoker c'),
	('kpi.kpi_entry_take(regclass) function volatile strict parallel-unsafe invoker c'),
	('kpi.kpi_facts_problem(jsonb,jsonb,numeric) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_points_sum(numeric) aggregate immutable called-on-null parallel-safe invoker internal'),
	('kpi.kpi_points_sum_combine(bigint,bigint) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_points_sum_final(bigint) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_points_sum_trans(bigint,numeric) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_reward_split(numeric,numeric,text[],text[]) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_rule_points(jsonb,jsonb,numeric) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_rule_problem(jsonb,numeric) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_tier(bigint,boolean,integer) window immutable called-on-null parallel-safe invoker c'),
	('kpi.kpi_tier(bigint,boolean,numeric,integer,integer,text,kpi.grade[]) window stable called-on-null parallel-safe invoker c'),
	('kpi.kpi_veto(integer,boolean,integer,integer,integer) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_veto(kpi.tier,boolean,integer) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_weighted_parts(integer,numeric,numeric,numeric,text) aggregate immutable called-on-null parallel-safe invoker internal'),
	('kpi.kpi_weighted_parts_final(bigint[]) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_weighted_total(integer,numeric,numeric,numeric,text) aggregate immutable called-on-null parallel-safe invoker internal'),
	('kpi.kpi_weighted_total_combine(bigint[],bigint[]) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_weighted_total_final(bigint[]) function immutable strict parallel-safe invoker c'),
	('kpi.kpi_weighted_total_trans(bigint[],integer,numeric,numeric,numeric,text) function immutable called-on-null parallel-safe invoker c'),
	('kpi.level_label(text,integer) function stable strict parallel-safe invoker c'),
	('kpi.load_rubric(text,text,text,text) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.may_rate(kpi.rights,text,text,text,text) function immutable called-on-null parallel-safe invoker plpgsql'),
	('kpi.may_report(kpi.rights,text,text) function immutable called-on-null parallel-safe invoker plpgsql'),
	('kpi.may_score(kpi.rights,text,text) function immutable called-on-null parallel-safe invoker plpgsql'),
	('kpi.lock_scheme_to_publish(text,text,text) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.lock_with_scheme(regclass) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.notice_html(text,text,text) function stable called-on-null parallel-safe invoker plpgsql'),
	('kpi.open_appeal_on(text,jsonb) function stable strict parallel-safe invoker sql'),
	('kpi.pull_upstream(text,text) function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.parse_rubric(text) function immutable strict parallel-safe invoker c'),
	('kpi.raters_of(text) function stable strict parallel-safe invoker sql'),
	('kpi.rating_check_rows() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.rating_entry_row() function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.rating_scale_check_rows() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.reads_every_unit(text) function stable strict parallel-safe invoker sql'),
	('kpi.rebuild_criterion_node(text[]) function volatile called-on-null parallel-unsafe definer sql'),
	('kpi.recheck_changed_schemes() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.recheck_changed_units() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.refuse_published_change() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.refuse_published_truncate() function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.reopen(text,text) function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.require_foreign_server(text) function stable called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.require_office(text) function stable called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.restoring() function stable called-on-null parallel-safe invoker sql'),
	('kpi.revoke_access(text,text,text,text,text,text,text) function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.rights_of(text) function stable strict parallel-safe invoker plpgsql'),
	('kpi.scheme_check_status() function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.score_check_rows() function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.score_entry_row() function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.sees_every_unit(text) function stable strict parallel-safe invoker sql'),
	('kpi.shipped_veto_title(integer) function immutable strict parallel-safe invoker sql'),
	('kpi.spreadsheet_safe(text) function immutable called-on-null parallel-safe invoker sql'),
	('kpi.sync_privileges(text) function volatile called-on-null parallel-unsafe definer plpgsql'),
	('kpi.tier_label(kpi.tier) function immutable strict parallel-safe invoker sql'),
	('kpi.translate(text) function stable strict parallel-safe invoker c'),
	('kpi.units_of(text) function stable strict parallel-safe invoker sql'),
	('kpi.unrestricted(text) function stable strict parallel-safe invoker sql'),
	('kpi.validate(text) function stable called-on-null parallel-unsafe invoker sql'),
	('kpi.veto_condition_guard() function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.what_if(text,jsonb) function volatile called-on-null parallel-unsafe invoker plpgsql'),
	('kpi.write_2018_method(text) function volatile called-on-null parallel-unsafe invoker plpgsql')	) v (x) ORDER BY 1$$,
	'every kpi function has the expected kind, volatility, strictness, parallel safety, definer and language');

-- no function is parallel restricted (each is either safe or unsafe for a reason)
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
	JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'kpi'
	WHERE p.proparallel = 'r'$$, 'no kpi function is parallel restricted');

-- what writes is volatile and parallel unsafe: every trigger function and
-- every plpgsql function that is not a read-only check
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
	JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'kpi'
	WHERE p.prorettype = 'trigger'::regtype AND (p.provolatile <> 'v' OR p.proparallel <> 'u')$$,
	'trigger functions are volatile and parallel unsafe');

-- the C functions that take no null (the non-strict ones are the aggregate's
-- transition, which checks its nulls itself, the window functions, and
-- kpi_entry_stage, which takes a null rater, points, facts or note)
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
	JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'kpi'
	WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c') AND NOT p.proisstrict
	  AND p.oid <> ALL (ARRAY['kpi.kpi_weighted_total_trans(bigint[],integer,numeric,numeric,numeric,text)'::regprocedure,
							  'kpi.kpi_tier(bigint,boolean,integer)'::regprocedure,
							  'kpi.kpi_tier(bigint,boolean,numeric,integer,integer,text,kpi.grade[])'::regprocedure,
							  'kpi.kpi_entry_stage(regclass,bigint,text,text,text,text,text,numeric,jsonb,text)'::regprocedure])$$,
	'C functions are STRICT but the aggregate transition, the window functions and the entry stage, which check their nulls');

SELECT * FROM finish();
ROLLBACK;
