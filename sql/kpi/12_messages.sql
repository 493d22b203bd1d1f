
-- kpi: translated messages (README "Messages in Chinese (lc_messages)").
-- The checks in plpgsql raise
--   RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('... %s ...'), ...)
-- so that their English formats, extracted into po/kpi.pot, come out in
-- the language of lc_messages as the C functions' errors do.

-- STABLE, not IMMUTABLE: the result follows lc_messages, a setting.
CREATE FUNCTION kpi.translate(msgid text)
RETURNS text
AS 'MODULE_PATHNAME', 'kpi_translate'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.translate(text) IS
	'A message of kpi in the language of lc_messages (po/<lang>.po), or msgid when it has no translation';
