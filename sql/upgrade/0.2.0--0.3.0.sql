\echo Use "ALTER EXTENSION kpi UPDATE TO '0.3.0'" to load this file. \quit

-- kpi 0.2.0 -> 0.3.0: the changes to objects of 0.2.0, each as in
-- sql/kpi/ (a fresh install and an update must end in the same catalog;
-- test/upgrade.sh compares them).

-- kpi.criterion_node carries the criterion's own columns, so that
-- kpi.rubric_node reads one table (sql/kpi/38_criterion_node.sql).
ALTER TABLE kpi.criterion_node
	ADD COLUMN parent_code text,
	ADD COLUMN title text,
	ADD COLUMN max_points numeric NOT NULL DEFAULT 0,
	ADD COLUMN rule jsonb,
	ADD COLUMN position int;
ALTER TABLE kpi.criterion_node ALTER COLUMN max_points DROP DEFAULT;
COMMENT ON TABLE kpi.criterion_node IS 'Every criterion under a root with its rubric root, depth and leafness (derived from kpi.criterion)';

CREATE OR REPLACE FUNCTION kpi.rebuild_criterion_node(schemes text[])
RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	DELETE FROM kpi.criterion_node n WHERE schemes IS NULL OR n.scheme_id = ANY (schemes);
	INSERT INTO kpi.criterion_node (scheme_id, criterion_code, rubric_code, depth, is_leaf,
									parent_code, title, max_points, rule, position)
	WITH RECURSIVE tree AS (
		SELECT c.scheme_id, c.criterion_code AS rubric_code, c.criterion_code, 0 AS depth
		  FROM kpi.criterion c
		 WHERE c.parent_code IS NULL AND (schemes IS NULL OR c.scheme_id = ANY (schemes))
		UNION ALL
		SELECT c.scheme_id, t.rubric_code, c.criterion_code, t.depth + 1
		  FROM tree t
		  JOIN kpi.criterion c ON c.scheme_id = t.scheme_id AND c.parent_code = t.criterion_code
	)
	SELECT t.scheme_id, t.criterion_code, t.rubric_code, t.depth,
		   NOT EXISTS (SELECT 1 FROM kpi.criterion k
					   WHERE k.scheme_id = t.scheme_id AND k.parent_code = t.criterion_code),
		   c.parent_code, c.title, c.max_points, c.rule, c.position
	  FROM tree t
	  JOIN kpi.criterion c ON c.scheme_id = t.scheme_id AND c.criterion_code = t.criterion_code;
$$;
SELECT kpi.rebuild_criterion_node(NULL);

-- Every criterion under a rubric root, with the root it belongs to.
CREATE OR REPLACE VIEW kpi.rubric_node AS
SELECT n.scheme_id, n.rubric_code, n.criterion_code, n.parent_code, n.depth,
	   n.title, n.max_points, n.rule, n.position, n.is_leaf
  FROM kpi.criterion_node n;
COMMENT ON VIEW kpi.rubric_node IS 'Every criterion with the rubric root it descends from and its depth (root = 0)';
