-- Rules on leaves: points from reported facts (semantics 1), a score
-- overriding them, and bad rules and facts refused when written.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('q', 2018);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('q', 'g');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('q', 'g', 'content', 100);
-- one leaf per kind, modelled on the seed's items; Σ max = 5 + 8 + 3 + 12 + 10 + 100 = 138
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, rule) VALUES
	('q', 'R', NULL, 'rubric', 138, NULL),
	('q', 'info', 'R', '全年编报信息不少于24条', 5, '{"kind": "threshold", "at_least": 24}'),
	('q', 'plan', 'R', '有方案、有部署、有自查', 8, '{"kind": "checklist", "items": {"有方案": 3, "有部署": 3, "有自查": 2}}'),
	('q', 'rates', 'R', '安置率达到90%，帮教率达到95%', 3, '{"kind": "rate", "targets": {"安置率": 0.9, "帮教率": 0.95}}'),
	('q', 'goal', 'R', '没有达到得0分，达到得12分', 12, '{"kind": "all_or_nothing"}'),
	('q', 'sign', 'R', '无被通报记录，每发现一起扣0.5分', 10, '{"kind": "deduct", "per": 0.5, "cap": 5}'),
	('q', 'pufa', 'R', '深化普法依法治理工作', 100, '{"kind": "external", "out_of": 100}');
INSERT INTO kpi.unit (unit_code, name) VALUES ('below', 'below'), ('at', 'at'), ('above', 'above');
INSERT INTO kpi.participant SELECT 'q', u, 'g', 'R' FROM unnest('{below,at,above}'::text[]) u;

-- below:  23 < 24 -> 0; 有方案 -> 3; 0.89 < 0.9 -> 0; not met -> 0; 11 × 0.5 capped 5 -> 5; 83.5
--         Σ 91.5 -> content 91.5 × 100 / 138 = 66.30…
-- at:     24 -> 5; all three -> 8; 0.9, 0.95 -> 3; met -> 12; 1 × 0.5 -> 9.5; 90
--         Σ 127.5 -> 92.39…
-- above:  30 -> 5; 有方案, 有部署 -> 6; 1, 1 -> 3; met -> 12; 0 -> 10; 100
--         Σ 136 -> 98.55…
INSERT INTO kpi.evidence (scheme_id, unit_code, criterion_code, facts) VALUES
	('q', 'below', 'info', '{"count": 23}'), ('q', 'at', 'info', '{"count": 24}'), ('q', 'above', 'info', '{"count": 30}'),
	('q', 'below', 'plan', '{"met": ["有方案"]}'), ('q', 'at', 'plan', '{"met": ["有方案", "有部署", "有自查"]}'),
	('q', 'above', 'plan', '{"met": ["有部署", "有方案"], "note": "自查未完成"}'),
	('q', 'below', 'rates', '{"rates": {"安置率": 0.89, "帮教率": 0.99}}'),
	('q', 'at', 'rates', '{"rates": {"安置率": 0.9, "帮教率": 0.95}}'),
	('q', 'above', 'rates', '{"rates": {"安置率": 1, "帮教率": 1}}'),
	('q', 'below', 'goal', '{"met": false}'), ('q', 'at', 'goal', '{"met": true}'), ('q', 'above', 'goal', '{"met": true}'),
	('q', 'below', 'sign', '{"count": 11}'), ('q', 'at', 'sign', '{"count": 1}'), ('q', 'above', 'sign', '{"count": 0}'),
	('q', 'below', 'pufa', '{"score": 83.5, "source": "乌普法办发〔2018〕6号"}'),
	('q', 'at', 'pufa', '{"score": 90}'), ('q', 'above', 'pufa', '{"score": 100}');

SELECT unit_code, criterion_code, points, source FROM kpi.leaf_points ORDER BY unit_code, criterion_code;
SELECT unit_code, content, total, rank, complete FROM kpi.result ORDER BY rank;

-- a score by hand overrides the rule: 'below' gets 4 on info
INSERT INTO kpi.score VALUES ('q', 'below', 'info', 4, '复核后人工评分');
SELECT unit_code, criterion_code, points, source FROM kpi.leaf_points WHERE unit_code = 'below' AND criterion_code = 'info';
SELECT unit_code, content FROM kpi.result WHERE unit_code = 'below';

-- prorating changes the threshold's answer below it: 23 / 24 × 5 = 4.79…
-- ('below' keeps its score, which still overrides the rule)
UPDATE kpi.criterion SET rule = '{"kind": "threshold", "at_least": 24, "prorate": true}' WHERE criterion_code = 'info';
SELECT unit_code, points, source FROM kpi.leaf_points WHERE criterion_code = 'info' ORDER BY unit_code;
SELECT kpi.kpi_rule_points(c.rule, e.facts, c.max_points) AS prorated
  FROM kpi.evidence e JOIN kpi.criterion c USING (scheme_id, criterion_code)
 WHERE e.unit_code = 'below' AND e.criterion_code = 'info';

-- bad rules are refused when written, naming the criterion
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points, rule) VALUES ('q', 'x', 'R', 5, '{"kind": "median"}');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points, rule) VALUES ('q', 'x', 'R', 5, '{"kind": "threshold"}');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points, rule) VALUES ('q', 'x', 'R', 5, '{"kind": "threshold", "at_least": 3, "colour": "red"}');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points, rule) VALUES ('q', 'x', 'R', 5, '{"kind": "threshold", "at_least": "24"}');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points, rule) VALUES ('q', 'x', 'R', 5, '{"kind": "checklist", "items": {"a": 3, "b": 3}}');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points, rule) VALUES ('q', 'x', 'R', 5, '{"kind": "rate", "targets": {"培训率": 100}}');
\echo :LAST_ERROR_SQLSTATE
-- a rule change that no longer fits the facts already reported
UPDATE kpi.criterion SET rule = '{"kind": "checklist", "items": {"有方案": 3, "有部署": 3}}' WHERE criterion_code = 'plan';
\echo :LAST_ERROR_SQLSTATE

-- bad facts are refused when written, naming scheme, unit and criterion
UPDATE kpi.evidence SET facts = '{"count": -1}' WHERE unit_code = 'at' AND criterion_code = 'info';
\echo :LAST_ERROR_SQLSTATE
UPDATE kpi.evidence SET facts = '{"count": 2.5}' WHERE unit_code = 'at' AND criterion_code = 'info';
\echo :LAST_ERROR_SQLSTATE
UPDATE kpi.evidence SET facts = '{"met": ["有总结"]}' WHERE unit_code = 'at' AND criterion_code = 'plan';
\echo :LAST_ERROR_SQLSTATE
UPDATE kpi.evidence SET facts = '{"rates": {"安置率": 90, "帮教率": 95}}' WHERE unit_code = 'at' AND criterion_code = 'rates';
\echo :LAST_ERROR_SQLSTATE
UPDATE kpi.evidence SET facts = '{"score": 101}' WHERE unit_code = 'at' AND criterion_code = 'pufa';
\echo :LAST_ERROR_SQLSTATE
UPDATE kpi.evidence SET facts = '{"met": "yes"}' WHERE unit_code = 'at' AND criterion_code = 'goal';
\echo :LAST_ERROR_SQLSTATE
-- nothing changed
SELECT unit_code, content FROM kpi.result ORDER BY unit_code;
