-- Semantics 6 and 7a-c: rank by total (ties broken by rounded content, then
-- shared: 1, 2, 2, 4), last place poor, top_n outstanding with ties at the
-- boundary all in, no last place in a group of one.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('t', 2018);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('t', 'five'), ('t', 'tb'), ('t', 'tie'), ('t', 'solo'), ('t', 'duo');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('t', 'five', 'content', 100), ('t', 'tie', 'content', 100), ('t', 'solo', 'content', 100),
	('t', 'duo', 'content', 100), ('t', 'tb', 'content', 80), ('t', 'tb', 'r', 20);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('t', 'R', NULL, 100), ('t', 'L', 'R', 100);
INSERT INTO kpi.unit (unit_code, name)
SELECT c, upper(c) FROM unnest('{p1,p2,p3,p4,p5,u1,u2,u3,t1,t2,t3,s1,d1,d2}'::text[]) c;
INSERT INTO kpi.participant
SELECT 't', c, g, 'R' FROM (VALUES ('p1', 'five'), ('p2', 'five'), ('p3', 'five'), ('p4', 'five'), ('p5', 'five'),
	('u1', 'tb'), ('u2', 'tb'), ('u3', 'tb'), ('t1', 'tie'), ('t2', 'tie'), ('t3', 'tie'),
	('s1', 'solo'), ('d1', 'duo'), ('d2', 'duo')) v(c, g);
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	-- five: 95, 90, 90, 80, 70 -> ranks 1, 2, 2, 4, 5: the tie at the top_n boundary is all in
	('t', 'p1', 'L', 95), ('t', 'p2', 'L', 90), ('t', 'p3', 'L', 90), ('t', 'p4', 'L', 80), ('t', 'p5', 'L', 70),
	-- tb: u1 80 + 10 = 90 and u2 70 + 20 = 90 tie on total; content breaks it
	('t', 'u1', 'L', 100), ('t', 'u2', 'L', 87.5), ('t', 'u3', 'L', 50),
	-- tie: equal total and content share the rank
	('t', 't1', 'L', 60), ('t', 't2', 'L', 60), ('t', 't3', 'L', 50),
	('t', 's1', 'L', 10),
	('t', 'd1', 'L', 80), ('t', 'd2', 'L', 70);
INSERT INTO kpi.rating VALUES ('t', 'u1', 'r', 'x', 50), ('t', 'u2', 'r', 'x', 100), ('t', 'u3', 'r', 'x', 50);

SELECT group_code, unit_code, content, ratings, total, rank, tier, tier_label
  FROM kpi.result ORDER BY group_code, rank, unit_code;

-- top_n 1: only the single best; a tie for first would still be all in
UPDATE kpi.scheme SET top_n = 1;
SELECT group_code, unit_code, total, rank, tier FROM kpi.result WHERE group_code IN ('five', 'tie') ORDER BY group_code, rank, unit_code;
UPDATE kpi.score SET points = 95 WHERE unit_code = 'p2';
SELECT group_code, unit_code, total, rank, tier FROM kpi.result WHERE group_code = 'five' ORDER BY rank, unit_code;

-- the window function on its own
SELECT x, kpi.kpi_tier(x, false, 2) OVER (ORDER BY x) FROM unnest('{1,1,3,4,4}'::bigint[]) x;
