
-- kpi: the audit trail.  Every change to the data tables, the accounts and
-- the publications is appended to kpi.audit by statement-level triggers
-- (one set-based insert per statement): when, the acting role and the
-- login, the table and key, the old and new row as jsonb.  Only kpi's owner can write or
-- change kpi.audit; the office reads it.  A restore (kpi.restoring) brings
-- the audit rows of the dump and adds none of its own.

CREATE TABLE kpi.audit (
	id bigserial PRIMARY KEY,
	at timestamptz NOT NULL DEFAULT statement_timestamp(),
	role_name text NOT NULL DEFAULT kpi.acting_role(),
	-- who logged in: a person who SET ROLE to a group role is named here
	login_name text NOT NULL DEFAULT session_user,
	transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
	table_name text NOT NULL,
	operation text NOT NULL
		CONSTRAINT audit_operation_valid
		CHECK (operation = ANY (ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REOPEN'])),
	scheme_id text,
	unit_code text,
	row_key jsonb,
	old_row jsonb,
	new_row jsonb,
	reason text,
	-- the open appeal (申诉) the change answers (kpi.open_appeal_on)
	appeal_id bigint
);
COMMENT ON TABLE kpi.audit IS 'Append-only record of every change: when, acting role, table, key, old and new row';
CREATE INDEX audit_unit_idx ON kpi.audit (unit_code, table_name, at);
CREATE INDEX audit_scheme_idx ON kpi.audit (scheme_id, at);
CREATE INDEX audit_appeal_idx ON kpi.audit (appeal_id) WHERE appeal_id IS NOT NULL;
REVOKE ALL ON kpi.audit FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('kpi.audit', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.audit_id_seq', '');

-- One audit row per changed row.  An UPDATE pairs old and new rows by key;
-- an update that changes the key (ON UPDATE CASCADE of a code) is recorded
-- as its old row and its new row, each with the other side null.  A change
-- of what an open appeal contests carries the appeal's id; the lookup runs
-- only while some appeal is open.  These three run as kpi's owner
-- (SECURITY DEFINER): only it writes kpi.audit.
-- Worked out once per statement, not per row: the acting role (the
-- column's default would call kpi.acting_role for each row) and the
-- columns that are not the key, so that a row's key is the row without
-- them (jsonb minus text[]).  The two functions per row, each with its
-- own search_path, cost more than inserting the row (bench/README.md).
CREATE FUNCTION kpi.audit_rows()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	key_columns text[] := TG_ARGV;
	actor text := kpi.acting_role();
	others text[];
	linking boolean;
BEGIN
	IF kpi.restoring() THEN
		RETURN NULL;
	END IF;
	SELECT coalesce(array_agg(a.attname::text), '{}') INTO others
	  FROM pg_attribute a
	 WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped
	   AND a.attname::text <> ALL (key_columns);
	linking := TG_TABLE_NAME IN ('score', 'evidence', 'rating', 'bonus', 'deduction', 'veto', 'downgrade')
		AND EXISTS (SELECT 1 FROM kpi.appeal a WHERE a.decision IS NULL);
	IF TG_OP = 'INSERT' THEN
		INSERT INTO kpi.audit (role_name, table_name, operation, scheme_id, unit_code, row_key, new_row, appeal_id)
		SELECT actor, TG_TABLE_NAME, TG_OP, t.j ->> 'scheme_id', t.j ->> 'unit_code', t.j - others, t.j,
			   CASE WHEN linking THEN kpi.open_appeal_on(TG_TABLE_NAME, t.j) END
		  FROM (SELECT to_jsonb(n) AS j FROM new_rows n) t;
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO kpi.audit (role_name, table_name, operation, scheme_id, unit_code, row_key, old_row, appeal_id)
		SELECT actor, TG_TABLE_NAME, TG_OP, t.j ->> 'scheme_id', t.j ->> 'unit_code', t.j - others, t.j,
			   CASE WHEN linking THEN kpi.open_appeal_on(TG_TABLE_NAME, t.j) END
		  FROM (SELECT to_jsonb(o) AS j FROM old_rows o) t;
	ELSE
		INSERT INTO kpi.audit (role_name, table_name, operation, scheme_id, unit_code, row_key, old_row, new_row, appeal_id)
		SELECT actor, TG_TABLE_NAME, TG_OP,
			   coalesce(n.j ->> 'scheme_id', o.j ->> 'scheme_id'),
			   coalesce(n.j ->> 'unit_code', o.j ->> 'unit_code'),
			   coalesce(n.k, o.k), o.j, n.j,
			   CASE WHEN linking THEN kpi.open_appeal_on(TG_TABLE_NAME, coalesce(n.j, o.j)) END
		  FROM (SELECT x.j, x.j - others AS k FROM (SELECT to_jsonb(r) AS j FROM old_rows r) x) o
		  FULL JOIN (SELECT x.j, x.j - others AS k FROM (SELECT to_jsonb(r) AS j FROM new_rows r) x) n
			ON n.k = o.k;
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION kpi.audit_truncate()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT kpi.restoring() THEN
		INSERT INTO kpi.audit (table_name, operation) VALUES (TG_TABLE_NAME, TG_OP);
	END IF;
	RETURN NULL;
END
$$;

-- kpi.reopen's record: the reason, and the publication with everything it
-- published, which the reopening removes.
CREATE FUNCTION kpi.audit_reopen(scheme text, reason text)
RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	INSERT INTO kpi.audit (table_name, operation, scheme_id, row_key, old_row, reason)
	SELECT 'publication', 'REOPEN', p.scheme_id, jsonb_build_object('scheme_id', p.scheme_id),
		   jsonb_build_object(
			   'publication', to_jsonb(p),
			   'result', (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.group_code, r.rank, r.unit_code)
							FROM kpi.published_result r WHERE r.scheme_id = p.scheme_id),
			   'reward', (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.unit_code, r.person)
							FROM kpi.published_reward r WHERE r.scheme_id = p.scheme_id),
			   'consequence', (SELECT jsonb_agg(to_jsonb(c) ORDER BY c.unit_code, c.person, c.consequence)
								 FROM kpi.published_consequence c WHERE c.scheme_id = p.scheme_id)),
		   reason
	  FROM kpi.publication p
	 WHERE p.scheme_id = scheme
$$;

-- The audit of one table, its rows named by their key columns: the
-- statement triggers audit_* and audit_truncate.  Every audited table of
-- the install gets it below; a later version's new table from its part or
-- update.
CREATE FUNCTION kpi.audit_changes(rel regclass, key_columns text[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM kpi.create_change_triggers(rel, 'audit',
		format('kpi.audit_rows(%s)', (SELECT string_agg(quote_literal(k), ', ' ORDER BY n)
										FROM unnest(key_columns) WITH ORDINALITY c (k, n))),
		'{insert,update,delete}');
	EXECUTE format('CREATE TRIGGER audit_truncate BEFORE TRUNCATE ON %s '
				   'FOR EACH STATEMENT EXECUTE FUNCTION kpi.audit_truncate()', rel);
END
$$;
COMMENT ON FUNCTION kpi.audit_changes(regclass, text[]) IS
	'Creates the triggers that append every change of the table to kpi.audit, rows named by their key columns';

SELECT kpi.audit_changes(pg_catalog.format('kpi.%I', t.name)::regclass, t.key_columns)
  FROM (VALUES
	('scheme', '{scheme_id}'::text[]),
	('unit_group', '{scheme_id,group_code}'),
	('component', '{scheme_id,group_code,component_code}'),
	('unit', '{unit_code}'),
	('criterion', '{scheme_id,criterion_code}'),
	('participant', '{scheme_id,unit_code}'),
	('score', '{scheme_id,unit_code,criterion_code}'),
	('evidence', '{scheme_id,unit_code,criterion_code}'),
	('rating', '{scheme_id,unit_code,component_code,rater}'),
	('bonus', '{id}'),
	('deduction', '{id}'),
	('veto_condition', '{condition_code}'),
	('veto', '{id}'),
	('downgrade', '{id}'),
	('member', '{scheme_id,unit_code,person}'),
	('ineligible', '{id}'),
	('grade', '{scheme_id,level}'),
	('consequence_rule', '{id}'),
	('self_score', '{scheme_id,unit_code,criterion_code}'),
	('rating_scale', '{scheme_id,component_code,grade}'),
	('account', '{id}'),
	('publication', '{scheme_id}')) AS t (name, key_columns);
