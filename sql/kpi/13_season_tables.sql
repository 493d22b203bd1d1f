
-- kpi: the tables of the assessment season (自评, 公示, 申诉), which 1.2.0
-- adds.  Nothing here counts in a result.  Kept apart from 10_tables.sql
-- so that the update from 1.1.0 creates them from this part.

-- A unit's own points on a leaf of its rubric (自评分), entered by the
-- unit while the scheme is open, beside the assessor's score (kpi.score).
-- The score sheet shows both; the result never reads it.
CREATE TABLE kpi.self_score (
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	criterion_code text NOT NULL,
	points numeric NOT NULL
		CONSTRAINT self_score_points_valid
		CHECK (points >= 0 AND points = pg_catalog.round(points, 2)),
	note text
		CONSTRAINT self_score_note_valid CHECK (char_length(note) <= 2000 AND kpi.spreadsheet_safe(note)),
	PRIMARY KEY (scheme_id, unit_code, criterion_code),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant
		ON UPDATE CASCADE ON DELETE CASCADE,
	FOREIGN KEY (scheme_id, criterion_code) REFERENCES kpi.criterion ON UPDATE CASCADE
		DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON TABLE kpi.self_score IS 'A unit''s own points on a leaf of its rubric (自评分); shown beside the assessor''s score, never counted';
SELECT pg_catalog.pg_extension_config_dump('kpi.self_score', '');
