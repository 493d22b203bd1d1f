-- The assessment season.  Self-assessment (自评分): a unit enters its own
-- points per leaf while the scheme is open, beside the assessor's score;
-- the score sheet shows both and their difference; the result never
-- counts them.
\i sql/include/fresh.sql
\i sql/include/sample.sql
\set SHOW_CONTEXT never

CREATE TEMP TABLE result_before AS SELECT * FROM kpi.result;

CREATE ROLE regress_kpi_season_unit;
CREATE ROLE regress_kpi_season_assessor;
CREATE ROLE regress_kpi_season_reader;
SELECT capability FROM kpi.grant_access('regress_kpi_season_unit', 'unit', unit_code => 'galutu');
SELECT capability FROM kpi.grant_access('regress_kpi_season_assessor', 'assessor', scheme_id => '2018');
SELECT capability FROM kpi.grant_access('regress_kpi_season_reader', 'reader');

-- the unit writes its own self-assessment on three leaves of item sfs.1.1
-- (maxima 4, 5, 5), and changes one
SET ROLE regress_kpi_season_unit;
INSERT INTO kpi.self_score (scheme_id, unit_code, criterion_code, points, note) VALUES
	('2018', 'galutu', 'sfs.1.1.1', 4, NULL),
	('2018', 'galutu', 'sfs.1.1.2', 5, '已建立台账'),
	('2018', 'galutu', 'sfs.1.1.3', 5, NULL);
UPDATE kpi.self_score SET points = 4.5 WHERE criterion_code = 'sfs.1.1.2';
SELECT unit_code, criterion_code, points, note FROM kpi.self_score ORDER BY criterion_code;
-- not another unit's
INSERT INTO kpi.self_score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'tuke', 'sfs.1.1.1', 4);
-- not the assessor's score
UPDATE kpi.score SET points = 0 WHERE scheme_id = '2018' AND unit_code = 'galutu' AND criterion_code = 'sfs.1.1.1';
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'galutu', 'sfs.1.2.1', 1);
-- no deleting (a table-level DELETE would let it lock the table)
DELETE FROM kpi.self_score WHERE criterion_code = 'sfs.1.1.3';
-- within the leaf's maximum, on leaves of its rubric, 2 decimals
INSERT INTO kpi.self_score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'galutu', 'sfs.1.1.4', 5.01);
INSERT INTO kpi.self_score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'galutu', 'sfs.1.1', 20);
INSERT INTO kpi.self_score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'galutu', 'nope', 1);
INSERT INTO kpi.self_score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'galutu', 'sfs.1.1.4', 4.555);
INSERT INTO kpi.self_score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'galutu', 'sfs.1.1.4', -1);
RESET ROLE;
-- a criterion of another rubric (the 公证处's) is outside the unit's
SELECT criterion_code FROM kpi.rubric_node WHERE scheme_id = '2018' AND rubric_code <> 'sfs' AND is_leaf
 ORDER BY criterion_code LIMIT 1 \gset
INSERT INTO kpi.self_score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'galutu', :'criterion_code', 1);

-- the assessor reads the self-assessment but does not write it
SET ROLE regress_kpi_season_assessor;
SELECT count(*) AS self_scores_seen FROM kpi.self_score;
INSERT INTO kpi.self_score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'galutu', 'sfs.1.1.4', 5);
UPDATE kpi.self_score SET points = 0;
RESET ROLE;

-- never counted: every result row as before
SELECT count(*) AS changed_results
  FROM (SELECT * FROM kpi.result EXCEPT ALL SELECT * FROM result_before) x;

-- the score sheet: item sfs.1.1 gets 4 + 4.5 + 5 = 13.5 from the unit and
-- 4 + 5 + 5 + 5 + 5 + 3 + 2 = 29 from the assessment (sfs.1.1.2 by its
-- rule), so 自评差额 -15.5; its category and 合计 have the same 自评分;
-- 考评分 = 得分 + 扣减 on every row; units that gave none show null
SET ROLE regress_kpi_season_reader;
SELECT "行类型", "编码", "分值", "得分", "扣减", "自评分", "考评分", "自评差额"
  FROM kpi_report.score_sheet
 WHERE "方案" = '2018' AND "单位编码" = 'galutu' AND ("编码" IN ('sfs.1', 'sfs.1.1', 'sfs.1.2') OR "行类型" IN ('合计', '内容得分'))
 ORDER BY "行号";
SELECT count(*) AS rows_where_assessed_is_not_points_plus_taken
  FROM kpi_report.score_sheet
 WHERE "方案" = '2018' AND "行类型" IN ('类别', '项目', '合计') AND "考评分" IS DISTINCT FROM "得分" + "扣减";
SELECT count(*) AS other_units_with_self_points
  FROM kpi_report.score_sheet WHERE "单位编码" <> 'galutu' AND "自评分" IS NOT NULL;
RESET ROLE;

-- audited, with the unit's role
SELECT table_name, operation, role_name, row_key, old_row ->> 'points' AS old_points, new_row ->> 'points' AS new_points
  FROM kpi.audit WHERE table_name = 'self_score' ORDER BY id;

-- finalized: the unit may no longer write, the office neither
SELECT kpi.finalize('2018', true) IS NOT NULL AS finalized;
SET ROLE regress_kpi_season_unit;
UPDATE kpi.self_score SET points = 4 WHERE criterion_code = 'sfs.1.1.2';
INSERT INTO kpi.self_score (scheme_id, unit_code, criterion_code, points) VALUES ('2018', 'galutu', 'sfs.1.1.4', 5);
RESET ROLE;
UPDATE kpi.self_score SET points = 4 WHERE criterion_code = 'sfs.1.1.2';

SELECT kpi.revoke_access('regress_kpi_season_unit', 'unit', unit_code => 'galutu') IS NOT NULL;
SELECT kpi.revoke_access('regress_kpi_season_assessor', 'assessor', scheme_id => '2018') IS NOT NULL;
SELECT kpi.revoke_access('regress_kpi_season_reader', 'reader') IS NOT NULL;
DROP ROLE regress_kpi_season_unit;
DROP ROLE regress_kpi_season_assessor;
DROP ROLE regress_kpi_season_reader;
