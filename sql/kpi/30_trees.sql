
-- kpi: the criteria trees.  Where each criterion sits in its tree (its
-- rubric root, depth and leafness, with its own columns) is kept in a table
-- by a trigger on kpi.criterion instead of a recursive query and a join in
-- every read: a rubric changes a few times a year and is read on every
-- query of kpi.result, and a recursive CTE would keep the planner from
-- running those queries in parallel.  The table is derived: not dumped,
-- rebuilt by the trigger as a restore loads criteria.

CREATE TABLE kpi.criterion_node (
	scheme_id text NOT NULL,
	criterion_code text NOT NULL,
	rubric_code text NOT NULL,
	depth int NOT NULL,
	is_leaf boolean NOT NULL,
	-- the criterion's own columns, copied so a tree is read from one table
	parent_code text,
	title text,
	max_points numeric NOT NULL,
	rule jsonb,
	position int,
	PRIMARY KEY (scheme_id, criterion_code)
);
COMMENT ON TABLE kpi.criterion_node IS 'Every criterion under a root with its rubric root, depth and leafness (derived from kpi.criterion)';
-- (scheme, rubric) reads a tree; with the code, a row checked against its
-- unit's rubric is one lookup even when the planner, its statistics not
-- yet knowing a new large tree, loops over the rows of a big import
CREATE INDEX criterion_node_rubric_idx ON kpi.criterion_node (scheme_id, rubric_code, criterion_code);

-- Recompute the nodes of the given schemes (null: all) from kpi.criterion.
-- The walk goes down from the roots, so criteria on a cycle (refused by
-- kpi.criterion_check_tree anyway) or under a missing parent are no node.
-- SECURITY DEFINER: the table is derived, kpi's own, and no account writes
-- it; it is rebuilt for whoever changed the criteria.
CREATE FUNCTION kpi.rebuild_criterion_node(schemes text[])
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

-- The trigger on kpi.criterion that rebuilds the changed schemes' nodes;
-- SECURITY DEFINER for kpi.rebuild_criterion_node.
CREATE FUNCTION kpi.criterion_node_refresh()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	schemes text[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(DISTINCT n.scheme_id) INTO schemes FROM new_rows n;
	ELSIF TG_OP = 'UPDATE' THEN
		SELECT array_agg(DISTINCT t.scheme_id) INTO schemes
		  FROM (SELECT n.scheme_id FROM new_rows n UNION SELECT o.scheme_id FROM old_rows o) t;
	ELSIF TG_OP = 'DELETE' THEN
		SELECT array_agg(DISTINCT o.scheme_id) INTO schemes FROM old_rows o;
	ELSE
		-- TRUNCATE
		DELETE FROM kpi.criterion_node;
		RETURN NULL;
	END IF;
	IF schemes IS NOT NULL THEN
		PERFORM kpi.rebuild_criterion_node(schemes);
	END IF;
	RETURN NULL;
END
$$;

-- named to run after the lock's triggers and before the checks that read
-- the trees (statement triggers fire in name order)
SELECT kpi.create_change_triggers('kpi.criterion', 'a_node', 'kpi.criterion_node_refresh()',
								  '{insert,update,delete,truncate}');

-- Every criterion under a rubric root, with the root it belongs to.
CREATE VIEW kpi.rubric_node AS
SELECT n.scheme_id, n.rubric_code, n.criterion_code, n.parent_code, n.depth,
	   n.title, n.max_points, n.rule, n.position, n.is_leaf
  FROM kpi.criterion_node n;
COMMENT ON VIEW kpi.rubric_node IS 'Every criterion with the rubric root it descends from and its depth (root = 0)';

-- The leaves a unit on this rubric is scored on.  A lone root is no leaf:
-- such a rubric has nothing to score (kpi.validate reports it).
CREATE VIEW kpi.rubric_leaf AS
SELECT scheme_id, rubric_code, criterion_code, max_points, rule
  FROM kpi.rubric_node
 WHERE is_leaf AND depth > 0;
COMMENT ON VIEW kpi.rubric_leaf IS 'Leaves of each rubric: the criteria points are given on';

CREATE VIEW kpi.rubric_total AS
SELECT scheme_id, rubric_code, count(*) AS leaves, sum(max_points) AS max_points
  FROM kpi.rubric_leaf
 GROUP BY scheme_id, rubric_code;
COMMENT ON VIEW kpi.rubric_total IS 'Number of leaves and Σ leaf max_points of each rubric (the content denominator)';

-- Each rubric's tree as two aligned arrays, for kpi_deduction_cap.
CREATE VIEW kpi.rubric_tree AS
SELECT scheme_id, rubric_code, array_agg(criterion_code) AS codes, array_agg(parent_code) AS parents
  FROM kpi.rubric_node
 GROUP BY scheme_id, rubric_code;
COMMENT ON VIEW kpi.rubric_tree IS 'Each rubric''s criteria and their parents, as aligned arrays';
