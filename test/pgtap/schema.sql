-- The schema contract of DESIGN.md, as pgTAP: every table, column, type,
-- default and view of the public interface, and the shape of the C functions.
\i test/pgtap/include/psql.sql
BEGIN;
-- Each column's type, from 'name type' pairs.
CREATE FUNCTION pg_temp.columns_typed(rel name, typed_columns text[])
RETURNS SETOF text LANGUAGE sql AS $$
	SELECT col_type_is('kpi', rel, c.name, c.type, format('kpi.%s.%s is %s', rel, c.name, c.type))
	  FROM unnest(typed_columns) WITH ORDINALITY AS t(col, n),
	       LATERAL (SELECT split_part(t.col, ' ', 1) AS name, substr(t.col, strpos(t.col, ' ') + 1) AS type) c
	 ORDER BY t.n
$$;
-- A table of the contract: it exists, its primary key, each column's type.
CREATE FUNCTION pg_temp.table_is(rel name, key name[], typed_columns text[])
RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
	RETURN NEXT has_table('kpi', rel, format('table kpi.%s', rel));
	RETURN NEXT has_pk('kpi', rel, format('kpi.%s has a primary key', rel));
	RETURN NEXT col_is_pk('kpi', rel, key, format('kpi.%s key', rel));
	RETURN QUERY SELECT pg_temp.columns_typed(rel, typed_columns);
END
$$;
-- A view of the contract: it exists, has exactly these columns in this
-- order, each of this type.
CREATE FUNCTION pg_temp.view_is(rel name, typed_columns text[])
RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
	RETURN NEXT has_view('kpi', rel, format('view kpi.%s', rel));
	RETURN NEXT columns_are('kpi', rel, ARRAY(SELECT split_part(c, ' ', 1) FROM unnest(typed_columns) c)::name[],
		format('kpi.%s has the contract''s columns', rel));
	RETURN QUERY SELECT pg_temp.columns_typed(rel, typed_columns);
END
$$;
SELECT plan(268);
SELECT has_schema('kpi');
SELECT pg_temp.table_is('scheme', ARRAY['scheme_id'],
	ARRAY['scheme_id text', 'year integer', 'title text', 'top_n integer', 'bonus_points numeric', 'reward_amount numeric(12,2)', 'head_share numeric', 'status text', 'veto_level integer', 'bonus_cap numeric']);
SELECT pg_temp.table_is('unit_group', ARRAY['scheme_id', 'group_code'],
	ARRAY['scheme_id text', 'group_code text', 'title text']);
SELECT pg_temp.table_is('component', ARRAY['scheme_id', 'group_code', 'component_code'],
	ARRAY['scheme_id text', 'group_code text', 'component_code text', 'title text', 'weight numeric', 'aggregation text']);
SELECT pg_temp.table_is('unit', ARRAY['unit_code'],
	ARRAY['unit_code text', 'name text', 'kind text']);
SELECT pg_temp.table_is('participant', ARRAY['scheme_id', 'unit_code'],
	ARRAY['scheme_id text', 'unit_code text', 'group_code text', 'rubric_code text']);
SELECT pg_temp.table_is('criterion', ARRAY['scheme_id', 'criterion_code'],
	ARRAY['scheme_id text', 'criterion_code text', 'parent_code text', 'title text', 'max_points numeric', 'rule jsonb', 'position integer']);
SELECT pg_temp.table_is('score', ARRAY['scheme_id', 'unit_code', 'criterion_code'],
	ARRAY['scheme_id text', 'unit_code text', 'criterion_code text', 'points numeric', 'note text']);
SELECT pg_temp.table_is('evidence', ARRAY['scheme_id', 'unit_code', 'criterion_code'],
	ARRAY['scheme_id text', 'unit_code text', 'criterion_code text', 'facts jsonb']);
SELECT pg_temp.table_is('rating', ARRAY['scheme_id', 'unit_code', 'component_code', 'rater'],
	ARRAY['scheme_id text', 'unit_code text', 'component_code text', 'rater text', 'score numeric', 'grade text']);
SELECT pg_temp.table_is('bonus', ARRAY['id'],
	ARRAY['id bigint', 'scheme_id text', 'unit_code text', 'title text', 'approved boolean', 'points numeric', 'achievement text']);
SELECT pg_temp.table_is('deduction', ARRAY['id'],
	ARRAY['id bigint', 'scheme_id text', 'unit_code text', 'criterion_code text', 'source text', 'upstream_lost numeric', 'upstream_max numeric', 'note text']);
SELECT pg_temp.table_is('veto_condition', ARRAY['condition_code'],
	ARRAY['condition_code integer', 'title text']);
SELECT pg_temp.table_is('veto', ARRAY['id'],
	ARRAY['id bigint', 'scheme_id text', 'unit_code text', 'condition_code integer', 'note text', 'confirmed boolean']);
SELECT pg_temp.table_is('downgrade', ARRAY['id'],
	ARRAY['id bigint', 'scheme_id text', 'unit_code text', 'reason text', 'steps integer']);
SELECT pg_temp.table_is('member', ARRAY['scheme_id', 'unit_code', 'person'],
	ARRAY['scheme_id text', 'unit_code text', 'person text', 'role text']);
SELECT pg_temp.table_is('ineligible', ARRAY['id'],
	ARRAY['id bigint', 'scheme_id text', 'unit_code text', 'person text', 'reason text']);
-- methods as data (semantics 10-13)
SELECT pg_temp.table_is('grade', ARRAY['scheme_id', 'level'],
	ARRAY['scheme_id text', 'level integer', 'label text', 'places integer', 'share numeric', 'min_total numeric', 'below_total numeric', 'last_places integer', 'is_default boolean', 'reward_amount numeric(12,2)', 'head_share numeric']);
SELECT pg_temp.table_is('consequence_rule', ARRAY['id'],
	ARRAY['id bigint', 'scheme_id text', 'level integer', 'years integer', 'applies_to text', 'consequence text']);
SELECT pg_temp.table_is('rating_scale', ARRAY['scheme_id', 'component_code', 'grade'],
	ARRAY['scheme_id text', 'component_code text', 'grade text', 'points numeric']);
-- the assessment season
SELECT pg_temp.table_is('self_score', ARRAY['scheme_id', 'unit_code', 'criterion_code'],
	ARRAY['scheme_id text', 'unit_code text', 'criterion_code text', 'points numeric', 'note text']);
SELECT col_default_is('kpi', rel, col, value, format('kpi.%s.%s defaults to %s', rel, col, value))
  FROM (VALUES
	('scheme', 'top_n', '2'), ('scheme', 'bonus_points', '5'), ('scheme', 'reward_amount', '1000'),
	('scheme', 'head_share', '0.40'), ('scheme', 'status', 'open'), ('component', 'aggregation', 'mean'),
	('bonus', 'approved', 'false'), ('veto', 'confirmed', 'true'), ('downgrade', 'steps', '1'),
	('consequence_rule', 'years', '1'), ('grade', 'is_default', 'false')
  ) AS contract_default(rel, col, value);
SELECT pg_temp.view_is('result',
	ARRAY['scheme_id text', 'group_code text', 'unit_code text', 'unit_name text', 'content numeric', 'ratings numeric', 'bonus numeric', 'deduction numeric', 'total numeric', 'rank integer', 'vetoed boolean', 'downgraded boolean', 'tier kpi.tier', 'tier_label text', 'complete boolean', 'level integer']);
SELECT pg_temp.view_is('reward',
	ARRAY['scheme_id text', 'unit_code text', 'person text', 'role text', 'amount numeric']);
SELECT pg_temp.view_is('consequence',
	ARRAY['scheme_id text', 'unit_code text', 'person text', 'consequence text']);
-- entry by COPY: the spreadsheets' columns, all text (the triggers read and check them)
SELECT has_view('kpi_report', 'score_entry', 'view kpi_report.score_entry');
SELECT columns_are('kpi_report', 'score_entry', ARRAY['方案', '单位', '指标', '得分', '备注'], 'kpi_report.score_entry has a score sheet''s columns');
SELECT has_view('kpi_report', 'rating_entry', 'view kpi_report.rating_entry');
SELECT columns_are('kpi_report', 'rating_entry', ARRAY['方案', '单位', '评价项目', '评价人', '评分'], 'kpi_report.rating_entry has a rating sheet''s columns');
SELECT has_view('kpi_report', 'evidence_entry', 'view kpi_report.evidence_entry');
SELECT columns_are('kpi_report', 'evidence_entry', ARRAY['方案', '单位', '指标', '事实'], 'kpi_report.evidence_entry has a facts sheet''s columns');
SELECT is_empty($$SELECT format('%s.%s', a.attrelid::regclass, a.attname) FROM pg_attribute a
	WHERE a.attrelid = ANY (ARRAY['kpi_report.score_entry', 'kpi_report.rating_entry', 'kpi_report.evidence_entry']::regclass[])
	  AND a.attnum > 0 AND a.atttypid <> 'text'::regtype$$, 'every entry view column is text');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
	WHERE t.tgrelid = ANY (ARRAY['kpi_report.score_entry', 'kpi_report.rating_entry', 'kpi_report.evidence_entry']::regclass[])
	  AND p.prosecdef AND t.tgname <> 'entry_delete'$$, 'the entry views'' load triggers run as the invoker (their delete as kpi''s owner)');
-- the report views (kpi_report): Chinese column names for tools
SELECT has_schema('kpi_report');
SELECT has_view('kpi_report', 'ranking', 'view kpi_report.ranking');
SELECT columns_are('kpi_report', 'ranking', ARRAY['方案', '年度', '组别', '组别编码', '单位', '单位编码', '内容得分', '评价得分', '加分', '扣分', '总分', '名次', '档次', '否决', '降档', '数据完整', '备注', '等级'], 'kpi_report.ranking has its Chinese columns');
SELECT is_empty($$SELECT a.attrelid::regclass || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
	WHERE c.relnamespace = 'kpi_report'::regnamespace AND a.attnum > 0
	  AND a.atttypid IN ('boolean'::regtype, 'timestamptz'::regtype)$$,
	'no report view column is boolean (over ODBC 1 or 0 in a sheet) or timestamptz (text over LibreOffice''s driver)');
SELECT has_view('kpi_report', 'year_over_year', 'view kpi_report.year_over_year');
SELECT columns_are('kpi_report', 'year_over_year', ARRAY['方案', '年度', '组别', '组别编码', '单位', '单位编码', '行类型', '类别序号', '编码', '项目', '本年', '上年', '变化', '名次', '上年名次', '名次变化', '档次', '上年档次', '上年方案'], 'kpi_report.year_over_year has its Chinese columns');
SELECT has_view('kpi_report', 'score_sheet', 'view kpi_report.score_sheet');
SELECT columns_are('kpi_report', 'score_sheet', ARRAY['方案', '年度', '组别', '组别编码', '单位', '单位编码', '行号', '行类型', '类别序号', '序号', '编码', '项目', '分值', '得分', '扣减', '自评分', '考评分', '自评差额'], 'kpi_report.score_sheet has its Chinese columns');
SELECT has_view('kpi_report', 'category_matrix', 'view kpi_report.category_matrix');
SELECT columns_are('kpi_report', 'category_matrix', ARRAY['方案', '年度', '组别', '组别编码', '单位', '单位编码', '类别序号', '类别', '类别编码', '分值', '得分'], 'kpi_report.category_matrix has its Chinese columns');
SELECT has_view('kpi_report', 'reward', 'view kpi_report.reward');
SELECT columns_are('kpi_report', 'reward', ARRAY['方案', '年度', '组别', '组别编码', '单位', '单位编码', '姓名', '身份', '金额'], 'kpi_report.reward has its Chinese columns');
SELECT has_view('kpi_report', 'consequence', 'view kpi_report.consequence');
SELECT columns_are('kpi_report', 'consequence', ARRAY['方案', '年度', '组别', '组别编码', '单位', '单位编码', '姓名', '后果'], 'kpi_report.consequence has its Chinese columns');
SELECT has_enum('kpi', 'tier', 'enum kpi.tier');
SELECT enum_has_labels('kpi', 'tier', ARRAY['outstanding', 'good', 'poor'], 'kpi.tier labels, best first');
SELECT is_aggregate('kpi', 'kpi_weighted_total', ARRAY['integer', 'numeric', 'numeric', 'numeric', 'text'], 'kpi_weighted_total is an aggregate');
SELECT is_window('kpi', 'kpi_tier', ARRAY['bigint', 'boolean', 'integer'], 'kpi_tier is a window function');
SELECT has_function('kpi', 'kpi_veto', ARRAY['kpi.tier', 'boolean', 'integer'], 'kpi_veto exists');
SELECT is_window('kpi', 'kpi_tier', ARRAY['bigint', 'boolean', 'numeric', 'integer', 'integer', 'text', 'kpi.grade[]'], 'kpi_tier over grades is a window function');
SELECT function_lang_is('kpi', 'kpi_tier', ARRAY['bigint', 'boolean', 'numeric', 'integer', 'integer', 'text', 'kpi.grade[]'], 'c', 'kpi_tier over grades is C');
SELECT has_function('kpi', 'kpi_veto', ARRAY['integer', 'boolean', 'integer', 'integer', 'integer'], 'kpi_veto over levels exists');
SELECT has_function('kpi', 'copy_scheme', ARRAY['text', 'text', 'integer'], 'kpi.copy_scheme exists');
SELECT has_function('kpi', 'validate', ARRAY['text'], 'kpi.validate exists');
SELECT has_function('kpi', 'notice_html', ARRAY['text', 'text', 'text'], 'kpi.notice_html (the 通报) exists');
SELECT has_function('kpi', 'html_escape', ARRAY['text'], 'kpi.html_escape exists');
SELECT function_lang_is('kpi', 'kpi_weighted_total_trans', ARRAY['bigint[]', 'integer', 'numeric', 'numeric', 'numeric', 'text'], 'c', 'the transition function is C');
SELECT function_lang_is('kpi', 'kpi_tier', ARRAY['bigint', 'boolean', 'integer'], 'c', 'kpi_tier is C');
SELECT function_lang_is('kpi', 'kpi_veto', ARRAY['kpi.tier', 'boolean', 'integer'], 'c', 'kpi_veto is C');
SELECT function_lang_is('kpi', 'kpi_reward_split', ARRAY['numeric', 'numeric', 'text[]', 'text[]'], 'c', 'the reward split is C');
SELECT is((SELECT aggcombinefn::text FROM pg_aggregate WHERE aggfnoid = 'kpi.kpi_weighted_total(integer,numeric,numeric,numeric,text)'::regprocedure),
	'kpi.kpi_weighted_total_combine', 'kpi_weighted_total has a combine function');
SELECT is((SELECT aggtranstype::regtype::text FROM pg_aggregate WHERE aggfnoid = 'kpi.kpi_weighted_total(integer,numeric,numeric,numeric,text)'::regprocedure),
	'bigint[]', 'its state is a real SQL type, not internal');
SELECT is((SELECT proparallel FROM pg_proc WHERE oid = 'kpi.kpi_weighted_total(integer,numeric,numeric,numeric,text)'::regprocedure),
	's', 'kpi_weighted_total is parallel safe');
SELECT is((SELECT count(*) FROM kpi.veto_condition), 7::bigint, 'the seven veto conditions ship');
SELECT set_eq($$SELECT c.relname::text FROM pg_extension e, unnest(e.extconfig) x JOIN pg_class c ON c.oid = x WHERE e.extname = 'kpi' AND c.relkind = 'r'$$,
	ARRAY['scheme', 'unit_group', 'component', 'unit', 'criterion', 'participant', 'score', 'evidence', 'rating', 'bonus', 'deduction', 'veto_condition', 'veto', 'downgrade', 'member', 'ineligible',
		  'grade', 'consequence_rule', 'rating_scale', 'self_score', 'announcement', 'announced_result', 'appeal',
		  'upstream_map', 'upstream_pulled', 'bureau',
		  'account', 'audit', 'publication', 'published_result', 'published_reward', 'published_consequence'],
	'every user-data table is dumped by pg_dump');
SELECT set_eq($$SELECT c.relname::text FROM pg_extension e, unnest(e.extconfig) x JOIN pg_class c ON c.oid = x WHERE e.extname = 'kpi' AND c.relkind = 'S'$$,
	ARRAY['bonus_id_seq', 'deduction_id_seq', 'veto_id_seq', 'downgrade_id_seq', 'ineligible_id_seq', 'consequence_rule_id_seq', 'appeal_id_seq', 'account_id_seq', 'audit_id_seq'],
	'every sequence behind an id is dumped');
-- published copies have the shape of the live views
SELECT columns_are('kpi', 'published_result', ARRAY['scheme_id', 'group_code', 'unit_code', 'unit_name', 'content', 'ratings', 'bonus', 'deduction', 'total', 'rank', 'vetoed', 'downgraded', 'tier', 'tier_label', 'complete', 'level'], 'kpi.published_result has the columns of kpi.result');
SELECT columns_are('kpi', 'announced_result', ARRAY['scheme_id', 'group_code', 'unit_code', 'unit_name', 'content', 'ratings', 'bonus', 'deduction', 'total', 'rank', 'vetoed', 'downgraded', 'tier', 'tier_label', 'complete', 'level'], 'kpi.announced_result (公示) has the columns of kpi.result');
SELECT columns_are('kpi', 'published_reward', ARRAY['scheme_id', 'unit_code', 'person', 'role', 'amount'], 'kpi.published_reward has the columns of kpi.reward');
SELECT columns_are('kpi', 'published_consequence', ARRAY['scheme_id', 'unit_code', 'person', 'consequence'], 'kpi.published_consequence has the columns of kpi.consequence');
SELECT is_empty($$SELECT format('%s.%s', a.attrelid::regclass, a.attname) FROM pg_attribute a JOIN pg_attribute b ON b.attname = a.attname AND b.attnum = a.attnum
	WHERE (a.attrelid, b.attrelid) IN (('kpi.published_result'::regclass, 'kpi.live_result'::regclass), ('kpi.published_reward'::regclass, 'kpi.live_reward'::regclass), ('kpi.published_consequence'::regclass, 'kpi.live_consequence'::regclass))
	  AND a.atttypid <> b.atttypid$$, 'published copies have the column types of the live views');
-- safe scripts: how the extension installs, and what runs as its owner
SELECT is((SELECT format('superuser %s, trusted %s, relocatable %s, schema %s', superuser, trusted, relocatable, schema)
	FROM pg_available_extension_versions WHERE name = 'kpi' AND version = (SELECT default_version FROM pg_available_extensions WHERE name = 'kpi')),
	'superuser t, trusted f, relocatable f, schema kpi', 'kpi needs a superuser to install, is not trusted and not relocatable');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'kpi'
	WHERE p.prosecdef AND NOT coalesce(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp']$$,
	'every SECURITY DEFINER function pins search_path to pg_catalog, pg_temp');
SELECT is_empty($$SELECT c.relname::text FROM pg_class c WHERE c.relnamespace = 'kpi'::regnamespace AND c.relkind = 'r'
	AND NOT c.relrowsecurity AND c.relname <> ALL (ARRAY['account', 'audit', 'publication', 'criterion_node'])$$,
	'row-level security is on for every data table and published copy');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'kpi'::regnamespace
	AND p.proname = ANY (ARRAY['finalize', 'reopen', 'grant_access', 'revoke_access', 'sync_privileges', 'audit_reopen',
							   'announce', 'decide_appeal', 'pull_upstream', 'attach_bureau', 'bureau_result_available'])
	AND has_function_privilege('public', p.oid, 'EXECUTE')$$,
	'the office''s functions are not executable by PUBLIC');
SELECT ok(NOT has_function_privilege('public', 'kpi.notice_html(text,text,text)', 'EXECUTE'),
	'the 通报 is for accounts that read results (kpi.capability_privilege), not PUBLIC');
SELECT * FROM finish();
ROLLBACK;
