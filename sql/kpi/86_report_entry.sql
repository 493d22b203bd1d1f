
-- kpi: entry by COPY.  Assessors keep scores in spreadsheets, raters their
-- ratings, units their facts; each sheet saved as CSV loads with
--     \copy kpi_report.score_entry FROM 'scores.csv' CSV HEADER
-- into a view whose columns are the sheet's (Chinese, as the bureau's own
-- tables head them).  A unit is given by its code or its name; 方案 may be
-- left out (a COPY column list without it) while exactly one scheme is open.
--
-- How a load runs: a statement trigger before it starts an empty stage in
-- the backend's memory (kpi_entry_begin, src/entry_stage_pg.c: no table, so
-- nothing a caller creates can stand in for it); the INSTEAD OF row trigger
-- resolves and checks each row, naming its CSV line, and stages it (a key
-- given twice is refused, naming both lines); a statement trigger after it
-- writes the staged rows with one INSERT ... ON CONFLICT DO UPDATE, so the
-- checks, the lock and the audit of the table fire once, set-based, and a
-- re-loaded sheet updates what changed (unchanged rows are not rewritten,
-- so not audited).  COPY is one statement: any error rolls all of it back.
--
-- These triggers run as the invoker: row-level security and the caller's
-- privileges decide what lands, as for a plain INSERT; the checks of each
-- row only name a refused row early, with its line.  A DELETE on an entry
-- view removes the rows it names that the caller may write: the one trigger
-- that runs as kpi's owner, since units, assessors and raters hold no
-- DELETE on the tables (it would let them LOCK them).

-- The stage of a load (src/entry_stage_pg.c): one per entry view, in the
-- backend's own memory, forgotten at the end of the transaction and
-- dropped with a subtransaction that rolls back.  Volatile and parallel
-- unsafe: they keep state in the backend.

-- Start a load into the entry view `load` (its BEFORE STATEMENT trigger);
-- refused while a load into the same view is in progress.
CREATE FUNCTION kpi.kpi_entry_begin(load regclass)
RETURNS void
AS 'MODULE_PATHNAME', 'kpi_entry_begin'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION kpi.kpi_entry_begin(regclass) IS
	'Start a load into an entry view: an empty stage for its rows, until kpi_entry_take';

-- Stage one checked row of the load; if its key (scheme_id, unit_code,
-- code, rater) was staged by this load already, stage nothing and return
-- the `at` of the earlier row, else null.  A null rater is ''; points,
-- facts and note may be null; n orders the rows (the line number).  Not
-- strict: it names the argument that must not be null.
CREATE FUNCTION kpi.kpi_entry_stage(load regclass, n bigint, at text, scheme_id text, unit_code text,
	code text, rater text, points numeric, facts jsonb, note text)
RETURNS text
AS 'MODULE_PATHNAME', 'kpi_entry_stage'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION kpi.kpi_entry_stage(regclass, bigint, text, text, text, text, text, numeric, jsonb, text) IS
	'Stage one row of a load into an entry view; a key staged before returns where it was and stages nothing';

-- The staged rows of the load in order of n (the same n: in staging
-- order), ending the load.
CREATE FUNCTION kpi.kpi_entry_take(load regclass)
RETURNS TABLE (scheme_id text, unit_code text, code text, rater text, points numeric, facts jsonb, note text)
AS 'MODULE_PATHNAME', 'kpi_entry_take'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE ROWS 1000;
COMMENT ON FUNCTION kpi.kpi_entry_take(regclass) IS
	'The staged rows of a load into an entry view, in line order, ending the load';

-- The line (COPY) or row (INSERT) a row came from: COPY's own count of
-- physical lines, after a header line when the statement has one; in CSV a
-- quoted field with line breaks spans as many lines as COPY counts.
-- Advanced per row in a setting kpi.entry_begin resets per statement
-- (kpi_entry.*, not kpi.*: a prefix the module might one day reserve).
CREATE FUNCTION kpi.entry_line(fields text)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	how text := current_setting('kpi_entry.count', true);
	next bigint := coalesce(nullif(current_setting('kpi_entry.next', true), ''), '1')::bigint;
	breaks int := 0;
BEGIN
	IF how = 'csv' THEN
		breaks := length(coalesce(fields, '')) - length(replace(coalesce(fields, ''), E'\n', ''));
	END IF;
	PERFORM set_config('kpi_entry.next', (next + 1 + breaks)::text, true);
	RETURN pg_catalog.format(CASE WHEN how IN ('csv', 'copy') THEN kpi.translate('line %s')
								  ELSE kpi.translate('row %s') END, next);
END
$$;

-- Before each load: an empty stage, and the count of lines.
CREATE FUNCTION kpi.entry_begin()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	-- the client's statement, its quoted strings (a file name) left out
	q text := regexp_replace(coalesce(current_query(), ''), '''([^'']|'''')*''', '''''', 'g');
	is_copy boolean := q ~* '^\s*copy\M';
BEGIN
	PERFORM kpi.kpi_entry_begin(TG_RELID::regclass);
	PERFORM set_config('kpi_entry.rights', '', true);
	PERFORM set_config('kpi_entry.count',
					   CASE WHEN NOT is_copy THEN 'insert'
							WHEN q ~* '\mcsv\M' THEN 'csv' ELSE 'copy' END, true);
	-- a header line comes first (HEADER, HEADER true/on/1/match)
	PERFORM set_config('kpi_entry.next',
					   CASE WHEN is_copy AND q ~* '\mheader\M' AND q !~* '\mheader\s+(false|off|0)\M'
							THEN '2' ELSE '1' END, true);
	RETURN NULL;
END
$$;

-- What the role loading may write (kpi.rights_of), worked out once per
-- load and kept in a setting kpi.entry_begin clears: the row triggers ask
-- for every row, and working it out walks kpi.account and pg_roles.  The
-- caller could set the setting itself; it only lets a bad row be named
-- early: what is written is still decided by row-level security, which
-- works the rights out anew, when the staged rows are written.
CREATE FUNCTION kpi.entry_rights()
RETURNS kpi.rights
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	who text := current_user::text;
	kept text := nullif(current_setting('kpi_entry.rights', true), '');
	rights kpi.rights;
BEGIN
	IF kept IS NOT NULL THEN
		rights := kept::kpi.rights;
	END IF;
	IF rights.role_name IS DISTINCT FROM who THEN
		rights := kpi.rights_of(who);
		PERFORM set_config('kpi_entry.rights', rights::text, true);
	END IF;
	RETURN rights;
END
$$;

-- 方案: the scheme named, or, when the column is left out or empty, the one
-- open scheme.  Entry goes to open schemes (the office may also fill a
-- draft); a finalized one is locked.
CREATE FUNCTION kpi.entry_scheme(given text, at text, office boolean)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	scheme text := nullif(btrim(given), '');
	status text;
	open text[];
BEGIN
	IF scheme IS NULL THEN
		SELECT array_agg(s.scheme_id ORDER BY s.scheme_id) INTO open FROM kpi.scheme s WHERE s.status = 'open';
		IF cardinality(open) IS DISTINCT FROM 1 THEN
			RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no 方案 on %s and %s schemes are open'), at, coalesce(cardinality(open), 0)),
					  ERRCODE = 'invalid_parameter_value',
					  DETAIL = CASE WHEN open IS NULL THEN kpi.translate('No scheme is open for entry.')
									ELSE pg_catalog.format(kpi.translate('Open schemes: %s.'), array_to_string(open, ', ')) END,
					  HINT = kpi.translate('Give the scheme in a 方案 column; it may be left out only while exactly one scheme is open.');
		END IF;
		RETURN open[1];
	END IF;
	SELECT s.status INTO status FROM kpi.scheme s WHERE s.scheme_id = scheme;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unknown scheme "%s" on %s'), scheme, at),
				  ERRCODE = 'foreign_key_violation';
	END IF;
	IF status = 'finalized' THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is finalized'), scheme),
				  ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = pg_catalog.format(kpi.translate('The load''s %s would change the published scheme "%s".'), at, scheme),
				  HINT = kpi.translate('Only the office can reopen it, with kpi.reopen(scheme_id, reason).');
	END IF;
	IF status = 'draft' AND NOT office THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is not open for entry (%s)'), scheme, at),
				  ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = kpi.translate('It is still a draft: only the office enters data into it.');
	END IF;
	IF NOT office AND EXISTS (SELECT 1 FROM kpi.announcement a WHERE a.scheme_id = scheme) THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" is not open for entry (%s)'), scheme, at),
				  ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = kpi.translate('Its result is announced (公示): only the office changes its data until it is finalized.');
	END IF;
	RETURN scheme;
END
$$;

-- 单位: a unit's code, or its name.  A code wins; a name shared by several
-- units is taken to be the one taking part in the scheme, else refused.
-- Names are looked up once per row: an index keeps that one probe at
-- country scale (tens of thousands of units).
CREATE INDEX unit_name_idx ON kpi.unit (name);
CREATE FUNCTION kpi.entry_unit(scheme text, given text, at text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v text := nullif(btrim(given), '');
	named text[];		-- every unit of that name
	matches text[];
BEGIN
	IF v IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no 单位 on %s'), at),
				  ERRCODE = 'not_null_violation',
				  DETAIL = kpi.translate('Each row names its unit by code or by name.');
	END IF;
	PERFORM FROM kpi.unit u WHERE u.unit_code = v;
	IF FOUND THEN
		RETURN v;
	END IF;
	SELECT array_agg(u.unit_code ORDER BY u.unit_code) INTO named FROM kpi.unit u WHERE u.name = v;
	matches := named;
	IF cardinality(named) > 1 THEN
		SELECT array_agg(p.unit_code ORDER BY p.unit_code) INTO matches
		  FROM kpi.participant p WHERE p.scheme_id = scheme AND p.unit_code = ANY (named);
		IF cardinality(matches) IS DISTINCT FROM 1 THEN
			RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unit name "%s" on %s is ambiguous'), v, at),
					  ERRCODE = 'invalid_parameter_value',
					  DETAIL = pg_catalog.format(kpi.translate('Units %s are all named "%s".'), array_to_string(named, ', '), v),
					  HINT = kpi.translate('Give the unit''s code instead of its name.');
		END IF;
	END IF;
	IF matches IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unknown unit "%s" on %s'), v, at),
				  ERRCODE = 'foreign_key_violation',
				  DETAIL = kpi.translate('No unit has this code or name.');
	END IF;
	RETURN matches[1];
END
$$;

-- A number column (得分, 评分): a plain decimal with at most 2 places, not
-- negative; the caller checks the upper bound.
CREATE FUNCTION kpi.entry_number(given text, col text, at text)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v text := nullif(btrim(given), '');
	x numeric;
BEGIN
	IF v IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no %s on %s'), col, at),
				  ERRCODE = 'not_null_violation',
				  HINT = kpi.translate('A load sets values; it does not clear them.  Remove a row with DELETE.');
	END IF;
	IF v !~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$' THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('%s "%s" on %s is not a number'), col, v, at),
				  ERRCODE = 'invalid_text_representation';
	END IF;
	x := v::numeric;
	IF x < 0 OR x <> round(x, 2) THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('%s %s on %s is not allowed'), col, v, at),
				  ERRCODE = 'check_violation',
				  DETAIL = kpi.translate('Points and scores are at least 0, with at most 2 decimals.');
	END IF;
	RETURN x;
END
$$;

-- A free-text cell of a sheet (备注, 评价人): refused, naming its line,
-- where a spreadsheet would run it as a formula (kpi.spreadsheet_safe, the
-- tables' own check) when the sheet is written out again.
CREATE FUNCTION kpi.entry_text(given text, col text, at text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT kpi.spreadsheet_safe(given) THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('%s on %s begins with "%s", which a spreadsheet runs as a formula'), col, at, left(given, 1)),
				  ERRCODE = 'check_violation',
				  DETAIL = kpi.translate('Text that begins with =, +, -, @, a tab or a carriage return is refused: a sheet written from kpi would run it when opened.'),
				  HINT = kpi.translate('Begin the text with another character, for example a space.');
	END IF;
	RETURN given;
END
$$;

-- score_entry: 方案, 单位, 指标, 得分, 备注.
CREATE FUNCTION kpi.score_entry_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	at text := kpi.entry_line(concat(NEW."方案", NEW."单位", NEW."指标", NEW."得分", NEW."备注"));
	rights kpi.rights := kpi.entry_rights();
	scheme text := kpi.entry_scheme(NEW."方案", at, rights.office);
	unit text := kpi.entry_unit(scheme, NEW."单位", at);
	criterion text := nullif(btrim(NEW."指标"), '');
	points numeric := kpi.entry_number(NEW."得分", '得分', at);
	note text := kpi.entry_text(nullif(NEW."备注", ''), '备注', at);
	node kpi.rubric_node;
	roots text;
	earlier text;
BEGIN
	IF NOT rights.office AND NOT rights.assessor THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('role "%s" may not enter scores (%s)'), current_user, at),
				  ERRCODE = 'insufficient_privilege',
				  DETAIL = kpi.translate('Scores are entered by assessors and the office.');
	END IF;
	IF criterion IS NOT NULL AND NOT kpi.may_score(rights, scheme, criterion) THEN
		SELECT string_agg(c, ', ') INTO roots FROM jsonb_array_elements_text(rights.score_roots -> scheme) c;
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('criterion "%s" on %s is not one role "%s" scores'), criterion, at, current_user),
				  ERRCODE = 'insufficient_privilege',
				  DETAIL = CASE WHEN roots IS NULL
							   THEN pg_catalog.format(kpi.translate('The role scores no criterion of scheme "%s".'), scheme)
							   ELSE pg_catalog.format(kpi.translate('The role scores the criteria under %s.'), roots) END;
	END IF;
	node := kpi.check_leaf('score', scheme, unit, NEW."指标", points, at);
	earlier := kpi.kpi_entry_stage(TG_RELID::regclass, substring(at FROM '[0-9]+')::bigint, at, scheme, unit,
								   node.criterion_code, NULL, points, NULL, note);
	IF earlier IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('score of unit "%s" on criterion "%s" given twice: on %s and on %s'), unit, node.criterion_code, earlier, at),
				  ERRCODE = 'unique_violation',
				  DETAIL = pg_catalog.format(kpi.translate('Scheme "%s".  A load gives each score once.'), scheme);
	END IF;
	RETURN NEW;
END
$$;

-- rating_entry: 方案, 单位, 评价项目 (a rating component's code or title
-- in the unit's group), 评价人, 评分: a score, or where the component has a
-- rating scale one of its grades (staged as the row's note).  A rater
-- account with one rater name may leave 评价人 out.
CREATE FUNCTION kpi.rating_entry_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	at text := kpi.entry_line(concat(NEW."方案", NEW."单位", NEW."评价项目", NEW."评价人", NEW."评分"));
	rights kpi.rights := kpi.entry_rights();
	scheme text := kpi.entry_scheme(NEW."方案", at, rights.office);
	unit text := kpi.entry_unit(scheme, NEW."单位", at);
	given text := nullif(btrim(NEW."评价项目"), '');
	rater text := kpi.entry_text(nullif(btrim(NEW."评价人"), ''), '评价人', at);
	score numeric;
	grade text;
	grades text[];
	grp text;
	matches text[];
	earlier text;
BEGIN
	IF rater IS NULL AND NOT rights.office AND cardinality(rights.raters) = 1 THEN
		rater := rights.raters[1];
	END IF;
	IF rater IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no 评价人 on %s'), at),
				  ERRCODE = 'not_null_violation';
	END IF;
	IF NOT rights.office AND NOT rater = ANY (rights.raters) THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('role "%s" may not enter ratings of rater "%s" (%s)'), current_user, rater, at),
				  ERRCODE = 'insufficient_privilege',
				  DETAIL = kpi.translate('A rater enters only its own ratings; the office enters any.');
	END IF;
	SELECT p.group_code INTO grp FROM kpi.participant p WHERE p.scheme_id = scheme AND p.unit_code = unit;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unit "%s" on %s does not take part in scheme "%s"'), unit, at, scheme),
				  ERRCODE = 'foreign_key_violation';
	END IF;
	SELECT array_agg(c.component_code ORDER BY c.component_code) INTO matches FROM kpi.component c
	 WHERE c.scheme_id = scheme AND c.group_code = grp AND c.component_code <> 'content'
	   AND (c.component_code = given OR (NOT EXISTS (SELECT 1 FROM kpi.component k
													 WHERE k.scheme_id = scheme AND k.group_code = grp
													   AND k.component_code = given)
										 AND btrim(c.title) = given));
	IF matches IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('unknown 评价项目 "%s" on %s'), given, at),
				  ERRCODE = 'foreign_key_violation',
				  DETAIL = pg_catalog.format(kpi.translate('Group "%s" of unit "%s" has no rating component with this code or title.'), grp, unit);
	ELSIF cardinality(matches) > 1 THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('评价项目 "%s" on %s is ambiguous'), given, at),
				  ERRCODE = 'invalid_parameter_value',
				  DETAIL = pg_catalog.format(kpi.translate('Components %s of group "%s" have this title.'), array_to_string(matches, ', '), grp),
				  HINT = kpi.translate('Give the component''s code.');
	END IF;
	IF NOT kpi.may_rate(rights, scheme, unit, matches[1], rater) THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('role "%s" may not rate unit "%s" on "%s" as rater "%s" (%s)'), current_user, unit, matches[1], rater, at),
				  ERRCODE = 'insufficient_privilege',
				  DETAIL = kpi.translate('The rater''s account is limited to other units, rating components or schemes.');
	END IF;
	SELECT array_agg(r.grade ORDER BY r.points DESC, r.grade) INTO grades FROM kpi.rating_scale r
	 WHERE r.scheme_id = scheme AND r.component_code = matches[1];
	IF grades IS NOT NULL THEN
		grade := btrim(NEW."评分");
		IF grade IS NULL OR NOT grade = ANY (grades) THEN
			RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('评分 "%s" on %s is not a grade of the rating scale of "%s"'), grade, at, matches[1]),
					  ERRCODE = 'foreign_key_violation',
					  DETAIL = pg_catalog.format(kpi.translate('Its grades are %s.'), array_to_string(grades, ', '));
		END IF;
	ELSE
		score := kpi.entry_number(NEW."评分", '评分', at);
	END IF;
	IF score > 100 THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('评分 %s on %s exceeds 100'), score, at),
				  ERRCODE = 'check_violation',
				  DETAIL = kpi.translate('A rating is a score from 0 to 100.');
	END IF;
	earlier := kpi.kpi_entry_stage(TG_RELID::regclass, substring(at FROM '[0-9]+')::bigint, at, scheme, unit,
								   matches[1], rater, score, NULL, grade);
	IF earlier IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('rating of unit "%s" on "%s" by "%s" given twice: on %s and on %s'), unit, matches[1], rater, earlier, at),
				  ERRCODE = 'unique_violation',
				  DETAIL = pg_catalog.format(kpi.translate('Scheme "%s".  A load gives each rating once.'), scheme);
	END IF;
	RETURN NEW;
END
$$;

-- evidence_entry: 方案, 单位, 指标, 事实 (the facts as JSON).
CREATE FUNCTION kpi.evidence_entry_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	at text := kpi.entry_line(concat(NEW."方案", NEW."单位", NEW."指标", NEW."事实"));
	rights kpi.rights := kpi.entry_rights();
	scheme text := kpi.entry_scheme(NEW."方案", at, rights.office);
	unit text := kpi.entry_unit(scheme, NEW."单位", at);
	node kpi.rubric_node;
	facts jsonb;
	problem text;
	earlier text;
BEGIN
	IF NOT kpi.may_report(rights, scheme, unit) THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('role "%s" may not enter facts of unit "%s" (%s)'), current_user, unit, at),
				  ERRCODE = 'insufficient_privilege',
				  DETAIL = kpi.translate('A unit reports its own facts; the office enters any.');
	END IF;
	node := kpi.check_leaf('evidence', scheme, unit, NEW."指标", NULL, at);
	IF nullif(btrim(NEW."事实"), '') IS NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('no 事实 on %s'), at),
				  ERRCODE = 'not_null_violation';
	END IF;
	BEGIN
		facts := NEW."事实"::jsonb;
	EXCEPTION WHEN invalid_text_representation THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('事实 on %s is not JSON'), at),
				  ERRCODE = 'invalid_text_representation',
				  DETAIL = SQLERRM || '.';
	END;
	problem := kpi.kpi_facts_problem(node.rule, facts, node.max_points);
	IF problem IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('invalid facts on %s for criterion "%s"'), at, node.criterion_code),
				  ERRCODE = 'invalid_parameter_value', DETAIL = problem || '.';
	END IF;
	earlier := kpi.kpi_entry_stage(TG_RELID::regclass, substring(at FROM '[0-9]+')::bigint, at, scheme, unit,
								   node.criterion_code, NULL, NULL, facts, NULL);
	IF earlier IS NOT NULL THEN
		RAISE EXCEPTION USING MESSAGE = pg_catalog.format(kpi.translate('facts of unit "%s" on criterion "%s" given twice: on %s and on %s'), unit, node.criterion_code, earlier, at),
				  ERRCODE = 'unique_violation',
				  DETAIL = pg_catalog.format(kpi.translate('Scheme "%s".  A load gives each criterion''s facts once.'), scheme);
	END IF;
	RETURN NEW;
END
$$;

-- After each load: write what was staged, once.  A key already there is
-- updated (a corrected sheet loads again); a row the sheet leaves out is
-- kept.  Runs as the invoker: row-level security applies.
CREATE FUNCTION kpi.entry_write()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_TABLE_NAME = 'score_entry' THEN
		INSERT INTO kpi.score AS s (scheme_id, unit_code, criterion_code, points, note)
		SELECT e.scheme_id, e.unit_code, e.code, e.points, e.note FROM kpi.kpi_entry_take(TG_RELID::regclass) e
		ON CONFLICT (scheme_id, unit_code, criterion_code) DO UPDATE
		   SET points = excluded.points, note = excluded.note
		 WHERE s.points IS DISTINCT FROM excluded.points OR s.note IS DISTINCT FROM excluded.note;
	ELSIF TG_TABLE_NAME = 'rating_entry' THEN
		INSERT INTO kpi.rating AS r (scheme_id, unit_code, component_code, rater, score, grade)
		SELECT e.scheme_id, e.unit_code, e.code, e.rater, e.points, e.note FROM kpi.kpi_entry_take(TG_RELID::regclass) e
		ON CONFLICT (scheme_id, unit_code, component_code, rater) DO UPDATE
		   SET score = excluded.score, grade = excluded.grade
		 WHERE r.score IS DISTINCT FROM excluded.score OR r.grade IS DISTINCT FROM excluded.grade;
	ELSE
		INSERT INTO kpi.evidence AS v (scheme_id, unit_code, criterion_code, facts)
		SELECT e.scheme_id, e.unit_code, e.code, e.facts FROM kpi.kpi_entry_take(TG_RELID::regclass) e
		ON CONFLICT (scheme_id, unit_code, criterion_code) DO UPDATE
		   SET facts = excluded.facts
		 WHERE v.facts IS DISTINCT FROM excluded.facts;
	END IF;
	RETURN NULL;
END
$$;

-- DELETE on an entry view: each row the statement names goes when the
-- acting role may write it (kpi.may_score, may_report, may_rate: what
-- row-level security asks of its updates), else it stays and is not
-- counted.  The rows come from the view, read as the caller under its own
-- row-level security.  SECURITY DEFINER because units, assessors and
-- raters hold no DELETE on the tables: that privilege would also let them
-- LOCK the tables against every other account.  Its rights are worked out
-- for each row from kpi.account, never from anything the caller can set.
CREATE FUNCTION kpi.entry_delete()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rights kpi.rights := kpi.rights_of(kpi.acting_role());
	unit text := kpi.entry_unit(OLD."方案", OLD."单位", OLD."单位");
BEGIN
	IF TG_TABLE_NAME = 'score_entry' THEN
		DELETE FROM kpi.score s
		 WHERE s.scheme_id = OLD."方案" AND s.unit_code = unit AND s.criterion_code = OLD."指标"
		   AND kpi.may_score(rights, s.scheme_id, s.criterion_code);
	ELSIF TG_TABLE_NAME = 'rating_entry' THEN
		DELETE FROM kpi.rating r
		 WHERE r.scheme_id = OLD."方案" AND r.unit_code = unit AND r.component_code = OLD."评价项目"
		   AND r.rater = OLD."评价人" AND kpi.may_rate(rights, r.scheme_id, r.unit_code, r.component_code, r.rater);
	ELSE
		DELETE FROM kpi.evidence e
		 WHERE e.scheme_id = OLD."方案" AND e.unit_code = unit AND e.criterion_code = OLD."指标"
		   AND kpi.may_report(rights, e.scheme_id, e.unit_code);
	END IF;
	IF FOUND THEN
		RETURN OLD;
	END IF;
	RETURN NULL;
END
$$;

-- A unit as a sheet shows it: its name when that name leads back to it
-- alone (no other unit has the name, no unit has it as code), else its code.
CREATE FUNCTION kpi.entry_unit_label(code text, name text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN (SELECT count(*) FROM kpi.unit v WHERE v.name = $2 OR v.unit_code = $2) = 1
				THEN $2 ELSE $1 END
$$;

-- The views read the tables as the invoker (security_invoker): each account
-- reads back what it may read; and are security barriers, so a function of
-- the caller's in a WHERE meets only the rows that come out.
CREATE VIEW kpi_report.score_entry WITH (security_invoker = true, security_barrier) AS
SELECT s.scheme_id AS "方案",
	   kpi.entry_unit_label(u.unit_code, u.name) AS "单位",
	   s.criterion_code AS "指标", s.points::text AS "得分", s.note AS "备注"
  FROM kpi.score s
  JOIN kpi.unit u ON u.unit_code OPERATOR(pg_catalog.=) s.unit_code;
COMMENT ON VIEW kpi_report.score_entry IS
	'评分录入：按表格的列用 COPY 导入得分，读出即为表格（方案可省略，单位填编码或名称）. Scores in a spreadsheet''s columns: COPY into it to load a sheet (方案 may be left out while one scheme is open; 单位 by code or name), read it to write one';

CREATE VIEW kpi_report.rating_entry WITH (security_invoker = true, security_barrier) AS
SELECT r.scheme_id AS "方案",
	   kpi.entry_unit_label(u.unit_code, u.name) AS "单位",
	   r.component_code AS "评价项目", r.rater AS "评价人", coalesce(r.score::text, r.grade) AS "评分"
  FROM kpi.rating r
  JOIN kpi.unit u ON u.unit_code OPERATOR(pg_catalog.=) r.unit_code;
COMMENT ON VIEW kpi_report.rating_entry IS
	'评价录入：按表格的列用 COPY 导入评价分或等次，读出即为表格（评价项目填编码或名称）. Ratings in a spreadsheet''s columns: COPY into it to load a sheet (评价项目 by code or title; 评分 a score, or a grade where the component has a rating scale), read it to write one';

CREATE VIEW kpi_report.evidence_entry WITH (security_invoker = true, security_barrier) AS
SELECT e.scheme_id AS "方案",
	   kpi.entry_unit_label(u.unit_code, u.name) AS "单位",
	   e.criterion_code AS "指标", e.facts::text AS "事实"
  FROM kpi.evidence e
  JOIN kpi.unit u ON u.unit_code OPERATOR(pg_catalog.=) e.unit_code;
COMMENT ON VIEW kpi_report.evidence_entry IS
	'报送材料录入：按表格的列用 COPY 导入事实（JSON），读出即为表格. Facts reported for rule leaves in a spreadsheet''s columns (事实 as JSON): COPY into it to load a sheet, read it to write one';

DO $$
DECLARE
	v text;
BEGIN
	FOREACH v IN ARRAY ARRAY['score_entry', 'rating_entry', 'evidence_entry'] LOOP
		EXECUTE pg_catalog.format('CREATE TRIGGER entry_begin BEFORE INSERT ON kpi_report.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.entry_begin()', v);
		EXECUTE pg_catalog.format('CREATE TRIGGER entry_row INSTEAD OF INSERT ON kpi_report.%I '
			'FOR EACH ROW EXECUTE FUNCTION kpi.%I()', v, v || '_row');
		EXECUTE pg_catalog.format('CREATE TRIGGER entry_write AFTER INSERT ON kpi_report.%I '
			'FOR EACH STATEMENT EXECUTE FUNCTION kpi.entry_write()', v);
		EXECUTE pg_catalog.format('CREATE TRIGGER entry_delete INSTEAD OF DELETE ON kpi_report.%I '
			'FOR EACH ROW EXECUTE FUNCTION kpi.entry_delete()', v);
	END LOOP;
END
$$;
