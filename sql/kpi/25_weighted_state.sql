
-- kpi: the weighted-total state as a value of its own, so that a unit's
-- scores are aggregated straight from kpi.score (in parallel, the state
-- being a plain bigint[]), its other contributions apart, the two states
-- merged, and the unit's capped deduction, computed over its whole rubric
-- tree, applied to the state afterwards (kpi.unit_total).

-- The state of kpi_weighted_total, unfinished.
CREATE AGGREGATE kpi.kpi_weighted_state(slot integer, points numeric, max_points numeric,
	weight numeric, aggregation text) (
	SFUNC = kpi.kpi_weighted_total_trans,
	STYPE = bigint[],
	INITCOND = '{1,0,0,0,-1,0,0}',
	COMBINEFUNC = kpi.kpi_weighted_total_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE kpi.kpi_weighted_state(integer, numeric, numeric, numeric, text) IS
	'The unfinished state of kpi_weighted_total (finish with kpi_weighted_parts_final)';

-- States of parts of a unit's rows, merged into one.
CREATE AGGREGATE kpi.kpi_weighted_merge(bigint[]) (
	SFUNC = kpi.kpi_weighted_total_combine,
	STYPE = bigint[],
	COMBINEFUNC = kpi.kpi_weighted_total_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE kpi.kpi_weighted_merge(bigint[]) IS
	'kpi_weighted_state states of parts of one unit''s rows, merged';

-- A state with rubric points taken by deductions (slot -2); null takes
-- nothing.  Plain SQL, inlined where it is used.
CREATE FUNCTION kpi.kpi_weighted_deduct(state bigint[], taken numeric)
RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
	SELECT CASE WHEN $2 IS NULL THEN $1
				ELSE kpi.kpi_weighted_total_trans($1, -2, $2, NULL::numeric, NULL::numeric, NULL::text) END
$$;
COMMENT ON FUNCTION kpi.kpi_weighted_deduct(bigint[], numeric) IS
	'A kpi_weighted_total state with the given rubric points deducted (null: none)';
