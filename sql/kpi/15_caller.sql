
-- kpi: who the caller is: the role acting, the kpi accounts it holds, what
-- they let it see (row-level security and the result views ask), and
-- whether a restore is running (the triggers that audit and lock ask).

-- The role acting now: the one SET ROLE chose, else the session's.  It
-- does not change inside SECURITY DEFINER functions (current_user does),
-- so the audit and kpi.finalize name the person, not kpi's owner.
CREATE FUNCTION kpi.acting_role()
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(nullif(current_setting('role'), 'none'), session_user::text)
$$;

-- pg_restore loads kpi's tables in the order foreign keys dictate (a
-- finalized scheme before its scores), and its data is what was checked
-- and audited already.  pg_dump's scripts run with row_security = off,
-- which only roles exempt from row-level security can use on kpi's tables;
-- a superuser in such a session is taken to be restoring, and the lock,
-- the audit and the status check stand aside.  Ordinary sessions run with
-- row_security = on.
CREATE FUNCTION kpi.restoring()
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT current_setting('row_security') = 'off'
	   AND coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = kpi.acting_role()), false)
$$;

-- The account rows a role acts under: its own and those of the roles it
-- inherits from (a group role per 司法所 works).  SECURITY DEFINER because
-- kpi.account is the office's to read while every account's row-level
-- security needs the account's own rows; so it answers only for a role the
-- acting role is, or inherits: asked about anyone else, it returns nothing.
CREATE FUNCTION kpi.accounts_of(role_name text)
RETURNS SETOF kpi.account
LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT a.*
	  FROM kpi.account a
	  JOIN pg_catalog.pg_roles g ON g.oid = a.role_oid
	  JOIN pg_catalog.pg_roles r ON r.rolname = $1
	  JOIN pg_catalog.pg_roles asking ON asking.rolname = kpi.acting_role()
	 WHERE pg_catalog.pg_has_role(r.oid, g.oid, 'USAGE')
	   AND pg_catalog.pg_has_role(asking.oid, r.oid, 'USAGE')
$$;
COMMENT ON FUNCTION kpi.accounts_of(text) IS 'The kpi accounts a role holds, directly or through roles it inherits (asked by that role or a member of it)';

-- Capabilities of a role.
CREATE FUNCTION kpi.capabilities(role_name text)
RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(array_agg(DISTINCT a.capability ORDER BY a.capability), '{}') FROM kpi.accounts_of($1) a
$$;
COMMENT ON FUNCTION kpi.capabilities(text) IS 'The kpi capabilities a role holds, directly or through roles it inherits';

-- Superusers and BYPASSRLS roles are not narrowed by row-level security:
-- kpi's filters in the views treat them alike.
CREATE FUNCTION kpi.unrestricted(role_name text)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce((SELECT r.rolsuper OR r.rolbypassrls FROM pg_roles r WHERE r.rolname = $1), false)
$$;

-- The office (考核办), or a superuser.
CREATE FUNCTION kpi.is_office(role_name text)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT kpi.unrestricted($1) OR 'office' = ANY (kpi.capabilities($1))
$$;

-- Whether a role reads every unit's results (kpi.result, the report views,
-- the published copies): the office, assessors and readers.
CREATE FUNCTION kpi.sees_every_unit(role_name text)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT kpi.unrestricted($1) OR kpi.capabilities($1) && ARRAY['office', 'assessor', 'reader']
$$;

-- Whether a role reads every unit's own rows in the data tables (scores,
-- facts, members ...): the office and assessors.  Kept apart from
-- kpi.sees_every_unit so that capabilities add up to no more than each
-- gives: a unit account that is also a reader reads every unit's results
-- but only its own unit's rows.
CREATE FUNCTION kpi.reads_every_unit(role_name text)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT kpi.unrestricted($1) OR kpi.capabilities($1) && ARRAY['office', 'assessor']
$$;

-- The units whose rows a unit account reads (its own).
CREATE FUNCTION kpi.units_of(role_name text)
RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(array_agg(DISTINCT a.unit_code), '{}') FROM kpi.accounts_of($1) a WHERE a.capability = 'unit'
$$;

-- The rater names a rater account writes as.
CREATE FUNCTION kpi.raters_of(role_name text)
RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(array_agg(DISTINCT a.rater), '{}') FROM kpi.accounts_of($1) a WHERE a.capability = 'rater'
$$;

-- What only the office may do (granting access, finalizing, reopening):
-- refused for any other acting role, with the refusal given and the role.
CREATE FUNCTION kpi.require_office(refusal text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT kpi.is_office(kpi.acting_role()) THEN
		RAISE EXCEPTION USING
			MESSAGE = refusal,
			ERRCODE = 'insufficient_privilege',
			DETAIL = pg_catalog.format(kpi.translate('Role "%s" is not the office (考核办).'), kpi.acting_role());
	END IF;
END
$$;
