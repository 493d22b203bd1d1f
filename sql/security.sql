-- Installing, updating and using kpi never calls a function or operator the
-- caller's search_path puts in front of pg_catalog: hostile look-alikes in
-- public raise an error if anything in kpi ever resolves to them.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS kpi CASCADE;
RESET client_min_messages;
\set SHOW_CONTEXT never

CREATE FUNCTION public.hostile_eq(text, text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: text = text'; END $$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.hostile_eq);
CREATE FUNCTION public.hostile_numeric_eq(numeric, numeric) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: numeric = numeric'; END $$;
CREATE OPERATOR public.= (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = public.hostile_numeric_eq);
CREATE FUNCTION public.round(numeric, integer) RETURNS numeric LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: round'; END $$;
CREATE FUNCTION public.format(text, numeric) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: format'; END $$;
CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: lower'; END $$;
CREATE FUNCTION public.format(text, text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: format'; END $$;
CREATE FUNCTION public.current_setting(text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: current_setting'; END $$;
CREATE FUNCTION public.pg_has_role(oid, oid, text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: pg_has_role'; END $$;
CREATE FUNCTION public.btrim(text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: btrim'; END $$;

-- the hostile objects are live for a caller that puts public first
SET search_path = public, pg_catalog;
SELECT 'a'::text = 'a'::text;

-- install with that search_path; the sample is the user's own SQL (its
-- "=" would take the caller's operator), so it loads under the default path
CREATE EXTENSION kpi;
RESET search_path;
\i sql/include/sample.sql
SELECT extversion FROM pg_extension WHERE extname OPERATOR(pg_catalog.=) 'kpi';

-- now everything kpi runs, with the hostile path in force; this file's own
-- comparisons name pg_catalog's operator, so any hijack would be kpi's
SET search_path = public, pg_catalog;
SELECT count(*) FROM kpi.result;
SELECT count(*) FROM kpi.reward;
SELECT count(*) FROM kpi.consequence;
SELECT count(*) FROM kpi.leaf_points;
SELECT count(*) FROM kpi.deduction_taken;
SELECT count(*) FROM kpi.validate('2018');
SELECT count(*) FROM kpi.check_rubric('2018');
SELECT kpi.tier_label('good');
UPDATE kpi.score SET points = points WHERE scheme_id OPERATOR(pg_catalog.=) '2018' AND unit_code OPERATOR(pg_catalog.=) 'tuke';
UPDATE kpi.evidence SET facts = facts WHERE scheme_id OPERATOR(pg_catalog.=) '2018';
UPDATE kpi.rating SET score = score WHERE scheme_id OPERATOR(pg_catalog.=) '2018' AND unit_code OPERATOR(pg_catalog.=) 'tuke';
UPDATE kpi.criterion SET max_points = max_points WHERE scheme_id OPERATOR(pg_catalog.=) '2018' AND criterion_code OPERATOR(pg_catalog.=) 'sfs.1.1.2';
UPDATE kpi.participant SET group_code = group_code WHERE scheme_id OPERATOR(pg_catalog.=) '2018' AND unit_code OPERATOR(pg_catalog.=) 'tuke';
UPDATE kpi.deduction SET note = note;
-- entry by COPY: the sample's sheets loaded again (nothing changes), a bad row refused
\copy kpi_report.score_entry FROM 'sample/csv/scores.csv' (FORMAT csv, HEADER match)
\copy kpi_report.rating_entry FROM 'sample/csv/ratings.csv' (FORMAT csv, HEADER match)
\copy kpi_report.evidence_entry FROM 'sample/csv/evidence.csv' (FORMAT csv, HEADER match)
SELECT count(*) FROM kpi_report.score_entry WHERE 单位 OPERATOR(pg_catalog.=) '办公室';
INSERT INTO kpi_report.score_entry VALUES ('2018', '办公室', 'r_bgs.1', '99', NULL);
BEGIN;
UPDATE kpi.component SET weight = weight WHERE scheme_id OPERATOR(pg_catalog.=) '2018';
COMMIT;
SELECT kpi.load_rubric('2018', 'extra', 'extra', E'综合工作（10分）\n1.甲（4分）\n2.乙（6分）');
SELECT unit_code, total, tier_label FROM kpi.result
 WHERE scheme_id OPERATOR(pg_catalog.=) '2018' AND group_code OPERATOR(pg_catalog.=) 'sifasuo' ORDER BY rank;
-- accounts, their row-level security, finalization, reopening, the audit
RESET search_path;
SET client_min_messages = warning;
DROP ROLE IF EXISTS regress_kpi_sec_unit;
RESET client_min_messages;
CREATE ROLE regress_kpi_sec_unit;
SET search_path = public, pg_catalog;
SELECT role_name, capability, unit_code FROM kpi.grant_access('regress_kpi_sec_unit', 'unit', 'tuke');
SET ROLE regress_kpi_sec_unit;
SELECT count(*) FROM kpi.result;
SELECT count(*) FROM kpi.score;
UPDATE kpi.evidence SET facts = facts;
RESET ROLE;
SELECT scheme_id, forced FROM kpi.finalize('2018', force => true);
SELECT count(*) FROM kpi.result WHERE scheme_id OPERATOR(pg_catalog.=) '2018';
SELECT kpi.reopen('2018', 'security test');
SELECT count(*) > 0 AS audited FROM kpi.audit WHERE table_name OPERATOR(pg_catalog.=) 'publication';
SELECT kpi.revoke_access('regress_kpi_sec_unit');
RESET search_path;
DROP ROLE regress_kpi_sec_unit;

DROP OPERATOR public.= (text, text);
DROP OPERATOR public.= (numeric, numeric);
DROP FUNCTION public.hostile_eq(text, text), public.hostile_numeric_eq(numeric, numeric),
	public.round(numeric, integer), public.format(text, numeric), public.lower(text),
	public.format(text, text), public.current_setting(text), public.pg_has_role(oid, oid, text),
	public.btrim(text);
