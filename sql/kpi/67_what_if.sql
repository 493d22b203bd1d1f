
-- kpi: what-if (1.2.0).  kpi.what_if(scheme, changes) computes the result
-- as if some changes were made, and writes nothing: it makes them as the
-- caller, in a subtransaction it then rolls back.  So each change is
-- refused exactly when the caller's account could not make it (privileges,
-- row-level security, the checks, a finalized scheme's lock), and neither
-- the tables nor the audit keep anything (sequences behind ids may advance,
-- as in any rolled-back insert).
--
-- changes is a JSON array of objects, applied in order:
--   {"change": "approve_bonus",  "bonus": 7}          kpi.bonus.approved := true
--   {"change": "withdraw_bonus", "bonus": 7}          := false
--   {"change": "confirm_veto",   "veto": 3}           kpi.veto.confirmed := true
--   {"change": "lift_veto",      "veto": 3}           := false
--   {"change": "downgrade", "unit": "tuke", "steps": 1, "reason": "…"}
--   {"change": "score", "unit": "tuke", "criterion": "sfs.1.1.2", "points": 4}
--   {"change": "weight", "group": "sifasuo", "component": "content", "weight": 65}
--   {"change": "places", "level": 1, "places": 3}     a grade's places (share cleared)
--   {"change": "share",  "level": 1, "share": 0.3}    a grade's share (places cleared)
--   {"change": "top_n", "top_n": 3}                    the 2018 method's places
CREATE FUNCTION kpi.what_if(scheme text, changes jsonb)
RETURNS TABLE (group_code text, unit_code text, unit_name text,
			   total_before numeric, total_after numeric,
			   rank_before int, rank_after int,
			   level_before int, level_after int,
			   grade_before text, grade_after text,
			   moved boolean)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	before kpi.result[];
	after kpi.result[];
	c jsonb;
	n int := 0;
	kind text;
	hit int;
BEGIN
	IF scheme IS NULL OR changes IS NULL OR jsonb_typeof(changes) <> 'array' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = kpi.translate('kpi.what_if takes a scheme and a JSON array of changes');
	END IF;
	PERFORM FROM kpi.scheme s WHERE s.scheme_id = scheme;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'no_data_found',
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), scheme);
	END IF;
	SELECT array_agg(x) INTO before FROM kpi.result x WHERE x.scheme_id = scheme;
	BEGIN
		FOR c IN SELECT e FROM jsonb_array_elements(changes) e LOOP
			n := n + 1;
			kind := CASE WHEN jsonb_typeof(c) = 'object' THEN c ->> 'change' END;
			CASE kind
			WHEN 'approve_bonus', 'withdraw_bonus' THEN
				UPDATE kpi.bonus b SET approved = (kind = 'approve_bonus')
				 WHERE b.scheme_id = scheme AND b.id = (c ->> 'bonus')::bigint;
			WHEN 'confirm_veto', 'lift_veto' THEN
				UPDATE kpi.veto v SET confirmed = (kind = 'confirm_veto')
				 WHERE v.scheme_id = scheme AND v.id = (c ->> 'veto')::bigint;
			WHEN 'downgrade' THEN
				INSERT INTO kpi.downgrade (scheme_id, unit_code, reason, steps)
				VALUES (scheme, c ->> 'unit', coalesce(c ->> 'reason', 'what-if'), coalesce((c ->> 'steps')::int, 1));
			WHEN 'score' THEN
				INSERT INTO kpi.score AS s (scheme_id, unit_code, criterion_code, points)
				VALUES (scheme, c ->> 'unit', c ->> 'criterion', (c ->> 'points')::numeric)
				ON CONFLICT ON CONSTRAINT score_pkey DO UPDATE SET points = excluded.points;
			WHEN 'weight' THEN
				UPDATE kpi.component k SET weight = (c ->> 'weight')::numeric
				 WHERE k.scheme_id = scheme AND k.group_code = c ->> 'group' AND k.component_code = c ->> 'component';
			WHEN 'places', 'share' THEN
				UPDATE kpi.grade g
				   SET places = CASE WHEN kind = 'places' THEN (c ->> 'places')::int END,
					   share = CASE WHEN kind = 'share' THEN (c ->> 'share')::numeric END
				 WHERE g.scheme_id = scheme AND g.level = (c ->> 'level')::int;
			WHEN 'top_n' THEN
				UPDATE kpi.scheme s SET top_n = (c ->> 'top_n')::int WHERE s.scheme_id = scheme;
			ELSE
				RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
					MESSAGE = pg_catalog.format(kpi.translate('change %s of kpi.what_if is not one kpi knows: %s'), n, c::text),
					HINT = kpi.translate('"change" is one of approve_bonus, withdraw_bonus, confirm_veto, lift_veto, downgrade, score, weight, places, share, top_n.');
			END CASE;
			GET DIAGNOSTICS hit = ROW_COUNT;
			IF hit = 0 THEN
				RAISE EXCEPTION USING ERRCODE = 'no_data_found',
					MESSAGE = pg_catalog.format(kpi.translate('change %s of kpi.what_if matches nothing in scheme "%s": %s'), n, scheme, c::text),
					DETAIL = kpi.translate('The row does not exist, or the caller''s account may not change it.');
			END IF;
		END LOOP;
		SET CONSTRAINTS ALL IMMEDIATE;
		SELECT array_agg(x) INTO after FROM kpi.result x WHERE x.scheme_id = scheme;
		-- undo everything: the subtransaction rolls back, the variables stay
		RAISE EXCEPTION USING ERRCODE = 'KW001';
	EXCEPTION WHEN SQLSTATE 'KW001' THEN
		NULL;
	END;
	RETURN QUERY
	SELECT coalesce(a.group_code, b.group_code), coalesce(a.unit_code, b.unit_code), coalesce(a.unit_name, b.unit_name),
		   b.total, a.total, b.rank, a.rank, b.level, a.level, b.tier_label, a.tier_label,
		   b.total IS DISTINCT FROM a.total OR b.rank IS DISTINCT FROM a.rank OR b.level IS DISTINCT FROM a.level
	  FROM unnest(before) b
	  FULL JOIN unnest(after) a ON a.unit_code = b.unit_code
	 ORDER BY coalesce(a.group_code, b.group_code) COLLATE "C", coalesce(a.rank, b.rank),
		  coalesce(a.unit_code, b.unit_code) COLLATE "C";
END
$$;
COMMENT ON FUNCTION kpi.what_if(text, jsonb) IS 'The result of a scheme as if the changes were made (by the caller), per unit before and after; writes nothing';
