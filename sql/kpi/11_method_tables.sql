
-- kpi: the tables of a method as data (semantics 10-13), which 1.1.0 added:
-- grades, consequence rules and rating scales.  A scheme without rows here
-- computes as the 2018 method says (semantics 6-9).  Kept apart from
-- 10_tables.sql so that the update from 1.0.0 creates them from this part.

-- The grades a group's units are ranked into, best (level 1) first.
CREATE TABLE kpi.grade (
	scheme_id text NOT NULL REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	level int NOT NULL
		CONSTRAINT grade_level_valid CHECK (level >= 1 AND level <= 100),
	label text NOT NULL
		CONSTRAINT grade_label_valid CHECK (label <> '' AND char_length(label) <= 100),
	-- a quota level's size: so many places, or a share of the group's
	-- participants (rounded down); neither: every candidate
	places int
		CONSTRAINT grade_places_not_negative CHECK (places >= 0),
	share numeric
		CONSTRAINT grade_share_valid CHECK (share >= 0 AND share <= 1),
	min_total numeric
		CONSTRAINT grade_min_total_valid CHECK (min_total = pg_catalog.round(min_total, 2)),
	below_total numeric
		CONSTRAINT grade_below_total_valid CHECK (below_total = pg_catalog.round(below_total, 2)),
	last_places int
		CONSTRAINT grade_last_places_positive CHECK (last_places >= 1),
	is_default boolean NOT NULL DEFAULT false,
	reward_amount numeric(12,2)
		CONSTRAINT grade_reward_amount_not_negative CHECK (reward_amount >= 0),
	head_share numeric
		CONSTRAINT grade_head_share_valid
		CHECK (head_share >= 0 AND head_share <= 1 AND head_share = pg_catalog.round(head_share, 6)),
	PRIMARY KEY (scheme_id, level),
	CONSTRAINT grade_places_or_share CHECK (places IS NULL OR share IS NULL)
);
COMMENT ON TABLE kpi.grade IS 'A scheme''s grades (semantics 10), level 1 best: quota, thresholds, last places, default, reward';

-- Consequences by level, for a unit at the level so many years in a row.
CREATE TABLE kpi.consequence_rule (
	id bigserial PRIMARY KEY,
	scheme_id text NOT NULL REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	level int NOT NULL
		CONSTRAINT consequence_rule_level_valid CHECK (level >= 1),
	years int NOT NULL DEFAULT 1
		CONSTRAINT consequence_rule_years_valid CHECK (years >= 1 AND years <= 50),
	applies_to text NOT NULL
		CONSTRAINT consequence_rule_applies_to_valid CHECK (applies_to = ANY (ARRAY['unit', 'members'])),
	consequence text NOT NULL
		CONSTRAINT consequence_rule_text_valid
		CHECK (consequence <> '' AND char_length(consequence) <= 500 AND kpi.spreadsheet_safe(consequence)),
	CONSTRAINT consequence_rule_unique UNIQUE (scheme_id, level, years, applies_to, consequence)
);
COMMENT ON TABLE kpi.consequence_rule IS 'Consequences of a level (semantics 12): for the unit or each member, after years in a row';

-- Letter grades a rating component takes instead of scores.
CREATE TABLE kpi.rating_scale (
	scheme_id text NOT NULL REFERENCES kpi.scheme ON UPDATE CASCADE ON DELETE CASCADE,
	component_code text NOT NULL,
	grade text NOT NULL
		CONSTRAINT rating_scale_grade_valid
		CHECK (grade <> '' AND char_length(grade) <= 20 AND kpi.spreadsheet_safe(grade)),
	points numeric NOT NULL
		CONSTRAINT rating_scale_points_valid
		CHECK (points >= 0 AND points <= 100 AND points = pg_catalog.round(points, 2)),
	PRIMARY KEY (scheme_id, component_code, grade),
	CONSTRAINT rating_scale_not_content CHECK (component_code <> 'content')
);
COMMENT ON TABLE kpi.rating_scale IS 'Letter grades of a rating component (semantics 13) and the points each counts as';

-- A grade given must be one of the component's scale (checked at COMMIT,
-- like the keys into criteria: renaming a scheme cascades to the ratings
-- by two paths).
ALTER TABLE kpi.rating ADD CONSTRAINT rating_grade_in_scale FOREIGN KEY (scheme_id, component_code, grade)
	REFERENCES kpi.rating_scale ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;

SELECT pg_catalog.pg_extension_config_dump('kpi.grade', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.consequence_rule', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.consequence_rule_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('kpi.rating_scale', '');
