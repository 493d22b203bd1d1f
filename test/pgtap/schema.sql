-- The schema contract of DESIGN.md, as pgTAP: every table, column, type,
-- default and view of the public interface, and the shape of the C functions.
\i test/pgtap/include/psql.sql
BEGIN;
SELECT plan(215);
SELECT has_schema('kpi');
SELECT has_table('kpi', 'scheme', 'table kpi.scheme');
SELECT has_pk('kpi', 'scheme', 'kpi.scheme has a primary key');
SELECT col_is_pk('kpi', 'scheme', ARRAY['scheme_id'], 'kpi.scheme key');
SELECT col_type_is('kpi', 'scheme', 'scheme_id', 'text', 'kpi.scheme.scheme_id is text');
SELECT col_type_is('kpi', 'scheme', 'year', 'integer', 'kpi.scheme.year is integer');
SELECT col_type_is('kpi', 'scheme', 'title', 'text', 'kpi.scheme.title is text');
SELECT col_type_is('kpi', 'scheme', 'top_n', 'integer', 'kpi.scheme.top_n is integer');
SELECT col_type_is('kpi', 'scheme', 'bonus_points', 'numeric', 'kpi.scheme.bonus_points is numeric');
SELECT col_type_is('kpi', 'scheme', 'reward_amount', 'numeric(12,2)', 'kpi.scheme.reward_amount is numeric(12,2)');
SELECT col_type_is('kpi', 'scheme', 'head_share', 'numeric', 'kpi.scheme.head_share is numeric');
SELECT col_type_is('kpi', 'scheme', 'status', 'text', 'kpi.scheme.status is text');
SELECT has_table('kpi', 'unit_group', 'table kpi.unit_group');
SELECT has_pk('kpi', 'unit_group', 'kpi.unit_group has a primary key');
SELECT col_is_pk('kpi', 'unit_group', ARRAY['scheme_id', 'group_code'], 'kpi.unit_group key');
SELECT col_type_is('kpi', 'unit_group', 'scheme_id', 'text', 'kpi.unit_group.scheme_id is text');
SELECT col_type_is('kpi', 'unit_group', 'group_code', 'text', 'kpi.unit_group.group_code is text');
SELECT col_type_is('kpi', 'unit_group', 'title', 'text', 'kpi.unit_group.title is text');
SELECT has_table('kpi', 'component', 'table kpi.component');
SELECT has_pk('kpi', 'component', 'kpi.component has a primary key');
SELECT col_is_pk('kpi', 'component', ARRAY['scheme_id', 'group_code', 'component_code'], 'kpi.component key');
SELECT col_type_is('kpi', 'component', 'scheme_id', 'text', 'kpi.component.scheme_id is text');
SELECT col_type_is('kpi', 'component', 'group_code', 'text', 'kpi.component.group_code is text');
SELECT col_type_is('kpi', 'component', 'component_code', 'text', 'kpi.component.component_code is text');
SELECT col_type_is('kpi', 'component', 'title', 'text', 'kpi.component.title is text');
SELECT col_type_is('kpi', 'component', 'weight', 'numeric', 'kpi.component.weight is numeric');
SELECT col_type_is('kpi', 'component', 'aggregation', 'text', 'kpi.component.aggregation is text');
SELECT has_table('kpi', 'unit', 'table kpi.unit');
SELECT has_pk('kpi', 'unit', 'kpi.unit has a primary key');
SELECT col_is_pk('kpi', 'unit', ARRAY['unit_code'], 'kpi.unit key');
SELECT col_type_is('kpi', 'unit', 'unit_code', 'text', 'kpi.unit.unit_code is text');
SELECT col_type_is('kpi', 'unit', 'name', 'text', 'kpi.unit.name is text');
SELECT col_type_is('kpi', 'unit', 'kind', 'text', 'kpi.unit.kind is text');
SELECT has_table('kpi', 'participant', 'table kpi.participant');
SELECT has_pk('kpi', 'participant', 'kpi.participant has a primary key');
SELECT col_is_pk('kpi', 'participant', ARRAY['scheme_id', 'unit_code'], 'kpi.participant key');
SELECT col_type_is('kpi', 'participant', 'scheme_id', 'text', 'kpi.participant.scheme_id is text');
SELECT col_type_is('kpi', 'participant', 'unit_code', 'text', 'kpi.participant.unit_code is text');
SELECT col_type_is('kpi', 'participant', 'group_code', 'text', 'kpi.participant.group_code is text');
SELECT col_type_is('kpi', 'participant', 'rubric_code', 'text', 'kpi.participant.rubric_code is text');
SELECT has_table('kpi', 'criterion', 'table kpi.criterion');
SELECT has_pk('kpi', 'criterion', 'kpi.criterion has a primary key');
SELECT col_is_pk('kpi', 'criterion', ARRAY['scheme_id', 'criterion_code'], 'kpi.criterion key');
SELECT col_type_is('kpi', 'criterion', 'scheme_id', 'text', 'kpi.criterion.scheme_id is text');
SELECT col_type_is('kpi', 'criterion', 'criterion_code', 'text', 'kpi.criterion.criterion_code is text');
SELECT col_type_is('kpi', 'criterion', 'parent_code', 'text', 'kpi.criterion.parent_code is text');
SELECT col_type_is('kpi', 'criterion', 'title', 'text', 'kpi.criterion.title is text');
SELECT col_type_is('kpi', 'criterion', 'max_points', 'numeric', 'kpi.criterion.max_points is numeric');
SELECT col_type_is('kpi', 'criterion', 'rule', 'jsonb', 'kpi.criterion.rule is jsonb');
SELECT col_type_is('kpi', 'criterion', 'position', 'integer', 'kpi.criterion.position is integer');
SELECT has_table('kpi', 'score', 'table kpi.score');
SELECT has_pk('kpi', 'score', 'kpi.score has a primary key');
SELECT col_is_pk('kpi', 'score', ARRAY['scheme_id', 'unit_code', 'criterion_code'], 'kpi.score key');
SELECT col_type_is('kpi', 'score', 'scheme_id', 'text', 'kpi.score.scheme_id is text');
SELECT col_type_is('kpi', 'score', 'unit_code', 'text', 'kpi.score.unit_code is text');
SELECT col_type_is('kpi', 'score', 'criterion_code', 'text', 'kpi.score.criterion_code is text');
SELECT col_type_is('kpi', 'score', 'points', 'numeric', 'kpi.score.points is numeric');
SELECT col_type_is('kpi', 'score', 'note', 'text', 'kpi.score.note is text');
SELECT has_table('kpi', 'evidence', 'table kpi.evidence');
SELECT has_pk('kpi', 'evidence', 'kpi.evidence has a primary key');
SELECT col_is_pk('kpi', 'evidence', ARRAY['scheme_id', 'unit_code', 'criterion_code'], 'kpi.evidence key');
SELECT col_type_is('kpi', 'evidence', 'scheme_id', 'text', 'kpi.evidence.scheme_id is text');
SELECT col_type_is('kpi', 'evidence', 'unit_code', 'text', 'kpi.evidence.unit_code is text');
SELECT col_type_is('kpi', 'evidence', 'criterion_code', 'text', 'kpi.evidence.criterion_code is text');
SELECT col_type_is('kpi', 'evidence', 'facts', 'jsonb', 'kpi.evidence.facts is jsonb');
SELECT has_table('kpi', 'rating', 'table kpi.rating');
SELECT has_pk('kpi', 'rating', 'kpi.rating has a primary key');
SELECT col_is_pk('kpi', 'rating', ARRAY['scheme_id', 'unit_code', 'component_code', 'rater'], 'kpi.rating key');
SELECT col_type_is('kpi', 'rating', 'scheme_id', 'text', 'kpi.rating.scheme_id is text');
SELECT col_type_is('kpi', 'rating', 'unit_code', 'text', 'kpi.rating.unit_code is text');
SELECT col_type_is('kpi', 'rating', 'component_code', 'text', 'kpi.rating.component_code is text');
SELECT col_type_is('kpi', 'rating', 'rater', 'text', 'kpi.rating.rater is text');
SELECT col_type_is('kpi', 'rating', 'score', 'numeric', 'kpi.rating.score is numeric');
SELECT has_table('kpi', 'bonus', 'table kpi.bonus');
SELECT has_pk('kpi', 'bonus', 'kpi.bonus has a primary key');
SELECT col_is_pk('kpi', 'bonus', ARRAY['id'], 'kpi.bonus key');
SELECT col_type_is('kpi', 'bonus', 'id', 'bigint', 'kpi.bonus.id is bigint');
SELECT col_type_is('kpi', 'bonus', 'scheme_id', 'text', 'kpi.bonus.scheme_id is text');
SELECT col_type_is('kpi', 'bonus', 'unit_code', 'text', 'kpi.bonus.unit_code is text');
SELECT col_type_is('kpi', 'bonus', 'title', 'text', 'kpi.bonus.title is text');
SELECT col_type_is('kpi', 'bonus', 'approved', 'boolean', 'kpi.bonus.approved is boolean');
SELECT col_type_is('kpi', 'bonus', 'points', 'numeric', 'kpi.bonus.points is numeric');
SELECT has_table('kpi', 'deduction', 'table kpi.deduction');
SELECT has_pk('kpi', 'deduction', 'kpi.deduction has a primary key');
SELECT col_is_pk('kpi', 'deduction', ARRAY['id'], 'kpi.deduction key');
SELECT col_type_is('kpi', 'deduction', 'id', 'bigint', 'kpi.deduction.id is bigint');
SELECT col_type_is('kpi', 'deduction', 'scheme_id', 'text', 'kpi.deduction.scheme_id is text');
SELECT col_type_is('kpi', 'deduction', 'unit_code', 'text', 'kpi.deduction.unit_code is text');
SELECT col_type_is('kpi', 'deduction', 'criterion_code', 'text', 'kpi.deduction.criterion_code is text');
SELECT col_type_is('kpi', 'deduction', 'source', 'text', 'kpi.deduction.source is text');
SELECT col_type_is('kpi', 'deduction', 'upstream_lost', 'numeric', 'kpi.deduction.upstream_lost is numeric');
SELECT col_type_is('kpi', 'deduction', 'upstream_max', 'numeric', 'kpi.deduction.upstream_max is numeric');
SELECT col_type_is('kpi', 'deduction', 'note', 'text', 'kpi.deduction.note is text');
SELECT has_table('kpi', 'veto_condition', 'table kpi.veto_condition');
SELECT has_pk('kpi', 'veto_condition', 'kpi.veto_condition has a primary key');
SELECT col_is_pk('kpi', 'veto_condition', ARRAY['condition_code'], 'kpi.veto_condition key');
SELECT col_type_is('kpi', 'veto_condition', 'condition_code', 'integer', 'kpi.veto_condition.condition_code is integer');
SELECT col_type_is('kpi', 'veto_condition', 'title', 'text', 'kpi.veto_condition.title is text');
SELECT has_table('kpi', 'veto', 'table kpi.veto');
SELECT has_pk('kpi', 'veto', 'kpi.veto has a primary key');
SELECT col_is_pk('kpi', 'veto', ARRAY['id'], 'kpi.veto key');
SELECT col_type_is('kpi', 'veto', 'id', 'bigint', 'kpi.veto.id is bigint');
SELECT col_type_is('kpi', 'veto', 'scheme_id', 'text', 'kpi.veto.scheme_id is text');
SELECT col_type_is('kpi', 'veto', 'unit_code', 'text', 'kpi.veto.unit_code is text');
SELECT col_type_is('kpi', 'veto', 'condition_code', 'integer', 'kpi.veto.condition_code is integer');
SELECT col_type_is('kpi', 'veto', 'note', 'text', 'kpi.veto.note is text');
SELECT col_type_is('kpi', 'veto', 'confirmed', 'boolean', 'kpi.veto.confirmed is boolean');
SELECT has_table('kpi', 'downgrade', 'table kpi.downgrade');
SELECT has_pk('kpi', 'downgrade', 'kpi.downgrade has a primary key');
SELECT col_is_pk('kpi', 'downgrade', ARRAY['id'], 'kpi.downgrade key');
SELECT col_type_is('kpi', 'downgrade', 'id', 'bigint', 'kpi.downgrade.id is bigint');
SELECT col_type_is('kpi', 'downgrade', 'scheme_id', 'text', 'kpi.downgrade.scheme_id is text');
SELECT col_type_is('kpi', 'downgrade', 'unit_code', 'text', 'kpi.downgrade.unit_code is text');
SELECT col_type_is('kpi', 'downgrade', 'reason', 'text', 'kpi.downgrade.reason is text');
SELECT col_type_is('kpi', 'downgrade', 'steps', 'integer', 'kpi.downgrade.steps is integer');
SELECT has_table('kpi', 'member', 'table kpi.member');
SELECT has_pk('kpi', 'member', 'kpi.member has a primary key');
SELECT col_is_pk('kpi', 'member', ARRAY['scheme_id', 'unit_code', 'person'], 'kpi.member key');
SELECT col_type_is('kpi', 'member', 'scheme_id', 'text', 'kpi.member.scheme_id is text');
SELECT col_type_is('kpi', 'member', 'unit_code', 'text', 'kpi.member.unit_code is text');
SELECT col_type_is('kpi', 'member', 'person', 'text', 'kpi.member.person is text');
SELECT col_type_is('kpi', 'member', 'role', 'text', 'kpi.member.role is text');
SELECT has_table('kpi', 'ineligible', 'table kpi.ineligible');
SELECT has_pk('kpi', 'ineligible', 'kpi.ineligible has a primary key');
SELECT col_is_pk('kpi', 'ineligible', ARRAY['id'], 'kpi.ineligible key');
SELECT col_type_is('kpi', 'ineligible', 'id', 'bigint', 'kpi.ineligible.id is bigint');
SELECT col_type_is('kpi', 'ineligible', 'scheme_id', 'text', 'kpi.ineligible.scheme_id is text');
SELECT col_type_is('kpi', 'ineligible', 'unit_code', 'text', 'kpi.ineligible.unit_code is text');
SELECT col_type_is('kpi', 'ineligible', 'person', 'text', 'kpi.ineligible.person is text');
SELECT col_type_is('kpi', 'ineligible', 'reason', 'text', 'kpi.ineligible.reason is text');
SELECT col_default_is('kpi', 'scheme', 'top_n', '2', 'kpi.scheme.top_n defaults to 2');
SELECT col_default_is('kpi', 'scheme', 'bonus_points', '5', 'kpi.scheme.bonus_points defaults to 5');
SELECT col_default_is('kpi', 'scheme', 'reward_amount', '1000', 'kpi.scheme.reward_amount defaults to 1000');
SELECT col_default_is('kpi', 'scheme', 'head_share', '0.40', 'kpi.scheme.head_share defaults to 0.40');
SELECT col_default_is('kpi', 'scheme', 'status', 'open', 'kpi.scheme.status defaults to open');
SELECT col_default_is('kpi', 'component', 'aggregation', 'mean', 'kpi.component.aggregation defaults to mean');
SELECT col_default_is('kpi', 'bonus', 'approved', 'false', 'kpi.bonus.approved defaults to false');
SELECT col_default_is('kpi', 'veto', 'confirmed', 'true', 'kpi.veto.confirmed defaults to true');
SELECT col_default_is('kpi', 'downgrade', 'steps', '1', 'kpi.downgrade.steps defaults to 1');
SELECT has_view('kpi', 'result', 'view kpi.result');
SELECT columns_are('kpi', 'result', ARRAY['scheme_id', 'group_code', 'unit_code', 'unit_name', 'content', 'ratings', 'bonus', 'deduction', 'total', 'rank', 'vetoed', 'downgraded', 'tier', 'tier_label', 'complete'], 'kpi.result has the contract''s columns');
SELECT col_type_is('kpi', 'result', 'scheme_id', 'text', 'kpi.result.scheme_id is text');
SELECT col_type_is('kpi', 'result', 'group_code', 'text', 'kpi.result.group_code is text');
SELECT col_type_is('kpi', 'result', 'unit_code', 'text', 'kpi.result.unit_code is text');
SELECT col_type_is('kpi', 'result', 'unit_name', 'text', 'kpi.result.unit_name is text');
SELECT col_type_is('kpi', 'result', 'content', 'numeric', 'kpi.result.content is numeric');
SELECT col_type_is('kpi', 'result', 'ratings', 'numeric', 'kpi.result.ratings is numeric');
SELECT col_type_is('kpi', 'result', 'bonus', 'numeric', 'kpi.result.bonus is numeric');
SELECT col_type_is('kpi', 'result', 'deduction', 'numeric', 'kpi.result.deduction is numeric');
SELECT col_type_is('kpi', 'result', 'total', 'numeric', 'kpi.result.total is numeric');
SELECT col_type_is('kpi', 'result', 'rank', 'integer', 'kpi.result.rank is integer');
SELECT col_type_is('kpi', 'result', 'vetoed', 'boolean', 'kpi.result.vetoed is boolean');
SELECT col_type_is('kpi', 'result', 'downgraded', 'boolean', 'kpi.result.downgraded is boolean');
SELECT col_type_is('kpi', 'result', 'tier', 'kpi.tier', 'kpi.result.tier is kpi.tier');
SELECT col_type_is('kpi', 'result', 'tier_label', 'text', 'kpi.result.tier_label is text');
SELECT col_type_is('kpi', 'result', 'complete', 'boolean', 'kpi.result.complete is boolean');
SELECT has_view('kpi', 'reward', 'view kpi.reward');
SELECT columns_are('kpi', 'reward', ARRAY['scheme_id', 'unit_code', 'person', 'role', 'amount'], 'kpi.reward has the contract''s columns');
SELECT col_type_is('kpi', 'reward', 'scheme_id', 'text', 'kpi.reward.scheme_id is text');
SELECT col_type_is('kpi', 'reward', 'unit_code', 'text', 'kpi.reward.unit_code is text');
SELECT col_type_is('kpi', 'reward', 'person', 'text', 'kpi.reward.person is text');
SELECT col_type_is('kpi', 'reward', 'role', 'text', 'kpi.reward.role is text');
SELECT col_type_is('kpi', 'reward', 'amount', 'numeric', 'kpi.reward.amount is numeric');
SELECT has_view('kpi', 'consequence', 'view kpi.consequence');
SELECT columns_are('kpi', 'consequence', ARRAY['scheme_id', 'unit_code', 'person', 'consequence'], 'kpi.consequence has the contract''s columns');
SELECT col_type_is('kpi', 'consequence', 'scheme_id', 'text', 'kpi.consequence.scheme_id is text');
SELECT col_type_is('kpi', 'consequence', 'unit_code', 'text', 'kpi.consequence.unit_code is text');
SELECT col_type_is('kpi', 'consequence', 'person', 'text', 'kpi.consequence.person is text');
SELECT col_type_is('kpi', 'consequence', 'consequence', 'text', 'kpi.consequence.consequence is text');
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
-- the report views (kpi_report, issue 7): Chinese column names for tools
SELECT has_schema('kpi_report');
SELECT has_view('kpi_report', 'ranking', 'view kpi_report.ranking');
SELECT columns_are('kpi_report', 'ranking', ARRAY['方案', '年度', '组别', '组别编码', '单位', '单位编码', '内容得分', '评价得分', '加分', '扣分', '总分', '名次', '档次', '否决', '降档', '数据完整', '备注'], 'kpi_report.ranking has its Chinese columns');
SELECT has_view('kpi_report', 'score_sheet', 'view kpi_report.score_sheet');
SELECT columns_are('kpi_report', 'score_sheet', ARRAY['方案', '年度', '组别', '组别编码', '单位', '单位编码', '行号', '行类型', '类别序号', '序号', '编码', '项目', '分值', '得分', '扣减'], 'kpi_report.score_sheet has its Chinese columns');
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
		  'account', 'audit', 'publication', 'published_result', 'published_reward', 'published_consequence'],
	'every user-data table is dumped by pg_dump');
SELECT set_eq($$SELECT c.relname::text FROM pg_extension e, unnest(e.extconfig) x JOIN pg_class c ON c.oid = x WHERE e.extname = 'kpi' AND c.relkind = 'S'$$,
	ARRAY['bonus_id_seq', 'deduction_id_seq', 'veto_id_seq', 'downgrade_id_seq', 'ineligible_id_seq', 'account_id_seq', 'audit_id_seq'],
	'every sequence behind an id is dumped');
-- published copies have the shape of the live views
SELECT columns_are('kpi', 'published_result', ARRAY['scheme_id', 'group_code', 'unit_code', 'unit_name', 'content', 'ratings', 'bonus', 'deduction', 'total', 'rank', 'vetoed', 'downgraded', 'tier', 'tier_label', 'complete'], 'kpi.published_result has the columns of kpi.result');
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
	AND p.proname = ANY (ARRAY['finalize', 'reopen', 'grant_access', 'revoke_access', 'sync_privileges', 'audit_reopen'])
	AND has_function_privilege('public', p.oid, 'EXECUTE')$$,
	'the office''s functions are not executable by PUBLIC');
SELECT ok(NOT has_function_privilege('public', 'kpi.notice_html(text,text,text)', 'EXECUTE'),
	'the 通报 is for accounts that read results (kpi.capability_privilege), not PUBLIC');
SELECT * FROM finish();
ROLLBACK;
