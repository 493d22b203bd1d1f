\echo Use "ALTER EXTENSION kpi UPDATE TO '0.4.0'" to load this file. \quit

-- kpi 0.3.0 -> 0.4.0: first the changes to objects of 0.3.0, each as in
-- sql/kpi/ (a fresh install and an update must end in the same catalog;
-- test/upgrade.sh compares them); the Makefile appends the parts new in
-- 0.4.0 and then sql/upgrade/0.3.0--0.4.0-finish.sql.

COMMENT ON VIEW kpi.capability_privilege IS 'Privileges kpi.grant_access gives each capability (USAGE on schemas kpi and kpi_report besides)';

CREATE OR REPLACE FUNCTION kpi.sync_privileges(role_name text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	o record;
BEGIN
	FOR o IN SELECT DISTINCT p.object_type, p.object_name FROM kpi.capability_privilege p LOOP
		EXECUTE format('REVOKE ALL ON %s %s FROM %I', o.object_type, o.object_name, role_name);
	END LOOP;
	EXECUTE format('REVOKE USAGE ON SCHEMA kpi, kpi_report FROM %I', role_name);
	FOR o IN
		SELECT p.object_type, p.object_name, string_agg(DISTINCT p.privileges, ', ') AS privileges
		  FROM kpi.capability_privilege p
		  JOIN kpi.account a ON a.capability = p.capability
		 WHERE a.role_name = sync_privileges.role_name
		 GROUP BY p.object_type, p.object_name
	LOOP
		EXECUTE format('GRANT %s ON %s %s TO %I', o.privileges, o.object_type, o.object_name, role_name);
	END LOOP;
	IF EXISTS (SELECT 1 FROM kpi.account a WHERE a.role_name = sync_privileges.role_name) THEN
		EXECUTE format('GRANT USAGE ON SCHEMA kpi, kpi_report TO %I', role_name);
	END IF;
END
$$;
