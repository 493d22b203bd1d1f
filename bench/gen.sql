-- bench/gen.sql — a synthetic, realistic assessment scheme for benchmarks.
--
--   psql -v ON_ERROR_STOP=1 -v units=4000 -v leaves=250 -f bench/gen.sql
--
-- Everything here is INVENTED test data.  Run it in a database where
-- CREATE EXTENSION kpi was done and scheme :scheme does not exist yet.
--
-- Variables (all optional):
--   units    number of participating units            (default 40)
--   leaves   leaves of each rubric                    (default 250)
--   scheme   scheme_id                                (default 'bench')
--   top_n    outstanding places per group             (default greatest(2, units / 100))
--   seed     setseed() argument, -1..1, for random()  (default 0.2018)
-- Score rows ≈ units × leaves (10^4: 40 × 250, 10^5: 400, 10^6: 4,000,
-- 10^7: 40,000), a few short of it: one unit in 211 leaves one leaf unscored.
--
-- The shape follows the 2018 method: three groups, a group's component
-- weights add up to 100, 'content' is the criteria score and the other
-- components are ratings (the leading group's drops its highest and lowest,
-- trimmed_mean):
--   gushi    局属股室   10% of units  content 80, lingdao 10, xiaozu 10
--   erji     二级单位   10% of units  content 80, lingdao 10, xiaozu 10
--   sifasuo  基层司法所 80% of units  content 70, sumu 10, lingdao 10, xiaozu 10
-- Each group has its own rubric (root → 10 categories → leaves), leaf
-- max_points 2..6 (Σ = 1000 at 250 leaves).  Five raters per rating
-- component.  At rates of a few %: approved and unapproved 创新突破 bonuses,
-- upstream deductions on leaves, categories and roots (some large enough to
-- be capped), confirmed and unconfirmed vetoes, downgrades, ineligibility;
-- and a few incomplete units (a leaf without score, a component without
-- ratings, a trimmed component with only 4 or 2 raters).  Every unit has a
-- head and 1-4 staff, so outstanding units get rewards.
--
-- Every table is loaded with one INSERT ... SELECT: kpi's statement-level
-- triggers check (and audit) each statement set-based, as for a real import.

\set ON_ERROR_STOP 1
\if :{?units}
\else
\set units 40
\endif
\if :{?leaves}
\else
\set leaves 250
\endif
\if :{?scheme}
\else
\set scheme bench
\endif
\if :{?top_n}
\else
SELECT greatest(2, :units / 100) AS top_n \gset
\endif
\if :{?seed}
\else
\set seed 0.2018
\endif

SELECT setseed(:seed);

-- helper tables (temporary: gone with the session)
CREATE TEMP TABLE bench_group (group_code text PRIMARY KEY, rubric_code text, title text);
INSERT INTO bench_group VALUES
	('gushi', 'gs', '局属股室'),
	('erji', 'ej', '二级单位'),
	('sifasuo', 'sfs', '基层司法所');

-- units: i mod 10 = 0 局属股室, = 1 二级单位, else 司法所
CREATE TEMP TABLE bench_unit AS
SELECT i, 'u' || lpad(i::text, 6, '0') AS unit_code, g.group_code, g.rubric_code
  FROM generate_series(1, :units) i
  JOIN bench_group g ON g.group_code = CASE i % 10 WHEN 0 THEN 'gushi' WHEN 1 THEN 'erji' ELSE 'sifasuo' END;
ALTER TABLE bench_unit ADD PRIMARY KEY (i);

-- leaves: j = 1..leaves in 10 categories, max_points 2..6
CREATE TEMP TABLE bench_leaf AS
SELECT g.rubric_code, j,
	   g.rubric_code || '.' || ((j - 1) * 10 / :leaves + 1) AS category_code,
	   g.rubric_code || '.' || ((j - 1) * 10 / :leaves + 1) || '.' || j AS criterion_code,
	   (2 + j % 5)::numeric AS max_points
  FROM bench_group g, generate_series(1, :leaves) j;
ANALYZE bench_unit, bench_leaf;

-- scheme, groups, components (one statement: the weights add up to 100)
INSERT INTO kpi.scheme (scheme_id, year, title, top_n)
VALUES (:'scheme', 2018, '基准测试考核方案（合成数据）', :top_n);
INSERT INTO kpi.unit_group (scheme_id, group_code, title)
SELECT :'scheme', group_code, title FROM bench_group;
INSERT INTO kpi.component (scheme_id, group_code, component_code, title, weight, aggregation)
SELECT :'scheme', g, c, t, w, a
  FROM (VALUES
	('gushi', 'content', '内容考核', 80, 'mean'),
	('gushi', 'lingdao', '局领导班子评价', 10, 'mean'),
	('gushi', 'xiaozu', '考核领导小组评价', 10, 'trimmed_mean'),
	('erji', 'content', '内容考核', 80, 'mean'),
	('erji', 'lingdao', '局领导班子评价', 10, 'mean'),
	('erji', 'xiaozu', '考核领导小组评价', 10, 'trimmed_mean'),
	('sifasuo', 'content', '内容考核', 70, 'mean'),
	('sifasuo', 'sumu', '苏木镇党委政府评价', 10, 'mean'),
	('sifasuo', 'lingdao', '局领导班子评价', 10, 'mean'),
	('sifasuo', 'xiaozu', '考核领导小组评价', 10, 'trimmed_mean')) v(g, c, t, w, a);

-- the rubrics: roots, categories, leaves (one statement)
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, title, max_points, position)
SELECT :'scheme', g.rubric_code, NULL, g.title || '考核细则（合成）',
	   (SELECT sum(l.max_points) FROM bench_leaf l WHERE l.rubric_code = g.rubric_code), NULL
  FROM bench_group g
UNION ALL
SELECT :'scheme', l.category_code, l.rubric_code, '类别 ' || l.category_code, sum(l.max_points),
	   min(l.j)
  FROM bench_leaf l
 GROUP BY l.rubric_code, l.category_code
UNION ALL
SELECT :'scheme', l.criterion_code, l.category_code, '考核项目 ' || l.criterion_code, l.max_points, l.j
  FROM bench_leaf l;

INSERT INTO kpi.unit (unit_code, name, kind)
SELECT unit_code, '合成单位' || i, group_code FROM bench_unit;

INSERT INTO kpi.participant (scheme_id, unit_code, group_code, rubric_code)
SELECT :'scheme', unit_code, group_code, rubric_code FROM bench_unit;

-- scores: 45% full marks, 40% in half points, 15% to the hundredth;
-- one unit in 211 has its first leaf unscored
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points)
SELECT :'scheme', x.unit_code, x.criterion_code,
	   CASE WHEN x.r < 0.45 THEN x.max_points
			WHEN x.r < 0.85 THEN round(x.max_points * (0.5 + 0.5 * random())::numeric * 2) * 0.5
			ELSE round(x.max_points * random()::numeric, 2) END
  FROM (SELECT u.unit_code, l.criterion_code, l.max_points, random() AS r
		  FROM bench_unit u
		  JOIN bench_leaf l ON l.rubric_code = u.rubric_code
		 WHERE NOT (u.i % 211 = 0 AND l.j = 1)
		 ORDER BY u.i, l.j
		OFFSET 0) x;

-- ratings: five raters per rating component, 70.0..100.0; one unit in 173
-- has no 局领导班子 rating, one in 89 only four 领导小组 raters, one in 97 two
INSERT INTO kpi.rating (scheme_id, unit_code, component_code, rater, score)
SELECT :'scheme', u.unit_code, c.component_code, c.component_code || '-评委' || k,
	   round((70 + 30 * random())::numeric, 1)
  FROM bench_unit u
  JOIN kpi.component c ON c.scheme_id = :'scheme' AND c.group_code = u.group_code
					  AND c.component_code <> 'content'
 CROSS JOIN generate_series(1, 5) k
 WHERE NOT (u.i % 173 = 0 AND c.component_code = 'lingdao')
   AND NOT (u.i % 89 = 0 AND c.component_code = 'xiaozu' AND k = 5)
   AND NOT (u.i % 97 = 0 AND c.component_code = 'xiaozu' AND k > 2);

-- 创新突破: about 3% of units, two in three approved, most at the default 5
INSERT INTO kpi.bonus (scheme_id, unit_code, title, approved, points)
SELECT :'scheme', u.unit_code, '创新突破项目（合成）', u.r < 0.02,
	   CASE WHEN random() < 0.7 THEN NULL ELSE (2 + floor(random() * 3))::numeric END
  FROM (SELECT u.*, random() AS r FROM bench_unit u OFFSET 0) u
 WHERE u.r < 0.03;

-- upstream deductions: about 3% of units, one or two each; 70% on a leaf,
-- 25% on a category, 5% on the rubric root; one in five takes the whole
-- upstream item (often more than the leaf holds: capped)
INSERT INTO kpi.deduction (scheme_id, unit_code, criterion_code, source, upstream_lost, upstream_max, note)
SELECT :'scheme', d.unit_code,
	   CASE WHEN d.w < 0.70 THEN l.criterion_code WHEN d.w < 0.95 THEN l.category_code ELSE l.rubric_code END,
	   CASE WHEN random() < 0.5 THEN '市司法局' ELSE '旗委旗政府' END,
	   CASE WHEN d.f < 0.2 THEN d.m ELSE round(d.m * d.f::numeric, 1) END, d.m, '上级考核扣分（合成）'
  FROM (SELECT u.unit_code, u.rubric_code, k,
			   random() AS w, random() AS f, random() AS s,
			   (ARRAY[4, 5, 10, 20, 25, 50, 100])[1 + floor(random() * 7)::int]::numeric AS m,
			   1 + floor(random() * :leaves)::int AS j
		  FROM (SELECT u.*, random() AS r FROM bench_unit u OFFSET 0) u
		 CROSS JOIN generate_series(1, 2) k
		 WHERE u.r < 0.03
		OFFSET 0) d
  JOIN bench_leaf l ON l.rubric_code = d.rubric_code AND l.j = d.j
 WHERE d.k = 1 OR d.s < 0.4;

-- vetoes: about 1% confirmed, 0.3% not (yet) confirmed
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code, note, confirmed)
SELECT :'scheme', u.unit_code, 1 + floor(random() * 7)::int, '一票否决（合成）', u.r < 0.01
  FROM (SELECT u.*, random() AS r FROM bench_unit u OFFSET 0) u
 WHERE u.r < 0.013;

-- 弄虚作假: about 0.5% of units, one step (two for one in five)
INSERT INTO kpi.downgrade (scheme_id, unit_code, reason, steps)
SELECT :'scheme', u.unit_code, '弄虚作假，降级评定（合成）', CASE WHEN random() < 0.2 THEN 2 ELSE 1 END
  FROM (SELECT u.*, random() AS r FROM bench_unit u OFFSET 0) u
 WHERE u.r < 0.005;

-- members: one head and 1-4 staff per unit
INSERT INTO kpi.member (scheme_id, unit_code, person, role)
SELECT :'scheme', u.unit_code, u.unit_code || CASE WHEN k = 0 THEN '-负责人' ELSE '-干部' || k END,
	   CASE WHEN k = 0 THEN 'head' ELSE 'staff' END
  FROM bench_unit u
 CROSS JOIN generate_series(0, 1 + u.i % 4) k;

-- 不能评优评先: about 0.5% of units, a person or the whole unit
INSERT INTO kpi.ineligible (scheme_id, unit_code, person, reason)
SELECT :'scheme', u.unit_code, CASE WHEN random() < 0.7 THEN u.unit_code || '-干部1' END, '不能评优评先（合成）'
  FROM (SELECT u.*, random() AS r FROM bench_unit u OFFSET 0) u
 WHERE u.r < 0.005;

DROP TABLE bench_unit, bench_leaf, bench_group;
