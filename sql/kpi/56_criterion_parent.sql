
-- kpi: a criterion's parent is a criterion of the same scheme.  Until 1.2.0 a
-- foreign key from kpi.criterion to itself said so, and pg_dump warned of
-- it (it orders the data of an extension's tables by their foreign keys).
-- The key's rules are kept by triggers instead, each one query over the
-- rows a statement touched, however many:
--   - a parent_code names a criterion of the row's scheme (null: a root),
--     checked at COMMIT (DEFERRABLE INITIALLY DEFERRED), so a tree loads in
--     any order; a parent found is locked FOR KEY SHARE until COMMIT;
--   - a criterion its children still name is not deleted (NO ACTION, at
--     COMMIT too: deleted with them, or put back, it may go);
--   - a renamed criterion takes its children along at once (ON UPDATE
--     CASCADE), into its new scheme as well;
--   - the errors are the key's: SQLSTATE 23503, its words, its constraint
--     name, and the key's values shown to whom the key showed them.
-- What is missing at the end of a statement is noted in
-- kpi.criterion_parent_pending, whose constraint trigger
-- criterion_parent_in_same_scheme looks again at COMMIT (or at once under
-- SET CONSTRAINTS ... IMMEDIATE); between transactions the table is empty.
-- As kpi's owner, as the key's checks ran: the writer's own privileges and
-- row-level security hide no parent and no child from them.
CREATE TABLE kpi.criterion_parent_pending (
	scheme_id text NOT NULL,
	parent_code text NOT NULL,
	-- true: a deleted criterion that children named; false: a written
	-- criterion whose parent was not there
	deleted boolean NOT NULL
);
COMMENT ON TABLE kpi.criterion_parent_pending IS 'Parents missing at the end of a statement, looked for again at COMMIT (always empty between transactions)';
-- no account reads or writes it, only the triggers as kpi's owner
ALTER TABLE kpi.criterion_parent_pending ENABLE ROW LEVEL SECURITY;

-- The statement triggers a_parent_* on kpi.criterion.  Named to run after
-- the lock and the trees, before the audit and the checks that read the
-- trees: those see the children a rename has moved, as they did when the
-- key's cascade ran before every statement trigger.
CREATE FUNCTION kpi.criterion_parent_key()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	old_schemes text[];
	old_codes text[];
	new_schemes text[];
	new_codes text[];
BEGIN
	-- The queries over old_rows and new_rows run by EXECUTE, planned for
	-- the rows at hand each time: PL/pgSQL would keep the plan made for the
	-- first statement's few rows, a loop over the table for each row of a
	-- later statement's 100,000.
	IF TG_OP = 'DELETE' THEN
		-- deleted criteria that children still name, and not put back
		EXECUTE 'INSERT INTO kpi.criterion_parent_pending (scheme_id, parent_code, deleted)
				 SELECT o.scheme_id, o.criterion_code, true
				   FROM (SELECT pg_catalog.row_number() OVER () AS i, r.scheme_id, r.criterion_code
						   FROM old_rows r) o
				  WHERE EXISTS (SELECT FROM ONLY kpi.criterion c
								 WHERE c.scheme_id = o.scheme_id AND c.parent_code = o.criterion_code)
					AND NOT EXISTS (SELECT FROM ONLY kpi.criterion p
									 WHERE p.scheme_id = o.scheme_id AND p.criterion_code = o.criterion_code)
				  ORDER BY o.i';
		RETURN NULL;
	END IF;
	IF TG_OP = 'UPDATE' THEN
		-- Renamed criteria with children.  A row's old and new versions are
		-- at the same place in old_rows and new_rows (PostgreSQL appends
		-- both as it updates the row), so the keys pair by their place in
		-- scan order; no column of the row need stay the same.  Every child
		-- follows its own parent, however the statement ordered its rows.
		SELECT pg_catalog.array_agg(r.scheme_id), pg_catalog.array_agg(r.criterion_code)
		  INTO old_schemes, old_codes FROM old_rows r;
		SELECT pg_catalog.array_agg(r.scheme_id), pg_catalog.array_agg(r.criterion_code)
		  INTO new_schemes, new_codes FROM new_rows r;
		EXECUTE 'SELECT pg_catalog.array_agg(k.old_scheme), pg_catalog.array_agg(k.old_code),
						pg_catalog.array_agg(k.new_scheme), pg_catalog.array_agg(k.new_code)
				   FROM unnest($1, $2, $3, $4) AS k(old_scheme, old_code, new_scheme, new_code)
				  WHERE (k.old_scheme, k.old_code) IS DISTINCT FROM (k.new_scheme, k.new_code)
					AND EXISTS (SELECT FROM ONLY kpi.criterion c
								 WHERE c.scheme_id = k.old_scheme AND c.parent_code = k.old_code)'
		   INTO old_schemes, old_codes, new_schemes, new_codes
		  USING old_schemes, old_codes, new_schemes, new_codes;
		-- (only then: an UPDATE of no rows would fire these triggers again)
		IF old_codes IS NOT NULL THEN
			EXECUTE 'UPDATE ONLY kpi.criterion c SET scheme_id = k.new_scheme, parent_code = k.new_code
					   FROM unnest($1, $2, $3, $4) AS k(old_scheme, old_code, new_scheme, new_code)
					  WHERE c.scheme_id = k.old_scheme AND c.parent_code = k.old_code'
			  USING old_schemes, old_codes, new_schemes, new_codes;
		END IF;
	END IF;
	-- the parents named are there: locked, so that no other transaction
	-- deletes or renames them under the rows before this one ends
	EXECUTE 'SELECT FROM (SELECT DISTINCT n.scheme_id, n.parent_code FROM new_rows n) n,
				LATERAL (SELECT FROM ONLY kpi.criterion p
						  WHERE p.scheme_id = n.scheme_id AND p.criterion_code = n.parent_code
						  FOR KEY SHARE) p';
	-- or not (yet): each missing parent once, in the order of the rows
	EXECUTE 'INSERT INTO kpi.criterion_parent_pending (scheme_id, parent_code, deleted)
			 SELECT n.scheme_id, n.parent_code, false
			   FROM (SELECT pg_catalog.row_number() OVER () AS i, r.scheme_id, r.parent_code
					   FROM new_rows r) n
			  WHERE n.parent_code IS NOT NULL
				AND NOT EXISTS (SELECT FROM ONLY kpi.criterion p
								 WHERE p.scheme_id = n.scheme_id AND p.criterion_code = n.parent_code)
			  GROUP BY n.scheme_id, n.parent_code
			  ORDER BY pg_catalog.min(n.i)';
	RETURN NULL;
END
$$;

SELECT kpi.create_change_triggers('kpi.criterion', 'a_parent', 'kpi.criterion_parent_key()', '{insert,update,delete}');

-- The check at COMMIT of a parent noted missing: there now, or no child
-- names it any more, else the key's error.  The key's values are shown as
-- PostgreSQL shows them: to a role that row-level security does not filter
-- kpi.criterion for and that may read the key's columns.
CREATE FUNCTION kpi.criterion_parent_check()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	shown boolean;
BEGIN
	PERFORM FROM ONLY kpi.criterion p
	  WHERE p.scheme_id = NEW.scheme_id AND p.criterion_code = NEW.parent_code
	  FOR KEY SHARE;
	IF NOT FOUND THEN
		PERFORM FROM ONLY kpi.criterion c
		  WHERE c.scheme_id = NEW.scheme_id AND c.parent_code = NEW.parent_code
		  LIMIT 1 FOR KEY SHARE;
		IF FOUND THEN
			shown := coalesce((SELECT (r.rolsuper OR r.rolbypassrls
									   OR (pg_catalog.pg_has_role(r.oid, t.relowner, 'USAGE') AND NOT t.relforcerowsecurity))
									  AND (pg_catalog.has_table_privilege(r.oid, t.oid, 'SELECT')
										   OR (pg_catalog.has_column_privilege(r.oid, t.oid, 'scheme_id', 'SELECT')
											   AND pg_catalog.has_column_privilege(r.oid, t.oid, CASE WHEN NEW.deleted
												   THEN 'criterion_code' ELSE 'parent_code' END, 'SELECT')))
								 FROM pg_catalog.pg_roles r, pg_catalog.pg_class t
								WHERE r.rolname = kpi.acting_role() AND t.oid = 'kpi.criterion'::pg_catalog.regclass),
							   false);
			-- a deleted parent in the words of the key's NO ACTION, a
			-- written child in those of its check
			RAISE EXCEPTION USING
				MESSAGE = CASE WHEN NEW.deleted
					THEN pg_catalog.format(kpi.translate('update or delete on table "%s" violates foreign key constraint "%s" on table "%s"'),
										   'criterion', 'criterion_parent_in_same_scheme', 'criterion')
					ELSE pg_catalog.format(kpi.translate('insert or update on table "%s" violates foreign key constraint "%s"'),
										   'criterion', 'criterion_parent_in_same_scheme') END,
				ERRCODE = 'foreign_key_violation',
				DETAIL = CASE
					WHEN NOT shown AND NEW.deleted
					THEN pg_catalog.format(kpi.translate('Key is still referenced from table "%s".'), 'criterion')
					WHEN NOT shown
					THEN pg_catalog.format(kpi.translate('Key is not present in table "%s".'), 'criterion')
					WHEN NEW.deleted
					THEN pg_catalog.format(kpi.translate('Key (%s)=(%s) is still referenced from table "%s".'),
										   'scheme_id, criterion_code', NEW.scheme_id || ', ' || NEW.parent_code, 'criterion')
					ELSE pg_catalog.format(kpi.translate('Key (%s)=(%s) is not present in table "%s".'),
										   'scheme_id, parent_code', NEW.scheme_id || ', ' || NEW.parent_code, 'criterion') END,
				SCHEMA = 'kpi', TABLE = 'criterion', CONSTRAINT = 'criterion_parent_in_same_scheme';
		END IF;
	END IF;
	DELETE FROM kpi.criterion_parent_pending p
	 WHERE p.scheme_id = NEW.scheme_id AND p.parent_code = NEW.parent_code;
	RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER criterion_parent_in_same_scheme AFTER INSERT ON kpi.criterion_parent_pending
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION kpi.criterion_parent_check();
