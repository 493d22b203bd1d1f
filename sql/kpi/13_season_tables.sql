
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

-- The 公示 of a scheme: its provisional result announced, open to appeals
-- until a deadline.  One row per announced scheme, written by
-- kpi.announce (82_season.sql) alone; while it stands only the office
-- changes the scheme's data.
CREATE TABLE kpi.announcement (
	scheme_id text PRIMARY KEY REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	announced_at timestamptz NOT NULL,
	announced_by text NOT NULL,
	until timestamptz NOT NULL,
	CONSTRAINT announcement_until_valid CHECK (until > announced_at)
);
COMMENT ON TABLE kpi.announcement IS 'Schemes whose provisional result is announced (公示): when, by whom, appeals until when';
SELECT pg_catalog.pg_extension_config_dump('kpi.announcement', '');

-- The provisional result as announced: kpi.live_result's columns, in
-- order, as kpi.published_result keeps the final one.
CREATE TABLE kpi.announced_result (LIKE kpi.published_result);
ALTER TABLE kpi.announced_result ADD PRIMARY KEY (scheme_id, unit_code),
	ADD FOREIGN KEY (scheme_id) REFERENCES kpi.announcement ON UPDATE CASCADE ON DELETE CASCADE;
COMMENT ON TABLE kpi.announced_result IS 'kpi.live_result of each announced scheme as it was announced (公示)';
SELECT pg_catalog.pg_extension_config_dump('kpi.announced_result', '');

-- An appeal (申诉) against a unit's announced result: on a criterion of its
-- rubric (the points under it), a rating component, or, naming neither,
-- the result as a whole (a bonus, a deduction, a veto, a grade).  Filed
-- by the unit before the deadline; decided by the office (复核): upheld
-- (申诉成立) once it has changed what was contested, or rejected (申诉不成立)
-- with a reason.  The unit's total, rank and grade as announced when it
-- was filed and as computed when it was decided are kept with it.
CREATE TABLE kpi.appeal (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	scheme_id text NOT NULL,
	unit_code text NOT NULL,
	criterion_code text,
	component_code text,
	statement text NOT NULL
		CONSTRAINT appeal_statement_valid
		CHECK (btrim(statement) <> '' AND char_length(statement) <= 4000 AND kpi.spreadsheet_safe(statement)),
	filed_at timestamptz NOT NULL DEFAULT statement_timestamp(),
	filed_by text NOT NULL,			-- set on filing (kpi.appeal_filing)
	total_before numeric,
	rank_before int,
	grade_before text,
	decision text
		CONSTRAINT appeal_decision_valid CHECK (decision = ANY (ARRAY['upheld', 'rejected'])),
	reason text
		CONSTRAINT appeal_reason_valid CHECK (char_length(reason) <= 4000 AND kpi.spreadsheet_safe(reason)),
	decided_at timestamptz,
	decided_by text,
	total_after numeric,
	rank_after int,
	grade_after text,
	CONSTRAINT appeal_names_one_item CHECK (criterion_code IS NULL OR component_code IS NULL),
	CONSTRAINT appeal_decided_whole CHECK ((decision IS NULL) = (decided_at IS NULL)
		AND (decision IS NULL) = (decided_by IS NULL) AND (decision IS NULL OR btrim(reason) <> '')),
	FOREIGN KEY (scheme_id, unit_code) REFERENCES kpi.participant ON UPDATE CASCADE ON DELETE CASCADE,
	-- checked at COMMIT, so that a scheme goes with its appeals (through
	-- its participants) before its criteria are missed
	FOREIGN KEY (scheme_id, criterion_code) REFERENCES kpi.criterion ON UPDATE CASCADE
		DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX appeal_unit_idx ON kpi.appeal (scheme_id, unit_code);
COMMENT ON TABLE kpi.appeal IS 'Appeals (申诉) against announced results: what, by whom, when, the decision (复核) and the result before and after';
SELECT pg_catalog.pg_extension_config_dump('kpi.appeal', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.appeal_id_seq', '');
