
-- kpi_report: what reporting tools (FineReport, Excel and LibreOffice over
-- ODBC, psql) and spreadsheets meet.  Its views name their columns in
-- Chinese, as the bureau's own tables do, because such tools show column
-- names as they are; every view reads kpi's views and filters per account
-- the way kpi.result does.  Every account gets USAGE on it
-- (kpi.sync_privileges); the views' privileges are in
-- kpi.capability_privilege.
CREATE SCHEMA kpi_report;
COMMENT ON SCHEMA kpi_report IS 'kpi for reporting tools and spreadsheets: views with Chinese column names, entry views for COPY';
