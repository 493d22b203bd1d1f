-- kpi 1.1.0 -> 1.2.0: the assessment season.  Self-assessment (自评分),
-- what-if, year over year, 公示 and appeals, why this result.
\echo Use "ALTER EXTENSION kpi UPDATE TO '1.2.0'" to load this file. \quit

--#include part 13_season_tables.sql

-- The new table as the install's loops make the unit's own rows: read by
-- the unit and those who read every unit, written by the unit (while its
-- scheme is open) and the office, checked, locked with its finalized
-- scheme, audited.
ALTER TABLE kpi.self_score ENABLE ROW LEVEL SECURITY;
CREATE POLICY reading ON kpi.self_score FOR SELECT USING (
	(SELECT kpi.reads_every_unit(current_user::text))
	OR unit_code OPERATOR(pg_catalog.=) ANY ((SELECT kpi.units_of(current_user::text))::text[]));
CREATE POLICY office_writes ON kpi.self_score FOR ALL
	USING ((SELECT kpi.is_office(current_user::text)))
	WITH CHECK ((SELECT kpi.is_office(current_user::text)));
CREATE POLICY writes_insert ON kpi.self_score FOR INSERT
	WITH CHECK (kpi.may_report((SELECT kpi.rights_of(current_user::text)), scheme_id, unit_code));
CREATE POLICY writes_update ON kpi.self_score FOR UPDATE
	USING (kpi.may_report((SELECT kpi.rights_of(current_user::text)), scheme_id, unit_code))
	WITH CHECK (kpi.may_report((SELECT kpi.rights_of(current_user::text)), scheme_id, unit_code));
CREATE POLICY writes_delete ON kpi.self_score FOR DELETE
	USING (kpi.may_report((SELECT kpi.rights_of(current_user::text)), scheme_id, unit_code));

--#include function kpi.check_leaf
--#include function kpi.check_scheme_placement
--#include function kpi.score_check_rows
SELECT kpi.create_change_triggers('kpi.self_score', 'self_score_check', 'kpi.score_check_rows(''self_score'')', '{insert,update}', false);
-- the lock and the audit, by the functions the install's own tables get
-- them from (each later version's new tables too)
--#include function kpi.lock_with_scheme
--#include function kpi.audit_changes
SELECT kpi.lock_with_scheme('kpi.self_score');
SELECT kpi.audit_changes('kpi.self_score', '{scheme_id,unit_code,criterion_code}');

-- The score sheet shows 自评分, 考评分 and their difference.
--#include view kpi_report.score_sheet

-- The ranking's 否决, 降档 and 数据完整 read 是 or 否 (text: over ODBC a
-- boolean came as 1 or 0, test/clients.sh); a column changes type only
-- with its view made again (kpi.sync_privileges below grants it again).
DROP VIEW kpi_report.ranking;
--#include view kpi_report.ranking

-- What-if: the result as if some changes were made, writing nothing.
--#include function kpi.what_if

-- Year over year: each unit's result and categories beside last year's.
--#include view kpi.category_points
--#include view kpi_report.year_over_year
-- the 通报's second annex shows it
--#include function kpi.notice_html

-- 公示 and appeals: the announcement, its snapshot and the appeals come
-- with part 13; their functions, access, lock and audit with part 82.  The
-- audit links a change to the open appeal it answers; an announced scheme
-- is open for entry to the office alone; reopening ends its 公示; an
-- undecided appeal is a problem that keeps a scheme from being finalized.
ALTER TABLE kpi.audit ADD COLUMN appeal_id bigint;
CREATE INDEX audit_appeal_idx ON kpi.audit (appeal_id) WHERE appeal_id IS NOT NULL;
--#include function kpi.lock_scheme_to_publish
--#include function kpi.finalize
--#include part 82_season.sql
--#include function kpi.audit_rows
-- the audit names a row's key per statement now, not by a function per row
DROP FUNCTION kpi.audit_key(jsonb, text[]);
--#include function kpi.rights_of
--#include function kpi.entry_scheme
--#include function kpi.reopen
--#include function kpi.validate
--#include view kpi_report.appeal
--#include view kpi_report.open_appeal

-- Why this result: a unit's result as rows read top down.
--#include function kpi.explain

-- Upstream deductions that flow down: what a unit lost per criterion, the
-- mapping of a city's criteria, and the pull through postgres_fdw.
--#include part 89_upstream.sql
-- A city's roll-up of its banners.
--#include part 90_bureaus.sql

-- A criterion's parent kept by triggers, not by a foreign key from
-- kpi.criterion to itself, of which pg_dump warned.
ALTER TABLE kpi.criterion DROP CONSTRAINT criterion_parent_in_same_scheme;
--#include part 56_criterion_parent.sql
--#include function kpi.criterion_check_tree

-- Units write their self-assessment; everyone who reads raw rows reads it;
-- whoever reads results may ask what-if and read the year over year.
--#include view kpi.capability_privilege
SELECT kpi.sync_privileges(a.role_name) FROM (SELECT DISTINCT role_name FROM kpi.account WHERE role_oid IS NOT NULL) a;

-- The scores' points summed as int64 hundredths for the total.
--#include function kpi.kpi_points_sum_trans
--#include function kpi.kpi_points_sum_combine
--#include function kpi.kpi_points_sum_final
--#include aggregate kpi.kpi_points_sum
--#include view kpi.contribution
--#include view kpi.unit_total
-- A deducted unit's points read by its key, not by a second scan of the scores.
--#include view kpi.deduction_taken

--#include part 95_function_privileges.sql
