
-- kpi: how the parts declare the statement triggers that read the rows a
-- statement changed (the lock, the criteria trees, the row checks, the
-- audit): one per event, named <prefix>_<event>, AFTER the event, with the
-- transition tables new_rows and old_rows.  Old rows of an UPDATE only when
-- the trigger reads them: capturing them copies every updated row.
CREATE FUNCTION kpi.create_change_triggers(rel regclass, prefix text, fn text, events text[],
										   update_reads_old boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	event text;
BEGIN
	FOREACH event IN ARRAY events LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER %s ON %s %s FOR EACH STATEMENT EXECUTE FUNCTION %s',
					   prefix || '_' || event, upper(event), rel,
					   CASE event
						   WHEN 'insert' THEN 'REFERENCING NEW TABLE AS new_rows'
						   WHEN 'update' THEN CASE WHEN update_reads_old
												   THEN 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
												   ELSE 'REFERENCING NEW TABLE AS new_rows' END
						   WHEN 'delete' THEN 'REFERENCING OLD TABLE AS old_rows'
						   ELSE '' END,
					   fn);
	END LOOP;
END
$$;
COMMENT ON FUNCTION kpi.create_change_triggers(regclass, text, text, text[], boolean) IS
	'Creates the statement triggers <prefix>_<event> on rel that run fn with the transition tables new_rows and old_rows';
