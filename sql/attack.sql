-- Attacks on kpi's access model, each logged in (\c) as the account that
-- tries it: a unit account, a member of a unit's group role, an assessor of
-- every criterion, an assessor of one criterion subtree of one scheme, a
-- rater, a reader and the office, made exactly as the README makes them,
-- on the 2018 sample.  Every attack must be refused (its SQLSTATE shown)
-- or come to nothing; public.attack_log records every time an attacker's
-- own object ran, and must end empty.  README "Security model" says what
-- each account may do; docs in the note of each section.
\i sql/include/fresh.sql
\set ECHO none
\set QUIET 1
\i sample/2018.sql
\unset ON_ERROR_STOP
\set ECHO all
\set VERBOSITY terse
-- the accounts log in with the password of the cluster's superuser (the
-- test's connection has no other); none when the server trusts
\getenv password PGPASSWORD
\if :{?password}
\else
\set password ''
\endif
\set db :DBNAME
\set superuser :USER
SET client_min_messages = warning;
DROP TABLE IF EXISTS public.attack_log;
DO $$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['regress_kpi_atk_office', 'regress_kpi_atk_unit', 'regress_kpi_atk_member',
							 'regress_kpi_atk_group', 'regress_kpi_atk_assessor', 'regress_kpi_atk_scoped',
							 'regress_kpi_atk_rater', 'regress_kpi_atk_reader', 'regress_kpi_atk_town',
							 'regress_kpi_atk_gone', 'regress_kpi_atk_again'] LOOP
		IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
			EXECUTE pg_catalog.format('DROP OWNED BY %I', r);
			EXECUTE pg_catalog.format('DROP ROLE %I', r);
		END IF;
	END LOOP;
END
$$;

-- What an attacker's own objects leave behind when they run: who ran them
-- (as whom) and where.  Anyone may write it, as anyone may write a table a
-- careless administrator left open.
CREATE TABLE public.attack_log (account text, ran_as text, what text);
GRANT INSERT, SELECT, DELETE ON public.attack_log TO PUBLIC;
RESET client_min_messages;

-- the accounts (README "Accounts and what they may do"); a group role
-- holds 嘎鲁图镇司法所's account and a person logs in as its member
SET client_min_messages = warning;
CREATE ROLE regress_kpi_atk_office LOGIN PASSWORD :'password';
CREATE ROLE regress_kpi_atk_unit LOGIN PASSWORD :'password';
CREATE ROLE regress_kpi_atk_group NOLOGIN;
CREATE ROLE regress_kpi_atk_member LOGIN PASSWORD :'password' IN ROLE regress_kpi_atk_group;
CREATE ROLE regress_kpi_atk_assessor LOGIN PASSWORD :'password';
CREATE ROLE regress_kpi_atk_scoped LOGIN PASSWORD :'password';
CREATE ROLE regress_kpi_atk_rater LOGIN PASSWORD :'password';
CREATE ROLE regress_kpi_atk_reader LOGIN PASSWORD :'password';
RESET client_min_messages;
SELECT (kpi.grant_access('regress_kpi_atk_office', 'office')).capability;
\c :db regress_kpi_atk_office
SELECT capability, unit_code, scheme_id, criterion_code, rater FROM (
	SELECT (kpi.grant_access('regress_kpi_atk_unit', 'unit', unit_code => 'tuke')).*
	UNION ALL SELECT (kpi.grant_access('regress_kpi_atk_group', 'unit', unit_code => 'galutu')).*
	UNION ALL SELECT (kpi.grant_access('regress_kpi_atk_assessor', 'assessor')).*
	UNION ALL SELECT (kpi.grant_access('regress_kpi_atk_scoped', 'assessor', criterion_code => 'sfs.3', scheme_id => '2018')).*
	UNION ALL SELECT (kpi.grant_access('regress_kpi_atk_rater', 'rater', rater => '局领导-李伟')).*
	UNION ALL SELECT (kpi.grant_access('regress_kpi_atk_reader', 'reader')).*) a
 ORDER BY capability, unit_code;
-- an assessor's subtree is a criterion of one scheme: a code repeats from
-- one year's rubric to the next (here scheme 2019 has an sfs.3 too)
SELECT kpi.grant_access('regress_kpi_atk_scoped', 'assessor', criterion_code => 'sfs.3');
INSERT INTO kpi.scheme (scheme_id, year, title) VALUES ('2019', 2019, '2019年度');
INSERT INTO kpi.unit_group VALUES ('2019', 'sifasuo', '基层司法所');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('2019', 'sifasuo', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('2019', 'sfs', NULL, 10), ('2019', 'sfs.3', 'sfs', 10), ('2019', 'sfs.3.1', 'sfs.3', 10);
INSERT INTO kpi.participant VALUES ('2019', 'tuke', 'sifasuo', 'sfs');
-- 2017 published, past the problems kpi.validate found then (a 苏木镇
-- rating of 乌审召镇司法所 missing)
DELETE FROM kpi.rating WHERE scheme_id = '2017' AND unit_code = 'wushenzhao' AND component_code = 'sumu';
SELECT scheme_id, forced, jsonb_array_length(problems) > 0 AS problems_kept FROM kpi.finalize('2017', force => true);
-- a careless administrator: every account may create in schema public
\c :db :superuser
GRANT CREATE ON SCHEMA public TO PUBLIC;

-- The hostile objects an account makes in its own session (pg_temp): a
-- view for the name of every relation and type kpi has (and of the
-- transition tables its triggers name), which logs and, when it runs with
-- someone else's privileges, makes the session's login a superuser;
-- INSTEAD OF triggers do the same on writes.  And pg_temp.kpi_entry, a
-- table shaped as a load's stage (0.4.0 staged loads in such a table),
-- with statement triggers that do the same.  Nothing of kpi may ever read
-- or write any of them.
SELECT $hostile$
CREATE FUNCTION pg_temp.hit(what text) RETURNS int LANGUAGE plpgsql AS $f$
BEGIN
	INSERT INTO public.attack_log VALUES (session_user, current_user, what);
	IF current_user <> session_user THEN
		EXECUTE pg_catalog.format('ALTER ROLE %I SUPERUSER', session_user);
	END IF;
	RETURN 1;
END $f$;
CREATE FUNCTION pg_temp.hit_write() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	PERFORM pg_temp.hit(TG_OP || ' ' || TG_TABLE_NAME);
	RETURN NULL;
END $f$;
CREATE TEMP TABLE kpi_entry (n bigint, at text, scheme_id text, unit_code text, code text,
	rater text DEFAULT '', points numeric, facts jsonb, note text,
	CONSTRAINT kpi_entry_pkey PRIMARY KEY (scheme_id, unit_code, code, rater));
CREATE TRIGGER hit BEFORE INSERT OR UPDATE OR DELETE ON pg_temp.kpi_entry
	FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.hit_write();
DO $d$
DECLARE
	n text;
BEGIN
	FOR n IN
		SELECT DISTINCT c.relname FROM pg_class c
		 WHERE c.relnamespace IN ('kpi'::regnamespace, 'kpi_report'::regnamespace)
		UNION SELECT t.typname FROM pg_type t WHERE t.typnamespace = 'kpi'::regnamespace AND t.typname !~ '^_'
		UNION SELECT unnest(ARRAY['new_rows', 'old_rows'])
	LOOP
		EXECUTE pg_catalog.format('CREATE TEMP VIEW %I AS SELECT pg_temp.hit(%L) AS hit', n, 'read ' || n);
		EXECUTE pg_catalog.format('CREATE TRIGGER hit INSTEAD OF INSERT OR UPDATE OR DELETE ON pg_temp.%I '
					   'FOR EACH ROW EXECUTE FUNCTION pg_temp.hit_write()', n);
	END LOOP;
END $d$;
$hostile$ AS hostile \gset
-- A write that undoes itself: what happened (done and the rows, or the
-- SQLSTATE of the refusal), nothing kept.
SELECT $try$
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
	n bigint;
BEGIN
	BEGIN
		EXECUTE q;
		GET DIAGNOSTICS n = ROW_COUNT;
		RAISE EXCEPTION USING ERRCODE = 'KP000', MESSAGE = n::text;
	EXCEPTION
		WHEN SQLSTATE 'KP000' THEN RETURN 'done ' || SQLERRM;
		WHEN OTHERS THEN RETURN SQLSTATE;
	END;
END $f$;
$try$ AS try \gset
-- Every relation of kpi and kpi_report this account may read, read (its
-- rows counted, or the SQLSTATE of the refusal); every function it may call
-- that runs as kpi's owner.
SELECT $reads$
CREATE FUNCTION pg_temp.rows_of(rel regclass) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
	n bigint;
BEGIN
	EXECUTE pg_catalog.format('SELECT count(*) FROM %s', rel) INTO n;
	RETURN n::text || ' rows';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $f$;
SELECT c.oid::regclass AS relation,
	   CASE WHEN has_table_privilege(c.oid, 'SELECT') THEN pg_temp.rows_of(c.oid)
			ELSE 'some columns' END AS reads
  FROM pg_class c
 WHERE c.relnamespace IN ('kpi'::regnamespace, 'kpi_report'::regnamespace) AND c.relkind IN ('r', 'v')
   AND has_any_column_privilege(c.oid, 'SELECT')
 ORDER BY c.oid::regclass::text COLLATE "C";
SELECT p.oid::regprocedure AS callable_definer_function
  FROM pg_proc p
 WHERE p.pronamespace = 'kpi'::regnamespace AND p.prosecdef AND has_function_privilege(p.oid, 'EXECUTE')
 ORDER BY p.oid::regprocedure::text COLLATE "C";
$reads$ AS reads \gset

-- ===========================================================================
-- 1. The unit account (tuke_sfs, 图克镇司法所)
-- ===========================================================================
\c :db regress_kpi_atk_unit
:hostile
:try
-- what it reads: the rubrics, its own unit's rows and results; no rating
:reads
SELECT DISTINCT unit_code FROM kpi.result;
SELECT DISTINCT "单位编码" FROM kpi_report.score_sheet;
-- finding 2: the accounts and rater names of others
SELECT count(*) AS accounts_seen FROM pg_roles r, kpi.accounts_of(r.rolname);
SELECT role_name, capability, unit_code FROM kpi.accounts_of('regress_kpi_atk_unit');
SELECT kpi.raters_of('regress_kpi_atk_rater'), kpi.units_of('regress_kpi_atk_member'), kpi.capabilities('regress_kpi_atk_office');
-- finding 4: the problems kpi.validate found at a publication name other
-- units; a unit reads when a scheme was published, not them
SELECT * FROM kpi.publication;
SELECT scheme_id, published_by FROM kpi.publication;
-- finding 5: whether another unit takes part, from the entry checks' words
SELECT kpi.check_leaf('score', '2018', 'galutu', 'sfs.1.1.1', NULL, 'probe');
SELECT kpi.check_leaf('score', '2018', 'nosuchunit', 'sfs.1.1.1', NULL, 'probe');
SELECT (kpi.check_leaf('score', '2018', 'tuke', 'sfs.1.1.1', NULL, 'probe')).max_points AS own_leaf;
-- leaky functions: a function of its own in WHERE sees only the rows the
-- unit may see, in every relation that has units' rows
CREATE FUNCTION pg_temp.leak(rel text, unit text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
	INSERT INTO public.attack_log VALUES (session_user, current_user, 'leak ' || rel || ' ' || unit);
	RETURN true;
END $$;
DO $$
DECLARE
	t record;
BEGIN
	FOR t IN
		SELECT c.oid::regclass AS rel, a.attname
		  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
		 WHERE c.relnamespace IN ('kpi'::regnamespace, 'kpi_report'::regnamespace)
		   AND a.attname IN ('unit_code', '单位编码', '单位') AND has_table_privilege(c.oid, 'SELECT')
		   AND c.relname NOT IN ('unit')
	LOOP
		EXECUTE pg_catalog.format('SELECT count(*) FROM %s x WHERE pg_temp.leak(%L, x.%I::text)', t.rel, t.rel::text, t.attname);
	END LOOP;
END $$;
SELECT what AS leaked FROM public.attack_log
 WHERE what LIKE 'leak %' AND what NOT LIKE '% tuke' AND what NOT LIKE '% 图克镇司法所';
DELETE FROM public.attack_log WHERE what LIKE 'leak %';
-- writes outside its rights: another unit's facts, a published scheme,
-- scores, vetoes, its own evidence moved to another unit, the key columns
INSERT INTO kpi.evidence VALUES ('2018', 'galutu', 'sfs.3.1', '{}');
INSERT INTO kpi.evidence VALUES ('2017', 'tuke', 'sfs17.1.1', '{}');
INSERT INTO kpi_report.evidence_entry VALUES ('2018', 'galutu', 'sfs.1.1.2', '{"count": 30}');
INSERT INTO kpi.score VALUES ('2018', 'tuke', 'sfs.1.1.1', 4);
INSERT INTO kpi_report.score_entry VALUES ('2018', 'tuke', 'sfs.1.1.1', '4', NULL);
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code) VALUES ('2018', 'galutu', 1);
SELECT pg_temp.try($$UPDATE kpi.evidence SET unit_code = 'galutu' WHERE unit_code = 'tuke'$$) AS move_own_evidence;
SELECT pg_temp.try($$UPDATE kpi.evidence SET facts = facts WHERE unit_code = 'tuke'$$) AS update_own_facts;
SELECT pg_temp.try($$UPDATE kpi.evidence SET facts = facts$$) AS update_all_facts;
SELECT pg_temp.try($$DELETE FROM kpi.evidence WHERE unit_code = 'tuke'$$) AS delete_own_evidence;
SELECT pg_temp.try($$DELETE FROM kpi_report.evidence_entry WHERE "单位" = '图克镇司法所'$$) AS delete_own_through_view;
SELECT pg_temp.try($$DELETE FROM kpi_report.evidence_entry$$) AS delete_all_through_view;
SELECT pg_temp.try($$TRUNCATE kpi.evidence$$) AS truncate_evidence;
-- finding 6: no lock on a table that holds up readers or writers
SELECT pg_temp.try($$LOCK TABLE kpi.evidence IN ACCESS EXCLUSIVE MODE$$) AS lock_evidence;
SELECT pg_temp.try($$LOCK TABLE kpi_report.evidence_entry IN ACCESS EXCLUSIVE MODE$$) AS lock_entry_view;
SELECT pg_temp.try($$LOCK TABLE kpi.evidence IN SHARE MODE$$) AS share_lock_evidence;
SELECT pg_temp.try($$LOCK TABLE kpi.scheme IN EXCLUSIVE MODE$$) AS lock_scheme;
SELECT pg_temp.try($$SELECT 1 FROM kpi.scheme FOR SHARE$$) AS share_scheme_rows;
SHOW lock_timeout;
SHOW idle_in_transaction_session_timeout;
-- finding 1: the entry views and every function it may call that runs as
-- kpi's owner, with the hostile objects in place
COPY kpi_report.evidence_entry ("方案", "单位", "指标", "事实") FROM STDIN (FORMAT csv);
2018,tuke,sfs.1.1.2,"{""count"": 12}"
\.
INSERT INTO kpi_report.evidence_entry VALUES ('2018', '图克镇司法所', 'sfs.1.1.2', '{"count": 13}');
UPDATE kpi.evidence SET facts = '{"count": 14}' WHERE scheme_id = '2018' AND unit_code = 'tuke' AND criterion_code = 'sfs.1.1.2';
DELETE FROM kpi_report.evidence_entry WHERE "方案" = '2018' AND "单位" = '图克镇司法所' AND "指标" = 'sfs.1.1.2';
SELECT count(*) FROM kpi_report.ranking;
SELECT length(kpi.notice_html('2018')) > 0 AS notice;
SELECT rolsuper FROM pg_roles WHERE rolname = session_user;

-- ===========================================================================
-- 2. A member of a unit's group role (嘎鲁图镇司法所): its unit's rows
-- ===========================================================================
\c :db regress_kpi_atk_member
:hostile
:try
SELECT DISTINCT unit_code FROM kpi.result;
SELECT role_name, capability, unit_code FROM kpi.accounts_of('regress_kpi_atk_member');
SELECT count(*) AS accounts_seen FROM pg_roles r, kpi.accounts_of(r.rolname);
SELECT pg_temp.try($$INSERT INTO kpi_report.evidence_entry VALUES ('2018', 'galutu', 'sfs.1.1.2', '{"count": 30}')$$) AS own_unit_facts;
SELECT pg_temp.try($$INSERT INTO kpi_report.evidence_entry VALUES ('2018', 'tuke', 'sfs.1.1.2', '{"count": 30}')$$) AS other_unit_facts;
SELECT pg_temp.try($$LOCK TABLE kpi.evidence IN ACCESS EXCLUSIVE MODE$$) AS lock_evidence;
SELECT rolsuper FROM pg_roles WHERE rolname = session_user;

-- ===========================================================================
-- 3. The assessor of every criterion (duchaji)
-- ===========================================================================
\c :db regress_kpi_atk_assessor
:hostile
:try
:reads
SELECT count(DISTINCT unit_code) AS units FROM kpi.result;
SELECT count(*) AS accounts_seen FROM pg_roles r, kpi.accounts_of(r.rolname);
-- finding 3: individual ratings, named or not
SELECT count(*) FROM kpi.rating;
SELECT count(*) FROM kpi.contribution;
SELECT count(*) FROM kpi_report.rating_entry;
SELECT pg_temp.try($$UPDATE kpi.score SET points = points WHERE scheme_id = '2018'$$) AS update_scores;
SELECT pg_temp.try($$UPDATE kpi.score SET unit_code = unit_code$$) AS update_score_keys;
SELECT pg_temp.try($$UPDATE kpi.score SET points = points WHERE scheme_id = '2017'$$) AS update_scores_other_year;
SELECT pg_temp.try($$DELETE FROM kpi.score$$) AS delete_scores;
SELECT pg_temp.try($$DELETE FROM kpi_report.score_entry WHERE "方案" = '2018' AND "单位" = '办公室'$$) AS delete_through_view;
SELECT pg_temp.try($$TRUNCATE kpi.score$$) AS truncate_scores;
SELECT pg_temp.try($$LOCK TABLE kpi.score IN ACCESS EXCLUSIVE MODE$$) AS lock_scores;
SELECT pg_temp.try($$LOCK TABLE kpi_report.score_entry IN ACCESS EXCLUSIVE MODE$$) AS lock_entry_view;
SELECT pg_temp.try($$INSERT INTO kpi.bonus (scheme_id, unit_code, title, approved) VALUES ('2018', 'tuke', '创新', true)$$) AS bonus;
SELECT pg_temp.try($$UPDATE kpi.scheme SET status = 'open' WHERE scheme_id = '2018'$$) AS scheme;
-- finding 8: a note a spreadsheet would run, a note of 2001 characters
INSERT INTO kpi_report.score_entry VALUES ('2018', '办公室', 'r_bgs.1', '24', '=cmd|'' /C calc''!A0');
INSERT INTO kpi.score VALUES ('2018', 'bgs', 'r_bgs.1', 24, '+1') ON CONFLICT (scheme_id, unit_code, criterion_code) DO UPDATE SET note = excluded.note;
INSERT INTO kpi.score VALUES ('2018', 'bgs', 'r_bgs.1', 24, '@SUM(1)') ON CONFLICT (scheme_id, unit_code, criterion_code) DO UPDATE SET note = excluded.note;
UPDATE kpi.score SET note = repeat('x', 2001) WHERE scheme_id = '2018' AND unit_code = 'bgs' AND criterion_code = 'r_bgs.1';
-- finding 1: entry with the hostile objects in place
COPY kpi_report.score_entry FROM STDIN (FORMAT csv);
2018,办公室,r_bgs.1,24,复核
\.
INSERT INTO kpi_report.score_entry VALUES ('2018', 'bgs', 'r_bgs.2', '19.25', NULL);
DELETE FROM kpi_report.score_entry WHERE "方案" = '2018' AND "单位" = '办公室' AND "指标" = 'r_bgs.2';
INSERT INTO kpi_report.score_entry VALUES ('2018', 'bgs', 'r_bgs.2', '19.25', NULL);
SELECT rolsuper FROM pg_roles WHERE rolname = session_user;

-- ===========================================================================
-- 4. The assessor of sfs.3 in 2018 (fazhi_gu, 考评责任科室)
-- ===========================================================================
\c :db regress_kpi_atk_scoped
:hostile
:try
SELECT pg_temp.try($$INSERT INTO kpi.score VALUES ('2018', 'tuke', 'sfs.3.1.5', 1)
	ON CONFLICT (scheme_id, unit_code, criterion_code) DO UPDATE SET points = excluded.points$$) AS own_subtree;
SELECT pg_temp.try($$INSERT INTO kpi.score VALUES ('2018', 'tuke', 'sfs.1.1.1', 1)
	ON CONFLICT (scheme_id, unit_code, criterion_code) DO UPDATE SET points = excluded.points$$) AS other_subtree;
-- finding 8: the same code in another year's scheme is not its criterion
SELECT pg_temp.try($$INSERT INTO kpi.score VALUES ('2019', 'tuke', 'sfs.3.1', 1)$$) AS same_code_other_scheme;
INSERT INTO kpi_report.score_entry VALUES ('2019', 'tuke', 'sfs.3.1', '1', NULL);
SELECT pg_temp.try($$UPDATE kpi.score SET points = points WHERE criterion_code LIKE 'sfs.1.%'$$) AS update_other_subtree;
SELECT pg_temp.try($$DELETE FROM kpi_report.score_entry WHERE "指标" LIKE 'sfs.1.%'$$) AS delete_other_subtree;
SELECT pg_temp.try($$DELETE FROM kpi_report.score_entry WHERE "方案" = '2018' AND "指标" = 'sfs.3.1.5' AND "单位" = '图克镇司法所'$$) AS delete_own_subtree;
SELECT rolsuper FROM pg_roles WHERE rolname = session_user;

-- ===========================================================================
-- 5. The rater (局领导-李伟)
-- ===========================================================================
\c :db regress_kpi_atk_rater
:hostile
:try
:reads
SELECT DISTINCT rater FROM kpi.rating;
SELECT count(*) AS accounts_seen FROM pg_roles r, kpi.accounts_of(r.rolname);
SELECT pg_temp.try($$UPDATE kpi.rating SET score = score$$) AS update_own_ratings;
SELECT pg_temp.try($$UPDATE kpi.rating SET rater = '局领导-姜占胜'$$) AS rename_rater;
SELECT pg_temp.try($$INSERT INTO kpi.rating VALUES ('2018', 'tuke', 'lingdao', '局领导-姜占胜', 90)$$) AS rate_as_another;
INSERT INTO kpi_report.rating_entry VALUES ('2018', 'tuke', 'lingdao', '局领导-姜占胜', '90');
SELECT pg_temp.try($$DELETE FROM kpi.rating$$) AS delete_ratings;
SELECT pg_temp.try($$DELETE FROM kpi_report.rating_entry WHERE "单位" = '图克镇司法所'$$) AS delete_own_through_view;
SELECT pg_temp.try($$LOCK TABLE kpi.rating IN ACCESS EXCLUSIVE MODE$$) AS lock_ratings;
SELECT pg_temp.try($$LOCK TABLE kpi_report.rating_entry IN ACCESS EXCLUSIVE MODE$$) AS lock_entry_view;
INSERT INTO kpi_report.rating_entry VALUES ('2018', 'tuke', 'lingdao', '=1+1', '90');
COPY kpi_report.rating_entry FROM STDIN (FORMAT csv);
2018,图克镇司法所,lingdao,局领导-李伟,91
\.
SELECT rolsuper FROM pg_roles WHERE rolname = session_user;

-- ===========================================================================
-- 6. The reader (a reporting tool)
-- ===========================================================================
\c :db regress_kpi_atk_reader
:hostile
:try
:reads
SELECT count(DISTINCT unit_code) AS units FROM kpi.result;
SELECT count(*) AS accounts_seen FROM pg_roles r, kpi.accounts_of(r.rolname);
SELECT count(*) FROM kpi.contribution;
SELECT pg_temp.try($$UPDATE kpi.score SET points = points$$) AS update_scores;
SELECT pg_temp.try($$LOCK TABLE kpi.score IN ACCESS EXCLUSIVE MODE$$) AS lock_scores;
SELECT pg_temp.try($$LOCK TABLE kpi.result IN ACCESS EXCLUSIVE MODE$$) AS lock_result;
SELECT pg_temp.try($$INSERT INTO kpi_report.score_entry VALUES ('2018', 'bgs', 'r_bgs.2', '1', NULL)$$) AS enter_score;
-- a hostile operator and functions in schema public, where the careless
-- administrator let it create: they must never run for the office below
CREATE FUNCTION public.hostile_eq(text, text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN INSERT INTO public.attack_log VALUES (session_user, current_user, 'public.= for ' || current_user); RETURN $1::bytea = $2::bytea; END $$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.hostile_eq);
CREATE FUNCTION public.hostile_match(text, text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN INSERT INTO public.attack_log VALUES (session_user, current_user, 'public.!~ for ' || current_user); RETURN false; END $$;
CREATE OPERATOR public.!~ (LEFTARG = text, RIGHTARG = text, FUNCTION = public.hostile_match);
CREATE FUNCTION public.jsonb_exists(jsonb, text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN INSERT INTO public.attack_log VALUES (session_user, current_user, 'public.jsonb_exists for ' || current_user); RETURN true; END $$;
CREATE FUNCTION public.round(numeric, integer) RETURNS numeric LANGUAGE plpgsql AS
$$ BEGIN INSERT INTO public.attack_log VALUES (session_user, current_user, 'public.round for ' || current_user); RETURN 0; END $$;
CREATE FUNCTION public.format(text, text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN INSERT INTO public.attack_log VALUES (session_user, current_user, 'public.format for ' || current_user); RETURN ''; END $$;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO PUBLIC;
SELECT rolsuper FROM pg_roles WHERE rolname = session_user;

-- ===========================================================================
-- 7. The office, with hostile objects in its own session and public first
--    in its path: nothing that runs as kpi's owner (a superuser) may reach
--    them, nor anything kpi inlines into the office's own queries
-- ===========================================================================
\c :db regress_kpi_atk_office
:hostile
:try
:reads
SET search_path = public, pg_temp, pg_catalog;
SELECT count(*) > 0 AS accounts_seen FROM pg_catalog.pg_roles r, kpi.accounts_of(r.rolname);
SELECT count(*) FROM kpi.result;
SELECT count(*) FROM kpi_report.score_sheet;
SELECT count(*) FROM kpi.validate('2018');
COPY kpi_report.score_entry FROM STDIN (FORMAT csv);
2018,办公室,r_bgs.1,24,复核
2018,法治宣传股,r_fxg.2,23.5,
\.
DELETE FROM kpi_report.rating_entry WHERE "方案" OPERATOR(pg_catalog.=) '2018' AND "评价人" OPERATOR(pg_catalog.=) '局领导-李伟' AND "单位" OPERATOR(pg_catalog.=) '图克镇司法所';
UPDATE kpi.scheme SET title = title WHERE scheme_id OPERATOR(pg_catalog.=) '2018';
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code) VALUES ('2019', 'tuke', 1);
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, source, upstream_lost, upstream_max) VALUES ('2019', 'tuke', 'sfs.3.1', '市局', 1, 10);
INSERT INTO kpi.veto_condition VALUES (8, '附加否决条件');
UPDATE kpi.component SET weight = weight WHERE scheme_id OPERATOR(pg_catalog.=) '2019';
UPDATE kpi.participant SET group_code = group_code WHERE scheme_id OPERATOR(pg_catalog.=) '2019';
SELECT kpi.load_rubric('2019', 'extra', '附加', E'综合工作（10分）\n1.甲（4分）\n2.乙（6分）');
SELECT kpi.revoke_access('regress_kpi_atk_scoped', 'assessor');
SELECT (kpi.grant_access('regress_kpi_atk_scoped', 'assessor', criterion_code => 'sfs.3', scheme_id => '2018')).capability;
SELECT scheme_id, forced FROM kpi.finalize('2019', force => true);
SELECT kpi.reopen('2019', '复核');
SELECT pg_temp.try($$LOCK TABLE kpi.score IN ACCESS EXCLUSIVE MODE$$) AS office_may_lock;
RESET search_path;
SELECT rolsuper FROM pg_roles WHERE rolname = session_user;

-- ===========================================================================
-- 8. Holes found by trying beyond the issue's list
-- ===========================================================================
\c :db :superuser
SET client_min_messages = warning;
CREATE ROLE regress_kpi_atk_town LOGIN PASSWORD :'password';
CREATE ROLE regress_kpi_atk_gone LOGIN PASSWORD :'password';
CREATE ROLE regress_kpi_atk_again LOGIN PASSWORD :'password';
RESET client_min_messages;
INSERT INTO kpi.unit VALUES ('gone', '撤并所', 'sfs');
\c :db regress_kpi_atk_office
-- a 苏木镇党委 rates its own 司法所 on 苏木镇党委政府评价, nothing else
SELECT capability, unit_code, component_code, rater
  FROM kpi.grant_access('regress_kpi_atk_town', 'rater', rater => '图克镇党委', unit_code => 'tuke', component_code => 'sumu');
SELECT capability FROM kpi.grant_access('regress_kpi_atk_gone', 'unit', unit_code => 'gone');
SELECT capability FROM kpi.grant_access('regress_kpi_atk_again', 'office');
-- a 司法所's person who is also a reader (a reporting tool on their desk)
SELECT capability FROM kpi.grant_access('regress_kpi_atk_member', 'reader');
\c :db regress_kpi_atk_town
:try
SELECT pg_temp.try($$INSERT INTO kpi.rating VALUES ('2018', 'tuke', 'sumu', '图克镇党委', 95)
	ON CONFLICT (scheme_id, unit_code, component_code, rater) DO UPDATE SET score = excluded.score$$) AS own_unit_on_its_component;
SELECT pg_temp.try($$INSERT INTO kpi.rating VALUES ('2018', 'galutu', 'sumu', '图克镇党委', 0)$$) AS rival_unit;
SELECT pg_temp.try($$INSERT INTO kpi.rating VALUES ('2018', 'tuke', 'lingdao', '图克镇党委', 100)$$) AS other_component;
INSERT INTO kpi_report.rating_entry VALUES ('2018', '嘎鲁图镇司法所', 'sumu', '图克镇党委', '0');
-- a unit deleted with its account takes the account's privileges along
\c :db regress_kpi_atk_office
DELETE FROM kpi.unit WHERE unit_code = 'gone';
\c :db regress_kpi_atk_gone
SELECT has_schema_privilege('kpi', 'USAGE') AS kpi_usage;
-- a role dropped and made again under the same name is not the old role
\c :db :superuser
DROP OWNED BY regress_kpi_atk_again;
DROP ROLE regress_kpi_atk_again;
SET client_min_messages = warning;
CREATE ROLE regress_kpi_atk_again LOGIN PASSWORD :'password';
RESET client_min_messages;
\c :db regress_kpi_atk_office
SELECT capability FROM kpi.grant_access('regress_kpi_atk_again', 'reader');
\c :db regress_kpi_atk_again
SELECT kpi.capabilities(current_user::text), has_table_privilege('kpi.audit', 'SELECT') AS reads_audit;
-- the person who is a unit's member and a reader: every unit's results,
-- only its own unit's rows
\c :db regress_kpi_atk_member
:try
SELECT count(DISTINCT unit_code) AS result_units FROM kpi.result;
SELECT count(DISTINCT unit_code) AS score_units, count(DISTINCT e.unit_code) AS evidence_units
  FROM kpi.score s FULL JOIN kpi.evidence e USING (unit_code);
SELECT count(DISTINCT unit_code) AS member_units FROM kpi.member;
-- huge facts: a unit may not make everyone's ranking slow
SELECT pg_temp.try($$UPDATE kpi.evidence SET facts = facts || jsonb_build_object('note', repeat('x', 70000))
	WHERE scheme_id = '2018' AND unit_code = 'galutu'$$) AS huge_facts;
-- the audit names the person behind the group role
SET ROLE regress_kpi_atk_group;
UPDATE kpi.evidence SET facts = facts WHERE scheme_id = '2018' AND unit_code = 'galutu' AND criterion_code = 'sfs.1.1.2';
RESET ROLE;
\c :db regress_kpi_atk_office
SELECT role_name, login_name, operation FROM kpi.audit WHERE table_name = 'evidence' ORDER BY id DESC LIMIT 1;

-- ===========================================================================
-- Afterwards: no account became anything more, no attacker's object ran
-- ===========================================================================
\c :db :superuser
SELECT rolname, rolsuper FROM pg_roles WHERE rolname LIKE 'regress_kpi_atk_%' ORDER BY 1;
SELECT account, ran_as, what FROM public.attack_log ORDER BY 1, 3;
-- the settings kpi gave the accounts in this database (the office none)
SELECT r.rolname, s.setconfig
  FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
 WHERE r.rolname LIKE 'regress_kpi_atk_%' AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
 ORDER BY 1;

-- clean up
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DROP OPERATOR public.= (text, text);
DROP OPERATOR public.!~ (text, text);
DROP FUNCTION public.hostile_eq(text, text), public.hostile_match(text, text), public.jsonb_exists(jsonb, text),
	public.round(numeric, integer), public.format(text, text);
DROP TABLE public.attack_log;
SELECT count(*) AS revoked FROM (
	SELECT kpi.revoke_access(r) FROM unnest(ARRAY['regress_kpi_atk_office', 'regress_kpi_atk_unit',
		'regress_kpi_atk_group', 'regress_kpi_atk_member', 'regress_kpi_atk_assessor', 'regress_kpi_atk_scoped',
		'regress_kpi_atk_rater', 'regress_kpi_atk_reader', 'regress_kpi_atk_town', 'regress_kpi_atk_again']) r) x;
DROP ROLE regress_kpi_atk_office, regress_kpi_atk_unit, regress_kpi_atk_member, regress_kpi_atk_group,
	regress_kpi_atk_assessor, regress_kpi_atk_scoped, regress_kpi_atk_rater, regress_kpi_atk_reader,
	regress_kpi_atk_town, regress_kpi_atk_gone, regress_kpi_atk_again;
