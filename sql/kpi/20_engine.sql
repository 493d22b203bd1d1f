
-- kpi: the C functions that compute (src/*_pg.c over the pure core).  Each
-- SQL-callable C function's symbol is its SQL name, with kpi_ in front
-- where the name lacks it.

-- kpi_weighted_total: one unit's contributions -> its total (semantics 1-3,
-- 5).  A contribution is (slot, points, max_points, weight, aggregation):
--   slot 0  content: points = a leaf's points; max_points adds to the
--           rubric maximum; weight declares the content weight;
--   slot >= 1  a rating component: points = one rater's score; weight and
--           aggregation ('mean' or 'trimmed_mean') declare the component;
--   slot -1 bonus points; slot -2 rubric points taken by deductions.
-- kpi.contribution (45_total.sql) is the one place that feeds it.  The
-- state is an int8[] of exact int64 hundredths (src/tally.h), a real SQL
-- type that parallel workers (and Citus) split and combine.
CREATE FUNCTION kpi.kpi_weighted_total_trans(state bigint[], slot integer, points numeric,
	max_points numeric, weight numeric, aggregation text)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'kpi_weighted_total_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION kpi.kpi_weighted_total_combine(bigint[], bigint[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'kpi_weighted_total_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION kpi.kpi_weighted_total_final(bigint[])
RETURNS numeric
AS 'MODULE_PATHNAME', 'kpi_weighted_total_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- kpi_points_sum: Σ of a unit's leaf points for kpi_weighted_total, summed
-- as int64 hundredths (exact: a point has at most 2 decimals) in a state
-- passed by value, cheaper per score row than sum(numeric); parallel.
CREATE FUNCTION kpi.kpi_points_sum_trans(bigint, numeric)
RETURNS bigint
AS 'MODULE_PATHNAME', 'kpi_points_sum_trans'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION kpi.kpi_points_sum_combine(bigint, bigint)
RETURNS bigint
AS 'MODULE_PATHNAME', 'kpi_points_sum_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION kpi.kpi_points_sum_final(bigint)
RETURNS numeric
AS 'MODULE_PATHNAME', 'kpi_points_sum_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE kpi.kpi_points_sum(numeric) (
	SFUNC = kpi.kpi_points_sum_trans,
	STYPE = bigint,
	INITCOND = '0',
	COMBINEFUNC = kpi.kpi_points_sum_combine,
	FINALFUNC = kpi.kpi_points_sum_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE kpi.kpi_points_sum(numeric) IS
	'Exact sum of points of at most 2 decimals, as kpi_weighted_total reads them (2 decimals out)';

-- The parts of a unit's total: exact, and as kpi.result shows them.
CREATE TYPE kpi.weighted_parts AS (
	content numeric,			-- exact content score (semantics 1)
	ratings numeric,			-- exact sum of the weighted ratings (2)
	bonus numeric,				-- approved bonus points (3)
	deduction numeric,			-- rubric points taken by deductions (4)
	total numeric,				-- round(content + ratings + bonus, 2) (5)
	ratings_complete boolean,	-- every rating component has a rating
	content_shown numeric,		-- content rounded to 2 decimals
	ratings_shown numeric		-- ratings rounded to 2 decimals
);

CREATE FUNCTION kpi.kpi_weighted_parts_final(bigint[])
RETURNS kpi.weighted_parts
AS 'MODULE_PATHNAME', 'kpi_weighted_parts_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE kpi.kpi_weighted_total(slot integer, points numeric, max_points numeric,
	weight numeric, aggregation text) (
	SFUNC = kpi.kpi_weighted_total_trans,
	STYPE = bigint[],
	INITCOND = '{1,0,0,0,-1,0,0}',
	COMBINEFUNC = kpi.kpi_weighted_total_combine,
	FINALFUNC = kpi.kpi_weighted_total_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE kpi.kpi_weighted_total(integer, numeric, numeric, numeric, text) IS
	'Exact weighted total of one unit''s contributions (see kpi.contribution)';

-- The same state finished as every part.  Beside kpi_weighted_total on the
-- same input (kpi.unit_total), PostgreSQL computes the state once for both.
CREATE AGGREGATE kpi.kpi_weighted_parts(slot integer, points numeric, max_points numeric,
	weight numeric, aggregation text) (
	SFUNC = kpi.kpi_weighted_total_trans,
	STYPE = bigint[],
	INITCOND = '{1,0,0,0,-1,0,0}',
	COMBINEFUNC = kpi.kpi_weighted_total_combine,
	FINALFUNC = kpi.kpi_weighted_parts_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE kpi.kpi_weighted_parts(integer, numeric, numeric, numeric, text) IS
	'The parts (content, ratings, bonus, deduction, total) of one unit''s contributions';

-- kpi_tier: semantics 7a-c, over (PARTITION BY scheme_id, group_code ORDER BY rank).
CREATE FUNCTION kpi.kpi_tier(rank bigint, vetoed boolean, top_n integer)
RETURNS kpi.tier
AS 'MODULE_PATHNAME', 'kpi_tier'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_tier(bigint, boolean, integer) IS
	'Window function: 实绩突出/实绩比较突出/实绩一般 by rank, vetoes and top_n (semantics 7a-c)';

-- A scheme's grades in level order, as kpi_tier takes them (null: none,
-- the 2018 method).  kpi_tier reads it once per scheme, not per row.
CREATE FUNCTION kpi.grades_of(scheme text)
RETURNS kpi.grade[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT pg_catalog.array_agg(g ORDER BY g.level) FROM kpi.grade g WHERE g.scheme_id OPERATOR(pg_catalog.=) $1
$$;
COMMENT ON FUNCTION kpi.grades_of(text) IS 'A scheme''s kpi.grade rows in level order (null: none)';

-- kpi_tier over grades: semantics 10's caps and quota levels (7a-c when the
-- scheme has no grade rows), the level before downgrades.
CREATE FUNCTION kpi.kpi_tier(rank bigint, vetoed boolean, total numeric, top_n integer,
	veto_level integer, scheme_id text, grades kpi.grade[])
RETURNS integer
AS 'MODULE_PATHNAME', 'kpi_tier_level'
LANGUAGE C WINDOW STABLE PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_tier(bigint, boolean, numeric, integer, integer, text, kpi.grade[]) IS
	'Window function: each unit''s level by its scheme''s grades (semantics 10), or by 7a-c without grades';

-- kpi_veto over levels: the veto cap, then downgrades, never past the worst.
CREATE FUNCTION kpi.kpi_veto(level integer, vetoed boolean, downgrade_steps integer,
	veto_level integer, levels integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'kpi_veto_level'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_veto(integer, boolean, integer, integer, integer) IS
	'A veto caps the level at veto_level; each downgrade step drops one level, never past levels';

-- The label of a scheme's level: its grade row's, or the 2018 names.
CREATE FUNCTION kpi.level_label(scheme_id text, level integer)
RETURNS text
AS 'MODULE_PATHNAME', 'kpi_level_label'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.level_label(text, integer) IS
	'Label of a scheme''s level: its kpi.grade label, or 实绩突出/实绩比较突出/实绩一般 without grades';

-- kpi_veto: semantics 7a and 7d applied to a tier.
CREATE FUNCTION kpi.kpi_veto(tier kpi.tier, vetoed boolean, downgrade_steps integer)
RETURNS kpi.tier
AS 'MODULE_PATHNAME', 'kpi_veto'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_veto(kpi.tier, boolean, integer) IS
	'A veto caps the tier at 实绩一般; each downgrade step drops one tier (semantics 7a, 7d)';

-- The reward split of semantics 8, to the fen.
CREATE FUNCTION kpi.kpi_reward_split(amount numeric, head_share numeric, persons text[], roles text[])
RETURNS TABLE (person text, role text, amount numeric)
AS 'MODULE_PATHNAME', 'kpi_reward_split'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION kpi.kpi_reward_split(numeric, numeric, text[], text[]) IS
	'Split a reward: head_share to the heads, the rest to the staff, largest remainders get the leftover fen';

-- Deductions capped bottom-up (semantics 4) over a rubric's tree given
-- once, with one unit's points and asks given by code: the points taken
-- at each asked code, in its order.
CREATE FUNCTION kpi.kpi_deduction_cap(codes text[], parents text[], point_codes text[], points numeric[],
	asked_codes text[], asked numeric[])
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'kpi_deduction_cap'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_deduction_cap(text[], text[], text[], numeric[], text[], numeric[]) IS
	'Points taken at each asked criterion of a tree: min(asked, held in its subtree - taken below it)';

-- Chinese names of the tiers.
CREATE FUNCTION kpi.tier_label(tier kpi.tier)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
	SELECT CASE
		WHEN $1 OPERATOR(pg_catalog.=) 'outstanding'::kpi.tier THEN '实绩突出'
		WHEN $1 OPERATOR(pg_catalog.=) 'good'::kpi.tier THEN '实绩比较突出'
		ELSE '实绩一般'
	END
$$;
