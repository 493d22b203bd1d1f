#!/usr/bin/env bash
# Errors are specific: every input of the fuzz corpora (fuzz/corpus/) and
# every 细则 text of the tests is replayed through kpi's SQL functions, each
# call in its own subtransaction.  No call may fail with XX000 (internal
# error): each error must carry the SQLSTATE of its cause; and the server
# must stay up.  Prints the count of calls per SQLSTATE (as TAP comments,
# test/lib.sh).  Runs against the cluster in PG* (make test runs it under
# pg_virtualenv).
. "$(dirname "$0")/lib.sh"
db=kpi_replay_$$
drop_at_exit DATABASE $db
plan 1
# the server reads the inputs itself (pg_read_binary_file): a copy it can read
mkdir -p "$tmp/rubric_text" "$tmp/rule" "$tmp/tally"
cp fuzz/corpus/rubric_text/* sample/rubrics/*.txt test/rubric/* "$tmp/rubric_text/"
cp fuzz/corpus/rule/* "$tmp/rule/"
cp fuzz/corpus/tally/* "$tmp/tally/"
chmod -R a+rX "$tmp"

what="every corpus input replayed through SQL; no internal error, the server up"
psql -d postgres -c "CREATE DATABASE $db"
if psql -d "$db" -v dir="$tmp" <<'SQL' | sed 's/^/# /'
CREATE EXTENSION kpi;
CREATE TEMP TABLE outcome (target text, input text, call text, sqlstate text, message text);

-- one call: its SQLSTATE (00000 when it succeeds)
CREATE FUNCTION pg_temp.try(target text, input text, call text, q text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	st text := '00000';
	msg text;
	r record;
BEGIN
	BEGIN
		EXECUTE q INTO r;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
	END;
	INSERT INTO outcome VALUES (target, input, call, st, msg);
END
$$;

\o /dev/null
-- 细则 texts, as UTF-8 (an invalid byte is refused there, 22021)
SELECT pg_temp.try('rubric_text', f, 'parse_rubric',
	format('SELECT count(*) FROM kpi.parse_rubric(convert_from(pg_read_binary_file(%L), ''UTF8''))',
		   :'dir' || '/rubric_text/' || f))
  FROM pg_ls_dir(:'dir' || '/rubric_text') f;

-- rules: the rule, then the facts after the first NUL (or newline)
CREATE TEMP TABLE rule_input AS
SELECT f, b, CASE WHEN position('\x00'::bytea IN b) > 0 THEN position('\x00'::bytea IN b)
				  ELSE position('\x0a'::bytea IN b) END AS cut
  FROM pg_ls_dir(:'dir' || '/rule') f, pg_read_binary_file(:'dir' || '/rule/' || f) b;
SELECT pg_temp.try('rule', f, c.call, format(c.q, r, facts))
  FROM (SELECT f,
			   CASE WHEN cut > 0 THEN substring(b FROM 1 FOR cut - 1) ELSE b END AS r,
			   CASE WHEN cut > 0 THEN substring(b FROM cut + 1) ELSE '\x7b7d'::bytea END AS facts
		  FROM rule_input) i,
	   (VALUES ('kpi_rule_problem', 'SELECT kpi.kpi_rule_problem(convert_from(%L::bytea, ''UTF8'')::jsonb, 10) WHERE %L IS NOT NULL'),
			   ('kpi_rule_points', 'SELECT kpi.kpi_rule_points(convert_from(%L::bytea, ''UTF8'')::jsonb, convert_from(%L::bytea, ''UTF8'')::jsonb, 10)'),
			   ('kpi_facts_problem', 'SELECT kpi.kpi_facts_problem(convert_from(%L::bytea, ''UTF8'')::jsonb, convert_from(%L::bytea, ''UTF8'')::jsonb, 10)'))
		AS c (call, q);

-- aggregate states: the input as little-endian int64 words
CREATE TEMP TABLE state_input AS
SELECT f, coalesce((
	SELECT array_agg(CASE WHEN v >= 9223372036854775808 THEN v - 18446744073709551616 ELSE v END::bigint ORDER BY w)
	  FROM (SELECT w, sum(get_byte(b, w * 8 + k)::numeric * 256::numeric ^ k) AS v
			  FROM generate_series(0, length(b) / 8 - 1) w, generate_series(0, 7) k
			 GROUP BY w) words), '{}') AS state
  FROM pg_ls_dir(:'dir' || '/tally') f, pg_read_binary_file(:'dir' || '/tally/' || f) b;
SELECT pg_temp.try('tally', f, c.call, format(c.q, state, state))
  FROM state_input,
	   (VALUES ('kpi_weighted_parts_final', 'SELECT kpi.kpi_weighted_parts_final(%L::bigint[]) WHERE %L IS NOT NULL'),
			   ('kpi_weighted_total_final', 'SELECT kpi.kpi_weighted_total_final(%L::bigint[]) WHERE %L IS NOT NULL'),
			   ('kpi_weighted_total_combine', 'SELECT kpi.kpi_weighted_total_combine(%L::bigint[], %L::bigint[])'),
			   ('kpi_weighted_total_trans', 'SELECT kpi.kpi_weighted_total_trans(%L::bigint[], 1, 50, NULL, 10, ''mean'') WHERE %L IS NOT NULL'))
		AS c (call, q);

\o
\pset footer off
SELECT target, sqlstate, count(*) AS calls FROM outcome GROUP BY 1, 2 ORDER BY 1, 2;
SELECT target, input, call, message FROM outcome WHERE sqlstate = 'XX000';
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM outcome WHERE sqlstate = 'XX000') THEN
		RAISE EXCEPTION 'internal errors (XX000) in the replay';
	END IF;
	IF (SELECT count(DISTINCT target) FROM outcome) <> 3 THEN
		RAISE EXCEPTION 'a corpus was not replayed';
	END IF;
END
$$;
SQL
then ok "$what"; else not_ok "$what"; fi
