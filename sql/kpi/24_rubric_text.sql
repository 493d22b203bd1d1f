
-- kpi: 实施细则 text in, criteria out (src/rubric_text.c).

CREATE FUNCTION kpi.parse_rubric(text)
RETURNS TABLE (code text, parent_code text, title text, max_points numeric, "position" int)
AS 'MODULE_PATHNAME', 'kpi_parse_rubric'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION kpi.parse_rubric(text) IS
	'Read 实施细则 text into rows of code, parent, title, points (categories, items, parts)';

-- Insert a parsed rubric under a new root rubric_code: every code gets the
-- root's code as prefix ("sfs" + "1.2" = "sfs.1.2"); the root's points are
-- the sum of its categories.  A text of one single category (附件3's
-- 直属律师事务所考核工作) is that rubric: its items hang from the root.
-- All or nothing: a parse error inserts no row.
CREATE FUNCTION kpi.load_rubric(scheme text, rubric_code text, title text, rubric text)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	parsed kpi.criterion[];
	tops integer;
	n integer;
BEGIN
	SELECT count(*) FILTER (WHERE p.parent_code IS NULL),
		   array_agg(ROW(scheme, p.code, p.parent_code, p.title, p.max_points, NULL, p."position")::kpi.criterion)
	  INTO tops, parsed
	  FROM kpi.parse_rubric(rubric) p;
	INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, position)
	SELECT scheme, rubric_code, NULL, title,
		   (SELECT sum(c.max_points) FROM unnest(parsed) c WHERE c.parent_code IS NULL),
		   coalesce((SELECT max(c.position) FROM kpi.criterion c
					  WHERE c.scheme_id = scheme AND c.parent_code IS NULL), 0) + 1;
	INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, position)
	SELECT scheme, rubric_code || '.' || x.code,
		   rubric_code || coalesce('.' || x.parent, ''), x.title, x.max_points, x.position
	  FROM (SELECT CASE WHEN tops = 1 THEN substr(c.criterion_code, strpos(c.criterion_code, '.') + 1)
						ELSE c.criterion_code END AS code,
				   CASE WHEN tops = 1 AND strpos(c.parent_code, '.') > 0
						THEN substr(c.parent_code, strpos(c.parent_code, '.') + 1)
						WHEN tops = 1 THEN NULL
						ELSE c.parent_code END AS parent,
				   c.title, c.max_points, c.position
			  FROM unnest(parsed) c
			 WHERE tops > 1 OR c.parent_code IS NOT NULL) x;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n + 1;
END
$$;
COMMENT ON FUNCTION kpi.load_rubric(text, text, text, text) IS
	'Parse 实施细则 text and insert it as a new rubric root rubric_code of the scheme; returns the rows inserted';
