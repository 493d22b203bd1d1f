-- Semantics 8: each outstanding unit receives reward_amount, head_share to its
-- head(s), the rest to its staff, split equally; every share cut to the fen,
-- the leftover fen to the largest remainders (ties in code-point order).
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('m', 2018);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('m', 'g'), ('m', 'h');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('m', 'g', 'content', 100), ('m', 'h', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('m', 'R', NULL, 100), ('m', 'L', 'R', 100);
INSERT INTO kpi.unit (unit_code, name)
SELECT c, upper(c) FROM unnest('{r1,r2,r3,h1,h2,h3}'::text[]) c;
INSERT INTO kpi.participant VALUES ('m', 'r1', 'g', 'R'), ('m', 'r2', 'g', 'R'), ('m', 'r3', 'g', 'R'),
	('m', 'h1', 'h', 'R'), ('m', 'h2', 'h', 'R'), ('m', 'h3', 'h', 'R');
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('m', 'r1', 'L', 90), ('m', 'r2', 'L', 80), ('m', 'r3', 'L', 70),
	('m', 'h1', 'L', 90), ('m', 'h2', 'L', 80), ('m', 'h3', 'L', 70);

-- r1: 1 head and 7 staff.  Head 400.00; staff 600 / 7 = 85.714… each:
-- 8571 fen each leaves 3 fen, all remainders equal, so staff_a, staff_b and
-- staff_c (first in code-point order) get 85.72.  400 + 3 × 85.72 + 4 × 85.71 = 1000.
INSERT INTO kpi.member VALUES ('m', 'r1', '所长', 'head');
INSERT INTO kpi.member SELECT 'm', 'r1', 'staff_' || c, 'staff' FROM unnest('{g,f,e,d,c,b,a}'::text[]) c;
-- r2: outstanding without members: one row, person null
-- r3: last, poor: no reward
INSERT INTO kpi.member VALUES ('m', 'r3', '某', 'head');
-- h1: two heads, no staff: all to the heads, 500.00 each
INSERT INTO kpi.member VALUES ('m', 'h1', '乌兰', 'head'), ('m', 'h1', '巴特尔', 'head');
-- h2: three staff, no head: 333.33 each leaves 1 fen, to the first in code-point order
INSERT INTO kpi.member VALUES ('m', 'h2', '张三', 'staff'), ('m', 'h2', '李四', 'staff'), ('m', 'h2', '王五', 'staff');

SELECT unit_code, tier FROM kpi.result ORDER BY unit_code;
SELECT unit_code, person, role, amount FROM kpi.reward ORDER BY unit_code, role, person COLLATE "C";
SELECT unit_code, sum(amount) FROM kpi.reward GROUP BY unit_code ORDER BY unit_code;

-- a different amount and share: 999.99 with 50% to the head
UPDATE kpi.scheme SET reward_amount = 999.99, head_share = 0.5;
SELECT person, role, amount FROM kpi.reward WHERE unit_code = 'r1' ORDER BY role, person;
SELECT sum(amount) FROM kpi.reward WHERE unit_code = 'r1';

-- the split on its own
SELECT * FROM kpi.kpi_reward_split(1000, 0.40, '{a,b,c}', '{head,staff,staff}');
SELECT * FROM kpi.kpi_reward_split(0.01, 0.40, '{a,b}', '{head,staff}');
