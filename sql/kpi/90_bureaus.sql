
-- kpi: a city's roll-up of its banners' kpi databases.  Each banner
-- attached (kpi.attach_bureau) is read through a postgres_fdw server the
-- administrator created, with a user mapping to a reader account of that
-- banner: its kpi.result as a foreign table kpi_bureau.<bureau> (and its
-- kpi.scheme as kpi_bureau."<bureau>:scheme", for whether each scheme is
-- finalized there), and all
-- of them as one view kpi.bureau_result, made again at each attach (a
-- plain view of this database, not the extension's, so pg_dump keeps it
-- with the foreign tables under it).  Each branch of the view carries its
-- bureau as a constant: a filter on the bureau leaves the other banners
-- unread, and a filter on the scheme (or any column) is sent to the
-- banner (server option extensions 'kpi' lets kpi's operators go too).

CREATE TABLE kpi.bureau (
	bureau_code text PRIMARY KEY
		CONSTRAINT bureau_code_valid CHECK (bureau_code ~ '^[a-z][a-z0-9_]{0,40}$'),
	server text NOT NULL,
	attached_at timestamptz NOT NULL DEFAULT statement_timestamp(),
	attached_by text NOT NULL DEFAULT kpi.acting_role()
);
COMMENT ON TABLE kpi.bureau IS 'Lower bureaus whose kpi databases this one reads (kpi.attach_bureau), each through a postgres_fdw server';
SELECT pg_catalog.pg_extension_config_dump('kpi.bureau', '');
SELECT kpi.audit_changes('kpi.bureau', '{bureau_code}');
ALTER TABLE kpi.bureau ENABLE ROW LEVEL SECURITY;
CREATE POLICY office_reads ON kpi.bureau FOR SELECT USING ((SELECT kpi.is_office(current_user::text)));

CREATE SCHEMA kpi_bureau;
COMMENT ON SCHEMA kpi_bureau IS 'Foreign tables over attached bureaus'' kpi.result, one per bureau, made by kpi.attach_bureau';

-- The view over every attached bureau, as kpi.attach_bureau makes it (an
-- empty one with the same columns when none is attached).
CREATE FUNCTION kpi.bureau_result_definition()
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(
		string_agg(format('SELECT %L::text AS bureau_code, r.*, s.status = ''finalized'' AS finalized '
						  'FROM kpi_bureau.%I r LEFT JOIN kpi_bureau.%I s ON s.scheme_id = r.scheme_id '
						  'WHERE (SELECT kpi.sees_every_unit(current_user::text))',
						  b.bureau_code, b.bureau_code, b.bureau_code || ':scheme'),
				   E'\nUNION ALL\n' ORDER BY b.bureau_code),
		'SELECT NULL::text AS bureau_code, r.*, NULL::boolean AS finalized FROM kpi.published_result r WHERE false')
	  FROM kpi.bureau b
$$;

-- Attach a bureau (office only): its foreign table over the banner's
-- kpi.result, then kpi.bureau_result again over every attached bureau.
-- Attaching again re-binds it to the server given.  SECURITY DEFINER: it
-- makes objects in kpi_bureau and kpi, which only kpi's owner may; the
-- foreign tables are read with the caller's user mapping.
CREATE FUNCTION kpi.attach_bureau(bureau_code text, server text)
RETURNS kpi.bureau
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	attached kpi.bureau;
BEGIN
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to attach bureau "%s"'), bureau_code));
	-- it names a foreign table: a lower-case identifier
	IF bureau_code IS NULL OR bureau_code !~ '^[a-z][a-z0-9_]{0,40}$' THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('bureau code "%s" is not a lower-case identifier'), bureau_code),
			ERRCODE = 'invalid_parameter_value',
			HINT = kpi.translate('A bureau code begins with a letter a-z and holds letters a-z, digits and _, at most 41 of them.');
	END IF;
	PERFORM kpi.require_foreign_server(server);
	INSERT INTO kpi.bureau AS b (bureau_code, server) VALUES (attach_bureau.bureau_code, attach_bureau.server)
	ON CONFLICT ON CONSTRAINT bureau_pkey DO UPDATE SET server = excluded.server,
		attached_at = excluded.attached_at, attached_by = excluded.attached_by
	RETURNING * INTO attached;
	IF pg_catalog.to_regclass('kpi.bureau_result') IS NOT NULL THEN
		DROP VIEW kpi.bureau_result;
	END IF;
	IF pg_catalog.to_regclass(pg_catalog.format('kpi_bureau.%I', bureau_code)) IS NOT NULL THEN
		EXECUTE pg_catalog.format('DROP FOREIGN TABLE kpi_bureau.%I, kpi_bureau.%I', bureau_code, bureau_code || ':scheme');
	END IF;
	EXECUTE pg_catalog.format(
		'CREATE FOREIGN TABLE kpi_bureau.%I (scheme_id text, group_code text, unit_code text, unit_name text, '
		'content numeric, ratings numeric, bonus numeric, deduction numeric, total numeric, rank int, '
		'vetoed boolean, downgraded boolean, tier kpi.tier, tier_label text, complete boolean, level int) '
		'SERVER %I OPTIONS (schema_name ''kpi'', table_name ''result'')', bureau_code, server);
	-- whether each scheme is finalized there: joined to the result on the
	-- banner's side (both tables on one server)
	EXECUTE pg_catalog.format(
		'CREATE FOREIGN TABLE kpi_bureau.%I (scheme_id text, year int, status text) '
		'SERVER %I OPTIONS (schema_name ''kpi'', table_name ''scheme'')', bureau_code || ':scheme', server);
	EXECUTE 'CREATE VIEW kpi.bureau_result AS ' || kpi.bureau_result_definition();
	EXECUTE 'COMMENT ON VIEW kpi.bureau_result IS '
		|| pg_catalog.quote_literal('Every attached bureau''s kpi.result (made by kpi.attach_bureau): its bureau_code, the columns of kpi.result, whether the scheme is finalized there');
	-- every account that reaches schema kpi; the rows only for those who
	-- read every unit (office, assessors, readers), and the banners are
	-- read with the user mapping of the view's owner, kpi's owner
	EXECUTE 'GRANT SELECT ON kpi.bureau_result TO PUBLIC';
	RETURN attached;
END
$$;
COMMENT ON FUNCTION kpi.attach_bureau(text, text) IS
	'Read a lower bureau''s kpi.result through a postgres_fdw server, in kpi.bureau_result (office only)';

-- Every reachable bureau's rows; an unreachable one is skipped with a
-- warning naming it and its server.  SECURITY DEFINER, as the view reads
-- them (with the user mapping of kpi's owner), for those who read every
-- unit.
CREATE FUNCTION kpi.bureau_result_available(scheme text DEFAULT NULL)
RETURNS TABLE (bureau_code text, scheme_id text, group_code text, unit_code text, unit_name text,
			   content numeric, ratings numeric, bonus numeric, deduction numeric, total numeric, rank int,
			   vetoed boolean, downgraded boolean, tier kpi.tier, tier_label text, complete boolean, level int,
			   finalized boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	b kpi.bureau;
BEGIN
	IF NOT kpi.sees_every_unit(kpi.acting_role()) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('permission denied to read the results of other bureaus')),
			ERRCODE = 'insufficient_privilege';
	END IF;
	FOR b IN SELECT * FROM kpi.bureau ORDER BY bureau_code LOOP
		BEGIN
			RETURN QUERY EXECUTE pg_catalog.format(
				'SELECT %L::text, r.*, s.status = ''finalized'' FROM kpi_bureau.%I r '
				'LEFT JOIN kpi_bureau.%I s ON s.scheme_id = r.scheme_id WHERE $1 IS NULL OR r.scheme_id = $1',
				b.bureau_code, b.bureau_code, b.bureau_code || ':scheme') USING bureau_result_available.scheme;
		EXCEPTION WHEN sqlclient_unable_to_establish_sqlconnection OR connection_failure OR connection_exception THEN
			RAISE WARNING USING
				MESSAGE = pg_catalog.format(kpi.translate('bureau "%s" is unreachable and is left out'), b.bureau_code),
				DETAIL = pg_catalog.format(kpi.translate('Server "%s": %s'), b.server, SQLERRM);
		END;
	END LOOP;
END
$$;
COMMENT ON FUNCTION kpi.bureau_result_available(text) IS
	'The rows of kpi.bureau_result from every bureau that answers; an unreachable one is left out with a warning naming it';
