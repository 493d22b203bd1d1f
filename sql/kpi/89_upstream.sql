
-- kpi: upstream deductions that flow down (市局和旗扣多少分，旗局对承担职责目标
-- 相对应的司法所和股室扣相应比例的分数).  The city's kpi database assesses the
-- banner bureaus as its units; a banner's database maps the city's
-- criteria to its own units and criteria (kpi.upstream_map) and
-- kpi.pull_upstream reads what the city took from it, through
-- postgres_fdw, into kpi.deduction rows, which semantics 4 turns into the
-- same share of each mapped criterion.  Nothing here is home-made
-- transport: the administrator creates the postgres_fdw server and user
-- mapping; kpi only reads the city's kpi.criterion_loss through it.

-- What a unit lost on each criterion of its rubric: the points of the
-- leaves below it (score, rule over facts, else 0) less the upstream
-- deductions taken within it, against their maximum.  Every node of the
-- rubric, with the codes from its category down to it (path), so that a
-- reader of it knows which criteria lie under which.  Filtered per account
-- as kpi.result is: the banner's account in the city's database, a unit
-- account of the banner, reads its own rows only.
CREATE VIEW kpi.criterion_loss WITH (security_barrier) AS
WITH RECURSIVE walk (scheme_id, top_code, criterion_code, path) AS (
	SELECT n.scheme_id, n.criterion_code, n.criterion_code, ARRAY[n.criterion_code]
	  FROM kpi.rubric_node n
	 WHERE n.depth >= 1
	UNION ALL
	SELECT w.scheme_id, w.top_code, n.criterion_code, w.path
	  FROM walk w
	  JOIN kpi.rubric_node n ON n.scheme_id = w.scheme_id AND n.parent_code = w.criterion_code
),
ancestry (scheme_id, criterion_code, path) AS (
	SELECT n.scheme_id, n.criterion_code,
		   (WITH RECURSIVE up (code, parent, depth) AS (
				SELECT n.criterion_code, n.parent_code, n.depth
				UNION ALL
				SELECT c.criterion_code, c.parent_code, c.depth
				  FROM up JOIN kpi.rubric_node c ON c.scheme_id = n.scheme_id AND c.criterion_code = up.parent)
			SELECT pg_catalog.array_agg(up.code ORDER BY up.depth) FROM up WHERE up.depth >= 1)
	  FROM kpi.rubric_node n
	 WHERE n.depth >= 1
),
booked (scheme_id, unit_code, top_code, max_points, points) AS (
	SELECT l.scheme_id, l.unit_code, w.top_code, l.max_points, l.points
	  FROM kpi.leaf_points l
	  JOIN walk w ON w.scheme_id = l.scheme_id AND w.criterion_code = l.criterion_code
	UNION ALL
	SELECT d.scheme_id, d.unit_code, w.top_code, 0, -d.taken
	  FROM kpi.deduction_taken d
	  JOIN walk w ON w.scheme_id = d.scheme_id AND w.criterion_code = d.criterion_code
)
SELECT b.scheme_id, b.unit_code, b.top_code AS criterion_code, n.is_leaf, a.path,
	   sum(b.max_points) AS max_points, sum(b.points) AS points,
	   greatest(sum(b.max_points) - sum(b.points), 0) AS lost
  FROM booked b
  JOIN kpi.rubric_node n ON n.scheme_id = b.scheme_id AND n.criterion_code = b.top_code
  JOIN ancestry a ON a.scheme_id = b.scheme_id AND a.criterion_code = b.top_code
 WHERE (SELECT kpi.sees_every_unit(current_user::text))
	OR b.unit_code = ANY ((SELECT kpi.units_of(current_user::text))::text[])
 GROUP BY b.scheme_id, b.unit_code, b.top_code, n.is_leaf, a.path;
COMMENT ON VIEW kpi.criterion_loss IS
	'What each unit lost on each criterion of its rubric (max − points − deductions taken below), for a lower bureau''s kpi.pull_upstream';

-- The banner's mapping: a criterion of the city's scheme on which the city
-- assesses this banner (city_unit, the banner's code there) is answered
-- by these units of the banner's scheme, on these criteria; each gets the
-- city's loss as an upstream deduction (source: the city, or as given).
CREATE TABLE kpi.upstream_map (
	scheme_id text NOT NULL,
	city_scheme text NOT NULL,
	city_unit text NOT NULL,
	city_criterion text NOT NULL,
	unit_code text NOT NULL,
	criterion_code text NOT NULL,
	source text
		CONSTRAINT upstream_map_source_length CHECK (char_length(source) <= 200),
	CONSTRAINT upstream_map_text_length
		CHECK (char_length(city_scheme) <= 100 AND char_length(city_unit) <= 100 AND char_length(city_criterion) <= 100),
	PRIMARY KEY (scheme_id, city_scheme, city_unit, city_criterion, unit_code, criterion_code),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant ON UPDATE CASCADE ON DELETE CASCADE,
	FOREIGN KEY (scheme_id, criterion_code) REFERENCES kpi.criterion ON UPDATE CASCADE
		DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON TABLE kpi.upstream_map IS 'A city''s criterion on which it assesses this bureau, and the units and criteria of this bureau that answer for it';
SELECT pg_catalog.pg_extension_config_dump('kpi.upstream_map', '');

-- Which deductions a pull wrote, and from what: a later pull updates or
-- removes only these, never a deduction the office entered by hand.
CREATE TABLE kpi.upstream_pulled (
	deduction_id bigint PRIMARY KEY REFERENCES kpi.deduction ON DELETE CASCADE,
	scheme_id text NOT NULL,
	server text NOT NULL,
	city_scheme text NOT NULL,
	city_unit text NOT NULL,
	city_criterion text NOT NULL
);
CREATE INDEX upstream_pulled_scheme_idx ON kpi.upstream_pulled (scheme_id, server);
COMMENT ON TABLE kpi.upstream_pulled IS 'The kpi.deduction rows kpi.pull_upstream wrote, and the city''s criterion each came from';
SELECT pg_catalog.pg_extension_config_dump('kpi.upstream_pulled', '');

-- The foreign tables a pull reads through, one per server, made on its
-- first pull; only kpi's owner reaches this schema.
CREATE SCHEMA kpi_upstream;
COMMENT ON SCHEMA kpi_upstream IS 'Foreign tables over other kpi databases'' kpi.criterion_loss, one per postgres_fdw server, made by kpi.pull_upstream';

-- A postgres_fdw server the administrator made, or an error saying what
-- to make.
CREATE FUNCTION kpi.require_foreign_server(server text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_foreign_server s WHERE s.srvname = require_foreign_server.server) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('foreign server "%s" does not exist'), server),
			ERRCODE = 'undefined_object',
			HINT = kpi.translate('The administrator creates it: CREATE SERVER name FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host, port, dbname), and a user mapping for kpi''s owner.');
	END IF;
END
$$;

-- Pull the city's losses of this banner into kpi.deduction rows of the
-- scheme, all or nothing: a mapped city criterion the banner lost points
-- on becomes (or updates) one deduction per mapped unit and criterion,
-- upstream_lost / upstream_max = the city's loss and maximum there; a
-- pulled deduction the city no longer asks is removed; nothing changes
-- when nothing changed.  Returns what it did, row by row, and each city
-- leaf the banner lost points on that no mapping covers ('unmapped').
-- SECURITY DEFINER: it makes the foreign table in kpi_upstream, and reads
-- through the server with the user mapping of kpi's owner (the
-- administrator maps it to the banner's account in the city's database);
-- office only.
CREATE FUNCTION kpi.pull_upstream(scheme_id text, server text)
RETURNS TABLE (action text, city_scheme text, city_criterion text, lost numeric, max_points numeric,
			   unit_code text, criterion_code text)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	remote text := pg_catalog.format('kpi_upstream.%I', server || '_loss');
	city_schemes text[];
	city_units text[];
BEGIN
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to pull upstream deductions into scheme "%s"'), scheme_id));
	PERFORM kpi.require_foreign_server(server);
	IF NOT EXISTS (SELECT 1 FROM kpi.scheme s WHERE s.scheme_id = pull_upstream.scheme_id) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), scheme_id),
			ERRCODE = 'no_data_found';
	END IF;
	SELECT coalesce(array_agg(DISTINCT m.city_scheme), '{}'), coalesce(array_agg(DISTINCT m.city_unit), '{}')
	  INTO city_schemes, city_units
	  FROM kpi.upstream_map m WHERE m.scheme_id = pull_upstream.scheme_id;
	IF pg_catalog.to_regclass(remote) IS NULL THEN
		EXECUTE pg_catalog.format(
			'CREATE FOREIGN TABLE %s (scheme_id text, unit_code text, criterion_code text, is_leaf boolean, '
			'path text[], max_points numeric, points numeric, lost numeric) '
			'SERVER %I OPTIONS (schema_name ''kpi'', table_name ''criterion_loss'')', remote, server);
	END IF;
	-- One statement, so all or nothing: the city's rows read once (the
	-- filter on its schemes and this banner's codes there sent to it), the
	-- deductions they ask beside those an earlier pull wrote; then the
	-- ones no longer asked removed, the changed updated, the new added.
	-- A finalized scheme is refused by kpi.deduction's lock.
	RETURN QUERY EXECUTE pg_catalog.format($q$
	WITH now AS MATERIALIZED (
		SELECT r.scheme_id AS city_scheme, r.unit_code AS city_unit, r.criterion_code AS city_criterion,
			   r.is_leaf, r.path, r.max_points, r.lost
		  FROM %s r
		 WHERE r.scheme_id = ANY ($3) AND r.unit_code = ANY ($4)
	), wanted AS (
		SELECT m.unit_code, m.criterion_code, m.city_scheme, m.city_unit, m.city_criterion,
			   coalesce(m.source, $2) AS source, n.lost, n.max_points
		  FROM kpi.upstream_map m
		  JOIN now n ON n.city_scheme = m.city_scheme AND n.city_unit = m.city_unit AND n.city_criterion = m.city_criterion
		 WHERE m.scheme_id = $1 AND n.lost > 0
	), pulled AS (
		SELECT d.id, d.unit_code, d.criterion_code, d.source, d.upstream_lost, d.upstream_max,
			   p.city_scheme, p.city_unit, p.city_criterion
		  FROM kpi.upstream_pulled p
		  JOIN kpi.deduction d ON d.id = p.deduction_id
		 WHERE p.scheme_id = $1 AND p.server = $2
	), matched AS (
		SELECT o.id, o.source AS old_source, o.upstream_lost, o.upstream_max, w.*
		  FROM pulled o
		  JOIN wanted w ON (w.unit_code, w.criterion_code, w.city_scheme, w.city_unit, w.city_criterion)
						 = (o.unit_code, o.criterion_code, o.city_scheme, o.city_unit, o.city_criterion)
	), fresh AS MATERIALIZED (
		SELECT pg_catalog.nextval('kpi.deduction_id_seq') AS id, w.*
		  FROM wanted w
		 WHERE NOT EXISTS (SELECT 1 FROM matched x
							WHERE (x.unit_code, x.criterion_code, x.city_scheme, x.city_unit, x.city_criterion)
								= (w.unit_code, w.criterion_code, w.city_scheme, w.city_unit, w.city_criterion))
	), removed AS (
		DELETE FROM kpi.deduction d
		 USING pulled o
		 WHERE d.id = o.id AND NOT EXISTS (SELECT 1 FROM matched x WHERE x.id = o.id)
		RETURNING o.city_scheme, o.city_criterion, o.upstream_lost, o.upstream_max, o.unit_code, o.criterion_code
	), updated AS (
		UPDATE kpi.deduction d
		   SET upstream_lost = x.lost, upstream_max = x.max_points, source = x.source
		  FROM matched x
		 WHERE d.id = x.id
		   AND (x.upstream_lost, x.upstream_max, x.old_source) IS DISTINCT FROM (x.lost, x.max_points, x.source)
		RETURNING x.city_scheme, x.city_criterion, x.lost, x.max_points, x.unit_code, x.criterion_code
	), added AS (
		INSERT INTO kpi.deduction (id, scheme_id, unit_code, criterion_code, source, upstream_lost, upstream_max, note)
		SELECT f.id, $1, f.unit_code, f.criterion_code, f.source, f.lost, f.max_points,
			   pg_catalog.format('%%s %%s %%s', f.city_scheme, f.city_unit, f.city_criterion)
		  FROM fresh f
		RETURNING id
	), booked AS (
		INSERT INTO kpi.upstream_pulled (deduction_id, scheme_id, server, city_scheme, city_unit, city_criterion)
		SELECT f.id, $1, $2, f.city_scheme, f.city_unit, f.city_criterion
		  FROM fresh f
		RETURNING deduction_id
	)
	SELECT 'removed', x.city_scheme, x.city_criterion, x.upstream_lost, x.upstream_max, x.unit_code, x.criterion_code
	  FROM removed x
	UNION ALL
	SELECT 'updated', x.city_scheme, x.city_criterion, x.lost, x.max_points, x.unit_code, x.criterion_code
	  FROM updated x
	UNION ALL
	SELECT 'added', f.city_scheme, f.city_criterion, f.lost, f.max_points, f.unit_code, f.criterion_code
	  FROM fresh f
	UNION ALL
	SELECT 'unchanged', x.city_scheme, x.city_criterion, x.lost, x.max_points, x.unit_code, x.criterion_code
	  FROM matched x
	 WHERE (x.upstream_lost, x.upstream_max, x.old_source) IS NOT DISTINCT FROM (x.lost, x.max_points, x.source)
	UNION ALL
	-- a leaf the city took points on that no mapping covers (itself or a
	-- criterion above it): reported, not dropped
	SELECT 'unmapped', n.city_scheme, n.city_criterion, n.lost, n.max_points, NULL, NULL
	  FROM now n
	 WHERE n.is_leaf AND n.lost > 0
	   AND NOT EXISTS (SELECT 1 FROM kpi.upstream_map m
						WHERE m.scheme_id = $1 AND m.city_scheme = n.city_scheme
						  AND m.city_unit = n.city_unit AND m.city_criterion = ANY (n.path))
	ORDER BY 1, 2, 3, 6, 7
	$q$, remote) USING pull_upstream.scheme_id, pull_upstream.server, city_schemes, city_units;
END
$$;
COMMENT ON FUNCTION kpi.pull_upstream(text, text) IS
	'Pull what a city took off this bureau (its kpi.criterion_loss, through a postgres_fdw server) into kpi.deduction rows by kpi.upstream_map';

-- Access: the mapping and the pulled rows are the office's; the loss view
-- is a result (filtered per account).
ALTER TABLE kpi.upstream_map ENABLE ROW LEVEL SECURITY;
CREATE POLICY office_writes ON kpi.upstream_map FOR ALL
	USING ((SELECT kpi.is_office(current_user::text)))
	WITH CHECK ((SELECT kpi.is_office(current_user::text)));
ALTER TABLE kpi.upstream_pulled ENABLE ROW LEVEL SECURITY;
CREATE POLICY office_reads ON kpi.upstream_pulled FOR SELECT
	USING ((SELECT kpi.is_office(current_user::text)));

-- Locked with their finalized scheme, audited.
SELECT kpi.lock_with_scheme('kpi.upstream_map'), kpi.lock_with_scheme('kpi.upstream_pulled');
SELECT kpi.audit_changes('kpi.upstream_map', '{scheme_id,city_scheme,city_unit,city_criterion,unit_code,criterion_code}'),
	   kpi.audit_changes('kpi.upstream_pulled', '{deduction_id}');
