-- a unit account: facts (报送材料) on a random leaf of its own rubric (-D
-- unit, rubric), one of the first nine categories, all scored: facts make an
-- unscored leaf complete, which the recomputation (bench/peer.sql) ignores
\set j random(1, :leaves * 9 / 10)
WITH w AS (
	INSERT INTO kpi.evidence AS e (scheme_id, unit_code, criterion_code, facts)
	VALUES ('bench', :unit, :rubric || '.' || ((:j - 1) * 10 / :leaves + 1) || '.' || :j,
			jsonb_build_object('材料', current_user || '#' || nextval('load.tick')))
	ON CONFLICT (scheme_id, unit_code, criterion_code) DO UPDATE SET facts = excluded.facts
	RETURNING e.scheme_id, e.unit_code, e.criterion_code, e.facts, e.xmax = 0 AS inserted)
INSERT INTO load.ledger (tbl, row_key, op, val)
SELECT 'evidence', jsonb_build_object('scheme_id', scheme_id, 'unit_code', unit_code, 'criterion_code', criterion_code),
	   CASE WHEN inserted THEN 'INSERT' ELSE 'UPDATE' END, jsonb_build_object('facts', facts)
  FROM w;
