
-- kpi: finalization.  kpi.finalize publishes a scheme: it copies the
-- scheme's result, rewards and consequences into the published_* tables
-- and from then on every change that touches the scheme's rows, in any
-- table, is refused: the lock is the scheme's row in kpi.publication.
-- kpi.reopen lifts it, for the office alone, with a reason in the audit.
-- A restore (kpi.restoring) is let through: pg_restore loads kpi.scheme
-- (status 'finalized') before the scheme's scores, as foreign keys order it.

-- The lock.  A statement-level trigger on every table with scheme rows:
-- it takes a key-share lock on the schemes the statement touched, then
-- refuses the statement if one of them is published.  kpi.finalize locks
-- the scheme row for update first, so a change either commits before the
-- snapshot is taken (finalize waits for it) or sees the publication (it
-- waits for finalize) and is refused; under REPEATABLE READ the lock fails
-- instead with a serialization error.  Nothing is lost, nothing is
-- half-in.  A key-share lock, the weakest, so that a writer's open
-- transaction holds up only kpi.finalize and kpi.reopen, not the office's
-- other updates of the scheme row.  SECURITY DEFINER: a unit, assessor or
-- rater may not lock kpi.scheme's rows itself (that would need UPDATE on
-- it, with which it could lock the others out), yet its writes must.
CREATE FUNCTION kpi.refuse_published_change()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	touched text[];
	published text;
BEGIN
	IF kpi.restoring() THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(DISTINCT n.scheme_id) INTO touched FROM new_rows n;
	ELSIF TG_OP = 'UPDATE' THEN
		SELECT array_agg(DISTINCT t.scheme_id) INTO touched
		  FROM (SELECT n.scheme_id FROM new_rows n UNION SELECT o.scheme_id FROM old_rows o) t;
	ELSE
		SELECT array_agg(DISTINCT o.scheme_id) INTO touched FROM old_rows o;
	END IF;
	IF touched IS NULL THEN
		RETURN NULL;
	END IF;
	-- in scheme_id order, so two writers never wait on each other
	PERFORM 1 FROM kpi.scheme s WHERE s.scheme_id = ANY (touched)
	  ORDER BY s.scheme_id FOR KEY SHARE;
	-- a new statement: under READ COMMITTED it sees a finalize we waited for
	SELECT p.scheme_id INTO published FROM kpi.publication p
	 WHERE p.scheme_id = ANY (touched) ORDER BY p.scheme_id LIMIT 1;
	IF published IS NOT NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is finalized'), published),
			ERRCODE = 'object_not_in_prerequisite_state',
			DETAIL = pg_catalog.format(kpi.translate('%s on kpi.%s would change the published scheme "%s".'),
									   TG_OP, TG_TABLE_NAME, published),
			HINT = kpi.translate('Only the office can reopen it, with kpi.reopen(scheme_id, reason).');
	END IF;
	RETURN NULL;
END
$$;

-- TRUNCATE skips row and statement triggers: refuse it outright while a
-- published scheme has rows in the table.
CREATE FUNCTION kpi.refuse_published_truncate()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	published text;
BEGIN
	IF kpi.restoring() THEN
		RETURN NULL;
	END IF;
	EXECUTE format('SELECT p.scheme_id FROM kpi.publication p WHERE EXISTS '
				   '(SELECT 1 FROM %s t WHERE t.scheme_id OPERATOR(pg_catalog.=) p.scheme_id) '
				   'ORDER BY p.scheme_id LIMIT 1', TG_RELID::regclass)
	   INTO published;
	IF published IS NOT NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is finalized'), published),
			ERRCODE = 'object_not_in_prerequisite_state',
			DETAIL = pg_catalog.format(kpi.translate('TRUNCATE of kpi.%s would remove rows of the published scheme "%s".'),
									   TG_TABLE_NAME, published);
	END IF;
	RETURN NULL;
END
$$;

-- The lock on one table with scheme rows: the statement triggers a_lock_*
-- and a_lock_truncate.  Every such table of the install gets it below; a
-- later version's new table gets it from its part or update.
CREATE FUNCTION kpi.lock_with_scheme(rel regclass)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.create_change_triggers(rel, 'a_lock', 'kpi.refuse_published_change()', '{insert,update,delete}');
	EXECUTE format('CREATE TRIGGER a_lock_truncate BEFORE TRUNCATE ON %s '
				   'FOR EACH STATEMENT EXECUTE FUNCTION kpi.refuse_published_truncate()', rel);
END
$$;
COMMENT ON FUNCTION kpi.lock_with_scheme(regclass) IS
	'Creates the triggers that refuse every change to a finalized scheme''s rows of the table';

SELECT kpi.lock_with_scheme(pg_catalog.format('kpi.%I', t)::regclass)
  FROM pg_catalog.unnest(ARRAY['scheme', 'unit_group', 'component', 'criterion', 'participant', 'score',
							   'evidence', 'rating', 'bonus', 'deduction', 'veto', 'downgrade', 'member',
							   'ineligible', 'grade', 'consequence_rule', 'rating_scale', 'self_score',
							   'published_result', 'published_reward', 'published_consequence']) t;

-- status = 'finalized' exactly when the scheme is published: checked at
-- COMMIT, so kpi.finalize and kpi.reopen may change the two in any order
-- within their transaction, and a plain UPDATE of status cannot fake it.
-- As the caller: only the office writes kpi.scheme, and reads both tables.
CREATE FUNCTION kpi.scheme_check_status()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	bad record;
BEGIN
	IF kpi.restoring() THEN
		RETURN NULL;
	END IF;
	SELECT s.scheme_id, s.status, p.scheme_id IS NOT NULL AS published INTO bad
	  FROM kpi.scheme s
	  LEFT JOIN kpi.publication p ON p.scheme_id = s.scheme_id
	 WHERE s.scheme_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.scheme_id ELSE NEW.scheme_id END
	   AND (s.status = 'finalized') <> (p.scheme_id IS NOT NULL);
	IF FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = CASE WHEN bad.published
				THEN pg_catalog.format(kpi.translate('scheme "%s" is published but its status is "%s"'),
									   bad.scheme_id, bad.status)
				ELSE pg_catalog.format(kpi.translate('scheme "%s" has status "finalized" but was not finalized'),
									   bad.scheme_id) END,
			ERRCODE = 'object_not_in_prerequisite_state',
			HINT = kpi.translate('Finalize a scheme with kpi.finalize(scheme_id) and reopen it with kpi.reopen(scheme_id, reason).');
	END IF;
	RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER scheme_status_matches_publication
	AFTER INSERT OR UPDATE OF status ON kpi.scheme
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION kpi.scheme_check_status();
CREATE CONSTRAINT TRIGGER publication_matches_scheme_status
	AFTER INSERT OR DELETE ON kpi.publication
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION kpi.scheme_check_status();

-- Lock a scheme row for a publication (kpi.finalize, kpi.announce): it
-- waits for every writer of the scheme to commit and blocks new ones.
-- Refused for an unknown or finalized scheme, and for a method with
-- problems, which gives no defined levels (refused as the caller says, with
-- the first problem).  Called by those SECURITY DEFINER functions only; as
-- anyone else it can lock no more than the caller could.
CREATE FUNCTION kpi.lock_scheme_to_publish(scheme text, method_refusal text, method_hint text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	method_problem text;
BEGIN
	PERFORM 1 FROM kpi.scheme s WHERE s.scheme_id = scheme FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), scheme),
			ERRCODE = 'no_data_found';
	END IF;
	IF EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = scheme) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is already finalized'), scheme),
			ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	SELECT m.detail INTO method_problem FROM kpi.check_method(scheme) m LIMIT 1;
	IF FOUND AND method_hint IS NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = method_refusal,
			ERRCODE = 'object_not_in_prerequisite_state',
			DETAIL = pg_catalog.format(kpi.translate('First: %s.'), method_problem);
	ELSIF FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = method_refusal,
			ERRCODE = 'object_not_in_prerequisite_state',
			DETAIL = pg_catalog.format(kpi.translate('First: %s.'), method_problem),
			HINT = method_hint;
	END IF;
END
$$;
COMMENT ON FUNCTION kpi.lock_scheme_to_publish(text, text, text) IS
	'Lock a scheme''s row for kpi.finalize or kpi.announce, refusing an unknown or finalized scheme and a method with problems';

-- Publish a scheme.  Refused while kpi.validate reports problems, unless
-- forced (the problems are then kept in kpi.publication).  SECURITY
-- DEFINER: the published copies and kpi.publication are written by kpi's
-- owner only, so that no account can fake or alter a publication; it checks
-- the acting role is the office first.
CREATE FUNCTION kpi.finalize(scheme_id text, force boolean DEFAULT false)
RETURNS kpi.publication
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	found_problems jsonb;
	published kpi.publication;
BEGIN
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to finalize scheme "%s"'), scheme_id));
	-- A snapshot older than the lock could miss a change committed while
	-- we waited for it.
	IF current_setting('transaction_isolation') <> 'read committed' THEN
		RAISE EXCEPTION USING
			MESSAGE = kpi.translate('kpi.finalize must run at READ COMMITTED isolation'),
			ERRCODE = 'active_sql_transaction',
			DETAIL = pg_catalog.format(kpi.translate('The transaction runs at %s.'),
									   pg_catalog.current_setting('transaction_isolation'));
	END IF;
	-- a method with problems gives no defined levels: not even forced
	PERFORM kpi.lock_scheme_to_publish(finalize.scheme_id,
		pg_catalog.format(kpi.translate('the method of scheme "%s" has problems and the scheme is not finalized'), scheme_id),
		kpi.translate('See SELECT * FROM kpi.validate(scheme_id) WHERE problem = ''method''; a method''s problems cannot be forced.'));
	SELECT jsonb_agg(to_jsonb(v)) INTO found_problems FROM kpi.validate(finalize.scheme_id) v;
	IF found_problems IS NOT NULL AND NOT coalesce(force, false) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" has %s problem(s) and is not finalized'),
										scheme_id, pg_catalog.jsonb_array_length(found_problems)),
			ERRCODE = 'object_not_in_prerequisite_state',
			DETAIL = pg_catalog.format(kpi.translate('First: %s (%s).'), found_problems->0->>'problem',
									   pg_catalog.concat_ws(', ', found_problems->0->>'unit_code',
															found_problems->0->>'criterion_code', found_problems->0->>'detail')),
			HINT = kpi.translate('See SELECT * FROM kpi.validate(scheme_id); kpi.finalize(scheme_id, force => true) publishes anyway and records the problems.');
	END IF;
	-- the copies first, then the scheme row and the publication that lock them
	INSERT INTO kpi.published_result SELECT * FROM kpi.live_result l WHERE l.scheme_id = finalize.scheme_id;
	INSERT INTO kpi.published_reward SELECT * FROM kpi.live_reward l WHERE l.scheme_id = finalize.scheme_id;
	INSERT INTO kpi.published_consequence SELECT * FROM kpi.live_consequence l WHERE l.scheme_id = finalize.scheme_id;
	UPDATE kpi.scheme s SET status = 'finalized' WHERE s.scheme_id = finalize.scheme_id;
	INSERT INTO kpi.publication (scheme_id, published_at, published_by, forced, problems)
	VALUES (finalize.scheme_id, statement_timestamp(), kpi.acting_role(), coalesce(force, false), found_problems)
	RETURNING * INTO published;
	RETURN published;
END
$$;
COMMENT ON FUNCTION kpi.finalize(text, boolean) IS
	'Publish a scheme: snapshot its result, rewards and consequences and refuse every later change to its rows';

-- Lift the lock: the published copy is removed (the audit keeps it, with
-- the reason) and the scheme is open again.  SECURITY DEFINER, office only,
-- as kpi.finalize.
CREATE FUNCTION kpi.reopen(scheme_id text, reason text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.require_office(pg_catalog.format(kpi.translate('permission denied to reopen scheme "%s"'), scheme_id));
	IF coalesce(btrim(reason), '') = '' THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('reopening scheme "%s" needs a reason'), scheme_id),
			ERRCODE = 'invalid_parameter_value',
			HINT = kpi.translate('The reason is kept in kpi.audit with the published result it replaces.');
	END IF;
	PERFORM 1 FROM kpi.scheme s WHERE s.scheme_id = reopen.scheme_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), scheme_id),
			ERRCODE = 'no_data_found';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM kpi.publication p WHERE p.scheme_id = reopen.scheme_id) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is not finalized'), scheme_id),
			ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	PERFORM kpi.audit_reopen(reopen.scheme_id, reason);
	DELETE FROM kpi.publication p WHERE p.scheme_id = reopen.scheme_id;
	UPDATE kpi.scheme s SET status = 'open' WHERE s.scheme_id = reopen.scheme_id;
	-- open for entry again, to every account: its 公示 is over
	DELETE FROM kpi.announcement a WHERE a.scheme_id = reopen.scheme_id;
END
$$;
COMMENT ON FUNCTION kpi.reopen(text, text) IS
	'Reopen a finalized scheme (office only): removes its published copy and its 公示, recorded in kpi.audit with the reason';

