
-- kpi: rules on leaf criteria (src/rule.c), evaluated from the facts
-- a unit reported; the kinds, each with its seed example, are in the README.

CREATE FUNCTION kpi.kpi_rule_points(rule jsonb, facts jsonb, max_points numeric)
RETURNS numeric
AS 'MODULE_PATHNAME', 'kpi_rule_points'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_rule_points(jsonb, jsonb, numeric) IS
	'Points a rule gives for the reported facts, 0..max_points, 2 decimals';

CREATE FUNCTION kpi.kpi_rule_problem(rule jsonb, max_points numeric)
RETURNS text
AS 'MODULE_PATHNAME', 'kpi_rule_problem'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_rule_problem(jsonb, numeric) IS
	'Why a rule is invalid for a criterion of max_points, or null when it is valid';

CREATE FUNCTION kpi.kpi_facts_problem(rule jsonb, facts jsonb, max_points numeric)
RETURNS text
AS 'MODULE_PATHNAME', 'kpi_facts_problem'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kpi.kpi_facts_problem(jsonb, jsonb, numeric) IS
	'Why facts do not fit a rule, or null when they do';
