-- Semantics 2: each rating component is the mean of its raters' scores (with
-- trimmed_mean and at least 3 raters, one highest and one lowest dropped),
-- weighted as Σ kept × weight / (100 × kept).  No rating: 0, incomplete.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never

INSERT INTO kpi.scheme (scheme_id, year) VALUES ('r', 2018);
INSERT INTO kpi.unit_group VALUES ('r', 'g', 'group');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight, aggregation) VALUES
	('r', 'g', 'content', 60, 'mean'), ('r', 'g', 'lead', 20, 'mean'), ('r', 'g', 'team', 20, 'trimmed_mean');
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES
	('r', 'R', NULL, 10), ('r', 'L', 'R', 10);
INSERT INTO kpi.unit (unit_code, name) VALUES ('a', 'A'), ('b', 'B'), ('c', 'C'), ('d', 'D');
INSERT INTO kpi.participant VALUES ('r', 'a', 'g', 'R'), ('r', 'b', 'g', 'R'), ('r', 'c', 'g', 'R'), ('r', 'd', 'g', 'R');
INSERT INTO kpi.score VALUES ('r', 'a', 'L', 10), ('r', 'b', 'L', 5), ('r', 'c', 'L', 10), ('r', 'd', 'L', 3.33);

-- a: content 60; lead mean(90, 85) = 87.5 -> 17.5; team trimmed with 2 raters keeps both:
--    (80 + 70) × 20 / 200 = 15; ratings 32.5, total 92.50
INSERT INTO kpi.rating VALUES ('r', 'a', 'lead', 'l1', 90), ('r', 'a', 'lead', 'l2', 85),
	('r', 'a', 'team', 't1', 80), ('r', 'a', 'team', 't2', 70);
-- b: content 30; lead mean(100, 90, 80) = 90 -> 18; team trimmed with 3 raters: 100 and 50
--    dropped, 70 kept -> 14; ratings 32, total 62.00
INSERT INTO kpi.rating VALUES ('r', 'b', 'lead', 'l1', 100), ('r', 'b', 'lead', 'l2', 90), ('r', 'b', 'lead', 'l3', 80),
	('r', 'b', 'team', 't1', 100), ('r', 'b', 'team', 't2', 50), ('r', 'b', 'team', 't3', 70);
-- c: content 60; no lead rating -> 0 and incomplete; team of 5 with repeated scores:
--    one 100 and the 60 dropped, (99.5 + 99.5 + 100) / 3 = 99.666… -> 19.9333…;
--    ratings shown 19.93, total round(79.9333…, 2) = 79.93
INSERT INTO kpi.rating VALUES ('r', 'c', 'team', 't1', 99.5), ('r', 'c', 'team', 't2', 99.5),
	('r', 'c', 'team', 't3', 60), ('r', 'c', 'team', 't4', 100), ('r', 'c', 'team', 't5', 100);
-- d: content 3.33 × 60 / 10 = 19.98; lead mean(10, 10, 11) = 10.333… -> 2.0666…;
--    team trimmed (0, 5, 100) keeps 5 -> 1; ratings 3.0666… shown 3.07;
--    total round(23.0466…, 2) = 23.05
INSERT INTO kpi.rating VALUES ('r', 'd', 'lead', 'l1', 10), ('r', 'd', 'lead', 'l2', 10), ('r', 'd', 'lead', 'l3', 11),
	('r', 'd', 'team', 't1', 0), ('r', 'd', 'team', 't2', 5), ('r', 'd', 'team', 't3', 100);

SELECT unit_code, content, ratings, total, rank, complete FROM kpi.result ORDER BY rank;

-- the exact parts behind the rounded columns
SELECT unit_code, round((parts).ratings, 10) AS ratings_exact, (parts).ratings_complete
  FROM kpi.unit_total ORDER BY unit_code;

-- a rating is changed: the mean follows
UPDATE kpi.rating SET score = 95 WHERE unit_code = 'a' AND rater = 'l2';
SELECT unit_code, ratings, total FROM kpi.result WHERE unit_code = 'a';
