
-- kpi: a new year from the last, and the 2018 method written as rows.

-- Copy a scheme's method and set-up into a new scheme (a draft, for the
-- office to check and open): its parameters, groups, components, grades,
-- rating scales, consequence rules, the rubric trees with their rules, and
-- the participants.  Not its scores, ratings, evidence, bonuses,
-- deductions, vetoes, downgrades, members or ineligibility: those are the
-- year's.  One statement; as the caller (only the office may write these
-- tables).
CREATE FUNCTION kpi.copy_scheme(from_scheme text, to_scheme text, year integer)
RETURNS kpi.scheme
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	copied kpi.scheme;
BEGIN
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to copy scheme "%s"'), from_scheme));
	IF to_scheme IS NULL OR year IS NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = kpi.translate('kpi.copy_scheme needs the new scheme''s code and year'),
			ERRCODE = 'null_value_not_allowed';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM kpi.scheme s WHERE s.scheme_id = from_scheme) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), from_scheme),
			ERRCODE = 'no_data_found';
	END IF;
	IF EXISTS (SELECT 1 FROM kpi.scheme s WHERE s.scheme_id = to_scheme) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" already exists'), to_scheme),
			ERRCODE = 'unique_violation',
			DETAIL = kpi.translate('kpi.copy_scheme makes a new scheme; it never writes into an existing one.');
	END IF;
	INSERT INTO kpi.scheme (scheme_id, year, title, top_n, bonus_points, reward_amount, head_share, status,
							veto_level, bonus_cap)
	SELECT to_scheme, copy_scheme.year, s.title, s.top_n, s.bonus_points, s.reward_amount, s.head_share, 'draft',
		   s.veto_level, s.bonus_cap
	  FROM kpi.scheme s
	 WHERE s.scheme_id = from_scheme
	RETURNING * INTO copied;
	INSERT INTO kpi.unit_group (scheme_id, group_code, title)
	SELECT to_scheme, g.group_code, g.title FROM kpi.unit_group g WHERE g.scheme_id = from_scheme;
	INSERT INTO kpi.component (scheme_id, group_code, component_code, title, weight, aggregation)
	SELECT to_scheme, c.group_code, c.component_code, c.title, c.weight, c.aggregation
	  FROM kpi.component c WHERE c.scheme_id = from_scheme;
	INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, rule, position)
	SELECT to_scheme, c.criterion_code, c.parent_code, c.title, c.max_points, c.rule, c.position
	  FROM kpi.criterion c WHERE c.scheme_id = from_scheme;
	INSERT INTO kpi.participant (scheme_id, unit_code, group_code, rubric_code)
	SELECT to_scheme, p.unit_code, p.group_code, p.rubric_code
	  FROM kpi.participant p WHERE p.scheme_id = from_scheme;
	INSERT INTO kpi.grade (scheme_id, level, label, places, share, min_total, below_total, last_places,
						   is_default, reward_amount, head_share)
	SELECT to_scheme, g.level, g.label, g.places, g.share, g.min_total, g.below_total, g.last_places,
		   g.is_default, g.reward_amount, g.head_share
	  FROM kpi.grade g WHERE g.scheme_id = from_scheme;
	INSERT INTO kpi.rating_scale (scheme_id, component_code, grade, points)
	SELECT to_scheme, r.component_code, r.grade, r.points
	  FROM kpi.rating_scale r WHERE r.scheme_id = from_scheme;
	INSERT INTO kpi.consequence_rule (scheme_id, level, years, applies_to, consequence)
	SELECT to_scheme, r.level, r.years, r.applies_to, r.consequence
	  FROM kpi.consequence_rule r WHERE r.scheme_id = from_scheme ORDER BY r.id;
	RETURN copied;
END
$$;
COMMENT ON FUNCTION kpi.copy_scheme(text, text, integer) IS
	'Start a new scheme (a draft) from another: parameters, groups, components, grades, scales, consequence rules, rubrics, participants';

-- The 2018 method (semantics 6-9) as the rows of semantics 10-12, for a
-- scheme that has none: 实绩突出 top_n places with the scheme's reward and
-- head share, 实绩比较突出 the default, 实绩一般 the last place (and the
-- veto level, the worst); rule 9's consequences.  The scheme computes the
-- same results, rewards and consequences before and after.
CREATE FUNCTION kpi.write_2018_method(scheme text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to write the method of scheme "%s"'), scheme));
	IF NOT EXISTS (SELECT 1 FROM kpi.scheme s WHERE s.scheme_id = scheme) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), scheme),
			ERRCODE = 'no_data_found';
	END IF;
	IF EXISTS (SELECT 1 FROM kpi.grade g WHERE g.scheme_id = scheme)
	   OR EXISTS (SELECT 1 FROM kpi.consequence_rule r WHERE r.scheme_id = scheme) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" already has grades or consequence rules'), scheme),
			ERRCODE = 'unique_violation',
			DETAIL = kpi.translate('The 2018 method is written only into a scheme that has neither.');
	END IF;
	INSERT INTO kpi.grade (scheme_id, level, label, places, is_default, last_places, reward_amount, head_share)
	SELECT s.scheme_id, v.level, v.label,
		   CASE WHEN v.level = 1 THEN s.top_n END, v.level = 2, CASE WHEN v.level = 3 THEN 1 END,
		   CASE WHEN v.level = 1 THEN s.reward_amount END, CASE WHEN v.level = 1 THEN s.head_share END
	  FROM kpi.scheme s
	 CROSS JOIN (VALUES (1, '实绩突出'), (2, '实绩比较突出'), (3, '实绩一般')) AS v (level, label)
	 WHERE s.scheme_id = scheme;
	INSERT INTO kpi.consequence_rule (scheme_id, level, years, applies_to, consequence)
	VALUES (scheme, 1, 1, 'unit', '通报表彰'),
		   (scheme, 3, 1, 'unit', '通报批评'),
		   (scheme, 3, 1, 'members', '当年不得参加公务员评优和系统评先'),
		   (scheme, 3, 2, 'members', '确定为不称职公务员');
END
$$;
COMMENT ON FUNCTION kpi.write_2018_method(text) IS
	'Write the 2018 method''s grades and consequence rules as rows of a scheme that has none (same results)';
