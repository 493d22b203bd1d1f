
-- kpi: why this result (kpi.explain).  A unit's result as rows read top
-- down in psql: the result, each category, item and leaf of its rubric with
-- its points and their source, the upstream deductions, each rating
-- component with the scores kept and dropped, each bonus counted or not
-- and why, the total, and the reasons for its rank and grade.  It restates
-- the rules of kpi.result (semantics 1-7, 10, 14) as text beside the
-- numbers the views compute.  Its own are only for display: the mean of
-- each rating component's kept scores, and the placement before vetoes
-- and downgrades, which it asks of kpi_tier as kpi.live_result does.

-- SECURITY DEFINER, because a unit's account may read its own result but
-- not the views under it (they hold every unit's rows, and every rater's
-- score): it checks that the acting role sees the unit's result first, and
-- names raters to the office alone.
CREATE FUNCTION kpi.explain(scheme_id text, unit_code text)
RETURNS TABLE (step int, part text, code text, title text, points numeric, detail text)
LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	who text := kpi.acting_role();
	names_raters boolean := kpi.is_office(who);
	r kpi.live_result;
	sc kpi.scheme;
	sl kpi.scheme_levels;
	rubric text;
	rubric_max numeric;
	group_size int;
	worst_rank int;
	placed int;
	x record;
	y record;
	n int;
	weight numeric;
	kept_sum numeric;   -- a rating component's kept scores, summed as they are listed
	kept_n int;
	group_title text;
	counted numeric := 0;
BEGIN
	IF NOT (kpi.sees_every_unit(who) OR explain.unit_code = ANY (kpi.units_of(who))) THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('permission denied to explain the result of unit "%s"'), explain.unit_code),
			ERRCODE = 'insufficient_privilege',
			DETAIL = pg_catalog.format(kpi.translate('Role "%s" does not read that unit''s result.'), who);
	END IF;
	SELECT l.* INTO r FROM kpi.live_result l WHERE l.scheme_id = explain.scheme_id AND l.unit_code = explain.unit_code;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('unit "%s" takes no part in scheme "%s"'), explain.unit_code, explain.scheme_id),
			ERRCODE = 'no_data_found';
	END IF;
	SELECT s.* INTO sc FROM kpi.scheme s WHERE s.scheme_id = explain.scheme_id;
	SELECT s.* INTO sl FROM kpi.scheme_levels s WHERE s.scheme_id = explain.scheme_id;
	SELECT p.rubric_code INTO rubric FROM kpi.participant p
	 WHERE p.scheme_id = explain.scheme_id AND p.unit_code = explain.unit_code;
	SELECT t.max_points INTO rubric_max FROM kpi.rubric_total t
	 WHERE t.scheme_id = explain.scheme_id AND t.rubric_code = rubric;
	SELECT count(*), max(l.rank) INTO group_size, worst_rank FROM kpi.live_result l
	 WHERE l.scheme_id = explain.scheme_id AND l.group_code = r.group_code;
	SELECT coalesce(g.title, g.group_code) INTO group_title FROM kpi.unit_group g
	 WHERE g.scheme_id = explain.scheme_id AND g.group_code = r.group_code;
	step := 0;

	-- the result
	step := step + 1; part := '结果'; code := r.unit_code; title := r.unit_name; points := r.total;
	detail := pg_catalog.format('总分 %s，%s %s 个单位中第 %s 名，%s%s', r.total, group_title, group_size, r.rank,
								r.tier_label, CASE WHEN r.complete THEN '' ELSE '（数据不完整）' END);
	RETURN NEXT;

	-- the rubric top down: each node with the points below it (before
	-- deductions); each leaf with its source
	FOR x IN
		WITH RECURSIVE node AS (
			SELECT n.criterion_code, n.title, n.depth, n.is_leaf, n.max_points,
				   ARRAY[pg_catalog.lpad(coalesce(n.position, 0)::text, 10, '0') || '/' || n.criterion_code] AS path,
				   ARRAY[n.criterion_code] AS codes
			  FROM kpi.rubric_node n
			 WHERE n.scheme_id = explain.scheme_id AND n.rubric_code = rubric AND n.depth = 1
			UNION ALL
			SELECT c.criterion_code, c.title, c.depth, c.is_leaf, c.max_points,
				   node.path || (pg_catalog.lpad(coalesce(c.position, 0)::text, 10, '0') || '/' || c.criterion_code),
				   node.codes || c.criterion_code
			  FROM node
			  JOIN kpi.rubric_node c ON c.scheme_id = explain.scheme_id AND c.rubric_code = rubric
			   AND c.parent_code = node.criterion_code),
		leaf AS (
			SELECT node.codes, lp.points, lp.source, node.criterion_code
			  FROM node
			  JOIN kpi.leaf_points lp ON lp.scheme_id = explain.scheme_id AND lp.unit_code = explain.unit_code
			   AND lp.criterion_code = node.criterion_code)
		SELECT node.*, leaf.points AS leaf_points, leaf.source, e.facts, s.note,
			   (SELECT sum(b.points) FROM leaf b WHERE node.criterion_code = ANY (b.codes)) AS below
		  FROM node
		  LEFT JOIN leaf ON leaf.criterion_code = node.criterion_code
		  LEFT JOIN kpi.evidence e ON e.scheme_id = explain.scheme_id AND e.unit_code = explain.unit_code
		   AND e.criterion_code = node.criterion_code
		  LEFT JOIN kpi.score s ON s.scheme_id = explain.scheme_id AND s.unit_code = explain.unit_code
		   AND s.criterion_code = node.criterion_code
		 ORDER BY node.path
	LOOP
		step := step + 1; part := CASE x.depth WHEN 1 THEN '类别' WHEN 2 THEN '项目' ELSE '细则' END;
		code := x.criterion_code; title := x.title;
		IF x.is_leaf THEN
			points := x.leaf_points;
			detail := pg_catalog.format('%s / %s 分：', x.leaf_points, x.max_points) || CASE x.source
				WHEN 'score' THEN '考评分' || coalesce('（' || x.note || '）', '')
				WHEN 'rule' THEN '按细则规则由报送材料计算：' || x.facts::text
				WHEN 'evidence' THEN '报送了材料但该条无规则、未评分，计 0 分：' || x.facts::text
				ELSE '无考评分、无报送材料，计 0 分' END;
		ELSE
			points := x.below;
			detail := pg_catalog.format('%s / %s 分', x.below, x.max_points);
		END IF;
		RETURN NEXT;
	END LOOP;

	-- upstream deductions, each with its source, then what was taken
	FOR x IN
		SELECT d.id, d.criterion_code, c.title, d.source, d.upstream_lost, d.upstream_max, d.note,
			   round(d.upstream_lost * c.max_points / d.upstream_max, 2) AS asked, t.taken, t.asked AS asked_here
		  FROM kpi.deduction d
		  JOIN kpi.criterion c ON c.scheme_id = d.scheme_id AND c.criterion_code = d.criterion_code
		  LEFT JOIN kpi.deduction_taken t ON t.scheme_id = d.scheme_id AND t.unit_code = d.unit_code
		   AND t.criterion_code = d.criterion_code
		 WHERE d.scheme_id = explain.scheme_id AND d.unit_code = explain.unit_code
		 ORDER BY d.criterion_code, d.id
	LOOP
		step := step + 1; part := '扣分'; code := x.criterion_code; title := x.title; points := -x.asked;
		detail := pg_catalog.format('%s扣 %s / %s 分，折合本条 %s 分', coalesce(x.source || ' ', '上级'),
									x.upstream_lost, x.upstream_max, x.asked)
			|| CASE WHEN coalesce(x.taken, 0) < x.asked_here
					THEN pg_catalog.format('；本条合计扣 %s 分，实扣 %s 分（不低于 0）', x.asked_here, coalesce(x.taken, 0)) ELSE '' END
			|| coalesce('（' || x.note || '）', '');
		RETURN NEXT;
	END LOOP;

	-- content: the rubric's points less the deductions, weighted
	SELECT c.weight INTO weight FROM kpi.component c
	 WHERE c.scheme_id = explain.scheme_id AND c.group_code = r.group_code AND c.component_code = 'content';
	step := step + 1; part := '内容得分'; code := 'content'; title := NULL; points := r.content;
	detail := pg_catalog.format('(%s − 扣分 %s) × 权重 %s / 细则总分 %s = %s',
								(SELECT coalesce(sum(l.points), 0) FROM kpi.leaf_points l
								  WHERE l.scheme_id = explain.scheme_id AND l.unit_code = explain.unit_code),
								r.deduction, weight, rubric_max, r.content);
	RETURN NEXT;

	-- each rating component: every rater's score, kept or dropped
	FOR x IN
		SELECT cs.component_code, c.title, cs.weight, cs.aggregation
		  FROM kpi.component_slot cs
		  JOIN kpi.component c USING (scheme_id, group_code, component_code)
		 WHERE cs.scheme_id = explain.scheme_id AND cs.group_code = r.group_code AND cs.slot > 0
		 ORDER BY cs.slot
	LOOP
		n := 0;
		kept_sum := 0;
		kept_n := 0;
		FOR y IN
			SELECT g.rater, g.given, g.grade, g.raters,
				   g.aggregation = 'trimmed_mean' AND g.raters >= 3 AND (g.high = 1 OR g.low = 1) AS dropped,
				   g.high = 1 AS is_high
			  FROM (SELECT ra.rater, ra.grade,
						   coalesce(ra.score, rs.points) AS given, x.aggregation AS aggregation,
						   count(*) OVER () AS raters,
						   row_number() OVER (ORDER BY coalesce(ra.score, rs.points) DESC, ra.rater COLLATE "C") AS high,
						   row_number() OVER (ORDER BY coalesce(ra.score, rs.points), ra.rater COLLATE "C" DESC) AS low
					  FROM kpi.rating ra
					  LEFT JOIN kpi.rating_scale rs ON rs.scheme_id = ra.scheme_id
					   AND rs.component_code = ra.component_code AND rs.grade = ra.grade
					 WHERE ra.scheme_id = explain.scheme_id AND ra.unit_code = explain.unit_code
					   AND ra.component_code = x.component_code) g
			 ORDER BY g.high
		LOOP
			n := n + 1;
			IF NOT y.dropped THEN
				kept_sum := kept_sum + y.given;
				kept_n := kept_n + 1;
			END IF;
			step := step + 1; part := '评价'; code := x.component_code;
			title := CASE WHEN names_raters THEN y.rater ELSE '评价人 ' || n END;
			points := y.given;
			detail := coalesce('等次 ' || y.grade || ' 折合 ' || y.given || ' 分；', '')
				|| CASE WHEN y.dropped AND y.is_high THEN '去掉一个最高分'
						WHEN y.dropped THEN '去掉一个最低分' ELSE '计入' END;
			RETURN NEXT;
		END LOOP;
		step := step + 1; part := '评价得分'; code := x.component_code; title := x.title;
		points := CASE WHEN kept_n > 0 THEN round(kept_sum / kept_n, 4) END;
		detail := CASE WHEN n = 0 THEN pg_catalog.format('无评价，计 0 分（数据不完整）；权重 %s', x.weight)
					   ELSE pg_catalog.format('%s，× 权重 %s / 100 计入评价得分', CASE WHEN x.aggregation = 'trimmed_mean' AND n >= 3
							THEN '去掉一个最高分、一个最低分后的平均分' ELSE '平均分' END, x.weight) END;
		RETURN NEXT;
	END LOOP;

	-- bonuses: counted, or not and why
	FOR x IN
		SELECT b.id, b.title, b.approved, b.achievement, coalesce(b.points, sc.bonus_points) AS given,
			   b.approved AND b.id = (SELECT o.id FROM kpi.bonus o
									   WHERE o.scheme_id = b.scheme_id AND o.unit_code = b.unit_code AND o.approved
										 AND o.achievement = b.achievement
									   ORDER BY coalesce(o.points, sc.bonus_points) DESC, o.id LIMIT 1) AS best_of_achievement
		  FROM kpi.bonus b
		 WHERE b.scheme_id = explain.scheme_id AND b.unit_code = explain.unit_code
		 ORDER BY b.id
	LOOP
		step := step + 1; part := '加分'; code := x.id::text; title := x.title;
		points := CASE WHEN x.approved AND (x.achievement IS NULL OR x.best_of_achievement) THEN x.given ELSE 0 END;
		counted := counted + points;
		detail := CASE WHEN NOT x.approved THEN '未经审定，不计'
					   WHEN x.achievement IS NOT NULL AND NOT x.best_of_achievement
						THEN pg_catalog.format('同一成果（%s）只计一次，取最高，不计', x.achievement)
					   ELSE pg_catalog.format('已审定，计 %s 分', x.given) END;
		RETURN NEXT;
	END LOOP;
	step := step + 1; part := '加分合计'; code := NULL; title := NULL; points := r.bonus;
	detail := CASE WHEN sc.bonus_cap IS NOT NULL AND counted > sc.bonus_cap
				   THEN pg_catalog.format('计入的各项合计 %s 分，超过加分上限 %s 分，计 %s 分', counted, sc.bonus_cap, r.bonus)
				   WHEN sc.bonus_cap IS NOT NULL THEN pg_catalog.format('计入的各项之和（加分上限 %s 分）', sc.bonus_cap)
				   ELSE '计入的各项之和' END;
	RETURN NEXT;

	-- the total
	step := step + 1; part := '总分'; code := NULL; title := NULL; points := r.total;
	detail := pg_catalog.format('内容得分 %s + 评价得分 %s + 加分 %s，保留两位小数', r.content, r.ratings, r.bonus);
	RETURN NEXT;
	step := step + 1; part := '名次'; code := NULL; title := NULL; points := r.rank;
	detail := pg_catalog.format('%s按总分排名（总分相同按内容得分），%s 个单位中第 %s 名', group_title, group_size, r.rank);
	RETURN NEXT;

	-- the grade: where kpi_tier placed it, then vetoes and downgrades
	SELECT t.placed INTO placed
	  FROM (SELECT l.unit_code,
				   kpi.kpi_tier(l.rank, l.vetoed, l.total, sc.top_n, sl.veto_level, l.scheme_id, kpi.grades_of(l.scheme_id))
					 OVER (ORDER BY l.rank) AS placed
			  FROM kpi.live_result l
			 WHERE l.scheme_id = explain.scheme_id AND l.group_code = r.group_code) t
	 WHERE t.unit_code = explain.unit_code;
	IF NOT sl.graded THEN
		step := step + 1; part := '档次'; code := NULL;
		points := CASE WHEN r.vetoed THEN sl.veto_level ELSE placed END;
		title := kpi.level_label(explain.scheme_id, points::int);
		detail := CASE
			WHEN r.vetoed THEN '一票否决，不得进入实绩比较突出单位以上档次'
			WHEN group_size >= 2 AND r.rank = worst_rank THEN '本组末位'
			WHEN placed = 1 THEN pg_catalog.format('本组前 %s 名之内（否决和末位单位不占名额，并列同进）', sc.top_n)
			ELSE pg_catalog.format('未进入本组前 %s 名（否决和末位单位不占名额）', sc.top_n) END;
		RETURN NEXT;
	ELSE
		FOR x IN
			SELECT g.*, (SELECT d.level FROM kpi.grade d WHERE d.scheme_id = g.scheme_id AND d.is_default) AS default_level
			  FROM kpi.grade g WHERE g.scheme_id = explain.scheme_id AND g.level = placed
		LOOP
			step := step + 1; part := '档次'; code := x.level::text; title := x.label; points := x.level;
			detail := CASE
				WHEN x.level < x.default_level THEN pg_catalog.format('名额等次：%s；名次 %s、总分 %s 在内（并列同进）',
					pg_catalog.concat_ws('，',
						CASE WHEN x.places IS NOT NULL THEN pg_catalog.format('限 %s 名', x.places) END,
						CASE WHEN x.share IS NOT NULL THEN pg_catalog.format('不超过本组 %s 个单位的 %s，即 %s 名',
							group_size, x.share, floor(x.share * group_size)) END,
						CASE WHEN x.min_total IS NOT NULL THEN pg_catalog.format('总分不低于 %s', x.min_total) END,
						CASE WHEN x.places IS NULL AND x.share IS NULL THEN '不限名额' END), r.rank, r.total)
				WHEN x.level = x.default_level THEN '未进入更好的等次：默认等次'
				ELSE '受限于此等次' END;
			RETURN NEXT;
		END LOOP;
		-- the caps that held it down
		FOR x IN
			SELECT g.level, g.label, g.below_total, g.last_places
			  FROM kpi.grade g
			 WHERE g.scheme_id = explain.scheme_id
			   AND ((g.below_total IS NOT NULL AND r.total < g.below_total)
					OR (g.last_places IS NOT NULL AND group_size >= 2
						AND r.rank IN (SELECT d.rank FROM (SELECT DISTINCT l.rank FROM kpi.live_result l
															 WHERE l.scheme_id = explain.scheme_id
															   AND l.group_code = r.group_code) d
										ORDER BY d.rank DESC LIMIT g.last_places)))
			 ORDER BY g.level
		LOOP
			step := step + 1; part := '档次上限'; code := x.level::text; title := x.label; points := x.level;
			detail := CASE WHEN x.below_total IS NOT NULL AND r.total < x.below_total
						   THEN pg_catalog.format('总分 %s 低于 %s', r.total, x.below_total)
						   ELSE pg_catalog.format('本组倒数 %s 个名次之内', x.last_places) END;
			RETURN NEXT;
		END LOOP;
		IF r.vetoed THEN
			step := step + 1; part := '档次上限'; code := sl.veto_level::text;
			title := kpi.level_label(explain.scheme_id, sl.veto_level); points := sl.veto_level;
			detail := '一票否决：至多此等次';
			RETURN NEXT;
		END IF;
	END IF;
	FOR x IN
		SELECT v.condition_code, c.title, v.note FROM kpi.veto v
		  JOIN kpi.veto_condition c ON c.condition_code = v.condition_code
		 WHERE v.scheme_id = explain.scheme_id AND v.unit_code = explain.unit_code AND v.confirmed
		 ORDER BY v.condition_code, v.id
	LOOP
		step := step + 1; part := '一票否决'; code := x.condition_code::text; title := x.title; points := NULL;
		detail := coalesce(x.note, '已确认');
		RETURN NEXT;
	END LOOP;
	FOR x IN
		SELECT d.id, d.reason, d.steps FROM kpi.downgrade d
		 WHERE d.scheme_id = explain.scheme_id AND d.unit_code = explain.unit_code
		 ORDER BY d.id
	LOOP
		step := step + 1; part := '降档'; code := x.id::text; title := x.reason; points := -x.steps;
		detail := pg_catalog.format('降 %s 档（不低于最低档次，腾出的名额不递补）', x.steps);
		RETURN NEXT;
	END LOOP;
	step := step + 1; part := '最终档次'; code := r.level::text; title := r.tier_label; points := r.level;
	detail := CASE WHEN r.downgraded THEN '降档后的档次' ELSE '即上述档次' END;
	RETURN NEXT;
END
$$;
COMMENT ON FUNCTION kpi.explain(text, text) IS
	'Why a unit''s result is what it is: rubric points and their sources, deductions, ratings kept and dropped, bonuses, total, rank and the reasons for its grade';
