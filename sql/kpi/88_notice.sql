
-- kpi: the 通报 (official notice) of a year's result, as one printable
-- HTML document: red-headed in the manner of a government notice (GB/T
-- 9704's layout: issuing office in red, a red rule, the title, the
-- addressees, the body, the office and date), the units of each group by
-- level (the scheme's grades in level order, whatever their number, or the
-- 2018 method's three tiers), the rewards of each rewarded level, the
-- consequences, an annex with each group's scores and a bar chart of its
-- totals as inline SVG, and where some unit took part the year before, a
-- second annex with each unit's total, rank and grade beside last year's.
-- No script: it is printed (headless Chromium, `make notice`).  It reads kpi.result, kpi.reward and kpi.consequence as
-- the caller, so each account gets the notice of the rows it may see;
-- every text that users wrote is escaped.

-- The five characters HTML gives meaning to, as entities; '&' first so
-- the others' entities are not escaped again.
CREATE FUNCTION kpi.html_escape(s text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
		s, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION kpi.html_escape(text) IS 'Text as HTML: & < > " and '' as entities';

-- The notice.  issuer and doc_number are what kpi does not store (the
-- office's name heads and signs it; the 发文字号 line is left out when
-- null).  A scheme not yet finalized gives a draft: marked 草稿 on every
-- page and dated today; a finalized one is dated the day it was published
-- (kpi.publication, in the session's time zone).  Numbers are exact
-- numerics printed with two decimals; bar lengths are numerics too.
-- STABLE: reads only, and today's date is fixed within a transaction.
CREATE FUNCTION kpi.notice_html(scheme_id text, issuer text DEFAULT NULL, doc_number text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	sc kpi.scheme;
	published timestamptz;
	dated date;
	office text := kpi.html_escape(coalesce(nullif(btrim(issuer), ''), '目标管理考核领导小组办公室'));
	name text;          -- the assessment's name, escaped
	addressees text;
	counts text;
	results text;
	rewards text;
	consequences text;
	annex text;
	compared text;      -- annex 2: this year beside last year's, if any
	numerals text[] := ARRAY['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
	n_levels int;       -- the scheme's number of levels (kpi.scheme_levels)
	graded boolean;     -- whether kpi.grade rows define them
	legend text;
	reward_lead text;
	worst text;         -- the worst level's label, escaped
	-- the chart's geometry (SVG user units): label column, bar area, row
	label_w CONSTANT numeric := 190;
	bar_w CONSTANT numeric := 330;
	row_h CONSTANT numeric := 26;
BEGIN
	IF scheme_id IS NULL THEN
		RAISE EXCEPTION USING
			MESSAGE = kpi.translate('scheme must not be null'),
			ERRCODE = 'null_value_not_allowed';
	END IF;
	SELECT s.* INTO sc FROM kpi.scheme s WHERE s.scheme_id = notice_html.scheme_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING
			MESSAGE = pg_catalog.format(kpi.translate('scheme "%s" does not exist'), scheme_id),
			ERRCODE = 'no_data_found',
			HINT = kpi.translate('kpi.notice_html takes a scheme_id of kpi.scheme.');
	END IF;
	SELECT p.published_at INTO published FROM kpi.publication p WHERE p.scheme_id = notice_html.scheme_id;
	SELECT sl.levels, sl.graded INTO n_levels, graded FROM kpi.scheme_levels sl WHERE sl.scheme_id = notice_html.scheme_id;
	worst := kpi.html_escape(coalesce(kpi.level_label(scheme_id, n_levels), n_levels::text));
	dated := coalesce(published::date, current_date);
	name := kpi.html_escape(coalesce(nullif(btrim(sc.title), ''), sc.year || '年度目标管理考核'));

	SELECT string_agg(kpi.html_escape(coalesce(g.title, g.group_code)), '、' ORDER BY g.group_code COLLATE "C")
	  INTO addressees
	  FROM kpi.unit_group g WHERE g.scheme_id = notice_html.scheme_id;

	-- One statement, so kpi.result is computed once (r, materialized) and
	-- kpi.reward and kpi.consequence once each; every section is an
	-- aggregate of one row.
	WITH r AS MATERIALIZED (
		SELECT r.*, row_number() OVER (PARTITION BY r.group_code ORDER BY r.rank, r.unit_code COLLATE "C") AS i
		  FROM kpi.result r
		 WHERE r.scheme_id = notice_html.scheme_id
	),
	-- the scheme's levels, best first: label (escaped), the class of its
	-- lines and bars, its bars' colour, its reward.  With three levels
	-- kpi.result has tiers, and lines and bars the classes tier-outstanding,
	-- tier-good and tier-poor, which the style sheet colours; any other
	-- number of levels gives the classes level-1 .. level-n, and each bar's
	-- rect its colour as a fill attribute (the style sheet names only the
	-- tiers; on the rect, so the bar's texts stay black).  The colours: level 1 red, the others grey from dark to
	-- light (with three levels the tiers' colours).  The reward is the
	-- grade row's, or without grade rows level 1's the scheme's (as
	-- kpi.level_reward has it).
	lv AS MATERIALIZED (
		SELECT l.level,
			   kpi.html_escape(coalesce(kpi.level_label(notice_html.scheme_id, l.level), l.level::text)) AS label,
			   CASE WHEN n_levels = 3 THEN 'tier-' || ('{outstanding,good,poor}'::kpi.tier[])[l.level]
					ELSE 'level-' || l.level END AS class,
			   CASE WHEN l.level = 1 THEN '#c00000'
					ELSE '#' || repeat(lpad(to_hex(112 + CASE WHEN n_levels > 2 THEN (80 * (l.level - 2)) / (n_levels - 2)
															   ELSE 80 END), 2, '0'), 3) END AS colour,
			   CASE WHEN graded THEN g.reward_amount WHEN l.level = 1 THEN sc.reward_amount END AS amount,
			   coalesce(g.head_share, sc.head_share) AS head_share
		  FROM generate_series(1, n_levels) l (level)
		  LEFT JOIN kpi.grade g ON g.scheme_id = notice_html.scheme_id AND g.level = l.level
	), top AS (
		SELECT max(r.total) AS top_total FROM r
	), counted AS (
		SELECT '评出' || string_agg(format('%s单位%s个', lv.label, coalesce(k.units, 0)), '、' ORDER BY lv.level) AS counts,
			   string_agg(format('<i style="background:%s"></i>%s', lv.colour, lv.label), '' ORDER BY lv.level) AS legend
		  FROM lv
		  LEFT JOIN (SELECT r.level, count(*) AS units FROM r GROUP BY r.level) k ON k.level = lv.level
	), g AS (
		SELECT r.group_code, kpi.html_escape(coalesce(min(ug.title), r.group_code)) AS title,
			   row_number() OVER (ORDER BY r.group_code COLLATE "C") AS n, count(*) AS units
		  FROM r
		  LEFT JOIN kpi.unit_group ug ON ug.scheme_id = notice_html.scheme_id AND ug.group_code = r.group_code
		 GROUP BY r.group_code
	),
	-- 一、考核结果: per group the units of each level, in rank order
	names AS (
		SELECT r.group_code, r.level,
			   string_agg(kpi.html_escape(r.unit_name)
						  || CASE WHEN r.vetoed THEN '（一票否决）' ELSE '' END
						  || CASE WHEN r.downgraded THEN '（降级评定）' ELSE '' END
						  || CASE WHEN NOT r.complete THEN '（评分数据不全）' ELSE '' END,
						  '、' ORDER BY r.i) AS units
		  FROM r GROUP BY r.group_code, r.level
	), lines AS (
		SELECT g.n, g.title,
			   string_agg(format('<p class="tier %s"><span class="tier-label">%s单位：</span>%s。</p>',
								 lv.class, lv.label, coalesce(names.units, '无')), E'\n' ORDER BY lv.level) AS lines
		  FROM g
		 CROSS JOIN lv
		  LEFT JOIN names ON names.group_code = g.group_code AND names.level = lv.level
		 GROUP BY g.n, g.title
	), sec_results AS (
		SELECT string_agg(format(E'<section class="group">\n<h3>（%s）%s</h3>\n%s\n</section>',
								 coalesce(numerals[l.n], l.n::text), l.title, l.lines), E'\n' ORDER BY l.n) AS html
		  FROM lines l
	),
	-- 二、奖励: a row per person, the unit's name spanning its rows; the
	-- lead names each level that has rewarded units, with its amount and
	-- split
	w AS (
		SELECT w.unit_code, w.person, w.role, w.amount,
			   coalesce(r.unit_name, w.unit_code) AS unit_name, r.group_code, r.rank, r.level,
			   row_number() OVER (PARTITION BY w.unit_code ORDER BY w.role = 'staff', w.person COLLATE "C") AS i,
			   count(*) OVER (PARTITION BY w.unit_code) AS n
		  FROM kpi.reward w
		  LEFT JOIN r ON r.unit_code = w.unit_code
		 WHERE w.scheme_id = notice_html.scheme_id
	), sec_rewards AS (
		SELECT format(E'<table class="rewards">\n<thead><tr><th>单位</th><th>姓名</th><th>身份</th><th class="num">金额（元）</th></tr></thead>\n<tbody>\n%s\n</tbody>\n<tfoot><tr><td colspan="3">合计</td><td class="num">%s</td></tr></tfoot>\n</table>',
					  string_agg(format('<tr>%s<td>%s</td><td>%s</td><td class="num">%s</td></tr>',
										CASE WHEN w.i = 1 THEN format('<td rowspan="%s">%s</td>', w.n, kpi.html_escape(w.unit_name)) ELSE '' END,
										coalesce(kpi.html_escape(w.person), '（单位）'),
										CASE w.role WHEN 'head' THEN '主要负责人' WHEN 'staff' THEN '工作人员'
											 ELSE coalesce(kpi.html_escape(w.role), '') END,
										round(w.amount, 2)),
								 E'\n' ORDER BY w.group_code COLLATE "C", w.rank, w.unit_code COLLATE "C", w.i),
					  round(sum(w.amount), 2)) AS html
		  FROM w
		HAVING count(*) > 0
	), sec_reward_lead AS (
		SELECT string_agg(format('对%s单位各奖励人民币%s元，其中%s%%奖给主要负责人，%s%%奖给工作人员',
								 lv.label, round(lv.amount, 2), trim_scale(lv.head_share * 100),
								 trim_scale((1 - lv.head_share) * 100)), '；' ORDER BY lv.level)
			   || CASE WHEN count(*) > 1 THEN '。明细如下：' ELSE '，明细如下：' END AS html
		  FROM lv
		 WHERE lv.amount IS NOT NULL AND EXISTS (SELECT 1 FROM w WHERE w.level = lv.level)
	),
	-- 三、相关处理: a row per consequence and unit, its persons listed
	c AS (
		SELECT c.consequence, c.unit_code, coalesce(min(r.unit_name), c.unit_code) AS unit_name,
			   min(r.group_code) AS group_code, min(r.rank) AS rank,
			   bool_or(c.person IS NULL) AS whole_unit,
			   string_agg(kpi.html_escape(c.person), '、' ORDER BY c.person COLLATE "C") AS persons
		  FROM kpi.consequence c
		  LEFT JOIN r ON r.unit_code = c.unit_code
		 WHERE c.scheme_id = notice_html.scheme_id
		 GROUP BY c.consequence, c.unit_code
	), sec_consequences AS (
		SELECT format(E'<table class="consequences">\n<thead><tr><th>处理</th><th>单位</th><th>人员</th></tr></thead>\n<tbody>\n%s\n</tbody>\n</table>',
					  string_agg(format('<tr><td>%s</td><td>%s</td><td>%s</td></tr>',
										kpi.html_escape(c.consequence), kpi.html_escape(c.unit_name),
										concat_ws('；', CASE WHEN c.whole_unit THEN '（单位）' END, c.persons)),
								 E'\n' ORDER BY coalesce(array_position(ARRAY['通报表彰', '通报批评', '当年不得参加公务员评优和系统评先',
																			   '确定为不称职公务员', '年底不能评优评先'], c.consequence), 99),
											 c.consequence COLLATE "C", c.group_code COLLATE "C", c.rank, c.unit_code COLLATE "C")) AS html
		  FROM c
		HAVING count(*) > 0
	),
	-- 附件: per group its scores and a chart of its totals, bars scaled to
	-- the scheme's highest total so groups compare
	per_group AS (
		SELECT r.group_code,
			   string_agg(format('<tr><td class="num">%s</td><td>%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td>%s</td><td>%s</td></tr>',
								 r.rank, kpi.html_escape(r.unit_name), round(r.content, 2), round(r.ratings, 2),
								 round(r.bonus, 2), round(r.deduction, 2), round(r.total, 2), kpi.html_escape(r.tier_label),
								 concat_ws('；', CASE WHEN r.vetoed THEN '一票否决' END, CASE WHEN r.downgraded THEN '降级评定' END,
										   CASE WHEN NOT r.complete THEN '评分数据不全' END)),
						  E'\n' ORDER BY r.i) AS table_rows,
			   string_agg(format('<g class="bar%s"><text class="label" x="%s" y="%s">%s</text>'
								 '<rect x="%s" y="%s" width="%s" height="%s"%s/>'
								 '<text class="value" x="%s" y="%s">%s</text></g>',
								 coalesce(' ' || lv.class, ''),
								 label_w - 8, (r.i - 1) * row_h + 4 + row_h / 2 + 5, kpi.html_escape(r.unit_name),
								 label_w, (r.i - 1) * row_h + 8, b.len, row_h - 10,
								 CASE WHEN n_levels <> 3 THEN format(' fill="%s"', lv.colour) ELSE '' END,
								 label_w + b.len + 6, (r.i - 1) * row_h + 4 + row_h / 2 + 5, round(r.total, 2)),
						  E'\n' ORDER BY r.i) AS bars
		  FROM r CROSS JOIN top
		  LEFT JOIN lv ON lv.level = r.level
		 CROSS JOIN LATERAL (SELECT CASE WHEN top.top_total > 0
										 THEN round(greatest(coalesce(r.total, 0), 0) * bar_w / top.top_total, 2)
										 ELSE 0 END AS len) b
		 GROUP BY r.group_code
	), sec_annex AS (
		SELECT string_agg(format(
			E'<section class="group annex-group">\n<h3>（%s）%s</h3>\n'
			'<table class="scores">\n<thead><tr><th class="num">名次</th><th>单位</th><th class="num">内容得分</th><th class="num">评价得分</th>'
			'<th class="num">创新加分</th><th class="num">上级扣分</th><th class="num">总分</th><th>档次</th><th>备注</th></tr></thead>\n<tbody>\n%s\n</tbody>\n</table>\n'
			'<figure>\n<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-label="%s考核总分">\n'
			'<line class="axis" x1="%s" y1="0" x2="%s" y2="%s"/>\n%s\n</svg>\n'
			'<figcaption>图%s　%s考核总分（条长按全部单位最高总分%s分折算）</figcaption>\n</figure>\n</section>',
			coalesce(numerals[g.n], g.n::text), g.title, x.table_rows,
			label_w + bar_w + 70, g.units * row_h + 8, label_w + bar_w + 70, g.units * row_h + 8, g.title,
			label_w, label_w, g.units * row_h + 8, x.bars,
			g.n, g.title, round(top.top_total, 2)), E'\n' ORDER BY g.n) AS html
		  FROM g JOIN per_group x ON x.group_code = g.group_code CROSS JOIN top
	)
	SELECT ct.counts, ct.legend, sr.html, rl.html, sw.html, sq.html, sa.html
	  INTO counts, legend, results, reward_lead, rewards, consequences, annex
	  FROM counted ct CROSS JOIN sec_results sr CROSS JOIN sec_annex sa CROSS JOIN sec_reward_lead rl
	  LEFT JOIN sec_rewards sw ON true LEFT JOIN sec_consequences sq ON true;

	-- 附件2: each unit's total, rank and grade beside last year's
	-- (kpi_report.year_over_year, of the rows the caller sees), when some
	-- unit took part in a scheme of the year before
	SELECT string_agg(format('<tr><td>%s</td><td>%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td>'
							 '<td class="num">%s</td><td class="num">%s</td><td>%s</td><td>%s</td></tr>',
							 kpi.html_escape(y."组别"), kpi.html_escape(y."单位"), round(y."本年", 2),
							 coalesce(round(y."上年", 2)::text, '—'),
							 coalesce(CASE WHEN y."变化" > 0 THEN '+' ELSE '' END || round(y."变化", 2)::text, '—'),
							 y."名次", coalesce(y."上年名次"::text, '—'),
							 kpi.html_escape(y."档次"), coalesce(kpi.html_escape(y."上年档次"), '—')),
					  E'\n' ORDER BY y."组别编码" COLLATE "C", y."名次", y."单位编码" COLLATE "C")
	  INTO compared
	  FROM kpi_report.year_over_year y
	 WHERE y."方案" = notice_html.scheme_id AND y."行类型" = '总分'
	HAVING count(y."上年方案") > 0;

	RETURN concat_ws(E'\n',
		'<!DOCTYPE html>',
		'<html lang="zh-CN">',
		'<head>',
		'<meta charset="utf-8">',
		format('<title>关于%s结果的通报</title>', name),
		'<style>',
		-- GB/T 9704: A4, 版心 156 mm × 225 mm (天头 37 mm, 订口 28 mm)
		'@page { size: A4; margin: 37mm 26mm 35mm 28mm;',
		'  @bottom-center { content: "— " counter(page) " —"; font-family: "Noto Serif CJK SC", serif; font-size: 11pt; } }',
		'html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }',
		'body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif;',
		'  font-size: 14pt; line-height: 1.75; color: #000; margin: 0 auto; max-width: 156mm; }',
		'@media screen { body { padding: 12mm 0; } }',
		'h1, h2, h3, .banner, th, figcaption, .tier-label { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }',
		'.banner { text-align: center; color: #d00000; }',
		'.banner .issuer { font-size: 30pt; font-weight: bold; letter-spacing: 0.12em; line-height: 1.3; }',
		'.banner .docno { color: #000; font-family: "Noto Serif CJK SC", serif; font-size: 14pt; margin-top: 6mm; }',
		'.banner hr { border: 0; border-top: 2px solid #d00000; margin: 3mm 0 8mm; }',
		'h1 { text-align: center; color: #d00000; font-size: 20pt; line-height: 1.5; margin: 0 0 6mm; }',
		'h2 { font-size: 15pt; margin: 5mm 0 1mm; break-after: avoid; page-break-after: avoid; }',
		'h3 { font-size: 14pt; font-weight: normal; margin: 2mm 0 0; break-after: avoid; page-break-after: avoid; }',
		'p { margin: 0; text-indent: 2em; text-align: justify; }',
		'p.addressees, p.tier { text-indent: 0; }',
		'p.tier { padding-left: 2em; }',
		'.tier-label { font-weight: bold; }',
		'.group { break-inside: avoid; page-break-inside: avoid; }',
		'table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm; font-size: 10.5pt; line-height: 1.45; }',
		'th, td { border: 0.75pt solid #000; padding: 1mm 1.5mm; }',
		'th { background: #eee; font-weight: bold; }',
		'.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }',
		'thead { display: table-header-group; } tfoot { display: table-footer-group; }',
		'tr { break-inside: avoid; page-break-inside: avoid; }',
		'tfoot td { font-weight: bold; }',
		'table.scores { font-size: 9.5pt; } table.scores th, table.scores td { white-space: nowrap; padding: 1mm 1.2mm; }',
		'table.scores td:last-child { white-space: normal; min-width: 4.5em; }',
		'table.consequences td:first-child, table.consequences td:nth-child(2) { white-space: nowrap; }',
		'.sign { width: fit-content; margin: 12mm 4em 0 auto; text-align: center; break-inside: avoid; page-break-inside: avoid; }',
		'.sign .draft { color: #d00000; }',
		'.annex { break-before: page; page-break-before: always; }',
		'.annex .annex-no { font-family: "Noto Sans CJK SC", sans-serif; font-size: 14pt; }',
		'.annex h1 { color: #000; font-size: 16pt; }',
		'figure { margin: 1mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }',
		'figcaption { text-align: center; font-size: 10pt; }',
		'svg.chart { display: block; width: 100%; height: auto; font-size: 12px; }',
		'svg .label { text-anchor: end; font-family: "Noto Sans CJK SC", sans-serif; }',
		'svg .value { font-family: "Noto Sans CJK SC", sans-serif; }',
		'svg .axis { stroke: #000; stroke-width: 1; }',
		'svg .tier-outstanding rect { fill: #c00000; } svg .tier-good rect { fill: #707070; } svg .tier-poor rect { fill: #c0c0c0; }',
		'.legend { font-size: 10pt; text-align: center; text-indent: 0; }',
		'.legend i { display: inline-block; width: 1em; height: 0.7em; margin: 0 0.3em 0 1em; }',
		'.draft-box { border: 1.5pt solid #d00000; color: #d00000; padding: 2mm 3mm; margin-bottom: 6mm; text-indent: 0; font-size: 12pt; }',
		-- a draft says so at the top of every page (in the margin, where
		-- it neither hides nor interleaves with the text)
		CASE WHEN published IS NULL THEN
			'@page { @top-right { content: "草稿 · 未发布"; color: #d00000; font-family: "Noto Sans CJK SC", sans-serif; font-size: 11pt; } }'
		END,
		'</style>',
		'</head>',
		'<body>',
		CASE WHEN published IS NULL THEN
			'<p class="draft-box">草稿：本考核结果尚未发布（未经 kpi.finalize 定稿），以下为当前计算结果，仅供核对，不得作为正式通报印发。</p>'
		END,
		'<header class="banner">',
		format('<div class="issuer">%s</div>', office),
		CASE WHEN nullif(btrim(doc_number), '') IS NOT NULL
			 THEN format('<div class="docno">%s</div>', kpi.html_escape(btrim(doc_number))) END,
		'<hr>',
		'</header>',
		format('<h1>关于%s结果的通报</h1>', name),
		format('<p class="addressees">%s：</p>', coalesce(addressees || '各单位', '各单位')),
		CASE WHEN results IS NULL THEN
			format('<p>按照《%s办法》，%s年度目标管理考核尚无考核结果，待考核完成后另行通报。</p>', name, sc.year)
		ELSE
			format('<p>按照《%s办法》的规定，考核领导小组对各单位%s年度工作目标完成情况进行了全面考核，'
				   '综合内容考核、评价、创新加分和上级扣分，按组别排名，%s。现将考核结果通报如下：</p>', name, sc.year, counts)
		END,
		CASE WHEN results IS NOT NULL THEN concat_ws(E'\n',
			'<h2>一、考核结果</h2>',
			results,
			'<h2>二、奖励</h2>',
			CASE WHEN rewards IS NULL THEN '<p>本年度无获得奖励的单位。</p>'
			ELSE format('<p>%s</p>', coalesce(reward_lead, '明细如下：')) || E'\n' || rewards END,
			'<h2>三、相关处理</h2>',
			CASE WHEN consequences IS NULL THEN '<p>本年度无相关处理事项。</p>'
			ELSE '<p>根据考核办法，对下列单位和人员作如下处理：</p>' || E'\n' || consequences END,
			format('<p>希望受到表彰的单位珍惜荣誉、再接再厉；%s的单位要认真查找差距，切实整改，确保各项工作目标全面完成。</p>', worst),
			CASE WHEN compared IS NULL THEN '<p class="attachment">附件：各单位考核得分情况</p>'
				 ELSE '<p class="attachment">附件：1. 各单位考核得分情况<br>2. 与上年考核结果对比</p>' END) END,
		'<div class="sign">',
		format('<div>%s</div>', office),
		format('<div>%s%s年%s月%s日</div>', CASE WHEN published IS NULL THEN '<span class="draft">（草稿）</span>' ELSE '' END,
			   extract(year FROM dated)::int, extract(month FROM dated)::int, extract(day FROM dated)::int),
		'</div>',
		CASE WHEN annex IS NOT NULL THEN concat_ws(E'\n',
			'<section class="annex">',
			CASE WHEN compared IS NULL THEN '<div class="annex-no">附件</div>' ELSE '<div class="annex-no">附件1</div>' END,
			'<h1>各单位考核得分情况</h1>',
			format('<p class="legend">图例：%s</p>', legend),
			annex,
			'</section>') END,
		CASE WHEN compared IS NOT NULL THEN concat_ws(E'\n',
			'<section class="annex">',
			'<div class="annex-no">附件2</div>',
			'<h1>与上年考核结果对比</h1>',
			'<table class="scores compared">',
			'<thead><tr><th>组别</th><th>单位</th><th class="num">总分</th><th class="num">上年总分</th><th class="num">变化</th>'
			'<th class="num">名次</th><th class="num">上年名次</th><th>档次</th><th>上年档次</th></tr></thead>',
			'<tbody>', compared, '</tbody>',
			'</table>',
			'<p class="legend">上年：同一单位参加的上一年度考核方案；“—”：该单位上年未参加考核。</p>',
			'</section>') END,
		'</body>',
		'</html>') || E'\n';
END
$$;
COMMENT ON FUNCTION kpi.notice_html(text, text, text) IS
	'The 通报 of a scheme as a printable HTML document (A4), from the rows of kpi.result, kpi.reward and kpi.consequence the caller sees';
