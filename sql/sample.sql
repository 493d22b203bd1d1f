-- The 2018 sample (示例数据), end to end: loaded from sample/2018.sql, its
-- ranking checked against an independent plain-SQL computation of
-- semantics 1-6, then shown as the demo shows it.
\i sql/include/fresh_sample.sql

-- a peer written the way an IT person would without the extension: numeric
-- sums, avg-like means, rank(); it must give the same rows as kpi.result
CREATE TEMP VIEW peer AS
WITH leaf AS (
	SELECT scheme_id, unit_code, sum(points) AS pts FROM kpi.leaf_points GROUP BY 1, 2),
ded AS (
	SELECT scheme_id, unit_code, sum(taken) AS d FROM kpi.deduction_taken GROUP BY 1, 2),
content AS (
	SELECT p.scheme_id, p.group_code, p.unit_code,
		   (coalesce(l.pts, 0) - coalesce(d.d, 0)) * c.weight / rt.max_points AS content
	  FROM kpi.participant p
	  JOIN kpi.rubric_total rt ON rt.scheme_id = p.scheme_id AND rt.rubric_code = p.rubric_code
	  JOIN kpi.component c ON c.scheme_id = p.scheme_id AND c.group_code = p.group_code AND c.component_code = 'content'
	  LEFT JOIN leaf l ON l.scheme_id = p.scheme_id AND l.unit_code = p.unit_code
	  LEFT JOIN ded d ON d.scheme_id = p.scheme_id AND d.unit_code = p.unit_code),
rating AS (
	SELECT r.scheme_id, r.unit_code,
		   sum(CASE WHEN c.aggregation = 'trimmed_mean' AND r.n >= 3
					THEN (r.s - r.hi - r.lo) * c.weight / (100 * (r.n - 2))
					ELSE r.s * c.weight / (100 * r.n) END) AS ratings
	  FROM (SELECT scheme_id, unit_code, component_code, sum(score) s, count(*) n, max(score) hi, min(score) lo
			  FROM kpi.rating GROUP BY 1, 2, 3) r
	  JOIN kpi.participant p ON p.scheme_id = r.scheme_id AND p.unit_code = r.unit_code
	  JOIN kpi.component c ON c.scheme_id = r.scheme_id AND c.group_code = p.group_code
						  AND c.component_code = r.component_code
	 GROUP BY 1, 2),
bonus AS (
	SELECT b.scheme_id, b.unit_code, sum(coalesce(b.points, s.bonus_points)) AS bonus
	  FROM kpi.bonus b JOIN kpi.scheme s ON s.scheme_id = b.scheme_id
	 WHERE b.approved GROUP BY 1, 2),
total AS (
	SELECT c.scheme_id, c.group_code, c.unit_code, round(c.content, 2) AS content,
		   round(coalesce(r.ratings, 0), 2) AS ratings,
		   round(c.content + coalesce(r.ratings, 0) + coalesce(b.bonus, 0), 2) AS total
	  FROM content c
	  LEFT JOIN rating r ON r.scheme_id = c.scheme_id AND r.unit_code = c.unit_code
	  LEFT JOIN bonus b ON b.scheme_id = c.scheme_id AND b.unit_code = c.unit_code)
SELECT scheme_id, group_code, unit_code, content, ratings, total,
	   rank() OVER (PARTITION BY scheme_id, group_code ORDER BY total DESC, content DESC)::int AS rank
  FROM total;

SELECT count(*) AS peer_rows,
	   (SELECT count(*) FROM (SELECT * FROM peer EXCEPT
							  SELECT scheme_id, group_code, unit_code, content, ratings, total, rank FROM kpi.result) x) AS only_in_peer,
	   (SELECT count(*) FROM (SELECT scheme_id, group_code, unit_code, content, ratings, total, rank FROM kpi.result
							  EXCEPT SELECT * FROM peer) x) AS only_in_view
  FROM peer;

SELECT * FROM kpi.validate('2018');

SELECT group_code, rank, unit_code, content, ratings, bonus, deduction, total, vetoed, downgraded, tier_label, complete
  FROM kpi.result WHERE scheme_id = '2018' ORDER BY group_code, rank, unit_code;
SELECT group_code, rank, unit_code, total, tier_label
  FROM kpi.result WHERE scheme_id = '2017' ORDER BY group_code, rank, unit_code;
SELECT unit_code, person, role, amount FROM kpi.reward WHERE scheme_id = '2018' ORDER BY unit_code, role, person COLLATE "C";
SELECT unit_code, sum(amount) FROM kpi.reward WHERE scheme_id = '2018' GROUP BY 1 ORDER BY 1;
SELECT unit_code, person, consequence FROM kpi.consequence WHERE scheme_id = '2018'
 ORDER BY unit_code, person COLLATE "C" NULLS FIRST, consequence COLLATE "C";

-- a whole scheme can be deleted (its criteria and its units' scores go with
-- it); a criterion that still carries scores cannot
DELETE FROM kpi.criterion WHERE scheme_id = '2018' AND criterion_code = 'sfs.1.1.1';
\echo :LAST_ERROR_SQLSTATE
DELETE FROM kpi.scheme WHERE scheme_id = '2017';
SELECT (SELECT count(*) FROM kpi.criterion WHERE scheme_id = '2017') AS criteria_2017,
	   (SELECT count(*) FROM kpi.score WHERE scheme_id = '2017') AS scores_2017,
	   (SELECT count(*) FROM kpi.score WHERE scheme_id = '2018') AS scores_2018;
