-- an assessor: one score of a random unit and leaf, set or entered (the
-- last five leaves start unscored), with a note no other write has; the
-- ledger row is appended by the same statement, after the write
\set i random(1, :units)
\set j random(1, :leaves)
\set p random(0, (2 + :j % 5) * 100)
WITH w AS (
	INSERT INTO kpi.score AS s (scheme_id, unit_code, criterion_code, points, note)
	VALUES ('bench', 'u' || lpad((:i)::text, 6, '0'),
			CASE :i % 10 WHEN 0 THEN 'gs' WHEN 1 THEN 'ej' ELSE 'sfs' END || '.' || ((:j - 1) * 10 / :leaves + 1) || '.' || :j,
			round(:p / 100.0, 2), current_user || '#' || nextval('load.tick'))
	ON CONFLICT (scheme_id, unit_code, criterion_code) DO UPDATE SET points = excluded.points, note = excluded.note
	RETURNING s.scheme_id, s.unit_code, s.criterion_code, s.points, s.note, s.xmax = 0 AS inserted)
INSERT INTO load.ledger (tbl, row_key, op, val)
SELECT 'score', jsonb_build_object('scheme_id', scheme_id, 'unit_code', unit_code, 'criterion_code', criterion_code),
	   CASE WHEN inserted THEN 'INSERT' ELSE 'UPDATE' END, jsonb_build_object('points', points, 'note', note)
  FROM w;
