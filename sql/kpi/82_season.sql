
-- kpi: 公示 and appeals (申诉, 复核).  kpi.announce publishes a scheme's
-- provisional result until a deadline; from then on only the office
-- changes the scheme's data (kpi.rights_of leaves it out of the schemes
-- open for entry).  Until the deadline a unit files appeals against its
-- own result (INSERT INTO kpi.appeal); every change the office makes to
-- what an open appeal contests is linked to it in kpi.audit (appeal_id);
-- kpi.decide_appeal records the decision with the unit's result after it;
-- kpi.finalize refuses while an appeal is undecided (kpi.validate lists
-- them), unless forced.  The tables are in 13_season_tables.sql.

-- Announce (or announce again) a scheme's provisional result.  The scheme
-- row is locked for update first, as kpi.finalize does, so the snapshot
-- holds every change committed before it and none after.  Announcing again
-- replaces the snapshot and the deadline; appeals filed keep the result
-- they were filed against.  SECURITY DEFINER: the snapshot and the
-- announcement are written by kpi's owner only; office only.
CREATE FUNCTION kpi.announce(scheme_id text, until timestamptz)
RETURNS kpi.announcement
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	announced kpi.announcement;
BEGIN
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to announce scheme "%s"'), scheme_id));
	IF until IS NULL OR until <= statement_timestamp() THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('the 公示 of scheme "%s" must end after now'), scheme_id),
			ERRCODE = 'invalid_parameter_value',
			DETAIL = pg_catalog.format(kpi.translate('The deadline given is %s.'), coalesce(until::text, 'null'));
	END IF;
	PERFORM kpi.lock_scheme_to_publish(announce.scheme_id,
		pg_catalog.format(kpi.translate('the method of scheme "%s" has problems and the scheme is not announced'), scheme_id),
		NULL);
	INSERT INTO kpi.announcement AS a (scheme_id, announced_at, announced_by, until)
	VALUES (announce.scheme_id, statement_timestamp(), kpi.acting_role(), announce.until)
	ON CONFLICT ON CONSTRAINT announcement_pkey DO UPDATE
		SET announced_at = excluded.announced_at, announced_by = excluded.announced_by, until = excluded.until
	RETURNING * INTO announced;
	DELETE FROM kpi.announced_result r WHERE r.scheme_id = announce.scheme_id;
	INSERT INTO kpi.announced_result SELECT * FROM kpi.live_result l WHERE l.scheme_id = announce.scheme_id;
	RETURN announced;
END
$$;
COMMENT ON FUNCTION kpi.announce(text, timestamptz) IS
	'Announce a scheme''s provisional result (公示) until a deadline: snapshot it, take appeals, close entry to all but the office';

-- An appeal as filed: by the acting role, now (the office may give the
-- time a paper appeal was handed in), before the deadline, against an item
-- of the unit's own result, undecided, with the result it contests.  A
-- BEFORE trigger, SECURITY DEFINER: it locks the announcement row against
-- the office's changing it (which a unit's privileges could not), so an
-- appeal in flight as the office announces again is checked against the
-- deadline either before or after, never half; and it reads the snapshot.
CREATE FUNCTION kpi.appeal_filing()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	announced kpi.announcement;
	contested kpi.announced_result;
	office boolean := kpi.is_office(kpi.acting_role());
BEGIN
	IF kpi.restoring() THEN
		RETURN NEW;
	END IF;
	NEW.filed_by := kpi.acting_role();
	IF NOT office OR NEW.filed_at IS NULL THEN
		NEW.filed_at := statement_timestamp();
	END IF;
	IF NEW.decision IS NOT NULL OR NEW.decided_at IS NOT NULL OR NEW.decided_by IS NOT NULL
	   OR NEW.total_after IS NOT NULL OR NEW.rank_after IS NOT NULL OR NEW.grade_after IS NOT NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('an appeal of unit "%s" in scheme "%s" is filed undecided'),
										NEW.unit_code, NEW.scheme_id),
			ERRCODE = 'invalid_parameter_value',
			HINT = kpi.translate('The office decides it with kpi.decide_appeal(appeal_id, decision, reason).');
	END IF;
	SELECT a.* INTO announced FROM kpi.announcement a WHERE a.scheme_id = NEW.scheme_id FOR SHARE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is not announced (公示), so unit "%s" cannot appeal'),
										NEW.scheme_id, NEW.unit_code),
			ERRCODE = 'object_not_in_prerequisite_state',
			HINT = kpi.translate('The office announces a scheme with kpi.announce(scheme_id, until).');
	END IF;
	IF NEW.filed_at NOT BETWEEN announced.announced_at AND announced.until THEN
		RAISE EXCEPTION USING
			MESSAGE = CASE WHEN NEW.filed_at < announced.announced_at
				THEN pg_catalog.format(kpi.translate('the appeal of unit "%s" is dated before the 公示 of scheme "%s"'),
									   NEW.unit_code, NEW.scheme_id)
				ELSE pg_catalog.format(kpi.translate('the 公示 of scheme "%s" is over: the appeal of unit "%s" is too late'),
									   NEW.scheme_id, NEW.unit_code) END,
			ERRCODE = 'object_not_in_prerequisite_state',
			DETAIL = pg_catalog.format(kpi.translate('Appeals are taken from %s until %s; this one was filed at %s.'),
									   announced.announced_at, announced.until, NEW.filed_at);
	END IF;
	IF NEW.criterion_code IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM kpi.participant_criterion c
			 WHERE c.scheme_id = NEW.scheme_id AND c.unit_code = NEW.unit_code
			   AND c.criterion_code = NEW.criterion_code) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('criterion "%s" is not in the rubric of unit "%s" in scheme "%s"'),
										NEW.criterion_code, NEW.unit_code, NEW.scheme_id),
			ERRCODE = 'foreign_key_violation';
	END IF;
	IF NEW.component_code IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM kpi.participant p
			  JOIN kpi.component c ON c.scheme_id = p.scheme_id AND c.group_code = p.group_code
			 WHERE p.scheme_id = NEW.scheme_id AND p.unit_code = NEW.unit_code
			   AND c.component_code = NEW.component_code) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('component "%s" is not in the group of unit "%s" in scheme "%s"'),
										NEW.component_code, NEW.unit_code, NEW.scheme_id),
			ERRCODE = 'foreign_key_violation';
	END IF;
	SELECT r.* INTO contested FROM kpi.announced_result r
	 WHERE r.scheme_id = NEW.scheme_id AND r.unit_code = NEW.unit_code;
	NEW.total_before := contested.total;
	NEW.rank_before := contested.rank;
	NEW.grade_before := contested.tier_label;
	RETURN NEW;
END
$$;

CREATE TRIGGER appeal_filing BEFORE INSERT ON kpi.appeal
	FOR EACH ROW EXECUTE FUNCTION kpi.appeal_filing();

-- The open appeal a changed row of a unit is linked to in the audit: one
-- on a criterion links the unit's scores and evidence on it and below it,
-- one on a component links the unit's ratings of it, one on the whole
-- result links every row of the unit that counts in it.  The oldest, if
-- several.  Called by kpi.audit_rows only while some appeal is open.
CREATE FUNCTION kpi.open_appeal_on(table_name text, changed jsonb)
RETURNS bigint
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT a.id
	  FROM kpi.appeal a
	 WHERE a.scheme_id = changed ->> 'scheme_id' AND a.unit_code = changed ->> 'unit_code'
	   AND a.decision IS NULL
	   AND CASE
			WHEN a.criterion_code IS NOT NULL THEN
				table_name IN ('score', 'evidence')
				AND a.criterion_code IN (
					WITH RECURSIVE up (criterion_code, parent_code) AS (
						SELECT c.criterion_code, c.parent_code FROM kpi.criterion c
						 WHERE c.scheme_id = a.scheme_id AND c.criterion_code = changed ->> 'criterion_code'
						UNION
						SELECT c.criterion_code, c.parent_code FROM up
						  JOIN kpi.criterion c ON c.scheme_id = a.scheme_id AND c.criterion_code = up.parent_code)
					SELECT up.criterion_code FROM up)
			WHEN a.component_code IS NOT NULL THEN
				table_name = 'rating' AND a.component_code = changed ->> 'component_code'
			ELSE table_name IN ('score', 'evidence', 'rating', 'bonus', 'deduction', 'veto', 'downgrade')
		   END
	 ORDER BY a.id
	 LIMIT 1
$$;
COMMENT ON FUNCTION kpi.open_appeal_on(text, jsonb) IS
	'The open appeal that a change of this row of kpi.<table_name> answers, for kpi.audit.appeal_id';

-- The office's decision (复核).  Upheld only once the office has changed
-- what the appeal contests while it was open (the change is in kpi.audit
-- with its appeal_id), rejected with a reason; either way the unit's total,
-- rank and grade as computed now are kept beside those it appealed
-- against.  SECURITY DEFINER: no account updates kpi.appeal itself, so a
-- decision cannot be written without the result it leads to; office only.
CREATE FUNCTION kpi.decide_appeal(appeal_id bigint, decision text, reason text)
RETURNS kpi.appeal
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	contested kpi.appeal;
	now_result kpi.result;
	decided kpi.appeal;
BEGIN
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to decide appeal %s'), appeal_id));
	IF decision IS NULL OR decision <> ALL (ARRAY['upheld', 'rejected']) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('unknown decision "%s" on appeal %s'), decision, appeal_id),
			ERRCODE = 'invalid_parameter_value',
			HINT = kpi.translate('An appeal is upheld (申诉成立) or rejected (申诉不成立).');
	END IF;
	IF coalesce(btrim(reason), '') = '' THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('the decision on appeal %s needs a reason'), appeal_id),
			ERRCODE = 'invalid_parameter_value';
	END IF;
	SELECT a.* INTO contested FROM kpi.appeal a WHERE a.id = decide_appeal.appeal_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('appeal %s does not exist'), appeal_id),
			ERRCODE = 'no_data_found';
	END IF;
	IF contested.decision IS NOT NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('appeal %s is already decided'), appeal_id),
			ERRCODE = 'object_not_in_prerequisite_state',
			DETAIL = pg_catalog.format(kpi.translate('It was %s by %s at %s.'), contested.decision,
									   contested.decided_by, contested.decided_at);
	END IF;
	IF decision = 'upheld' AND NOT EXISTS (SELECT 1 FROM kpi.audit x WHERE x.appeal_id = decide_appeal.appeal_id) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('appeal %s of unit "%s" cannot be upheld: nothing it contests was changed'),
										appeal_id, contested.unit_code),
			ERRCODE = 'object_not_in_prerequisite_state',
			HINT = kpi.translate('Change the contested points while the appeal is open (the audit links the change to it), then uphold it.');
	END IF;
	SELECT l.* INTO now_result FROM kpi.live_result l
	 WHERE l.scheme_id = contested.scheme_id AND l.unit_code = contested.unit_code;
	UPDATE kpi.appeal a
	   SET decision = decide_appeal.decision, reason = decide_appeal.reason,
		   decided_at = statement_timestamp(), decided_by = kpi.acting_role(),
		   total_after = now_result.total, rank_after = now_result.rank, grade_after = now_result.tier_label
	 WHERE a.id = decide_appeal.appeal_id
	RETURNING a.* INTO decided;
	RETURN decided;
END
$$;
COMMENT ON FUNCTION kpi.decide_appeal(bigint, text, text) IS
	'The office''s decision on an appeal (复核): upheld once what it contests was changed, or rejected, with a reason';

-- Access: the announcement is the scheme's (everyone who reads results
-- reads it); the snapshot and the appeals are the unit's own, and those
-- who read every unit.  A unit files appeals for its own unit; the office
-- for any (paper appeals).  Nobody updates or deletes an appeal but
-- kpi.decide_appeal.
ALTER TABLE kpi.announcement ENABLE ROW LEVEL SECURITY;
CREATE POLICY reading ON kpi.announcement FOR SELECT USING (true);
ALTER TABLE kpi.announced_result ENABLE ROW LEVEL SECURITY;
CREATE POLICY reading ON kpi.announced_result FOR SELECT USING (
	(SELECT kpi.sees_every_unit(current_user::text))
	OR unit_code OPERATOR(pg_catalog.=) ANY ((SELECT kpi.units_of(current_user::text))::text[]));
ALTER TABLE kpi.appeal ENABLE ROW LEVEL SECURITY;
CREATE POLICY reading ON kpi.appeal FOR SELECT USING (
	(SELECT kpi.reads_every_unit(current_user::text))
	OR unit_code OPERATOR(pg_catalog.=) ANY ((SELECT kpi.units_of(current_user::text))::text[]));
CREATE POLICY office_writes ON kpi.appeal FOR INSERT
	WITH CHECK ((SELECT kpi.is_office(current_user::text)));
CREATE POLICY unit_files ON kpi.appeal FOR INSERT
	WITH CHECK (unit_code OPERATOR(pg_catalog.=) ANY ((SELECT kpi.units_of(current_user::text))::text[]));

-- Locked with their finalized scheme; the announcement and the appeals
-- audited (the snapshot is the announcement's, as the published copies
-- are the publication's).
SELECT kpi.lock_with_scheme('kpi.announcement'), kpi.lock_with_scheme('kpi.announced_result'),
	   kpi.lock_with_scheme('kpi.appeal');
SELECT kpi.audit_changes('kpi.announcement', '{scheme_id}'), kpi.audit_changes('kpi.appeal', '{id}');
