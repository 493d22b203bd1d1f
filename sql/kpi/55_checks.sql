
-- kpi: integrity rules that CHECK and FOREIGN KEY constraints cannot state
-- because they span tables.  Each is a statement-level trigger over the
-- transition table, so a bulk load is checked in one set-based query and a
-- bad row aborts the whole statement: nothing is half-written.  Errors name
-- the row (scheme, unit, criterion) and carry a class-23 SQLSTATE.
-- Trigger functions run with a fixed search_path: they never resolve a name
-- through the caller's.  Those that check written rows against the trees
-- and participants run as kpi's owner (SECURITY DEFINER): an assessor or a
-- unit writes rows it is let write, but may not read kpi.criterion_node or
-- every participant, and the check must see them all.  The weights, which
-- only the office writes, are checked as the caller.

-- Every criterion a participant may be scored on, with its place in the
-- participant's rubric.
CREATE VIEW kpi.participant_criterion AS
SELECT p.scheme_id, p.unit_code, p.rubric_code, n.criterion_code, n.depth, n.is_leaf,
	   n.max_points, n.rule
  FROM kpi.participant p
  JOIN kpi.rubric_node n ON n.scheme_id = p.scheme_id AND n.rubric_code = p.rubric_code;
COMMENT ON VIEW kpi.participant_criterion IS 'Each criterion of each participant''s rubric, with depth and leafness';

-- Criteria: no cycles (a cycle would have no root and never be scored),
-- and rules that are well-formed for their criterion.
CREATE FUNCTION kpi.criterion_check_tree()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	bad record;
	unreachable bigint;
	code text;
	first_on_cycle text;
	least_on_cycle text;
BEGIN
	-- A criterion on a cycle (or under one) is reached from no root, so it
	-- has no row in kpi.criterion_node, which the a_node_* triggers have
	-- just rebuilt (linear in the tree, however deep).  Nor is a criterion
	-- whose parent is not there yet (its check waits for COMMIT) or
	-- one under it: those are set aside.  Walking up from what is left, as
	-- many steps as there are such criteria, lands on the cycle; once round
	-- the cycle names its least code.  No step is quadratic in the depth.
	WITH RECURSIVE schemes AS (
		SELECT DISTINCT n.scheme_id FROM new_rows n
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.criterion_node t
							WHERE t.scheme_id = n.scheme_id AND t.criterion_code = n.criterion_code)
	), unreached AS (
		SELECT c.scheme_id, c.criterion_code, c.parent_code
		  FROM kpi.criterion c JOIN schemes s ON s.scheme_id = c.scheme_id
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.criterion_node t
							WHERE t.scheme_id = c.scheme_id AND t.criterion_code = c.criterion_code)
	), orphaned AS (
		SELECT u.scheme_id, u.criterion_code FROM unreached u
		 WHERE NOT EXISTS (SELECT 1 FROM kpi.criterion p
							WHERE p.scheme_id = u.scheme_id AND p.criterion_code = u.parent_code)
		UNION
		SELECT k.scheme_id, k.criterion_code
		  FROM orphaned o
		  JOIN kpi.criterion k ON k.scheme_id = o.scheme_id AND k.parent_code = o.criterion_code
	)
	SELECT u.scheme_id, u.criterion_code, count(*) OVER (PARTITION BY u.scheme_id) AS unreached
	  INTO bad
	  FROM unreached u
	 WHERE NOT EXISTS (SELECT 1 FROM orphaned o
						WHERE o.scheme_id = u.scheme_id AND o.criterion_code = u.criterion_code)
	 LIMIT 1;
	IF FOUND THEN
		unreachable := bad.unreached;
		code := bad.criterion_code;
		FOR i IN 1 .. unreachable LOOP
			SELECT c.parent_code INTO code FROM kpi.criterion c
			 WHERE c.scheme_id = bad.scheme_id AND c.criterion_code = code;
		END LOOP;
		first_on_cycle := code;
		least_on_cycle := code;
		LOOP
			SELECT c.parent_code INTO code FROM kpi.criterion c
			 WHERE c.scheme_id = bad.scheme_id AND c.criterion_code = code;
			EXIT WHEN code = first_on_cycle;
			IF code COLLATE "C" < least_on_cycle COLLATE "C" THEN
				least_on_cycle := code;
			END IF;
		END LOOP;
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('criterion "%s" of scheme "%s" would be its own ancestor'),
										least_on_cycle, bad.scheme_id),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('Following parent_code up from the criterion leads back to it.'),
			HINT = kpi.translate('A criteria tree must not have cycles.');
	END IF;
	-- a rule must be well-formed and give at most the criterion's points
	SELECT n.scheme_id, n.criterion_code, kpi.kpi_rule_problem(n.rule, n.max_points) AS problem
	  INTO bad
	  FROM new_rows n
	 WHERE n.rule IS NOT NULL AND kpi.kpi_rule_problem(n.rule, n.max_points) IS NOT NULL
	 LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('invalid rule on criterion "%s" of scheme "%s"'),
										bad.criterion_code, bad.scheme_id),
			ERRCODE = 'invalid_parameter_value', DETAIL = bad.problem || '.';
	END IF;
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.criterion', 'criterion_check_tree', 'kpi.criterion_check_tree()', '{insert,update}', false);

-- Everything that depends on the criteria trees, for the given schemes
-- (and, when units is given, only those units): participants on roots,
-- scores and evidence on leaves of the unit's rubric within max, facts fit
-- for the leaf's rule, deductions inside the unit's rubric, ratings on the
-- group's components.  Run after changes to criteria, participants or
-- components, which could break them.
CREATE FUNCTION kpi.check_scheme_placement(schemes text[], units text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	bad record;
BEGIN
	SELECT p.scheme_id, p.unit_code, p.rubric_code INTO bad
	  FROM kpi.participant p
	  JOIN kpi.criterion c ON c.scheme_id = p.scheme_id AND c.criterion_code = p.rubric_code
	 WHERE p.scheme_id = ANY (schemes) AND c.parent_code IS NOT NULL
	   AND (units IS NULL OR p.unit_code = ANY (units))
	 LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('rubric "%s" of unit "%s" in scheme "%s" is not a rubric root'),
										bad.rubric_code, bad.unit_code, bad.scheme_id),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('A participant''s rubric_code must name a criterion without parent.');
	END IF;
	-- set-based filters find the bad rows; the row checks name the first.
	-- Each row finds its unit and its criterion by key (not the unit's whole
	-- rubric), so a plan made for a few rows stays linear for an import of
	-- many: PL/pgSQL keeps the plan of a trigger's first statement.
	PERFORM kpi.check_leaf(s.what, s.scheme_id, s.unit_code, s.criterion_code, s.points)
	   FROM (SELECT 'score' AS what, t.scheme_id, t.unit_code, t.criterion_code, t.points FROM kpi.score t
			 UNION ALL
			 SELECT 'self_score', t.scheme_id, t.unit_code, t.criterion_code, t.points FROM kpi.self_score t) s
	   LEFT JOIN kpi.participant p ON p.scheme_id = s.scheme_id AND p.unit_code = s.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = s.scheme_id AND x.criterion_code = s.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE s.scheme_id = ANY (schemes) AND (units IS NULL OR s.unit_code = ANY (units))
		AND (x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf OR s.points > x.max_points);
	PERFORM kpi.check_leaf('evidence', e.scheme_id, e.unit_code, e.criterion_code)
	   FROM kpi.evidence e
	   LEFT JOIN kpi.participant p ON p.scheme_id = e.scheme_id AND p.unit_code = e.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = e.scheme_id AND x.criterion_code = e.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE e.scheme_id = ANY (schemes) AND (units IS NULL OR e.unit_code = ANY (units))
		AND (x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf);
	PERFORM kpi.check_facts_row(e.scheme_id, e.unit_code, e.criterion_code, e.facts)
	   FROM kpi.evidence e
	  WHERE e.scheme_id = ANY (schemes) AND (units IS NULL OR e.unit_code = ANY (units));
	PERFORM kpi.check_deduction_row(d.scheme_id, d.unit_code, d.criterion_code)
	   FROM kpi.deduction d
	   LEFT JOIN kpi.participant p ON p.scheme_id = d.scheme_id AND p.unit_code = d.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = d.scheme_id AND x.criterion_code = d.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE d.scheme_id = ANY (schemes) AND (units IS NULL OR d.unit_code = ANY (units))
		AND x.criterion_code IS NULL;
	PERFORM kpi.check_rating_row(r.scheme_id, r.unit_code, r.component_code)
	   FROM kpi.rating r
	   JOIN kpi.participant p ON p.scheme_id = r.scheme_id AND p.unit_code = r.unit_code
	   LEFT JOIN kpi.component c
		 ON c.scheme_id = r.scheme_id AND c.group_code = p.group_code
		AND c.component_code = r.component_code
	  WHERE r.scheme_id = ANY (schemes) AND (units IS NULL OR r.unit_code = ANY (units))
		AND c.component_code IS NULL;
END
$$;

-- One row of score, self-assessment or evidence: its criterion must be a leaf of the unit's
-- rubric, and points may not exceed the leaf's max_points.  The table
-- triggers call it on the rows written (as kpi's owner); the entry views
-- call it on each line of a sheet (as the caller, under its row-level
-- security), naming the line in `at` and the criterion as the sheet gives
-- it.  Returns the leaf.
CREATE FUNCTION kpi.check_leaf(what text, scheme text, unit text, criterion text,
							   points numeric DEFAULT NULL, at text DEFAULT NULL)
RETURNS kpi.rubric_node
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	code text := CASE WHEN at IS NULL THEN criterion ELSE nullif(btrim(criterion), '') END;
	node kpi.rubric_node;
	rubric text;
BEGIN
	IF code IS NULL AND at IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no 指标 on %s'), at),
				  ERRCODE = 'not_null_violation';
	END IF;
	SELECT p.rubric_code INTO rubric FROM kpi.participant p WHERE p.scheme_id = scheme AND p.unit_code = unit;
	IF NOT FOUND AND at IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unit "%s" on %s does not take part in scheme "%s"'), unit, at, scheme),
				  ERRCODE = 'foreign_key_violation';
	END IF;
	SELECT n.* INTO node FROM kpi.rubric_node n
	 WHERE n.scheme_id = scheme AND n.rubric_code = rubric AND n.criterion_code = code;
	IF NOT FOUND THEN
		PERFORM FROM kpi.criterion c WHERE c.scheme_id = scheme AND c.criterion_code = code;
		IF NOT FOUND AND at IS NOT NULL THEN
			RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unknown criterion "%s" on %s'), code, at),
					  ERRCODE = 'foreign_key_violation',
					  DETAIL = pg_catalog.format(kpi.translate('Scheme "%s" has no criterion with this code.'), scheme);
		ELSIF NOT FOUND THEN
			RAISE EXCEPTION USING
				MESSAGE = pg_catalog.format(CASE what
						WHEN 'score' THEN kpi.translate('score for unit "%s" in scheme "%s" is on criterion "%s", which the scheme does not have')
						WHEN 'self_score' THEN kpi.translate('self-assessment for unit "%s" in scheme "%s" is on criterion "%s", which the scheme does not have')
						ELSE kpi.translate('evidence for unit "%s" in scheme "%s" is on criterion "%s", which the scheme does not have') END,
					unit, scheme, code),
				ERRCODE = 'foreign_key_violation';
		ELSIF at IS NOT NULL THEN
			RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('criterion "%s" on %s is outside the rubric "%s" of unit "%s"'), code, at, rubric, unit),
					  ERRCODE = 'check_violation',
					  DETAIL = kpi.translate('Points are given only on leaves of the rubric the unit takes part on.');
		END IF;
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(CASE what
					WHEN 'score' THEN kpi.translate('score for unit "%s" in scheme "%s" is on criterion "%s", outside the unit''s rubric "%s"')
					WHEN 'self_score' THEN kpi.translate('self-assessment for unit "%s" in scheme "%s" is on criterion "%s", outside the unit''s rubric "%s"')
					ELSE kpi.translate('evidence for unit "%s" in scheme "%s" is on criterion "%s", outside the unit''s rubric "%s"') END,
				unit, scheme, code, rubric),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('Points are given only on leaves of the rubric the unit takes part on.');
	END IF;
	IF node.depth = 0 OR NOT node.is_leaf THEN
		RAISE EXCEPTION USING
			MESSAGE = CASE
				WHEN at IS NOT NULL THEN pg_catalog.format(kpi.translate('criterion "%s" on %s is not a leaf'), code, at)
				WHEN what = 'score' THEN pg_catalog.format(kpi.translate('score for unit "%s" in scheme "%s" is on criterion "%s", which is not a leaf'), unit, scheme, code)
				WHEN what = 'self_score' THEN pg_catalog.format(kpi.translate('self-assessment for unit "%s" in scheme "%s" is on criterion "%s", which is not a leaf'), unit, scheme, code)
				ELSE pg_catalog.format(kpi.translate('evidence for unit "%s" in scheme "%s" is on criterion "%s", which is not a leaf'), unit, scheme, code) END,
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('Points are given on leaves; a criterion with children sums them.');
	END IF;
	IF points > node.max_points THEN
		RAISE EXCEPTION USING
			MESSAGE = CASE
				WHEN at IS NOT NULL THEN pg_catalog.format(kpi.translate('得分 %s on %s exceeds the max_points %s of criterion "%s"'), points, at, node.max_points, code)
				WHEN what = 'self_score' THEN pg_catalog.format(kpi.translate('self-assessment %s for unit "%s" in scheme "%s" on criterion "%s" exceeds its max_points %s'),
									   points, unit, scheme, code, node.max_points)
				ELSE pg_catalog.format(kpi.translate('score %s for unit "%s" in scheme "%s" on criterion "%s" exceeds its max_points %s'),
									   points, unit, scheme, code, node.max_points) END,
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('Points must lie between 0 and the criterion''s max_points.');
	END IF;
	RETURN node;
END
$$;

-- One deduction: its criterion must lie in the unit's rubric.
CREATE FUNCTION kpi.check_deduction_row(scheme text, unit text, criterion text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM FROM kpi.participant_criterion x
	  WHERE x.scheme_id = scheme AND x.unit_code = unit AND x.criterion_code = criterion;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('deduction for unit "%s" in scheme "%s" is on criterion "%s", outside the unit''s rubric'),
										unit, scheme, criterion),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('An upstream deduction is traced to a criterion the unit is scored on.');
	END IF;
END
$$;

-- One rating: its component must be a rating component of the unit's group.
CREATE FUNCTION kpi.check_rating_row(scheme text, unit text, component text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	grp text;
BEGIN
	SELECT p.group_code INTO grp FROM kpi.participant p
	 WHERE p.scheme_id = scheme AND p.unit_code = unit;
	PERFORM FROM kpi.component c
	  WHERE c.scheme_id = scheme AND c.group_code = grp AND c.component_code = component;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('rating of unit "%s" in scheme "%s" is for component "%s", which group "%s" does not have'),
										unit, scheme, component, grp),
			ERRCODE = 'foreign_key_violation',
			DETAIL = kpi.translate('Ratings are given on the rating components of the unit''s group.');
	END IF;
END
$$;

-- One rating's value (semantics 13): a grade where the component has a
-- rating scale, else a score.  (A grade not on the scale fails the
-- rating_grade_in_scale key.)
CREATE FUNCTION kpi.check_rating_value(scheme text, unit text, component text, rater text, has_grade boolean)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	grades text;
BEGIN
	SELECT string_agg(s.grade, ', ' ORDER BY s.points DESC, s.grade) INTO grades
	  FROM kpi.rating_scale s
	 WHERE s.scheme_id = scheme AND s.component_code = component;
	IF grades IS NOT NULL AND NOT has_grade THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('rating of unit "%s" on component "%s" in scheme "%s" by rater "%s" is a score, but the component takes grades'),
										unit, component, scheme, rater),
			ERRCODE = 'check_violation',
			DETAIL = pg_catalog.format(kpi.translate('Its rating scale has the grades %s; give one in column grade and leave score null.'), grades);
	ELSIF grades IS NULL AND has_grade THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('rating of unit "%s" on component "%s" in scheme "%s" by rater "%s" is a grade, but the component has no rating scale'),
										unit, component, scheme, rater),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('A component without kpi.rating_scale rows takes a score from 0 to 100.');
	END IF;
END
$$;

-- One evidence row: the facts must be what the leaf's rule reads.
CREATE FUNCTION kpi.check_facts_row(scheme text, unit text, criterion text, facts jsonb)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	problem text;
BEGIN
	SELECT kpi.kpi_facts_problem(c.rule, facts, c.max_points) INTO problem
	  FROM kpi.criterion c
	 WHERE c.scheme_id = scheme AND c.criterion_code = criterion AND c.rule IS NOT NULL;
	IF problem IS NOT NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('invalid facts for unit "%s" in scheme "%s" on criterion "%s"'),
										unit, scheme, criterion),
			ERRCODE = 'invalid_parameter_value', DETAIL = problem || '.';
	END IF;
END
$$;

-- Statement triggers: check only the rows written, in one pass.  The
-- score check also checks self-assessments (its argument 'self_score').
CREATE FUNCTION kpi.score_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	-- rows already fine are skipped in bulk; the first bad one is reported
	PERFORM kpi.check_leaf(coalesce(TG_ARGV[0], 'score'), n.scheme_id, n.unit_code, n.criterion_code, n.points)
	   FROM new_rows n
	   LEFT JOIN kpi.participant p ON p.scheme_id = n.scheme_id AND p.unit_code = n.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = n.scheme_id AND x.criterion_code = n.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf OR n.points > x.max_points;
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.score', 'score_check', 'kpi.score_check_rows()', '{insert,update}', false);

-- A unit's self-assessment: on a leaf of its rubric, within max_points, as
-- a score is (the same check, told which table it reads).
SELECT kpi.create_change_triggers('kpi.self_score', 'self_score_check', 'kpi.score_check_rows(''self_score'')', '{insert,update}', false);

CREATE FUNCTION kpi.evidence_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_leaf('evidence', n.scheme_id, n.unit_code, n.criterion_code)
	   FROM new_rows n
	   LEFT JOIN kpi.participant p ON p.scheme_id = n.scheme_id AND p.unit_code = n.unit_code
	   LEFT JOIN kpi.criterion_node x
		 ON x.scheme_id = n.scheme_id AND x.criterion_code = n.criterion_code
		AND x.rubric_code = p.rubric_code
	  WHERE x.criterion_code IS NULL OR x.depth = 0 OR NOT x.is_leaf;
	-- facts must be what the leaf's rule reads
	PERFORM kpi.check_facts_row(n.scheme_id, n.unit_code, n.criterion_code, n.facts)
	   FROM new_rows n;
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.evidence', 'evidence_check', 'kpi.evidence_check_rows()', '{insert,update}', false);

CREATE FUNCTION kpi.deduction_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_deduction_row(n.scheme_id, n.unit_code, n.criterion_code)
	   FROM new_rows n;
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.deduction', 'deduction_check', 'kpi.deduction_check_rows()', '{insert,update}', false);

CREATE FUNCTION kpi.rating_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_rating_row(n.scheme_id, n.unit_code, n.component_code)
	   FROM new_rows n
	   JOIN kpi.participant p ON p.scheme_id = n.scheme_id AND p.unit_code = n.unit_code
	   LEFT JOIN kpi.component c
		 ON c.scheme_id = n.scheme_id AND c.group_code = p.group_code
		AND c.component_code = n.component_code
	  WHERE c.component_code IS NULL;
	PERFORM kpi.check_rating_value(n.scheme_id, n.unit_code, n.component_code, n.rater, n.grade IS NOT NULL)
	   FROM new_rows n
	  WHERE (n.grade IS NULL) = EXISTS (SELECT 1 FROM kpi.rating_scale s
										 WHERE s.scheme_id = n.scheme_id AND s.component_code = n.component_code);
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.rating', 'rating_check', 'kpi.rating_check_rows()', '{insert,update}', false);

-- A scale given to a component whose ratings are scores would leave them
-- neither score nor grade: refused, naming the first such rating.
CREATE FUNCTION kpi.rating_scale_check_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_rating_value(r.scheme_id, r.unit_code, r.component_code, r.rater, false)
	   FROM (SELECT DISTINCT n.scheme_id, n.component_code FROM new_rows n) n
	   JOIN LATERAL (SELECT * FROM kpi.rating r
					  WHERE r.scheme_id = n.scheme_id AND r.component_code = n.component_code
						AND r.score IS NOT NULL
					  ORDER BY r.unit_code, r.rater LIMIT 1) r ON true;
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.rating_scale', 'rating_scale_check', 'kpi.rating_scale_check_rows()', '{insert,update}', false);

-- Criteria, participants and components change what other rows may be:
-- re-check the placement of everything in the schemes they touch.  (Named
-- *_recheck_*, these fire after the *_check_tree_* triggers: triggers fire
-- in name order, and a cycle is the more precise error.)
CREATE FUNCTION kpi.recheck_changed_schemes()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM new_rows));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM old_rows));
	ELSE
		PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM new_rows
												 UNION SELECT scheme_id FROM old_rows));
	END IF;
	RETURN NULL;
END
$$;

-- A participant changes only its own rows: re-check those units alone, so
-- adding a unit to a scheme with millions of scores stays cheap.
CREATE FUNCTION kpi.recheck_changed_units()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.check_scheme_placement(ARRAY(SELECT DISTINCT scheme_id FROM new_rows),
									   ARRAY(SELECT DISTINCT unit_code FROM new_rows));
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.criterion', 'criterion_recheck', 'kpi.recheck_changed_schemes()',
								  '{insert,update}');
SELECT kpi.create_change_triggers('kpi.participant', 'participant_recheck', 'kpi.recheck_changed_units()',
								  '{insert,update}');
SELECT kpi.create_change_triggers('kpi.component', 'component_recheck', 'kpi.recheck_changed_schemes()',
								  '{update,delete}');

-- A group's component weights add up to 100, checked at COMMIT so that a
-- transaction may move weight from one component to another.
CREATE FUNCTION kpi.component_check_weights()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
	total numeric;
	n bigint;
BEGIN
	SELECT sum(c.weight), count(*) INTO total, n
	  FROM kpi.component c
	 WHERE c.scheme_id = r.scheme_id AND c.group_code = r.group_code;
	IF n > 0 AND total <> 100 THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('component weights of group "%s" in scheme "%s" add up to %s, not 100'),
										r.group_code, r.scheme_id, total),
			ERRCODE = 'check_violation',
			DETAIL = kpi.translate('The content weight and the rating weights of a group must sum to 100.');
	END IF;
	RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER component_weights_sum_to_100
	AFTER INSERT OR UPDATE OR DELETE ON kpi.component
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION kpi.component_check_weights();
