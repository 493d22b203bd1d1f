-- kpi 1.0.0 -> 1.1.0: methods as data (semantics 10-14).  Every scheme of
-- 1.0.0 has no grade rows and keeps computing as before.
\echo Use "ALTER EXTENSION kpi UPDATE TO '1.1.0'" to load this file. \quit

-- New columns of existing tables, at their ends, as a fresh install has them.
ALTER TABLE kpi.scheme
	ADD COLUMN veto_level int
		CONSTRAINT scheme_veto_level_valid CHECK (veto_level >= 1),
	ADD COLUMN bonus_cap numeric
		CONSTRAINT scheme_bonus_cap_valid
		CHECK (bonus_cap >= 0 AND bonus_cap = pg_catalog.round(bonus_cap, 2));
ALTER TABLE kpi.rating
	ALTER COLUMN score DROP NOT NULL,
	ADD COLUMN grade text
		CONSTRAINT rating_grade_length CHECK (char_length(grade) <= 20),
	ADD CONSTRAINT rating_score_or_grade CHECK ((score IS NULL) <> (grade IS NULL));
COMMENT ON TABLE kpi.rating IS 'One rater''s 0..100 score, or letter grade on a scale, of a unit on a rating component';
ALTER TABLE kpi.bonus
	ADD COLUMN achievement text
		CONSTRAINT bonus_achievement_length CHECK (char_length(achievement) <= 500);

-- Every published result of 1.0.0 is of the 2018 method's three levels.
-- The published copies are locked; the update alone fills the new column.
ALTER TABLE kpi.published_result ADD COLUMN level int;
ALTER TABLE kpi.published_result DISABLE TRIGGER a_lock_update;
UPDATE kpi.published_result
   SET level = pg_catalog.array_position('{outstanding,good,poor}'::kpi.tier[], tier);
ALTER TABLE kpi.published_result ENABLE TRIGGER a_lock_update;

--#include part 11_method_tables.sql

-- The new tables as the install's loops make every other: readable by the
-- accounts that read results, written by the office, audited, locked with
-- their finalized scheme.
DO $$
DECLARE
	t record;
BEGIN
	FOR t IN SELECT * FROM (VALUES
		('grade', '''scheme_id'', ''level'''),
		('consequence_rule', '''id'''),
		('rating_scale', '''scheme_id'', ''component_code'', ''grade''')) AS v (name, key_columns)
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE kpi.%I ENABLE ROW LEVEL SECURITY', t.name);
		EXECUTE pg_catalog.format('CREATE POLICY reading ON kpi.%I FOR SELECT USING (true)', t.name);
		EXECUTE pg_catalog.format(
			'CREATE POLICY office_writes ON kpi.%I FOR ALL '
			'USING ((SELECT kpi.is_office(current_user::text))) '
			'WITH CHECK ((SELECT kpi.is_office(current_user::text)))', t.name);
		PERFORM kpi.create_change_triggers(pg_catalog.format('kpi.%I', t.name)::regclass, 'a_lock',
										   'kpi.refuse_published_change()', '{insert,update,delete}');
		EXECUTE pg_catalog.format('CREATE TRIGGER a_lock_truncate BEFORE TRUNCATE ON kpi.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_published_truncate()', t.name);
		PERFORM kpi.create_change_triggers(pg_catalog.format('kpi.%I', t.name)::regclass, 'audit',
										   pg_catalog.format('kpi.audit_rows(%s)', t.key_columns),
										   '{insert,update,delete}');
		EXECUTE pg_catalog.format('CREATE TRIGGER audit_truncate BEFORE TRUNCATE ON kpi.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.audit_truncate()', t.name);
	END LOOP;
END
$$;

--#include function kpi.grades_of
--#include function kpi.kpi_tier
--#include function kpi.kpi_veto
--#include function kpi.level_label

--#include view kpi.fact_points
--#include view kpi.given_points
--#include view kpi.deduction_taken
--#include view kpi.bonus_counted
--#include view kpi.contribution
--#include view kpi.scheme_levels
--#include view kpi.live_result
--#include view kpi.level_reward
--#include view kpi.live_reward
--#include view kpi.scheme_consequence_rule
--#include view kpi.standing
--#include view kpi.live_consequence
--#include view kpi.result
--#include view kpi.reward
--#include view kpi.consequence

--#include function kpi.check_rating_value
--#include function kpi.rating_check_rows
--#include function kpi.rating_scale_check_rows
SELECT kpi.create_change_triggers('kpi.rating_scale', 'rating_scale_check', 'kpi.rating_scale_check_rows()', '{insert,update}', false);

--#include function kpi.check_method
--#include function kpi.validate
--#include function kpi.finalize
--#include function kpi.copy_scheme
--#include function kpi.write_2018_method

-- rating_entry takes a grade where the component has a scale
--#include function kpi.rating_entry_row
--#include function kpi.entry_write
--#include view kpi_report.rating_entry

-- The 通报 lists a scheme's grades in level order, with their labels; the
-- ranking shows the level, and the report views speak of any grades.
--#include function kpi.notice_html
--#include view kpi_report.ranking
--#include view kpi_report.reward
--#include view kpi_report.consequence

-- Accounts read the grades, scales and consequence rules, raters give grades.
--#include view kpi.capability_privilege
SELECT kpi.sync_privileges(a.role_name) FROM (SELECT DISTINCT role_name FROM kpi.account WHERE role_oid IS NOT NULL) a;

--#include part 95_function_privileges.sql
