-- a rater: its rating of a random unit on its component (-D comp, rater)
\set i random(1, :units)
\set s random(700, 1000)
WITH w AS (
	INSERT INTO kpi.rating AS r (scheme_id, unit_code, component_code, rater, score)
	VALUES ('bench', 'u' || lpad((:i)::text, 6, '0'), :comp, :rater, round(:s / 10.0, 1))
	ON CONFLICT (scheme_id, unit_code, component_code, rater) DO UPDATE SET score = excluded.score
	RETURNING r.scheme_id, r.unit_code, r.component_code, r.rater, r.score, r.xmax = 0 AS inserted)
INSERT INTO load.ledger (tbl, row_key, op, val)
SELECT 'rating', jsonb_build_object('scheme_id', scheme_id, 'unit_code', unit_code, 'component_code', component_code, 'rater', rater),
	   CASE WHEN inserted THEN 'INSERT' ELSE 'UPDATE' END, jsonb_build_object('score', score)
  FROM w;
