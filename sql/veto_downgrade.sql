-- Semantics 7a (a confirmed veto: poor, 不得进入实绩比较突出单位以上档次) and 7d
-- (弄虚作假: 降级评定 by Σ steps, never below poor; freed places not refilled).
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('v', 2018);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('v', 'g'), ('v', 'h');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('v', 'g', 'content', 100), ('v', 'h', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('v', 'R', NULL, 100), ('v', 'L', 'R', 100);
INSERT INTO kpi.unit (unit_code, name)
SELECT c, upper(c) FROM unnest('{v1,v2,v3,v4,v5,w1,w2,w3,w4}'::text[]) c;
INSERT INTO kpi.participant
SELECT 'v', c, 'g', 'R' FROM unnest('{v1,v2,v3,v4,v5}'::text[]) c;
INSERT INTO kpi.participant
SELECT 'v', c, 'h', 'R' FROM unnest('{w1,w2,w3,w4}'::text[]) c;
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('v', 'v1', 'L', 95), ('v', 'v2', 'L', 90), ('v', 'v3', 'L', 85), ('v', 'v4', 'L', 80), ('v', 'v5', 'L', 70),
	('v', 'w1', 'L', 95), ('v', 'w2', 'L', 90), ('v', 'w3', 'L', 85), ('v', 'w4', 'L', 80);

-- g: the top scorer v1 is vetoed: poor, and v2, v3 move up to outstanding;
-- v2's veto is not confirmed and does not count; v5 is vetoed and last: poor.
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code, note, confirmed) VALUES
	('v', 'v1', 7, '未及时调解纠纷，造成矛盾激化', true),
	('v', 'v2', 3, '待查', false),
	('v', 'v5', 5, '交通肇事', true);
-- h: w1 (outstanding) is downgraded 2 steps: poor; w2 (outstanding) 1 step:
-- good.  w3 stays good: the places freed at the top are not refilled.
INSERT INTO kpi.downgrade (scheme_id, unit_code, reason, steps) VALUES
	('v', 'w1', '弄虚作假', 2),
	('v', 'w2', '材料不实', 1);

SELECT group_code, unit_code, total, rank, vetoed, downgraded, tier, tier_label
  FROM kpi.result ORDER BY group_code, rank;

-- two downgrade rows add up: w3 good -> poor after 1 + 1 steps
INSERT INTO kpi.downgrade (scheme_id, unit_code, reason) VALUES ('v', 'w3', 'a'), ('v', 'w3', 'b');
SELECT unit_code, tier FROM kpi.result WHERE unit_code = 'w3';

-- v2's veto is confirmed later: v2 drops to poor; the two best unvetoed
-- units, v3 and v4, are now outstanding
UPDATE kpi.veto SET confirmed = true WHERE unit_code = 'v2';
SELECT unit_code, rank, vetoed, tier FROM kpi.result WHERE group_code = 'g' ORDER BY rank;

-- kpi_veto on its own
SELECT t, v, s, kpi.kpi_veto(t, v, s)
  FROM unnest(enum_range(NULL::kpi.tier)) t, (VALUES (false), (true)) a(v), (VALUES (0), (1), (2)) b(s)
 ORDER BY t, v, s;

-- the seven shipped conditions stay (a restore would bring them back);
-- users retitle them or add their own
DELETE FROM kpi.veto_condition WHERE condition_code = 1;
INSERT INTO kpi.veto_condition VALUES (8, '本地增设条件');
DELETE FROM kpi.veto_condition WHERE condition_code = 8;
SELECT count(*) FROM kpi.veto_condition;
