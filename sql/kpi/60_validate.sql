
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

-- Every problem of a scheme's method (semantics 10-13): grades, veto
-- level, consequence rules, rating scales.  Each names its row in the
-- detail.  kpi.validate reports them as 'method'; kpi.finalize refuses
-- while any remain, even when forced, since the levels would be undefined.
CREATE FUNCTION kpi.check_method(scheme text)
RETURNS TABLE (detail text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	WITH g AS (SELECT * FROM kpi.grade g WHERE g.scheme_id = scheme),
	sl AS (SELECT * FROM kpi.scheme_levels sl WHERE sl.scheme_id = scheme),
	d AS (SELECT min(g.level) AS level, count(*) AS n FROM g WHERE g.is_default)
	-- exactly one default level
	SELECT format('the grades have %s default levels (%s), not exactly one', d.n,
				  coalesce((SELECT string_agg(g.level::text, ', ' ORDER BY g.level) FROM g WHERE g.is_default), 'none'))
	  FROM d
	 WHERE d.n <> 1 AND EXISTS (SELECT 1 FROM g)
	UNION ALL
	-- levels 1..n without gaps
	SELECT format('grade level %s is missing: levels are numbered 1 to %s without gaps', l, sl.levels)
	  FROM sl CROSS JOIN generate_series(1, sl.levels) l
	 WHERE sl.graded AND NOT EXISTS (SELECT 1 FROM g WHERE g.level = l)
	UNION ALL
	-- a quota, or a minimum total, on a level that is not better than the
	-- default: only quota levels place units by them
	SELECT format('grade level %s (%s) has %s but is not better than the default level %s, so it is never used',
				  g.level, g.label,
				  concat_ws(' and ', CASE WHEN g.places IS NOT NULL THEN format('places %s', g.places) END,
							CASE WHEN g.share IS NOT NULL THEN format('share %s', g.share) END,
							CASE WHEN g.min_total IS NOT NULL THEN format('min_total %s', g.min_total) END),
				  d.level)
	  FROM g CROSS JOIN d
	 WHERE d.n = 1 AND g.level >= d.level
	   AND (g.places IS NOT NULL OR g.share IS NOT NULL OR g.min_total IS NOT NULL)
	UNION ALL
	-- a below_total a worse level's equal or higher below_total covers:
	-- every unit below it is capped at the worse level
	SELECT format('grade level %s (%s) is unreachable by below_total %s: level %s (%s) has below_total %s, so every unit below %s is capped there',
				  g.level, g.label, g.below_total, w.level, w.label, w.below_total, g.below_total)
	  FROM g
	  JOIN LATERAL (SELECT * FROM g w WHERE w.level > g.level AND w.below_total >= g.below_total
					 ORDER BY w.level LIMIT 1) w ON true
	UNION ALL
	-- a quota of nobody
	SELECT format('grade level %s (%s) has places 0: nobody is ever placed there', g.level, g.label)
	  FROM g
	 WHERE g.places = 0
	UNION ALL
	-- the veto level
	SELECT format('veto_level %s of scheme %s is not one of its levels (1 to %s)', s.veto_level, s.scheme_id, sl.levels)
	  FROM kpi.scheme s CROSS JOIN sl
	 WHERE s.scheme_id = scheme AND s.veto_level IS NOT NULL
	   AND (s.veto_level > sl.levels OR (sl.graded AND NOT EXISTS (SELECT 1 FROM g WHERE g.level = s.veto_level)))
	UNION ALL
	-- consequence rules on levels the scheme does not have
	SELECT format('consequence rule %s (%s, level %s) is on a level the scheme does not have (1 to %s)',
				  r.id, r.consequence, r.level, sl.levels)
	  FROM kpi.consequence_rule r CROSS JOIN sl
	 WHERE r.scheme_id = scheme
	   AND (r.level > sl.levels OR (sl.graded AND NOT EXISTS (SELECT 1 FROM g WHERE g.level = r.level)))
	UNION ALL
	-- a rating scale on a component no group of the scheme has
	SELECT format('rating scale of component %s (grade %s) is on a component no group of the scheme has',
				  rs.component_code, string_agg(rs.grade, ', ' ORDER BY rs.grade))
	  FROM kpi.rating_scale rs
	 WHERE rs.scheme_id = scheme
	   AND NOT EXISTS (SELECT 1 FROM kpi.component c
					   WHERE c.scheme_id = rs.scheme_id AND c.component_code = rs.component_code)
	 GROUP BY rs.component_code
$$;
COMMENT ON FUNCTION kpi.check_method(text) IS 'Problems of a scheme''s method: grades, veto level, consequence rules, rating scales';

-- One row per problem that would make the scheme's result wrong or
-- incomplete.  Empty means ready.
CREATE FUNCTION kpi.validate(scheme text)
RETURNS TABLE (problem text, group_code text, unit_code text, criterion_code text, detail text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	-- the method (grades, veto level, consequence rules, scales)
	SELECT 'method', NULL::text, NULL::text, NULL::text, m.detail
	  FROM kpi.check_method(scheme) m
	UNION ALL
	-- a group whose component weights do not add up to 100
	SELECT 'weights', g.group_code, NULL, NULL,
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
	UNION ALL
	-- an appeal (申诉) the office has not decided
	SELECT 'appeal undecided', p.group_code, a.unit_code, a.criterion_code,
		   format('appeal %s%s is not decided', a.id,
				  CASE WHEN a.component_code IS NOT NULL THEN format(' on component %s', a.component_code) END)
	  FROM kpi.appeal a
	  JOIN kpi.participant p ON p.scheme_id = a.scheme_id AND p.unit_code = a.unit_code
	 WHERE a.scheme_id = scheme AND a.decision IS NULL
	ORDER BY 1, 2, 3, 4, 5
$$;
COMMENT ON FUNCTION kpi.validate(text) IS 'Problems that keep a scheme from being ready to publish, one row each';
