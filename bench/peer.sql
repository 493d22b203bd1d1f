-- bench/peer.sql — the peer: kpi.result written in plain SQL over kpi's
-- tables, the way an IT person would without the extension's functions and
-- views: numeric sums, avg(), rank() and CASE.  bench/run.sh checks that it
-- gives the same rows as kpi.result on the generated data, then times both.
--
--   psql -v ON_ERROR_STOP=1 -f bench/peer.sql     -- creates view bench.peer_result
--   SELECT * FROM bench.peer_result WHERE scheme_id = 'bench';
--
-- It covers what bench/gen.sql generates, as a bureau's own report would:
--   * rubrics of three levels (root → categories → leaves), points from
--     kpi.score only (no kpi.evidence and rules: those need kpi's rule
--     evaluator);
--   * upstream deductions on a leaf, a category or the root, capped
--     bottom-up: what a subtree keeps is max(0, Σ kept by its children −
--     asked at it), so taken = points − kept at the root;
--   * tiers: a confirmed veto → poor; the worst rank of a group of 2 or more
--     → poor; else outstanding when fewer than top_n units neither vetoed nor
--     last rank strictly above, else good; downgrades then drop Σ steps tiers.
-- No kpi function is called; kpi.tier is used only as the column's type.
-- Every window is partitioned by scheme_id and the CTEs are inlined (each
-- referenced once, or NOT MATERIALIZED), hence a filter on scheme_id
-- reaches the scans.

CREATE SCHEMA IF NOT EXISTS bench;

CREATE OR REPLACE VIEW bench.peer_result AS
WITH
-- each rubric (root): number of leaves and Σ leaf max_points
rubric AS (
	SELECT r.scheme_id, r.criterion_code AS rubric_code,
		   count(*) AS leaves, sum(l.max_points) AS max_points
	  FROM kpi.criterion r
	  JOIN kpi.criterion k ON k.scheme_id = r.scheme_id AND k.parent_code = r.criterion_code
	  JOIN kpi.criterion l ON l.scheme_id = k.scheme_id AND l.parent_code = k.criterion_code
	 WHERE r.parent_code IS NULL
	 GROUP BY r.scheme_id, r.criterion_code),
-- Σ points and number of scored leaves per unit
points AS (
	SELECT scheme_id, unit_code, sum(points) AS points, count(*) AS scored
	  FROM kpi.score
	 GROUP BY scheme_id, unit_code),
-- points asked by the deductions at each criterion (leaf, category or
-- root); read three times, inlined into each (NOT MATERIALIZED)
asked AS NOT MATERIALIZED (
	SELECT d.scheme_id, d.unit_code, d.criterion_code,
		   sum(round(d.upstream_lost / d.upstream_max * c.max_points, 2)) AS asked
	  FROM kpi.deduction d
	  JOIN kpi.criterion c ON c.scheme_id = d.scheme_id AND c.criterion_code = d.criterion_code
	 GROUP BY 1, 2, 3),
-- units with deductions: rubric points taken after the bottom-up cap
deducted AS (
	SELECT c.scheme_id, c.unit_code,
		   sum(c.points) - greatest(sum(c.kept) - coalesce(max(ar.asked), 0), 0) AS taken
	  FROM (-- categories: what each keeps of its leaves' points
			SELECT l.scheme_id, l.unit_code, l.category_code,
				   sum(l.points) AS points,
				   greatest(sum(l.kept) - coalesce(max(ac.asked), 0), 0) AS kept
			  FROM (-- scored leaves of units with deductions
					SELECT s.scheme_id, s.unit_code, k.parent_code AS category_code, s.points,
						   greatest(s.points - coalesce(al.asked, 0), 0) AS kept
					  FROM kpi.score s
					  JOIN kpi.criterion k
						ON k.scheme_id = s.scheme_id AND k.criterion_code = s.criterion_code
					  LEFT JOIN asked al
						ON al.scheme_id = s.scheme_id AND al.unit_code = s.unit_code
					   AND al.criterion_code = s.criterion_code
					 WHERE (s.scheme_id, s.unit_code) IN (SELECT scheme_id, unit_code FROM kpi.deduction)) l
			  LEFT JOIN asked ac
				ON ac.scheme_id = l.scheme_id AND ac.unit_code = l.unit_code
			   AND ac.criterion_code = l.category_code
			 GROUP BY l.scheme_id, l.unit_code, l.category_code) c
	  JOIN kpi.participant p ON p.scheme_id = c.scheme_id AND p.unit_code = c.unit_code
	  LEFT JOIN asked ar
		ON ar.scheme_id = p.scheme_id AND ar.unit_code = p.unit_code
	   AND ar.criterion_code = p.rubric_code
	 GROUP BY c.scheme_id, c.unit_code),
-- ratings: per component the mean (trimmed: without one highest and one
-- lowest when 3 or more raters) × weight / 100, summed over components
ratings AS (
	SELECT r.scheme_id, r.unit_code,
		   sum(CASE WHEN c.aggregation = 'trimmed_mean' AND r.n >= 3
					THEN (r.s - r.hi - r.lo) / (r.n - 2)
					ELSE r.mean END * c.weight / 100) AS ratings,
		   count(*) AS rated
	  FROM (SELECT scheme_id, unit_code, component_code,
				   avg(score) AS mean, sum(score) AS s, count(*) AS n,
				   max(score) AS hi, min(score) AS lo
			  FROM kpi.rating
			 GROUP BY scheme_id, unit_code, component_code) r
	  JOIN kpi.participant p ON p.scheme_id = r.scheme_id AND p.unit_code = r.unit_code
	  JOIN kpi.component c
		ON c.scheme_id = r.scheme_id AND c.group_code = p.group_code AND c.component_code = r.component_code
	 GROUP BY r.scheme_id, r.unit_code),
-- rating components of each group
components AS (
	SELECT scheme_id, group_code, count(*) AS components
	  FROM kpi.component
	 WHERE component_code <> 'content'
	 GROUP BY scheme_id, group_code),
-- approved 创新突破
bonus AS (
	SELECT b.scheme_id, b.unit_code, sum(coalesce(b.points, s.bonus_points)) AS bonus
	  FROM kpi.bonus b
	  JOIN kpi.scheme s ON s.scheme_id = b.scheme_id
	 WHERE b.approved
	 GROUP BY b.scheme_id, b.unit_code),
vetoes AS (
	SELECT DISTINCT scheme_id, unit_code FROM kpi.veto WHERE confirmed),
downgrades AS (
	SELECT scheme_id, unit_code, sum(steps) AS steps FROM kpi.downgrade GROUP BY scheme_id, unit_code),
-- exact parts, the total, the rank
totals AS (
	SELECT p.scheme_id, p.group_code, p.unit_code, u.name AS unit_name,
		   (coalesce(pt.points, 0) - coalesce(d.taken, 0)) * cc.weight / rb.max_points AS content,
		   coalesce(r.ratings, 0) AS ratings,
		   coalesce(b.bonus, 0) AS bonus,
		   coalesce(d.taken, 0) AS deduction,
		   v.unit_code IS NOT NULL AS vetoed,
		   g.unit_code IS NOT NULL AS downgraded,
		   coalesce(g.steps, 0) AS steps,
		   s.top_n,
		   coalesce(r.rated, 0) = coalesce(co.components, 0)
		   AND coalesce(pt.scored, 0) = rb.leaves AS complete
	  FROM kpi.participant p
	  JOIN kpi.unit u ON u.unit_code = p.unit_code
	  JOIN kpi.scheme s ON s.scheme_id = p.scheme_id
	  JOIN rubric rb ON rb.scheme_id = p.scheme_id AND rb.rubric_code = p.rubric_code
	  JOIN kpi.component cc
		ON cc.scheme_id = p.scheme_id AND cc.group_code = p.group_code AND cc.component_code = 'content'
	  LEFT JOIN components co ON co.scheme_id = p.scheme_id AND co.group_code = p.group_code
	  LEFT JOIN points pt ON pt.scheme_id = p.scheme_id AND pt.unit_code = p.unit_code
	  LEFT JOIN deducted d ON d.scheme_id = p.scheme_id AND d.unit_code = p.unit_code
	  LEFT JOIN ratings r ON r.scheme_id = p.scheme_id AND r.unit_code = p.unit_code
	  LEFT JOIN bonus b ON b.scheme_id = p.scheme_id AND b.unit_code = p.unit_code
	  LEFT JOIN vetoes v ON v.scheme_id = p.scheme_id AND v.unit_code = p.unit_code
	  LEFT JOIN downgrades g ON g.scheme_id = p.scheme_id AND g.unit_code = p.unit_code),
ranked AS (
	SELECT t.*,
		   round(t.content, 2) AS content_shown,
		   round(t.content + t.ratings + t.bonus, 2) AS total,
		   rank() OVER (PARTITION BY t.scheme_id, t.group_code
						ORDER BY round(t.content + t.ratings + t.bonus, 2) DESC,
								 round(t.content, 2) DESC)::int AS rank,
		   count(*) OVER (PARTITION BY t.scheme_id, t.group_code) AS group_size
	  FROM totals t),
placed AS (
	SELECT x.*,
		   -- units neither vetoed nor last that rank strictly above
		   coalesce(count(*) FILTER (WHERE NOT x.vetoed AND NOT x.is_last)
			   OVER (PARTITION BY x.scheme_id, x.group_code ORDER BY x.rank
					 RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS better
	  FROM (SELECT r.*,
				   r.group_size >= 2
				   AND r.rank = max(r.rank) OVER (PARTITION BY r.scheme_id, r.group_code) AS is_last
			  FROM ranked r) x),
tiered AS (
	SELECT p.*,
		   least(CASE WHEN p.vetoed OR p.is_last THEN 2
					  WHEN p.better < p.top_n THEN 0
					  ELSE 1 END + p.steps, 2) AS tier_no
	  FROM placed p)
SELECT scheme_id, group_code, unit_code, unit_name,
	   content_shown AS content,
	   round(ratings, 2) AS ratings,
	   round(bonus, 2) AS bonus,
	   round(deduction, 2) AS deduction,
	   total, rank, vetoed, downgraded,
	   (CASE tier_no WHEN 0 THEN 'outstanding' WHEN 1 THEN 'good' ELSE 'poor' END)::kpi.tier AS tier,
	   CASE tier_no WHEN 0 THEN '实绩突出' WHEN 1 THEN '实绩比较突出' ELSE '实绩一般' END AS tier_label,
	   complete,
	   tier_no + 1 AS level
  FROM tiered;
