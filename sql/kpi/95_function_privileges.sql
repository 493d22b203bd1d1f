
-- kpi: who may call kpi's functions.  PostgreSQL lets PUBLIC execute every
-- new function; here that is taken back from all of them, and given again
-- to those that run as their caller, which can do and read no more than
-- the caller could without them (and every account needs some: the views,
-- the policies and the entry triggers call them as the caller).  A
-- function that runs as kpi's owner (SECURITY DEFINER) is callable only
-- where it is granted on purpose: kpi.accounts_of below, and the office's
-- finalize, reopen, grant_access and revoke_access (kpi.capability_privilege),
-- which also gives the 通报 to those who read results.  Trigger functions
-- fire whatever the privileges, and cannot be called.
DO $$
DECLARE
	f record;
BEGIN
	FOR f IN
		SELECT pg_catalog.format('%I.%I(%s)', n.nspname, p.proname,
								 pg_catalog.pg_get_function_identity_arguments(p.oid)) AS signature,
			   p.prosecdef OR p.prorettype OPERATOR(pg_catalog.=) 'pg_catalog.trigger'::pg_catalog.regtype
			   OR p.oid OPERATOR(pg_catalog.=) 'kpi.notice_html(text, text, text)'::pg_catalog.regprocedure AS kept
		  FROM pg_catalog.pg_proc p
		  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) p.pronamespace
		 WHERE n.nspname OPERATOR(pg_catalog.=) 'kpi'
	LOOP
		EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f.signature);
		IF NOT f.kept THEN
			EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f.signature);
		END IF;
	END LOOP;
END
$$;

-- Every account's row-level security asks for its own accounts; the
-- function answers a caller about itself (and the roles it inherits) only.
GRANT EXECUTE ON FUNCTION kpi.accounts_of(text) TO PUBLIC;
