-- the office: approves (or withdraws) a bonus and confirms (or lifts) a
-- veto, in one statement
\set b random(1, 7)
\set v random(1, 3)
WITH b AS (
	UPDATE kpi.bonus SET approved = NOT approved
	 WHERE id = (SELECT id FROM load.target WHERE kind = 'bonus' AND n = :b)
	RETURNING 'bonus' AS tbl, id, jsonb_build_object('approved', approved) AS val),
v AS (
	UPDATE kpi.veto SET confirmed = NOT confirmed
	 WHERE id = (SELECT id FROM load.target WHERE kind = 'veto' AND n = :v)
	RETURNING 'veto' AS tbl, id, jsonb_build_object('confirmed', confirmed) AS val)
INSERT INTO load.ledger (tbl, row_key, op, val)
SELECT tbl, jsonb_build_object('id', id), 'UPDATE', val FROM (TABLE b UNION ALL TABLE v) w;
