
-- Every account gets what 0.4.0 grants its capability (the new schema
-- kpi_report and its views), as kpi.grant_access would give it now.
SELECT kpi.sync_privileges(a.role_name) FROM (SELECT DISTINCT role_name FROM kpi.account) a;
