
-- kpi: checks the office runs before publishing a scheme.

-- Every criterion whose children's points do not add up to its own, with
-- both numbers: a typo in a rubric shows here before anyone is scored on it.
CREATE FUNCTION kpi.check_rubric(scheme text)
RETURNS TABLE (criterion_code text, title text, max_points numeric, children_sum numeric, children int)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT p.criterion_code, p.title, p.max_points, sum(c.max_points), count(*)::int
	  FROM kpi.criterion p
	  JOIN kpi.criterion c ON c.scheme_id = p.scheme_id AND c.parent_code = p.criterion_code
	 WHERE p.scheme_id = scheme
	 GROUP BY p.criterion_code, p.title, p.max_points
	HAVING sum(c.max_points) <> p.max_points
	 ORDER BY p.criterion_code
$$;
COMMENT ON FUNCTION kpi.check_rubric(text) IS 'Criteria whose children''s max_points do not add up to their own';

-- One row per problem that would make the scheme's result wrong or
-- incomplete.  Empty means ready.
CREATE FUNCTION kpi.validate(scheme text)
RETURNS TABLE (problem text, group_code text, unit_code text, criterion_code text, detail text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	-- a group whose component weights do not add up to 100
	SELECT 'weights', g.group_code, NULL::text, NULL::text,
		   format('component weights add up to %s, not 100', coalesce(sum(c.weight), 0))
	  FROM kpi.unit_group g
	  LEFT JOIN kpi.component c ON c.scheme_id = g.scheme_id AND c.group_code = g.group_code
	 WHERE g.scheme_id = scheme
	 GROUP BY g.group_code
	HAVING coalesce(sum(c.weight), 0) <> 100
	UNION ALL
	-- a participant on a rubric that has no leaf to score
	SELECT 'rubric without leaves', p.group_code, p.unit_code, p.rubric_code,
		   format('rubric %s has no leaf criteria, so the unit''s content score is 0', p.rubric_code)
	  FROM kpi.participant p
	 WHERE p.scheme_id = scheme
	   AND NOT EXISTS (SELECT 1 FROM kpi.rubric_leaf l
					   WHERE l.scheme_id = p.scheme_id AND l.rubric_code = p.rubric_code)
	UNION ALL
	-- a rubric root no participant uses and that has no leaves
	SELECT 'rubric without leaves', NULL, NULL, c.criterion_code,
		   format('rubric root %s has no leaf criteria', c.criterion_code)
	  FROM kpi.criterion c
	 WHERE c.scheme_id = scheme AND c.parent_code IS NULL
	   AND NOT EXISTS (SELECT 1 FROM kpi.rubric_leaf l
					   WHERE l.scheme_id = c.scheme_id AND l.rubric_code = c.criterion_code)
	   AND NOT EXISTS (SELECT 1 FROM kpi.participant p
					   WHERE p.scheme_id = c.scheme_id AND p.rubric_code = c.criterion_code)
	UNION ALL
	-- a criterion whose children's points do not add up to its own
	SELECT 'points do not add up', NULL, NULL, r.criterion_code,
		   format('children add up to %s, the criterion has %s', r.children_sum, r.max_points)
	  FROM kpi.check_rubric(scheme) r
	UNION ALL
	-- a leaf with neither score nor evidence: the unit is incomplete
	SELECT 'incomplete unit', p.group_code, lp.unit_code, lp.criterion_code,
		   'no score and no evidence: counts 0'
	  FROM kpi.leaf_points lp
	  JOIN kpi.participant p ON p.scheme_id = lp.scheme_id AND p.unit_code = lp.unit_code
	 WHERE lp.scheme_id = scheme AND lp.source = 'none'
	UNION ALL
	-- evidence on a leaf without rule and without score: 0 until scored
	SELECT 'evidence without rule', p.group_code, lp.unit_code, lp.criterion_code,
		   'facts were reported but the leaf has no rule and no score: counts 0'
	  FROM kpi.leaf_points lp
	  JOIN kpi.participant p ON p.scheme_id = lp.scheme_id AND p.unit_code = lp.unit_code
	 WHERE lp.scheme_id = scheme AND lp.source = 'evidence'
	UNION ALL
	-- a rating component without any rating: the unit is incomplete
	SELECT 'incomplete unit', p.group_code, p.unit_code, NULL,
		   format('no rating for component %s: counts 0', c.component_code)
	  FROM kpi.participant p
	  JOIN kpi.component c ON c.scheme_id = p.scheme_id AND c.group_code = p.group_code
	 WHERE p.scheme_id = scheme AND c.component_code <> 'content'
	   AND NOT EXISTS (SELECT 1 FROM kpi.rating r
					   WHERE r.scheme_id = p.scheme_id AND r.unit_code = p.unit_code
						 AND r.component_code = c.component_code)
	ORDER BY 1, 2, 3, 4
$$;
COMMENT ON FUNCTION kpi.validate(text) IS 'Problems that keep a scheme from being ready to publish, one row each';
