-- Semantics 9: 通报表彰 for outstanding; 通报批评 and 当年不得参加公务员评优和系统评先
-- for poor; 确定为不称职公务员 after poor in this and the previous year;
-- 年底不能评优评先 for an ineligible person or a whole unit.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('y17', 2017), ('y18', 2018);
INSERT INTO kpi.unit_group (scheme_id, group_code) VALUES ('y17', 'g'), ('y18', 'g');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES
	('y17', 'g', 'content', 100), ('y18', 'g', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('y17', 'R', NULL, 100), ('y17', 'L', 'R', 100), ('y18', 'R', NULL, 100), ('y18', 'L', 'R', 100);
INSERT INTO kpi.unit (unit_code, name) VALUES ('a', 'A'), ('b', 'B'), ('c', 'C');
INSERT INTO kpi.participant
SELECT s, u, 'g', 'R' FROM unnest('{y17,y18}'::text[]) s, unnest('{a,b,c}'::text[]) u;
-- 2017: a 90, c 80, b 70: a and c outstanding, b last (poor)
-- 2018: a 90, c 80 but vetoed, b 70 last: a outstanding, b and c poor
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('y17', 'a', 'L', 90), ('y17', 'c', 'L', 80), ('y17', 'b', 'L', 70),
	('y18', 'a', 'L', 90), ('y18', 'c', 'L', 80), ('y18', 'b', 'L', 70);
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code) VALUES ('y18', 'c', 1);
INSERT INTO kpi.member VALUES ('y17', 'b', 'hb', 'head'),
	('y18', 'a', 'ha', 'head'), ('y18', 'a', 'sa', 'staff'),
	('y18', 'b', 'hb', 'head'), ('y18', 'b', 'sb1', 'staff'), ('y18', 'b', 'sb2', 'staff'),
	('y18', 'c', 'hc', 'head');
-- sa: 社区服刑人员脱管 (五(五)); unit c: 不接受临时指派任务 (五(六))
INSERT INTO kpi.ineligible (scheme_id, unit_code, person, reason) VALUES
	('y18', 'a', 'sa', '辖区社区服刑人员脱管'),
	('y18', 'c', NULL, '不接受临时指派任务');

SELECT scheme_id, unit_code, tier FROM kpi.result ORDER BY scheme_id, unit_code;
-- b is poor in 2017 and 2018: its 2018 members are 不称职; c is poor only in 2018
SELECT * FROM kpi.consequence ORDER BY scheme_id, unit_code, person COLLATE "C" NULLS FIRST, consequence COLLATE "C";

-- only b's three 2018 members are 不称职
SELECT count(*) AS buchengzhi FROM kpi.consequence WHERE consequence = '确定为不称职公务员';
